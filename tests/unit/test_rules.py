"""The rules in board.apply: who may do what, and what a refusal leaves behind (nothing)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from teamboard.domain.events import Role, Stage, parse_event
from teamboard.domain.fold import StoredEvent, apply, fold, judge, order_key
from teamboard.domain.state import BoardState, Refused

from .factories import FULL_REFLECTION, Log, accept, day, dump, reasons, refuse

EXP = "bexp0001"


@pytest.fixture
def logs() -> SimpleNamespace:
    return SimpleNamespace(ann=Log("ann"), bob=Log("bob"), cyd=Log("cyd"), dan=Log("dan"))


@pytest.fixture
def team(logs: SimpleNamespace) -> BoardState:
    """ann founded the board (manager); bob and cyd are employees; bob owns EXP (in Goal)."""
    return fold(
        [
            logs.ann.join(0, "Ann"),
            logs.bob.join(0, "Bob"),
            logs.cyd.join(0, "Cyd"),
            logs.bob.create(1, EXP, "Ask open questions"),
        ],
        founder="ann",
    )


def in_stage(state: BoardState, logs: SimpleNamespace, stage: Stage) -> BoardState:
    """Walk EXP forward to `stage` the legal way (practice, full reflection)."""
    path = [Stage.PRACTICE, Stage.REFLECTION, Stage.SUCCESS][: stage.position]
    for i, to in enumerate(path):
        if to is Stage.REFLECTION:
            accept(state, logs.bob.practice(day(2, hours=i), EXP))
        if to is Stage.SUCCESS:
            accept(state, logs.bob.reflect_fully(day(2, hours=i), EXP))
        accept(state, logs.bob.move(day(2, hours=i, minutes=1), EXP, to.value))
    assert state.experiments[EXP].stage is stage
    return state


# --- members and roles --------------------------------------------------------------------


def test_the_founder_becomes_manager_and_everyone_else_employee(team: BoardState) -> None:
    assert team.members["ann"].role is Role.MANAGER
    assert team.members["bob"].role is Role.EMPLOYEE
    assert team.members["cyd"].role is Role.EMPLOYEE
    assert team.rejected == []


def test_without_a_founder_nobody_is_manager(logs: SimpleNamespace) -> None:
    state = fold([logs.ann.join(0), logs.bob.join(0)])
    assert {m.role for m in state.members.values()} == {Role.EMPLOYEE}


def test_the_founder_is_manager_whenever_they_join(logs: SimpleNamespace) -> None:
    state = fold([logs.bob.join(0), logs.ann.join(5)], founder="ann")
    assert state.members["ann"].role is Role.MANAGER
    assert state.members["bob"].role is Role.EMPLOYEE


def test_joining_again_renames_and_keeps_role_and_join_time(team: BoardState, logs) -> None:
    accept(team, logs.ann.join(3, "Ann Smith"))
    ann = team.members["ann"]
    assert (ann.name, ann.role, ann.joined_at) == ("Ann Smith", Role.MANAGER, day(0))


@pytest.mark.parametrize(
    "build",
    [
        lambda dan: dan.create(2, "danexp1"),
        lambda dan: dan.move(2, EXP, "practice"),
        lambda dan: dan.support(2, EXP, "dan"),
        lambda dan: dan.note(2, EXP),
        lambda dan: dan.check_in(2, EXP, "soon-after"),
        lambda dan: dan.praise(2, "bob"),
        lambda dan: dan.set_role(2, "bob", "manager"),
    ],
    ids=["create", "move", "support", "note", "check-in", "praise", "role"],
)
def test_members_must_join_first(team: BoardState, logs, build) -> None:
    refuse(team, build(logs.dan))


def test_an_event_before_the_join_is_rejected_in_the_fold(logs: SimpleNamespace) -> None:
    early = logs.dan.create(1, "danexp1")
    state = fold([logs.ann.join(0), early, logs.dan.join(2), logs.dan.create(3, "danexp2")], "ann")
    assert set(state.experiments) == {"danexp2"}
    assert "has not joined" in reasons(state)[early["id"]]


def test_a_manager_sets_roles(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.ann.set_role(2, "bob", "manager"))
    assert team.members["bob"].role is Role.MANAGER
    # The new manager may now set roles too, and demote the founder.
    accept(team, logs.bob.set_role(3, "ann", "employee"))
    assert team.members["ann"].role is Role.EMPLOYEE


def test_an_employee_cannot_set_roles(team: BoardState, logs: SimpleNamespace) -> None:
    assert "only a manager may set roles" in refuse(team, logs.bob.set_role(2, "bob", "manager"))
    assert "only a manager" in refuse(team, logs.bob.set_role(2, "ann", "employee"))


def test_the_last_manager_cannot_step_down(team: BoardState, logs: SimpleNamespace) -> None:
    assert "at least one manager" in refuse(team, logs.ann.set_role(2, "ann", "employee"))
    accept(team, logs.ann.set_role(3, "cyd", "manager"))
    accept(team, logs.ann.set_role(4, "ann", "employee"))
    assert [m.id for m in team.members.values() if m.role is Role.MANAGER] == ["cyd"]
    assert "at least one manager" in refuse(team, logs.cyd.set_role(5, "cyd", "employee"))


def test_a_role_for_a_non_member_is_refused(team: BoardState, logs: SimpleNamespace) -> None:
    assert "no member 'dan'" in refuse(team, logs.ann.set_role(2, "dan", "manager"))


def test_an_unknown_role_fails_validation(logs: SimpleNamespace) -> None:
    bad = logs.ann.set_role(1, "ann", "king")
    state = fold([logs.ann.join(0), bad], founder="ann")
    assert "role" in reasons(state)[bad["id"]]
    assert state.members["ann"].role is Role.MANAGER


# --- creating and editing the plan ----------------------------------------------------------


def test_creating_an_experiment(team: BoardState) -> None:
    experiment = team.experiments[EXP]
    assert experiment.owner == "bob"
    assert experiment.stage is Stage.GOAL
    assert experiment.created_at == day(1)
    assert [(v.stage, v.at) for v in experiment.history] == [(Stage.GOAL, day(1))]


def test_an_experiment_id_is_used_once(team: BoardState, logs: SimpleNamespace) -> None:
    assert "exists already" in refuse(team, logs.cyd.create(2, EXP, "Mine now"))
    assert team.experiments[EXP].owner == "bob"


def test_confidence_given_at_creation_is_recorded(logs: SimpleNamespace) -> None:
    state = fold([logs.bob.join(0), logs.bob.create(1, "e1", confidence=2)])
    assert state.experiments["e1"].current_confidence == 2


def test_only_the_owner_edits_the_plan(team: BoardState, logs: SimpleNamespace) -> None:
    reason = refuse(team, logs.ann.edit(2, EXP, why_me="because I say so"))
    assert "only Bob (the owner)" in reason
    assert "only Bob" in refuse(team, logs.cyd.edit(2, EXP, title="Cyd's now"))
    accept(team, logs.bob.edit(2, EXP, why_me="I run the retros"))
    assert team.experiments[EXP].plan.why_me == "I run the retros"


def test_edits_of_different_fields_both_apply(logs: SimpleNamespace) -> None:
    bob = logs.bob
    events = [
        bob.join(0),
        bob.create(1, EXP, "Old title", plan={"why_me": "old", "team_goals": "keep"}),
        bob.edit(2, EXP, why_me="new why"),
        bob.edit(2, EXP, must_deliver="a retro format"),  # same time, later seq
        bob.edit(2, EXP, title="New title"),
    ]
    for order in (events, events[::-1]):
        experiment = fold(order).experiments[EXP]
        assert experiment.title == "New title"
        assert experiment.plan.why_me == "new why"
        assert experiment.plan.must_deliver == "a retro format"
        assert experiment.plan.team_goals == "keep"


def test_the_later_edit_of_a_field_wins_by_time_not_by_file_order(logs: SimpleNamespace) -> None:
    ann, bob = logs.ann, logs.bob
    join, create = bob.join(0), bob.create(1, EXP)
    ann_join = ann.join(0)
    # Two writers: the fold orders by time, whatever order the files are read in.
    later = bob.edit(5, EXP, why_me="later")
    earlier = ann.edit(3, EXP, why_me="earlier")  # refused (not the owner), but judged first
    for order in ([ann_join, join, create, later, earlier], [earlier, later, create, join]):
        assert fold(order).experiments[EXP].plan.why_me == "later"


def test_a_persons_own_log_wins_over_their_clock(logs: SimpleNamespace) -> None:
    """An edit written after another (higher seq) wins, even when its clock says earlier:
    the earlier-written event counts at the later one's time."""
    bob = logs.bob
    join, create = bob.join(0), bob.create(1, EXP)
    first = bob.edit(5, EXP, why_me="written first")
    second = bob.edit(3, EXP, why_me="written second")  # a clock that went back
    first["seq"], second["seq"] = 2, 3
    for order in ([join, create, first, second], [second, first, create, join]):
        state = fold(order)
        assert state.experiments[EXP].plan.why_me == "written second"
        assert state.rejected == []


