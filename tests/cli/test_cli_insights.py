"""`teamboard insights [--member M] [--json]` on real board folders with a fixed clock: the
documented JSON with exact numbers, one member, an empty board ("no data yet", null), the
text for a terminal or a pipe, and a wrong member as one line with exit 2."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events
from cli_runner import snapshot

from teamboard.cli import context as cli_context
from teamboard.cli import main

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
EXP = "benexp01"
TITLE = "Give [bold]feedback[/bold] that lands"
PLAN = {
    "why_me": "I lead the 1:1s",
    "must_deliver": "one concrete point per 1:1",
    "team_goals": "fewer surprises",
    "personal_benefit": "calmer reviews",
}


def ago(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cli_context, "utcnow", lambda: NOW)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """Ana (manager) and Ben: Ben's experiment from 20 days ago with a full plan, one
    practice 10 days ago, Ana's soon-after check-in 6 days ago and her praise 2 days ago;
    Ben's second experiment from 3 days ago has no plan and nobody supports either."""
    root = tmp_path / "board"
    b = new_board(root, "Platform Team", "ana", "Ana", at=NOW - timedelta(days=30))
    write_events(b, "ben", {"type": "member_joined", "name": "Ben Okafor", "at": ago(days=29)})
    write_events(
        b,
        "ben",
        [
            {
                "type": "experiment_created",
                "experiment_id": EXP,
                "title": TITLE,
                "plan": PLAN,
                "confidence": 2,
                "at": ago(days=20),
            },
            {"type": "stage_moved", "experiment_id": EXP, "to": "practice", "at": ago(days=19)},
            {
                "type": "practice_logged",
                "experiment_id": EXP,
                "entry_id": "p1",
                "on": "2026-11-17",
                "what": "tried it",
                "at": ago(days=10),
            },
            {
                "type": "experiment_created",
                "experiment_id": "benexp02",
                "title": "Second",
                "at": ago(days=3),
            },
        ],
    )
    write_events(
        b,
        "ana",
        [
            {
                "type": "checked_in",
                "experiment_id": EXP,
                "check_in_id": "c1",
                "kind": "soon-after",
                "at": ago(days=6),
            },
            {
                "type": "praise_posted",
                "praise_id": "k1",
                "to": "ben",
                "experiment_id": EXP,
                "message": "brave start",
                "kind": "effort",
                "at": ago(days=2),
            },
        ],
    )
    return root


def run_json(capsys, *argv: str) -> dict:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def signals(data: dict) -> dict[str, dict]:
    return {s["key"]: s for lever in data["levers"] for s in lever["signals"]}


def test_the_json_has_every_lever_with_exact_numbers(board: Path, capsys) -> None:
    data = run_json(capsys, "--board", str(board), "insights")
    assert data["board"] == "Platform Team"
    assert data["now"] == NOW.isoformat()
    assert data["member"] is None
    assert data["experiments"] == 2
    assert len(data["weeks"]) == 12 and data["weeks"][-1] == NOW.isoformat()
    assert [lever["key"] for lever in data["levers"]] == [
        "clarity",
        "ownership",
        "opportunities",
        "practice",
        "results",
        "self-efficacy",
        "colleagues",
    ]
    found = signals(data)
    plan = found["plan_complete_at_start"]
    assert (plan["value"], plan["count"], plan["of"], plan["text"]) == (0.5, 1, 2, "50% (1 of 2)")
    assert plan["unit"] == "share" and len(plan["trend"]) == 12
    assert plan["trend"][-3:] == [1.0, 1.0, 0.5]  # the second experiment came this week
    assert found["confidence_now"]["extra"] == {"start": 2.0}
    assert found["soon_after_on_time"]["value"] == 1.0
    assert found["long_term_on_time"]["value"] is None
    assert found["long_term_on_time"]["text"] == "no data yet"
    # One practice in the last four weeks; Ben has had an experiment at the end of three
    # of them (it is 20 days old): a third per person-week.
    assert found["practice_per_person_week"]["value"] == pytest.approx(1 / 3)
    assert found["practice_per_person_week"]["count"] == 1
    assert found["praised_30_days"]["count"] == 1 and found["praised_30_days"]["of"] == 2
    assert found["supported"]["value"] == 0.0
    colleagues = data["levers"][6]
    assert colleagues["verdict"] == "neglected"
    assert colleagues["experiments"] == [EXP, "benexp02"]
    assert set(colleagues["chart"]) == {"support notes"}
    assert data["flow"]["practice"][-1] == 1 and data["flow"]["goal"][-1] == 1
    assert data["check_ins_by_manager"] == [
        {"manager": {"id": "ana", "name": "Ana"}, "held": 1, "on_time": 1, "overdue": []}
    ]
    assert data["support"] == {
        "pairs": [],
        "supports_nobody": [{"id": "ana", "name": "Ana"}, {"id": "ben", "name": "Ben Okafor"}],
        "unsupported": [EXP, "benexp02"],
    }


def test_one_member(board: Path, capsys) -> None:
    data = run_json(capsys, "--board", str(board), "insights", "--member", "ana")
    assert data["member"] == {"id": "ana", "name": "Ana"}
    assert data["experiments"] == 0
    found = signals(data)
    assert found["plan_complete_at_start"]["value"] is None
    assert found["praised_30_days"]["text"] == "0% (0 of 1)"  # nobody praised Ana


def test_an_empty_board_says_no_data_yet(tmp_path: Path, capsys) -> None:
    root = tmp_path / "empty"
    new_board(root, "New Team", "ana", "Ana", at=NOW - timedelta(days=1))
    data = run_json(capsys, "--board", str(root), "insights")
    for key, found in signals(data).items():
        if key != "praised_30_days":
            assert found["value"] is None, key
            assert found["trend"] == [None] * 12, key
    assert main(["--board", str(root), "insights"]) == 0
    out = capsys.readouterr().out
    assert "no data yet" in out
    assert "0%" not in out.replace("0% (0 of 1)", "")


def test_the_text_names_each_lever_and_shows_titles_as_written(board: Path, capsys) -> None:
    assert main(["--board", str(board), "insights"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Platform Team: insights for the team, 2 experiments")
    assert "1 Clarity beforehand: half-way" in out
    assert "plan complete at the start" in out and "50% (1 of 2)" in out
    assert f"behind the number: {TITLE}" in out  # not read as markup
    assert "Ana: 1 held, 1 on time, 0 overdue" in out


def test_an_unknown_member_is_one_line_exit_2_and_nothing_written(board: Path, capsys) -> None:
    before = snapshot(board)
    assert main(["--board", str(board), "insights", "--member", "zed"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == "teamboard: error: no member 'zed' on this board\n"
    assert snapshot(board) == before
