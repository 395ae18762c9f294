"""Each kind declared once: the entries an author can take back and where they are kept, an
experiment's dated entries, and how each kind of feed item is shown."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from teamboard.domain import actions
from teamboard.domain.events import EntryKind, input_errors
from teamboard.domain.state import BoardState, Experiment, KeptEntry, entries_of
from teamboard.views.feed import RECOGNITION, FeedKind

from .factories import EXP, Log, day, logs, team


def _board() -> BoardState:
    """bob's EXP with a practice, cyd's note and ann's praise; cyd's own experiment with a
    practice and ann's praise; and praise for cyd about no experiment."""
    ann, bob, cyd = logs()
    return team(
        bob.move(2, EXP, "practice"),
        bob.practice(2, EXP, "tried it"),
        cyd.note(3, EXP, "I can help"),
        ann.praise(4, "bob", EXP, "good start"),
        cyd.create(5, "cydexp01"),
        cyd.practice(6, "cydexp01", "my try"),
        ann.praise(7, "cyd", "cydexp01", "well done"),
        ann.praise(8, "cyd", None, "thanks for the demo"),
    )


def _texts(found: Iterable[KeptEntry]) -> list[str]:
    return [f.text for f in found]


def test_entries_of_a_kind_on_one_experiment() -> None:
    state = _board()
    exp = state.experiments[EXP]
    assert _texts(entries_of(state, EntryKind.PRACTICE, exp)) == ["tried it"]
    assert _texts(entries_of(state, EntryKind.NOTE, exp)) == ["I can help"]
    assert _texts(entries_of(state, EntryKind.PRAISE, exp)) == ["good start"]


def test_entries_of_a_kind_on_the_whole_board() -> None:
    state = _board()
    assert _texts(entries_of(state, EntryKind.PRACTICE)) == ["tried it", "my try"]
    assert _texts(entries_of(state, EntryKind.PRAISE)) == [
        "good start",
        "well done",
        "thanks for the demo",
    ]


def test_an_entry_says_where_it_is_kept_who_wrote_it_and_whom_it_concerns() -> None:
    state = _board()
    exp = state.experiments[EXP]
    (practice,) = entries_of(state, EntryKind.PRACTICE, exp)
    assert (practice.experiment_id, practice.writer, practice.about) == (EXP, "bob", "bob")
    assert practice.on == day(2).date() and practice.entry is exp.practice[0]
    (note,) = entries_of(state, EntryKind.NOTE, exp)
    assert (note.experiment_id, note.writer, note.about) == (EXP, "cyd", "bob")
    general = list(entries_of(state, EntryKind.PRAISE))[-1]
    assert (general.experiment_id, general.writer, general.about) == (None, "ann", "cyd")
    assert general.kind is EntryKind.PRAISE


def test_every_entry_kind_has_its_words_and_its_place() -> None:
    assert [kind.traits.label for kind in EntryKind] == ["practice", "support note", "praise"]
    assert [kind.traits.one for kind in EntryKind] == [
        "a practice entry",
        "a support note",
        "praise",
    ]
    assert [kind.traits.on_experiment for kind in EntryKind] == [True, True, False]
    state = team()
    for kind in EntryKind:  # every kind has a list, even on an empty board
        assert list(entries_of(state, kind)) == []


def test_every_entry_kind_names_the_event_that_makes_it_and_its_id() -> None:
    """The import refuses two entries of a kind with one id by these (a take-back names
    an entry by its id)."""
    ann, bob, cyd = logs()
    made = {
        EntryKind.PRACTICE: bob.practice(2, EXP, "tried it"),
        EntryKind.NOTE: cyd.note(3, EXP, "I can help"),
        EntryKind.PRAISE: ann.praise(4, "bob", EXP, "good start"),
    }
    state = team(*made.values())
    for kind, event in made.items():
        assert event["type"] == kind.traits.made_by
        assert [kept.entry.id for kept in entries_of(state, kind)] == [event[kind.traits.id_field]]


def test_taking_back_is_recorded_in_the_kinds_words() -> None:
    ann, bob, cyd = logs()
    practice = bob.practice(2, EXP)
    note = cyd.note(3, EXP)
    praise = ann.praise(4, "bob", None)
    state = team(
        practice,
        note,
        praise,
        bob.event(
            "taken_back", 5, entry="practice", entry_id=practice["entry_id"], experiment_id=EXP
        ),
        cyd.event("taken_back", 5, entry="note", entry_id=note["note_id"], experiment_id=EXP),
        # praise is found on the board: the experiment a take-back names is not asked
        ann.event("taken_back", 5, entry="praise", entry_id=praise["praise_id"], experiment_id="x"),
    )
    assert not state.rejected
    assert [(c.kind, c.experiment_id, c.about) for c in state.corrections] == [
        ("took back praise", None, "bob"),  # at the same time: by author
        ("took back a practice entry", EXP, "bob"),
        ("took back a support note", EXP, "bob"),
    ]


