"""The command line for scripts: `--json` on list, members, feed and check (stable shapes,
the user's text as it is), and output piped to a file or a program is never cut."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events
from cli_runner import snapshot

from teamboard.cli import context as cli_context
from teamboard.cli import main
from teamboard.cli import reading as cli_reading

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
EXP = "benexp01"
OTHER = "caraexp1"
HOSTILE = "[bold]Kept[/] going 🎉 שלום \\u00e9 [@click=app.quit]"
LONG_TITLE = "A" + "ö" * 4998 + "Z"  # 5,000 characters, one of them at each end


def ago(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ana (manager), Ben Okafor and Cara. Ben's experiment in Practice (a practice 10 days
    ago, Cara supports it, confidence 3, Ana's praise 2 days ago), Cara's withdrawn one."""
    monkeypatch.setattr(cli_context, "utcnow", lambda: NOW)
    root = tmp_path / "board"
    b = new_board(root, "Platform Team", "ana", "Ana", at=NOW - timedelta(days=30))
    write_events(b, "ben", {"type": "member_joined", "name": "Ben Okafor", "at": ago(days=29)})
    write_events(b, "cara", {"type": "member_joined", "name": "Cara", "at": ago(days=29)})
    write_events(
        b,
        "ben",
        [
            {
                "type": "experiment_created",
                "experiment_id": EXP,
                "title": HOSTILE,
                "at": ago(days=20),
            },
            {"type": "stage_moved", "experiment_id": EXP, "to": "practice", "at": ago(days=19)},
            {
                "type": "practice_logged",
                "experiment_id": EXP,
                "entry_id": "p1",
                "on": "2026-11-17",
                "what": "tried it in a one-to-one",
                "at": ago(days=10),
            },
            {"type": "confidence_rated", "experiment_id": EXP, "value": 3, "at": ago(days=9)},
        ],
    )
    write_events(
        b,
        "cara",
        [
            {
                "type": "support_added",
                "experiment_id": EXP,
                "supporter": "cara",
                "at": ago(days=8),
            },
            {
                "type": "experiment_created",
                "experiment_id": OTHER,
                "title": "Plan the quarter",
                "at": ago(days=7),
            },
            {"type": "experiment_withdrawn", "experiment_id": OTHER, "at": ago(days=6)},
        ],
    )
    write_events(
        b,
        "ana",
        {
            "type": "praise_posted",
            "praise_id": "k1",
            "to": "ben",
            "experiment_id": EXP,
            "message": HOSTILE,
            "kind": "effort",
            "at": ago(days=2),
        },
    )
    return root


def run(capsys, root: Path, *args: str, as_: str | None = None) -> tuple[int, str, str]:
    argv = [*args, "--board", str(root)]
    if as_:
        argv += ["--as", as_]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys, root: Path, *args: str, code: int = 0, as_: str | None = None) -> dict:
    got, out, err = run(capsys, root, *args, "--json", as_=as_)
    assert (got, err) == (code, "")
    return json.loads(out)


# --- --json ---------------------------------------------------------------------------


def test_list_json(board: Path, capsys) -> None:
    data = as_json(capsys, board, "list")
    assert data == {
        "board": "Platform Team",
        "experiments": [
            {
                "id": EXP,
                "title": HOSTILE,
                "owner": {"id": "ben", "name": "Ben Okafor"},
                "stage": "practice",
                "days_in_stage": 19,
                "confidence": 3,
                "supporters": [{"id": "cara", "name": "Cara"}],
                "flags": ["check-in", "no-use"],
                "attention": ["check-in due", "no application"],
                "withdrawn": None,
            }
        ],
    }
    withdrawn = as_json(capsys, board, "list", "--withdrawn")["experiments"]
    assert [(e["id"], e["owner"]["id"], e["flags"]) for e in withdrawn] == [(OTHER, "cara", [])]
    assert withdrawn[0]["withdrawn"] == {"at": ago(days=6), "reason": ""}
    assert as_json(capsys, board, "list", "--stage", "goal")["experiments"] == []
    assert as_json(capsys, board, "list", "--member", "cara")["experiments"] == []


