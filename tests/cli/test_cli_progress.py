"""Signs of life on a terminal: a bar on stderr while the board is read, never when the
output goes to a program (a pipe, --json)."""

from __future__ import annotations

import os
import select
import shutil
import sys

from cli_runner import Cli

from teamboard.cli import main, progress
from teamboard.store.paths import default_cache_dir


def _on_a_terminal(argv: list[str]) -> tuple[int, str]:
    """Run the command in-process with stdout and stderr on a pseudo-terminal."""
    leader, follower = os.openpty()
    terminal = os.fdopen(follower, "w", buffering=1, encoding="utf-8")
    kept = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = terminal
    try:
        code = main(argv)
        terminal.flush()
        shown = b""
        while select.select([leader], [], [], 0.2)[0]:
            shown += os.read(leader, 65536)
    finally:
        sys.stdout, sys.stderr = kept
        terminal.close()
        os.close(leader)
    return code, shown.decode("utf-8", "replace")


def test_reading_the_board_shows_a_bar_on_a_terminal(cli: Cli, monkeypatch) -> None:
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0)
    shutil.rmtree(default_cache_dir())  # read from the files, as on a first open
    code, shown = _on_a_terminal(["list", "--board", str(cli.root)])
    assert code == 0
    assert "Reading the board" in shown and "files" in shown


def test_no_bar_for_json_or_when_the_output_is_not_a_terminal(cli: Cli, monkeypatch) -> None:
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0)
    code, shown = _on_a_terminal(["list", "--json", "--board", str(cli.root)])
    assert code == 0 and "Reading the board" not in shown
    code, out, err = cli("list")  # captured: not a terminal
    assert code == 0 and "Reading the board" not in out + err
