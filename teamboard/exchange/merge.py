"""Two versions of one person's file made one: git's merge driver for `people/*.json`.

Everyone writes only their own file, so git merges colleagues' changes without ever
looking inside one. One case is left: the same person writing on two computers, so that
both versions of their file have new events. The merge is then the union of the two logs:

- every event of either side is kept, once: events are matched by their id;
- each side's own order is kept, and the two are interleaved by time, so the merged log
  reads as one person's log written in order. The time is the one each event counts at
  in its own side's log (the fold's effective time: no earlier than the same author's
  event before it), so every event counts at the same time in the merged log as on its own
  computer. The entries are numbered again in the merged order (TinyDB's keys "1", "2",
  ... and each event's `seq`, its place in the log): the fold then sees no seq taken
  twice, and no event out of time order that was not so on one side already;
- an event that only one side holds is kept, even when the common ancestor had it and
  the other side dropped it: nothing is deleted from a log (a correction is an event);
- the same event stored differently on the two sides (its `seq` aside): teamboard never
  rewrites an event, so one side was edited by hand. When the other side still holds the
  common ancestor's version, the edit is taken, as git takes a line changed on one side;
  when both sides changed it, or there is no ancestor to tell, nothing is merged and the
  conflict is left for the person, naming the event;
- a side that is damaged (not JSON, the same key twice, not a teamboard file), or that
  holds an entry this driver cannot place as an event (one without an id, of a type this
  teamboard does not know, or with a field its type does not have), is neither merged
  nor written over: the conflict is left for the person, naming the file and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeGuard

from teamboard.domain.events import EVENT_FIELDS, RawEvent, stored_time, what_it_says
from teamboard.store.atomic import atomic_write_bytes
from teamboard.store.folder import (
    EVENTS_TABLE,
    PERSON_FILE_LIMIT,
    DamagedFile,
    StoreError,
    parse_person_file,
    person_file_bytes,
    read_regular,
)

# git's words: in a rebase (what `teamboard sync` runs), HEAD is the version pulled and the
# incoming one is the commit being replayed on it.
OURS = "HEAD's version"
THEIRS = "the incoming version"
ANCESTOR = "the common ancestor"

Tables = dict[str, Any]
# Where an event sorts when its time cannot be read and nothing before it has one.
_BEFORE_ALL = datetime.min.replace(tzinfo=UTC)


class MergeConflict(StoreError):
    """Two versions of a person's file that are not merged: git leaves the conflict."""


@dataclass(frozen=True)
class Merged:
    """The merged file's tables, how many events it holds and how many came from theirs."""

    tables: Tables
    events: int
    from_theirs: int


def merge_file(base: Path, ours: Path, theirs: Path, shown: str) -> Merged:
    """git's `%O %A %B %P`: merge into `ours` (written atomically); `shown` names the file
    in messages. Raises MergeConflict, and `ours` is left as it was."""
    mine = _read(ours, shown, OURS)
    other = _read(theirs, shown, THEIRS)
    try:
        ancestor: Tables | None = _read(base, shown, ANCESTOR)
    except MergeConflict:
        ancestor = None  # empty when the file was made on both sides: no ancestor to ask
    merged = merge_logs(ancestor, mine, other, shown)
    atomic_write_bytes(ours, person_file_bytes(merged.tables))
    return merged


def _read(path: Path, shown: str, side: str) -> Tables:
    try:
        return parse_person_file(read_regular(path, PERSON_FILE_LIMIT), path)
    except FileNotFoundError:
        reason = "is missing"
    except DamagedFile as error:
        reason = error.reason
    raise MergeConflict(
        f"{shown}: {side} {reason}; nothing was merged, the conflict is left for you"
    )


