"""Saving an export or a story to a file of the person's choosing (never into the board).

The command line writes to the file named with `-o` (an existing one only with --force);
the app saves under a new name in its export folder, never over an existing file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from teamboard.store.atomic import atomic_write_bytes, fsync_dir


class SaveError(Exception):
    """A file that cannot be written, in one line for a person."""


def write_file(path: Path, data: bytes, force: bool = False) -> Path:
    """Write `data` to `path` whole (a temp file renamed into place): an existing file
    only with `force`, never a folder."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise SaveError(f"{path} is a folder; name a file")
    if (path.exists() or path.is_symlink()) and not force:
        raise SaveError(f"{path} exists; give --force to write over it")
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        raise SaveError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def slug(text: str, fallback: str = "board") -> str:
    """A file name's part from a person's words: 'Zoë's retro' -> 'zoes-retro'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", plain.replace("'", "").lower()).strip("-")
    return words[:60].rstrip("-") or fallback


def save_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Save `data` as `folder/stem.suffix`, or stem-2, stem-3... if taken: a new file,
    never over an existing one."""
    folder = Path(folder).expanduser()
    for n in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            handle = open(path, "xb")  # noqa: SIM115 (closed below; "x": a new file only)
        except FileExistsError:
            continue
        except OSError as error:
            raise SaveError(f"cannot write {path}: {error.strerror or error}") from None
        try:
            with handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            path.unlink(missing_ok=True)  # a full disk: no half file left behind
            raise SaveError(f"cannot write {path}: {error.strerror or error}") from None
        fsync_dir(folder)
        return path
    raise SaveError(f"{folder} holds 999 files named {stem}; clear some away")


def start_folder() -> Path:
    """The folder teamboard was started in (or the home folder, if that is gone)."""
    try:
        return Path.cwd()
    except OSError:
        return Path.home()


def dated_stem(name: str, now: datetime) -> str:
    """'product-team-2026-11-27': the board's name and the day, for an export's file."""
    return f"{slug(name)}-{now:%Y-%m-%d}"