def test_the_later_edit_of_a_field_wins_by_seq_on_a_time_tie(logs: SimpleNamespace) -> None:
    bob = logs.bob
    events = [
        bob.join(0),
        bob.create(1, EXP),
        bob.edit(3, EXP, title="first"),
        bob.edit(3, EXP, title="second"),
    ]
    assert fold(events).experiments[EXP].title == "second"
    assert fold(events[::-1]).experiments[EXP].title == "second"


def test_an_edit_of_opportunity_and_target_date(team: BoardState, logs: SimpleNamespace) -> None:
    accept(
        team,
        logs.bob.edit(
            2, EXP, opportunity={"kind": "project", "what": "Q3 retro"}, target_date="2024-06-01"
        ),
    )
    experiment = team.experiments[EXP]
    assert experiment.opportunity is not None
    assert (experiment.opportunity.kind.value, experiment.opportunity.what) == (
        "project",
        "Q3 retro",
    )
    assert experiment.target_date.isoformat() == "2024-06-01"


def test_a_blank_title_fails_validation(team: BoardState, logs: SimpleNamespace) -> None:
    bad = logs.bob.edit(2, EXP, title="   ")
    state = fold([*logs.ann.events, *logs.bob.events, *logs.cyd.events], founder="ann")
    assert "title" in reasons(state)[bad["id"]]
    assert state.experiments[EXP].title == "Ask open questions"


