"""Signed logs, piece by piece: the journal's layout, a log re-laid by hand, and a log
checked from where this computer's cache left off (only what is new)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from boards import new_board, write_events

from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.store.signing import ChainHead, Entries, journal_bytes, journal_lines, verify_log

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def signed_board(tmp_path: Path, count: int = 3) -> BoardFolder:
    board = new_board(tmp_path / "b", "Team", "ann", "Ann", at=T0)
    for n in range(count):
        write_events(
            board, "ann", {"type": "member_joined", "name": f"Ann {n}"}, at=T0 + timedelta(n)
        )
    return board


def test_the_journal_writes_each_event_as_its_canonical_line() -> None:
    events = {"1": {"b": 1, "a": "x, y\n"}, "2": {"c": [1, 2]}}
    data = journal_bytes(events)
    assert data == b'{"events":{\n"1":\n{"a":"x, y\\n","b":1}\n,"2":\n{"c":[1,2]}\n}}\n'
    assert json.loads(data) == {"events": events}
    assert journal_lines(data, 2) == [b'{"a":"x, y\\n","b":1}', b'{"c":[1,2]}']
    assert journal_lines(json.dumps({"events": events}, indent=1).encode(), 2) is None


def test_a_signed_log_laid_out_again_by_hand_loses_nothing(tmp_path: Path) -> None:
    """Spaces and line breaks are not a change: the canonical form is what is signed."""
    board = signed_board(tmp_path)
    path = board.person_file("ann")
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2), encoding="utf-8")
    state = BoardFolder.open(board.root).load().state
    assert state.rejected == [] and state.members["ann"].name == "Ann 2"


def test_a_log_that_only_grew_is_checked_from_where_it_was_left(tmp_path: Path) -> None:
    """The cache remembers each file's checked head: only the new entries are checked
    (here the old ones are swapped for garbage, unseen, as they are not read again)."""
    board = signed_board(tmp_path, 2)
    person = board.read_person(board.person_file("ann"))
    head = person.mark.chain
    assert head.count == 3 and head.key and head.unsigned == 0
    write_events(board, "ann", {"type": "member_joined", "name": "Ann again"}, at=T0 + timedelta(5))
    grown = board.read_person(board.person_file("ann"), person.mark)
    assert grown.left_out == {} and grown.mark.chain.count == 4
    lines = journal_lines(grown.data, 4)
    assert lines is not None
    garbage = [b"{}"] * 3 + lines[3:]
    verdict = verify_log("ann", Entries(grown.events, garbage), head)
    assert verdict.left_out == {} and verdict.head == grown.mark.chain
    # From the start, the garbage is found.
    assert verify_log("ann", Entries(grown.events, garbage), ChainHead()).left_out


def test_the_cache_holds_what_was_checked_and_a_later_edit_is_still_found(tmp_path: Path) -> None:
    board = signed_board(tmp_path)
    cache = tmp_path / "cache"
    first = LiveBoard(board, cache_dir=cache)
    first.open()
    first.save_cache()
    path = board.person_file("ann")
    path.write_bytes(path.read_bytes().replace(b"Ann 1", b"Ann X"))
    again = LiveBoard(BoardFolder.open(board.root), cache_dir=cache)
    again.open()
    assert again.cache_used
    reasons = {r.reason.split(":")[0] for r in again.state.rejected}
    assert reasons == {
        "not signed by the key of ann's log",
        "does not follow the event before it in ann's log",
    }
