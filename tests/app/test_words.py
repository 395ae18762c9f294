"""What the board says must agree with itself: one word for each thing on every screen,
counts that leave out what was taken back, advice from what is missing, the "new" mark
explained, and each key meaning one thing across the screens."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events
from textual.binding import Binding
from textual.widgets import TabbedContent

from teamboard.domain import actions
from teamboard.tui.app import TeamboardApp
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.forms.experiment import ExperimentForm
from teamboard.tui.screens.help import SCREENS, HelpScreen
from teamboard.tui.screens.sections import SECTION_BINDINGS

from .helpers import (
    BIG,
    NOW,
    choose,
    make_app,
    notices,
    open_experiment,
    screen_text,
    send_keys,
    small_board,
    type_into,
    wait_loaded,
    wait_until,
)

DAY = timedelta(days=1)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    small_board(root)
    return root


@pytest.fixture
def late(tmp_path: Path) -> Path:
    """Ann (a manager) and Ben: Ben's experiment from 40 days ago, supported and practised,
    with no check-in yet (the soon-after one is overdue) and a target date that passed."""
    root = tmp_path / "late"
    board = new_board(root, "Team", "ann", "Ann Archer", at=NOW - 50 * DAY)
    write_events(board, "ben", {"type": "member_joined", "name": "Ben Baker"}, at=NOW - 49 * DAY)
    write_events(
        board,
        "ben",
        [
            {
                "type": "experiment_created",
                "experiment_id": "ben-1",
                "title": "Listen first",
                "opportunity": {"kind": "project", "what": "retros", "when": ""},
                "target_date": (NOW - 5 * DAY).date().isoformat(),
                "at": (NOW - 40 * DAY).isoformat(),
            },
            {
                "type": "practice_logged",
                "experiment_id": "ben-1",
                "entry_id": "p1",
                "on": (NOW - 2 * DAY).date().isoformat(),
                "what": "listened",
                "at": (NOW - 2 * DAY).isoformat(),
            },
        ],
    )
    write_events(
        board,
        "ann",
        {
            "type": "support_added",
            "experiment_id": "ben-1",
            "supporter": "ann",
            "at": (NOW - 39 * DAY).isoformat(),
        },
    )
    return root


# --- one word for each thing ---------------------------------------------------------------


async def test_an_overdue_check_in_and_a_passed_target_date_in_the_same_words_everywhere(late):
    app = make_app(late, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        board = screen_text(app)
        assert "! check-in overdue past t…" in board  # the card, cut at its width
        screen = await open_experiment(pilot, "ben-1")
        header = screen_text(app)
        assert (
            "Needs attention: check-in overdue: soon-after check-in, due 2026-11-01 · "
            "past target date: it was 2026-11-22" in header
        )
        assert "a check-in is due" not in header
        screen.query_one(TabbedContent).active = "tab-check-ins"
        await pilot.pause()
        assert (
            "check-in overdue: soon-after check-in, due 2026-11-01 (d records it)"
            in screen_text(app)
        )


# --- counts -----------------------------------------------------------------------------------


async def test_a_practice_taken_back_leaves_the_practice_tabs_count(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        first = app.try_perform(actions.log_practice("ann-1", "listened", NOW.date()))
        app.try_perform(actions.log_practice("ann-1", "listened again", NOW.date()))
        assert first is not None
        screen = await open_experiment(pilot, "ann-1")
        tabs = screen.query_one(TabbedContent)
        assert str(tabs.get_tab("tab-practice").label) == "Practice (2)"
        app.try_perform(
            actions.take_back("practice", first["entry_id"], experiment_id="ann-1", reason="x")
        )
        await wait_until(pilot, lambda: str(tabs.get_tab("tab-practice").label) == "Practice (1)")
        # Still shown, struck through, in the tab.
        screen.query_one(TabbedContent).active = "tab-practice"
        await pilot.pause()
        assert "listened  (taken back" in screen_text(app)


# --- advice from what is missing ----------------------------------------------------------------


async def test_the_new_experiment_notice_asks_only_for_what_is_missing(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "n")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        await type_into(pilot, form, "title", "Stand-ups")
        await choose(pilot, form, "apply_kind", "a project")
        await type_into(pilot, form, "apply_what", "the checkout rebuild")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: any("Added" in n for n in notices(app)))
        (added,) = [n for n in notices(app) if "Added" in n]
        assert "say where you will apply it" not in added
        assert added == (
            "Added “Stand-ups” to Goal. Next: finish the transfer plan, ask a colleague for "
            "support and rate your confidence. (enter opens it)"
        )


# --- the "new" mark, explained ------------------------------------------------------------------


async def test_the_help_explains_a_cards_new_mark(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 160)) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = " ".join(" ".join(screen_text(app).replace("█", " ").split("│")).split())
        assert (
            "• → Reflection +4 changed since the last stand-up: its main change (here: moved "
            "to Reflection) and how many more (4)" in text
        )


# --- each key means one thing ----------------------------------------------------------------

# The meaning of each action a key runs, where two actions are the closest thing to each
# other on different screens (a key must not mean two things).
SAME_MEANING = {
    # Back out of what is shown: clear the filters, close the screen, leave the stand-up,
    # the team's insights again.
    "clear_filters": "back out",
    "app.pop_screen": "back out",
    "leave": "back out",
    "team": "back out",
    # Open what is selected (on the team: that person's board).
    "show_on_board": "open",
    # Move: the cursor on the board, the person and the card in the stand-up, the lever.
    "cursor(-1, 0)": "left",
    "turn(-1)": "left",
    "cursor(1, 0)": "right",
    "turn(1)": "right",
    "cursor(0, -1)": "up",
    "card(-1)": "up",
    "app.focus_previous": "up",
    "cursor(0, 1)": "down",
    "card(1)": "down",
    "app.focus_next": "down",
    "lever(-1)": "up",
    "lever(1)": "down",
    # Insights: open a lever; from its list back to the lever (backing out).
    "open_lever": "open",
    "levers": "back out",
    "move_card(-1)": "move back",
    "move(-1)": "move back",
    "move_card(1)": "move forward",
    "move(1)": "move forward",
    # One person's: the board's, the feed's, the insights'.
    "person": "filter_member",
    # Only mine: my experiments, what is about me.
    "about_me": "only_mine",
    # The other view: the presenter view, the activity log.
    "activity": "presenter",
    # The withdrawn experiments; withdrawing or restoring this one.
    "withdrawn": "withdraw",
    "restore": "withdraw",
    # The check-ins to hold (the team's list); recording one.
    "due": "check_in",
    # Taking someone off: a supporter off the experiment, a person off the stand-up.
    "present": "remove_supporter",
    # The order of the cards, of the people in the stand-up.
    "column_order": "order",
    # Something new: an experiment on the board, a support note on an experiment.
    "new_experiment": "new",
    "note": "new",
}

# Letters that browse on the sections and act on an experiment on its own screen and in
# the stand-up; everything else means one thing.
ON_A_CARD = {"c": {"only_changed", "confidence"}, "s": {"app.standup", "support"}}


def test_each_key_means_one_thing_across_the_screens():
    meanings: dict[str, set[str]] = {}
    for _, screen in SCREENS:
        for binding in Binding.make_bindings([*screen.BINDINGS, *SECTION_BINDINGS]):
            if not binding.description:  # the key again, to say why the rules refuse it
                continue
            action = SAME_MEANING.get(binding.action, binding.action)
            for key in binding.key.split(","):
                meanings.setdefault(key.strip(), set()).add(SAME_MEANING.get(action, action))
    for binding in Binding.make_bindings(TeamboardApp.BINDINGS):
        meanings.setdefault(binding.key, set()).add(binding.action)
    several = {key: found for key, found in meanings.items() if len(found) > 1}
    assert several == ON_A_CARD
    # The keys the team tripped over: ask for help, practice, up.
    assert meanings["a"] == {"ask_help"}
    assert meanings["p"] == {"practice"}
    assert meanings["k"] == {"up"}
