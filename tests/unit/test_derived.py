"""Derived facts, always at a fixed `now` (never the wall clock)."""

from __future__ import annotations

import pytest

from teamboard.domain.events import CheckInKind, Stage
from teamboard.domain.facts import (
    CheckInDue,
    check_ins_due,
    check_ins_due_for,
    days_in_stage,
    find_experiment,
    held_on_time,
    is_early,
    is_stalled,
    members_without_recent_praise,
    stage_history,
    stall_reason,
    stalled,
    without_supporter,
)
from teamboard.domain.fold import fold
from teamboard.domain.rules import check_check_in_time
from teamboard.domain.state import BoardState, Refused

from .factories import T0, Log, day

EXP = "bexp0001"
SOON, LONG = CheckInKind.SOON_AFTER, CheckInKind.LONG_TERM


def board(*more: dict) -> BoardState:
    """bob owns EXP, created at day 1; ann (founder) and cyd are on the board."""
    return fold([*BASE, *more], founder="ann")


ann, bob, cyd = Log("ann"), Log("bob"), Log("cyd")
BASE = [ann.join(0), bob.join(0), cyd.join(0), bob.create(1, EXP)]


def fresh() -> tuple[Log, Log, Log]:
    """Logs that continue after BASE, for events local to one test."""
    return Log("ann", seq=100), Log("bob", seq=100), Log("cyd", seq=100)


# --- days in stage and stage history ------------------------------------------------------------


def test_days_in_stage_counts_whole_days_since_entering_the_stage() -> None:
    _, b, _ = fresh()
    state = board()
    experiment = state.experiments[EXP]
    assert days_in_stage(experiment, day(1)) == 0
    assert days_in_stage(experiment, day(1.99)) == 0
    assert days_in_stage(experiment, day(2)) == 1
    assert days_in_stage(experiment, day(31, hours=5)) == 30

    state = board(b.move(day(10, hours=12), EXP, "practice"))
    experiment = state.experiments[EXP]
    assert days_in_stage(experiment, day(11)) == 0
    assert days_in_stage(experiment, day(13, hours=12)) == 3


def test_days_in_stage_is_never_negative() -> None:
    assert days_in_stage(board().experiments[EXP], T0) == 0


def test_days_in_stage_restarts_when_moving_back() -> None:
    _, b, _ = fresh()
    state = board(b.move(2, EXP, "practice"), b.move(5, EXP, "goal"))
    assert days_in_stage(state.experiments[EXP], day(9)) == 4


def test_stage_history_lists_every_visit_with_its_date() -> None:
    _, b, _ = fresh()
    state = board(
        b.move(day(2, hours=14), EXP, "practice"),  # 23:00 UTC: still day 2
        b.practice(3, EXP),
        b.move(4, EXP, "reflection"),
        b.move(6, EXP, "practice"),
        b.move(7, EXP, "reflection"),
        b.reflect_fully(8, EXP),
        b.move(9, EXP, "success"),
    )
    assert stage_history(state.experiments[EXP]) == [
        (Stage.GOAL, day(1).date()),
        (Stage.PRACTICE, day(2).date()),
        (Stage.REFLECTION, day(4).date()),
        (Stage.PRACTICE, day(6).date()),
        (Stage.REFLECTION, day(7).date()),
        (Stage.SUCCESS, day(9).date()),
    ]


def test_stage_history_leaves_out_refused_moves() -> None:
    _, b, c = fresh()
    state = board(b.move(2, EXP, "reflection"), c.move(3, EXP, "practice"))
    assert stage_history(state.experiments[EXP]) == [(Stage.GOAL, day(1).date())]


# --- stalled ------------------------------------------------------------------------------------


def test_in_practice_without_practice_it_stalls_14_days_after_entering() -> None:
    _, b, _ = fresh()
    state = board(b.move(2, EXP, "practice"))
    experiment = state.experiments[EXP]
    assert not is_stalled(experiment, day(15.99))
    assert is_stalled(experiment, day(16))
    assert stalled(state, day(15.99)) == []
    assert [e.id for e in stalled(state, day(16))] == [EXP]


def test_a_practice_entry_restarts_the_clock() -> None:
    _, b, _ = fresh()
    state = board(b.move(2, EXP, "practice"), b.practice(10, EXP))
    experiment = state.experiments[EXP]
    assert not is_stalled(experiment, day(16))
    assert not is_stalled(experiment, day(23.99))
    assert is_stalled(experiment, day(24))


def test_practice_before_entering_practice_counts_from_entering() -> None:
    _, b, _ = fresh()
    state = board(b.practice(1.5, EXP), b.move(5, EXP, "practice"))
    experiment = state.experiments[EXP]
    assert not is_stalled(experiment, day(18.99))
    assert is_stalled(experiment, day(19))


