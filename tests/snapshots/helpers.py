"""Waiting for the demo app and keeping its cursor still, for stable snapshots."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from teamboard.tui.app import TeamboardApp


async def loaded(pilot) -> None:
    """Wait until the board is read and who I am is known."""
    for _ in range(200):
        if pilot.app.loaded and pilot.app.me:
            break
        await pilot.pause(0.01)
    await pilot.pause()


def no_blink(app: TeamboardApp) -> None:
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