def merge_logs(base: Tables | None, ours: Tables, theirs: Tables, shown: str) -> Merged:
    """The union of two versions of a person's log (see the module's docstring)."""
    mine = _unique(ours, shown, OURS)
    other = _unique(theirs, shown, THEIRS)
    ancestor = {doc.get("id"): doc for doc in _docs(base or {})}
    chosen = dict(mine)
    for key, doc in other.items():
        chosen[key] = (
            _resolve(key, mine[key], doc, ancestor.get(key), shown) if key in mine else doc
        )
    counts_at = _counts_at(mine, chosen)
    for key, at in _counts_at(other, chosen).items():
        counts_at[key] = min(at, counts_at.get(key, at))
    order = _interleave(list(mine), list(other), lambda key: (counts_at[key], key))
    events: dict[str, RawEvent] = {}
    for place, key in enumerate(order):
        doc = chosen[key]
        if _is_seq(doc.get("seq")):
            doc = {**doc, "seq": place}  # the key stays where it was in the event
        events[str(place + 1)] = doc  # TinyDB's doc ids count from 1
    tables: Tables = {EVENTS_TABLE: events}
    for name in [*ours, *theirs]:
        if name != EVENTS_TABLE and name not in tables:
            tables[name] = _other_table(name, ours, theirs, base, shown)
    if next(iter(ours), EVENTS_TABLE) != EVENTS_TABLE:
        tables = {name: tables[name] for name in [*ours, *tables] if name in tables}
    return Merged(tables, len(order), len(other.keys() - mine.keys()))


@dataclass(frozen=True)
class Differences:
    """What a version of a person's file lacks of mine: my events missing from it, and my
    events it stores differently (their place in the log, `seq`, aside)."""

    missing: int
    changed: int

    def __bool__(self) -> bool:
        return bool(self.missing or self.changed)


def differences(mine: Tables, other: Tables, shown: str) -> Differences:
    """How `other` differs from `mine` in my events; MergeConflict for a side that is not
    a log of events (an entry that is not one, an event twice, differently)."""
    ours = _unique(mine, shown, "your version")
    theirs = _unique(other, shown, "the version that came in")
    missing = sum(key not in theirs for key in ours)
    changed = sum(
        key in theirs and what_it_says(ours[key]) != what_it_says(theirs[key]) for key in ours
    )
    return Differences(missing, changed)


def put_back(mine: Tables, other: Tables, shown: str) -> Merged:
    """`other` with every event of mine in it, as I have it: the union of the two, my
    version winning wherever the two differ (`other` stands as the common ancestor, so
    every difference counts as mine)."""
    return merge_logs(other, mine, other, shown)


def _docs(tables: Tables) -> list[RawEvent]:
    table = tables.get(EVENTS_TABLE, {})
    return [doc for doc in table.values() if isinstance(doc, dict)]


def _unique(tables: Tables, shown: str, side: str) -> dict[str, RawEvent]:
    """A side's events by id, in its log's order (by seq and id, as the fold reads a log;
    events without a whole seq last, in file order). Raises MergeConflict for an entry
    that is not an event the union can place (see _odd)."""
    table: dict[str, Any] = tables.get(EVENTS_TABLE, {})
    for key, doc in table.items():
        if (odd := _odd(doc)) is not None:
            raise MergeConflict(
                f"{shown}: {side} holds the entry {key[:40]!r}, {odd}; nothing was merged, "
                "the conflict is left for you"
            )
    unique: dict[str, RawEvent] = {}
    for doc in sorted(table.values(), key=_log_place):
        key = doc["id"]
        if key in unique and what_it_says(unique[key]) != what_it_says(doc):
            raise MergeConflict(
                f"{shown}: {side} holds the event {key} twice, differently (a merge "
                "resolved by hand?); nothing was merged, the conflict is left for you"
            )
        unique.setdefault(key, doc)  # two equal copies: the fold counts one anyway
    return unique


