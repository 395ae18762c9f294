"""Who is acting (--as, TEAMBOARD_USER, then the choice the app remembered for the board),
the newcomer's first steps (no board yet; `init` without a folder), and usage errors: one
line, exit 2, a hint to --help, nothing written, and `main` never exits the process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import snapshot

from teamboard.cli import main
from teamboard.store import local
from teamboard.store.folder import BoardFolder
from teamboard.store.paths import default_board_dir


def one_error_line(capsys) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith("teamboard: error: ")
    return line


@pytest.fixture
def board(tmp_path: Path, capsys) -> Path:
    root = tmp_path / "board"
    assert main(["init", str(root), "--name", "Team", "--as", "ana", "--my-name", "Ana"]) == 0
    assert main(["join", "--name", "Ben", "--board", str(root), "--as", "ben"]) == 0
    capsys.readouterr()
    return root


def owners(root: Path) -> dict[str, str]:
    state = BoardFolder.open(root).load().state
    return {e.title: e.owner for e in state.experiments.values()}


# --- identity -------------------------------------------------------------------------


def test_the_identity_the_app_remembered_is_used_without_as(board: Path, capsys) -> None:
    local.remember_member(board, "ben")  # as the app does when Ben picks himself
    assert main(["add", "Remembered", "--board", str(board)]) == 0
    assert "Added experiment" in capsys.readouterr().out
    assert owners(board) == {"Remembered": "ben"}
    # Every command that needs to know who I am: --about-me too.
    assert main(["feed", "--about-me", "--board", str(board)]) == 0


def test_as_then_the_environment_win_over_the_remembered_identity(
    board: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    local.remember_member(board, "ben")
    monkeypatch.setenv("TEAMBOARD_USER", "ana")
    assert main(["add", "From the environment", "--board", str(board)]) == 0
    assert main(["add", "From --as", "--board", str(board), "--as", "ben"]) == 0
    assert owners(board) == {"From the environment": "ana", "From --as": "ben"}


def test_an_identity_remembered_for_another_board_is_not_used(
    board: Path, tmp_path: Path, capsys
) -> None:
    local.remember_member(tmp_path / "elsewhere", "ben")
    before = snapshot(board)
    assert main(["add", "Whose?", "--board", str(board)]) == 2
    line = one_error_line(capsys)
    assert "who are you?" in line and "--as MEMBER" in line and "TEAMBOARD_USER" in line
    assert snapshot(board) == before


def test_a_remembered_identity_that_is_not_a_member_is_refused(board: Path, capsys) -> None:
    local.remember_member(board, "zed")
    before = snapshot(board)
    assert main(["add", "Whose?", "--board", str(board)]) == 2
    assert "'zed' is not a member" in one_error_line(capsys)
    assert snapshot(board) == before


# --- the newcomer -----------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["list"], ["add", "My first"], ["check"], ["members"]])
def test_no_board_yet_says_the_one_command_to_start(args: list[str], capsys) -> None:
    """`teamboard` (or any command) before there is a board: one line naming `init`."""
    assert main(args) == 2
    line = one_error_line(capsys)
    assert str(default_board_dir()) in line
    assert "teamboard init --name" in line and "--as " in line and "teamboard demo" in line
    assert not default_board_dir().exists()


def test_the_app_is_not_loaded_when_there_is_no_board(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from teamboard.cli import main\n"
        "assert main([]) == 2\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("teamboard: error: there is no board in ")


def test_init_without_a_folder_makes_the_default_board_and_says_where(capsys) -> None:
    assert main(["init", "--name", "My team", "--as", "ana"]) == 0
    out = capsys.readouterr().out
    root = default_board_dir()
    assert (root / "board.json").exists()
    assert str(root.resolve()) in out and "first manager" in out and "'teamboard'" in out
    # From now on, the commands find it with no --board.
    assert main(["add", "First", "--as", "ana"]) == 0
    assert owners(root) == {"First": "ana"}


def test_init_without_a_folder_uses_teamboard_dir(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEAMBOARD_DIR", str(tmp_path / "team"))
    assert main(["init", "--name", "Team", "--as", "ana"]) == 0
    assert (tmp_path / "team" / "board.json").exists()


def test_init_needs_to_know_who_you_are(capsys) -> None:
    assert main(["init", "--name", "Team"]) == 2
    assert "who are you?" in one_error_line(capsys)
    assert not default_board_dir().exists()


# --- usage errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words", "where"),
    [
        (["list", "--frob"], "no such option", "teamboard list --help"),
        (["--frob"], "no such option", "teamboard --help"),
        (["add"], "missing argument 'TITLE'", "teamboard add --help"),
        (["move", "abcd"], "missing argument 'STAGE'", "teamboard move --help"),
        (["join"], "missing option '--name'", "teamboard join --help"),
        (["role", "ben", "boss"], "'boss' is not one of", "teamboard role --help"),
        (["list", "--stage", "done"], "'done' is not one of", "teamboard list --help"),
        (["note", "abcd", "hi", "extra"], "unexpected extra argument", "teamboard note --help"),
        (["feed", "--limit", "0"], "not a whole number", "teamboard feed --help"),
        (["practice", "abcd", "x", "--on", "soon"], "not a date", "teamboard practice --help"),
        (["praise", "Not An Id!", "hi"], "member id", "teamboard praise --help"),
        (["frobnicate"], "no such command 'frobnicate'", "teamboard --help"),
    ],
)
def test_usage_errors_are_one_line_with_a_hint_to_help(
    board: Path, capsys, args: list[str], words: str, where: str
) -> None:
    before = snapshot(board)
    assert main([*args, "--board", str(board), "--as", "ana"]) == 2
    line = one_error_line(capsys)
    assert words in line, line
    assert line.endswith(f"(see '{where}')"), line
    assert snapshot(board) == before


def test_help_and_version_return_0_without_exiting(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage: teamboard" in out and "completion" in out
    assert main(["add", "-h"]) == 0
    assert "--why-me" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("teamboard ")


def test_revise_takes_an_optional_reflection_id(board: Path, capsys) -> None:
    b = ["--board", str(board), "--as", "ben"]
    assert main(["add", "Calm retros", *b]) == 0
    (exp,) = BoardFolder.open(board).load().state.experiments
    assert main(["reflect", exp, "--wanted", "calm", *b]) == 0
    assert main(["reflect", exp, "--wanted", "quiet", *b]) == 0
    first, _ = BoardFolder.open(board).load().state.experiments[exp].reflections
    assert main(["reflect", exp, "--revise", first.id[:8], "--did", "timebox", *b]) == 0
    assert main(["reflect", exp, "--did", "stood up", "--revise", *b]) == 0
    one, two = BoardFolder.open(board).load().state.experiments[exp].reflections
    assert (one.wanted, one.did) == ("calm", "timebox")
    assert (two.wanted, two.did) == ("quiet", "stood up")