def test_editing_an_unknown_experiment_is_refused(team: BoardState, logs: SimpleNamespace) -> None:
    assert "no experiment 'nope'" in refuse(team, logs.bob.edit(2, "nope", title="x"))


# --- moving a card ------------------------------------------------------------------------------


def test_moves_go_one_stage_forward(team: BoardState, logs: SimpleNamespace) -> None:
    in_stage(team, logs, Stage.SUCCESS)
    assert [v.stage for v in team.experiments[EXP].history] == list(Stage)


@pytest.mark.parametrize("to", ["reflection", "success"])
def test_a_move_cannot_skip_a_stage(team: BoardState, logs: SimpleNamespace, to: str) -> None:
    reason = refuse(team, logs.bob.move(2, EXP, to))
    assert "one stage at a time" in reason
    assert "Goal can go to Practice" in reason


def test_a_move_cannot_skip_back(team: BoardState, logs: SimpleNamespace) -> None:
    in_stage(team, logs, Stage.REFLECTION)
    reason = refuse(team, logs.bob.move(3, EXP, "goal"))
    assert "one stage at a time" in reason
    assert "Practice or Success" in reason


def test_a_move_to_the_same_stage_is_refused(team: BoardState, logs: SimpleNamespace) -> None:
    assert "already in Goal" in refuse(team, logs.bob.move(2, EXP, "goal"))


def test_moves_go_one_stage_back(team: BoardState, logs: SimpleNamespace) -> None:
    in_stage(team, logs, Stage.SUCCESS)
    for i, to in enumerate(["reflection", "practice", "goal"]):
        accept(team, logs.bob.move(day(4, hours=i), EXP, to))
    assert team.experiments[EXP].stage is Stage.GOAL


def test_reflection_needs_a_practice_entry(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.bob.move(2, EXP, "practice"))
    reason = refuse(team, logs.bob.move(3, EXP, "reflection"))
    assert "log at least one practice before moving to Reflection" in reason
    accept(team, logs.bob.practice(3, EXP))
    accept(team, logs.bob.move(3, EXP, "reflection"))


def test_practice_logged_while_in_goal_counts(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.bob.practice(2, EXP))
    accept(team, logs.bob.move(3, EXP, "practice"))
    accept(team, logs.bob.move(3, EXP, "reflection"))


