"""The board folder: one append-only event log per person, shared without lost updates.

    my-board/
      board.json              name, format version, founder
      people/<member-id>.json TinyDB, table "events": that person's own log
      .gitignore              lock and temp files

Each person writes only their own file, so the folder can be shared through a network
share, a synced folder or git. Two processes of the same person are serialised by a lock
file next to that person's file. Every write goes to a temp file in the same folder, is
fsynced and then renamed over the old file, so a reader never sees half a file and a
killed writer leaves the previous version whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import TypeAdapter, ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage

from teamboard.board import BoardState, StoredEvent, fold
from teamboard.model import (
    MEMBER_ID_PATTERN,
    Event,
    MemberJoined,
    check_member_id,
    describe_validation_error,
    new_id,
    parse_event,
    utcnow,
    without_control,
)

FORMAT_VERSION = 1
_DOC_KEY = re.compile(r"[1-9][0-9]*")
BOARD_FILE = "board.json"
PEOPLE_DIR = "people"
EVENTS_TABLE = "events"
LOCK_TIMEOUT = 15.0
GITIGNORE = "# teamboard: lock and temp files are per machine\npeople/.*.lock\npeople/.*.tmp\n"


class StoreError(Exception):
    """A problem with the board folder, worded for a person in one line."""


class DamagedFile(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class InvalidEvent(StoreError):
    """An event that fails validation before it is written."""


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_mode()


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then rename over `path`."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private; colleagues sharing the folder must read it.
        os.fchmod(fd, path.stat().st_mode & 0o777 if path.exists() else _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible (or needed) on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_json(path: Path) -> Any:
    """Read a JSON file; raise DamagedFile naming the path when it cannot be parsed."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise DamagedFile(path, f"cannot be read ({error.strerror})") from None
    if not data.strip():
        raise DamagedFile(path, "is empty")
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f" at line {error.lineno}" if isinstance(error, json.JSONDecodeError) else ""
        raise DamagedFile(path, f"is not valid JSON{where} (truncated or damaged?)") from None


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads fresh on every read and writes atomically.

    TinyDB's own JSONStorage rewrites the file in place, which a crash can leave half
    written. The caller holds the person's lock around read-modify-write.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict | None:
        try:
            data = read_json(self.path)
        except FileNotFoundError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get(EVENTS_TABLE, {}), dict):
            raise DamagedFile(self.path, "is not a teamboard event file")
        return data

    def write(self, data: dict) -> None:
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1))

    def close(self) -> None:
        pass


@dataclass
class BoardMeta:
    name: str
    founder: str
    created_at: str
    format: int = FORMAT_VERSION


@dataclass
class Loaded:
    """A board read from disk: the folded state and the files that could not be read."""

    state: BoardState
    damaged: list[DamagedFile] = field(default_factory=list)
    event_count: int = 0
    file_count: int = 0


