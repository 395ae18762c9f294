"""The board folder, read: one append-only event log per person.

    my-board/
      board.json              name, format version, founder
      people/<member-id>.json TinyDB, table "events": that person's own log
      .gitignore              lock and temp files

Reading is careful, because a shared folder can hold anything: only regular files are
read (never a link, a pipe or a folder), each person's file has a size limit, and a file
that cannot be used (not JSON, the same key twice, nested too deep, a number too long or
too large, a lone surrogate: anything that would not be written back as it was read) is
reported by its path and left untouched while the rest of the board loads; so is anything
in people/ whose name is not a member id. Writing is
`journal.py`'s job, and only `live.py` calls it.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from filelock import FileLock, Timeout
from pydantic import StringConstraints, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from teamboard.domain.events import (
    MEMBER_ID_PATTERN,
    Event,
    RawEvent,
    check_member_id,
    file_adapter,
)
from teamboard.domain.fold import PersonLog, fold_logs
from teamboard.domain.state import BoardState
from teamboard.domain.text import ONE_LINE, without_control
from teamboard.store.gitstate import git_busy
from teamboard.store.seen import Lost, Seen
from teamboard.store.signing import (
    ChainHead,
    Entries,
    Verdict,
    journal_bytes,
    journal_lines,
    verify_log,
)

FORMAT_VERSION = 1
BOARD_FILE = "board.json"
PEOPLE_DIR = "people"
EVENTS_TABLE = "events"
BOARD_LOCK = ".board.lock"
# A person's log grows by a few hundred bytes an event: 64 MB is decades of a busy person.
PERSON_FILE_LIMIT = 64 * 1024 * 1024
BOARD_FILE_LIMIT = 1024 * 1024


class StoreError(Exception):
    """A problem with the board folder, worded for a person in one line."""


class FileProblem(StoreError):
    """A file of the board that is not used, and why."""

    word = "problem"

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        # A file's name can hold escape codes: the message never carries them to a screen.
        super().__init__(without_control(f"{path}: {reason}"))


class DamagedFile(FileProblem):
    """A file that cannot be read; it is left untouched."""

    word = "damaged"


class GitBusy(StoreError):
    """The board's git is in the middle of a merge or a rebase: its files are what git
    left, so the board is not read (store.gitstate)."""


class IgnoredFile(FileProblem):
    """Something in people/ that is not a person's file; it is not read."""

    word = "ignored"


# --- reading a file safely ----------------------------------------------------------------


def file_kind(mode: int) -> str:
    """What a file of this `st_mode` is, in words ("a link", "a pipe"...)."""
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _to(link: Path) -> str:
    """Where a link points, as it says (never followed)."""
    try:
        return f" (to {os.readlink(link)[:200]})"
    except OSError:
        return ""


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _open_regular(path: Path, limit: int) -> int:
    """A descriptor open for reading on a regular file of at most `limit` bytes. Never
    follows a link, never waits on a pipe; raises DamagedFile (or FileNotFoundError)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise DamagedFile(path, f"cannot be read ({error.strerror})") from None
    if stat.S_ISLNK(info.st_mode):
        raise DamagedFile(
            path, f"is a link{_to(path)}; teamboard reads only regular files, never a link"
        )
    if not stat.S_ISREG(info.st_mode):
        raise DamagedFile(path, f"is {file_kind(info.st_mode)}, not a file teamboard can read")
    if info.st_size > limit:
        raise DamagedFile(
            path, f"is {info.st_size:,} bytes, more than the {_megabytes(limit)} it may hold"
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise DamagedFile(path, f"cannot be read ({error.strerror})") from None
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError as error:
        os.close(fd)
        raise DamagedFile(path, f"cannot be read ({error.strerror})") from None
    if not regular:  # it may have been swapped for something else since the lstat
        os.close(fd)
        raise DamagedFile(path, "is not a regular file")
    return fd


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Never follows a link, never
    waits on a pipe; raises DamagedFile (or FileNotFoundError)."""
    path = Path(path)
    fd = _open_regular(path, limit)
    try:
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise DamagedFile(path, f"is more than the {_megabytes(limit)} it may hold")
    except OSError as error:
        raise DamagedFile(path, f"cannot be read ({error.strerror})") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def open_regular(path: Path, limit: int) -> BinaryIO:
    """A regular file of at most `limit` bytes, open to be read as a stream (read_regular's
    checks); raises DamagedFile (or FileNotFoundError)."""
    return os.fdopen(_open_regular(Path(path), limit), "rb")


