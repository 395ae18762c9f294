"""The insights screen, pinned: the seven levers at 80x24 (each with its trend, verdict
and advice on one line), at 160x45 in a dark and a light theme (each with its advice in
full and its other signals), and at 120x40 with the practice lever open (its signals, its
chart and the experiments behind its number).

The demo board is built at a fixed time and the app runs with the same fixed clock. Update
after an intended change with: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

import pytest
from keys import send_keys
from textual.widgets import Collapsible

from teamboard.tui.screens.insights import InsightsScreen

from .helpers import loaded, wait_for


async def _insights(pilot) -> InsightsScreen:
    await loaded(pilot)
    await send_keys(pilot, "i")

    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, InsightsScreen) and screen.shown is not None

    await wait_for(pilot, shown, "the insights to be worked out")
    await pilot.pause()
    return pilot.app.screen


def test_insights_at_80x24(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        await _insights(pilot)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)


def test_insights_at_120x40_with_a_lever_open(snap_compare, demo_app) -> None:
    async def before(pilot) -> None:
        screen = await _insights(pilot)
        lever = screen.query_one("#lever-4", Collapsible)
        lever.collapsed = False
        lever.query_one("CollapsibleTitle").focus()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=before)


@pytest.mark.parametrize("theme", ["textual-dark", "catppuccin-latte"])
def test_insights_at_160x45(snap_compare, demo_app, theme: str) -> None:
    async def before(pilot) -> None:
        pilot.app.theme = theme
        await _insights(pilot)
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(160, 45), run_before=before)
