"""Shell completion: `teamboard completion SHELL` prints the script, and `answer` replies
to the shell's requests (the parameter types in teamboard.cli.params say what to offer)."""

from __future__ import annotations

import sys

import click
from click.shell_completion import get_completion_class, shell_complete

from teamboard.cli.context import Session
from teamboard.cli.params import command

PROG = "teamboard"
COMPLETE_VAR = "_TEAMBOARD_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


# How to turn it on, as the README says it (\b keeps click from joining the lines).
INSTALL = """To turn completion on, once, then open a new shell:

\b
  bash (4.4 or newer), in ~/.bashrc:  eval "$(teamboard completion bash)"
  zsh, in ~/.zshrc after compinit:   eval "$(teamboard completion zsh)"
  fish:  teamboard completion fish > ~/.config/fish/completions/teamboard.fish
"""


@command("completion", "Print the shell completion script for bash, zsh or fish.", INSTALL)
@click.argument("shell", type=click.Choice(SHELLS))
def completion(session: Session, shell: str) -> int:
    complete = get_completion_class(shell)
    assert complete is not None  # the choice allows only the shells click knows
    group = click.get_current_context().find_root().command
    sys.stdout.write(complete(group, {}, PROG, COMPLETE_VAR).source())
    return 0


def answer(group: click.Command, instruction: str) -> int:
    """Answer the shell's completion request; on any trouble, offer nothing."""
    try:
        return shell_complete(group, {}, PROG, COMPLETE_VAR, instruction)
    except Exception:
        return 1
