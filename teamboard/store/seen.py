"""What this computer has seen of each person's file of a board, so that a log that lost
events, or holds them changed, is named ("people/cara.json lost 3 events this computer had
seen"): a log only ever grows (a correction is an event of its own), so a shorter one was
cut, and a changed event was edited, whether by hand, by git or by a rollback.

For each file, one record per event ever seen in it: a digest of its id and one of what it
says, its place in the log aside (events.what_it_says: a merge of one person's two
computers numbers the log again). Records are only ever added, so a loss stays named until
the events are back. And, while the file holds every event seen as it was seen, a digest
of its bytes up to its last event: a file that only grew since (the common case) still
starts with those bytes, and only its new events are digested; any other file is read in
full and compared event by event.

Kept in the user's cache folder (never the board folder, which others can write), one
small file per person file of each board (16 bytes an event), written atomically when it
changes; a board made again in the same folder starts afresh. Deleting it only forgets:
the next reading remembers the files as they are then.
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teamboard.domain.events import what_it_says
from teamboard.domain.text import plural
from teamboard.store.atomic import atomic_write_bytes

MAGIC = b"teamboard: events seen, 1\n"
_RECORD = 16  # an event: 8 bytes of its id's digest, 8 of what it says
_HEADER = struct.Struct("<QQ32s")  # bytes up to the last event, events then, their digest


@dataclass(frozen=True)
class Lost:
    """A person's file that lacks events this computer had seen in it, or holds them
    changed."""

    path: Path
    missing: int
    changed: int = 0
    gone: bool = False  # the whole file

    def __str__(self) -> str:
        if self.gone:
            return (
                f"{self.path} is gone, with the {plural(self.missing, 'event')} this "
                "computer had seen in it (deleted or renamed?)"
            )
        said = []
        if self.missing:
            said.append(f"lost {plural(self.missing, 'event')} this computer had seen")
        if self.changed:
            they = "it" if self.changed == 1 else "them"
            said.append(
                f"holds {plural(self.changed, 'event')} changed since this computer saw {they}"
            )
        return f"{self.path} {' and '.join(said)} (cut or edited by hand, or a rollback?)"


@dataclass
class _Memory:
    """One file's records (16 bytes each, in the order seen: kept as bytes, and made a
    table only to compare a file in full) and, when the file held them all as they were,
    the digest of its bytes up to its last event."""

    records: bytes = b""
    prefix_len: int = 0
    count: int = 0
    prefix: bytes = b""  # empty: the file must be compared in full next time

    def to_bytes(self) -> bytes:
        header = _HEADER.pack(self.prefix_len, self.count, self.prefix.ljust(32, b"\0"))
        return MAGIC + header + self.records

    @classmethod
    def from_bytes(cls, data: bytes) -> _Memory:
        start = len(MAGIC) + _HEADER.size
        if not data.startswith(MAGIC) or len(data) < start or (len(data) - start) % _RECORD:
            return cls()  # not one of ours: nothing remembered
        prefix_len, count, prefix = _HEADER.unpack_from(data, len(MAGIC))
        return cls(data[start:], prefix_len, count, prefix.rstrip(b"\0"))

    def table(self) -> dict[bytes, bytes]:
        """id digest -> what-it-says digest (the first seen, for an id seen twice)."""
        table: dict[bytes, bytes] = {}
        records = self.records
        for i in range(0, len(records), _RECORD):
            table.setdefault(records[i : i + 8], records[i + 8 : i + _RECORD])
        return table


def _digest(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def _records(docs: Iterable[object]) -> list[tuple[bytes, bytes]]:
    found = []
    for doc in docs:
        says = hashlib.blake2b(what_it_says(doc).encode("utf-8", "surrogatepass"), digest_size=8)
        event_id = doc.get("id") if isinstance(doc, dict) else None
        if isinstance(event_id, str):
            key = hashlib.blake2b(event_id.encode("utf-8", "surrogatepass"), digest_size=8)
            found.append((key.digest(), says.digest()))
        else:  # no id: known by what it says (it can be lost, not changed)
            found.append((says.digest(), says.digest()))
    return found


def _events(data: bytes) -> list[Any] | None:
    """Every entry of a person's file's events table, or None when it is not one."""
    try:
        parsed = json.loads(data)
    except ValueError:
        return None
    table = parsed.get("events", {}) if isinstance(parsed, dict) else None
    return list(table.values()) if isinstance(table, dict) else None


def _appended(data: bytes, start: int, end: int) -> list[Any] | None:
    """The entries written between two ends of the events table (`,\\n  "7": {...},
    ...`), or None when the bytes are not that."""
    chunk = data[start:end].lstrip()
    if not chunk.startswith(b","):
        return None
    try:
        parsed = json.loads(b"{" + chunk[1:] + b"}")
    except ValueError:
        return None
    return list(parsed.values()) if isinstance(parsed, dict) else None


class Seen:
    """What this computer has seen of one board's people files (see the module)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()  # the app reads in a thread of its own too

    @classmethod
    def of_board(cls, cache_dir: Path, root: Path, founder: str, created_at: str) -> Seen:
        """The memory of the board in `root`: a board made again there is another one."""
        key = f"{Path(root).resolve()}\0{founder}\0{created_at}"
        name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        return cls(Path(cache_dir) / "seen" / name)

    def _file(self, path: Path) -> Path:
        return self.folder / f"{path.stem}.seen"

    def gone(self, people: Path, present: Iterable[Path]) -> list[Lost]:
        """The files seen here that are not in people/ any more."""
        here = {path.stem for path in present}
        found = []
        try:
            remembered = sorted(self.folder.glob("*.seen"))
        except OSError:
            return []
        for memory in remembered:
            if memory.stem in here:
                continue
            try:
                size = memory.stat().st_size
            except OSError:
                continue
            events = (size - len(MAGIC) - _HEADER.size) // _RECORD
            if events > 0:
                found.append(Lost(people / f"{memory.stem}.json", events, gone=True))
        return found

    def observe(
        self, path: Path, data: bytes, events_end: int, count: int, raw: list[Any] | None
    ) -> Lost | None:
        """Take in a person's file as read (its bytes; where its last event ends; how
        many entries it holds; its entries when they were parsed already): what of what
        was seen it lacks or holds changed, if anything."""
        with self._lock:
            try:
                memory = _Memory.from_bytes(self._file(path).read_bytes())
            except OSError:
                memory = _Memory()
            lost, changed = _compare(memory, path, data, events_end, count, raw)
            if changed:
                try:
                    self.folder.mkdir(parents=True, exist_ok=True)
                    atomic_write_bytes(self._file(path), memory.to_bytes(), durable=False)
                except OSError:
                    pass  # a cache that cannot be written only forgets
            return lost


