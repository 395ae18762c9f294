"""Where teamboard finds its stylesheets and its default board."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "teamboard"


def styles_dir() -> Path:
    """The stylesheets: inside the package in a wheel, at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "styles", here.parent / "styles"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"teamboard's stylesheets are missing (looked in {here})")


def default_board_dir() -> Path:
    """`TEAMBOARD_DIR`, else a board in the user's data folder."""
    env = os.environ.get("TEAMBOARD_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "board"


def default_cache_dir() -> Path:
    """This machine's cache of folded boards (safe to delete at any time)."""
    return platformdirs.user_cache_path(APP_NAME)
