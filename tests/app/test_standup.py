"""The stand-up, driven with the keyboard on the demo board: started from the board,
walked one person at a time, acted on (praise, support, a check-in, a call for help),
ended with the wins, and recorded; joined when one is running; left without ending it.
And asking for help (and clearing it) from the experiment screen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Digits, Static

from teamboard.domain import actions
from teamboard.domain.events import sort_key
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.forms.entries import CheckInForm
from teamboard.tui.screens.forms.people import AskHelpForm, ClearHelpScreen, PraiseForm
from teamboard.tui.screens.standup import LeaveStandupScreen, StandupScreen
from teamboard.views.standup import running_standup

from .helpers import (
    NOW,
    events_on_disk,
    make_app,
    on_disk,
    screen_text,
    send_keys,
    type_into,
    wait_loaded,
    wait_until,
)

SIZE = (120, 40)
HELP_CENTER = "Writing help-center articles in plain language"  # Priya's: help asked, alone
SAYING_NO = "Saying no to roadmap requests with a clear reason"  # Maria's, in Goal


def _id(root: Path, title: str) -> str:
    (found,) = [e.id for e in on_disk(root).experiments.values() if e.title == title]
    return found


def _mine(root: Path, author: str, kind: str) -> list:
    """What `author` wrote in this test (the demo's history is older)."""
    return [
        e
        for e in events_on_disk(root)
        if e["author"] == author and e["type"] == kind and e["at"] >= NOW - timedelta(seconds=1)
    ]


async def _start(pilot) -> StandupScreen:
    await wait_loaded(pilot)
    await send_keys(pilot, "s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, StandupScreen), what="stand-up")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StandupScreen)
    return screen


def _name(screen: StandupScreen) -> str:
    return str(screen.query_one("#standup-name", Static).render()).strip()


async def test_a_whole_standup_is_walked_acted_on_and_recorded(demo: Path) -> None:
    app = make_app(demo, me="maria")  # a manager
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        state = app.state
        people = list(screen.order_ids)
        assert sorted(people) == sorted(state.members)
        # Attention first: Priya asked for help, and her card has nobody supporting it.
        assert people[0] == "priya"
        assert _name(screen) == "Priya Raman"
        text = screen_text(app)
        assert "! help asked" in text and "Someone outside support" in text
        assert screen.card is not None and screen.card.title == HELP_CENTER

        # Offer support right there: it answers her call for help.
        await send_keys(pilot, "s")
        await wait_until(pilot, lambda: "maria" in app.state.experiments[screen.card.id].supporters)
        assert app.state.experiments[_id(demo, HELP_CENTER)].help is None

        # Praise her, from the stand-up, about the card shown.
        await send_keys(pilot, "g")
        await wait_until(pilot, lambda: isinstance(app.screen, PraiseForm))
        form = app.screen
        assert isinstance(form, PraiseForm) and form.experiment is not None
        assert form.experiment.title == HELP_CENTER
        await type_into(pilot, form, "message", "Brave first article")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="back in the stand-up")

        # Everyone, one at a time; after the last person, the wins.
        seen = [_name(screen)]
        for _ in people[1:]:
            await send_keys(pilot, "right")
            seen.append(_name(screen))
        assert seen == [app.state.members[m].name for m in people]
        await send_keys(pilot, "right")
        assert screen.at_end
        text = screen_text(app)
        assert "Since the last stand-up" in text
        assert "praised the effort of Priya Raman" in text  # the praise given just now
        assert "In one line:" in text
        await send_keys(pilot, "E")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), what="the board")

    started = _mine(demo, "maria", "standup_started")
    ended = _mine(demo, "maria", "standup_ended")
    assert len(ended) == 1 and ended[0]["standup_id"] in {e["standup_id"] for e in started}
    assert sorted(ended[0]["attendees"]) == sorted(people)
    assert ended[0]["summary"].endswith(".") and "change" in ended[0]["summary"]
    (praise,) = _mine(demo, "maria", "praise_posted")[-1:]
    assert praise["to"] == "priya" and praise["message"] == "Brave first article"
    assert any(
        e["experiment_id"] == _id(demo, HELP_CENTER) for e in _mine(demo, "maria", "support_added")
    )
    state = BoardFolder.open(demo).load().state
    assert running_standup(state, NOW + timedelta(minutes=1)) is None
    assert state.standups[-1].ended_by == "maria"


