"""The command palette: people, experiments and actions by name."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from teamboard.domain.events import Stage
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.feed import FeedScreen
from teamboard.tui.screens.forms.experiment import ExperimentForm
from teamboard.tui.screens.help import HelpScreen
from teamboard.tui.screens.identity import IdentityScreen
from teamboard.tui.screens.people import PeopleScreen

from .helpers import (
    BIG,
    SMALL,
    board_screen,
    by_title,
    column,
    make_app,
    notices,
    open_filter_box,
    screen_text,
    send_keys,
    shown_ids,
    wait_loaded,
    wait_until,
)


def hits(app) -> list[str]:
    found = app.screen.query_one(CommandList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def search(pilot, text: str, first_hit: str) -> None:
    app = pilot.app
    await send_keys(pilot, "ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await send_keys(pilot, *text)
    await wait_until(
        pilot,
        lambda: hits(app) and hits(app)[0].startswith(first_hit),
        what=f"{first_hit!r} first among the hits",
    )


async def test_person_in_the_palette_filters_the_board(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await search(pilot, "Person: Zoë", "Person: Zoë Lambert")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        screen = board_screen(app)
        assert screen.filter.member == "zoe"
        assert {e.owner for c in screen.columns for e in c.experiments} == {"zoe"}
        assert len(shown_ids(app)) == 2
        await send_keys(pilot, "escape")
        assert len(shown_ids(app)) == 12


async def test_an_experiment_in_the_palette_puts_the_cursor_on_it_even_if_filtered_out(demo):
    app = make_app(demo, "jonas")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "m")  # only Jonas's
        target = by_title(demo, "SQL window functions")  # Ömer's, in Reflection
        assert target.id not in shown_ids(app)
        await search(pilot, "window func", "Experiment: SQL window functions")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        screen = board_screen(app)
        assert screen.selected_id == target.id
        assert not screen.filter.active
        reflection = column(app, Stage.REFLECTION)
        assert screen.column_index == 2
        assert reflection.experiments[reflection.cursor].id == target.id


async def test_palette_actions_work_from_another_screen(demo):
    app = make_app(demo)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "enter")  # an experiment screen on top of the board
        await search(pilot, "New experiment", "New experiment")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentForm))
        # The experiment screen was closed on the way: under the form is the board.
        assert isinstance(app.screen_stack[-2], BoardScreen)


async def test_who_am_i_in_the_palette_switches_the_person(demo, tmp_path):
    remember = tmp_path / "id.json"
    app = make_app(demo, "maria", remember_file=remember)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await search(pilot, "Who am I", "Who am I")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        # The picker starts on the current person.
        who = app.screen.query_one("#who", OptionList)
        assert who.highlighted == who.get_option_index("maria")
        target = who.get_option_index("jonas")
        await send_keys(pilot, *(["up"] * (who.highlighted - target)), "enter")
        await wait_until(pilot, lambda: app.me == "jonas")
        assert isinstance(app.screen, BoardScreen)
    assert remember.exists()


async def test_jumping_from_the_palette_while_the_filter_box_is_open(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await open_filter_box(pilot)
        await send_keys(pilot, *"numbers")
        target = by_title(demo, "SQL window functions")
        await search(pilot, "SQL window", "Experiment: SQL window functions")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        screen = board_screen(app)
        assert screen.selected_id == target.id
        box = screen.query_one("#filter-input", Input)
        # What the box shows is the filter in force (or the box is closed)...
        assert not box.display or box.value == screen.filter.text
        # ...so a key pressed next does not hide the experiment that was jumped to.
        await send_keys(pilot, "down")
        assert target.id in shown_ids(app)


def _titles(app) -> list[str]:
    """The first line of each hit: its title (the help text follows on its own line)."""
    return [hit.splitlines()[0].strip() for hit in hits(app)]


async def test_theme_and_keys_are_in_the_palette_once_and_keys_opens_our_help(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await wait_until(pilot, lambda: "Who am I" in _titles(app), what="the commands")
        shown = _titles(app)
        assert shown.count("Theme") == 1
        assert shown.count("Keys") == 1
        assert not [t for t in shown if t != "Theme" and "theme" in t.casefold()]
        assert not [t for t in shown if t != "Keys" and "keys" in t.casefold()]
        await send_keys(pilot, *"keys")
        await wait_until(pilot, lambda: _titles(app)[:1] == ["Keys"], what="Keys first")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "move the card forward a stage" in screen_text(app)


async def test_the_palette_switches_sections_and_goes_to_the_board_from_them(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await search(pilot, "Switch to the team", "Switch to the team")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await search(pilot, "Switch to the feed", "Switch to the feed")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedScreen))
        assert app.current_mode == "feed"
        await search(pilot, "Person: Zoë", "Person: Zoë Lambert")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert app.current_mode == "board"
        assert board_screen(app).filter.member == "zoe"


async def test_a_palette_action_the_rules_refuse_says_why(demo):
    app = make_app(demo, None)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await send_keys(pilot, "escape")  # just looking
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await search(pilot, "New experiment", "New experiment")
        await send_keys(pilot, "enter")
        await wait_until(
            pilot,
            lambda: any("Choose who you are first" in n for n in notices(app)),
            what="the reason",
        )
        assert isinstance(app.screen, BoardScreen)
