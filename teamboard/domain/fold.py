"""The fold: events in, BoardState out, with the rules of who may do what.

The order. Every machine must fold the same files to the same state, so the order is a
function of the events alone, never of the order they were read in: by time, then author,
then the author's own sequence number (and the id, so that any two events have one order;
two copies of one id at one seq, by their content: the first counts, the others are
refused as stored twice). A person's log is written in order, so its order wins over its
clock, forwards only: an event stamped earlier than the same author's event before it
counts at that event's time (`effective times`). Appending to a log therefore never
changes when the log's earlier events count: a line dated back cannot pull them back in
time. `teamboard check` names such events.

Signing. The store verifies each person's log (store/signing.py) and says which entries
to leave out and why (`PersonLog.left_out`): the fold lists them as refused and applies
the rest. Keys declared in a log are kept in `state.keys`.

The rules. Each rule is one `check_*` function that raises Refused with the reason (and the
event that caused it, when there is one). The fold's handlers call them before they change
anything, so a refused event changes nothing; the app's screens ask the same functions
(`allows`) which keys to offer, and the CLI prints their words.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from teamboard.domain.authorship import fingerprint
from teamboard.domain.events import (
    EVENT_TYPES,
    Event,
    RawEvent,
    describe_validation_error,
    event_to_json,
    parse_event,
)
from teamboard.domain.handlers import handle
from teamboard.domain.state import (
    BoardState,
    DeclaredKey,
    OrderKey,
    Refused,
    Rejected,
)

# --- applying one event -----------------------------------------------------------------


def apply(state: BoardState, event: Event, at: datetime | None = None) -> None:
    """Apply one event to `state` in place, or raise Refused and leave `state` untouched.

    `at` is the event's effective time (see the module's docstring); by default its own.
    Every check comes before the first change, so a refused event changes nothing.
    """
    if event["id"] in state.event_ids:
        raise Refused("the same event id is stored twice; this copy is left out", event["id"])
    at = event["at"] if at is None else at
    if "key" in event:
        declare_key(state, event, at)
    handle(state, event, at)


def declare_key(state: BoardState, event: Event, at: datetime) -> None:
    """The key a log's first signed event declares (the store checked that it signs the
    log): kept whether or not the rules allow the event's own change."""
    key = event.get("key")
    if key is not None and event["author"] not in state.keys:
        state.keys[event["author"]] = DeclaredKey(key, fingerprint(key), event["id"], at)


def judge(state: BoardState, event: Event, key: OrderKey | None = None, source: str = "") -> bool:
    """Apply the event, or list it in `state.rejected`; True if it was applied."""
    key = key or order_key(event)
    try:
        apply(state, event, key[0])
    except Refused as refusal:
        state.rejected.append(_rejection(event, refusal, source))
        applied = False
    else:
        applied = True
    state.event_ids.add(event["id"])
    if state.last_key is None or key > state.last_key:
        state.last_key = key
    return applied


def _rejection(event: Event, refusal: Refused, source: str) -> Rejected:
    """A refused event as the state lists it: why, and the event that caused it if any."""
    at = event["at"].isoformat()
    return Rejected(
        event["id"], event["author"], event["type"], str(refusal), source, refusal.cause, at
    )


# --- the order --------------------------------------------------------------------------


def order_key(event: Event) -> OrderKey:
    """An event's place in the fold, taken alone (its own time)."""
    return (_utc(event["at"]), event["author"], event["seq"], event["id"])


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC) if at.utcoffset() else at


def ordered(events: Iterable[Event]) -> list[tuple[OrderKey, Event]]:
    """Keyed events in fold order, with effective times: within each author's log (by
    seq), an event counts no later than the author's next event."""
    by_author: dict[str, list[Event]] = {}
    for event in events:
        by_author.setdefault(event["author"], []).append(event)
    return [(key, event) for key, event, _ in _keyed(by_author, _no_source)]


def _no_source(event: Event) -> str:
    return ""