def test_json_holds_the_users_text_as_it_is(board: Path, capsys) -> None:
    """Not escaped to \\uXXXX, not read as markup: the bytes are UTF-8 JSON."""
    code, out, _ = run(capsys, board, "list", "--json")
    assert code == 0
    assert json.dumps(HOSTILE, ensure_ascii=False) in out
    assert "🎉 שלום" in out
    assert json.loads(out)["experiments"][0]["title"] == HOSTILE


def test_members_json(board: Path, capsys) -> None:
    assert as_json(capsys, board, "members") == {
        "board": "Platform Team",
        "members": [
            {"id": "ana", "name": "Ana", "role": "manager", "experiments": 0},
            {"id": "ben", "name": "Ben Okafor", "role": "employee", "experiments": 1},
            {"id": "cara", "name": "Cara", "role": "employee", "experiments": 0},
        ],
    }


def test_feed_json(board: Path, capsys) -> None:
    data = as_json(capsys, board, "feed")
    assert data["board"] == "Platform Team" and data["older"] == 0
    assert data["items"] == [
        {
            "kind": "praise",
            "at": ago(days=2),
            "who": "ana",
            "about": "ben",
            "experiment_id": EXP,
            "text": HOSTILE,
            "detail": "effort",
        },
        {
            "kind": "correction",
            "at": ago(days=6),
            "who": "cara",
            "about": "cara",
            "experiment_id": OTHER,
            "text": "withdrew",
            "detail": "",
        },
        {
            "kind": "milestone",
            "at": ago(days=10),
            "who": None,
            "about": "ben",
            "experiment_id": EXP,
            "text": "logged a first practice",
            "detail": "",
        },
    ]
    # The filters and --limit apply; "older" counts what --limit left out.
    limited = as_json(capsys, board, "feed", "--limit", "1")
    assert [i["kind"] for i in limited["items"]] == ["praise"] and limited["older"] == 2
    kinds = as_json(capsys, board, "feed", "--kind", "milestone")["items"]
    assert [i["kind"] for i in kinds] == ["milestone"]
    mine = as_json(capsys, board, "feed", "--about-me", as_="ben")["items"]
    assert [i["kind"] for i in mine] == ["praise", "milestone"]


def test_check_json(board: Path, capsys) -> None:
    data = as_json(capsys, board, "check")
    assert data == {
        "board": str(board.resolve()),
        "findings": [],
        "summary": {
            "members": 3,
            "experiments": 1,
            "events": 11,
            "files": 3,
            "unsigned": 0,
            "damaged": 0,
            "lost": 0,
            "ignored": 0,
            "rejected": 0,
            "ahead": 0,
            "out-of-order": 0,
        },
    }


def test_check_json_with_findings_exits_1(board: Path, capsys) -> None:
    (board / "people" / "cara.json").write_text("{")
    (board / "people" / "notes.txt.json").write_text("{}")
    data = as_json(capsys, board, "check", code=1)
    kinds = [f["kind"] for f in data["findings"]]
    assert kinds == ["damaged", "ignored"]
    assert str(board.resolve() / "people" / "cara.json") in data["findings"][0]["text"]
    assert data["summary"]["damaged"] == 1 and data["summary"]["ignored"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--json", "--member", "zed"),
        ("list", "--json", "--stage", "nowhere"),
        ("feed", "--json", "--about-me"),
        ("members", "--json", "--frob"),
    ],
)
def test_json_errors_are_one_line_on_stderr_and_nothing_on_stdout(
    board: Path, capsys, args: tuple[str, ...]
) -> None:
    before = snapshot(board)
    code, out, err = run(capsys, board, *args)
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert line.startswith("teamboard: error: ")
    assert snapshot(board) == before


