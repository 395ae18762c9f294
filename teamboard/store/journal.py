"""Writing a board: a new board's files, and events appended to a person's own file.

Only `live.py` imports this module (an import-linter contract keeps it so): every write,
from the app, the CLI or the demo, goes through `LiveBoard.perform`, which checks the
action against the rules first. Here the write itself is made safe:

- one lock per person (`filelock`) serialises two processes of the same person, and one
  board lock serialises the check-then-write of everyone writing through this folder;
- TinyDB writes through `AtomicJSONStorage`: a temp file in the same folder, fsync, then a
  rename, so a killed writer leaves the previous file whole;
- a file that is damaged, or holds something TinyDB would mangle, is never written over.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from teamboard.domain.events import RawEvent
from teamboard.store.atomic import atomic_write_bytes, atomic_write_text
from teamboard.store.folder import (
    BOARD_FILE,
    EVENTS_TABLE,
    PERSON_FILE_LIMIT,
    BoardFolder,
    BoardMeta,
    StoreError,
    parse_person_file,
    person_file_bytes,
    read_regular,
)

LOCK_TIMEOUT = 15.0
GITIGNORE = "# teamboard: lock and temp files are per machine\npeople/.*.lock\npeople/.*.tmp\n"
_DOC_KEY = re.compile(r"[1-9][0-9]*")


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads fresh (and strictly) on every read and writes atomically.

    TinyDB's own JSONStorage rewrites the file in place, which a crash can leave half
    written, and its JSON reading keeps the last of two equal keys, which a rewrite would
    then lose. The caller holds the person's lock around read-modify-write.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.written: bytes = b""

    def read(self) -> dict[str, Any] | None:
        try:
            data = read_regular(self.path, PERSON_FILE_LIMIT)
        except FileNotFoundError:
            return None
        return parse_person_file(data, self.path)

    def write(self, data: dict[str, Any]) -> None:
        try:
            self.written = person_file_bytes(data)
        except (ValueError, RecursionError):
            # NaN, a lone surrogate, nesting too deep: the strict read refuses them first.
            raise StoreError(
                f"{self.path}: holds something that cannot be written back as it was "
                "read; the file is left untouched (see 'teamboard check')"
            ) from None
        atomic_write_bytes(self.path, self.written)

    def close(self) -> None:
        pass


@dataclass
class Appended:
    """The person's file as it now is: its bytes, how many events, the highest seq."""

    data: bytes
    count: int
    last_seq: int


@contextlib.contextmanager
def board_lock(board: BoardFolder) -> Iterator[None]:
    """Everyone writing through this folder checks and writes one at a time, so what a
    writer checked against is what the fold will see before its event."""
    _people_folder(board)
    lock = FileLock(board.board_lock_file, timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"{board.board_lock_file}: another teamboard is writing to this board; try again"
        ) from None
    except OSError as error:  # a folder in its place, a read-only share
        raise StoreError(
            f"{board.board_lock_file}: cannot be locked ({error.strerror or error}); "
            "nothing was written"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _people_folder(board: BoardFolder) -> None:
    """people/ is a folder (made if missing), not a file, and not a link: nothing is
    written through a link to somewhere else."""
    people = board.people_dir
    try:
        people.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        pass  # a file or a link where the folder should be: said below
    except OSError as error:
        raise StoreError(
            f"cannot make {people}: {error.strerror or error}; nothing was written"
        ) from None
    try:
        mode = os.lstat(people).st_mode
    except OSError as error:
        raise StoreError(f"{people}: {error.strerror or error}; nothing was written") from None
    if not stat.S_ISDIR(mode):
        what = "a link" if stat.S_ISLNK(mode) else "not a folder"
        raise StoreError(
            f"{people}: is {what}; it should be the folder of people's files, and nothing "
            "was written"
        )


def append(board: BoardFolder, author: str, docs: list[RawEvent], expect_last_seq: int) -> Appended:
    """Append `docs` (complete events, as stored) to the author's own file, all or none.

    `expect_last_seq` is the highest seq the caller saw in that file: if the file has
    changed since (another writer of the same person), nothing is written.
    """
    path = board.person_file(author)
    try:
        with FileLock(board.lock_file(author), timeout=LOCK_TIMEOUT):
            _remove_stale_temp_files(board, author)
            db = TinyDB(path, storage=AtomicJSONStorage)
            storage = db.storage
            assert isinstance(storage, AtomicJSONStorage)
            existing = _writable(storage)
            last_seq = max(
                (d["seq"] for d in existing.values() if isinstance(d.get("seq"), int)),
                default=-1,
            )
            if last_seq != expect_last_seq:
                raise StoreError(
                    f"{path} changed while this change was being checked (another "
                    f"teamboard of {author!r}?); nothing was written, try again"
                )
            db.table(EVENTS_TABLE, cache_size=0).insert_multiple(docs)
            return Appended(storage.written, len(existing) + len(docs), last_seq + len(docs))
    except Timeout:
        raise StoreError(
            f"{path}: another teamboard of {author!r} holds the lock; try again"
        ) from None
    except OSError as error:
        # A full disk, a read-only share: nothing was written (the write is atomic).
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None


def _writable(storage: AtomicJSONStorage) -> dict[str, RawEvent]:
    """The events table, if TinyDB can write it back as it is. TinyDB turns every
    document into a dict and every key into a number when it writes; refuse (and touch
    nothing) rather than let it mangle an odd entry."""
    data = storage.read() or {}
    table: dict[str, Any] = data.get(EVENTS_TABLE, {})  # as read: checked below
    seen: set[int] = set()
    ids: dict[str, str] = {}
    for key, doc in table.items():
        # Only keys TinyDB writes back as they were: "02" and "2" would become one.
        number = int(key) if _DOC_KEY.fullmatch(key) else None
        if not isinstance(doc, dict) or number is None or number in seen:
            raise StoreError(
                f"{storage.path}: entry {key!r} is not an event teamboard can keep when it "
                "writes; the file is left untouched (fix or remove that entry)"
            )
        seen.add(number)
        event_id = doc.get("id")
        if isinstance(event_id, str):
            if event_id in ids:
                # Both copies of a merge resolved by hand: the fold counts one of them.
                raise StoreError(
                    f"{storage.path}: entries {ids[event_id]!r} and {key!r} hold the same "
                    f"event {event_id}; the file is left untouched (remove one copy)"
                )
            ids[event_id] = key
    return table


def _remove_stale_temp_files(board: BoardFolder, author: str) -> None:
    # Only writers of this person make these, and we hold their lock: any left are from
    # a writer that was killed mid-write.
    for tmp in board.people_dir.glob(f".{author}.json.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def create_board_files(root: Path, name: str, founder: str, at: datetime) -> BoardMeta:
    """A new board's folder: board.json, people/ and .gitignore (the founder's join is an
    event, written by the caller)."""
    if (root / BOARD_FILE).exists():
        raise StoreError(f"{root} holds a board already")
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root} exists and is not a folder")
    meta = BoardMeta(name=name, founder=founder, created_at=at.isoformat())
    try:
        (root / "people").mkdir(parents=True, exist_ok=True)
        gitignore = root / ".gitignore"
        if not gitignore.exists():
            atomic_write_text(gitignore, GITIGNORE)
        atomic_write_text(
            root / BOARD_FILE, json.dumps(meta.__dict__, indent=1, ensure_ascii=False)
        )
    except OSError as error:
        raise StoreError(f"cannot make a board in {root}: {error.strerror or error}") from None
    return meta