class _DuplicateKey(ValueError):
    pass


class _TooLarge(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> None:
    raise ValueError(f"holds {name}, which is not a number JSON allows")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):  # 1e999: it would be written back as Infinity, which is not JSON
        raise _TooLarge(text)
    return number


# A surrogate written as an escape (\ud83d); only a lone one is not text.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _not_text(parsed: Any) -> bool:
    """Whether a string holds a lone surrogate: it cannot be written back as UTF-8."""
    try:
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def loads_strict(data: bytes, path: Path) -> Any:
    """Parse JSON, refusing what would lose or bend data: the same key twice (a merge
    resolved by hand), nesting too deep, a number too long or too large, NaN or Infinity,
    a lone surrogate (none of them can be written back as they were read)."""
    if not data.strip():
        raise DamagedFile(path, "is empty")
    try:
        parsed = json.loads(
            data,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_float=_finite,
        )
    except _DuplicateKey as error:
        raise DamagedFile(
            path,
            f"holds the key {error.args[0]!r} twice in one object (a merge resolved by "
            "hand?); keep one of them",
        ) from None
    except _TooLarge as error:
        raise DamagedFile(
            path, f"holds the number {error.args[0][:20]}, too large to read"
        ) from None
    except RecursionError:
        raise DamagedFile(path, "is nested too deeply to be a teamboard file") from None
    except json.JSONDecodeError as error:
        raise DamagedFile(
            path, f"is not valid JSON at line {error.lineno} (truncated or damaged?)"
        ) from None
    except UnicodeDecodeError:
        raise DamagedFile(path, "is not UTF-8 text") from None
    except ValueError as error:  # an integer of thousands of digits, NaN
        words = str(error)
        if "digits" in words:
            words = "holds a number too long to read"
        raise DamagedFile(path, words) from None
    if _SURROGATE_ESCAPE.search(data) and _not_text(parsed):
        raise DamagedFile(
            path, "holds text that is not valid Unicode (a lone surrogate, such as \\ud800)"
        )
    return parsed


def parse_person_file(data: bytes, path: Path) -> dict[str, Any]:
    """A person's file, parsed strictly: its tables (the events table a dict of entries);
    raises DamagedFile."""
    parsed = loads_strict(data, path)
    if not isinstance(parsed, dict) or not isinstance(parsed.get(EVENTS_TABLE, {}), dict):
        raise DamagedFile(path, "is not a teamboard event file")
    return parsed


