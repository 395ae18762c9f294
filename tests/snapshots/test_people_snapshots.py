"""The people side, pinned: the recognition feed and the team screen at 100x32.

The demo board is built at a fixed time and the app runs with the same fixed clock, so
"2 days ago", praise counts and due check-ins are the same on every run. Update after an
intended change with: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

from keys import send_keys

from teamboard.tui.screens.feed import FeedScreen
from teamboard.tui.screens.people import PeopleScreen

from .helpers import loaded, wait_for


async def _section(pilot, key: str, screen_type: type) -> None:
    await loaded(pilot)
    await send_keys(pilot, key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type), f"{screen_type}")
    await pilot.pause()


def test_feed_screen(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await _section(pilot, "f", FeedScreen)

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=before)


def test_team_screen(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await _section(pilot, "t", PeopleScreen)

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=before)