def _keyed(
    by_author: dict[str, list[Event]], source_of: Callable[[Event], str]
) -> list[tuple[OrderKey, Event, str]]:
    """Every author's events keyed with their effective times, in fold order, each with
    the file it came from.

    The order is a function of the events alone, never of the order they were read in:
    copies of one id at one seq of an author's log (a merge resolved by hand, a copy
    edited by hand) are ordered by their content, and exact copies by their file, so
    that every machine counts the same copy and refuses the others as stored twice."""
    keyed: list[tuple[OrderKey, Event, str]] = []
    for author, log in by_author.items():
        log.sort(key=_seq_id)  # a file is in seq order already: a quick pass
        if len({event["id"] for event in log}) == len(log):
            _key_log(author, log, source_of, keyed.append)
            continue
        # An id stored twice. Copies with the same key are judged in the log's order
        # (the sort below is stable): the first by content counts.
        log.sort(key=lambda event: (*_seq_id(event), _content(event), source_of(event)))
        _key_log(author, log, source_of, keyed.append)
    keyed.sort(key=_first)
    return keyed


def _key_log(
    author: str,
    log: list[Event],
    source_of: Callable[[Event], str],
    append: Callable[[tuple[OrderKey, Event, str]], None],
) -> None:
    """One author's log, keyed from its start: each event counts no earlier than the one
    before it, so what is appended never moves what was there."""
    effective: datetime | None = None
    for event in log:
        at = event["at"]
        if at.utcoffset():
            at = at.astimezone(UTC)
        if effective is None or at > effective:
            effective = at
        append(((effective, author, event["seq"], event["id"]), event, source_of(event)))


def _seq_id(event: Event) -> tuple[int, str]:
    return event["seq"], event["id"]


def _content(event: Event) -> str:
    """All that an event says, as text: to order copies of one id by."""
    return json.dumps(event_to_json(event), sort_keys=True, ensure_ascii=False)


def _first(item: tuple[OrderKey, Event, str]) -> OrderKey:
    return item[0]


# --- folding many -----------------------------------------------------------------------


@dataclass
class StoredEvent:
    """An event as read from a file: validated, or raw when it failed validation (the
    fold then lists it as rejected), with the path it came from."""

    raw: RawEvent | None = None
    source: str = ""
    # The member whose file it came from: an event in someone else's file is refused.
    file_owner: str | None = None
    event: Event | None = None


@dataclass
class PersonLog:
    """One person's file as read: its events, validated all at once; or, when something in
    it was odd, its raw entries (`raw`), which the fold judges one by one."""

    source: str
    owner: str
    events: list[Event] = field(default_factory=list)
    raw: list[RawEvent] | None = None
    # Entries (by their place in the file) that the store's check of the log's signatures
    # and chain leaves out: (why, the event that caused it or "").
    left_out: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.raw) if self.raw is not None else len(self.events)


def fold_logs(
    logs: Iterable[PersonLog], founder: str | None = None, extra: Iterable[Event] = ()
) -> BoardState:
    """Fold people's files (as the store reads them), with `extra` events (a trial)."""
    with paused_gc():
        state = BoardState(founder=founder)
        by_author: dict[str, list[Event]] = {}
        sources: dict[str, str] = {}
        for log in logs:
            events = log.events
            if log.raw is not None:
                parsed = [_parse(state, raw, log.source, log.owner) for raw in log.raw]
                events = _signed_only(state, log, parsed)
            elif log.left_out:
                events = _signed_only(state, log, list(events))
            by_author.setdefault(log.owner, []).extend(events)
            sources[log.owner] = log.source
        for event in extra:
            by_author.setdefault(event["author"], []).append(event)
        keyed = _keyed(by_author, lambda event: sources.get(event["author"], ""))
        del by_author
        _judge_all(state, keyed)
        sort_rejected(state)
        return state


