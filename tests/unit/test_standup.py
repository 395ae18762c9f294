"""The stand-up worked out from dated events: help asked and cleared, stand-ups started and
ended, since when, what changed, what people need, the order of turns and the digest's
exact text. Always a fixed `now`."""

from __future__ import annotations

from datetime import timedelta

from teamboard.domain.fold import fold
from teamboard.domain.state import BoardState
from teamboard.views import standup
from teamboard.views.feed import ACTIVITY, FeedKind, feed_items
from teamboard.views.standup import NeedKind, TurnOrder

from .factories import EXP, Log, accept, day, logs, refuse, team

# --- help asked ---------------------------------------------------------------------------


def test_only_the_owner_asks_for_help_and_clears_it() -> None:
    ann, bob, cyd = logs()
    state = team()
    assert "only Bob (the owner)" in refuse(state, cyd.ask_help(2, EXP))
    accept(state, bob.ask_help(2, EXP, "someone to watch my demo on Thursday"))
    experiment = state.experiments[EXP]
    assert experiment.help is not None and experiment.help.ask.startswith("someone to watch")
    assert "only Bob (the owner)" in refuse(state, ann.clear_help(3, EXP))
    accept(state, bob.clear_help(3, EXP))
    assert experiment.help is None
    assert "no help is asked" in refuse(state, bob.clear_help(4, EXP))


def test_support_offered_after_the_ask_answers_it() -> None:
    _ann, bob, cyd = logs()
    state = team(bob.ask_help(2, EXP), cyd.support(3, EXP, "cyd"))
    (ask,) = state.experiments[EXP].help_asks
    assert state.experiments[EXP].help is None
    assert (ask.cleared_at, ask.cleared_by, ask.answered) == (day(3), "cyd", True)


def test_asking_again_replaces_the_ask_and_the_feed_keeps_both() -> None:
    _ann, bob, _cyd = logs()
    state = team(bob.ask_help(2, EXP, "first"), bob.ask_help(3, EXP, "second"))
    experiment = state.experiments[EXP]
    assert experiment.help is not None and experiment.help.ask == "second"
    asks = [i.text for i in feed_items(state) if i.kind is FeedKind.HELP]
    assert asks == ["second", "first"]


def test_a_withdrawn_experiment_takes_no_ask() -> None:
    _ann, bob, _cyd = logs()
    state = team(bob.event("experiment_withdrawn", 2, experiment_id=EXP))
    assert "withdrawn" in refuse(state, bob.ask_help(3, EXP))


# --- stand-ups ----------------------------------------------------------------------------


def test_anyone_runs_a_stand_up_and_it_ends_once() -> None:
    ann, bob, cyd = logs()
    state = team(cyd.start_standup(5, "s1"))
    assert "no stand-up 'nope'" in refuse(state, bob.end_standup(6, "nope"))
    accept(state, bob.end_standup(day(5, 0, 12), "s1", attendees=["ann", "cyd", "cyd"]))
    (held,) = state.standups
    assert (held.started_by, held.ended_by, held.attendees) == ("cyd", "bob", ["ann", "cyd"])
    assert "ended already" in refuse(state, ann.end_standup(day(5, 1), "s1"))
    assert "'dan' has not joined" in refuse(state, Log("dan").start_standup(6, "s2"))


def test_since_is_the_end_of_the_last_stand_up_or_the_last_24_hours() -> None:
    ann, bob, _cyd = logs()
    now = day(9, 3)
    state = team()
    none_yet = standup.since_last_standup(state, now)
    assert none_yet.at == now - timedelta(hours=24)
    assert none_yet.words == "in the last 24 hours (no stand-up recorded yet)"
    state = team(
        ann.start_standup(day(7), "s1"),
        ann.end_standup(day(7, 0, 10), "s1"),
        bob.start_standup(day(8), "s2"),  # running: the last *ended* one counts
    )
    since = standup.since_last_standup(state, now)
    assert since.at == day(7, 0, 10)
    assert since.words == "since the last stand-up (Mon 09:10)"
    running = standup.running_standup(state, day(8, 2))
    assert running is not None and running.id == "s2"
    assert standup.running_standup(state, day(8, 13)) is None  # left open half a day
    given = standup.since_last_standup(state, now, given=day(2))
    assert given.at == day(2) and given.words == "since Wed 06 Mar 09:00"


