"""The demo board built at a fixed time, opened by an app with the same fixed clock, so
"3 days ago", due check-ins and praise counts are the same on every run. It is built once
per session and each test opens a copy of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from teamboard.domain import actions
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.tui.app import TeamboardApp

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo(tmp_path: Path, demo_board_at: Callable[[datetime], Path]) -> Path:
    """A fresh copy of the demo board built at NOW."""
    root = tmp_path / "demo"
    shutil.copytree(demo_board_at(NOW), root)
    return root


@pytest.fixture
def demo_app(demo: Path) -> TeamboardApp:
    app = TeamboardApp(demo, "maria", watch=False, clock=lambda: NOW)
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
def emoji_app(demo: Path, tmp_path: Path) -> TeamboardApp:
    """The demo board with Maria's four experiments with emoji titles (in Goal)."""
    live = LiveBoard(BoardFolder.open(demo), cache_dir=tmp_path / "cache", clock=lambda: NOW)
    live.open()
    for title in EMOJI_TITLES:
        live.perform("maria", actions.create_experiment(title))
    app = TeamboardApp(demo, "maria", watch=False, clock=lambda: NOW)
    app.animation_level = "none"
    return app
