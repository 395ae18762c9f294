"""Asking a colleague to support an experiment: the owner's request, which the person asked
accepts (their own support_added) or declines (support_declined) in their own log. Only
their answer makes a supporter, and only a colleague's own offer or acceptance answers a
call for help. Old boards, where the owner wrote support_added for someone, fold as before."""

from __future__ import annotations

import pytest

from teamboard.domain import actions
from teamboard.domain.events import parse_event
from teamboard.domain.rules import check_new_event
from teamboard.domain.state import Refused
from teamboard.views.feed import ACTIVITY, FeedKind, feed_items, plain_headline
from teamboard.views.notices import notices_for, requests_waiting
from teamboard.views.standup import changes_since, since_last_standup, turn_of

from .factories import EXP, accept, day, logs, refuse, team


def test_the_owners_request_makes_no_supporter_until_the_person_asked_says_yes() -> None:
    _, bob, cyd = logs()
    state = team(bob.request_support(2, EXP, "cyd"))
    e = state.experiments[EXP]
    assert e.supporters == {}
    (request,) = e.support_requests
    assert (request.supporter, request.asked_by, request.at) == ("cyd", "bob", day(2))
    assert e.waiting_for("cyd") is request and request.accepted is None
    accept(state, cyd.support(3, EXP, "cyd"))  # her own support: yes
    link = e.supporters["cyd"]
    assert (link.added_by, link.at) == ("bob", day(3))  # asked by Bob, since she said yes
    assert (request.accepted, request.answered_at) == (True, day(3))
    assert e.waiting_for("cyd") is None


def test_the_person_asked_declines_in_their_own_log() -> None:
    _, bob, cyd = logs()
    state = team(bob.request_support(2, EXP, "cyd"), cyd.decline_support(3, EXP))
    e = state.experiments[EXP]
    (request,) = e.support_requests
    assert (request.accepted, request.answered_at) == (False, day(3))
    assert e.supporters == {} and e.waiting_for("cyd") is None
    assert "nobody asked you to support this" in refuse(state, cyd.decline_support(4, EXP))
    accept(state, bob.request_support(5, EXP, "cyd"))  # asked again, later
    assert e.waiting_for("cyd") is not None


def test_who_may_ask_and_whom() -> None:
    ann, bob, cyd = logs()
    state = team()
    assert "you can add yourself as a supporter" in refuse(
        state, ann.request_support(2, EXP, "cyd")
    )
    assert "own supporter" in refuse(state, bob.request_support(2, EXP, "bob"))
    assert "no member 'dan'" in refuse(state, bob.request_support(2, EXP, "dan"))
    accept(state, bob.request_support(2, EXP, "cyd"))
    assert "waiting for Cyd's answer" in refuse(state, bob.request_support(3, EXP, "cyd"))
    accept(state, cyd.support(4, EXP, "cyd"))
    assert "Cyd supports this already" in refuse(state, bob.request_support(5, EXP, "cyd"))
    assert "nobody asked you" in refuse(state, ann.decline_support(5, EXP))
    accept(state, bob.event("experiment_withdrawn", 6, experiment_id=EXP))
    assert "withdrawn" in refuse(state, bob.request_support(7, EXP, "ann"))


def test_the_owners_request_never_answers_a_call_for_help() -> None:
    _, bob, cyd = logs()
    state = team(bob.ask_help(2, EXP, "a reviewer"), bob.request_support(3, EXP, "cyd"))
    e = state.experiments[EXP]
    assert e.help is not None and e.help.ask == "a reviewer"
    accept(state, cyd.decline_support(4, EXP))
    assert e.help is not None  # a no is not an answer either
    accept(state, bob.request_support(5, EXP, "cyd"))
    accept(state, cyd.support(6, EXP, "cyd"))
    assert e.help is None
    (ask,) = e.help_asks
    assert (ask.answered, ask.cleared_by, ask.cleared_at) == (True, "cyd", day(6))


