"""What a person chose for the app on this machine (the theme), kept between runs.

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