def test_what_changed_since_counts_each_kind_once_and_marks_the_wins() -> None:
    ann, bob, cyd = logs()
    state = team(
        bob.move(2, EXP, "practice"),
        bob.practice(3, EXP),  # before: not counted
        ann.start_standup(day(4), "s1"),
        ann.end_standup(day(4, 0, 10), "s1"),
        bob.practice(5, EXP),
        bob.move(6, EXP, "reflection"),
        bob.reflect_fully(7, EXP),
        bob.move(8, EXP, "success"),
        cyd.support(8.1, EXP, "cyd"),
        ann.praise(8.2, "bob", EXP, kind="result"),
        cyd.create(8.3, "cydexp01"),
        cyd.ask_help(8.4, "cydexp01"),
    )
    changes = standup.changes_since(state, standup.since_last_standup(state, day(9)))
    kinds = [i.kind for i in reversed(changes.activity)]
    assert kinds == [
        FeedKind.PRACTICE,
        FeedKind.MOVE,
        FeedKind.REFLECTION,
        FeedKind.MOVE,
        FeedKind.SUPPORT,
        FeedKind.PRAISE,
        FeedKind.NEW,
        FeedKind.HELP,
    ]
    assert changes.moved == {EXP}
    assert [(w.kind, w.text) for w in reversed(changes.wins)] == [
        (FeedKind.MILESTONE, "reached Success"),
        (FeedKind.PRAISE, "well done"),
    ]
    assert set(changes.by_experiment) == {EXP, "cydexp01"}
    # The first practice was before the stand-up: not a win now.
    assert all(w.text != "logged a first practice" for w in changes.wins)


def test_the_activity_log_has_every_kind_of_change() -> None:
    ann, bob, cyd = logs()
    state = team(
        bob.rate(2, EXP, 3),
        bob.move(2.1, EXP, "practice"),
        bob.practice(3, EXP),
        ann.check_in(4, EXP, "soon-after"),
        cyd.support(5, EXP, "cyd"),
        cyd.note(5.1, EXP),
        bob.request_support(5.2, EXP, "ann"),
        bob.ask_help(6, EXP),
        ann.start_standup(7, "s1"),
        ann.end_standup(day(7, 0, 5), "s1", attendees=["ann", "bob"]),
        bob.event("experiment_withdrawn", 8, experiment_id=EXP),
    )
    assert state.rejected == []
    kinds = {i.kind for i in feed_items(state, kinds=ACTIVITY)}
    assert kinds == set(ACTIVITY) - {FeedKind.PRAISE, FeedKind.REFLECTION}
    assert FeedKind.MILESTONE not in kinds


# --- needs and turns ----------------------------------------------------------------------


def test_needs_put_help_first_and_turns_order_by_attention_or_name() -> None:
    _ann, bob, cyd = logs()
    now = day(30)
    state = team(
        cyd.create(2, "cydexp01"),
        cyd.support(2.5, EXP, "cyd"),
        bob.support(2.6, "cydexp01", "bob"),
        cyd.ask_help(29, "cydexp01", "a reviewer"),
    )
    needs = standup.needs_of(state.experiments["cydexp01"], now)
    assert [n.kind for n in needs][:1] == [NeedKind.HELP]
    assert needs[0].words == "a reviewer"
    by_name = standup.turns(
        state,
        now,
        standup.changes_since(state, standup.since_last_standup(state, now)),
        TurnOrder.ALPHABETICAL,
    )
    assert [t.member.id for t in by_name] == ["ann", "bob", "cyd"]
    by_attention = standup.turns(
        state,
        now,
        standup.changes_since(state, standup.since_last_standup(state, now)),
        TurnOrder.ATTENTION,
    )
    assert [t.member.id for t in by_attention] == ["cyd", "bob", "ann"]


def test_the_summary_counts_the_board_at_a_glance() -> None:
    _ann, bob, cyd = logs()
    now = day(30)
    state = team(
        bob.ask_help(29, EXP),  # bob's: help, alone, stuck in Goal, a check-in overdue
        cyd.create(29.5, "cydexp01"),  # cyd's: alone
    )
    changes = standup.changes_since(state, standup.since_last_standup(state, now))
    assert standup.summary(state, now, changes) == standup.Summary(
        moved=0,
        wins=0,
        stuck=1,
        alone=2,
        help_asked=1,
        check_ins_due=0,
        check_ins_overdue=1,
    )


# --- the digest ---------------------------------------------------------------------------