async def test_a_running_standup_is_joined_not_started_again(demo: Path, tmp_path: Path) -> None:
    live = LiveBoard(BoardFolder.open(demo), cache_dir=tmp_path / "cache", clock=lambda: NOW)
    live.open()
    live.perform("kwame", actions.start_standup())
    app = make_app(demo, me="zoe")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        assert "by Kwame Mensah" in screen_text(app)
        # Zoë may not praise (not a manager): the key is not offered, and says why.
        assert not screen.check_action("praise", ())
        await send_keys(pilot, "g")
        await pilot.pause()
        assert isinstance(app.screen, StandupScreen)
        assert any("only a manager" in str(n.message).lower() for n in app._notifications)
        await send_keys(pilot, "E", "E")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
    assert not _mine(demo, "zoe", "standup_started")
    (ended,) = _mine(demo, "zoe", "standup_ended")
    assert "zoe" in ended["attendees"]
    assert on_disk(demo).standups[-1].started_by == "kwame"


async def test_escape_asks_and_leaving_keeps_it_running(demo: Path) -> None:
    app = make_app(demo, me="maria")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveStandupScreen))
        await send_keys(pilot, "escape")  # stay
        await wait_until(pilot, lambda: app.screen is screen)
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveStandupScreen))
        await send_keys(pilot, "l")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        running = running_standup(app.state, NOW)
        assert running is not None and running.id == screen.standup_id
        # s again joins the same one.
        again = await _start(pilot)
        assert again.standup_id == screen.standup_id
    assert len(_mine(demo, "maria", "standup_started")) == 1
    assert not _mine(demo, "maria", "standup_ended")


async def test_order_timer_and_presence(demo: Path) -> None:
    now = [NOW]
    app = make_app(demo, me="maria", clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        first = screen.member_id
        await send_keys(pilot, "o")  # alphabetical now; the person shown stays
        names = [app.state.members[m].name for m in screen.order_ids]
        assert names == sorted(names, key=sort_key)
        assert screen.member_id == first
        clock = screen.query_one("#standup-clock", Static)
        assert "1:30 left" in str(clock.render())
        now[0] = NOW + timedelta(seconds=100)
        # The timer ticks by itself (once a second): no key, no popup.
        await wait_until(
            pilot,
            lambda: "0:10 over" in str(clock.render()),
            what="the clock's next tick to show 0:10 over",
        )
        assert isinstance(app.screen, StandupScreen)
        await send_keys(pilot, "T")  # 2 minutes
        assert "0:20 left" in str(clock.render())
        await send_keys(pilot, "T", "T")  # 3 minutes, then off
        assert screen.has_class("-no-timer")
        await send_keys(pilot, "x")  # the person shown is away after all
        assert first not in screen._attendees()
        await send_keys(pilot, "right")
        assert screen.has_class("-no-timer")  # off stays off
        assert not screen.query_one("#standup-digits", Digits).display


async def test_a_check_in_from_the_standup(demo: Path) -> None:
    app = make_app(demo, me="maria")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        await send_keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckInForm))
        form = app.screen
        assert isinstance(form, CheckInForm) and form.experiment.id == screen.card.id
        await type_into(pilot, form, "notes", "Wants to start small")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
    (check_in,) = _mine(demo, "maria", "checked_in")
    assert check_in["notes"] == "Wants to start small"


