"""Insights per lever, formula by formula, on hand-built event lists with exact expected
numbers: an empty board, a one-person board and a team of three over twelve weeks.

The clock: NOW is day 84 after T0, so the twelve weeks end on days 7, 14, ..., 84
(week k ends on day 7 + 7k, at T0's time of day).
"""

from __future__ import annotations

import pytest

from teamboard.domain.events import CheckInKind, Stage
from teamboard.domain.fold import fold
from teamboard.domain.state import BoardState
from teamboard.views.insights.formulas import confidence_by_day
from teamboard.views.insights.levers import Insights, Lever, insights
from teamboard.views.insights.signals import (
    Signal,
    Unit,
    Verdict,
    describe,
    number,
    percent,
    spark,
    stretched,
    trend_spark,
)
from teamboard.views.insights.weeks import WEEKS

from .factories import Log, day

NOW = day(84)
FULL_PLAN = {
    "why_me": "I run the retros",
    "must_deliver": "two actions per retro",
    "team_goals": "less carry-over",
    "personal_benefit": "better at facilitating",
}
WHERE = {"kind": "project", "what": "checkout", "when": "Fridays"}
E1, E2, E3 = "exp-one1", "exp-two2", "exp-three"
NONE = [None] * WEEKS


def lever(found: Insights, key: str) -> Lever:
    (chosen,) = [item for item in found.levers if item.key == key]
    return chosen


def signal(found: Insights, key: str) -> Signal:
    (chosen,) = [s for item in found.levers for s in item.signals if s.key == key]
    return chosen


def rounded(values) -> list[float | None]:
    return [None if v is None else round(v, 3) for v in values]


def team_events() -> list[dict]:
    """ann (the founder, a manager), bob and cyd; three experiments over twelve weeks."""
    ann, bob, cyd = Log("ann"), Log("bob"), Log("cyd")
    return [
        ann.join(0, "Ann"),
        bob.join(0, "Bob"),
        cyd.join(0, "Cyd"),
        # E1: bob's, complete from the start, through every stage.
        bob.create(0, E1, plan=FULL_PLAN, opportunity=WHERE, confidence=2),
        cyd.support(1, E1, "cyd"),
        bob.move(2, E1, "practice"),
        bob.practice(3, E1),
        bob.practice(10, E1),
        ann.check_in(10, E1, "soon-after"),
        ann.praise(20, "cyd"),
        bob.move(30, E1, "reflection"),
        bob.reflect_fully(30, E1),
        bob.move(40, E1, "success"),
        ann.praise(41, "bob", E1, kind="result"),
        bob.rate(45, E1, 4),
        bob.practice(80, E1),
        # E2: cyd's, a thin plan, no opportunity until an edit; supported for a while.
        cyd.create(50, E2, plan={"why_me": "asked to"}),
        bob.support(51, E2, "bob"),
        bob.unsupport(60, E2, "bob"),
        cyd.edit(60, E2, opportunity=WHERE),
        ann.praise(60, "bob", E1),
        # E3: bob's, complete plan, no opportunity, practised at once.
        bob.create(70, E3, plan=FULL_PLAN, confidence=3),
        bob.practice(71, E3),
        ann.support(72, E3, "ann"),
        ann.note(73, E3),
        bob.note(74, E3, "thanks"),  # the owner's own note: not support
        bob.reflect(75, E3, wanted="ask more"),  # one answer of four
        bob.practice(83, E3),
    ]


@pytest.fixture(scope="module")
def team() -> Insights:
    state = fold(team_events(), founder="ann")
    assert state.rejected == []
    return insights(state, NOW)


# --- the weeks ----------------------------------------------------------------------------


def test_the_twelve_weeks_end_at_now_a_week_apart(team) -> None:
    assert team.week_ends == tuple(day(7 + 7 * k) for k in range(WEEKS))


# --- lever 1: clarity beforehand -----------------------------------------------------------


