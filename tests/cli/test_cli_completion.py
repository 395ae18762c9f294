"""Shell completion: member ids, experiment ids (titles as help) and stages come from the
board named on the command line (or TEAMBOARD_DIR, or the default board), read through this
machine's cache; a completion never prints a traceback and never writes anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Cli
from click.shell_completion import ShellComplete

from teamboard.cli import COMPLETE_VAR, cli, main
from teamboard.store.paths import default_board_dir, default_cache_dir


def files(*roots: Path) -> dict[str, bytes]:
    """Every file under these folders (lock files too: a completion takes no lock)."""
    return {
        str(p): p.read_bytes()
        for root in roots
        if root.exists()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def complete(args: list[str], incomplete: str = "") -> list[tuple[str, str | None]]:
    """What the shell is offered after `teamboard ARGS INCOMPLETE<TAB>`: (value, help)."""
    items = ShellComplete(cli, {}, "teamboard", COMPLETE_VAR).get_completions(args, incomplete)
    return [(item.value, item.help) for item in items]


def values(args: list[str], incomplete: str = "") -> list[str]:
    return [value for value, _ in complete(args, incomplete)]


@pytest.fixture
def board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Ana (manager), Ben Okafor and Cara; Ben's two experiments, one of them withdrawn."""
    root = tmp_path / "board"
    assert main(["init", str(root), "--name", "Team", "--as", "ana", "--my-name", "Ana"]) == 0
    for who, name in (("ben", "Ben Okafor"), ("cara", "Cara")):
        assert main(["join", "--name", name, "--board", str(root), "--as", who]) == 0
    for title in ("Give feedback that lands", "Run calmer retros"):
        assert main(["add", title, "--board", str(root), "--as", "ben"]) == 0
    capsys.readouterr()
    return root


def experiment_ids(root: Path) -> dict[str, str]:
    from teamboard.store.folder import BoardFolder

    state = BoardFolder.open(root).load().state
    return {e.title: e.id for e in state.experiments.values()}


def test_member_ids_complete_with_names_as_help(board: Path) -> None:
    b = ["--board", str(board)]
    assert complete(["praise", *b]) == [("ana", "Ana"), ("ben", "Ben Okafor"), ("cara", "Cara")]
    assert values(["praise", *b], "b") == ["ben"]
    assert values(["role", *b], "c") == ["cara"]
    assert values(["list", *b, "--member"]) == ["ana", "ben", "cara"]
    assert values(["support", *b, "x", "--member"], "a") == ["ana"]
    # --board given before the command counts too, and so does --as.
    assert values([*b, "feed", "--member"], "a") == ["ana"]
    assert values(["add", *b, "--as"], "") == ["ana", "ben", "cara"]


def test_experiment_ids_complete_with_titles_as_help(board: Path) -> None:
    ids = experiment_ids(board)
    feedback, retros = ids["Give feedback that lands"], ids["Run calmer retros"]
    b = ["--board", str(board)]
    offered = complete(["move", *b])
    assert sorted(offered) == sorted(
        [(feedback[:8], "Give feedback that lands"), (retros[:8], "Run calmer retros")]
    )
    # Only the ids that start with what is typed; any command that names an experiment.
    assert values(["practice", *b], feedback[:3]) == [feedback[:8]]
    assert values(["praise", *b, "ben", "well done", "--about"], retros[:4]) == [retros[:8]]
    # Typed beyond the short id, the whole id is offered.
    assert values(["show", *b], feedback[:10]) == [feedback]
    assert values(["note", *b], "zzzz") == []


def test_withdrawn_experiments_complete_for_restore_only(board: Path) -> None:
    ids = experiment_ids(board)
    retros = ids["Run calmer retros"]
    b = ["--board", str(board), "--as", "ben"]
    assert main(["withdraw", retros, *b]) == 0
    assert values(["restore", *b]) == [retros[:8]]
    assert retros[:8] not in values(["move", *b])
    assert retros[:8] in values(["show", *b])  # show names any experiment


def test_stages_complete(board: Path) -> None:
    ref = next(iter(experiment_ids(board).values()))[:8]
    b = ["--board", str(board)]
    assert complete(["move", *b, ref]) == [
        ("goal", "Goal"),
        ("practice", "Practice"),
        ("reflection", "Reflection"),
        ("success", "Success"),
        ("next", "one stage forward"),
        ("back", "one stage back"),
    ]
    assert values(["move", *b, ref], "p") == ["practice"]
    assert values(["list", *b, "--stage"]) == ["goal", "practice", "reflection", "success"]
    # Choices and commands complete too.
    assert values(["feed", "--kind"], "su") == ["support-note", "support", "support-request"]
    assert "take-back" in values([], "ta")