# --- piped output is not cut ------------------------------------------------------------


@pytest.fixture
def long_board(board: Path) -> Path:
    from teamboard.store.folder import BoardFolder

    b = BoardFolder.open(board)
    name = "Dr. " + "Maximiliane " * 15 + "von Lang"
    write_events(b, "dora", {"type": "member_joined", "name": name, "at": ago(days=5)})
    write_events(
        b,
        "dora",
        [
            {
                "type": "experiment_created",
                "experiment_id": "doraexp1",
                "title": LONG_TITLE,
                "at": ago(days=4),
            },
            {
                "type": "support_noted",
                "experiment_id": EXP,
                "note_id": "n1",
                "text": "Happy to pair " + "again and " * 100 + "the end",
                "at": ago(days=3),
            },
        ],
    )
    return board


def test_piped_list_keeps_whole_titles_and_headers(
    long_board: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # a pipe is not cut, whatever the terminal says
    code, out, _ = run(capsys, long_board, "list")
    assert code == 0
    assert LONG_TITLE in out
    assert "Dr. " + "Maximiliane " * 15 + "von Lang" in out
    assert HOSTILE in out  # literally, never read as markup
    lines = out.splitlines()
    assert lines[0] == "Platform Team"
    header = [
        "id",
        "stage",
        "owner",
        "experiment",
        "/",
        "needs",
        "attention",
        "days",
        "conf",
        "supp",
    ]
    assert lines[1].split() == header
    # The columns after the titles start after the longest title.
    assert lines[1].index("days") > len(LONG_TITLE)
    assert all(line == line.rstrip() for line in lines)  # no padding at the ends of lines
    assert "…" not in out
    # One experiment: its first line has its id, stage, owner, title and numbers.
    (row,) = [line for line in lines if line.startswith("benexp01")]
    assert row.split()[:3] == ["benexp01", "Practice", "Ben"]
    assert row.split()[-3:] == ["19", "3", "1"]


def test_piped_feed_and_members_are_not_cut(long_board: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    name = "Dr. " + "Maximiliane " * 15 + "von Lang"
    code, out, _ = run(capsys, long_board, "feed")
    assert code == 0
    assert "Happy to pair " + "again and " * 100 + "the end" in out
    assert name in out and HOSTILE in out
    code, out, _ = run(capsys, long_board, "members")
    assert code == 0
    assert name in out and "…" not in out
    assert out.splitlines()[0].split() == ["id", "name", "role", "experiments"]


def test_a_terminal_gets_the_list_fitted_to_its_width(
    long_board: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_reading, "to_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, long_board, "list")
    assert code == 0
    assert LONG_TITLE not in out and "A" + "ö" * 20 in out and "…" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_list_through_a_real_pipe_is_not_cut(long_board: Path) -> None:
    """`teamboard list | cat`: stdout is a pipe, not a terminal."""
    result = subprocess.run(
        [sys.executable, "-m", "teamboard", "list", "--board", str(long_board)],
        capture_output=True,
        timeout=60,
        env=os.environ | {"COLUMNS": "80"},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert LONG_TITLE in out
    assert out.splitlines()[1].split()[-3:] == ["days", "conf", "supp"]


def test_commands_do_not_load_textual(board: Path) -> None:
    """Only opening the app loads textual: the commands start fast."""
    code = (
        "import sys\n"
        "from teamboard.cli import main\n"
        f"root = {str(board)!r}\n"
        "for args in (['--help'], ['list'], ['list', '--json'], ['feed'], ['check']):\n"
        "    assert main([*args, '--board', root]) in (0, 1), args\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly(
    board: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`teamboard list | head -1`: no error message, no traceback, and main returns."""

    def gone(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli_reading, "plain_table", gone)
    assert main(["list", "--board", str(board)]) == 141
    assert capsys.readouterr().err == ""
