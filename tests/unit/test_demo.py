"""The demo board: a believable team whose every event folds cleanly and shows every flag."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from teamboard.demo import build_demo_board
from teamboard.demo.loading import ACTIONS, TeamFileError, parse_team, play, read_team
from teamboard.demo.script import Script
from teamboard.domain.events import STAGES, ApplicationKind, CheckInKind, Role, Stage
from teamboard.domain.facts import (
    check_ins_due,
    members_without_recent_praise,
    stalled,
    without_supporter,
)
from teamboard.domain.fold import order_key
from teamboard.store.folder import BoardFolder, Loaded, StoreError

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[BoardFolder, Loaded]:
    board = build_demo_board(tmp_path_factory.mktemp("demo") / "board", now=NOW)
    return board, board.load()


def test_the_demo_folds_without_rejected_events_or_damaged_files(demo):
    _, loaded = demo
    assert loaded.state.rejected == []
    assert loaded.damaged == []
    assert loaded.file_count == len(loaded.state.members)


def test_the_board_reopens_from_disk_with_its_name_and_founder(demo):
    board, loaded = demo
    reopened = BoardFolder.open(board.root)
    assert reopened.meta.name == "Product Team"
    assert reopened.meta.founder == "maria"
    assert reopened.load().state.experiments.keys() == loaded.state.experiments.keys()


def test_a_team_of_five_or_six_with_one_or_two_managers(demo):
    _, loaded = demo
    members = loaded.state.members
    assert 5 <= len(members) <= 6
    roles = Counter(m.role for m in members.values())
    assert 1 <= roles[Role.MANAGER] <= 2
    assert roles[Role.EMPLOYEE] >= 3
    assert members["maria"].role is Role.MANAGER
    # Names with letters beyond ASCII, kept as written.
    assert sum(not m.name.isascii() for m in members.values()) >= 2
    assert members["zoe"].name == "Zoë Lambert"


def test_every_event_lies_in_the_four_months_before_now(demo):
    board, _ = demo
    people = [board.read_person(path) for path in board.person_files()]
    start = NOW - timedelta(days=130)
    assert all(person.raw is None for person in people)  # every event of the demo is valid
    parsed = [event for person in people for event in person.events]
    for event in parsed:
        assert start <= event["at"] < NOW, event
    # The founder joined first: nobody acts before the board exists.
    first = min(parsed, key=order_key)
    assert first["type"] == "member_joined"
    assert first["author"] == "maria"


def test_every_stage_holds_an_experiment_and_everyone_has_about_two(demo):
    _, loaded = demo
    experiments = loaded.state.experiments.values()
    stages = Counter(e.stage for e in experiments)
    assert all(stages[stage] >= 1 for stage in STAGES), stages
    per_owner = Counter(e.owner for e in experiments)
    assert set(per_owner) == set(loaded.state.members)
    assert all(1 <= n <= 3 for n in per_owner.values()), per_owner


def test_experiments_carry_a_training_a_transfer_plan_and_mostly_an_opportunity(demo):
    _, loaded = demo
    experiments = list(loaded.state.experiments.values())
    for experiment in experiments:
        assert experiment.training
        plan = experiment.plan
        assert plan.why_me and plan.must_deliver and plan.team_goals and plan.personal_benefit
        assert experiment.confidence, experiment.title
    with_opportunity = [e for e in experiments if e.opportunity is not None]
    assert len(experiments) / 2 < len(with_opportunity) < len(experiments)
    assert {e.opportunity.kind for e in with_opportunity} == set(ApplicationKind)
    # Confidence rises more often than it falls.
    ups = downs = 0
    for experiment in experiments:
        values = [r.value for r in experiment.confidence]
        ups += sum(b > a for a, b in pairwise(values))
        downs += sum(b < a for a, b in pairwise(values))
    assert ups > 3 * downs


def test_practice_and_reflections_match_the_stages(demo):
    _, loaded = demo
    experiments = loaded.state.experiments.values()
    for experiment in experiments:
        if experiment.stage in (Stage.REFLECTION, Stage.SUCCESS):
            assert experiment.practice, experiment.title
            assert any(r.complete for r in experiment.reflections), experiment.title
        if experiment.stage is Stage.GOAL:
            assert not experiment.practice, experiment.title
    assert sum(len(e.practice) for e in experiments) >= 10
    # Stages were passed one at a time, in order.
    for experiment in experiments:
        visited = [visit.stage.position for visit in experiment.history]
        assert visited == list(range(len(visited))), experiment.title


def test_check_ins_of_both_kinds_by_managers_and_owners_and_some_due(demo):
    _, loaded = demo
    state = loaded.state
    check_ins = [(e, c) for e in state.experiments.values() for c in e.check_ins]
    assert {c.kind for _, c in check_ins} == set(CheckInKind)
    assert any(c.author == e.owner for e, c in check_ins)
    assert any(c.author != e.owner and state.is_manager(c.author) for e, c in check_ins)
    assert all(c.notes for _, c in check_ins)
    due = check_ins_due(state, NOW)
    assert due
    assert any(d.overdue for d in due)
    assert any(d.kind is CheckInKind.SOON_AFTER for d in due)


def test_praise_support_and_notes(demo):
    _, loaded = demo
    state = loaded.state
    assert len(state.praise) >= 5
    assert all(state.is_manager(p.author) and p.author != p.to for p in state.praise)
    assert {p.kind.value for p in state.praise} == {"effort", "result"}
    assert any(p.experiment_id for p in state.praise)
    links = [link for e in state.experiments.values() for link in e.supporters.values()]
    assert len(links) >= 8
    # Supporters who signed up themselves, and colleagues an owner asked.
    assert any(link.added_by == link.supporter for link in links)
    assert any(link.added_by != link.supporter for link in links)
    notes = [n for e in state.experiments.values() for n in e.support_notes]
    assert len(notes) >= 5


def test_the_flags_each_show_once(demo):
    _, loaded = demo
    state = loaded.state
    assert sorted(e.title for e in stalled(state, NOW)) == [
        "Code review comments that teach",  # in Practice, no practice for 14 days
        "Explaining numbers to people who are not analysts",  # in Goal, no first practice
    ]
    assert len(without_supporter(state)) == 1
    unpraised = members_without_recent_praise(state, NOW)
    assert [m.id for m in unpraised] == ["jonas"]
    assert unpraised[0].role is Role.EMPLOYEE


def test_without_now_the_demo_is_dated_before_the_real_now(tmp_path: Path):
    before = datetime.now(UTC)
    loaded = build_demo_board(tmp_path / "board").load()
    assert loaded.state.rejected == []
    assert max(e.created_at for e in loaded.state.experiments.values()) < before
    assert stalled(loaded.state, datetime.now(UTC))


def test_the_demo_is_the_same_board_every_time(tmp_path: Path):
    def shape(root: Path) -> list[tuple]:
        state = build_demo_board(root, now=NOW).load().state
        return sorted(
            (e.owner, e.title, e.stage, e.created_at, len(e.practice), len(e.check_ins))
            for e in state.experiments.values()
        )

    assert shape(tmp_path / "one") == shape(tmp_path / "two")


def test_the_demo_refuses_a_folder_that_holds_a_board(tmp_path: Path):
    build_demo_board(tmp_path / "board", now=NOW)
    with pytest.raises(StoreError):
        build_demo_board(tmp_path / "board", now=NOW)


def test_the_demo_does_not_import_textual():
    code = "import sys, teamboard.demo; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- the team file ---------------------------------------------------------------------

BOARD = """
[board]
name = "Productteam"
founder = "sanne"
founder_name = "Sanne de Vries"
founded_days_ago = 20
founded_clock = "08:30"
"""
JOIN = """
[[step]]
action = "join"
member = "daan"
name = "Daan Bakker"
days_ago = 19
clock = "09:00"
"""
EXPERIMENT = """
[[step]]
action = "experiment"
ref = "sanne-feedback"
owner = "sanne"
days_ago = 18
clock = "10:00"
title = "Feedback geven"
training = "Feedbacktraining"
why_me = "Ik geef de meeste feedback."
must_deliver = "Elk 1-op-1-gesprek eindigt met feedback."
team_goals = "Minder verrassingen."
personal_benefit = "Minder uitstel."
confidence = 2
[step.opportunity]
kind = "other"
what = "Tweewekelijkse 1-op-1's"
when = "Meteen"
"""


def _play(text: str) -> Script:
    script = Script(NOW)
    play(parse_team(text, "team.nl.toml"), script)
    return script


def test_the_team_file_uses_every_action_and_names_the_board():
    team = read_team()
    assert {step["action"] for step in team.steps} == set(ACTIONS)
    assert (team.board.name, team.board.founder) == ("Product Team", "maria")


def test_a_copied_team_file_makes_its_own_board(tmp_path: Path):
    team = parse_team(BOARD + JOIN + EXPERIMENT, "team.nl.toml")
    loaded = build_demo_board(tmp_path / "board", now=NOW, team=team).load()
    assert loaded.state.rejected == []
    assert BoardFolder.open(tmp_path / "board").meta.name == "Productteam"
    assert {m.name for m in loaded.state.members.values()} == {"Sanne de Vries", "Daan Bakker"}
    (experiment,) = loaded.state.experiments.values()
    assert experiment.title == "Feedback geven"
    assert experiment.opportunity.kind is ApplicationKind.OTHER


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (JOIN.replace('"join"', '"leave"'), 'step 1 (leave): is "leave", not one of join, '),
        (JOIN.replace('name = "Daan Bakker"\n', ""), "step 1 (join): misses `name`"),
        (JOIN.replace("days_ago = 19", 'days_ago = "19"'), "`days_ago` should be a whole"),
        (JOIN.replace("member", "membre"), "step 1 (join): misses `member`"),
        (JOIN + "nickname = 'D'\n", "step 1 (join): has an unknown key `nickname`"),
        (JOIN.replace("19", "0"), "step 1 (join): demo events lie at least one day in the past"),
        (EXPERIMENT.replace("Feedback geven", "F" * 201), "step 1 (experiment): title: at"),
        (JOIN.replace('action = "join"\n', ""), "step 1: misses `action`"),
        (EXPERIMENT + JOIN + EXPERIMENT, 'step 3 (experiment): repeats the ref "sanne-feedback"'),
        (EXPERIMENT.replace('"other"', '"course"'), '`kind` is "course", not one of "project"'),
        (EXPERIMENT.replace('when = "Meteen"', ""), "step 1 (experiment), `opportunity`: misses"),
        (
            JOIN + '[[step]]\naction = "rate"\nowner = "sanne"\nexperiment = "sanne-fb"\n'
            'value = 3\ndays_ago = 2\nclock = "10:00"\n',
            'step 2 (rate): names the experiment "sanne-fb", which no earlier step creates',
        ),
        (
            EXPERIMENT + '[[step]]\naction = "edit"\nowner = "sanne"\n'
            'experiment = "sanne-feedback"\ndays_ago = 2\nclock = "10:00"\n',
            "step 2 (edit): changes none of why_me, must_deliver",
        ),
    ],
)
def test_a_step_that_cannot_be_played_is_an_error_naming_it(text: str, message: str):
    with pytest.raises(TeamFileError) as raised:
        _play(BOARD + text)
    assert str(raised.value).startswith("team.nl.toml, step ")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[board]\n[board]", "team.nl.toml: Cannot declare ('board',) twice (at line 2, column 7)"),
        (JOIN, "team.nl.toml: misses `board`"),
        (BOARD, "team.nl.toml: should hold its steps as [[step]] tables"),
        ("steps = 1\n" + BOARD + JOIN, "team.nl.toml: has an unknown key `steps`"),
        (
            BOARD.replace("founder_name", "founder_naam"),
            "team.nl.toml, `board`: misses `founder_name`",
        ),
    ],
)
def test_a_file_that_is_no_team_file_says_so(text: str, message: str):
    with pytest.raises(TeamFileError) as raised:
        parse_team(text, "team.nl.toml")
    assert str(raised.value) == message