def test_re_entering_practice_restarts_the_clock() -> None:
    _, b, _ = fresh()
    state = board(
        b.move(2, EXP, "practice"),
        b.practice(3, EXP),
        b.move(4, EXP, "reflection"),
        b.move(30, EXP, "practice"),
    )
    assert not is_stalled(state.experiments[EXP], day(43.99))
    assert is_stalled(state.experiments[EXP], day(44))


def test_in_goal_it_stalls_14_days_after_creation_without_a_first_practice() -> None:
    state = board()
    experiment = state.experiments[EXP]
    assert not is_stalled(experiment, day(14.99))
    assert is_stalled(experiment, day(15))
    assert stall_reason(experiment, day(15)) == "in Goal 14 days without a first practice"
    _, b, _ = fresh()
    practised = board(b.practice(3, EXP)).experiments[EXP]
    assert not is_stalled(practised, day(400))  # it waits for a move, not for practice


def test_in_reflection_it_stalls_14_days_after_entering_without_a_reflection() -> None:
    _, b, _ = fresh()
    entering = [b.move(2, EXP, "practice"), b.practice(2, EXP), b.move(3, EXP, "reflection")]
    state = board(*entering)
    experiment = state.experiments[EXP]
    assert not is_stalled(experiment, day(16.99))
    assert stall_reason(experiment, day(17)) == "in Reflection 14 days without a reflection"
    _, b, _ = fresh()
    entering = [b.move(2, EXP, "practice"), b.practice(2, EXP), b.move(3, EXP, "reflection")]
    reflected = board(*entering, b.reflect(5, EXP, wanted="x")).experiments[EXP]
    assert not is_stalled(reflected, day(400))


def test_success_never_stalls() -> None:
    _, b, _ = fresh()
    state = board(
        b.move(2, EXP, "practice"),
        b.practice(2, EXP),
        b.move(2, EXP, "reflection"),
        b.reflect_fully(2, EXP),
        b.move(2, EXP, "success"),
    )
    assert state.experiments[EXP].stage is Stage.SUCCESS
    assert not is_stalled(state.experiments[EXP], day(400))
    assert stalled(state, day(400)) == []


# --- check-ins due --------------------------------------------------------------------------------


def test_no_check_in_is_due_in_the_first_14_days() -> None:
    assert check_ins_due_for(board().experiments[EXP], day(14.99)) == []


def test_the_soon_after_check_in_is_due_14_days_after_creation() -> None:
    experiment = board().experiments[EXP]
    due = CheckInDue(EXP, SOON, day(15).date(), overdue=False)
    assert check_ins_due_for(experiment, day(15)) == [due]
    assert check_ins_due_for(experiment, day(28.99)) == [due]


def test_a_check_in_is_overdue_14_days_after_it_was_due() -> None:
    experiment = board().experiments[EXP]
    assert check_ins_due_for(experiment, day(29)) == [
        CheckInDue(EXP, SOON, day(15).date(), overdue=True)
    ]


def test_the_long_term_check_in_is_due_90_days_after_creation() -> None:
    experiment = board().experiments[EXP]
    assert [d.kind for d in check_ins_due_for(experiment, day(90.99))] == [SOON]
    assert check_ins_due_for(experiment, day(91)) == [
        CheckInDue(EXP, SOON, day(15).date(), overdue=True),
        CheckInDue(EXP, LONG, day(91).date(), overdue=False),
    ]
    assert check_ins_due_for(experiment, day(105))[-1].overdue


def test_a_held_check_in_clears_only_its_own_kind() -> None:
    a, b, _ = fresh()
    state = board(b.check_in(16, EXP, "soon-after"))
    assert [d.kind for d in check_ins_due_for(state.experiments[EXP], day(200))] == [LONG]
    state = board(a.check_in(100, EXP, "long-term"))
    assert [d.kind for d in check_ins_due_for(state.experiments[EXP], day(200))] == [SOON]
    state = board(b.check_in(16, EXP, "soon-after"), a.check_in(100, EXP, "long-term"))
    assert check_ins_due_for(state.experiments[EXP], day(200)) == []


def test_a_refused_check_in_does_not_clear_it() -> None:
    _, _, c = fresh()
    state = board(c.check_in(16, EXP, "soon-after"))
    assert [d.kind for d in check_ins_due(state, day(20))] == [SOON]


def test_check_ins_due_over_the_board() -> None:
    _, b, c = fresh()
    state = board(c.create(10, "cexp0001"), b.check_in(15, EXP, "soon-after"))
    assert check_ins_due(state, day(20)) == []
    assert check_ins_due(state, day(24)) == [
        CheckInDue("cexp0001", SOON, day(24).date(), overdue=False)
    ]


