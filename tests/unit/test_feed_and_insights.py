"""The people side worked out from dated events: the team's flags, check-ins due, the
recognition feed and its filters, and how long ago something was. Always a fixed `now`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from teamboard.domain.events import CheckInKind, Stage
from teamboard.domain.fold import fold
from teamboard.domain.state import BoardState
from teamboard.views.feed import FeedItem, FeedKind, ago, feed_items, filter_feed
from teamboard.views.people import TOO_MANY_TO_SUPPORT, PersonFacts, PersonFlag, people_facts

from .factories import EXP, T0, Log, day, logs, team

SOON, LONG = CheckInKind.SOON_AFTER, CheckInKind.LONG_TERM


def facts_of(state: BoardState, member: str, now) -> PersonFacts:
    (found,) = [p for p in people_facts(state, now) if p.member.id == member]
    return found


# --- flags ------------------------------------------------------------------------------


def test_people_are_sorted_by_name_and_every_member_has_an_entry() -> None:
    a, b, c = Log("zed"), Log("amy"), Log("bea")
    state = fold([a.join(0, "zed"), b.join(0, "Amy"), c.join(0, "bea")], founder="zed")
    assert [p.member.name for p in people_facts(state, day(1))] == ["Amy", "bea", "zed"]


def test_an_experiment_without_a_supporter_flags_its_owner_until_someone_supports_it() -> None:
    _, _, cyd = logs()
    state = team()
    bob = facts_of(state, "bob", day(2))
    assert [e.id for e in bob.unsupported] == [EXP]
    assert PersonFlag.UNSUPPORTED in bob.flags
    assert bob.supported_by == []

    state = team(cyd.support(day(2), EXP, "cyd"))
    bob = facts_of(state, "bob", day(3))
    assert bob.unsupported == []
    assert PersonFlag.UNSUPPORTED not in bob.flags
    assert bob.supported_by == ["cyd"]
    assert [e.id for e in facts_of(state, "cyd", day(3)).supports] == [EXP]


def test_a_removed_supporter_brings_the_flag_back() -> None:
    _, _, cyd = logs()
    state = team(cyd.support(day(2), EXP, "cyd"), cyd.unsupport(day(3), EXP, "cyd"))
    bob = facts_of(state, "bob", day(4))
    assert PersonFlag.UNSUPPORTED in bob.flags
    assert bob.supported_by == []
    cyd_facts = facts_of(state, "cyd", day(4))
    assert cyd_facts.supports == []
    assert PersonFlag.SUPPORTS_NOBODY in cyd_facts.flags


def test_a_person_without_experiments_is_not_flagged_as_unsupported() -> None:
    cyd = facts_of(team(), "cyd", day(2))
    assert cyd.experiments == []
    assert PersonFlag.UNSUPPORTED not in cyd.flags


def test_supporting_nobody_is_flagged_and_supporting_one_clears_it() -> None:
    _, _, cyd = logs()
    state = team()
    assert PersonFlag.SUPPORTS_NOBODY in facts_of(state, "cyd", day(2)).flags
    state = team(cyd.support(day(2), EXP, "cyd"))
    assert PersonFlag.SUPPORTS_NOBODY not in facts_of(state, "cyd", day(3)).flags
    # bob, whose experiment is supported, still supports nobody himself.
    assert PersonFlag.SUPPORTS_NOBODY in facts_of(state, "bob", day(3)).flags


def test_an_owner_asking_a_colleague_counts_for_the_colleague() -> None:
    _, bob, _ = logs()
    state = team(bob.support(day(2), EXP, "cyd"))
    assert [e.id for e in facts_of(state, "cyd", day(3)).supports] == [EXP]
    assert facts_of(state, "bob", day(3)).supported_by == ["cyd"]


def test_praise_exactly_30_days_ago_is_recent_and_a_minute_more_is_not() -> None:
    ann, _, _ = logs()
    state = team(ann.praise(day(10), "bob", EXP))
    at_edge = facts_of(state, "bob", day(40))
    assert at_edge.praise_30_days == 1
    assert PersonFlag.NO_RECENT_PRAISE not in at_edge.flags

    past_edge = facts_of(state, "bob", day(40, minutes=1))
    assert past_edge.praise_30_days == 0
    assert PersonFlag.NO_RECENT_PRAISE in past_edge.flags


def test_praise_counts_only_for_the_person_praised() -> None:
    ann, _, _ = logs()
    state = team(ann.praise(day(10), "bob"), ann.praise(day(11), "bob"))
    assert facts_of(state, "bob", day(12)).praise_30_days == 2
    cyd = facts_of(state, "cyd", day(12))
    assert cyd.praise_30_days == 0
    assert PersonFlag.NO_RECENT_PRAISE in cyd.flags
    # Giving praise is not getting it.
    assert PersonFlag.NO_RECENT_PRAISE in facts_of(state, "ann", day(12)).flags


def test_supporting_five_experiments_is_too_many_and_four_is_not() -> None:
    assert TOO_MANY_TO_SUPPORT == 4
    _, bob, cyd = logs()
    ids = [f"many{i}" for i in range(5)]
    created = [bob.create(day(2), i, f"Try {i}") for i in ids]
    four = [cyd.support(day(3), i, "cyd") for i in ids[:4]]
    state = team(*created, *four)
    cyd_facts = facts_of(state, "cyd", day(4))
    assert len(cyd_facts.supports) == 4
    assert PersonFlag.SUPPORTS_TOO_MANY not in cyd_facts.flags

    fifth = cyd.support(day(3, hours=1), ids[4], "cyd")
    state = team(*created, *four, fifth)
    cyd_facts = facts_of(state, "cyd", day(4))
    assert len(cyd_facts.supports) == 5
    assert PersonFlag.SUPPORTS_TOO_MANY in cyd_facts.flags


def test_experiments_are_grouped_by_stage_and_supports_are_counted() -> None:
    _, bob, cyd = logs()
    state = team(
        bob.create(day(2), "second", "Second"),
        bob.move(day(3), "second", "practice"),
        cyd.support(day(3), "second", "cyd"),
    )
    bob_facts = facts_of(state, "bob", day(4))
    assert [e.id for e in bob_facts.by_stage[Stage.GOAL]] == [EXP]
    assert [e.id for e in bob_facts.by_stage[Stage.PRACTICE]] == ["second"]
    assert bob_facts.by_stage[Stage.REFLECTION] == bob_facts.by_stage[Stage.SUCCESS] == []
    assert [e.id for e in bob_facts.experiments] == [EXP, "second"]
    assert [e.id for e in bob_facts.unsupported] == [EXP]


# --- check-ins due ----------------------------------------------------------------------


def due_of(state: BoardState, now) -> list[tuple[str, CheckInKind, bool]]:
    bob = facts_of(state, "bob", now)
    return [(e.id, d.kind, d.overdue) for e, d in bob.check_ins_due]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (day(15) - timedelta(minutes=1), []),
        (day(15), [(EXP, SOON, False)]),
        (day(29) - timedelta(minutes=1), [(EXP, SOON, False)]),
        (day(29), [(EXP, SOON, True)]),
        (day(91) - timedelta(minutes=1), [(EXP, SOON, True)]),
        (day(91), [(EXP, SOON, True), (EXP, LONG, False)]),
        (day(105) - timedelta(minutes=1), [(EXP, SOON, True), (EXP, LONG, False)]),
        (day(105), [(EXP, SOON, True), (EXP, LONG, True)]),
    ],
    ids=[
        "13d23h59m",
        "14d-due",
        "27d23h59m",
        "28d-overdue",
        "89d23h59m",
        "90d-long-due",
        "103d23h59m",
        "104d-long-overdue",
    ],
)
def test_check_ins_fall_due_and_overdue_at_their_boundaries(now, expected) -> None:
    # EXP was created at day(1): soon-after due at 14 days, long-term at 90, overdue 14 later.
    assert due_of(team(), now) == expected


def test_the_due_dates_are_14_and_90_days_after_creation() -> None:
    bob = facts_of(team(), "bob", day(200))
    assert [(d.kind, d.due_on) for _, d in bob.check_ins_due] == [
        (SOON, day(15).date()),
        (LONG, day(91).date()),
    ]


def test_a_held_check_in_clears_its_kind_only() -> None:
    ann, bob, _ = logs()
    soon_held = team(ann.check_in(day(20), EXP, "soon-after"))
    assert due_of(soon_held, day(30)) == []
    assert due_of(soon_held, day(105)) == [(EXP, LONG, True)]

    both_held = team(
        bob.check_in(day(20), EXP, "soon-after"), bob.check_in(day(95), EXP, "long-term")
    )
    assert due_of(both_held, day(300)) == []


def test_a_long_term_check_in_held_early_holds_neither_kind() -> None:
    # Four days after the start (kept from a board before the rule): too early to hold
    # the long-term check-in, which is still due at three months, as the soon-after one.
    _, bob, _ = logs()
    state = team(bob.check_in(day(5), EXP, "long-term"))
    assert due_of(state, day(200)) == [(EXP, SOON, True), (EXP, LONG, True)]


def test_check_ins_due_are_sorted_by_due_date_across_experiments() -> None:
    _, bob, _ = logs()
    state = team(bob.create(day(50), "later", "Later"))
    bob_facts = facts_of(state, "bob", day(200))
    assert [(e.id, d.kind, d.due_on) for e, d in bob_facts.check_ins_due] == [
        (EXP, SOON, day(15).date()),
        ("later", SOON, day(64).date()),
        (EXP, LONG, day(91).date()),
        ("later", LONG, day(140).date()),
    ]


# --- the feed ---------------------------------------------------------------------------


def success_story() -> BoardState:
    """bob's EXP goes to Success at day 8, back to Reflection at 9 and to Success again at 10;
    practice at days 2 and 4; cyd's note at day 3; ann's praise at days 5 and 11; ann owns
    an experiment too, with a note from bob at day 6."""
    ann, bob, cyd = logs()
    return team(
        bob.move(day(1, hours=1), EXP, "practice"),
        bob.practice(day(2), EXP, "first try"),
        cyd.note(day(3), EXP, "I can review it"),
        bob.practice(day(4), EXP, "second try"),
        ann.praise(day(5), "bob", EXP, "Brave start", "effort"),
        ann.create(day(5, hours=1), "annexp", "Delegate"),
        bob.note(day(6), "annexp", "Ask me"),
        bob.move(day(7), EXP, "reflection"),
        bob.reflect_fully(day(7, hours=1), EXP),
        bob.move(day(8), EXP, "success"),
        bob.move(day(9), EXP, "reflection"),
        bob.move(day(10), EXP, "success"),
        ann.praise(day(11), "cyd", None, "Thanks for the reviews", "result"),
    )


def summary(items: list[FeedItem]) -> list[tuple[str, str | None, str, str]]:
    return [(item.kind.value, item.who, item.about, item.text) for item in items]


def test_the_feed_is_newest_first_with_each_milestone_once() -> None:
    items = feed_items(success_story())
    assert summary(items) == [
        ("praise", "ann", "cyd", "Thanks for the reviews"),
        ("milestone", None, "bob", "reached Success"),
        ("support note", "bob", "ann", "Ask me"),
        ("praise", "ann", "bob", "Brave start"),
        ("support note", "cyd", "bob", "I can review it"),
        ("milestone", None, "bob", "logged a first practice"),
    ]
    assert [item.at for item in items] == [day(11), day(8), day(6), day(5), day(3), day(2)]
    praise = items[3]
    assert (praise.experiment_id, praise.detail) == (EXP, "effort")
    assert items[0].experiment_id is None and items[0].detail == "result"


def test_the_first_practice_is_the_earliest_one_whatever_the_order_logged() -> None:
    _, bob, _ = logs()
    state = team(
        bob.move(day(1, hours=1), EXP, "practice"),
        bob.practice(day(2), EXP, "first"),
        bob.practice(day(3), EXP, "second"),
    )
    (milestone,) = feed_items(state)
    assert (milestone.text, milestone.at) == ("logged a first practice", day(2))


def test_an_empty_board_has_an_empty_feed() -> None:
    assert feed_items(team()) == []


def test_the_feed_filters_by_kind() -> None:
    items = feed_items(success_story())
    assert summary(filter_feed(items, kind=FeedKind.PRAISE)) == [
        ("praise", "ann", "cyd", "Thanks for the reviews"),
        ("praise", "ann", "bob", "Brave start"),
    ]
    assert [i.text for i in filter_feed(items, kind=FeedKind.NOTE)] == ["Ask me", "I can review it"]
    assert [i.text for i in filter_feed(items, kind=FeedKind.MILESTONE)] == [
        "reached Success",
        "logged a first practice",
    ]
    assert filter_feed(items) == items


def test_the_member_filter_keeps_what_they_wrote_and_what_is_about_them() -> None:
    items = feed_items(success_story())
    # cyd: the note she wrote and the praise she got.
    assert [i.text for i in filter_feed(items, member="cyd")] == [
        "Thanks for the reviews",
        "I can review it",
    ]
    # ann: the praise she wrote and the note on her experiment; not bob's milestones.
    assert [i.text for i in filter_feed(items, member="ann")] == [
        "Thanks for the reviews",
        "Ask me",
        "Brave start",
    ]
    # bob: all but ann's praise of cyd.
    assert len(filter_feed(items, member="bob")) == len(items) - 1
    assert filter_feed(items, member="nobody") == []


def test_about_me_keeps_only_what_is_about_me_not_what_i_wrote() -> None:
    items = feed_items(success_story())
    assert [i.text for i in filter_feed(items, about_me="ann")] == ["Ask me"]
    assert [i.text for i in filter_feed(items, about_me="cyd")] == ["Thanks for the reviews"]
    assert [i.text for i in filter_feed(items, about_me="bob")] == [
        "reached Success",
        "Brave start",
        "I can review it",
        "logged a first practice",
    ]


def test_filters_combine() -> None:
    items = feed_items(success_story())
    assert [i.text for i in filter_feed(items, kind=FeedKind.PRAISE, member="bob")] == [
        "Brave start"
    ]
    assert filter_feed(items, kind=FeedKind.NOTE, about_me="cyd") == []
    assert [
        i.text for i in filter_feed(items, kind=FeedKind.NOTE, member="bob", about_me="ann")
    ] == ["Ask me"]


# --- how long ago -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=5, seconds=30), "5 minutes ago"),
        (timedelta(minutes=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=23, minutes=59), "23 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=1, hours=23), "1 day ago"),
        (timedelta(days=2), "2 days ago"),
        (timedelta(days=6), "6 days ago"),
        (timedelta(days=7), "1 week ago"),
        (timedelta(days=14), "2 weeks ago"),
        (timedelta(days=29), "4 weeks ago"),
        (timedelta(days=30), "1 month ago"),
        (timedelta(days=75), "2 months ago"),
        (timedelta(days=365), "1 year ago"),
        (timedelta(days=800), "2 years ago"),
        (-timedelta(seconds=30), "just now"),
        (-timedelta(minutes=1), "in 1 minute"),
        (-timedelta(days=2), "in 2 days"),
        (-timedelta(days=21), "in 3 weeks"),
    ],
)
def test_ago_wording(delta: timedelta, words: str) -> None:
    now = T0 + timedelta(days=1000)
    assert ago(now - delta, now) == words