def test_success_needs_a_reflection_with_all_four_answers(team, logs) -> None:
    in_stage(team, logs, Stage.REFLECTION)
    assert "all four questions" in refuse(team, logs.bob.move(4, EXP, "success"))
    partial = {**FULL_REFLECTION, "next_time": ""}
    accept(team, logs.bob.reflect(4, EXP, "r1", **partial))
    assert "all four questions" in refuse(team, logs.bob.move(4, EXP, "success"))
    accept(team, logs.bob.reflect(4, EXP, "r1", **{**FULL_REFLECTION, "next_time": "   "}))
    assert "all four questions" in refuse(team, logs.bob.move(4, EXP, "success"))
    # Revising the same reflection with all four answers opens the way.
    accept(team, logs.bob.reflect(5, EXP, "r1", **FULL_REFLECTION))
    assert len(team.experiments[EXP].reflections) == 1
    accept(team, logs.bob.move(5, EXP, "success"))


def test_only_the_owner_or_a_manager_moves(team: BoardState, logs: SimpleNamespace) -> None:
    reason = refuse(team, logs.cyd.move(2, EXP, "practice"))
    assert reason == "only the owner or a manager may move an experiment"
    assert "only the owner or a manager" in refuse(team, logs.dan.move(2, EXP, "practice"))
    accept(team, logs.ann.move(2, EXP, "practice"))
    assert team.experiments[EXP].history[-1].stage is Stage.PRACTICE


def test_a_refused_move_is_listed_with_its_reason_in_the_fold(logs: SimpleNamespace) -> None:
    bob = logs.bob
    skip = bob.move(2, EXP, "success")
    state = fold([bob.join(0), bob.create(1, EXP), skip, bob.move(3, EXP, "practice")])
    (rejected,) = state.rejected
    assert (rejected.event_id, rejected.author, rejected.type) == (skip["id"], "bob", "stage_moved")
    assert "one stage at a time" in rejected.reason
    assert state.experiments[EXP].stage is Stage.PRACTICE


def test_moving_an_unknown_experiment_is_refused(team: BoardState, logs: SimpleNamespace) -> None:
    assert "no experiment" in refuse(team, logs.bob.move(2, "nope", "practice"))


def test_an_unknown_stage_fails_validation(logs: SimpleNamespace) -> None:
    bad = logs.bob.move(2, EXP, "done")
    state = fold([logs.bob.join(0), logs.bob.create(1, EXP), bad])
    assert "to" in reasons(state)[bad["id"]]


# --- practice, reflection, confidence: the owner's own ---------------------------------------


@pytest.mark.parametrize("who", ["ann", "cyd"])
def test_practice_reflection_and_confidence_are_the_owners(team, logs, who: str) -> None:
    author = getattr(logs, who)
    assert "only Bob (the owner) may log practice" in refuse(team, author.practice(2, EXP))
    assert "only Bob (the owner) may reflect" in refuse(team, author.reflect_fully(2, EXP))
    assert "only Bob (the owner) may rate confidence" in refuse(team, author.rate(2, EXP, 3))


def test_the_owner_logs_practice_reflections_and_confidence(team, logs) -> None:
    bob = logs.bob
    accept(team, bob.practice(day(2), EXP, "asked in stand-up", on=day(1).date()))
    accept(team, bob.reflect(day(3), EXP, "r1", wanted="ask more"))
    accept(team, bob.rate(day(3), EXP, 2))
    accept(team, bob.rate(day(4), EXP, 4))
    experiment = team.experiments[EXP]
    (entry,) = experiment.practice
    assert (entry.what, entry.at, entry.on) == ("asked in stand-up", day(2), day(1).date())
    assert [r.wanted for r in experiment.reflections] == ["ask more"]
    assert [(c.value, c.at) for c in experiment.confidence] == [(2, day(3)), (4, day(4))]
    assert experiment.current_confidence == 4


def test_a_reflection_needs_at_least_one_answer(team, logs) -> None:
    assert "at least one answer" in refuse(team, logs.bob.reflect(2, EXP))


def test_a_reflection_of_only_blanks_has_no_answer(team, logs) -> None:
    assert "at least one answer" in refuse(team, logs.bob.reflect(2, EXP, wanted="   ", did="\n"))


