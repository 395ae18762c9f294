"""The command line: every board action as a scriptable command over the same rules.

Built on click. An error is one line on stderr and exit code 2, and nothing is written:
each command checks its event against the rules through the one write path
(LiveBoard.perform) before anything is written. `main(argv)` returns the exit code and
never exits the process itself (click runs with `standalone_mode=False`).

Shell completion (member ids, experiment ids, stages) reads the board through this
machine's cache and writes nothing; `teamboard completion SHELL` prints the script.

The modules, each with one job:

- `output`: printing: one line, tables for a terminal or a pipe, JSON;
- `context`: the board and who is acting (`Session`, from --board and --as), the board
  as the app sees it, the one write path, the errors and exit codes, the clock;
- `params`: parameter types, shell completion, the options every command takes, and
  `command`, which makes a typed function (the Session, then click's parameters by name)
  a click command;
- the commands: `writing` (what changes the board), `reading` (list, show, members, feed,
  insights, check), `standup`, `keys` (key show, key confirm), `sharing` (export, import,
  story, sync, merge-file),
  `opening` (the app, demo, serve) and `completion`.

How the commands join the group, without an import cycle: a command module makes its
commands and knows nothing of the group; this module, which imports them all, adds them to
the group in the order `teamboard --help` lists them. Nothing under teamboard.cli imports
this module.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

import click

from teamboard import __version__
from teamboard.cli import keys, opening, reading, sharing, showing, standup, writing
from teamboard.cli.completion import COMPLETE_VAR, PROG, answer, completion
from teamboard.cli.context import EXIT_READER_GONE, EXIT_USAGE, InputError, ReaderGone, Session
from teamboard.cli.output import one_line
from teamboard.cli.params import common_options
from teamboard.domain.state import Refused
from teamboard.store.folder import StoreError

__all__ = ["COMPLETE_VAR", "cli", "main"]


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they are added, not alphabetical


@click.group(
    cls=_Group,
    name=PROG,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="A team's learning experiments, from Goal to Success. With no command, opens the board.",
)
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
@click.option(
    "--ask-who",
    is_flag=True,
    help=(
        "Ask who you are, whatever $TEAMBOARD_USER or the remembered choice say, and "
        "remember nothing (how 'teamboard serve' opens each browser session)."
    ),
)
@click.pass_context
def cli(ctx: click.Context, ask_who: bool) -> int | None:
    if ctx.invoked_subcommand is None:
        return opening.open_board(Session.of(ctx), ask_who)
    return None


cli.params.extend(common_options())

for _command in (
    writing.init,
    writing.join,
    writing.add,
    writing.edit,
    writing.move,
    writing.practice,
    writing.reflect,
    writing.confidence,
    writing.checkin,
    writing.praise,
    writing.support,
    writing.note,
    writing.role,
    keys.key,
    writing.withdraw,
    writing.restore,
    writing.take_back,
    reading.list_experiments,
    showing.show,
    reading.members,
    reading.feed,
    reading.insights,
    standup.standup,
    writing.ask_help,
    reading.check,
    sharing.export,
    sharing.import_board,
    sharing.story,
    sharing.sync_board,
    sharing.merge_file,
    opening.demo,
    opening.serve,
    completion,
):
    cli.add_command(_command)


# --- running -----------------------------------------------------------------------------


def _usage_line(error: click.UsageError) -> str:
    """click's usage error as one line, with the hint to --help."""
    message = one_line(error.format_message()).rstrip(".")
    message = message[:1].lower() + message[1:]
    where = error.ctx.command_path if error.ctx is not None else PROG
    return f"{message} (see '{where} --help')"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (never exits the process)."""
    if instruction := os.environ.get(COMPLETE_VAR):
        return answer(cli, instruction)  # the shell asks (the words are in its variables)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=args, prog_name=PROG, standalone_mode=False)
        return code if isinstance(code, int) else 0
    except click.UsageError as error:
        print(f"teamboard: error: {_usage_line(error)}", file=sys.stderr)
        return EXIT_USAGE
    except click.ClickException as error:
        print(f"teamboard: error: {one_line(error.format_message())}", file=sys.stderr)
        return EXIT_USAGE
    except (InputError, Refused, StoreError) as error:
        print(f"teamboard: error: {one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except (ReaderGone, BrokenPipeError):
        # Not an error to report: stop quietly, and let nothing else write to the pipe.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_READER_GONE
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(f"teamboard: error:{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except (click.Abort, KeyboardInterrupt):
        return 130
