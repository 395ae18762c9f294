"""`teamboard show EXP` in full (and `--json`), and check-ins by the board's calendar, on a
real board folder with a fixed clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events
from cli_runner import Cli

from teamboard.cli import context as cli_context

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
EXP = "benexp01"  # 70 days old
NEW = "benexp02"  # 3 days old
LATE = "caraexp1"  # 40 days old, no check-in: the soon-after one is overdue


def ago(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Cli:
    """Ana (manager), Ben and Cara. Ben's experiment from 70 days ago, in Practice, with a
    full plan and where he applies it, two confidence ratings, Cara's support, a call for
    help, two practice entries (one taken back), Ana's long-term check-in five days in (from
    before the rule: early) and her soon-after one; his second
    experiment from 3 days ago has nothing yet; Cara's from 40 days ago, no check-in."""
    monkeypatch.setattr(cli_context, "utcnow", lambda: NOW)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "200")
    root = tmp_path / "board"
    b = new_board(root, "Platform Team", "ana", "Ana", at=NOW - timedelta(days=100))
    write_events(b, "ben", {"type": "member_joined", "name": "Ben Okafor", "at": ago(days=99)})
    write_events(b, "cara", {"type": "member_joined", "name": "Cara", "at": ago(days=99)})
    write_events(
        b,
        "ben",
        [
            {
                "type": "experiment_created",
                "experiment_id": EXP,
                "title": "Run calmer retros",
                "training": "Facilitation basics",
                "plan": {
                    "why_me": "I run the retros",
                    "must_deliver": "two actions per retro",
                    "team_goals": "less carry-over",
                    "personal_benefit": "calmer meetings",
                },
                "opportunity": {
                    "kind": "project",
                    "what": "Retros of the checkout rebuild",
                    "when": "Every second Friday",
                },
                "target_date": "2026-10-31",
                "confidence": 2,
                "at": ago(days=70),
            },
            {"type": "stage_moved", "experiment_id": EXP, "to": "practice", "at": ago(days=69)},
            {
                "type": "practice_logged",
                "experiment_id": EXP,
                "entry_id": "pract001",
                "on": "2026-09-20",
                "what": "Timeboxed the retro",
                "at": ago(days=68),
            },
            {
                "type": "practice_logged",
                "experiment_id": EXP,
                "entry_id": "pract002",
                "on": "2026-09-21",
                "what": "Logged twice by mistake",
                "at": ago(days=67),
            },
            {
                "type": "taken_back",
                "entry": "practice",
                "entry_id": "pract002",
                "experiment_id": EXP,
                "reason": "twice",
                "at": ago(days=67, hours=-1),
            },
            {"type": "confidence_rated", "experiment_id": EXP, "value": 4, "at": ago(days=30)},
            {
                "type": "experiment_created",
                "experiment_id": NEW,
                "title": "Write shorter docs",
                "at": ago(days=3),
            },
            {
                "type": "help_asked",
                "experiment_id": EXP,
                "ask": "Who has run a silent retro?",
                "at": ago(days=2),
            },
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
                "at": ago(days=60),
            },
            {
                "type": "experiment_created",
                "experiment_id": LATE,
                "title": "Pair on incidents",
                "at": ago(days=40),
            },
        ],
    )
    write_events(
        b,
        "ana",
        [
            {  # written before the rule: kept, as early
                "type": "checked_in",
                "experiment_id": EXP,
                "check_in_id": "check000",
                "kind": "long-term",
                "notes": "Too soon to say",
                "at": ago(days=65),
            },
            {
                "type": "checked_in",
                "experiment_id": EXP,
                "check_in_id": "check001",
                "kind": "soon-after",
                "notes": "Going well",
                "at": ago(days=55),
            },
        ],
    )
    capsys.readouterr()
    return Cli(root, capsys)


# --- check-ins by the calendar -------------------------------------------------------------------


def test_a_long_term_check_in_before_two_months_is_refused_with_the_day_it_opens(
    board: Cli,
) -> None:
    line = board.refused("checkin", NEW, "--kind", "long-term", as_="ana")
    assert "too early for the long-term check-in" in line
    assert "from 2027-01-23" in line  # 60 days after 2026-11-24
    # Soon after the training is any time; the long-term one once its time has come.
    board.ok("checkin", NEW, "--kind", "soon-after", as_="ana")
    board.ok("checkin", EXP, "--kind", "long-term", "--notes", "Goals reached", as_="ana")
    assert [c.kind.value for c in board.state().experiments[EXP].check_ins] == [
        "long-term",  # the early one, from before the rule
        "soon-after",
        "long-term",
    ]


