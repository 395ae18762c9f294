"""Success stories: one page of Markdown per experiment in Success, told from the board."""

from __future__ import annotations

import pytest

from teamboard.domain.fold import fold
from teamboard.domain.state import Refused
from teamboard.exchange.story import success_story

from .factories import Log, day


def story_board():
    """Ben learned to run retros; Cara supported him, Ann (a manager) checked in and
    praised; one practice entry and one note were taken back."""
    ann, ben, cara = Log("ann"), Log("ben"), Log("cara")
    ann.join(0, "Ann Archer")
    ben.join(day(0, 1), "Ben Ökafor")
    cara.join(day(0, 2), "Cara *Diaz*")
    ben.create(
        1,
        "retro",
        "Retros that end in actions",
        training="Facilitation basics",
        plan={
            "why_me": "I run our retros.",
            "must_deliver": "Two owned actions per retro.",
            "team_goals": "Fewer repeated problems.",
            "personal_benefit": "",
        },
        opportunity={"kind": "improvement", "what": "Sprint retros", "when": "every two weeks"},
        confidence=2,
    )
    cara.support(day(1, 1), "retro", "cara")
    ben.move(2, "retro", "practice")
    wrong = ben.practice(3, "retro", "Wrong retro")
    ben.event(
        "taken_back", day(3, 1), entry="practice", entry_id=wrong["entry_id"], experiment_id="retro"
    )
    ben.practice(4, "retro", "Timeboxed 'now what' to 15 minutes")
    ben.practice(18, "retro", "Left with two owned actions")
    ann.check_in(15, "retro", "soon-after", "Plan: timebox each phase.")
    ben.rate(16, "retro", 4)
    note = cara.note(17, "retro", "Oops, wrong board")
    cara.event(
        "taken_back", day(17, 1), entry="note", entry_id=note["note_id"], experiment_id="retro"
    )
    cara.note(19, "retro", "The timebox card on the table worked well.")
    ben.move(20, "retro", "reflection")
    ben.reflect(
        21,
        "retro",
        wanted="End every retro with owned actions.",
        did="Timeboxed the phases; asked for an owner per action.",
        effect="Two actions a retro, both done by the next one.",
        next_time="Send the actions round the same day.",
    )
    ann.praise(22, "ben", "retro", "The last two retros changed how we plan.", kind="result")
    ben.move(23, "retro", "success")
    ben.rate(24, "retro", 5)
    return ann.events + ben.events + cara.events


EXPECTED = """\
# Retros that end in actions

*A success story of Ben Ökafor, after Facilitation basics: from a goal on 2024-03-05 to \
Success on 2024-03-27, 22 days.*

## What was learned

End every retro with owned actions.

What to do differently next time:

Send the actions round the same day.

## The application opportunity

- Where: an improvement: Sprint retros (every two weeks)
- Why me: I run our retros.
- What it must deliver: Two owned actions per retro.
- How it serves the team's goals: Fewer repeated problems.

## What was done

Timeboxed the phases; asked for an owner per action.

## The effect

Two actions a retro, both done by the next one.

## The evidence

Practice, 2 times:

- 2024-03-08: Timeboxed 'now what' to 15 minutes
- 2024-03-22: Left with two owned actions

Check-ins:

- 2024-03-19, soon-after with Ann Archer (What did you learn, and how will you apply it?): \
Plan: timebox each phase.

Confidence over time: 2 (2024-03-05) → 4 (2024-03-20) → 5 (2024-03-28)

Stages: Goal 2024-03-05 → Practice 2024-03-06 → Reflection 2024-03-24 → Success 2024-03-27

## What helped

- Cara \\*Diaz\\* supported it from 2024-03-05
- Cara \\*Diaz\\* wrote on 2024-03-23: The timebox card on the table worked well.
- Ann Archer (manager) praised the result on 2024-03-26: The last two retros changed how we plan.
- Check-ins with Ann Archer (1 in all)
"""


def test_the_story_of_a_fixed_board_reads_as_expected():
    state = fold(story_board(), founder="ann")
    assert state.rejected == []
    assert success_story(state, state.experiments["retro"]) == EXPECTED


def test_only_an_experiment_in_success_has_a_story():
    before_success = [
        e for e in story_board() if not (e["type"] == "stage_moved" and e["to"] == "success")
    ]
    state = fold(before_success, founder="ann")
    with pytest.raises(Refused, match="this one is in Reflection"):
        success_story(state, state.experiments["retro"])


def test_a_withdrawn_experiment_has_no_story():
    ben = Log("ben", seq=100)
    ben.event("experiment_withdrawn", 30, experiment_id="retro", reason="moved teams")
    state = fold(story_board() + ben.events, founder="ann")
    with pytest.raises(Refused, match="the experiment is withdrawn"):
        success_story(state, state.experiments["retro"])


def test_one_practice_and_one_day_are_said_in_the_singular():
    """A story of one practice that reached Success the day after it started said
    "Practice, 1 times" and "1 days"."""
    ann, ben = Log("ann"), Log("ben")
    ann.join(0, "Ann Archer")
    ben.join(day(0, 1), "Ben Ökafor")
    ben.create(1, "quick", "A quick win")
    ben.move(day(1, 1), "quick", "practice")
    ben.practice(day(1, 2), "quick", "Tried it once")
    ben.move(day(1, 3), "quick", "reflection")
    ben.reflect(day(1, 4), "quick", wanted="a", did="b", effect="c", next_time="d")
    ben.move(2, "quick", "success")
    state = fold(ann.events + ben.events, founder="ann")
    story = success_story(state, state.experiments["quick"])
    assert "Practice, 1 time:" in story
    assert ", 1 day.*" in story