def _compare(
    memory: _Memory, path: Path, data: bytes, events_end: int, count: int, raw: list[Any] | None
) -> tuple[Lost | None, bool]:
    """What the file lacks of what was seen, and whether the memory changed."""
    view = memoryview(data)
    if (
        memory.prefix
        and memory.prefix_len <= events_end
        and count >= memory.count
        and _digest(view[: memory.prefix_len]) == memory.prefix
    ):
        if count == memory.count and events_end == memory.prefix_len:
            return None, False  # as it was
        # Every event seen is still there as it was: only the new ones are digested.
        new = _appended(data, memory.prefix_len, events_end)
        if new is not None and len(new) == count - memory.count:
            memory.records += b"".join(key + says for key, says in _records(new))
            memory.prefix_len, memory.count = events_end, count
            memory.prefix = _digest(view[:events_end])
            return None, True
    docs = raw if raw is not None else _events(data)
    if docs is None:
        return None, False  # not a log: reading it says so
    now: dict[bytes, set[bytes]] = {}
    for key, says in _records(docs):
        now.setdefault(key, set()).add(says)
    seen = memory.table()
    missing = sum(key not in now for key in seen)
    changed = sum(key in now and says not in now[key] for key, says in seen.items())
    memory.records += b"".join(
        key + next(iter(said)) for key, said in now.items() if key not in seen
    )
    if missing or changed:
        memory.prefix = b""  # compared in full until the events are back
        return Lost(path, missing, changed), True
    memory.prefix_len, memory.count = events_end, count
    memory.prefix = _digest(view[:events_end])
    return None, True
