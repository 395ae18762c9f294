"""The command palette: people, experiments and actions by name."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from teamboard.model import Stage
from teamboard.screens.board import BoardScreen
from teamboard.screens.forms import ExperimentForm
from teamboard.screens.identity import IdentityScreen

from .helpers import (
    BIG,
    SMALL,
    board_screen,
    by_title,
    column,
    make_app,
    shown_ids,
    wait_loaded,
    wait_until,
)


def hits(app) -> list[str]:
    found = app.screen.query_one(CommandList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def search(pilot, text: str, first_hit: str) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*text)
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
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        screen = board_screen(app)
        assert screen.filter.member == "zoe"
        assert {e.owner for c in screen.columns for e in c.experiments} == {"zoe"}
        assert len(shown_ids(app)) == 2
        await pilot.press("escape")
        assert len(shown_ids(app)) == 12


async def test_an_experiment_in_the_palette_puts_the_cursor_on_it_even_if_filtered_out(demo):
    app = make_app(demo, "jonas")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await pilot.press("m")  # only Jonas's
        target = by_title(demo, "SQL window functions")  # Ömer's, in Reflection
        assert target.id not in shown_ids(app)
        await search(pilot, "window func", "Experiment: SQL window functions")
        await pilot.press("enter")
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
        await pilot.press("enter")  # an experiment screen on top of the board
        await search(pilot, "New experiment", "New experiment")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentForm))
        # The experiment screen was closed on the way: under the form is the board.
        assert isinstance(app.screen_stack[-2], BoardScreen)


async def test_who_am_i_in_the_palette_switches_the_person(demo, tmp_path):
    remember = tmp_path / "id.json"
    app = make_app(demo, "maria", remember_file=remember)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await search(pilot, "Who am I", "Who am I")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        # The picker starts on the current person.
        who = app.screen.query_one("#who", OptionList)
        assert who.highlighted == who.get_option_index("maria")
        target = who.get_option_index("jonas")
        await pilot.press(*(["up"] * (who.highlighted - target)), "enter")
        await wait_until(pilot, lambda: app.me == "jonas")
        assert isinstance(app.screen, BoardScreen)
    assert remember.exists()


async def test_jumping_from_the_palette_while_the_filter_box_is_open(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"numbers")
        target = by_title(demo, "SQL window functions")
        await search(pilot, "SQL window", "Experiment: SQL window functions")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        screen = board_screen(app)
        assert screen.selected_id == target.id
        box = screen.query_one("#filter-input", Input)
        # What the box shows is the filter in force (or the box is closed)...
        assert not box.display or box.value == screen.filter.text
        # ...so a key pressed next does not hide the experiment that was jumped to.
        await pilot.press("down")
        assert target.id in shown_ids(app)
