"""Where teamboard keeps its default board and this machine's cache."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "teamboard"


def default_board_dir() -> Path:
    """`TEAMBOARD_DIR`, else a board in the user's data folder."""
    env = os.environ.get("TEAMBOARD_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "board"


def default_cache_dir() -> Path:
    """This machine's cache of folded boards (safe to delete at any time)."""
    return platformdirs.user_cache_path(APP_NAME)
