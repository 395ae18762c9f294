"""What people see, pinned: the board at 80x24 and 120x40, an experiment, a form error.

The demo board is built at a fixed time and the app runs with the same fixed clock, so
days in stage and due check-ins are the same on every run. Update after an intended
change with: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

from .helpers import loaded, no_blink


def test_board_at_120x40(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=loaded)


def test_board_at_80x24_with_the_cursor_moved(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await loaded(pilot)
        await pilot.press("l", "j")

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)


def test_experiment_screen(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await loaded(pilot)
        await pilot.press("l", "enter")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=before)


def test_new_experiment_form_with_an_error(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await loaded(pilot)
        await pilot.press("n")
        await pilot.pause()
        no_blink(pilot.app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        no_blink(pilot.app)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)
