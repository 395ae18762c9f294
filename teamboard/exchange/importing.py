"""Reading exported events (JSONL, as `teamboard export --format jsonl` writes them) to
rebuild a board: every line checked as the board checks what it reads, and all of them
folded under the board's rules, before anything is written.

Its first line names the board and its founder (`export.board_line`); a file of events
alone is taken too, its founder being whoever joined first. A file is taken whole or not
at all: the first line that is not a valid event, or that the rules refuse, is named by
its number. The events keep their ids, times, sequence
numbers and authors (an import is the same history, not new changes); `live.import_board`
writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from teamboard.domain.events import (
    CLOCK_TOLERANCE,
    EVENT_TYPES,
    Event,
    RawEvent,
    check_member_id,
    describe_validation_error,
    parse_event,
)
from teamboard.domain.fold import fold, ordered
from teamboard.domain.state import BoardState, Refused
from teamboard.domain.text import one_line
from teamboard.exchange.export import BOARD_LINE
from teamboard.store.folder import DamagedFile, loads_strict

# A big board's events are some tens of megabytes; this is far beyond any team's.
IMPORT_LIMIT = 1024 * 1024 * 1024


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


def read_events(data: bytes, now: datetime, name: str = "the file") -> Imported:
    """Check every line of a JSONL export and fold them all; raise Refused naming the
    first line that cannot be taken (`name` is how the message calls the file)."""
    events: list[Event] = []
    raws: dict[str, RawEvent] = {}
    lines: dict[str, int] = {}
    seqs: dict[tuple[str, int], int] = {}
    board: RawEvent | None = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue

        def refuse(reason: str, number: int = number) -> Refused:
            return Refused(f"{name}, line {number}: {reason}; nothing was imported")

        try:
            raw = loads_strict(line, Path(name))
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


def _board_line(raw: RawEvent, refuse: Callable[[str], Refused]) -> RawEvent:
    """The board's line (see export.board_line), checked."""
    if raw.get(BOARD_LINE) != "board":
        raise refuse(f"{BOARD_LINE!r} should say 'board'")
    board_name = raw.get("name")
    if not isinstance(board_name, str) or not one_line(board_name):
        raise refuse("the board's name is missing")
    try:
        check_member_id(str(raw.get("founder")))
    except ValueError as error:
        raise refuse(f"the founder: {error}") from None
    return raw
