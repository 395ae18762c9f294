"""What this computer remembers for its user, between runs: who they are on each board,
the theme they chose, per board the order of its columns, and the keys that sign what
they write (store/keys.py keeps them, in `keys_folder()`).

Two small JSON files in the user's config folder (never in the board folder, which is
shared): `identity.json` (board folder -> member id) and `preferences.json`. Each is
written atomically, so two apps closing at once leave one whole file; a file that cannot
be read counts as nothing remembered. Only the app and the CLI call this: screens never
write files.

Who is at the keyboard: `--as`, then TEAMBOARD_USER, then the choice remembered for this
board on this computer (the app asks once, with a picker).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from teamboard.store.atomic import atomic_write_text
from teamboard.store.paths import APP_NAME


def identity_file() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "identity.json"


def preferences_file() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "preferences.json"


def keys_folder() -> Path:
    """Where this computer keeps its people's private keys (never in a board folder)."""
    return platformdirs.user_config_path(APP_NAME) / "keys"


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # nothing remembered, or a file we cannot use: ask again
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, indent=1, ensure_ascii=False))


def _board_key(board_root: Path) -> str:
    """A board is known by its folder's resolved path (a board opened through a symlink
    or a relative path is the same board)."""
    try:
        return str(Path(board_root).expanduser().resolve())
    except OSError:
        return str(Path(board_root).expanduser().absolute())


# --- who I am on each board ---------------------------------------------------------------


def remembered_member(root: Path, path: Path | None = None) -> str | None:
    member = _read(path or identity_file()).get(_board_key(root))
    return member if isinstance(member, str) else None


def remember_member(root: Path, member_id: str, path: Path | None = None) -> None:
    path = path or identity_file()
    data = _read(path)
    data[_board_key(root)] = member_id
    _write(path, data)


def resolve_member(root: Path, given: str | None, path: Path | None = None) -> str | None:
    """The member id to act as, or None when the app should ask."""
    for candidate in (given, os.environ.get("TEAMBOARD_USER", "").strip()):
        if candidate:
            return candidate.strip().lower()
    return remembered_member(root, path)


# --- the theme ----------------------------------------------------------------------------


def remembered_theme(path: Path | None = None) -> str | None:
    """The theme chosen last, if one was."""
    theme = _read(path or preferences_file()).get("theme")
    return theme if isinstance(theme, str) and theme else None


def remember_theme(theme: str, path: Path | None = None) -> None:
    """Keep `theme` as the one to start with (other preferences in the file stay)."""
    path = path or preferences_file()
    data = _read(path)
    if data.get("theme") != theme:
        data["theme"] = theme
        _write(path, data)


# --- per board: choices a team makes for one board (the board's column order...) ---------


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
    if choices.get(name) != value:
        choices[name] = value
        _write(path, data)