def digest_board() -> BoardState:
    ann, bob, cyd = Log("ann"), Log("bob"), Log("cyd")
    return fold(
        [
            ann.join(0, "Ann Example"),
            bob.join(0, "Bob [b]*Bold*"),
            cyd.join(0, "Cyd"),
            bob.create(1, "exp-bob", title="Ask open questions in *retros*"),
            cyd.support(1.1, "exp-bob", "cyd"),
            bob.move(2, "exp-bob", "practice"),
            bob.practice(3, "exp-bob"),
            ann.start_standup(day(10), "s1"),
            ann.end_standup(day(10, 0, 10), "s1", attendees=["ann", "bob"], summary="ok"),
            bob.practice(day(11), "exp-bob"),
            bob.move(day(11, 1), "exp-bob", "reflection"),
            bob.reflect_fully(day(12), "exp-bob"),
            bob.move(day(12, 1), "exp-bob", "success"),
            cyd.create(day(11, 2), "exp-cyd", title="Pair on #support tickets"),
            cyd.ask_help(day(11, 3), "exp-cyd", "someone to pair on Friday"),
            ann.praise(day(12, 2), "bob", "exp-bob", "The retro was lively", kind="result"),
        ],
        founder="ann",
    )


DIGEST_TEXT = """\
Stand-up: Team [x], since the last stand-up (Thu 09:10)

7 changes, 1 card moved, 2 wins, 1 call for help.

Cyd
---
* Pair on #support tickets (Goal)
  * Cyd started a new experiment
  * Cyd asked for help
  * needs: help asked: someone to pair on Friday
  * needs: no supporter

Bob [b]*Bold*
-------------
* Ask open questions in *retros* (Success)
  * Bob [b]*Bold* logged practice (on 2024-03-15): tried it
  * Bob [b]*Bold* moved it Practice → Reflection
  * Bob [b]*Bold* wrote a reflection; next time: wait longer for answers
  * Bob [b]*Bold* moved it Reflection → Success
  * Ann Example (manager) praised the result of Bob [b]*Bold*: The retro was lively

Wins
----
* Bob [b]*Bold* reached Success: Ask open questions in *retros*
* Ann Example (manager) praised the result of Bob [b]*Bold*: Ask open questions in *retros*: \
The retro was lively
"""

DIGEST_MARKDOWN = """\
# Stand-up: Team \\[x\\], since the last stand-up (Thu 09:10)

7 changes, 1 card moved, 2 wins, 1 call for help.

## Cyd
- Pair on #support tickets (Goal)
  - Cyd started a new experiment
  - Cyd asked for help
  - needs: help asked: someone to pair on Friday
  - needs: no supporter

## Bob \\[b\\]\\*Bold\\*
- Ask open questions in \\*retros\\* (Success)
  - Bob \\[b\\]\\*Bold\\* logged practice (on 2024-03-15): tried it
  - Bob \\[b\\]\\*Bold\\* moved it Practice → Reflection
  - Bob \\[b\\]\\*Bold\\* wrote a reflection; next time: wait longer for answers
  - Bob \\[b\\]\\*Bold\\* moved it Reflection → Success
  - Ann Example (manager) praised the result of Bob \\[b\\]\\*Bold\\*: The retro was lively

## Wins
- Bob \\[b\\]\\*Bold\\* reached Success: Ask open questions in \\*retros\\*
- Ann Example (manager) praised the result of Bob \\[b\\]\\*Bold\\*: Ask open questions in \
\\*retros\\*: The retro was lively
"""


def test_the_digest_text_for_a_fixed_board_and_clock() -> None:
    state = digest_board()
    assert state.rejected == []
    now = day(13)
    since = standup.since_last_standup(state, now)
    assert standup.digest(state, now, since, "Team [x]") == DIGEST_TEXT
    assert standup.digest(state, now, since, "Team [x]", markdown=True) == DIGEST_MARKDOWN


def test_a_digest_with_nothing_new_says_so() -> None:
    state = team()
    now = day(2)
    text = standup.digest(state, now, standup.since_last_standup(state, now), "T")
    assert "in the last 24 hours (no stand-up recorded yet)" in text
    assert "none yet since then" in text


def test_one_cards_changes_are_those_of_the_whole_board() -> None:
    """The board's first paint asks for the cards in sight one by one; the strip and the
    filter for all of them: both ways give the same changes, in the same order."""
    state = digest_board()
    since = standup.since_last_standup(state, day(13))
    one_by_one = standup.changes_since(state, since)
    each = {eid: one_by_one.of(eid) for eid in state.experiments}
    whole = standup.changes_since(state, since).by_experiment
    assert {eid: items for eid, items in each.items() if items} == whole
    assert set(whole) == {"exp-bob", "exp-cyd"}
    assert one_by_one.by_experiment == whole  # and asked for all afterwards