def test_an_old_board_where_the_owner_added_a_supporter_folds_as_before() -> None:
    """Before requests, the owner wrote support_added for a colleague: that colleague is a
    supporter (as the board showed then), but the owner's own event never answered her
    call for help."""
    _, bob, _ = logs()
    state = team(bob.ask_help(2, EXP, "a reviewer"), bob.support(3, EXP, "cyd"))
    e = state.experiments[EXP]
    assert not state.rejected
    assert e.supporters["cyd"].added_by == "bob"
    assert e.help is not None and e.help.ask == "a reviewer"


def test_a_new_event_of_the_old_form_is_refused_at_the_write_path() -> None:
    """The fold reads the old form; nobody writes it any more: the owner asks instead."""
    state = team()
    e = state.experiments[EXP]
    with pytest.raises(Refused, match="Cyd decides: ask them"):
        check_new_event(state, "bob", actions.support(e.id, "cyd"))
    check_new_event(state, "cyd", actions.support(e.id, "cyd"))  # her own offer
    check_new_event(state, "bob", actions.request_support(e.id, "cyd"))
    assert parse_event(
        {"id": "x", "at": day(2), "author": "cyd", "seq": 0} | actions.decline_support(e.id)
    )


def test_the_activity_log_says_who_asked_whom_and_the_answer() -> None:
    ann, bob, cyd = logs()
    state = team(
        bob.request_support(2, EXP, "cyd"),
        cyd.decline_support(3, EXP),
        bob.request_support(4, EXP, "ann"),
        ann.support(5, EXP, "ann"),
    )
    items = feed_items(state, kinds=ACTIVITY)
    said = [
        plain_headline(i, state) for i in items if i.kind in (FeedKind.REQUEST, FeedKind.SUPPORT)
    ]
    assert said == [
        "Ann supports it, asked by Bob",
        "Bob asked Ann to support it",
        "Cyd declined to support it",
        "Bob asked Cyd to support it",
    ]
    asked = next(i for i in items if i.kind is FeedKind.REQUEST)
    assert asked.concerns("ann") and asked.concerns("bob")


def test_clearing_a_call_for_help_leaves_an_entry_in_the_feed() -> None:
    _, bob, _ = logs()
    state = team(
        bob.ask_help(2, EXP, "a reviewer"), bob.ask_help(3, EXP, "two"), bob.clear_help(4, EXP)
    )
    cleared = [i for i in feed_items(state) if i.kind is FeedKind.CORRECTION]
    assert [(plain_headline(i, state), i.at) for i in cleared] == [
        ("Bob cleared the call for help", day(4))
    ]


def test_the_person_asked_hears_of_it_and_the_owner_of_the_answer() -> None:
    _, bob, cyd = logs()
    asked = bob.request_support(2, EXP, "cyd")
    state = team(asked)
    event = parse_event(asked)
    assert notices_for("cyd", [event], state) == [
        "Bob asked you to support “Try it”: s on its screen says yes, N says no"
    ]
    assert notices_for("ann", [event], state) == []
    assert requests_waiting("cyd", state) == [
        "Bob asked you to support “Try it”: s on its screen says yes, N says no"
    ]
    declined = cyd.decline_support(3, EXP)
    accept(state, declined)
    assert notices_for("bob", [parse_event(declined)], state) == [
        "Cyd declined to support “Try it”"
    ]
    assert requests_waiting("cyd", state) == []
    accept(state, bob.request_support(4, EXP, "cyd"))
    yes = cyd.support(5, EXP, "cyd")
    accept(state, yes)
    assert notices_for("bob", [parse_event(yes)], state) == ["Cyd now supports “Try it”"]


def test_the_stand_up_turn_of_the_person_asked_holds_the_request() -> None:
    _, bob, cyd = logs()
    state = team(bob.request_support(2, EXP, "cyd"), cyd.create(2, "cydexp01"))
    now = day(3)
    changes = changes_since(state, since_last_standup(state, now))
    (asked,) = turn_of(state, now, changes, "cyd").asked
    assert (asked.experiment.id, asked.request.asked_by) == (EXP, "bob")
    assert turn_of(state, now, changes, "ann").asked == []
    accept(state, cyd.decline_support(4, EXP))
    assert turn_of(state, now, changes, "cyd").asked == []
