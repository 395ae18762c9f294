"""What people see, pinned: the board at 80x24 and 120x40, an experiment, a form error.

The demo board is built at a fixed time and the app runs with the same fixed clock, so
days in stage and due check-ins are the same on every run. Update after an intended
change with: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from teamboard.app import TeamboardApp
from teamboard.demo import build_demo_board

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo_app(tmp_path: Path) -> TeamboardApp:
    board = build_demo_board(tmp_path / "demo", now=NOW)
    app = TeamboardApp(board.root, "maria", watch=False, clock=lambda: NOW)
    app.animation_level = "none"
    return app


async def _loaded(pilot) -> None:
    for _ in range(200):
        if pilot.app.loaded:
            break
        await pilot.pause(0.01)
    await pilot.pause()


def _no_blink(app: TeamboardApp) -> None:
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


def test_board_at_120x40(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=_loaded)


def test_board_at_80x24_with_the_cursor_moved(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("l", "j")

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)


def test_experiment_screen(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("l", "enter")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=before)


def test_new_experiment_form_with_an_error(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("n")
        await pilot.pause()
        _no_blink(pilot.app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        _no_blink(pilot.app)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)
