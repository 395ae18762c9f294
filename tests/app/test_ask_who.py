"""A browser session of `teamboard serve` (`--ask-who`): it asks who you are whatever this
computer remembers, remembers nothing, and takes keys even though it starts unfocused."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList, Static

from teamboard.store import local
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.identity import IdentityScreen

from .helpers import BIG, make_app, send_keys, wait_loaded, wait_until
from .test_identity import pick, status


def asking(app) -> bool:
    """The question who you are is on the screen, its list of members shown."""
    return isinstance(app.screen, IdentityScreen) and bool(app.screen.query("#who"))


async def test_asks_who_whatever_the_computer_remembers(demo, tmp_path, monkeypatch):
    remembered = tmp_path / "id.json"
    local.remember_member(demo, "maria", remembered)
    monkeypatch.setenv("TEAMBOARD_USER", "omer")
    app = make_app(demo, None, remember_file=remembered, ask_who=True)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert isinstance(app.screen, IdentityScreen)
        intro = app.screen.query_one(".form-intro", Static)
        assert "asked again next time" in str(intro.content)
        await pick(pilot, "jonas")
        await wait_until(pilot, lambda: app.me == "jonas", what="Jonas chosen")
        assert "you: Jonas Becker" in status(app)
    # This computer's choice is still Maria's.
    assert local.remembered_member(demo, remembered) == "maria"


async def test_choosing_again_remembers_nothing_either(demo, tmp_path):
    remembered = tmp_path / "id.json"
    app = make_app(demo, None, remember_file=remembered, ask_who=True)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await pick(pilot, "jonas")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), what="the board")
        await app.run_action("who_am_i")
        await wait_until(pilot, lambda: asking(app), what="the question who you are")
        await pick(pilot, "zoe")
        await wait_until(pilot, lambda: app.me == "zoe", what="Zoë chosen")
    assert not remembered.exists()


async def test_a_theme_chosen_in_a_session_is_not_kept_for_the_computer(demo):
    local.remember_theme("nord")
    app = make_app(demo, "jonas", ask_who=True)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "nord"  # it starts as the computer's person chose
        app.theme = "gruvbox"
        assert app.theme == "gruvbox"
    # A theme waiting to be remembered is remembered as the app ends (test_themes: "just
    # before quitting"): once the app has ended, nothing is left to remember it later.
    assert local.remembered_theme() == "nord"


async def test_a_question_opened_without_focus_takes_keys_when_the_focus_comes(demo):
    """A browser session starts without focus (textual's web driver), so the question who
    you are opens with nothing focused; the first key brings the focus back, and it (and
    the ones after it) must reach the list of members."""
    app = make_app(demo, None, ask_who=True)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await pick(pilot, "jonas")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), what="the board")
        app.post_message(events.AppBlur())
        await wait_until(pilot, lambda: not app.app_focus, what="the app to lose focus")
        await app.run_action("who_am_i")
        await wait_until(pilot, lambda: asking(app), what="the question who you are")
        assert app.screen.focused is None
        options = app.screen.query_one("#who", OptionList)
        start = options.highlighted
        assert start is not None
        await send_keys(pilot, "down")
        await wait_until(pilot, lambda: options.highlighted == start + 1, what="the next one")
        assert options.has_focus
