"""Import: a JSONL export rebuilds the same board (export -> import -> export gives the same
events and the same state), and a file with a broken or rule-breaking line is refused by
its line number, with nothing written."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from boards import new_board, write_events
from hypothesis import given

from teamboard.demo import build_demo_board
from teamboard.domain.fold import fold
from teamboard.domain.state import Refused
from teamboard.exchange.export import jsonl_text, kept_events, state_json
from teamboard.exchange.importing import FIELD_LIMIT, read_events
from teamboard.store.folder import PERSON_FILE_LIMIT, BoardFolder, StoreError
from teamboard.store.live import LiveBoard

from .factories import T0, Log, day, dump
from .test_fold_properties import FOUNDER, SETTINGS, histories

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def export_jsonl(root: Path) -> str:
    board = BoardFolder.open(root)
    stored = ((path.stem, raw) for path, raw in board.raw_events())
    return jsonl_text(kept_events(stored, board.meta.founder), board.meta.name)


def import_text(text: str, into: Path, name: str | None = None, now: datetime = NOW) -> LiveBoard:
    imported = read_events(text.encode("utf-8"), now, name="board.jsonl")
    return LiveBoard.import_board(into, name or imported.name or "Imported", imported)


def lines(*events: dict) -> str:
    return "".join(
        json.dumps(e, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
        for e in events
    )


def without_sources(state) -> dict:
    picture = dump(state)
    del picture["rejected"]  # the paths of the files they are in
    return picture


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "board"
    build_demo_board(root, now=NOW)
    return root


def test_the_demo_goes_through_export_import_export_unchanged(demo, tmp_path):
    first = export_jsonl(demo)
    assert first.startswith('{"teamboard":"board","name":"Product Team","founder":"maria"}\n')
    assert first.count("\n") == 1 + BoardFolder.open(demo).load().event_count
    live = import_text(first, tmp_path / "copy")
    assert live.board.meta.name == "Product Team" and live.board.meta.founder == "maria"
    second = export_jsonl(live.root)
    assert second == first  # the same events, byte for byte, in the same order
    original = BoardFolder.open(demo).load().state
    assert without_sources(live.state) == without_sources(original)
    assert state_json(live.state) == state_json(original)
    assert live.state.rejected == []
    # Each person's file holds exactly their own events, with their ids, times and seq.
    for path in (tmp_path / "copy" / "people").glob("*.json"):
        mine = [json.loads(line) for line in first.splitlines()[1:]]
        mine = [e for e in mine if e["author"] == path.stem]
        stored = json.loads(path.read_text(encoding="utf-8"))["events"]
        assert list(stored.values()) == sorted(mine, key=lambda e: e["seq"])


def corrected_board() -> list[dict]:
    """Every kind of change, corrections too: a role, an edit and a cleared plan, a
    revised reflection, support removed, entries taken back, a withdrawal and a restore."""
    ann, ben, cara = Log("ann"), Log("ben"), Log("cara")
    ann.join(0, "Ann Archer")
    ben.join(day(0, 1), "Ben Ökafor")
    cara.join(day(0, 2), "Cara =1+1")
    ann.set_role(day(0, 3), "cara", "manager")
    ben.create(1, "e1", "Ask = before @answering", target_date="2024-05-01", confidence=2)
    ben.edit(day(1, 1), "e1", why_me="I talk first", opportunity={"kind": "project", "what": "X"})
    ben.event("plan_cleared", day(1, 2), experiment_id="e1", fields=["target_date"])
    cara.support(day(1, 3), "e1", "cara")
    ann.support(day(1, 4), "e1", "ann")
    ann.unsupport(day(1, 5), "e1", "ann")
    ben.move(2, "e1", "practice")
    entry = ben.practice(3, "e1", "asked twice")
    ben.practice(day(3, 1), "e1", "asked again")
    ben.event(
        "taken_back", day(3, 2), entry="practice", entry_id=entry["entry_id"], experiment_id="e1"
    )
    note = cara.note(4, "e1", "nice *work*")
    cara.event("taken_back", day(4, 1), entry="note", entry_id=note["note_id"], experiment_id="e1")
    ben.move(5, "e1", "reflection")
    first = ben.reflect(6, "e1", wanted="w", did="d", effect="e")
    ben.reflect_fully(day(6, 1), "e1", first["reflection_id"])
    praise = cara.praise(7, "ben", "e1", "brave")
    cara.event("taken_back", day(7, 1), entry="praise", entry_id=praise["praise_id"])
    cara.check_in(8, "e1", "soon-after", "went well")
    ben.rate(9, "e1", 4)
    ben.move(10, "e1", "success")
    ben.create(11, "e2", "Second")
    ben.event("experiment_withdrawn", day(11, 1), experiment_id="e2", reason="later")
    ben.event("experiment_restored", day(11, 2), experiment_id="e2")
    ben.event("experiment_withdrawn", day(11, 3), experiment_id="e2")
    return sorted(
        ann.events + ben.events + cara.events, key=lambda e: (e["at"], e["author"], e["seq"])
    )


def test_every_kind_of_change_and_correction_goes_through_the_round_trip(tmp_path):
    events = corrected_board()
    text = lines(*events)  # events alone: the founder is who joined first
    live = import_text(text, tmp_path / "one", now=T0.replace(year=2025))
    assert live.board.meta.founder == "ann"
    exported = export_jsonl(live.root)
    board_line = '{"teamboard":"board","name":"Imported","founder":"ann"}\n'
    assert exported == board_line + text
    folded = fold(events, founder="ann")
    assert folded.rejected == []
    assert without_sources(live.state) == without_sources(folded)
    again = import_text(export_jsonl(live.root), tmp_path / "two", now=T0.replace(year=2025))
    assert export_jsonl(again.root) == exported
    assert without_sources(again.state) == without_sources(live.state)
    assert live.state.experiments["e1"].reflections[0].complete
    assert live.state.experiments["e2"].withdrawn is not None


def test_refused_changes_on_disk_are_left_out_of_the_export_and_the_copy_matches(tmp_path):
    root = tmp_path / "board"
    board = new_board(root, "Team", "ann", "Ann", at=T0)
    write_events(board, "ben", {"type": "member_joined", "name": "Ben"}, at=day(1))
    # Only a manager may praise: the fold refuses this, and it stays on disk.
    write_events(
        board,
        "ben",
        {"type": "praise_posted", "praise_id": "k1", "to": "ann", "message": "hi"},
        at=day(2),
    )
    stored = ((p.stem, raw) for p, raw in board.raw_events())
    kept = kept_events(stored, "ann")
    assert kept.left_out == 1
    text = jsonl_text(kept, "Team")
    assert text.count("\n") == 3 and "praise_posted" not in text
    live = import_text(text, tmp_path / "copy", now=day(3))
    original = board.load().state
    assert [r.type for r in original.rejected] == ["praise_posted"]
    assert state_json(live.state) == state_json(original)


# --- refusals ---------------------------------------------------------------------------


def refused(text: str | bytes, into: Path, now: datetime = NOW) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(Refused) as caught:
        read_events(data, now, name="board.jsonl")
    assert not into.exists()
    return str(caught.value)


def small_log() -> tuple[Log, Log]:
    ann, ben = Log("ann"), Log("ben")
    ann.join(0)
    ben.join(1)
    ben.create(2, "e1")
    return ann, ben


def test_a_line_that_is_not_json_is_refused_by_its_number(tmp_path):
    ann, ben = small_log()
    text = lines(*ann.events, *ben.events).splitlines()
    text.insert(2, '{"type": "stage_moved", "id": "x"')  # cut off
    message = refused("\n".join(text) + "\n", tmp_path / "copy")
    assert message == (
        "board.jsonl, line 3: is not valid JSON (truncated or damaged?); nothing was imported"
    )


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("[1, 2]", "line 3: not an event (each line holds one JSON object)"),
        ('{"type": "wished", "id": "x"}', "line 3: unknown event type 'wished'"),
        (
            '{"type": "stage_moved", "id": "m", "at": "2024-03-07T09:00:00+00:00", '
            '"author": "ben", "seq": 9, "experiment_id": "e1", "to": "done"}',
            "line 3: invalid stage_moved: to: must be one of",
        ),
        (
            '{"type": "stage_moved", "id": "m", "at": "2024-03-07T09:00:00+00:00", '
            '"author": "Ben Smith", "seq": 9, "experiment_id": "e1", "to": "practice"}',
            "line 3: the author: member id 'Ben Smith' must be",
        ),
        (
            '{"type": "member_joined", "id": "x", "id": "y", "name": "Z", "author": "z", '
            '"at": "2024-03-07T09:00:00+00:00", "seq": 0}',
            "line 3: holds the key 'id' twice",
        ),
    ],
)
def test_a_line_that_is_not_a_valid_event_is_refused_by_its_number(tmp_path, line, words):
    ann, ben = small_log()
    text = lines(*ann.events, ben.events[0]) + line + "\n" + lines(*ben.events[1:])
    assert words in refused(text, tmp_path / "copy")


def test_a_line_that_breaks_the_rules_is_refused_by_its_number_with_its_cause(tmp_path):
    ann, ben = small_log()
    ben.move(3, "e1", "practice")
    ben.move(4, "e1", "practice")  # already there
    message = refused(lines(*ann.events, *ben.events), tmp_path / "copy")
    assert message == (
        "board.jsonl, line 5: breaks the board's rules: the experiment is already in "
        "Practice (because of line 4); nothing was imported"
    )


def test_praise_from_an_employee_is_refused_and_more_breaches_are_counted(tmp_path):
    ann, ben = small_log()
    ben.praise(3, "ann", message="thanks")
    ben.praise(4, "ann", message="again")
    message = refused(lines(*ann.events, *ben.events), tmp_path / "copy")
    assert message.startswith("board.jsonl, line 4: breaks the board's rules: only a manager")
    assert "1 more line(s) break the rules too" in message


def test_the_same_event_twice_or_a_change_number_twice_is_refused(tmp_path):
    ann, ben = small_log()
    twice = lines(*ann.events, *ben.events, ben.events[-1])
    assert "line 4: the event ben-1 is on line 3 already" in refused(twice, tmp_path / "c")
    copy = dict(ben.events[-1], id="other")
    assert "line 4: ben's change number 1 is on line 3 already" in refused(
        lines(*ann.events, *ben.events, copy), tmp_path / "c"
    )


def test_a_board_must_start_with_its_founder_joining(tmp_path):
    ann, ben = small_log()
    cara = Log("cara")
    cara.create(datetime(2020, 1, 1, tzinfo=UTC), "early")  # before anyone joined
    message = refused(lines(*ann.events, *ben.events, *cara.events), tmp_path / "c")
    assert message.startswith(
        "board.jsonl, line 4: without the board's line, the first change (in time order) must"
    )
    assert refused("\n\n", tmp_path / "c") == "board.jsonl holds no events; nothing was imported"


def test_changes_dated_ahead_of_this_clock_are_refused(tmp_path):
    ann, ben = small_log()
    message = refused(lines(*ann.events, *ben.events), tmp_path / "c", now=day(1))
    assert message.startswith("board.jsonl, line 3: dated 2024-03-06T09:00:00+00:00, ahead")


def test_import_goes_only_into_a_new_or_empty_folder_and_leaves_nothing_when_refused(tmp_path):
    ann, ben = small_log()
    text = lines(*ann.events, *ben.events)
    taken = tmp_path / "taken"
    new_board(taken, "Team", "zed", "Zed")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError, match="holds a board already"):
        import_text(text, taken)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="is not empty"):
        import_text(text, busy)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "busy"])
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    live = import_text(text, empty, now=day(3))
    assert set(live.state.members) == {"ann", "ben"}
    assert live.board.meta.founder == "ann"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_the_boards_line_names_the_founder_whoever_joined_first(tmp_path):
    ann, ben = Log("ann"), Log("ben")
    ben.join(0)  # Ben joined before Ann, the founder (a clock behind, a hand-made file)
    ann.join(1)
    ann.set_role(2, "ben", "manager")
    text = lines(*ben.events, *ann.events)
    board = {"teamboard": "board", "name": "Team", "founder": "ann"}
    live = import_text(lines(board) + text, tmp_path / "copy", now=day(3))
    assert (live.board.meta.name, live.board.meta.founder) == ("Team", "ann")
    assert live.state.members["ben"].role.value == "manager"
    # Without it, Ben would be the founder, and Ann could not make him a manager.
    assert "only a manager may set roles" in refused(text, tmp_path / "other", now=day(3))


@pytest.mark.parametrize(
    ("board", "words"),
    [
        ({"teamboard": "board", "name": "", "founder": "ann"}, "line 1: the board's name"),
        ({"teamboard": "board", "name": "T", "founder": "Ann!"}, "line 1: the founder: member"),
        ({"teamboard": "chart", "name": "T", "founder": "ann"}, "line 1: 'teamboard' should"),
    ],
)
def test_a_broken_boards_line_is_refused(tmp_path, board, words):
    ann, ben = small_log()
    assert words in refused(lines(board, *ann.events, *ben.events), tmp_path / "copy")


def test_the_boards_line_comes_first(tmp_path):
    ann, ben = small_log()
    board = {"teamboard": "board", "name": "T", "founder": "ann"}
    message = refused(lines(*ann.events, board, *ben.events), tmp_path / "copy")
    assert "line 2: the board's line belongs first, and once" in message


def _board_of(state) -> dict:
    """What a board shows: all of the state but the fold's own bookkeeping (which ids it
    judged, what it refused)."""
    picture = dump(state)
    for bookkeeping in ("rejected", "event_ids", "last_key"):
        del picture[bookkeeping]
    return picture


@SETTINGS
@given(histories())
def test_any_history_goes_through_export_and_import_to_the_same_board(history) -> None:
    """Random histories, with invalid events and events the rules refuse: the export keeps
    what the board applies, the import takes all of it, and exporting it again gives the
    same lines."""
    kept = kept_events(((e["author"], e) for e in history.events), FOUNDER)
    text = jsonl_text(kept, "Team")
    imported = read_events(text.encode("utf-8"), datetime(2100, 1, 1, tzinfo=UTC))
    assert imported.founder == FOUNDER
    assert _board_of(imported.state) == _board_of(fold(history.events, founder=FOUNDER))
    again = kept_events(
        ((author, raw) for author, raws in imported.logs.items() for raw in raws), FOUNDER
    )
    assert again.left_out == 0
    assert jsonl_text(again, "Team") == text


def test_a_left_out_change_dated_after_its_authors_later_ones_is_counted_as_moving_them():
    ann, ben = small_log()  # Ben joins on day 1 and creates e1 on day 2 (seq 0 and 1)
    praise = ben.praise(3, "ann", message="thanks")  # refused: Ben is no manager
    praise["seq"] = 1  # written before the experiment, dated after it
    ben.events[1]["seq"] = 2
    events = ann.events + ben.events
    kept = kept_events(((e["author"], e) for e in events), "ann")
    assert kept.left_out == 1
    assert kept.moved == 1  # his experiment counted at day 3, without the praise at day 2
    clean = kept_events(((e["author"], e) for e in events if e is not praise), "ann")
    assert (clean.left_out, clean.moved) == (0, 0)


# --- what the board could not read or use ---------------------------------------------------


@pytest.mark.parametrize("seq", ["1", 1.0, True])
def test_a_change_number_that_is_not_a_whole_number_is_refused(tmp_path, seq):
    ann, ben = small_log()
    ben.events[-1]["seq"] = seq  # the board would read "1" as 1 and store it as "1"
    message = refused(lines(*ann.events, *ben.events), tmp_path / "copy")
    assert message == (
        "board.jsonl, line 3: invalid experiment_created: seq: must be a whole number; "
        "nothing was imported"
    )


def test_a_line_or_a_field_too_large_is_refused_by_its_number(tmp_path):
    ann, ben = small_log()
    big_field = dict(ben.events[-1], later=["x" * 1000] * 70)  # 70 KB in a field
    message = refused(lines(*ann.events, ben.events[0], big_field), tmp_path / "copy")
    assert message == (
        "board.jsonl, line 3: the field 'later' holds 70,211 bytes, more than the 64 KB a "
        "field may hold; nothing was imported"
    )
    many = {f"later{n}": "é" * 20_000 for n in range(30)}  # 40 KB each, 1.2 MB in all
    text = lines(*ann.events, ben.events[0], dict(ben.events[-1], **many))
    assert refused(text, tmp_path / "copy") == (
        "board.jsonl, line 3: longer than the 1 MB a line may hold; nothing was imported"
    )
    # Cut short in the middle of that line (no line break at the end): the same.
    assert refused(text[:-100], tmp_path / "copy").startswith("board.jsonl, line 3: longer")
    # Nested deeper than any change: a file a few levels deeper is one the board's reader
    # gives up on (975 lists in a field once imported and made such a file).
    deep = dict(ben.events[-1], later=json.loads("[" * 33 + "]" * 33))
    assert refused(lines(*ann.events, ben.events[0], deep), tmp_path / "copy") == (
        "board.jsonl, line 3: nested more than 32 levels deep (a change nests three); "
        "nothing was imported"
    )
    fine = dict(ben.events[-1], later=json.loads("[" * 31 + "]" * 31))
    assert import_text(lines(*ann.events, ben.events[0], fine), tmp_path / "c", now=day(3))
    # A known text is held to its own limit, in characters.
    long_title = dict(ben.events[-1], title="t" * 10_001)
    assert "line 3: invalid experiment_created: title: at most 10000 characters" in refused(
        lines(*ann.events, ben.events[0], long_title), tmp_path / "copy"
    )


def test_fields_up_to_the_limits_are_imported_as_they_were(tmp_path):
    ann, ben = small_log()
    later = {f"later{n}": "x" * (FIELD_LIMIT - 2) for n in range(15)}  # under 1 MB
    text = lines(*ann.events, ben.events[0], dict(ben.events[-1], **later))
    live = import_text(text, tmp_path / "copy", now=day(3))
    expected = lines({"teamboard": "board", "name": "Imported", "founder": "ann"}) + text
    # As they were: the same lines, each the same document (written with sorted keys).
    assert [json.loads(line) for line in export_jsonl(live.root).splitlines()] == [
        json.loads(line) for line in expected.splitlines() if line
    ]


def test_a_persons_file_is_never_made_larger_than_the_board_reads(tmp_path):
    """Lines and fields within their limits, but so many of them that one person's file
    would pass the 64 MB the board reads: refused, nothing written."""
    ann = Log("ann")
    ann.join(0)
    filler = {f"later{n}": "x" * 60_000 for n in range(16)}  # 960 KB a line
    for n in range(PERSON_FILE_LIMIT // (16 * 60_000) + 1):
        ann.create(day(1, n), f"e{n}", **filler)
    copy = tmp_path / "copy"
    with pytest.raises(StoreError) as caught:
        import_text(lines(*ann.events), copy)
    assert str(caught.value).startswith("ann's changes make a file of ")
    assert str(caught.value).endswith(
        "bytes, more than the 64 MB a person's file may hold; nothing was imported"
    )
    assert sorted(tmp_path.iterdir()) == []


def test_two_entries_with_the_same_id_are_refused_by_line(tmp_path):
    """Taking back names an entry by its id: two with the same id could never be taken
    back (neither would be the only one)."""
    ann, ben = small_log()
    first = ben.practice(3, "e1", "asked")
    again = ben.practice(4, "e1", "asked again")
    again["entry_id"] = first["entry_id"]
    message = refused(lines(*ann.events, *ben.events), tmp_path / "copy")
    assert message == (
        "board.jsonl, line 5: the practice p-ben-2 is on line 4 already (an entry's id is "
        "its own: taking it back names it); nothing was imported"
    )
    ann, ben = small_log()
    first = ann.praise(3, "ben", message="brave")
    ann.praise(4, "ben", message="again")["praise_id"] = first["praise_id"]
    assert "line 3: the praise k-ann-1 is on line 2 already" in refused(
        lines(*ann.events, *ben.events), tmp_path / "copy"
    )
    # The same id for entries of different kinds is no clash: each is taken back by kind.
    ann, ben = small_log()
    ben.practice(3, "e1")["entry_id"] = "same"
    ben.note(4, "e1")["note_id"] = "same"
    assert set(import_text(lines(*ann.events, *ben.events), tmp_path / "c").state.members)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("T" * 201, "the board's name: at most 200 characters"),
        ("\x1b[31mX", "the board's name: must be one line, without tabs, control characters"),
        ("a\u202eb", "the board's name: must be one line, without tabs, control characters"),
        ("  ", "the board's name: must not be empty"),
    ],
    ids=["too long", "an escape code", "a direction override", "blank"],
)
def test_a_boards_name_that_a_persons_name_could_not_be_is_refused_on_its_line(
    tmp_path, name, words
):
    ann, ben = small_log()
    board = {"teamboard": "board", "name": name, "founder": "ann"}
    message = refused(lines(board, *ann.events, *ben.events), tmp_path / "copy")
    assert message.startswith(f"board.jsonl, line 1: {words}")
    assert message.endswith("; nothing was imported")
    # The same rule for a name given for the import.
    with pytest.raises(StoreError, match=f"^{re.escape(words)}.*; nothing was imported$"):
        import_text(lines(*ann.events, *ben.events), tmp_path / "copy", name=name, now=day(3))
    assert not (tmp_path / "copy").exists()