async def test_ask_for_help_and_clear_it_from_the_experiment_screen(demo: Path) -> None:
    experiment_id = _id(demo, SAYING_NO)
    app = make_app(demo, me="maria")
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        screen = ExperimentScreen(experiment_id)
        app.push_screen(screen)
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert "a ask for help" in screen_text(app)
        await send_keys(pilot, "a")
        await wait_until(pilot, lambda: isinstance(app.screen, AskHelpForm))
        form = app.screen
        assert isinstance(form, AskHelpForm)
        # Empty: the error shows next to the field, and nothing is written.
        await send_keys(pilot, "ctrl+s")
        error = form.query_one("#error-ask", Static)
        await wait_until(pilot, lambda: error.has_class("shown"))
        assert "must not be empty" in str(error.render())
        await type_into(pilot, form, "ask", "x" * 130)
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: "at most 120 characters" in str(error.render()))
        assert app.screen is form
        assert not _mine(demo, "maria", "help_asked")
        form.query_one("#field-ask").value = ""  # type: ignore[attr-defined]
        await type_into(pilot, form, "ask", "A colleague to play the PM in a dry run")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        header = screen_text(app)
        assert "Asks for help: “A colleague to play the PM in a dry run”" in header
        assert "A clear it" in header
        (asked,) = _mine(demo, "maria", "help_asked")
        assert asked["experiment_id"] == experiment_id
        # Clearing asks first: "keep it" writes nothing...
        await send_keys(pilot, "A")
        await wait_until(pilot, lambda: isinstance(app.screen, ClearHelpScreen))
        await send_keys(pilot, "n")
        await wait_until(pilot, lambda: app.screen is screen)
        assert app.state.experiments[experiment_id].help is not None
        assert not _mine(demo, "maria", "help_cleared")
        # ...and yes clears it.
        await send_keys(pilot, "A")
        await wait_until(pilot, lambda: isinstance(app.screen, ClearHelpScreen))
        await send_keys(pilot, "y")
        await wait_until(pilot, lambda: app.state.experiments[experiment_id].help is None)
        await pilot.pause()
        assert "Asks for help" not in screen_text(app)
    (cleared,) = _mine(demo, "maria", "help_cleared")
    assert cleared["experiment_id"] == experiment_id


async def test_only_the_owner_asks_for_help(demo: Path) -> None:
    app = make_app(demo, me="kwame")
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        screen = ExperimentScreen(_id(demo, SAYING_NO))
        app.push_screen(screen)
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert not screen.check_action("ask_help", ())
        assert not screen.check_action("clear_help", ())
        await send_keys(pilot, "a")
        await pilot.pause()
        assert app.screen is screen
        assert "a ask for help" not in screen_text(app)


async def test_the_order_and_timer_chosen_are_kept_for_the_board(demo: Path) -> None:
    app = make_app(demo, me="maria")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        await send_keys(pilot, "o", "T")  # alphabetical, 2 minutes
        order = list(screen.order_ids)
    again = make_app(demo, me="maria")
    async with again.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        assert screen.order_ids == order
        assert "2:00 each" in str(screen.query_one("#standup-settings", Static).render())


async def test_everyone_not_marked_away_is_present_even_if_their_page_was_never_shown(
    demo: Path,
) -> None:
    """Ending early (on the second person) records the whole team but the one marked away:
    presence is who was there, not whose page came up."""
    app = make_app(demo, me="maria")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        people = list(screen.order_ids)
        await send_keys(pilot, "right")
        away = screen.member_id
        await send_keys(pilot, "x", "E", "E")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), what="the board")
    (ended,) = _mine(demo, "maria", "standup_ended")
    assert sorted(ended["attendees"]) == sorted(m for m in people if m != away)


async def test_marks_survive_leaving_and_joining_the_running_standup_again(demo: Path) -> None:
    app = make_app(demo, me="maria")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        away = screen.member_id
        await send_keys(pilot, "x", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveStandupScreen))
        await send_keys(pilot, "l")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        again = await _start(pilot)
        assert again.standup_id == screen.standup_id
        assert away not in again._attendees()
        assert "away (x)" in screen_text(app)
