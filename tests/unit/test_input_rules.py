"""Input that makes sense: dates, text that cannot impersonate, sensible lengths, errors in
plain words. Checked where every action is written (LiveBoard.perform) and in the fold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from boards import write_events

from teamboard.domain import actions
from teamboard.domain.events import TITLE_LIMIT, input_errors
from teamboard.domain.state import Refused
from teamboard.domain.text import one_line
from teamboard.store.folder import BoardFolder
from teamboard.store.live import InvalidInput, LiveBoard
from teamboard.views.cards import Flag, flags_of

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def live(tmp_path: Path) -> LiveBoard:
    board = LiveBoard.create(tmp_path / "b", "Team", "ana", "Ana", at=NOW - timedelta(days=10))
    board.clock = lambda: NOW
    created = actions.create_experiment("Listen first")
    created["experiment_id"] = "exp1"
    board.perform("ana", created, at=NOW - timedelta(days=5))
    return board


def unchanged(live: LiveBoard):
    before = live.board.person_file("ana").read_bytes()

    class Check:
        def __enter__(self) -> None:
            return None

        def __exit__(self, *exc: object) -> None:
            assert live.board.person_file("ana").read_bytes() == before

    return Check()


# --- dates ---------------------------------------------------------------------------------


def test_a_practice_date_in_the_future_is_refused(live: LiveBoard) -> None:
    with unchanged(live), pytest.raises(Refused, match="is in the future"):
        live.perform("ana", actions.log_practice("exp1", "tried", TODAY + timedelta(days=2)))


def test_a_practice_date_before_the_experiment_existed_is_refused(live: LiveBoard) -> None:
    with unchanged(live), pytest.raises(Refused, match="before the experiment existed"):
        live.perform("ana", actions.log_practice("exp1", "tried", TODAY - timedelta(days=9)))


def test_today_and_tomorrow_in_any_time_zone_are_fine(live: LiveBoard) -> None:
    # Someone far east of UTC (up to +14:00) is a day ahead: at 11:00 UTC it is already
    # tomorrow for them.
    live.clock = lambda: NOW + timedelta(hours=2)
    live.perform("ana", actions.log_practice("exp1", "early", TODAY + timedelta(days=1)))
    live.perform("ana", actions.log_practice("exp1", "on time", TODAY))
    assert len(live.state.experiments["exp1"].practice) == 2


def test_the_fold_refuses_a_future_practice_written_by_hand(live: LiveBoard) -> None:
    write_events(
        live.board,
        "ana",
        actions.log_practice("exp1", "from the future", date(2030, 1, 1)),
        at=NOW,
    )
    state = BoardFolder.open(live.root).load().state
    (rejected,) = state.rejected
    assert "2030-01-01 is in the future" in rejected.reason


def test_a_target_date_in_the_past_is_accepted_and_shown_past(live: LiveBoard) -> None:
    live.perform("ana", actions.edit_experiment("exp1", target_date=TODAY - timedelta(days=1)))
    experiment = live.state.experiments["exp1"]
    assert Flag.TARGET_PASSED in flags_of(experiment, NOW)
    # "overdue" is a check-in's word; a target date is passed ("overdue" stays in --json).
    assert Flag.TARGET_PASSED.short == "past target date"
    assert Flag.TARGET_PASSED.json_name == "overdue"
    live.perform("ana", actions.edit_experiment("exp1", target_date=TODAY + timedelta(days=30)))
    assert Flag.TARGET_PASSED not in flags_of(live.state.experiments["exp1"], NOW)


# --- text that cannot pass for something else --------------------------------------------------

IMPERSONATING = {
    "right-to-left override": "Ana\u202e",
    "left-to-right isolate": "\u2066Ana\u2069",
    "line separator": "Ana\u2028Admin",
    "paragraph separator": "Ana\u2029Admin",
}


@pytest.mark.parametrize("text", IMPERSONATING.values(), ids=IMPERSONATING.keys())
def test_reordering_characters_are_refused_in_names_and_titles(live: LiveBoard, text) -> None:
    with unchanged(live), pytest.raises(InvalidInput, match="direction overrides"):
        live.perform("ana", actions.join(text))
    with unchanged(live), pytest.raises(InvalidInput, match=r"^title: "):
        live.perform("ana", actions.create_experiment(text))
    with unchanged(live), pytest.raises(InvalidInput, match="direction overrides"):
        live.perform("ana", actions.note("exp1", f"See {text}"))


def test_emoji_with_joiners_and_skin_tones_and_flags_are_kept(live: LiveBoard) -> None:
    title = "Pair 👩‍💻 with 👍🏽 in 🇩🇪 and عربي"
    live.perform("ana", actions.create_experiment(title))
    live.perform("ana", actions.join("Ana 👩‍💻"))
    state = BoardFolder.open(live.root).load().state
    assert title in {e.title for e in state.experiments.values()}
    assert state.members["ana"].name == "Ana 👩‍💻"


def test_a_title_is_a_card_title_not_an_essay(live: LiveBoard) -> None:
    assert input_errors(actions.create_experiment("x" * TITLE_LIMIT)) == {}
    errors = input_errors(actions.create_experiment("x" * (TITLE_LIMIT + 1)))
    assert errors == {"title": "at most 200 characters (the plan holds the longer story)"}
    with unchanged(live), pytest.raises(InvalidInput, match="title: at most 200 characters"):
        live.perform("ana", actions.create_experiment("x" * 500))
    # The plan takes the long text.
    live.perform("ana", actions.create_experiment("Short", plan={"why_me": "y" * 5000}))


def test_an_older_long_title_on_disk_still_loads(live: LiveBoard) -> None:
    long_title = "An essay " * 300
    (created,) = write_events(live.board, "ana", actions.create_experiment(long_title), at=NOW)
    state = BoardFolder.open(live.root).load().state
    assert state.rejected == []
    assert state.experiments[created["experiment_id"]].title == long_title.strip()


def test_a_one_line_field_takes_one_line(live: LiveBoard) -> None:
    errors = input_errors(actions.create_experiment("first\nsecond"))
    assert errors["title"].startswith("must be one line")
    assert one_line("first\nsecond\t third \x1b[1m") == "first second third [1m"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (actions.rate_confidence("exp1", 9), "value: must be from 1 to 5"),
        (actions.create_experiment(""), "title: must not be empty"),
        (
            {**actions.log_practice("exp1", "x", TODAY), "on": "someday"},
            "on: must be a date like 2026-12-31",
        ),
        (actions.note("exp1", "a\x1b[2J"), "text: must not contain control characters"),
    ],
)
def test_errors_are_in_plain_words(live: LiveBoard, payload, expected) -> None:
    with unchanged(live), pytest.raises(InvalidInput) as caught:
        live.perform("ana", payload)
    assert str(caught.value).startswith(expected)
    assert "String should" not in str(caught.value) and "Input should" not in str(caught.value)
