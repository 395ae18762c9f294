"""Saving an export or a story to a file of the person's choosing (never into a board).

One function, `save_file`, writes every export and story, from the command line (`-o`,
an existing file only with --force) and from the app (`save_new`: a new name in its export
folder, never over an existing file). It refuses any place inside a board folder (this
board or another: an export written over a person's file or board.json damages the
board), and anything there but a regular file (a link is never followed, even with
--force; a pipe or a device is never written into). The file is written whole beside the
target and renamed into place: a replaced file keeps its mode, a new one gets 0644 minus
the umask.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from datetime import datetime
from pathlib import Path

from teamboard.store.atomic import EXPORT_MODE, atomic_write_bytes
from teamboard.store.folder import board_holding, file_kind


class SaveError(Exception):
    """A file that cannot be written, in one line for a person; nothing was written."""


class InsideBoard(SaveError):
    """A place inside a board folder."""

    def __init__(self, path: Path, board: Path) -> None:
        self.path, self.board = path, board
        super().__init__(
            f"{path} is inside the board folder {board}; an export is never written into "
            "a board: name a file outside it"
        )


class Taken(SaveError):
    """A name already taken: by something that is never written over, or by a file and
    no leave to write over it."""


def save_file(path: Path, data: bytes, force: bool = False) -> Path:
    """Write `data` to `path` whole (a temp file beside it, renamed into place): a new
    name, or with `force` a regular file; never inside a board, never anything else."""
    path = Path(path).expanduser()
    board = board_holding(path)
    if board is not None:
        raise InsideBoard(path, board)
    try:
        mode: int | None = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise SaveError(f"cannot write {path}: {error.strerror or error}") from None
    if mode is not None and not stat.S_ISREG(mode):
        what = "never followed" if stat.S_ISLNK(mode) else "never written into"
        raise Taken(f"{path} is {file_kind(mode)} ({what}, even with --force); name a regular file")
    if mode is not None and not force:
        raise Taken(f"{path} exists; give --force to write over it")
    try:
        # Without --force, only a name that is still free when the file is whole.
        atomic_write_bytes(path, data, new_mode=EXPORT_MODE, only_new=not force)
    except FileExistsError:
        raise Taken(f"{path} exists; give --force to write over it") from None
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
    never over an existing one (`save_file` without force)."""
    folder = Path(folder).expanduser()
    for n in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            return save_file(path, data)
        except Taken:
            continue
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
