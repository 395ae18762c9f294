"""Waiting for the demo app and keeping its cursor still, for stable snapshots."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from teamboard.tui.app import TeamboardApp


async def wait_for(
    pilot: Pilot, predicate: Callable[[], object], what: str, timeout: float = 10.0
) -> None:
    """Let the app run until `predicate()` holds; fail, saying what for, after `timeout`
    seconds (a snapshot of a screen that is not there yet would fail less clearly)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await pilot.pause(0.01)


async def loaded(pilot: Pilot) -> None:
    """Wait until the board is read and who I am is known."""
    app = pilot.app
    assert isinstance(app, TeamboardApp)
    await wait_for(pilot, lambda: app.loaded and app.me, "the board to load")
    await pilot.pause()


def no_blink(app: TeamboardApp) -> None:
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
