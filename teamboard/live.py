"""A board kept up to date while it is open: my actions, and the others' as they arrive.

The app holds one LiveBoard. My own actions go through `perform` (checked by the rules,
then appended to my file). When the watcher sees files change, `refresh` re-reads only
those files and applies the events it has not seen yet; only when an event arrives that
sorts before what is already applied (a clock far behind, a file rewritten by git) does it
fold the whole board again, so that the state always equals the fold of all events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from teamboard.board import BoardState, Refused, Rejected, StoredEvent, apply, fold
from teamboard.model import (
    CheckedIn,
    Event,
    PraisePosted,
    StageMoved,
    SupportAdded,
    SupportNoted,
    SupportRemoved,
)
from teamboard.store import BoardFolder, DamagedFile


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
    """How far into one person's file the state has read: appends carry higher seqs."""

    count: int
    last_seq: int


def _mark(events: list[StoredEvent]) -> _FileMark:
    return _FileMark(len(events), max((_seq(s) for s in events), default=-1))


def _seq(stored: StoredEvent) -> int:
    if stored.event is not None:
        return stored.event.seq
    seq = (stored.raw or {}).get("seq")
    return seq if isinstance(seq, int) else -1


class LiveBoard:
    def __init__(self, board: BoardFolder) -> None:
        self.board = board
        self.state = BoardState(founder=board.meta.founder)
        self.damaged: dict[Path, DamagedFile] = {}
        self._marks: dict[str, _FileMark] = {}

    @property
    def root(self) -> Path:
        return self.board.root

    def load(self) -> None:
        """Read every file and fold the whole board."""
        damaged: list[DamagedFile] = []
        by_file: dict[str, list[StoredEvent]] = {}

        def noting_files(events: Iterable[StoredEvent]) -> Iterable[StoredEvent]:
            for stored in events:
                by_file.setdefault(stored.source, []).append(stored)
                yield stored

        stored = noting_files(self.board.iter_events(self.board.person_files(), damaged))
        self.state = fold(stored, founder=self.board.meta.founder)
        self._marks = {source: _mark(events) for source, events in by_file.items()}
        self.damaged = {error.path: error for error in damaged}

    def perform(self, me: str, payload: dict) -> Event:
        """Check one action of mine against the rules and write it; raise Refused (or a
        StoreError) and write nothing if it cannot be done."""
        path = self.board.person_file(me)
        if path in self.damaged:
            raise Refused(f"{self.damaged[path]}; nothing was written")
        state = self.state
        (event,) = self.board.append(me, payload, check=lambda event: apply(state, event))
        old = self._marks.get(str(path), _FileMark(0, -1))
        self._marks[str(path)] = _FileMark(old.count + 1, event.seq)
        return event

    def refresh(self, paths: Iterable[Path]) -> Refresh:
        """Take in the changes to these files (as reported by the watcher)."""
        result = Refresh()
        fresh: list[Event] = []
        for path in sorted(set(paths)):
            key = str(path)
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
                continue
            if self.damaged.pop(path, None) is not None:
                result.repaired.append(path)
                result.refolded = True  # its events were never in the state
            old = self._marks.get(key, _FileMark(0, -1))
            new_events = [s for s in events if _seq(s) > old.last_seq]
            if len(events) - len(new_events) != old.count:
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
        if result.refolded:
            self.load()
        else:
            for event in fresh:
                try:
                    apply(self.state, event)
                except Refused as refusal:
                    self.state.rejected.append(_rejected(event, str(refusal)))
        return result


def _rejected(event: Event, reason: str) -> Rejected:
    return Rejected(event.id, event.author, event.type, reason)


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
