"""Where an imported board may go, and the hidden folder it is built in beside that place
before it is renamed into it whole.

The place is new or an empty folder, never a link (nor a link left dangling), never inside
a board (found by its board.json, by the path as given and as the links lead). Missing
folders above it are made one at a time, never through a link. The staging folder is
locked while its import runs; one left by an import that was killed (its lock is free)
is removed by the next import into the same folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from teamboard.domain.events import new_id
from teamboard.store.folder import BOARD_FILE, StoreError, board_holding

_STAGING = re.compile(r"\..+\.import-[0-9a-f]{12}")
_NOTHING = "nothing was imported"


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def import_place(given: str | Path) -> Path:
    """The folder a new board is imported into, absolute (its links not followed), after
    checking that it may go there; raises StoreError."""
    root = Path(os.path.abspath(Path(given).expanduser()))
    if _is_link(root):
        raise StoreError(f"{root} is a link; import into a new or empty folder; {_NOTHING}")
    if root.exists():
        if not root.is_dir():
            raise StoreError(f"{root} exists and is not a folder; {_NOTHING}")
        if (root / BOARD_FILE).exists():
            raise StoreError(f"{root} holds a board already; import into a new folder")
        if any(root.iterdir()):
            raise StoreError(f"{root} is not empty; import into a new or empty folder")
    board = board_holding(root)
    if board is not None:
        raise StoreError(
            f"{root} is inside the board in {board}; import into a folder outside any "
            f"board; {_NOTHING}"
        )
    existing = root.parent
    while not os.path.lexists(existing):
        existing = existing.parent
    # The folder it goes in may be reached through a link; a folder to be made may not.
    if not existing.is_dir() or (existing != root.parent and _is_link(existing)):
        what = "a link" if _is_link(existing) else "not a folder"
        raise StoreError(f"{existing} is {what}; teamboard makes no folder through it; {_NOTHING}")
    return root


def _make_parents(folder: Path) -> None:
    """The missing folders down to `folder`, each made as a folder (never through a link:
    mkdir makes none where a link stands)."""
    missing: list[Path] = []
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        os.mkdir(each)


def _lock(staging: Path) -> FileLock:
    return FileLock(f"{staging}.lock", timeout=0)


def remove_leftovers(parent: Path) -> None:
    """Remove the staging folders of killed imports in `parent` (their locks are free)."""
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        if not (_STAGING.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)):
            continue
        path = parent / entry.name
        lock = _lock(path)
        try:
            lock.acquire()
        except (Timeout, OSError):
            continue  # an import is building it now
        try:
            shutil.rmtree(path, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.unlink(lock.lock_file)
        finally:
            lock.release()


@contextlib.contextmanager
def staged(root: Path) -> Iterator[Path]:
    """A new hidden folder beside `root` (from import_place), locked while the import
    builds the board in it; removed afterwards unless it was renamed to `root`. Raises
    OSError."""
    _make_parents(root.parent)
    remove_leftovers(root.parent)
    staging = root.parent / f".{root.name}.import-{new_id()[:12]}"
    lock = _lock(staging)
    lock.acquire()  # before the folder exists: a folder whose lock is free is a leftover
    try:
        staging.mkdir()
        yield staging
    finally:
        if os.path.lexists(staging):
            shutil.rmtree(staging, ignore_errors=True)
        lock.release()
        with contextlib.suppress(OSError):
            os.unlink(lock.lock_file)