def person_file_bytes(tables: Mapping[str, Any]) -> bytes:
    """A person's file as teamboard writes it: the events table, each event's canonical
    form on a line of its own (signing.journal_bytes); a file holding anything else,
    TinyDB's tables indented. UTF-8. Raises ValueError (NaN, a lone surrogate) or
    RecursionError for what cannot be written."""
    events = tables.get(EVENTS_TABLE)
    if (
        set(tables) == {EVENTS_TABLE}
        and isinstance(events, dict)
        and all(isinstance(doc, dict) for doc in events.values())
    ):
        return journal_bytes(events)
    return json.dumps(tables, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


# --- file marks: how far into a file the state has read ------------------------------------


# Told how far a long read has come: (files done, files in all).
Progress = Callable[[int, int], None]

_UNCHECKED = ChainHead()


@dataclass(frozen=True, slots=True)
class FileMark:
    """What was read of one person's file: how many events, the highest seq, and a hash
    of the bytes up to the end of the last event. A file that only grew (events appended)
    still starts with those same bytes; any edit to what was read changes them."""

    count: int = 0
    last_seq: int = -1
    prefix_len: int = 0
    prefix_hash: int = 0
    chain: ChainHead = _UNCHECKED  # what its signatures and chain were checked to

    def still_starts(self, data: bytes) -> bool:
        return (
            len(data) >= self.prefix_len
            and _hash(memoryview(data)[: self.prefix_len]) == self.prefix_hash
        )


def _hash(data: bytes | memoryview) -> int:
    # A checksum, not a seal: it tells a file that only grew from one edited by hand.
    return zlib.crc32(data)


def _events_end(data: bytes) -> int:
    """Where the last event ends: before the closing braces of the events table and the
    file (`...}\\n }\\n}`). Anything appended comes after it; anything edited, before."""
    end = len(data.rstrip())
    for _ in range(2):
        if end == 0 or data[end - 1 : end] != b"}":
            return len(data)  # not the shape teamboard writes: any change is an edit
        end = len(data[: end - 1].rstrip())
    return end


def file_mark(data: bytes, count: int, last_seq: int, chain: ChainHead | None = None) -> FileMark:
    end = _events_end(data)
    return FileMark(count, last_seq, end, _hash(memoryview(data)[:end]), chain or ChainHead())


# --- the board's description --------------------------------------------------------------


class _BoardFileShape(TypedDict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=ONE_LINE)]
    founder: Annotated[str, StringConstraints(pattern=MEMBER_ID_PATTERN.pattern)]
    created_at: Any
    format: int


_BOARD_FILE_ADAPTER = TypeAdapter(_BoardFileShape)


@dataclass
class BoardMeta:
    name: str
    founder: str
    created_at: str
    format: int = FORMAT_VERSION


def read_board_meta(board_file: Path) -> BoardMeta:
    data = loads_strict(read_regular(board_file, BOARD_FILE_LIMIT), board_file)
    if not isinstance(data, dict):
        raise DamagedFile(board_file, "is not a teamboard board description")
    data.setdefault("created_at", "")
    data.setdefault("format", FORMAT_VERSION)
    try:
        shape = _BOARD_FILE_ADAPTER.validate_python(data, strict=False)
    except ValidationError as error:
        detail = error.errors()[0]
        where = ".".join(str(p) for p in detail["loc"]) or "value"
        if where == "founder":
            reason = f"the founder {data.get('founder')!r} is not a valid member id"
        elif where == "format":
            reason = f"the format {data.get('format')!r} is not a version number"
        elif where == "name":
            reason = "the board's name is missing, too long or not one line"
        else:
            reason = f"{where}: {detail['msg']}"
        raise DamagedFile(board_file, reason) from None
    return BoardMeta(shape["name"], shape["founder"], str(shape["created_at"]), shape["format"])


# --- one board on disk ----------------------------------------------------------------------

# How long reading waits for a sync's own rebase (a few seconds on a big board).
SYNC_WAIT = 60.0


def sync_at_work(root: Path, wait: float = 0.0) -> bool:
    """Whether a teamboard sync is rewriting the board's files with git now: it holds the
    board's lock while it does (waiting up to `wait` seconds for it to let go)."""
    try:
        with FileLock(root / PEOPLE_DIR / BOARD_LOCK, timeout=wait):
            return False
    except Timeout:
        return True
    except OSError:
        return False  # a read-only share: nobody syncs through it from here


def _after_any_sync(root: Path) -> str | None:
    """What git is in the middle of once a sync at work has let go of the board (its own
    rebase is not a stopped one), if anything."""
    sync_at_work(root, SYNC_WAIT)
    return git_busy(root)


@dataclass
class PersonFile(PersonLog):
    """One person's file as read (see PersonLog), with its path, mark and bytes."""

    path: Path = Path()
    mark: FileMark = FileMark()
    data: bytes = field(repr=False, default=b"")
    lost: Lost | None = None  # what it lacks of what this computer had seen in it


