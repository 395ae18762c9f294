"""Reading exported events (JSONL, as `teamboard export --format jsonl` writes them) to
rebuild a board: every line checked as the board checks what it reads, and all of them
folded under the board's rules, before anything is written.

Its first line names the board and its founder (`export.board_line`); a file of events
alone is taken too, its founder being whoever joined first. A file is taken whole or not
at all: the first line that is not a valid event, or that the rules refuse, is named by
its number. The events keep their ids, times, sequence
numbers and authors (an import is the same history, not new changes); `live.import_board`
writes them.

The file is read as a stream, a chunk at a time: what is held is the events, never the
file. A line may hold at most LINE_LIMIT bytes and each of its fields FIELD_LIMIT (what
this teamboard does not know is kept as it came, and must not grow a person's file past
what the board reads; `live.import_board` checks the files it writes too).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from teamboard.domain.events import (
    CLOCK_TOLERANCE,
    EVENT_TYPES,
    EntryKind,
    Event,
    RawEvent,
    check_member_id,
    describe_validation_error,
    name_problem,
    parse_event,
)
from teamboard.domain.fold import fold, ordered
from teamboard.domain.state import BoardState, Refused
from teamboard.exchange.export import BOARD_LINE
from teamboard.store.folder import DamagedFile, loads_strict

# A big board's events are some tens of megabytes; this is far beyond any team's.
IMPORT_LIMIT = 1024 * 1024 * 1024
# One change is a few hundred bytes, a long reflection some kilobytes (a text holds at
# most TEXT_LIMIT characters); a field this teamboard does not know is held to as much.
LINE_LIMIT = 1024 * 1024
FIELD_LIMIT = 64 * 1024
# A change nests three deep (a plan's field); the reader of a person's file, two levels
# up, stops short of a thousand.
NESTING_LIMIT = 32
_CHUNK = 1024 * 1024
_NOT_BLANK = re.compile(rb"\S")
# The event that makes each kind of entry, and its field that holds the entry's id.
_ENTRY_IDS = {kind.traits.made_by: (kind, kind.traits.id_field) for kind in EntryKind}


@dataclass
class Imported:
    """A board's events, checked and folded, ready to be written: each author's log in
    the order of its sequence numbers, as stored."""

    founder: str
    founded_at: datetime
    logs: dict[str, list[RawEvent]]
    state: BoardState
    count: int = 0
    lines: dict[str, int] = field(default_factory=dict)  # event id -> line number
    name: str | None = None  # the board's name, from the board's line


def read_events(source: bytes | BinaryIO, now: datetime, name: str = "the file") -> Imported:
    """Check every line of a JSONL export (its bytes, or a file open for reading) and fold
    them all; raise Refused naming the first line that cannot be taken (`name` is how the
    message calls the file)."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    events: list[Event] = []
    raws: dict[str, RawEvent] = {}
    lines: dict[str, int] = {}
    seqs: dict[tuple[str, int], int] = {}
    entries: dict[tuple[EntryKind, str], int] = {}
    board: RawEvent | None = None
    shown = Path(name)
    for number, line in _numbered_lines(stream, name):

        def refuse(reason: str, number: int = number) -> Refused:
            return Refused(f"{name}, line {number}: {reason}; nothing was imported")

        try:
            raw = loads_strict(line, shown)
        except DamagedFile as error:
            raise refuse(error.reason.replace(" at line 1 ", " ")) from None
        if not isinstance(raw, dict):
            raise refuse("not an event (each line holds one JSON object)")
        if BOARD_LINE in raw:
            if board is not None or events:
                raise refuse("the board's line belongs first, and once")
            board = _board_line(raw, refuse)
            continue
        kind = raw.get("type")
        if kind not in EVENT_TYPES:
            raise refuse(f"unknown event type {kind!r} (written by a newer teamboard?)")
        # (A line with fewer brackets cannot nest deeper, nor one shorter hold a larger field.)
        deep = line.count(b"{") + line.count(b"[") > NESTING_LIMIT
        if deep and _nested_deeper(raw, NESTING_LIMIT):
            raise refuse(f"nested more than {NESTING_LIMIT} levels deep (a change nests three)")
        for key, value in raw.items() if len(line) > FIELD_LIMIT else ():
            if (size := _json_size(value)) > FIELD_LIMIT:
                raise refuse(
                    f"the field {key[:40]!r} holds {size:,} bytes, more than the "
                    f"{FIELD_LIMIT // 1024} KB a field may hold"
                )
        try:
            check_member_id(str(raw.get("author")))
            event = parse_event(raw)
        except ValidationError as error:
            raise refuse(f"invalid {kind}: {describe_validation_error(error)}") from None
        except ValueError as error:
            raise refuse(f"the author: {error}") from None
        if event["id"] in lines:
            raise refuse(f"the event {event['id']} is on line {lines[event['id']]} already")
        seq = (event["author"], event["seq"])
        if seq in seqs:
            raise refuse(f"{seq[0]}'s change number {seq[1]} is on line {seqs[seq]} already")
        if event["type"] in _ENTRY_IDS:
            entry_kind, id_field = _ENTRY_IDS[event["type"]]
            entry = (entry_kind, str(raw[id_field]))
            if entry in entries:
                raise refuse(
                    f"the {entry_kind.traits.label} {entry[1]} is on line {entries[entry]} "
                    "already (an entry's id is its own: taking it back names it)"
                )
            entries[entry] = number
        if event["at"] > now + CLOCK_TOLERANCE:
            raise refuse(
                f"dated {event['at'].isoformat()}, ahead of this computer's clock "
                "(is a clock wrong?)"
            )
        lines[event["id"]] = seqs[seq] = number
        raws[event["id"]] = raw
        events.append(event)
    if not events:
        raise Refused(f"{name} holds no events; nothing was imported")
    first = ordered(events)[0][1]
    if board is not None:
        founder = str(board["founder"])
    elif first["type"] == "member_joined":
        founder = first["author"]  # who made the board joined it first
    else:
        raise Refused(
            f"{name}, line {lines[first['id']]}: without the board's line, the first change "
            "(in time order) must be the founder joining the board; nothing was imported"
        )
    state = fold(events, founder=founder)
    if state.rejected:
        refused = min(state.rejected, key=lambda r: lines.get(r.event_id, 0))
        cause = f" (because of line {lines[refused.cause]})" if refused.cause in lines else ""
        more = len(state.rejected) - 1
        also = f"; {more} more line(s) break the rules too" if more else ""
        raise Refused(
            f"{name}, line {lines.get(refused.event_id, '?')}: breaks the board's rules: "
            f"{refused.reason}{cause}{also}; nothing was imported"
        )
    logs: dict[str, list[RawEvent]] = {}
    for event in sorted(events, key=lambda e: (e["author"], e["seq"])):
        logs.setdefault(event["author"], []).append(raws[event["id"]])
    founded_at = min((e["at"] for e in events if e["author"] == founder), default=first["at"])
    return Imported(
        founder,
        founded_at,
        logs,
        state,
        len(events),
        lines,
        str(board["name"]) if board is not None else None,
    )


