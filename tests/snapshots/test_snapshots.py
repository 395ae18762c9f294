"""What people see, pinned: the board at 80x24 and 120x40, an experiment, a form error;
the board in a light and a dark theme, with emoji titles, at 60x20 and 50x20; a Select's
list open in a form at 80x24.

The demo board is built at a fixed time and the app runs with the same fixed clock, so
days in stage and due check-ins are the same on every run. Update after an intended
change with: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

from keys import send_keys
from textual.widgets import Select

from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.forms.experiment import ExperimentForm

from .helpers import loaded, no_blink, wait_for


def test_board_at_120x40(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=loaded)


def test_board_at_80x24_with_the_cursor_moved(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await loaded(pilot)
        await send_keys(pilot, "l", "j")

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)


def test_experiment_screen(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await loaded(pilot)
        await send_keys(pilot, "l", "enter")
        await wait_for(
            pilot, lambda: isinstance(pilot.app.screen, ExperimentScreen), "the experiment"
        )
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=before)


def test_new_experiment_form_with_an_error(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await loaded(pilot)
        await send_keys(pilot, "n")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExperimentForm), "the form")
        await pilot.pause()
        no_blink(pilot.app)
        await send_keys(pilot, "ctrl+s")
        form = pilot.app.screen
        await wait_for(pilot, lambda: form.query(".field-error.shown"), "the error")
        await pilot.pause()
        no_blink(pilot.app)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)


def _in_theme(theme: str):
    async def before(pilot) -> None:
        await loaded(pilot)
        pilot.app.theme = theme
        await pilot.pause()

    return before


def test_board_in_a_light_theme(snap_compare, demo_app) -> None:
    """Facts, flags, borders and the selected card readable on a light background."""
    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=_in_theme("catppuccin-latte"))


def test_board_in_a_dark_theme(snap_compare, demo_app) -> None:
    """gruvbox's own cursor text (cream on sage green) made readable on the selected card."""
    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=_in_theme("gruvbox"))


def test_board_with_emoji_titles_at_80x24(snap_compare, emoji_app) -> None:
    """Every border in line, flags, skin tones and ZWJ sequences notwithstanding."""

    async def before(pilot) -> None:
        await loaded(pilot)
        await send_keys(pilot, "j", "j", "j")  # Maria's cards with emoji into view

    assert snap_compare(emoji_app, terminal_size=(80, 24), run_before=before)


def test_board_at_60x20(snap_compare, demo_app) -> None:
    """Every column's title on one line, the cards level; the footer keys that fit."""
    assert snap_compare(demo_app, terminal_size=(60, 20), run_before=loaded)


def test_board_at_50x20(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(50, 20), run_before=loaded)


def test_a_select_list_opens_inside_its_form_at_80x24(snap_compare, demo_app) -> None:
    """The last Select of the form opens its list above itself, inside the form."""

    async def before(pilot) -> None:
        await loaded(pilot)
        await send_keys(pilot, "n")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExperimentForm), "the form")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ExperimentForm)
        select = form.widget("confidence")
        assert isinstance(select, Select)
        select.focus()
        await pilot.pause()
        no_blink(pilot.app)
        await send_keys(pilot, "enter")
        await wait_for(pilot, lambda: select.expanded, "the list to open")
        await pilot.pause()
        no_blink(pilot.app)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)