@pytest.mark.parametrize("value", [0, 9, -1, "high"])
def test_confidence_out_of_range_fails_validation(logs: SimpleNamespace, value) -> None:
    bob = logs.bob
    bad = bob.rate(2, EXP, value)
    good = bob.rate(3, EXP, 5)
    state = fold([bob.join(0), bob.create(1, EXP), bad, good])
    (rejected,) = state.rejected
    assert (rejected.event_id, rejected.type) == (bad["id"], "confidence_rated")
    assert rejected.reason.startswith("invalid confidence_rated: value")
    assert [c.value for c in state.experiments[EXP].confidence] == [5]


@pytest.mark.parametrize("value", [0, 9])
def test_confidence_out_of_range_at_creation_fails_validation(logs, value: int) -> None:
    bad = logs.bob.create(1, EXP, confidence=value)
    state = fold([logs.bob.join(0), bad])
    assert reasons(state)[bad["id"]].startswith("invalid experiment_created: confidence")
    assert state.experiments == {}


# --- check-ins --------------------------------------------------------------------------------


def test_check_ins_by_the_owner_or_a_manager(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.bob.check_in(15, EXP, "soon-after", "went well"))
    accept(team, logs.ann.check_in(91, EXP, "long-term"))
    got = [(c.author, c.kind.value, c.at) for c in team.experiments[EXP].check_ins]
    assert got == [("bob", "soon-after", day(15)), ("ann", "long-term", day(91))]


def test_a_colleague_cannot_record_a_check_in(team: BoardState, logs: SimpleNamespace) -> None:
    reason = refuse(team, logs.cyd.check_in(15, EXP, "soon-after"))
    assert reason == "only the owner or a manager may record a check-in"


def test_an_unknown_check_in_kind_fails_validation(logs: SimpleNamespace) -> None:
    bad = logs.bob.check_in(2, EXP, "mid-term")
    state = fold([logs.bob.join(0), logs.bob.create(1, EXP), bad])
    assert "kind" in reasons(state)[bad["id"]]


# --- praise ------------------------------------------------------------------------------------


def test_a_manager_praises_a_member(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.ann.praise(2, "bob", EXP, "good question in the retro", "result"))
    accept(team, logs.ann.praise(3, "cyd"))
    got = [(p.author, p.to, p.experiment_id, p.kind.value, p.at) for p in team.praise]
    assert got == [("ann", "bob", EXP, "result", day(2)), ("ann", "cyd", None, "effort", day(3))]


def test_only_a_manager_praises(team: BoardState, logs: SimpleNamespace) -> None:
    assert "only a manager may post praise" in refuse(team, logs.cyd.praise(2, "bob", EXP))


def test_praise_is_for_someone_else(team: BoardState, logs: SimpleNamespace) -> None:
    assert "praise is for someone else" in refuse(team, logs.ann.praise(2, "ann"))


def test_praise_is_for_a_member(team: BoardState, logs: SimpleNamespace) -> None:
    assert "no member 'dan'" in refuse(team, logs.ann.praise(2, "dan"))


def test_praise_about_someone_elses_experiment_is_refused(team, logs) -> None:
    reason = refuse(team, logs.ann.praise(2, "cyd", EXP))
    assert reason == "that experiment belongs to Bob, not Cyd"
    assert "no experiment 'nope'" in refuse(team, logs.ann.praise(2, "bob", "nope"))


def test_a_blank_praise_message_fails_validation(logs: SimpleNamespace) -> None:
    bad = logs.ann.praise(2, "bob", message="  ")
    state = fold([logs.ann.join(0), logs.bob.join(0), bad], founder="ann")
    assert "message" in reasons(state)[bad["id"]]
    assert state.praise == []


# --- support -------------------------------------------------------------------------------------


def test_a_colleague_supports_themself(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.cyd.support(2, EXP, "cyd"))
    link = team.experiments[EXP].supporters["cyd"]
    assert (link.supporter, link.added_by, link.at, link.experiment_id) == (
        "cyd",
        "cyd",
        day(2),
        EXP,
    )


def test_the_owner_asks_a_colleague(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.bob.support(2, EXP, "cyd"))
    assert team.experiments[EXP].supporters["cyd"].added_by == "bob"


def test_a_third_person_cannot_add_a_supporter(team: BoardState, logs) -> None:
    reason = refuse(team, logs.ann.support(2, EXP, "cyd"))
    assert "add yourself as a supporter, or the owner can ask someone" in reason


