"""The people side, pinned: the recognition feed and the team screen at 100x32.

The demo board is built at a fixed time and the app runs with the same fixed clock, so
"2 days ago", praise counts and due check-ins are the same on every run. Update after an
intended change with: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from teamboard.app import TeamboardApp
from teamboard.demo import build_demo_board
from teamboard.screens.feed import FeedScreen
from teamboard.screens.people import PeopleScreen

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo_app(tmp_path: Path) -> TeamboardApp:
    board = build_demo_board(tmp_path / "demo", now=NOW)
    app = TeamboardApp(board.root, "maria", watch=False, clock=lambda: NOW)
    app.animation_level = "none"
    return app


async def _loaded(pilot) -> None:
    for _ in range(200):
        if pilot.app.loaded and pilot.app.me:
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def _section(pilot, key: str, screen_type: type) -> None:
    await _loaded(pilot)
    await pilot.press(key)
    for _ in range(200):
        if isinstance(pilot.app.screen, screen_type):
            break
        await pilot.pause(0.01)
    await pilot.pause()


def test_feed_screen(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await _section(pilot, "f", FeedScreen)

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=before)


def test_team_screen(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await _section(pilot, "t", PeopleScreen)

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=before)
