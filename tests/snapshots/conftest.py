"""The demo board built at a fixed time, opened by an app with the same fixed clock, so
"3 days ago", due check-ins and praise counts are the same on every run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from teamboard.app import TeamboardApp
from teamboard.demo import build_demo_board

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo_app(tmp_path: Path) -> TeamboardApp:
    board = build_demo_board(tmp_path / "demo", now=NOW)
    app = TeamboardApp(board.root, "maria", watch=False, clock=lambda: NOW)
    app.animation_level = "none"
    return app