@dataclass
class Loaded:
    """A board read from disk: the folded state and the files it could not use."""

    state: BoardState
    problems: list[FileProblem] = field(default_factory=list)
    marks: dict[str, FileMark] = field(default_factory=dict)
    event_count: int = 0
    file_count: int = 0
    lost: list[Lost] = field(default_factory=list)  # files that lost events seen here

    @property
    def unsigned(self) -> int:
        """Events written before signing, on the board's files."""
        return sum(mark.chain.unsigned for mark in self.marks.values())

    @property
    def damaged(self) -> list[FileProblem]:
        return [p for p in self.problems if isinstance(p, DamagedFile)]


def board_holding(path: Path) -> Path | None:
    """The board folder that `path` is in, at any depth (this board or another): the
    nearest folder above it holding board.json and people/, by its folders as written and by where
    the links among them lead. `path` itself is not looked at (it may be a link, or not
    exist yet). Export targets and import places are refused inside a board by it."""
    path = Path(path).expanduser().absolute()
    written = Path(os.path.normpath(path.parent))  # "people/.." is the board itself
    existing = written
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    try:
        real = Path(os.path.realpath(existing))
    except (OSError, RuntimeError):  # a loop of links: judge the path as written
        real = existing
    for folder in (written, *written.parents, real, *real.parents):
        # Both: an export named board.json alone does not make its folder a board.
        if os.path.lexists(folder / BOARD_FILE) and os.path.lexists(folder / PEOPLE_DIR):
            return folder
    return None