def test_the_owner_cannot_support_themself(team: BoardState, logs: SimpleNamespace) -> None:
    assert "owner cannot be their own supporter" in refuse(team, logs.bob.support(2, EXP, "bob"))
    assert "owner cannot be" in refuse(team, logs.ann.support(2, EXP, "bob"))


def test_no_duplicate_supporters(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.cyd.support(2, EXP, "cyd"))
    assert "Cyd supports this already" in refuse(team, logs.bob.support(3, EXP, "cyd"))
    assert team.experiments[EXP].supporters["cyd"].added_by == "cyd"


def test_a_supporter_must_be_a_member(team: BoardState, logs: SimpleNamespace) -> None:
    assert "no member 'dan'" in refuse(team, logs.bob.support(2, EXP, "dan"))


@pytest.mark.parametrize("remover", ["cyd", "bob"])
def test_the_supporter_or_the_owner_removes_support(team, logs, remover: str) -> None:
    accept(team, logs.cyd.support(2, EXP, "cyd"))
    accept(team, getattr(logs, remover).unsupport(3, EXP, "cyd"))
    assert team.experiments[EXP].supporters == {}


def test_nobody_else_removes_support(team: BoardState, logs: SimpleNamespace) -> None:
    accept(team, logs.cyd.support(2, EXP, "cyd"))
    reason = refuse(team, logs.ann.unsupport(3, EXP, "cyd"))
    assert reason == "only the supporter or the owner may remove a supporter"


def test_removing_a_non_supporter_is_refused(team: BoardState, logs: SimpleNamespace) -> None:
    assert "Cyd does not support this" in refuse(team, logs.cyd.unsupport(3, EXP, "cyd"))


def test_support_can_be_added_again_after_removal(team: BoardState, logs) -> None:
    accept(team, logs.cyd.support(2, EXP, "cyd"))
    accept(team, logs.cyd.unsupport(3, EXP, "cyd"))
    accept(team, logs.bob.support(4, EXP, "cyd"))
    assert team.experiments[EXP].supporters["cyd"].at == day(4)


def test_anyone_who_joined_writes_a_support_note(team: BoardState, logs) -> None:
    accept(team, logs.cyd.note(2, EXP, "ping me before the retro"))
    (note,) = team.experiments[EXP].support_notes
    assert (note.author, note.text, note.at) == ("cyd", "ping me before the retro", day(2))


# --- rejected: unknown types, invalid events ---------------------------------------------------


def test_unknown_and_invalid_events_are_listed_and_skipped(logs: SimpleNamespace) -> None:
    ann = logs.ann
    unknown = ann.event("teleported", 1, where="mars")
    naive = {**ann.join(1, "Ann B"), "at": "2024-03-05T09:00:00"}
    no_id = ann.join(1, "Ann C")
    del no_id["id"]
    negative = {**ann.join(1, "Ann D"), "seq": -1}
    no_type = {"id": "x1", "author": "ann", "at": day(1).isoformat(), "seq": 99}
    good = ann.join(0, "Ann")
    state = fold([unknown, naive, no_id, negative, no_type, good], founder="ann")

    assert state.members["ann"].name == "Ann"
    got = {r.event_id: (r.author, r.type, r.reason) for r in state.rejected}
    assert len(state.rejected) == 5
    assert got[unknown["id"]][1:] == (
        "teleported",
        "unknown event type 'teleported' (written by a newer teamboard?)",
    )
    assert got[naive["id"]][2].startswith("invalid member_joined: at: time must carry a timezone")
    assert got["?"][2].startswith("invalid member_joined: id")
    assert got[negative["id"]][2].startswith("invalid member_joined: seq")
    assert got["x1"][1:] == ("None", "unknown event type None (written by a newer teamboard?)")


@pytest.mark.parametrize("kind", [["member_joined"], {"a": 1}], ids=["list", "dict"])
def test_an_unhashable_type_is_rejected_not_a_crash(logs: SimpleNamespace, kind) -> None:
    weird = {**logs.ann.join(1), "type": kind}
    state = fold([logs.ann.join(0), weird], founder="ann")
    assert "unknown event type" in reasons(state)[weird["id"]]