def test_clarity_is_the_share_of_plans_complete_when_created(team) -> None:
    plan = signal(team, "plan_complete_at_start")
    assert (plan.value, plan.count, plan.of) == (pytest.approx(2 / 3), 2, 3)
    # E2 (day 50) joins at the week ending day 56, E3 (day 70) exactly at a week's end.
    assert rounded(plan.trend) == [1.0] * 7 + [0.5, 0.5] + [0.667] * 3
    assert lever(team, "clarity").experiments == (E2,)
    assert lever(team, "clarity").verdict is Verdict.MIXED
    assert describe(plan) == "67% (2 of 3)"


# --- lever 2: ownership --------------------------------------------------------------------


def test_ownership_is_the_share_rated_and_confidence_at_the_start_and_now(team) -> None:
    rated = signal(team, "confidence_rated")
    assert (rated.count, rated.of) == (2, 3)
    assert rounded(rated.trend) == [1.0] * 7 + [0.5, 0.5] + [0.667] * 3
    confidence = signal(team, "confidence_now")
    # Now: E1's latest 4 and E3's 3; at the start: 2 and 3.
    assert confidence.value == 3.5
    assert dict(confidence.extra) == {"start": 2.5}
    assert confidence.of == 2
    # E1 is rated 4 on day 45 (the week ending day 49), E3 starts at 3 on day 70.
    assert rounded(confidence.trend) == [2.0] * 6 + [4.0] * 3 + [3.5] * 3
    assert lever(team, "ownership").experiments == (E2,)
    assert describe(confidence) == "3.5 of 5, 2.5 at the start (2 rated)"


# --- lever 3: application opportunities ----------------------------------------------------


def test_opportunities_count_from_when_one_was_named(team) -> None:
    named = signal(team, "opportunity_named")
    assert (named.count, named.of) == (2, 3)
    # E2 names one on day 60: not at the week ending day 56, yes at day 63.
    assert rounded(named.trend) == [1.0] * 7 + [0.5, 1.0] + [0.667] * 3
    assert lever(team, "opportunities").experiments == (E3,)


def test_days_to_the_first_practice_is_a_median_over_the_practised(team) -> None:
    days = signal(team, "days_to_first_practice")
    # E1: created day 0, first practice day 3; E3: day 70, day 71. E2 has none: not counted.
    assert (days.value, days.of) == (2.0, 2)
    assert days.trend == (3,) * 10 + (2.0, 2.0)
    assert describe(days) == "2 days (median of 2)"


# --- lever 4: practice and reflection ------------------------------------------------------


def test_practice_per_person_per_week_counts_by_the_day_practised(team) -> None:
    practice = signal(team, "practice_per_person_week")
    # The last four weeks: one practice on day 71, two on days 80 and 83; two people.
    assert (practice.value, practice.count) == (3 / 8, 3)
    # bob alone until cyd's first experiment (the week ending day 56).
    assert rounded(practice.trend) == [1.0, 1.0] + [0.0] * 8 + [0.5, 1.0]
    assert lever(team, "practice").verdict is Verdict.NEGLECTED
    # In Goal or Practice without practice in the last four weeks (E1 is in Success).
    assert lever(team, "practice").experiments == (E2,)
    assert dict(lever(team, "practice").chart)["practice entries"] == (
        1.0,
        1.0,
        *[0.0] * 8,
        1.0,
        2.0,
    )


def test_reflections_answering_all_four_and_days_from_practice_to_reflection(team) -> None:
    complete = signal(team, "reflections_complete")
    assert (complete.count, complete.of) == (1, 2)
    assert complete.trend == (None,) * 4 + (1.0,) * 6 + (0.5, 0.5)
    days = signal(team, "days_practice_to_reflection")
    # E1 entered Practice on day 2 and Reflection on day 30.
    assert (days.value, days.of) == (28, 1)
    assert days.trend == (None,) * 4 + (28,) * 8


# --- lever 5: asking about results ----------------------------------------------------------


def test_check_ins_on_time_are_those_held_before_they_were_overdue(team) -> None:
    soon = signal(team, "soon_after_on_time")
    # E1 held its soon-after on day 10; E2's was overdue on day 78 (14 + 14 days after
    # day 50); E3's time is not up yet and it was not held: not judged.
    assert (soon.value, soon.count, soon.of) == (0.5, 1, 2)
    assert soon.trend == (None,) + (1.0,) * 10 + (0.5,)
    long_term = signal(team, "long_term_on_time")
    assert long_term.value is None
    assert long_term.trend == tuple(NONE)
    assert describe(long_term) == "no data yet"
    overdue = signal(team, "check_ins_overdue")
    assert overdue.value == 1
    assert overdue.trend == (0,) * 11 + (1,)
    assert lever(team, "results").experiments == (E2,)
    assert lever(team, "results").verdict is Verdict.MIXED


