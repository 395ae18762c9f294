"""What a person chose for the app on this machine (the theme; per board, the order of
its columns), kept between runs.

One small JSON file per user, next to the remembered identity (teamboard.identity), in the
user's config folder; written atomically, so two apps closing at once leave one whole
file. A file that cannot be read counts as nothing chosen. Only the app calls this:
screens never write files.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs

from teamboard.atomic import atomic_write_text
from teamboard.paths import APP_NAME


def preferences_file() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "preferences.json"


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_theme(path: Path | None = None) -> str | None:
    """The theme chosen last, if one was."""
    theme = _read(path or preferences_file()).get("theme")
    return theme if isinstance(theme, str) and theme else None


def remember_theme(theme: str, path: Path | None = None) -> None:
    """Keep `theme` as the one to start with (other preferences in the file stay)."""
    path = path or preferences_file()
    data = _read(path)
    if data.get("theme") == theme:
        return
    data["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, indent=1, ensure_ascii=False))


# --- per board: choices a team makes for one board (the board's column order...) ---------


def _board_key(board_root: Path) -> str:
    """A board is known by its folder's resolved path (a board opened through a symlink
    or a relative path is the same board)."""
    try:
        return str(board_root.resolve())
    except OSError:
        return str(board_root.absolute())


def remembered_for_board(board_root: Path, name: str, path: Path | None = None) -> str | None:
    """The choice `name` made last for this board, if one was."""
    boards = _read(path or preferences_file()).get("boards")
    choices = boards.get(_board_key(board_root)) if isinstance(boards, dict) else None
    value = choices.get(name) if isinstance(choices, dict) else None
    return value if isinstance(value, str) and value else None


def remember_for_board(board_root: Path, name: str, value: str, path: Path | None = None) -> None:
    """Keep `value` as this board's choice `name` (other boards' and other preferences
    stay)."""
    path = path or preferences_file()
    data = _read(path)
    boards = data.get("boards")
    if not isinstance(boards, dict):
        boards = data["boards"] = {}
    key = _board_key(board_root)
    choices = boards.get(key)
    if not isinstance(choices, dict):
        choices = boards[key] = {}
    if choices.get(name) == value:
        return
    choices[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, indent=1, ensure_ascii=False))


COLUMN_ORDER = "column_order"


def remembered_column_order(board_root: Path, path: Path | None = None) -> str | None:
    """The board's column order chosen last on this machine (teamboard.cards.ColumnOrder)."""
    return remembered_for_board(board_root, COLUMN_ORDER, path)


def remember_column_order(board_root: Path, order: str, path: Path | None = None) -> None:
    remember_for_board(board_root, COLUMN_ORDER, order, path)
