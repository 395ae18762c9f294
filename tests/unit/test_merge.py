"""The merge driver (merge.py): one person's file written on two computers, made one.

The property: for any two logs forked from a common one (events of every type, with
people's texts, dated to the microsecond in three zones, each side's dated before the
common events or after them, so in time order or not; the second computer may have pulled
some of the first's before writing its own), the merge keeps every event once and changes
nothing in it but its place, keeps each side's order, numbers the log again (seq and
TinyDB's keys), counts every event at the time it counted on its own side, is the side that
holds everything when one does, gives the same log whichever side is "ours", changes
nothing when merged again, and folds with every event judged once, by the rules alone.
Then the cases one by one: an event edited on one side or both, an event stored twice, a
side that is damaged, and the file as the store and the journal read and append to it
afterwards."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from boards import write_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamboard.cli import main
from teamboard.domain.events import EVENT_TYPES, Stage, parse_event
from teamboard.domain.fold import fold, ordered
from teamboard.exchange.merge import MergeConflict, merge_file, merge_logs
from teamboard.store import journal
from teamboard.store.folder import BoardFolder, person_file_bytes
from teamboard.views.checkup import checkup

from .factories import FULL_REFLECTION, PEOPLES_TEXT, day

SHOWN = "people/ana.json"


def event(seq: int, minutes: float, **payload: object) -> dict:
    """An event of ana's, as stored, `minutes` after the fixed clock's start."""
    raw = {"type": "experiment_created", "experiment_id": uuid.uuid4().hex, "title": "Try"}
    raw |= payload
    raw |= {
        "id": uuid.uuid4().hex,
        "at": day(0, minutes=minutes).isoformat(),
        "author": "ana",
        "seq": seq,
    }
    return raw


def tables(*events: dict) -> dict:
    return {"events": {str(n + 1): e for n, e in enumerate(events)}}


def logged(result: dict) -> list[dict]:
    return list(result["events"].values())


def ids(events: list[dict]) -> list[str]:
    return [e["id"] for e in events]


ZONES = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9, minutes=-30)))
EXPERIMENTS = ("e0", "e1", "e2")
STAGE_NAMES = [stage.value for stage in Stage]


def payload(kind: str, n: int, text: str, at: datetime) -> dict:
    """A valid event of ana's of this type, about one of three experiments (so that many
    are refused by the rules, and some are not)."""
    about = {"experiment_id": EXPERIMENTS[n % len(EXPERIMENTS)]}
    match kind:
        case "member_joined":
            return {"name": text}
        case "role_set":
            return {"member": "ana", "role": ("manager", "employee")[n % 2]}
        case "experiment_created":
            return about | {"title": text}
        case "experiment_edited":
            return about | {"title": text, "why_me": text}
        case "plan_cleared":
            return about | {"fields": ["target_date"]}
        case "stage_moved":
            return about | {"to": STAGE_NAMES[n % len(STAGE_NAMES)]}
        case "practice_logged":
            return about | {"entry_id": f"p{n}", "on": at.date().isoformat(), "what": text}
        case "reflection_written":
            answers = FULL_REFLECTION if n % 3 else {"wanted": text}
            return about | {"reflection_id": f"r{n % 2}", **answers}
        case "confidence_rated":
            return about | {"value": 1 + n % 5}
        case "checked_in":
            return about | {"check_in_id": f"c{n}", "kind": "soon-after", "notes": text}
        case "praise_posted":
            return {"praise_id": f"k{n}", "to": "ben", "message": text}
        case "support_added" | "support_removed" | "support_requested":
            return about | {"supporter": "ben"}
        case "support_noted":
            return about | {"note_id": f"n{n}", "text": text}
        case "experiment_withdrawn":
            return about | {"reason": text}
        case "experiment_restored" | "help_cleared" | "support_declined":
            return about
        case "taken_back":
            return about | {"entry": "practice", "entry_id": f"p{n - 1}", "reason": text}
        case "help_asked":
            return about | {"ask": text}
        case "standup_started":
            return {"standup_id": f"s{n % 2}"}
        case "standup_ended":
            return {"standup_id": f"s{n % 2}", "summary": text}
        case "key_confirmed":
            return {"member": "ben", "fingerprint": "SHA256:" + "A" * 43}
    raise AssertionError(kind)  # pragma: no cover


# One event of a side: its type, a number for its payload, a text, and when: microseconds
# from the fixed clock's start (whole seconds, or anywhere in a few hours either way),
# so before the common log's events or after them, in one of three zones.
written = st.tuples(
    st.sampled_from(sorted(EVENT_TYPES)),
    st.integers(0, 9),
    PEOPLES_TEXT,
    st.one_of(st.integers(-7200, 7200).map(lambda s: s * 10**6), st.integers(-(10**10), 10**10)),
    st.integers(0, len(ZONES) - 1),
)
logs = st.lists(written, max_size=6)


def stored(seq: int, what: tuple) -> dict:
    """One event of ana's as stored (valid: the fold judges it by the rules alone)."""
    kind, n, text, micro, zone = what
    at = (day(0) + timedelta(microseconds=micro)).astimezone(ZONES[zone])
    raw = {"type": kind, **payload(kind, n, text, at)}
    raw |= {"id": uuid.uuid4().hex, "at": at.isoformat(), "author": "ana", "seq": seq}
    parse_event(raw)
    return raw