def test_check_ins_per_manager_and_overdue_ones_nobody_has_held_yet(team) -> None:
    rows = {row.manager: row for row in team.check_ins}
    assert (rows["ann"].held, rows["ann"].on_time, rows["ann"].overdue) == (1, 1, ())
    # Nobody has checked in with cyd yet: her overdue check-in has no manager.
    assert rows[None].overdue == ((E2, CheckInKind.SOON_AFTER),)


def test_an_early_long_term_check_in_never_counts_as_on_time() -> None:
    # Held on its first day (an old board, from before the rule): the long-term one is
    # still judged when its time is up, and overdue, not on time.
    ann, bob = Log("ann"), Log("bob")
    events = [
        ann.join(0, "Ann"),
        bob.join(0, "Bob"),
        bob.create(50, E1, plan=FULL_PLAN),
        ann.check_in(50.5, E1, "long-term"),
        ann.check_in(60, E1, "soon-after"),
    ]
    state = fold(events, founder="ann")
    assert state.rejected == []
    later = insights(state, day(160))  # overdue since day 154
    long_term = signal(later, "long_term_on_time")
    assert (long_term.value, long_term.count, long_term.of) == (0, 0, 1)
    assert signal(later, "check_ins_overdue").value == 1
    # Within the twelve weeks, Ann held two and one of them on time.
    (row,) = [row for row in insights(state, day(120)).check_ins if row.manager == "ann"]
    assert (row.held, row.on_time) == (2, 1)


# --- lever 6: self-efficacy ------------------------------------------------------------------


def test_people_praised_in_the_last_30_days(team) -> None:
    praised = signal(team, "praised_30_days")
    # bob on day 60; cyd on day 20 (64 days ago); ann never.
    assert (praised.count, praised.of) == (1, 3)
    expected = [0, 0, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1]
    assert rounded(praised.trend) == [round(n / 3, 3) for n in expected]
    assert lever(team, "self-efficacy").verdict is Verdict.NEGLECTED
    # Not in Success, and its owner not praised in 30 days.
    assert lever(team, "self-efficacy").experiments == (E2,)


def test_effort_against_result_praise_per_week(team) -> None:
    kinds = signal(team, "effort_praise_share")
    assert (kinds.count, kinds.of) == (2, 3)
    trend = list(NONE)
    trend[2], trend[5], trend[8] = 1.0, 0.0, 1.0
    assert list(kinds.trend) == trend
    chart = dict(lever(team, "self-efficacy").chart)
    assert chart["effort"] == tuple(1.0 if k in (2, 8) else 0.0 for k in range(WEEKS))
    assert chart["result"] == tuple(1.0 if k == 5 else 0.0 for k in range(WEEKS))


def test_confidence_change_of_experiments_that_reached_success(team) -> None:
    change = signal(team, "success_confidence_change")
    # E1 reached Success on day 40; its second rating came on day 45.
    assert (change.value, change.of) == (2.0, 1)
    assert change.trend == (None,) * 6 + (2.0,) * 6
    assert describe(change) == "+2.0 (over 1)"


# --- lever 7: colleagues ---------------------------------------------------------------------


def test_supported_share_follows_supporters_coming_and_going(team) -> None:
    supported = signal(team, "supported")
    assert (supported.count, supported.of) == (2, 3)
    # bob supported E2 from day 51 to day 60: at the end of the week of day 56 only.
    assert rounded(supported.trend) == [1.0] * 7 + [1.0, 0.5, 0.333, 0.667, 0.667]
    assert lever(team, "colleagues").experiments == (E2,)


def test_support_notes_per_week_leave_out_the_owners_own(team) -> None:
    notes = signal(team, "support_notes_per_week")
    assert (notes.value, notes.count) == (0.25, 1)
    assert notes.trend == (0.0,) * 10 + (1.0, 0.0)


