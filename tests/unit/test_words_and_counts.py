"""One word for each thing that needs attention, counts that leave out what was taken back
or withdrawn, and the next steps a new experiment is advised from what it lacks."""

from __future__ import annotations

from teamboard.domain import labels
from teamboard.domain.fold import fold
from teamboard.domain.state import counts
from teamboard.views.cards import Flag, explain_flags, flags_of
from teamboard.views.notices import next_steps
from teamboard.views.standup import Changes, NeedKind, Since, needs_of, summary

from .factories import Log, day

FULL_PLAN = {
    "why_me": "I run the retros",
    "must_deliver": "two actions per retro",
    "team_goals": "less carry-over",
    "personal_benefit": "calmer meetings",
}
WHERE = {"kind": "project", "what": "Retros of the checkout rebuild", "when": "Fridays"}


def team() -> tuple[Log, Log, list[dict]]:
    """ann (the founder, a manager) and bob, joined on day 0."""
    ann, bob = Log("ann"), Log("bob")
    return ann, bob, [ann.join(0, "Ann"), bob.join(0, "Bob")]


# --- words --------------------------------------------------------------------------------


def test_a_check_in_due_overdue_and_a_target_date_passed_each_have_one_word() -> None:
    _, bob, events = team()
    events += [
        bob.create(0, "e1", target_date="2024-03-20"),
        bob.create(0.5, "e2"),
    ]
    e1, e2 = (fold(events, founder="ann").experiments[i] for i in ("e1", "e2"))
    # e1 on day 20: its soon-after check-in is due; its target date has passed.
    assert flags_of(e1, day(20)) == [
        Flag.NO_SUPPORTER,
        Flag.STALLED,
        Flag.CHECK_IN_DUE,
        Flag.NO_APPLICATION,
        Flag.TARGET_PASSED,
    ]
    assert [str(f) for f in flags_of(e2, day(30))][1:3] == ["stalled", "check-in overdue"]
    assert explain_flags(e1, day(20))[2:] == [
        "check-in due: soon-after check-in, due 2024-03-18",
        "no application",
        "past target date: it was 2024-03-20",
    ]
    # The stand-up and the team say the same words as the cards and `list`.
    assert {str(k) for k in NeedKind} <= {str(f) for f in Flag}
    assert [n.kind for n in needs_of(e2, day(30))] == [
        NeedKind.OVERDUE,
        NeedKind.STUCK,
        NeedKind.ALONE,
    ]
    assert NeedKind.OVERDUE == Flag.CHECK_IN_OVERDUE == labels.CHECK_IN_OVERDUE


def test_no_card_short_says_another_things_word() -> None:
    words = {flag.value for flag in Flag}
    for flag in Flag:
        assert flag.short == flag.value or flag.short not in words | {"overdue", "due"}
    # A passed target date is not "overdue" on a card any more: that is a check-in's word.
    assert Flag.TARGET_PASSED.short == "past target date"


# --- what counts ----------------------------------------------------------------------------


def test_what_was_taken_back_or_withdrawn_does_not_count() -> None:
    _, bob, events = team()
    events += [
        bob.create(0, "e1"),
        bob.practice(1, "e1"),
        bob.practice(2, "e1"),
        bob.create(3, "e2"),
        bob.move(4, "e2", "practice"),
        bob.event("experiment_withdrawn", 5, experiment_id="e2"),
        bob.move(6, "e1", "practice"),
    ]
    first = events[3]
    events.append(
        bob.event("taken_back", 7, entry="practice", entry_id=first["entry_id"], experiment_id="e1")
    )
    state = fold(events, founder="ann")
    assert state.rejected == []
    e1, e2 = state.experiments["e1"], state.experiments["e2"]
    assert [counts(p) for p in e1.practice] == [False, True]
    assert e1.practice_done == [e1.practice[1]] and not counts(e2) and counts(e1)
    # Both moved since day 0, but the withdrawn one is off the board: one moved.
    at_a_glance = summary(state, day(8), Changes(state, Since(day(0), "since day 0")))
    assert at_a_glance.moved == 1


# --- the next steps of a new experiment -------------------------------------------------------


def test_a_new_experiment_is_advised_from_what_it_lacks() -> None:
    ann, bob, events = team()
    events += [
        bob.create(0, "bare"),
        bob.create(0, "planned", plan=FULL_PLAN, opportunity=WHERE, confidence=3),
        ann.support(1, "planned", "ann"),
    ]
    state = fold(events, founder="ann")
    assert next_steps(state.experiments["bare"]) == (
        "Next: finish the transfer plan, say where you will apply it, ask a colleague for "
        "support and rate your confidence."
    )
    # Where it is applied is filled in: the advice does not ask for it.
    at_start = fold(events[:-1], founder="ann")
    assert next_steps(at_start.experiments["planned"]) == "Next: ask a colleague for support."
    assert next_steps(state.experiments["planned"]) == (
        "Next: log a practice when you first try it."
    )
