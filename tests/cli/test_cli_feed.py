"""`teamboard feed` and the people-side commands, on a real board folder with a fixed clock:
what is printed, the filters, and refusals as one line with exit 2 and no file changed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events
from cli_runner import snapshot

from teamboard.cli import context as cli_context
from teamboard.cli import main
from teamboard.store.folder import BoardFolder

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
EXP = "benexp01"


def ago(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ana (manager), Ben and Cara. In the feed, newest first: Ana praises Cara's result
    (3 hours ago), Ana praises Ben's effort on his experiment (2 days ago), Cara's note on
    it (5 days ago), Ben's first practice (10 days ago)."""
    monkeypatch.setattr(cli_context, "utcnow", lambda: NOW)
    monkeypatch.setenv("COLUMNS", "160")
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
                "title": "Give feedback that lands",
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
        ],
    )
    write_events(
        b,
        "cara",
        {
            "type": "support_noted",
            "experiment_id": EXP,
            "note_id": "n1",
            "text": "Happy to pair",
            "at": ago(days=5),
        },
    )
    write_events(
        b,
        "ana",
        [
            {
                "type": "praise_posted",
                "praise_id": "k1",
                "to": "ben",
                "experiment_id": EXP,
                "message": "Brave start",
                "kind": "effort",
                "at": ago(days=2),
            },
            {
                "type": "praise_posted",
                "praise_id": "k2",
                "to": "cara",
                "message": "Thanks for the reviews",
                "kind": "result",
                "at": ago(hours=3),
            },
        ],
    )
    return root


def run(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str, as_: str | None = None
) -> tuple[int, str, str]:
    argv = [*args, "--board", str(root)]
    if as_:
        argv += ["--as", as_]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, root: Path, *args: str, as_: str | None = None) -> str:
    code, out, err = run(capsys, root, *args, as_=as_)
    assert code == 0, err
    assert err == ""
    return out


def refused(capsys, root: Path, *args: str, as_: str | None = None) -> str:
    before = snapshot(root)
    code, out, err = run(capsys, root, *args, as_=as_)
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("teamboard: error: ")
    assert out == ""
    assert snapshot(root) == before
    return lines[0]


WHEN = re.compile(r"^(just now|\d+ \w+ ago|in \d+ \w+) ")


def rows(out: str) -> list[str]:
    """The first line of each printed item (when, what, from, experiment), spaces squeezed."""
    lines = (" ".join(line.split()) for line in out.splitlines())
    return [line for line in lines if WHEN.match(line)]


def test_feed_prints_every_item_newest_first(board: Path, capsys) -> None:
    out = ok(capsys, board, "feed")
    assert out.splitlines()[0].strip() == "Platform Team: recognition feed"
    assert rows(out) == [
        "3 hours ago praise (result) Ana —",
        "2 days ago praise (effort) Ana Give feedback that lands",
        "5 days ago support note Cara Give feedback that lands",
        "1 week ago milestone (the board) Give feedback that lands",
    ]
    body = [" ".join(line.split()) for line in out.splitlines()]
    assert "→ Cara Thanks for the reviews" in body
    assert "→ Ben Okafor Brave start" in body
    assert "→ Ben Okafor Happy to pair" in body
    assert "→ Ben Okafor logged a first practice" in body
    assert "older" not in out


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("praise", ["3 hours ago praise (result)", "2 days ago praise (effort)"]),
        ("support-note", ["5 days ago support note"]),
        ("milestone", ["1 week ago milestone"]),
    ],
)
def test_feed_by_kind(board: Path, capsys, kind: str, expected: list[str]) -> None:
    out = ok(capsys, board, "feed", "--kind", kind)
    shown = rows(out)
    assert len(shown) == len(expected)
    for row, start in zip(shown, expected, strict=True):
        assert row.startswith(start), (row, start)


def test_feed_by_member_keeps_what_they_wrote_and_what_is_about_them(board: Path, capsys) -> None:
    out = ok(capsys, board, "feed", "--member", "cara")
    assert [r.split(" ago ")[1] for r in rows(out)] == [
        "praise (result) Ana —",
        "support note Cara Give feedback that lands",
    ]
    out = ok(capsys, board, "feed", "--member", "ana")
    assert len(rows(out)) == 2  # the two praise she wrote
    assert "Happy to pair" not in out


