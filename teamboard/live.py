"""A board kept up to date while it is open: my actions, and the others' as they arrive.

The app holds one LiveBoard. My own actions go through `perform` (checked by the rules,
then appended to my file). When the watcher sees files change, `refresh` re-reads only
those files and applies the events it has not seen yet; only when an event arrives that
sorts before what is already applied (a clock far behind, a file rewritten by git) does it
fold the whole board again, so that the state always equals the fold of all events.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from teamboard.board import (
    BoardState,
    Refused,
    StoredEvent,
    apply,
    apply_or_reject,
    fold,
    paused_gc,
)
from teamboard.model import (
    CheckedIn,
    Event,
    PraisePosted,
    StageMoved,
    SupportAdded,
    SupportNoted,
    SupportRemoved,
)
from teamboard.store import BoardFolder, DamagedFile, atomic_write_bytes

# Bump when BoardState or the models change shape, so an old cache is not used.
CACHE_VERSION = 3


@dataclass
class Refresh:
    """What a refresh found."""

    events: list[Event] = field(default_factory=list)
    refolded: bool = False
    damaged: list[DamagedFile] = field(default_factory=list)
    repaired: list[Path] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.events or self.refolded or self.damaged or self.repaired)


@dataclass(frozen=True)
class _FileMark:
    """How far into one person's file the state has read. Appends carry higher seqs; the
    digest (a sum over the ids read, so it can grow one event at a time) tells a file
    that was rewritten (a git reset, a sync that kept the other copy) from one that grew."""

    count: int = 0
    last_seq: int = -1
    digest: int = 0

    def plus(self, seq: int, event_id: str) -> _FileMark:
        return _FileMark(
            self.count + 1, max(self.last_seq, seq), (self.digest + _id_hash(event_id)) % _MOD
        )


_MOD = 2**64


def _id_hash(event_id: str) -> int:
    return zlib.crc32(event_id.encode("utf-8", "replace"))


def _seq(stored: StoredEvent) -> int:
    if stored.event is not None:
        return stored.event.seq
    seq = (stored.raw or {}).get("seq")
    return seq if isinstance(seq, int) else -1


def _id(stored: StoredEvent) -> str:
    if stored.event is not None:
        return stored.event.id
    return str((stored.raw or {}).get("id"))


def _mark(events: Iterable[StoredEvent]) -> _FileMark:
    mark = _FileMark()
    for stored in events:
        mark = mark.plus(_seq(stored), _id(stored))
    return mark


Stat = tuple[int, int]  # size and modification time (ns) of a file when it was read


def _stat(path: Path) -> Stat | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class LiveBoard:
    def __init__(self, board: BoardFolder, cache_dir: Path | None = None) -> None:
        self.board = board
        self.state = BoardState(founder=board.meta.founder)
        self.damaged: dict[Path, DamagedFile] = {}
        self.cache_dir = cache_dir
        self._marks: dict[str, _FileMark] = {}
        self._stats: dict[str, Stat] = {}
        self._cache_is_current = False

    @property
    def root(self) -> Path:
        return self.board.root

    def open(self) -> Refresh:
        """Load the board: from this machine's cache of it when there is one (reading
        only the files that changed since), else from every file."""
        cached = self._read_cache()
        if cached is None:
            self.load()
            return Refresh(refolded=True, damaged=list(self.damaged.values()))
        self.state, self._marks, self._stats = cached
        self._cache_is_current = True
        files = {str(p): p for p in self.board.person_files()}
        changed = [p for key, p in files.items() if self._stats.get(key) != _stat(p)]
        gone = [Path(key) for key in self._marks if key not in files]
        result = self.refresh(changed + gone)
        if result.changed:
            self._cache_is_current = False
        return result

    def load(self) -> None:
        """Read every file and fold the whole board."""
        files = self.board.person_files()
        stats = {str(p): s for p in files if (s := _stat(p)) is not None}
        damaged: list[DamagedFile] = []
        marks: dict[str, list[int]] = {}

        def noting_files(events: Iterable[StoredEvent]) -> Iterable[StoredEvent]:
            # How far into each file we read, counted as the events pass by.
            for stored in events:
                # Plain lists while folding (a mark object per event would cost 10%).
                mark = marks.setdefault(stored.source, [0, -1, 0])
                mark[0] += 1
                mark[1] = max(mark[1], _seq(stored))
                mark[2] += _id_hash(_id(stored))
                yield stored

        gc.unfreeze()  # the old state may be let go now
        stored = noting_files(self.board.iter_events(files, damaged))
        self.state = fold(stored, founder=self.board.meta.founder)
        self._marks = {
            source: _FileMark(count, last_seq, digest % _MOD)
            for source, (count, last_seq, digest) in marks.items()
        }
        self._stats = stats
        self.damaged = {error.path: error for error in damaged}
        self._cache_is_current = False

    # --- this machine's cache of the folded board ---------------------------------------

    @property
    def cache_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:20]
        return self.cache_dir / f"board-{key}.pickle"

    def save_cache(self) -> bool:
        """Keep the folded board for the next start; nothing when it is already kept, or
        when a file could not be read (it must be reported again next time)."""
        path = self.cache_file
        if path is None or self._cache_is_current or self.damaged:
            return False
        payload = {
            "version": CACHE_VERSION,
            "root": str(self.root.resolve()),
            "founder": self.board.meta.founder,
            "state": self.state,
            "marks": self._marks,
            "stats": self._stats,
        }
        with paused_gc():
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
        self._cache_is_current = True
        return True

    def _read_cache(self) -> tuple[BoardState, dict[str, _FileMark], dict[str, Stat]] | None:
        path = self.cache_file
        if path is None:
            return None
        try:
            data = path.read_bytes()
            with paused_gc():
                payload = pickle.loads(data)
            if (
                payload["version"] != CACHE_VERSION
                or payload["root"] != str(self.root.resolve())
                or payload["founder"] != self.board.meta.founder
            ):
                return None
            return payload["state"], payload["marks"], payload["stats"]
        except Exception:
            # A missing, old or broken cache only means reading the board in full.
            return None

    def perform(self, me: str, payload: dict) -> Event:
        """Check one action of mine against the rules and write it; raise Refused (or a
        StoreError) and write nothing if it cannot be done."""
        path = self.board.person_file(me)
        if path in self.damaged:
            raise Refused(f"{self.damaged[path]}; nothing was written")
        state = self.state
        checked: list[Event] = []

        def check(event: Event) -> None:
            apply(state, event)
            checked.append(event)

        last = state.last_key
        try:
            (event,) = self.board.append(
                me, payload, check=check, not_before=last[0] if last else None
            )
        except BaseException:
            if checked:
                self.load()  # the check applied it, the write failed: back to the files
            raise
        old = self._marks.get(str(path)) or _FileMark()
        self._marks[str(path)] = old.plus(event.seq, event.id)
        self._cache_is_current = False
        return event

    def refresh(self, paths: Iterable[Path]) -> Refresh:
        """Take in the changes to these files (as reported by the watcher)."""
        result = Refresh()
        fresh: list[Event] = []
        for path in sorted(set(paths)):
            if not self.board.is_person_file(path):
                continue  # what a load would not read either (a lock, a stray file)
            key = str(path)
            stat = _stat(path)
            if stat is not None:
                self._stats[key] = stat
            else:
                self._stats.pop(key, None)
            try:
                events = self.board.read_person(path)
            except FileNotFoundError:
                if self._marks.pop(key, None):
                    result.refolded = True  # a file went away, and its events with it
                continue
            except DamagedFile as error:
                if path not in self.damaged:
                    result.damaged.append(error)
                self.damaged[path] = error
                if self._marks.pop(key, None):
                    result.refolded = True  # as a fresh load would: without that file
                continue
            if self.damaged.pop(path, None) is not None:
                result.repaired.append(path)
                result.refolded = True  # its events were never in the state
            old = self._marks.get(key) or _FileMark()
            new_events = [s for s in events if _seq(s) > old.last_seq]
            seen = _mark(s for s in events if _seq(s) <= old.last_seq)
            if (seen.count, seen.digest) != (old.count, old.digest):
                result.refolded = True  # events were removed or rewritten
            self._marks[key] = _mark(events)
            for stored in new_events:
                if stored.event is None:
                    result.refolded = True  # an odd event: the fold judges and lists it
                else:
                    fresh.append(stored.event)
        fresh.sort(key=lambda e: e.order_key)
        last = self.state.last_key
        if fresh and last is not None and fresh[0].order_key < last:
            result.refolded = True
        result.events = fresh
        if result.changed:
            self._cache_is_current = False
        if result.refolded:
            self.load()
        else:
            for event in fresh:
                apply_or_reject(self.state, event, str(self.board.person_file(event.author)))
        return result


def notices_for(me: str | None, events: Iterable[Event], state: BoardState) -> list[str]:
    """Short notices for the changes by others that concern me."""
    if not me:
        return []
    notes: list[str] = []
    for event in events:
        if event.author == me:
            continue
        who = state.name_of(event.author)
        experiment = state.experiments.get(getattr(event, "experiment_id", None) or "")
        mine = experiment is not None and experiment.owner == me
        title = f"“{experiment.title}”" if experiment else ""
        match event:
            case PraisePosted() if event.to == me:
                about = f" for {title}" if experiment else ""
                notes.append(f"{who} praised your {event.kind.value}{about}: {event.message}")
            case SupportAdded() if mine and event.supporter != me:
                notes.append(f"{state.name_of(event.supporter)} now supports {title}")
            case SupportAdded() if event.supporter == me:
                notes.append(f"{who} asked you to support {title}")
            case SupportRemoved() if mine:
                notes.append(f"{state.name_of(event.supporter)} no longer supports {title}")
            case SupportNoted() if mine:
                notes.append(f"{who} left a note on {title}: {event.text}")
            case StageMoved() if mine:
                notes.append(f"{who} moved {title} to {event.to.label}")
            case CheckedIn() if mine:
                notes.append(f"{who} recorded a {event.kind.value} check-in on {title}")
    return notes