def fork(
    prefix: list[tuple], mine: list[tuple], theirs: list[tuple], pulled: int = 0
) -> tuple[list, list, list]:
    """A common log (ana joins, then `prefix`, in the order given: a clock that jumps back
    leaves it out of time order), then each computer's own events, dated anywhere, before
    the common ones or after. The second computer may have pulled the first's first
    `pulled` new events before writing its own. The seqs of the two sides' own events
    collide, as two computers of one person number on their own."""
    joined = {"type": "member_joined", "name": "Ana", "id": uuid.uuid4().hex}
    joined |= {"at": day(-1).isoformat(), "author": "ana", "seq": 0}
    base = [joined] + [stored(n + 1, what) for n, what in enumerate(prefix)]
    start = len(base)
    a = base + [stored(start + n, what) for n, what in enumerate(mine)]
    shared = a[start : start + pulled]
    b = base + shared + [stored(start + len(shared) + n, what) for n, what in enumerate(theirs)]
    return base, a, b


def counts_at(events: list[dict]) -> dict[str, datetime]:
    """When the fold counts each event (its effective time in its author's log)."""
    return {event["id"]: key[0] for key, event in ordered(map(parse_event, events))}


def in_time_order(events: list[dict]) -> bool:
    times = [datetime.fromisoformat(e["at"]) for e in events]
    return times == sorted(times)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(prefix=logs, mine=logs, theirs=logs, pulled=st.integers(0, 3))
def test_the_union_keeps_every_event_once_in_each_sides_order(
    prefix: list[tuple], mine: list[tuple], theirs: list[tuple], pulled: int
) -> None:
    base, a, b = fork(prefix, mine, theirs, pulled)
    merged = merge_logs(tables(*base), tables(*a), tables(*b), SHOWN)
    events = logged(merged.tables)

    order = ids(events)
    assert sorted(order) == sorted(set(ids(a)) | set(ids(b)))
    assert len(order) == len(set(order)) == merged.events
    assert merged.from_theirs == len(set(ids(b)) - set(ids(a)))
    for side in (a, b):
        assert [i for i in order if i in set(ids(side))] == ids(side)
    assert [e["seq"] for e in events] == list(range(len(events)))
    assert list(merged.tables["events"]) == [str(n + 1) for n in range(len(events))]
    # Nothing but its place in the log changes in an event.
    originals = {e["id"]: e for e in a + b}
    assert all(e == {**originals[e["id"]], "seq": e["seq"]} for e in events)
    # Every event counts when it counted on its own computer; logs written in time order
    # make a log in time order.
    on_a, on_b, after = counts_at(a), counts_at(b), counts_at(events)
    assert after == {i: min(t for t in (on_a.get(i), on_b.get(i)) if t) for i in after}
    if in_time_order(a) and in_time_order(b):
        assert in_time_order(events)
    # A side that holds every event of the other is the merge.
    for side, other in ((a, b), (b, a)):
        if set(ids(other)) <= set(ids(side)):
            assert order == ids(side)
    # Whichever computer merges, the same log; merged again with either side, no change.
    assert logged(merge_logs(tables(*base), tables(*b), tables(*a), SHOWN).tables) == events
    for side in (a, b):
        again = merge_logs(tables(*side), merged.tables, tables(*side), SHOWN)
        assert again.tables == merged.tables
    # The fold judges every event once, each by the rules alone: none is refused as a
    # copy, as another's, or for a seq taken twice.
    state = fold(events, founder="ana")
    assert state.event_ids == set(order)
    assert not [r for r in state.rejected if "twice" in r.reason or "written by" in r.reason]