def test_completion_reads_the_board_from_the_environment_or_the_default(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("TEAMBOARD_DIR", str(board))
    assert values(["praise"], "c") == ["cara"]
    monkeypatch.delenv("TEAMBOARD_DIR")
    assert values(["praise"]) == []  # no default board yet: nothing, and no error
    assert main(["init", "--name", "Mine", "--as", "zed"]) == 0
    capsys.readouterr()
    assert (default_board_dir() / "board.json").exists()
    assert values(["praise"]) == ["zed"]


def test_completion_writes_nothing_not_even_the_cache(board: Path) -> None:
    cache = default_cache_dir()
    before = files(board, cache)
    assert any(default_cache_dir().glob("*.pickle"))  # the board is kept in the cache
    for args in (["praise"], ["move"], ["show"], ["list", "--member"]):
        assert complete([*args[:1], "--board", str(board), *args[1:]])
    assert files(board, cache) == before


@pytest.mark.parametrize("damage", ["no board", "not a board", "a damaged file", "a bad cache"])
def test_completion_on_a_broken_board_offers_what_it_can_and_never_fails(
    board: Path, tmp_path: Path, damage: str
) -> None:
    root = board
    if damage == "no board":
        root = tmp_path / "nowhere"
    elif damage == "not a board":
        (board / "board.json").write_text("{not json")
    elif damage == "a damaged file":
        (board / "people" / "ben.json").write_text("{")
    else:
        main(["list", "--board", str(board)])  # leaves the cache
        for cached in default_cache_dir().glob("board-*.pickle"):
            cached.write_bytes(b"not a pickle")
    offered = values(["praise", "--board", str(root)])
    if damage == "a damaged file":
        assert offered == ["ana", "cara"]  # Ben's file cannot be read: the rest can
    elif damage == "a bad cache":
        assert offered == ["ana", "ben", "cara"]
    else:
        assert offered == []


def test_completion_from_a_real_shell_request(board: Path) -> None:
    """What bash's completion script does: run teamboard with the request in the
    environment. Nothing on stderr, nothing written, even for a board that is not there."""
    ids = experiment_ids(board)
    before = files(board)
    env = os.environ | {
        COMPLETE_VAR: "bash_complete",
        "COMP_WORDS": f"teamboard move --board {board} ",
        "COMP_CWORD": "4",
    }
    run = subprocess.run(
        [sys.executable, "-m", "teamboard"], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0 and run.stderr == ""
    assert sorted(run.stdout.split()) == sorted(f"plain,{i[:8]}" for i in ids.values())

    env |= {COMPLETE_VAR: "zsh_complete", "COMP_WORDS": "teamboard praise --board /nowhere "}
    run = subprocess.run(
        [sys.executable, "-m", "teamboard"], env=env, capture_output=True, text=True, timeout=60
    )
    assert (run.returncode, run.stdout.strip(), run.stderr) == (0, "", "")
    assert files(board) == before


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_script_for_each_shell(shell: str, capsys) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert f"{COMPLETE_VAR}={shell}_complete" in script
    assert "teamboard" in script


def test_completion_for_an_unknown_shell_is_one_line(capsys) -> None:
    assert main(["completion", "tcsh"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("teamboard: error: ") and "'tcsh' is not one of" in line


def test_completion_reads_the_board_through_the_cache(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from teamboard.cli import params as cli_params
    from teamboard.store.live import LiveBoard

    opened: list[LiveBoard] = []

    class Spy(LiveBoard):
        def open(self):  # type: ignore[override]
            opened.append(self)
            return super().open()

    monkeypatch.setattr(cli_params, "LiveBoard", Spy)
    assert values(["praise", "--board", str(board)]) == ["ana", "ben", "cara"]
    (live,) = opened
    assert live.cache_used  # (files changed within the last 2 s are read again)


def test_completion_help_says_how_to_turn_it_on(cli: Cli) -> None:
    help_text = cli.ok("completion", "--help", as_=None)
    assert 'eval "$(teamboard completion bash)"' in help_text
    assert 'eval "$(teamboard completion zsh)"' in help_text
    assert "teamboard completion fish > ~/.config/fish/completions/teamboard.fish" in help_text