# --- one word for each thing -------------------------------------------------------------


def test_list_says_check_in_overdue_and_past_target_date_in_the_boards_words(
    board: Cli,
) -> None:
    out = board.ok("list")
    lines = out.splitlines()

    def needs(title: str) -> str:
        at = next(i for i, line in enumerate(lines) if title in line)
        return lines[at + 1].strip()

    assert (
        needs("Pair on incidents") == "! no supporter · stalled · check-in overdue · no application"
    )
    assert needs("Run calmer retros") == "! help asked · stalled · past target date"
    assert "overdue" not in needs("Run calmer retros")
    data = json.loads(board.ok("list", "--json"))
    found = {e["id"]: e for e in data["experiments"]}
    # The names scripts know stay; the board's words are beside them.
    assert found[LATE]["flags"] == ["alone", "stalled", "check-in", "no-use"]
    assert found[LATE]["attention"] == [
        "no supporter",
        "stalled",
        "check-in overdue",
        "no application",
    ]
    assert found[EXP]["flags"] == ["help", "stalled", "overdue"]
    assert found[EXP]["attention"] == ["help asked", "stalled", "past target date"]


# --- show, in full ---------------------------------------------------------------------------


def test_show_prints_the_experiment_in_full(board: Cli) -> None:
    lines = board.ok("show", EXP).splitlines()
    assert lines[:13] == [
        "Run calmer retros",
        "benexp01 · Ben Okafor · Practice · 69 days in this stage",
        "training: Facilitation basics",
        "why me: I run the retros",
        "what it must deliver: two actions per retro",
        "how it serves the team's goals: less carry-over",
        "my personal benefit: calmer meetings",
        # Where it is applied, in the board's words, with its parts apart.
        "where I will apply it: a project: Retros of the checkout rebuild (Every second Friday)",
        "target date: 2026-10-31",
        "confidence: 2 (2026-09-18) → 4 (2026-10-28)",
        "stages: Goal 2026-09-18 → Practice 2026-09-19",
        "supporters: Cara (since 2026-09-28)",
        "help asked 2026-11-25: “Who has run a silent retro?” (open)",
    ]
    assert "needs attention: past target date: it was 2026-10-31" in lines
    assert "practice pract002 2026-09-21 (taken back): Logged twice by mistake" in lines
    assert (
        "check-in check000 2026-09-23 long-term with Ana (early: before two months): "
        "Too soon to say"
    ) in lines
    assert "check-in check001 2026-10-03 soon-after with Ana: Going well" in lines


def test_show_json_has_every_part_under_stable_keys(board: Cli) -> None:
    data = json.loads(board.ok("show", EXP, "--json"))
    assert data["board"] == "Platform Team"
    shown = data["experiment"]
    listed = {e["id"]: e for e in json.loads(board.ok("list", "--json"))["experiments"]}
    # What `list --json` says of it, under the same keys, then the rest.
    assert {k: shown[k] for k in listed[EXP]} == listed[EXP]
    assert list(shown)[len(listed[EXP]) :] == [
        "created_at",
        "training",
        "plan",
        "opportunity",
        "target_date",
        "confidence_ratings",
        "stages",
        "support",
        "help",
        "help_asks",
        "check_ins_due",
        "practice",
        "reflections",
        "check_ins",
        "support_notes",
        "praise",
    ]
    assert shown["opportunity"] == {
        "kind": "project",
        "what": "Retros of the checkout rebuild",
        "when": "Every second Friday",
    }
    assert [r["value"] for r in shown["confidence_ratings"]] == [2, 4]
    assert [s["stage"] for s in shown["stages"]] == ["goal", "practice"]
    assert shown["support"] == [
        {
            "supporter": {"id": "cara", "name": "Cara"},
            "since": ago(days=60),
            "asked_by": {"id": "cara", "name": "Cara"},
        }
    ]
    assert shown["help"]["ask"] == "Who has run a silent retro?"
    assert shown["help"]["cleared_at"] is None
    assert [(c["id"], c["early"], c["on_time"]) for c in shown["check_ins"]] == [
        ("check000", True, False),
        ("check001", False, True),
    ]
    assert shown["practice"][1]["taken_back"]["reason"] == "twice"