def _signed_only(state: BoardState, log: PersonLog, events: Sequence[Event | None]) -> list[Event]:
    """The log's events less those the store left out (listed as refused, with why);
    `events` is in the file's order, None where an entry was refused already."""
    kept: list[Event] = []
    for place, event in enumerate(events):
        if event is None:
            continue
        why = log.left_out.get(place)
        if why is None:
            kept.append(event)
            continue
        # Its id is not taken: a copy of a real event's id must not shut the real one out.
        reason, cause = why
        state.rejected.append(
            Rejected(
                event["id"],
                event["author"],
                event["type"],
                reason,
                log.source,
                cause,
                event["at"].isoformat(),
            )
        )
    return kept


def fold(
    events: Iterable[Event | StoredEvent | Mapping[str, Any]], founder: str | None = None
) -> BoardState:
    """Fold events, in any order, into the board's state.

    Accepts validated events, raw dicts (as stored) or StoredEvents. Raw events that fail
    validation or have an unknown type are listed in `rejected` and skipped.
    """
    with paused_gc():
        state = BoardState(founder=founder)
        by_author: dict[str, list[Event]] = {}
        sources: dict[int, str] = {}
        for item in events:
            if isinstance(item, StoredEvent):
                event = item.event
                if event is None:
                    event = _parse(state, item.raw or {}, item.source, item.file_owner)
                if event is not None:
                    sources[id(event)] = item.source
            else:
                event = _parse(state, dict(item), "")
            if event is not None:
                by_author.setdefault(event["author"], []).append(event)
        keyed = _keyed(by_author, lambda event: sources.get(id(event), ""))
        del by_author
        _judge_all(state, keyed)
        sort_rejected(state)
        return state


def sort_rejected(state: BoardState) -> None:
    """The refused events in the order every fold lists them: by file, author, id and
    reason, then by the rest of what is listed (two copies of one id, each refused)."""
    state.rejected.sort(
        key=lambda r: (r.source, r.author, r.event_id, r.reason, r.at, r.type, r.cause)
    )


def _judge_all(state: BoardState, keyed: list[tuple[OrderKey, Event, str]]) -> None:
    """`judge` for every event in order, written out for speed (a big board has 80,000)."""
    if keyed:
        state.last_key = keyed[-1][0]
    keyed.reverse()
    handle_event, ids, rejected = handle, state.event_ids, state.rejected
    pop = keyed.pop
    # Popped from the end, each event is let go as soon as it is applied: on a big
    # board the parsed events and the state are then not both whole in memory.
    while keyed:
        key, event, source = pop()
        event_id = event["id"]
        try:
            if event_id in ids:
                raise Refused("the same event id is stored twice; this copy is left out", event_id)
            if "key" in event:
                declare_key(state, event, key[0])
            handle_event(state, event, key[0])
        except Refused as refusal:
            rejected.append(_rejection(event, refusal, source))
        ids.add(event_id)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading and folding a big board makes many small objects that live on; the cyclic
    garbage collector would walk them again and again (half the time of a 10,000
    experiment fold) and find no cycles to free. Afterwards they are frozen (moved out
    of the collector's sight), or the first collection would walk all of them at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _parse(
    state: BoardState, raw: RawEvent, source: str, file_owner: str | None = None
) -> Event | None:
    """Validate a raw event; a parsed event passes through. None (and listed in
    `rejected`) when it cannot be used."""
    kind = raw.get("type")
    reason: str
    if not isinstance(kind, str) or kind not in EVENT_TYPES:
        reason = f"unknown event type {kind!r} (written by a newer teamboard?)"
    elif file_owner is not None and raw.get("author") != file_owner:
        reason = f"written by {raw.get('author')!r} into the file of {file_owner!r}"
    else:
        try:
            return parse_event(raw)
        except ValidationError as error:
            reason = f"invalid {kind}: {describe_validation_error(error)}"
    state.rejected.append(
        Rejected(
            str(raw.get("id", "?")),
            str(raw.get("author", "?")),
            str(kind),
            reason,
            source,
            at=str(raw.get("at", "")),
        )
    )
    return None


# --- derived facts ----------------------------------------------------------------------