def test_the_same_event_with_another_seq_is_one_event() -> None:
    shared = event(1, 5)
    a = [event(0, 0), shared]
    b = [a[0], {**shared, "seq": 7}, event(8, 9)]
    events = logged(merge_logs(None, tables(*a), tables(*b), SHOWN).tables)
    assert ids(events) == [a[0]["id"], shared["id"], b[2]["id"]]


def test_an_event_one_side_dropped_is_kept() -> None:
    first, second = event(0, 0), event(1, 5)
    base = tables(first, second)
    events = logged(merge_logs(base, tables(first), tables(first, second), SHOWN).tables)
    assert ids(events) == [first["id"], second["id"]]
    events = logged(merge_logs(base, tables(first, second), tables(second), SHOWN).tables)
    assert ids(events) == [first["id"], second["id"]]


def test_an_event_edited_on_one_side_takes_the_edit() -> None:
    original = event(0, 0, title="Run retros")
    edited = {**original, "title": "Run retros that end in actions"}
    for ours, theirs in ((original, edited), (edited, original)):
        merged = merge_logs(tables(original), tables(ours), tables(theirs), SHOWN)
        assert logged(merged.tables) == [edited]


def test_an_event_edited_differently_on_both_sides_is_left_as_a_conflict() -> None:
    original = event(0, 0, title="Run retros")
    one = {**original, "title": "One"}
    other = {**original, "title": "Other"}
    for base in (tables(original), None):
        with pytest.raises(MergeConflict) as raised:
            merge_logs(base, tables(one), tables(other), SHOWN)
        assert str(raised.value) == (
            f"{SHOWN}: the event {original['id']} is stored differently in HEAD's version "
            "and the incoming version (edited by hand?); nothing was merged, the conflict "
            "is left for you"
        )


def test_an_event_held_twice_by_one_side() -> None:
    twice = event(0, 0)
    other = event(1, 5)
    merged = merge_logs(None, tables(twice, dict(twice)), tables(twice, other), SHOWN)
    assert ids(logged(merged.tables)) == [twice["id"], other["id"]]
    with pytest.raises(MergeConflict, match=r"holds the event .* twice, differently"):
        merge_logs(None, tables(twice, {**twice, "title": "x"}), tables(other), SHOWN)


def test_an_entry_that_is_not_an_event_is_left_as_a_conflict() -> None:
    with pytest.raises(MergeConflict, match="the entry '2', which is not an event"):
        merge_logs(None, tables(event(0, 0)), {"events": {"1": event(0, 1), "2": 7}}, SHOWN)


ODD_ENTRIES = {
    "no id": (
        {"type": "stage_moved", "experiment_id": "e1", "to": "practice", "seq": 1},
        "holds the entry '2', an event without an id",
    ),
    "an unknown type": (
        {**event(1, 3), "type": "from_the_future"},
        "holds the entry '2', an event of a type this teamboard does not know, 'from_the_future'",
    ),
    "an extra top-level key": (
        {**event(1, 3), "mood": "happy"},
        "holds the entry '2', an event with a field its type (experiment_created) does not "
        "have, 'mood'",
    ),
}


@pytest.mark.parametrize("odd", ODD_ENTRIES)
def test_an_entry_the_union_cannot_place_is_left_as_a_conflict(odd: str) -> None:
    """Merged, it would be refused or left out by the fold later, without a word, on
    every computer: an entry without an id, of an unknown type, or with a field its type
    does not have."""
    doc, words = ODD_ENTRIES[odd]
    a = event(0, 0)
    for ours, theirs, side in (
        (tables(a, doc), tables(a, event(2, 5)), "HEAD's version"),
        (tables(a, event(2, 5)), tables(a, doc), "the incoming version"),
    ):
        with pytest.raises(MergeConflict) as caught:
            merge_logs(None, ours, theirs, SHOWN)
        assert str(caught.value) == (
            f"{SHOWN}: {side} {words}; nothing was merged, the conflict is left for you"
        )


# --- the file -----------------------------------------------------------------------------