def test_an_event_in_someone_elses_file_is_rejected(logs: SimpleNamespace) -> None:
    forged = logs.bob.set_role(1, "bob", "manager")
    events = [
        StoredEvent(logs.ann.join(0), "people/ann.json", "ann"),
        StoredEvent(logs.bob.join(0), "people/bob.json", "bob"),
        StoredEvent(forged, "people/ann.json", "ann"),
    ]
    state = fold(events, founder="ann")
    (rejected,) = state.rejected
    assert rejected.source == "people/ann.json"
    assert rejected.reason == "written by 'bob' into the file of 'ann'"
    assert state.members["bob"].role is Role.EMPLOYEE


def test_events_at_the_same_instant_apply_by_author_then_seq() -> None:
    ann, bob, cyd, dan = Log("ann", seq=50), Log("bob"), Log("cyd"), Log("dan")
    joined = [ann.join(0), bob.join(0), cyd.join(0)]
    # At the same instant ann (seq 51) comes before bob (seq 1): "ann" < "bob".
    promote, bob_promotes = ann.set_role(1, "bob", "manager"), bob.set_role(1, "cyd", "manager")
    # At the same instant ann's praise comes before dan's join, so dan is not a member yet.
    praise, joins = ann.praise(2, "dan"), dan.join(2)
    events = [*joined, bob_promotes, promote, joins, praise]
    state = fold(events, founder="ann")
    assert state.members["cyd"].role is Role.MANAGER
    assert set(reasons(state)) == {praise["id"]}
    assert "no member 'dan'" in reasons(state)[praise["id"]]


def test_times_in_other_zones_are_ordered_as_utc(logs: SimpleNamespace) -> None:
    ann, bob = logs.ann, logs.bob
    joined = [ann.join(0), bob.join(0), bob.create(1, EXP)]
    ann_moves = ann.move(2, EXP, "practice")  # ann is a manager
    bob_moves = bob.move(2, EXP, "goal")
    # 10:30 at +02:00 is 08:30 UTC: before ann's move at 09:00 UTC, so bob's move back
    # comes first and is refused (already in Goal), and ann's move stands.
    ann_moves["at"], bob_moves["at"] = "2024-03-06T09:00:00+00:00", "2024-03-06T10:30:00+02:00"
    state = fold([*joined, ann_moves, bob_moves], founder="ann")
    assert state.experiments[EXP].stage is Stage.PRACTICE
    assert list(reasons(state)) == [bob_moves["id"]]


# --- a refusal changes nothing ----------------------------------------------------------------


def test_refused_events_leave_the_fold_as_if_they_were_not_there(logs: SimpleNamespace) -> None:
    ann, bob, cyd = logs.ann, logs.bob, logs.cyd
    base = [ann.join(0), bob.join(0), cyd.join(0), bob.create(1, EXP), cyd.support(2, EXP, "cyd")]
    bad = [
        cyd.edit(3, EXP, title="hijack"),
        cyd.move(3, EXP, "practice"),
        bob.move(3, EXP, "success"),
        bob.support(3, EXP, "cyd"),
        ann.praise(3, "ann"),
        cyd.set_role(3, "cyd", "manager"),
        ann.set_role(3, "ann", "employee"),
        cyd.practice(3, EXP),
        bob.reflect(3, EXP),
    ]
    with_bad = dump(fold(base + bad, founder="ann"))
    without = dump(fold(base, founder="ann"))
    assert len(with_bad.pop("rejected")) == len(bad)
    assert without.pop("rejected") == []
    # Refused events still count as judged: their ids are known, and the last key moves on.
    assert set(with_bad.pop("event_ids")) - set(without.pop("event_ids")) == {b["id"] for b in bad}
    assert with_bad.pop("last_key") > without.pop("last_key")
    assert with_bad == without


def test_judging_an_event_applies_it_in_place_and_records_the_order_key(team, logs) -> None:
    event = parse_event(logs.bob.move(2, EXP, "practice"))
    assert judge(team, event)
    assert team.last_key == order_key(event)
    with pytest.raises(Refused):
        apply(team, parse_event(logs.bob.move(3, EXP, "success")))
    assert team.last_key == order_key(event)
    refused = parse_event(logs.bob.move(4, EXP, "success"))
    assert not judge(team, refused)
    assert team.last_key == order_key(refused)  # refused events are judged too