def test_who_supports_whom(team) -> None:
    assert team.network.pairs == (("ann", "bob", 1), ("cyd", "bob", 1))
    assert team.network.supports_nobody == ("bob",)  # his support of E2 ended
    assert team.network.unsupported == (E2,)


# --- the flow ---------------------------------------------------------------------------------


def test_cumulative_flow_counts_experiments_per_stage_at_each_weeks_end(team) -> None:
    flow = dict(team.flow)
    # E1 left Goal within its first week; E2 and E3 are still in Goal.
    assert flow[Stage.GOAL] == (0,) * 7 + (1, 1, 2, 2, 2)
    assert flow[Stage.PRACTICE] == (1, 1, 1, 1) + (0,) * 8
    assert flow[Stage.REFLECTION] == (0,) * 4 + (1,) + (0,) * 7
    assert flow[Stage.SUCCESS] == (0,) * 5 + (1,) * 7


# --- one person -------------------------------------------------------------------------------


def test_one_member_of_the_team(team) -> None:
    state = fold(team_events(), founder="ann")
    bob = insights(state, NOW, "bob")
    assert bob.experiments == 2
    assert describe(signal(bob, "plan_complete_at_start")) == "100% (2 of 2)"
    practice = signal(bob, "practice_per_person_week")
    assert (practice.value, practice.count) == (0.75, 3)
    praised = signal(bob, "praised_30_days")
    assert (praised.count, praised.of) == (1, 1)
    assert bob.network.pairs == (("ann", "bob", 1), ("cyd", "bob", 1))
    assert bob.network.supports_nobody == ("bob",)
    assert bob.network.unsupported == ()
    cyd = insights(state, NOW, "cyd")
    # Whom cyd supports (bob's E1), and nobody supports hers.
    assert cyd.network.pairs == (("cyd", "bob", 1),)
    assert cyd.network.supports_nobody == ()
    assert cyd.network.unsupported == (E2,)
    assert signal(cyd, "supported").value == 0
    assert signal(cyd, "soon_after_on_time").value == 0


def test_a_board_of_one_person_has_real_zeros_and_no_data_where_there_is_none() -> None:
    ann = Log("ann")
    state = fold([ann.join(0, "Ann"), ann.create(80, E1)], founder="ann")
    found = insights(state, NOW)
    assert describe(signal(found, "plan_complete_at_start")) == "0% (0 of 1)"
    assert signal(found, "practice_per_person_week").value == 0.0
    assert signal(found, "reflections_complete").value is None
    assert signal(found, "days_to_first_practice").value is None
    assert signal(found, "soon_after_on_time").value is None  # not due until day 94
    assert signal(found, "check_ins_overdue").value == 0
    assert describe(signal(found, "praised_30_days")) == "0% (0 of 1)"
    assert signal(found, "supported").value == 0.0
    assert found.network.supports_nobody == ("ann",)
    assert lever(found, "colleagues").verdict is Verdict.NEGLECTED
    assert "1 experiment has no supporter" in lever(found, "colleagues").advice


# --- nothing yet --------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [BoardState(), fold([Log("ann").join(0)], founder="ann")])
def test_an_empty_board_says_no_data_yet_never_zero_percent(state) -> None:
    found = insights(state, NOW)
    assert found.experiments == 0
    for item in found.levers:
        assert item.experiments == ()
        for s in item.signals:
            if s.key == "praised_30_days" and state.members:
                continue  # a member with no praise: a real 0 of 1
            assert s.value is None, s.key
            assert describe(s) == "no data yet"
            assert s.trend == tuple(NONE), s.key
    assert all(counts == (0,) * WEEKS for _, counts in found.flow)
    assert lever(found, "clarity").verdict is Verdict.NO_DATA
    assert lever(found, "clarity").advice.startswith("No experiments yet")


def test_withdrawn_experiments_are_left_out() -> None:
    ann = Log("ann")
    events = [
        ann.join(0),
        ann.create(1, E1),
        ann.event("experiment_withdrawn", 2, experiment_id=E1),
    ]
    found = insights(fold(events, founder="ann"), NOW)
    assert found.experiments == 0
    assert signal(found, "plan_complete_at_start").value is None


