"""The sections of the app (board, feed, team, insights) and the keys that switch between them.

Each section is one of the app's modes (TeamboardApp.MODES), with its own stack of screens.
"""

from __future__ import annotations

from textual.binding import Binding

SECTION_BINDINGS = [
    Binding(
        "b", "app.switch_mode('board')", "Board", tooltip="switch to the board: the four stages"
    ),
    Binding(
        "f",
        "app.switch_mode('feed')",
        "Feed",
        tooltip="switch to the feed: praise, support notes and milestones",
    ),
    Binding(
        "t",
        "app.switch_mode('team')",
        "Team",
        tooltip="switch to the team: who supports whom, and what needs attention",
    ),
    # Out of the footer, where the first three fill 80 columns: help and the palette say it.
    Binding(
        "i",
        "app.switch_mode('insights')",
        "Insights",
        show=False,
        tooltip="switch to insights: which of the seven levers is working, with charts",
    ),
    # Not a section, but started from each of them (teamboard.tui.screens.standup).
    Binding(
        "s",
        "app.standup",
        "Stand-up",
        tooltip="start the stand-up (or join the one running): one person at a time",
    ),
]