def test_a_long_term_check_in_is_refused_before_two_months_and_taken_after() -> None:
    experiment = board().experiments[EXP]  # created on day 1
    with pytest.raises(Refused, match=r"too early for the long-term check-in.*from 2024-05-04"):
        check_check_in_time(experiment, LONG, day(1))
    with pytest.raises(Refused, match="too early"):
        check_check_in_time(experiment, LONG, day(60.99))
    check_check_in_time(experiment, LONG, day(61))
    check_check_in_time(experiment, SOON, day(1))  # soon after: from the start


def test_an_early_long_term_check_in_is_kept_but_neither_holds_it_nor_is_on_time() -> None:
    # Written before the rule (an old board): the fold keeps it.
    a, b, _ = fresh()
    state = board(a.check_in(1.5, EXP, "long-term"), b.check_in(10, EXP, "soon-after"))
    assert state.rejected == []
    experiment = state.experiments[EXP]
    early, soon = experiment.check_ins
    assert is_early(experiment, early) and not held_on_time(experiment, early)
    assert not is_early(experiment, soon) and held_on_time(experiment, soon)
    # At three months the long-term check-in is still due: the early one does not hold it.
    assert check_ins_due_for(experiment, day(91)) == [
        CheckInDue(EXP, LONG, day(91).date(), overdue=False)
    ]
    held = board(a.check_in(1.5, EXP, "long-term"), a.check_in(95, EXP, "long-term"))
    assert held_on_time(held.experiments[EXP], held.experiments[EXP].check_ins[-1])
    assert [d.kind for d in check_ins_due_for(held.experiments[EXP], day(95))] == [SOON]


# --- support and praise -----------------------------------------------------------------------


def test_experiments_without_supporter() -> None:
    a, b, c = fresh()
    state = board(c.create(2, "cexp0001"), b.support(3, "cexp0001", "bob"))
    assert [e.id for e in without_supporter(state)] == [EXP]
    state = board(
        c.create(2, "cexp0001"),
        b.support(3, "cexp0001", "bob"),
        a.support(4, EXP, "ann"),
        b.unsupport(5, "cexp0001", "bob"),
    )
    assert [e.id for e in without_supporter(state)] == ["cexp0001"]


def test_a_refused_support_leaves_the_experiment_flagged() -> None:
    a, b, _ = fresh()
    state = board(b.support(2, EXP, "bob"), a.support(2, EXP, "cyd"))
    assert [e.id for e in without_supporter(state)] == [EXP]


def test_members_without_praise_in_the_last_30_days() -> None:
    a, _, _ = fresh()
    state = board(a.praise(10, "bob", EXP), a.praise(20, "cyd"))
    ids = lambda now: [m.id for m in members_without_recent_praise(state, now)]  # noqa: E731
    assert ids(day(1)) == ["ann"]  # praise in the future of `now` still counts
    assert ids(day(40)) == ["ann"]  # exactly 30 days ago is recent
    assert ids(day(40, minutes=1)) == ["ann", "bob"]
    assert ids(day(50, minutes=1)) == ["ann", "bob", "cyd"]


def test_refused_praise_does_not_count() -> None:
    _, b, _ = fresh()
    state = board(b.praise(10, "cyd"))
    assert [m.id for m in members_without_recent_praise(state, day(11))] == ["ann", "bob", "cyd"]


# --- find_experiment ------------------------------------------------------------------------------


@pytest.fixture
def many() -> BoardState:
    b = Log("bob")
    return fold(
        [
            b.join(0),
            b.create(1, "abcd1234"),
            b.create(1, "abcd5678"),
            b.create(1, "ffee0011"),
            b.create(1, "e1"),
        ]
    )


@pytest.mark.parametrize(
    ("ref", "found"),
    [
        ("abcd1234", "abcd1234"),
        ("abcd5", "abcd5678"),
        ("ffee", "ffee0011"),
        ("  FFEE00 ", "ffee0011"),
        ("e1", "e1"),  # a whole id may be short
    ],
)
def test_find_experiment_by_id_or_unique_prefix(many: BoardState, ref: str, found: str) -> None:
    assert find_experiment(many, ref).id == found


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("abcd", "2 experiments start with 'abcd'; give more of the id"),
        ("abc", "no experiment 'abc': give at least 4 characters of its id"),
        ("ff", "give at least 4 characters"),
        ("", "give at least 4 characters"),
        ("abce", "no experiment with id 'abce'"),
        ("abcd12345", "no experiment with id 'abcd12345'"),
    ],
)
def test_find_experiment_refuses_ambiguous_short_or_unknown(many, ref: str, message: str) -> None:
    with pytest.raises(Refused) as refusal:
        find_experiment(many, ref)
    assert message in str(refusal.value)


def test_find_experiment_by_an_exact_id_with_capitals() -> None:
    b = Log("bob")
    state = fold([b.join(0), b.create(1, "Retro-2024")])
    assert find_experiment(state, "Retro-2024").id == "Retro-2024"