def test_a_take_back_of_an_entry_kept_on_an_experiment_names_it() -> None:
    bob = Log("bob", seq=100)
    practice = bob.practice(2, EXP)
    state = team(
        practice, bob.event("taken_back", 5, entry="practice", entry_id=practice["entry_id"])
    )
    assert [r.reason for r in state.rejected] == ["say which experiment the practice belongs to"]


# --- an experiment's dated entries --------------------------------------------------------

# The lists on an experiment that are not its dated entries: its stage history and past
# supporters are shown whole, and its calls for help and the requests to support it count
# as a change on the board but are not exported (views.feed.last_change reads them apart).
NOT_DATED_ENTRIES = {"history", "past_supporters", "support_requests", "help_asks"}


def test_every_list_on_an_experiment_is_a_dated_list_or_named_apart() -> None:
    lists = {
        f.name
        for f in dataclasses.fields(Experiment)
        if str(f.type).startswith("list[") and f.name not in NOT_DATED_ENTRIES
    }
    e = team().experiments[EXP]
    assert set(e.dated_lists()) == lists
    for name, entries in e.dated_lists().items():
        assert entries is getattr(e, name)


def test_a_dated_entry_says_when_it_changed_and_the_day_it_is_of() -> None:
    _, bob, cyd = logs()
    reflection = bob.reflect(3, EXP, wanted="try")
    state = team(
        bob.move(2, EXP, "practice"),
        bob.practice(day(2, hours=20), EXP, on=day(1).date()),
        reflection,
        bob.reflect(5, EXP, reflection["reflection_id"], wanted="try again"),
        cyd.note(day(4, hours=23), EXP),
    )
    e = state.experiments[EXP]
    (practice,) = e.practice
    assert (practice.changed_at, practice.day) == (day(2, hours=20), day(1).date())
    (revised,) = e.reflections
    assert (revised.changed_at, revised.day) == (day(5), day(5).date())
    (note,) = e.support_notes
    assert (note.changed_at, note.day) == (day(4, hours=23), day(4, hours=23).date())
    assert not practice.revisable and revised.revisable


# --- a kind of feed item --------------------------------------------------------------------


def test_each_kind_of_feed_item_has_its_own_mark_and_rank_on_a_card() -> None:
    marks = [kind.look.mark for kind in FeedKind]
    assert len(set(marks)) == len(marks) and all(len(mark) == 1 for mark in marks)
    ranked = [kind for kind in FeedKind if kind.look.news is not None]
    assert len({kind.look.news for kind in ranked}) == len(ranked)
    assert sorted(ranked, key=lambda kind: kind.look.news or 0) == [
        FeedKind.NEW,
        FeedKind.MOVE,
        FeedKind.HELP,
        FeedKind.PRACTICE,
        FeedKind.REFLECTION,
        FeedKind.CHECK_IN,
        FeedKind.SUPPORT,
        FeedKind.PRAISE,
        FeedKind.NOTE,
        FeedKind.CONFIDENCE,
        FeedKind.CORRECTION,
        FeedKind.REQUEST,
    ]


def test_the_recognition_feed_and_what_can_be_taken_back_from_it() -> None:
    assert RECOGNITION == (
        FeedKind.PRAISE,
        FeedKind.NOTE,
        FeedKind.MILESTONE,
        FeedKind.HELP,
        FeedKind.CORRECTION,
    )
    assert {kind: kind.look.entry for kind in FeedKind if kind.look.entry} == {
        FeedKind.PRAISE: EntryKind.PRAISE,
        FeedKind.NOTE: EntryKind.NOTE,
    }
    said = {kind for kind in FeedKind if not kind.look.words}  # the sentence says them
    assert said == {FeedKind.MILESTONE, FeedKind.CORRECTION, FeedKind.NEW, FeedKind.JOINED}


# --- what new input is held to ----------------------------------------------------------------


def test_new_input_is_held_to_what_each_event_types_fields_declare() -> None:
    plan = actions.opportunity("project", "the\nredesign", "in March")
    created = actions.create_experiment("t" * 201, training="a\nb", applied=plan)
    assert input_errors(created) == {
        "training": "must be one line, without tabs, control characters or direction overrides",
        "opportunity.what": (
            "must be one line, without tabs, control characters or direction overrides"
        ),
        "title": "at most 200 characters (the plan holds the longer story)",
    }
    assert input_errors(actions.ask_help("exp1", "a" * 121)) == {
        "ask": "at most 120 characters (a short ask; a support note can say more)"
    }
    # A practice, a note, praise: a story of their own, on as many lines as it takes.
    assert input_errors(actions.log_practice("exp1", "a\nb " * 100, day(0).date())) == {}
    assert input_errors(actions.note("exp1", "a\nb " * 100)) == {}
    # The plan holds the longer story.
    assert input_errors(actions.edit_experiment("exp1", plan={"why_me": "a\nb " * 100})) == {}