def _numbered_lines(stream: BinaryIO, name: str) -> Iterator[tuple[int, bytes]]:
    """Each line that is not blank, with its number, read a chunk at a time: what is held
    is a chunk and the line it ends in (a line longer than LINE_LIMIT is refused)."""
    number = 1  # the number of the line that `pending` starts
    pending = b""
    while True:
        chunk = stream.read(_CHUNK)
        data = pending + chunk if pending else chunk
        end = data.rfind(b"\n") + 1 if chunk else len(data)  # at the end: the last line
        at = 0  # where the search goes on: a line's start, or the line break ending it
        while found := _NOT_BLANK.search(data, at, end):
            start = data.rfind(b"\n", at, found.start()) + 1
            stop = data.find(b"\n", found.start(), end)
            stop = end if stop < 0 else stop
            number += data.count(b"\n", at, start)
            if stop - start > LINE_LIMIT:
                raise _too_long(name, number)
            yield number, data[start:stop]
            at = stop
        number += data.count(b"\n", at, end)
        pending = data[end:]
        if len(pending) > LINE_LIMIT:
            raise _too_long(name, number)
        if not chunk:
            return


def _too_long(name: str, number: int) -> Refused:
    return Refused(
        f"{name}, line {number}: longer than the {LINE_LIMIT // 2**20} MB a line may hold; "
        "nothing was imported"
    )


def _nested_deeper(value: dict[str, object], limit: int) -> bool:
    """Whether objects and lists nest in `value` (itself one) more than `limit` deep."""
    level: list[dict[str, object] | list[object]] = [value]
    for _ in range(limit):
        level = [
            inner
            for outer in level
            for inner in (outer.values() if isinstance(outer, dict) else outer)
            if isinstance(inner, (dict, list))
        ]
        if not level:
            return False
    return True


def _json_size(value: object) -> int:
    """The bytes a field takes as compact JSON (a text's escapes aside), never more than
    it took in its line."""
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, (dict, list)):
        return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
    return 0  # a number, true, false or null: its line's length holds it


def _board_line(raw: RawEvent, refuse: Callable[[str], Refused]) -> RawEvent:
    """The board's line (see export.board_line), checked."""
    if raw.get(BOARD_LINE) != "board":
        raise refuse(f"{BOARD_LINE!r} should say 'board'")
    board_name = raw.get("name")
    if not isinstance(board_name, str):
        raise refuse("the board's name is missing")
    if problem := name_problem(board_name):
        raise refuse(f"the board's name: {problem}")
    try:
        check_member_id(str(raw.get("founder")))
    except ValueError as error:
        raise refuse(f"the founder: {error}") from None
    return raw