def test_feed_about_me(board: Path, capsys) -> None:
    out = ok(capsys, board, "feed", "--about-me", as_="cara")
    assert [r.split(" ago ")[0] for r in rows(out)] == ["3 hours"]
    assert "Thanks for the reviews" in out
    assert "Happy to pair" not in out  # she wrote it; it is about Ben

    out = ok(capsys, board, "feed", "--about-me", as_="ana")
    assert rows(out) == []
    assert "Nothing matches." in out


def test_feed_about_me_needs_to_know_who_i_am(board: Path, capsys) -> None:
    line = refused(capsys, board, "feed", "--about-me")
    assert "who are you?" in line


def test_feed_limit(board: Path, capsys) -> None:
    out = ok(capsys, board, "feed", "--limit", "2")
    assert [r.split(" ago ")[0] for r in rows(out)] == ["3 hours", "2 days"]
    assert out.strip().splitlines()[-1] == "… and 2 older (see --limit)"
    out = ok(capsys, board, "feed", "--limit", "4")
    assert len(rows(out)) == 4
    assert "older" not in out


def test_a_negative_limit_is_one_line_exit_2(board: Path, capsys) -> None:
    refused(capsys, board, "feed", "--limit", "-1")


def test_feed_combines_filters(board: Path, capsys) -> None:
    out = ok(capsys, board, "feed", "--kind", "praise", "--member", "ben")
    assert len(rows(out)) == 1
    assert "Brave start" in out
    out = ok(capsys, board, "feed", "--kind", "milestone", "--member", "cara")
    assert rows(out) == []
    assert "Nothing matches." in out


def test_an_empty_feed_says_so(tmp_path: Path, capsys) -> None:
    root = tmp_path / "empty"
    new_board(root, "Empty", "ana", "Ana", at=NOW - timedelta(days=1))
    out = ok(capsys, root, "feed")
    assert "Nothing in the feed yet." in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("feed", "--kind", "kudos"), "'kudos' is not one of"),
        (("feed", "--kind", "support note"), "'support note' is not one of"),
        (("feed", "--member", "zed"), "no member 'zed'"),
        (("feed", "--member", "Not An Id!"), "member id"),
        (("feed", "--limit", "many"), "not a whole number"),
    ],
)
def test_bad_feed_input_is_one_line_exit_2(board: Path, capsys, args, words: str) -> None:
    line = refused(capsys, board, *args)
    assert words in line


def test_praise_by_an_employee_is_refused_and_nothing_is_written(board: Path, capsys) -> None:
    line = refused(capsys, board, "praise", "cara", "Well done", as_="ben")
    assert line == (
        "teamboard: error: only a manager may post praise; colleagues can add a support note"
    )
    line = refused(capsys, board, "praise", "cara", "Well done", "--about", EXP, as_="cara")
    assert "only a manager may post praise" in line


def test_praise_by_a_manager_appears_first_in_the_feed(board: Path, capsys) -> None:
    before = snapshot(board)
    out = ok(capsys, board, "praise", "ben", "[bold]Kept[/] going", "--about", EXP, as_="ana")
    assert out.startswith("Praise posted for Ben Okafor (id ")
    changed = {name for name in snapshot(board) if snapshot(board)[name] != before.get(name)}
    assert changed == {"people/ana.json"}

    out = ok(capsys, board, "feed", "--kind", "praise")
    assert rows(out)[0] == "just now praise (effort) Ana Give feedback that lands"
    assert "[bold]Kept[/] going" in out


def test_support_note_and_support_from_the_command_line_reach_the_feed(board: Path, capsys) -> None:
    ok(capsys, board, "note", EXP, "[@click=app.quit] 🎉 שלום", as_="ana")
    out = ok(capsys, board, "feed", "--kind", "support-note")
    assert rows(out)[0].startswith("just now support note Ana")
    assert "[@click=app.quit] 🎉 שלום" in out

    out = ok(capsys, board, "support", EXP, as_="cara")
    assert out.strip() == "Cara now supports Give feedback that lands."
    state = BoardFolder.open(board).load().state
    assert set(state.experiments[EXP].supporters) == {"cara"}
