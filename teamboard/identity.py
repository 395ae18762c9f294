"""Who is at the keyboard: `--as`, then TEAMBOARD_USER, then the choice remembered for
this board on this machine (the app asks once, with a picker)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from teamboard.atomic import atomic_write_text
from teamboard.paths import APP_NAME


def remembered_file() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "identity.json"


def _board_key(root: Path) -> str:
    return str(Path(root).expanduser().resolve())


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # nothing remembered, or a file we cannot use: ask again
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def remembered(root: Path, path: Path | None = None) -> str | None:
    return _read(path or remembered_file()).get(_board_key(root))


def remember(root: Path, member_id: str, path: Path | None = None) -> None:
    path = path or remembered_file()
    data = _read(path)
    data[_board_key(root)] = member_id
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, indent=1, ensure_ascii=False))


def resolve(root: Path, given: str | None, path: Path | None = None) -> str | None:
    """The member id to act as, or None when the app should ask."""
    for candidate in (given, os.environ.get("TEAMBOARD_USER", "").strip()):
        if candidate:
            return candidate.strip().lower()
    return remembered(root, path)
