"""The three sections of the app (board, feed, team) and the keys that switch between them."""

from __future__ import annotations

from textual.binding import Binding

SECTION_BINDINGS = [
    Binding("b", "app.section('board')", "Board"),
    Binding("f", "app.section('feed')", "Feed"),
    Binding("t", "app.section('team')", "Team"),
]