def _odd(doc: object) -> str | None:
    """Why an entry is not an event the union can place, in words (None: it is one).
    Its place in the merged log is its id's; and what the fold would refuse or leave
    out, the merge would spread to the other computer without a word."""
    if not isinstance(doc, dict):
        return "which is not an event"
    event_id, kind = doc.get("id"), doc.get("type")
    if not isinstance(event_id, str) or not event_id:
        return "an event without an id"
    if not isinstance(kind, str) or kind not in EVENT_FIELDS:
        return f"an event of a type this teamboard does not know, {repr(kind)[:40]}"
    if extra := sorted(doc.keys() - EVENT_FIELDS[kind]):
        return f"an event with a field its type ({kind}) does not have, {extra[0][:40]!r}"
    return None


def _log_place(doc: RawEvent) -> tuple[int, int, str]:
    seq, event_id = doc.get("seq"), doc.get("id")
    if _is_seq(seq) and isinstance(event_id, str):
        return (0, seq, event_id)
    return (1, 0, "")


def _is_seq(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _resolve(
    key: str, mine: RawEvent, theirs: RawEvent, ancestor: RawEvent | None, shown: str
) -> RawEvent:
    """One event held by both sides: the same, or changed on one side only."""
    if what_it_says(mine) == what_it_says(theirs):
        return mine
    if ancestor is not None:
        if what_it_says(ancestor) == what_it_says(mine):
            return theirs
        if what_it_says(ancestor) == what_it_says(theirs):
            return mine
    raise MergeConflict(
        f"{shown}: the event {key} is stored differently in {OURS} and {THEIRS} "
        "(edited by hand?); nothing was merged, the conflict is left for you"
    )


def _counts_at(log: dict[str, RawEvent], chosen: dict[str, RawEvent]) -> dict[str, datetime]:
    """When each event of a log counts: its time, or the time of an earlier event of the
    log if that is later (as the fold reads a log: fold._key_log). An entry without a time
    counts with the one before it that has one, else before every time."""
    counts_at: dict[str, datetime] = {}
    running = _BEFORE_ALL
    for key in log:
        at = stored_time(chosen[key].get("at"))
        if at is not None and at > running:
            running = at
        counts_at[key] = running
    return counts_at


def _interleave(
    a: list[str], b: list[str], when: Callable[[str], tuple[datetime, str]]
) -> list[str]:
    """Both sequences in one, each in its own order; where either may come next, the
    earlier by `when` first. An event both hold waits for its place in both. The same
    for (a, b) as for (b, a), so two computers merging the same versions agree."""
    in_a, in_b = set(a), set(b)
    done: set[str] = set()
    merged: list[str] = []
    i = j = 0
    while True:
        while i < len(a) and a[i] in done:
            i += 1
        while j < len(b) and b[j] in done:
            j += 1
        if i == len(a) or j == len(b):
            rest = a[i:] if j == len(b) else b[j:]
            merged.extend(key for key in rest if key not in done)
            return merged
        x, y = a[i], b[j]
        # Everything before b[j] is placed, so x in b means x comes later in b (and y in
        # a, later in a): that one waits.
        if x == y or (y in in_a and x not in in_b):
            take = x
        elif x in in_b and y not in in_a:
            take = y
        else:
            take = min(x, y, key=when)
        merged.append(take)
        done.add(take)


def _other_table(name: str, ours: Tables, theirs: Tables, base: Tables | None, shown: str) -> Any:
    """A table other than the events (TinyDB's "_default", if something opened it): the
    same on both sides, or changed on one side only."""
    if name not in theirs:
        return ours[name]
    if name not in ours:
        return theirs[name]
    mine, other = what_it_says(ours[name]), what_it_says(theirs[name])
    if mine == other:
        return ours[name]
    before = what_it_says(base[name]) if base is not None and name in base else None
    if before == mine:
        return theirs[name]
    if before == other:
        return ours[name]
    raise MergeConflict(
        f"{shown}: the table {name!r} differs in {OURS} and {THEIRS}; nothing was merged, "
        "the conflict is left for you"
    )