def two_computers(tmp_path: Path) -> tuple[BoardFolder, BoardFolder, Path]:
    """ana's board, copied to a second computer, with the common ancestor of her file.
    Unsigned, as before signing: a log written on two computers and merged keeps a
    signed chain only once merges are signed (issue 18, item 6, still to come)."""
    journal.create_board_files(tmp_path / "one", "Team", "ana", day(0))
    one = BoardFolder.open(tmp_path / "one")
    write_events(one, "ana", {"type": "member_joined", "name": "Ana"}, at=day(0), signed=False)
    shutil.copytree(one.root, tmp_path / "two")
    ancestor = tmp_path / "ancestor.json"
    shutil.copyfile(one.person_file("ana"), ancestor)
    return one, BoardFolder.open(tmp_path / "two"), ancestor


def both_wrote(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The ancestor of ana's file, and her file on each computer with one new event."""
    one, two, ancestor = two_computers(tmp_path)
    write_events(one, "ana", [created("On one", 5)], signed=False)
    write_events(two, "ana", [created("On two", 10)], signed=False)
    return ancestor, one.person_file("ana"), two.person_file("ana")


def created(title: str, minutes: float) -> dict:
    return {
        "type": "experiment_created",
        "experiment_id": uuid.uuid4().hex,
        "title": title,
        "at": (day(0) + timedelta(minutes=minutes)).isoformat(),
    }


def test_the_merged_file_reads_folds_and_takes_appends_as_the_journal_writes(
    tmp_path: Path,
) -> None:
    one, two, ancestor = two_computers(tmp_path)
    write_events(one, "ana", [created("On one", 5), created("Later on one", 20)], signed=False)
    write_events(two, "ana", [created("On two", 10)], signed=False)
    mine = one.person_file("ana")

    merged = merge_file(ancestor, mine, two.person_file("ana"), SHOWN)

    assert (merged.events, merged.from_theirs) == (4, 1)
    person = one.read_person(mine)
    assert person.raw is None  # the quick, whole-file validation: nothing odd in it
    assert [e["title"] for e in person.events if e["type"] == "experiment_created"] == [
        "On one",
        "On two",
        "Later on one",
    ]
    assert checkup(one, day(1)).findings == []
    write_events(one, "ana", [created("After the merge", 30)], signed=False)
    assert len(one.load().state.experiments) == 4
    # The same bytes the journal would write (an event a line, each in its canonical form).
    data = json.loads(mine.read_bytes())
    assert mine.read_bytes() == person_file_bytes(data)


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_a_damaged_side_is_not_merged_and_nothing_is_written_over(
    tmp_path: Path, side: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ancestor, ours, theirs = both_wrote(tmp_path)
    damaged = ours if side == "ours" else theirs
    damaged.write_bytes(damaged.read_bytes()[:-40])  # cut short
    before = ours.read_bytes()

    code = main(["merge-file", str(ancestor), str(ours), str(theirs), SHOWN])

    assert code == 1
    label = "HEAD's version" if side == "ours" else "the incoming version"
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"teamboard: conflict: {SHOWN}: {label} is not valid JSON at line "
        f"{err.split('at line ')[1].split(' ')[0]} (truncated or damaged?); nothing was "
        "merged, the conflict is left for you"
    ]
    assert ours.read_bytes() == before


@pytest.mark.parametrize("odd", ODD_ENTRIES)
def test_a_side_holding_an_odd_entry_is_not_merged_and_nothing_is_written_over(
    tmp_path: Path, odd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ancestor, ours, theirs = both_wrote(tmp_path)
    data = json.loads(theirs.read_bytes())
    data["events"]["2"] = {**ODD_ENTRIES[odd][0], "author": "ana"}  # edited by hand
    theirs.write_text(json.dumps(data, indent=1), encoding="utf-8")
    before = ours.read_bytes()

    code = main(["merge-file", str(ancestor), str(ours), str(theirs), SHOWN])

    assert code == 1
    assert capsys.readouterr().err == (
        f"teamboard: conflict: {SHOWN}: the incoming version {ODD_ENTRIES[odd][1]}; nothing "
        "was merged, the conflict is left for you\n"
    )
    assert ours.read_bytes() == before


def test_merge_file_on_the_command_line(tmp_path: Path, capsys) -> None:
    one, two, ancestor = two_computers(tmp_path)
    write_events(two, "ana", [created("On two", 10)], signed=False)
    assert (
        main(
            [
                "merge-file",
                str(ancestor),
                str(one.person_file("ana")),
                str(two.person_file("ana")),
                SHOWN,
            ]
        )
        == 0
    )
    assert capsys.readouterr() == ("", "")
    assert one.person_file("ana").read_bytes() == two.person_file("ana").read_bytes()
