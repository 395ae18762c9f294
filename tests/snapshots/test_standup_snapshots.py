"""The stand-up screen pinned: at 80x24 (one column that scrolls) and at 160x45 (the
shared-screen layout: the name in a banner, a big timer, what they need and their next
steps beside their cards), in a dark and a light theme. The demo board and the app's
clock are fixed, so the timer shows the whole 1:30 and "since" is the demo's last
stand-up. Update after an intended change with:
pytest tests/snapshots/test_standup_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from keys import send_keys

from teamboard.tui.screens.standup import StandupScreen

from .helpers import loaded, wait_for


def _standup_in(theme: str, *keys: str):
    async def before(pilot) -> None:
        await loaded(pilot)
        pilot.app.theme = theme
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, StandupScreen), "the stand-up")
        await pilot.pause()
        await send_keys(pilot, *keys)

    return before


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_standup_screen(snap_compare, demo_app, theme: str, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=_standup_in(theme))


def test_standup_wins_at_160x45(snap_compare, demo_app) -> None:
    assert snap_compare(
        demo_app, terminal_size=(160, 45), run_before=_standup_in("textual-dark", "E")
    )