def test_every_unit_has_words() -> None:
    for unit, value, words in [
        (Unit.SHARE, 0.5, "50% (1 of 2)"),
        (Unit.PER_WEEK, 1.25, "1.3 (5 in 4 weeks)"),
        (Unit.COUNT, 3.0, "3"),
    ]:
        assert (
            describe(Signal("k", "l", unit, value, count=1 if unit is Unit.SHARE else 5, of=2))
            == words
        )


@pytest.mark.parametrize(
    ("value", "places", "words"),
    [
        # Halves round the same way, up (Python's format gave 0.2 and 0.8, 2 and 4).
        (0.25, 1, "0.3"),
        (0.75, 1, "0.8"),
        (0.15, 1, "0.2"),  # as written, though the float is a hair below 0.15
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (-0.25, 1, "-0.3"),
        (-0.04, 1, "0.0"),  # never "-0.0"
        (1.0, 1, "1.0"),
    ],
)
def test_one_rounding_rule_for_every_number(value: float, places: int, words: str) -> None:
    assert number(value, places) == words


def test_shares_ratings_and_changes_are_written_by_the_one_rule() -> None:
    assert percent(0.125) == "13%" and percent(0.625) == "63%" and percent(5 / 6) == "83%"
    assert number(0.25, sign=True) == "+0.3" and number(0.0, sign=True) == "0.0"
    for unit, value, words in [
        (Unit.PER_WEEK, 0.25, "0.3 (5 in 4 weeks)"),
        (Unit.PER_WEEK, 0.75, "0.8 (5 in 4 weeks)"),
        (Unit.SHARE, 0.125, "13% (1 of 2)"),
        (Unit.CHANGE, 0.25, "+0.3 (over 2)"),
        (Unit.DAYS, 2.5, "2.5 days (median of 2)"),
    ]:
        found = describe(Signal("k", "l", unit, value, count=1 if unit is Unit.SHARE else 5, of=2))
        assert found == words
    rating = Signal("k", "l", Unit.RATING, 3.25, of=2, extra=(("start", 2.25),))
    assert describe(rating) == "3.3 of 5, 2.3 at the start (2 rated)"


def test_a_trend_is_drawn_on_its_units_scale() -> None:
    # A rating from 1 to 5: a 2 is low, whatever the lowest value drawn (it was the
    # lowest bar, min to max).
    assert trend_spark(Signal("k", "l", Unit.RATING, 5.0, trend=(2.0, 3.0, 5.0))) == "▃▅█"
    assert trend_spark(Signal("k", "l", Unit.RATING, 1.0, trend=(1.0, None))) == "▁·"
    # A share from 0 to 1: 90% is nearly full, never the full bar of a max-scaled trend.
    assert trend_spark(Signal("k", "l", Unit.SHARE, 0.9, trend=(0.5, 0.9))) == "▅▇"
    # A count from 0 to its highest.
    assert trend_spark(Signal("k", "l", Unit.COUNT, 4.0, trend=(0.0, 2.0, 4.0))) == "▁▅█"
    assert spark([None, None]) == "··"


def test_a_trend_is_stretched_or_sampled_to_its_width() -> None:
    assert stretched([1, 2, 3], 6) == [1, 1, 2, 2, 3, 3]
    assert stretched(list(range(10)), 4) == [2, 4, 7, 9]  # each column's last value
    assert stretched([], 5) == []


def test_confidence_day_by_day_since_the_first_rating() -> None:
    bob = Log("bob")
    events = [
        bob.join(0),
        bob.create(0, E1, confidence=2),
        bob.rate(day(2, hours=3), E1, 4),
        bob.rate(day(2, hours=5), E1, 3),  # the same day: the day ends at 3
        bob.rate(4, E1, 5),
    ]
    experiment = fold(events, founder="bob").experiments[E1]
    assert confidence_by_day(experiment, day(6)) == [2, 2, 3, 3, 5, 5, 5]
    unrated = fold([bob.join(0), bob.create(0, E2)], founder="bob").experiments[E2]
    assert confidence_by_day(unrated, day(6)) == []
