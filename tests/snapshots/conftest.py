"""The demo board built at a fixed time, opened by an app with the same fixed clock, so
"3 days ago", due check-ins and praise counts are the same on every run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from teamboard.demo import build_demo_board
from teamboard.domain import actions
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.tui.app import TeamboardApp

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo_app(tmp_path: Path) -> TeamboardApp:
    board = build_demo_board(tmp_path / "demo", now=NOW)
    app = TeamboardApp(board.root, "maria", watch=False, clock=lambda: NOW)
    app.animation_level = "none"
    return app


# Titles with what terminals draw at different widths: flags, skin tones, ZWJ sequences,
# emoji presentation selectors.
EMOJI_TITLES = [
    "Flags 🇩🇪🇫🇷 for the Berlin and Paris offices",
    "Thumbs 👍🏽 up 👍🏿 for review comments",
    "Pair 👩‍💻 coding 👨‍👩‍👧 with the team",
    "Hearts ❤️ and ⚠️ warnings ✔️",
]


@pytest.fixture
def emoji_app(tmp_path: Path) -> TeamboardApp:
    """The demo board with Maria's four experiments with emoji titles (in Goal)."""
    board = build_demo_board(tmp_path / "demo", now=NOW)
    live = LiveBoard(BoardFolder.open(board.root), cache_dir=tmp_path / "cache", clock=lambda: NOW)
    live.open()
    for title in EMOJI_TITLES:
        live.perform("maria", actions.create_experiment(title))
    app = TeamboardApp(board.root, "maria", watch=False, clock=lambda: NOW)
    app.animation_level = "none"
    return app