class BoardFolder:
    """One board on disk, for reading."""

    def __init__(self, root: Path, meta: BoardMeta, seen: Seen | None = None) -> None:
        self.root = Path(root)
        self.meta = meta
        # What this computer has seen of each file, compared with each file read.
        self.seen = seen

    @classmethod
    def open(cls, root: str | Path, remember_in: Path | None = None) -> BoardFolder:
        """The board in `root`; with `remember_in` (the user's cache folder), what this
        computer sees of its files is remembered there, and what they lose is named."""
        # Absolute, so that paths match what the file watcher reports.
        root = Path(root).expanduser().resolve()
        board_file = root / BOARD_FILE
        if not board_file.exists() and not board_file.is_symlink():
            raise StoreError(
                f"{root} is not a teamboard board (no {BOARD_FILE}); "
                "create one with 'teamboard init'"
            )
        if git_busy(root) and (busy := _after_any_sync(root)):
            raise GitBusy(busy)
        meta = read_board_meta(board_file)
        if meta.format > FORMAT_VERSION:
            raise StoreError(
                f"{board_file}: made by a newer teamboard (format {meta.format}); please upgrade"
            )
        if remember_in is None:
            return cls(root, meta)
        return cls(root, meta, Seen.of_board(remember_in, root, meta.founder, meta.created_at))

    # --- paths -----------------------------------------------------------------------

    @property
    def people_dir(self) -> Path:
        return self.root / PEOPLE_DIR

    def person_file(self, member_id: str) -> Path:
        return self.people_dir / f"{check_member_id(member_id)}.json"

    def lock_file(self, member_id: str) -> Path:
        return self.people_dir / f".{check_member_id(member_id)}.json.lock"

    @property
    def board_lock_file(self) -> Path:
        return self.people_dir / BOARD_LOCK

    def is_person_file(self, path: Path) -> bool:
        """A person's event file of this board (what a load reads)."""
        path = Path(path)
        return (
            path.parent == self.people_dir
            and path.suffix == ".json"
            # fullmatch: the pattern's "$" would let a name end in a line break
            and MEMBER_ID_PATTERN.fullmatch(path.stem) is not None
        )

    def scan(self) -> tuple[list[Path], list[FileProblem]]:
        """The people files to read, and what else is in people/ (reported, not read).
        Names that start with a dot are teamboard's own lock and temp files."""
        people = self.people_dir
        if not people.is_dir() or people.is_symlink():
            if people.exists() or people.is_symlink():
                return [], [DamagedFile(people, "should be a folder of people's files")]
            return [], []
        files: list[Path] = []
        ignored: list[FileProblem] = []
        try:
            entries = sorted(os.scandir(people), key=lambda e: e.name)
        except OSError as error:
            return [], [DamagedFile(people, f"cannot be read ({error.strerror or error})")]
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = people / entry.name
            if self.is_person_file(path):
                files.append(path)
            elif entry.name.endswith(".json"):
                ignored.append(
                    IgnoredFile(
                        path,
                        f"not read: {entry.name[:-5]!r} is not a member id (lowercase "
                        "letters, digits, '-' or '_')",
                    )
                )
            else:
                ignored.append(
                    IgnoredFile(path, "not read: people/ holds only <member-id>.json files")
                )
        return files, ignored

    def person_files(self) -> list[Path]:
        return self.scan()[0]

    # --- reading ---------------------------------------------------------------------

    def read_person(self, path: Path, since: FileMark | None = None) -> PersonFile:
        """The events in one person's file; raises DamagedFile (or FileNotFoundError).

        The whole file is validated in one go in pydantic's core. If anything in it is
        odd (an invalid event, another author's event, a key held twice, a field this
        version does not know), it is read again strictly, and its entries are left raw
        for the fold to judge one by one: it reports each odd event and keeps the rest.

        Its signatures and chain are checked (signing.verify_log): from `since` on (what
        was read of it before) when the file only grew since, else from its start. The
        entries to leave out are in `left_out`; what was checked, in `mark.chain`.
        """
        path = Path(path)
        data = read_regular(path, PERSON_FILE_LIMIT)
        person = PersonFile(str(path), path.stem, path=path, data=data)
        quick = self._quick(data, person.owner)
        verdict: Verdict | None = None
        if quick is not None:
            events, tables = quick
            lines = journal_lines(data, len(events))
            if lines is None and any("sig" in e or "prev" in e for e in events):
                entries = Entries(events, None, self._strict(data, path))
            else:
                entries = Entries(events, lines, read_raw=lambda: self._strict(data, path))
            verdict = verify_log(person.owner, entries, self._grown(since, len(events), data))
            # A log whose every line is checked against its author's signature holds what
            # their teamboard wrote: no key twice, no field it did not know. Any other
            # file, every key in it is in what was validated, or it is read strictly.
            signed = lines is not None and verdict.head.key and not verdict.head.unsigned
            if (signed and not verdict.left_out) or _keys_agree(data, tables):
                person.events = events
            else:
                verdict = None
        if verdict is None:
            person.raw = self._strict(data, path)
            entries = Entries(person.raw, None, person.raw)
            verdict = verify_log(person.owner, entries, self._grown(since, person.count, data))
        person.left_out = verdict.left_out
        person.mark = file_mark(data, person.count, _last_seq(person), verdict.head)
        if self.seen is not None:
            person.lost = self.seen.observe(
                path, data, person.mark.prefix_len, person.count, person.raw
            )
        return person

    @staticmethod
    def _grown(since: FileMark | None, count: int, data: bytes) -> ChainHead | None:
        """What was checked of the file before, if it only grew since."""
        if since is None or since.count > count or not since.still_starts(data):
            return None
        return since.chain

    def settled_chain(self, path: Path) -> ChainHead:
        """A log's chain checked from its start with every entry hashed (its unsigned
        entries too, which a quick read of the old layout leaves unhashed)."""
        try:
            data = read_regular(path, PERSON_FILE_LIMIT)
        except FileNotFoundError:
            return ChainHead()
        raw = self._strict(data, path)
        return verify_log(path.stem, Entries(raw, None, raw)).head

    @staticmethod
    def _quick(data: bytes, owner: str) -> tuple[list[Event], dict[str, dict[str, Event]]] | None:
        """The file validated in one go: its events (all its own) and its tables, or None
        when it is not a file of valid events of its owner's."""
        try:
            tables = file_adapter().validate_json(data)
        except (ValidationError, ValueError, RecursionError):
            return None
        if not set(tables) <= {EVENTS_TABLE}:
            return None
        listed = list(tables.get(EVENTS_TABLE, {}).values())
        if any(event["author"] != owner for event in listed):
            return None
        return listed, tables

    @staticmethod
    def _strict(data: bytes, path: Path) -> list[RawEvent]:
        parsed = parse_person_file(data, path)
        return [
            doc if isinstance(doc, dict) else {"type": None}
            for doc in parsed.get(EVENTS_TABLE, {}).values()
        ]

    def iter_files(
        self, paths: Iterable[Path], problems: list[FileProblem]
    ) -> Iterator[PersonFile]:
        """Each readable file in turn; the others go to `problems`."""
        for path in paths:
            try:
                yield self.read_person(path)
            except FileNotFoundError:
                continue
            except DamagedFile as error:
                problems.append(error)

    def load(self, extra: Iterable[Event] = (), progress: Progress | None = None) -> Loaded:
        """Read every file and fold the whole board (with `extra` events, for a trial);
        `progress(done, total)` is told after each person's file."""
        files, problems = self.scan()
        marks: dict[str, FileMark] = {}
        counted = [0]
        lost: list[Lost] = []

        def logs() -> Iterator[PersonFile]:
            for done, person in enumerate(self.iter_files(files, problems), start=1):
                marks[str(person.path)] = person.mark
                counted[0] += person.count
                if person.lost is not None:
                    lost.append(person.lost)
                person.data = b""  # the fold keeps the events, not the bytes
                yield person
                if progress is not None:
                    progress(done, len(files))

        state = fold_logs(logs(), founder=self.meta.founder, extra=extra)
        if self.seen is not None:  # (a damaged file is not gone: it is named as damaged)
            lost.extend(self.seen.gone(self.people_dir, files))
        return Loaded(
            state, problems, marks, event_count=counted[0], file_count=len(files), lost=lost
        )

    def raw_events(self) -> Iterator[tuple[Path, RawEvent]]:
        """Every stored event as it is on disk (for `teamboard check`), file by file;
        unreadable files are skipped (the load reports them)."""
        for path in self.scan()[0]:
            try:
                parsed = loads_strict(read_regular(path, PERSON_FILE_LIMIT), path)
            except (DamagedFile, FileNotFoundError):
                continue
            table = parsed.get(EVENTS_TABLE, {}) if isinstance(parsed, dict) else {}
            if isinstance(table, dict):
                for doc in table.values():
                    if isinstance(doc, dict):
                        yield path, doc