def _parse_at(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo else None


def _given_at(payload: Mapping) -> datetime | None:
    """An explicit time in a payload (the demo, imports): it must be valid and aware."""
    if "at" not in payload:
        return None
    at = _parse_at(payload["at"])
    if at is None:
        raise InvalidEvent(f"at: {payload['at']!r} is not a time with a timezone")
    return at


_FILE_ADAPTER: TypeAdapter[dict[str, dict[str, Event]]] = TypeAdapter(dict[str, dict[str, Event]])


class _Counted:
    """Counts the items of an iterator as they pass."""

    def __init__(self, items: Iterator[StoredEvent]) -> None:
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator[StoredEvent]:
        for item in self.items:
            self.count += 1
            yield item


class BoardFolder:
    """One board on disk."""

    def __init__(self, root: Path, meta: BoardMeta) -> None:
        self.root = Path(root)
        self.meta = meta

    # --- opening and creating --------------------------------------------------------

    @classmethod
    def open(cls, root: str | Path) -> BoardFolder:
        # Absolute, so that paths match what the file watcher reports.
        root = Path(root).expanduser().resolve()
        board_file = root / BOARD_FILE
        if not board_file.exists():
            raise StoreError(
                f"{root} is not a teamboard board (no {BOARD_FILE}); "
                "create one with 'teamboard init'"
            )
        data = read_json(board_file)
        try:
            meta = BoardMeta(
                name=without_control(str(data["name"])),
                founder=str(data["founder"]),
                created_at=str(data.get("created_at", "")),
                format=int(data.get("format", FORMAT_VERSION)),
            )
        except (KeyError, TypeError, ValueError):
            raise DamagedFile(board_file, "lacks the board name or founder") from None
        if meta.format > FORMAT_VERSION:
            raise StoreError(
                f"{board_file}: made by a newer teamboard (format {meta.format}); please upgrade"
            )
        return cls(root, meta)

    @classmethod
    def create(
        cls,
        root: str | Path,
        name: str,
        founder: str,
        founder_name: str,
        at: datetime | None = None,
    ) -> BoardFolder:
        """Make a new board; the founder joins as its first manager (at `at`, for the demo)."""
        root = Path(root).expanduser().resolve()
        name = name.strip()
        if not name:
            raise StoreError("the board needs a name")
        if without_control(name) != name:
            raise StoreError("the board's name must not contain control characters")
        try:
            check_member_id(founder)
            MemberJoined(id="x", at=utcnow(), author=founder, seq=0, name=founder_name)
        except ValidationError as error:
            raise StoreError(f"your name: {describe_validation_error(error)}") from None
        except ValueError as error:
            raise StoreError(str(error)) from None
        if (root / BOARD_FILE).exists():
            raise StoreError(f"{root} holds a board already")
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} exists and is not a folder")
        try:
            (root / PEOPLE_DIR).mkdir(parents=True, exist_ok=True)
            if at is not None and at.tzinfo is None:
                raise StoreError("the board's creation time must carry a timezone")
            at = (at or utcnow()).astimezone(UTC)
            meta = BoardMeta(name=name, founder=founder, created_at=at.isoformat())
            gitignore = root / ".gitignore"
            if not gitignore.exists():
                atomic_write_text(gitignore, GITIGNORE)
            atomic_write_text(
                root / BOARD_FILE, json.dumps(meta.__dict__, indent=1, ensure_ascii=False)
            )
            board = cls(root, meta)
            board.append(
                founder, {"type": "member_joined", "name": founder_name, "at": at.isoformat()}
            )
        except OSError as error:
            raise StoreError(f"cannot make a board in {root}: {error.strerror or error}") from None
        return board

    # --- paths -----------------------------------------------------------------------

    @property
    def people_dir(self) -> Path:
        return self.root / PEOPLE_DIR

    def person_file(self, member_id: str) -> Path:
        return self.people_dir / f"{check_member_id(member_id)}.json"

    def lock_file(self, member_id: str) -> Path:
        return self.people_dir / f".{check_member_id(member_id)}.json.lock"

    def is_person_file(self, path: Path) -> bool:
        """A person's event file of this board (what a load reads)."""
        path = Path(path)
        return (
            path.parent == self.people_dir
            and path.suffix == ".json"
            and MEMBER_ID_PATTERN.match(path.stem) is not None
        )

    def person_files(self) -> list[Path]:
        if not self.people_dir.is_dir():
            return []
        return sorted(p for p in self.people_dir.glob("*.json") if MEMBER_ID_PATTERN.match(p.stem))

    # --- reading ---------------------------------------------------------------------

    def read_person(self, path: Path) -> list[StoredEvent]:
        """The events in one person's file; raises DamagedFile.

        The whole file is validated in one go (parsing and validating in pydantic's core
        is three times quicker than json.loads and then one event at a time). If any
        event in it is odd, the file is read again as raw dicts so that the fold can
        report each odd event on its own and keep the rest.
        """
        source, owner = str(path), path.stem
        try:
            tables = _FILE_ADAPTER.validate_json(path.read_bytes())
        except (ValidationError, ValueError):
            tables = None
        except OSError:
            tables = None  # read_json below reports it (or raises FileNotFoundError)
        if tables is not None and set(tables) <= {EVENTS_TABLE}:
            events = tables.get(EVENTS_TABLE, {})
            if all(event.author == owner for event in events.values()):
                return [
                    StoredEvent(source=source, file_owner=owner, event=event)
                    for event in events.values()
                ]
        data = AtomicJSONStorage(path).read() or {}
        return [
            StoredEvent(
                raw=doc if isinstance(doc, dict) else {"type": None},
                source=source,
                file_owner=owner,
            )
            for doc in data.get(EVENTS_TABLE, {}).values()
        ]

    def iter_events(
        self, paths: Iterable[Path], damaged: list[DamagedFile]
    ) -> Iterator[StoredEvent]:
        """The raw events of each file in turn; unreadable files go to `damaged`.

        A generator, so that the fold can drop one file's raw dicts before the next file
        is read: on a big board that halves the memory it takes to open.
        """
        for path in paths:
            try:
                events = self.read_person(path)
            except FileNotFoundError:
                continue
            except DamagedFile as error:
                damaged.append(error)
                continue
            yield from events

    def read_events(
        self, paths: Iterable[Path] | None = None
    ) -> tuple[list[StoredEvent], list[DamagedFile]]:
        damaged: list[DamagedFile] = []
        events = list(self.iter_events(self.person_files() if paths is None else paths, damaged))
        return events, damaged

    def load(self) -> Loaded:
        files = self.person_files()
        damaged: list[DamagedFile] = []
        counted = _Counted(self.iter_events(files, damaged))
        state = fold(counted, founder=self.meta.founder)
        return Loaded(state, damaged, event_count=counted.count, file_count=len(files))

    # --- writing ---------------------------------------------------------------------

    def append(
        self,
        author: str,
        payloads: Mapping | list[Mapping],
        check: Callable[[Event], None] | None = None,
        not_before: datetime | None = None,
    ) -> list[Event]:
        """Append events to the author's own file, all or none.

        Each payload holds `type` and its fields (and may hold `at`, for the demo).
        `id`, `seq` and `author` are set here; `at` never goes back in time within one
        person's log, so their own events keep their order even if the clock jumps.
        `check(event)` runs for each event before anything is written and may raise
        (Refused, for a rule) to write nothing. `not_before` is the time of the newest
        event the check saw: a new event is stamped after it, so that the fold (which
        orders by time) judges it on the same state as the check did, even when a
        colleague's clock runs ahead of ours.
        """
        if isinstance(payloads, Mapping):
            payloads = [payloads]
        path = self.person_file(author)
        try:
            self.people_dir.mkdir(parents=True, exist_ok=True)
            with FileLock(self.lock_file(author), timeout=LOCK_TIMEOUT):
                self._remove_stale_temp_files(author)
                self._check_writable(path)
                db = TinyDB(path, storage=AtomicJSONStorage)
                table = db.table(EVENTS_TABLE, cache_size=0)
                existing = table.all()
                seq = max(
                    (d.get("seq", -1) for d in existing if isinstance(d.get("seq"), int)),
                    default=-1,
                )
                last_at = max(
                    filter(None, (_parse_at(d.get("at")) for d in existing)),
                    default=None,
                )
                floor = last_at
                events: list[Event] = []
                docs: list[dict] = []
                for payload in payloads:
                    seq += 1
                    given = _given_at(payload)
                    if given is not None and floor is not None and given < floor:
                        raise InvalidEvent(
                            f"at: {given.isoformat()} is before {author}'s last event"
                        )
                    floor = given or floor
                    at = given or utcnow()
                    if given is None and not_before is not None and at <= not_before:
                        at = not_before + timedelta(microseconds=1)
                    if last_at is not None and at <= last_at:
                        # Same instant, or the clock went back: keep this person's own
                        # events in the order they were written.
                        at = last_at + timedelta(microseconds=1)
                    last_at = at
                    raw = dict(payload) | {
                        "id": payload.get("id") or new_id(),
                        "at": at.astimezone(UTC).isoformat(),
                        "author": author,
                        "seq": seq,
                    }
                    try:
                        event = parse_event(raw)
                    except ValidationError as error:
                        raise InvalidEvent(describe_validation_error(error)) from None
                    if check is not None:
                        check(event)
                    events.append(event)
                    docs.append(raw)
                table.insert_multiple(docs)
                return events
        except Timeout:
            raise StoreError(
                f"{path}: another teamboard of {author!r} holds the lock; try again"
            ) from None
        except OSError as error:
            # A full disk, a read-only share: nothing was written (the write is atomic).
            raise StoreError(f"cannot write {path}: {error.strerror or error}") from None

    @staticmethod
    def _check_writable(path: Path) -> None:
        """TinyDB turns every document into a dict and every key into a number when it
        writes; refuse (and touch nothing) rather than let it mangle an odd entry."""
        data = AtomicJSONStorage(path).read() or {}
        seen: set[int] = set()
        for key, doc in data.get(EVENTS_TABLE, {}).items():
            # Only keys TinyDB writes back as they were: "02" and "2" would become one.
            number = int(key) if _DOC_KEY.fullmatch(key) else None
            if not isinstance(doc, dict) or number is None or number in seen:
                raise StoreError(
                    f"{path}: entry {key!r} is not an event teamboard can keep when it "
                    "writes; the file is left untouched (fix or remove that entry)"
                )
            seen.add(number)

    def _remove_stale_temp_files(self, author: str) -> None:
        # Only writers of this person make these, and we hold their lock: any left are
        # from a writer that was killed mid-write.
        for tmp in self.people_dir.glob(f".{author}.json.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()
