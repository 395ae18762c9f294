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
from dataclasses import dataclass, field
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
    """One file's records (id digest -> what-it-says digest, in the order seen) and, when
    the file held them all as they were, the digest of its bytes up to its last event."""

    records: dict[bytes, bytes] = field(default_factory=dict)
    prefix_len: int = 0
    count: int = 0
    prefix: bytes = b""  # empty: the file must be compared in full next time

    def to_bytes(self) -> bytes:
        header = _HEADER.pack(self.prefix_len, self.count, self.prefix.ljust(32, b"\0"))
        return MAGIC + header + b"".join(k + v for k, v in self.records.items())

    @classmethod
    def from_bytes(cls, data: bytes) -> _Memory:
        start = len(MAGIC) + _HEADER.size
        if not data.startswith(MAGIC) or len(data) < start or (len(data) - start) % _RECORD:
            return cls()  # not one of ours: nothing remembered
        prefix_len, count, prefix = _HEADER.unpack_from(data, len(MAGIC))
        view = memoryview(data)[start:]
        records = {
            bytes(view[i : i + 8]): bytes(view[i + 8 : i + _RECORD])
            for i in range(0, len(view), _RECORD)
        }
        return cls(records, prefix_len, count, prefix.rstrip(b"\0"))


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
            before = memory.to_bytes()
            lost = self._compare(memory, path, data, events_end, count, raw)
            after = memory.to_bytes()
            if after != before:
                try:
                    self.folder.mkdir(parents=True, exist_ok=True)
                    atomic_write_bytes(self._file(path), after)
                except OSError:
                    pass  # a cache that cannot be written only forgets
            return lost

    @staticmethod
    def _compare(
        memory: _Memory,
        path: Path,
        data: bytes,
        events_end: int,
        count: int,
        raw: list[Any] | None,
    ) -> Lost | None:
        view = memoryview(data)
        grown = (
            memory.prefix
            and memory.prefix_len <= events_end
            and count >= memory.count
            and _digest(view[: memory.prefix_len]) == memory.prefix
        )
        if grown:
            # Every event seen is still there as it was: only the new ones are digested.
            new = _appended(data, memory.prefix_len, events_end) if count > memory.count else []
            if new is not None and len(new) == count - memory.count:
                for key, says in _records(new):
                    memory.records.setdefault(key, says)
                memory.prefix_len, memory.count = events_end, count
                memory.prefix = _digest(view[:events_end])
                return None
        docs = raw if raw is not None else _events(data)
        if docs is None:
            return None  # not a log: reading it says so
        now: dict[bytes, set[bytes]] = {}
        for key, says in _records(docs):
            now.setdefault(key, set()).add(says)
        missing = sum(key not in now for key in memory.records)
        changed = sum(key in now and says not in now[key] for key, says in memory.records.items())
        for key, said in now.items():
            if key not in memory.records:
                memory.records[key] = next(iter(said))
        if missing or changed:
            memory.prefix = b""  # compared in full until the events are back
            return Lost(path, missing, changed)
        memory.prefix_len, memory.count = events_end, count
        memory.prefix = _digest(view[:events_end])
        return None