# A key with white space before its colon ("name" : ...): not counted by '":'.
_KEY_BEFORE_SPACE = re.compile(rb'"\s+:')
# The event fields that hold an object (model.TransferPlan, model.Opportunity).
_OBJECT_FIELDS = ("plan", "opportunity")


def _keys_agree(data: bytes, tables: dict[str, dict[str, Event]]) -> bool:
    """Every key in the file is in what was validated: no key twice (a merge resolved by
    hand; a JSON reader keeps the last copy and says nothing), no field left out (one
    from a newer teamboard: the strict reading checks it can be written back). Each key
    ends in '":'; so may a quote escaped in a text, which only sends the file to the
    strict reading."""
    return data.count(b'":') == _key_count(tables) and not _KEY_BEFORE_SPACE.search(data)


def _last_seq(person: PersonFile) -> int:
    """The highest seq in a person's file (-1 for none)."""
    if person.raw is not None:
        return max((r["seq"] for r in person.raw if isinstance(r.get("seq"), int)), default=-1)
    events = person.events
    last = events[-1]["seq"] if events else -1
    if any(e["seq"] > last for e in events):
        last = max(e["seq"] for e in events)
    return last


def _key_count(tables: dict[str, dict[str, Event]]) -> int:
    """How many keys the validated file holds, at every level."""
    count = len(tables)
    for events in tables.values():
        count += len(events) + sum(map(len, events.values()))
        for event in events.values():
            fields: Mapping[str, object] = event  # read by a name that is not a literal
            for name in _OBJECT_FIELDS:
                value = fields.get(name)
                if isinstance(value, dict):
                    count += len(value)
    return count
