"""Asking a colleague to support an experiment, in the app: the person asked hears of it
(a notice), sees it on the experiment screen and in the stand-up, and says yes (`s`) or
no (`d`); the owner sees whom she asked and that they have not answered. The owner's
request never answers her call for help, and clearing a call for help asks first and
leaves an entry in the feed.

The small team of tests/app/test_people_side.py: Cy owns cy-1 "Speak up in retros"."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from boards import write_events

from teamboard.store.folder import BoardFolder
from teamboard.tui.screens.feed import FeedScreen
from teamboard.tui.screens.forms.people import ClearHelpScreen
from teamboard.tui.screens.standup import StandupScreen, start_or_join

from .helpers import (
    NOW,
    make_app,
    notices,
    on_disk,
    open_experiment,
    screen_text,
    send_keys,
    settled_notices,
    wait_until,
)
from .test_people_side import (
    SIZE,
    ask_a_colleague,
    build_team,
    feed_text,
    has_key,
    raw_events,
    started,
    support_tab_shows,
)

ASKED_BEN = "Cy Chen asked you to support “Speak up in retros”: s on its screen says yes, N says no"


def _ask(root: Path, supporter: str = "ben", days: float = 1) -> None:
    """Cy (the owner of cy-1) asks a colleague, as the app of Cy would write it."""
    write_events(
        BoardFolder.open(root),
        "cy",
        {"type": "support_requested", "experiment_id": "cy-1", "supporter": supporter},
        at=NOW - timedelta(days=days),
    )


def _ask_help(root: Path, days: float = 2) -> None:
    write_events(
        BoardFolder.open(root),
        "cy",
        {"type": "help_asked", "experiment_id": "cy-1", "ask": "a second pair of eyes"},
        at=NOW - timedelta(days=days),
    )


@pytest.fixture
def team(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    build_team(root)
    return root


async def test_the_person_asked_hears_of_it_when_the_board_opens_and_says_yes_with_s(team):
    _ask_help(team)
    _ask(team)
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert ASKED_BEN in await settled_notices(pilot)
        screen = await open_experiment(pilot, "cy-1")
        assert "Cy Chen asked you to support this" in screen_text(app)
        assert has_key(app, "N")
        assert await support_tab_shows(pilot, screen, "s says yes, N says no")

        await send_keys(pilot, "s")
        await wait_until(pilot, lambda: "ben" in app.state.experiments["cy-1"].supporters)
        await pilot.pause()
        (yes,) = raw_events(team, "ben", "support_added")
        assert (yes["supporter"], yes["experiment_id"]) == ("ben", "cy-1")
        e = on_disk(team).experiments["cy-1"]
        assert e.supporters["ben"].added_by == "cy" and e.requests_waiting == []
        # Ben's yes, his own, answers Cy's call for help.
        assert e.help is None and e.help_asks[-1].cleared_by == "ben"
        assert await support_tab_shows(pilot, screen, "(asked by Cy Chen)")
        assert "asked you to support this" not in screen_text(app)
        assert not has_key(app, "N")


async def test_the_person_asked_says_no_with_d(team):
    _ask(team)
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "cy-1")
        await send_keys(pilot, "N")
        await wait_until(pilot, lambda: not app.state.experiments["cy-1"].requests_waiting)
        await pilot.pause()
        (no,) = raw_events(team, "ben", "support_declined")
        assert no["experiment_id"] == "cy-1"
        assert on_disk(team).experiments["cy-1"].supporters == {}
        assert not has_key(app, "N")
        assert "asked you to support this" not in screen_text(app)
        assert await support_tab_shows(pilot, screen, "Nobody supports this yet")


async def test_a_request_that_arrives_is_a_notice_to_the_person_asked_only(team):
    ben, ann = make_app(team, "ben"), make_app(team, "ann")
    async with ben.run_test(size=SIZE) as pilot:
        await started(pilot)
        _ask(team, days=0)
        ben.take_changes([BoardFolder.open(team).person_file("cy")])
        assert ASKED_BEN in await settled_notices(pilot)
    async with ann.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert not [n for n in await settled_notices(pilot) if "asked you" in n]


async def test_the_owners_request_leaves_her_call_for_help_open(team):
    _ask_help(team)
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "cy-1")
        await ask_a_colleague(pilot, "Ben Baker")
        assert app.screen is screen
        e = on_disk(team).experiments["cy-1"]
        assert e.help is not None and e.help.ask == "a second pair of eyes"
        assert e.supporters == {}
        assert "Asks for help: “a second pair of eyes”" in screen_text(app)


async def test_clearing_a_call_for_help_asks_first_and_leaves_a_feed_entry(team):
    _ask_help(team)
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "cy-1")
        await send_keys(pilot, "A")
        await wait_until(pilot, lambda: isinstance(app.screen, ClearHelpScreen))
        assert "Clear your call for help?" in screen_text(app)
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert raw_events(team, "cy", "help_cleared") == []
        await send_keys(pilot, "A")
        await wait_until(pilot, lambda: isinstance(app.screen, ClearHelpScreen))
        await send_keys(pilot, "y")
        await wait_until(pilot, lambda: app.state.experiments["cy-1"].help is None)
        assert len(raw_events(team, "cy", "help_cleared")) == 1
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is not screen)
        await send_keys(pilot, "f")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedScreen))
        await pilot.pause()
        assert "↺ Cy Chen cleared the call for help" in feed_text(app)


async def _standup_turn_of(pilot, member: str) -> StandupScreen:
    app = pilot.app
    start_or_join(app)
    await wait_until(pilot, lambda: isinstance(app.screen, StandupScreen), what="the stand-up")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StandupScreen)
    await send_keys(pilot, *["right"] * screen.order_ids.index(member))
    await pilot.pause()
    assert screen.member_id == member
    return screen


async def test_the_stand_up_shows_the_request_on_both_turns_and_d_says_no(team):
    _ask(team)
    app = make_app(team, "ben")
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = await _standup_turn_of(pilot, "ben")  # the person asked
        needs = " ".join(screen_text(app).split())  # the column wraps it
        assert "? asked to support · Speak up in" in needs and "retros" in needs
        assert "Cy Chen asked, no answer yet" in needs
        await send_keys(pilot, *["left"] * screen.order_ids.index("ben"))
        await send_keys(pilot, *["right"] * screen.order_ids.index("cy"))
        await pilot.pause()
        assert screen.member_id == "cy"  # the owner's turn: her card says it too
        assert "? asked you to support it: s says yes, N says no" in screen_text(app)
        assert has_key(app, "N")
        await send_keys(pilot, "N")
        await wait_until(pilot, lambda: raw_events(team, "ben", "support_declined"))
        await pilot.pause()
        assert "asked you to support it" not in screen_text(app)
        assert not has_key(app, "N")


async def test_the_owner_sees_in_the_stand_up_whom_she_asked(team):
    _ask(team)
    app = make_app(team, "ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await _standup_turn_of(pilot, "cy")
        assert "? asked Ben Baker to support it: no answer yet" in screen_text(app)
        assert not has_key(app, "N")
        assert notices(app) == [] or all("asked you" not in n for n in notices(app))
