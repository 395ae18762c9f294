"""What a card on the board says about an experiment, worked out from the state.

Shared by the app's board and the CLI's list, so both flag the same things.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from teamboard.board import (
    check_ins_due_for,
    days_in_stage,
    is_stalled,
    stall_reason,
    target_passed,
)
from teamboard.state import BoardState, Experiment


class Flag(StrEnum):
    """Something that needs attention, with its short name (for cards) and its long one."""

    HELP = "help asked"
    NO_SUPPORTER = "no supporter"
    STALLED = "stalled"
    CHECK_IN_DUE = "check-in due"
    NO_APPLICATION = "no application"
    TARGET_PASSED = "target passed"

    @property
    def short(self) -> str:
        return _SHORT[self]

    @property
    def explanation(self) -> str:
        return _EXPLANATION[self]


_SHORT = {
    Flag.HELP: "help",
    Flag.NO_SUPPORTER: "alone",
    Flag.STALLED: "stalled",
    Flag.CHECK_IN_DUE: "check-in",
    Flag.NO_APPLICATION: "no-use",
    Flag.TARGET_PASSED: "overdue",
}

_EXPLANATION = {
    Flag.HELP: "its owner asked for help",
    Flag.NO_SUPPORTER: "no colleague supports it yet",
    Flag.STALLED: (
        "14 days without the next step: a first practice in Goal, more practice in "
        "Practice, a reflection in Reflection"
    ),
    Flag.CHECK_IN_DUE: "a check-in is due (2 weeks or 3 months after the start)",
    Flag.NO_APPLICATION: "no application opportunity named yet",
    Flag.TARGET_PASSED: "its target date has passed before Success",
}


def explain_flags(experiment: Experiment, now: datetime) -> list[str]:
    """What needs attention on this experiment, each in words (stalled: why exactly)."""
    words = {Flag.STALLED: stall_reason(experiment, now)}
    if experiment.help is not None:
        words[Flag.HELP] = f"{Flag.HELP.explanation}: {experiment.help.ask}"
    return [words.get(flag) or flag.explanation for flag in flags_of(experiment, now)]


def flags_of(experiment: Experiment, now: datetime) -> list[Flag]:
    flags = []
    if experiment.help is not None:
        flags.append(Flag.HELP)
    if not experiment.supporters:
        flags.append(Flag.NO_SUPPORTER)
    if is_stalled(experiment, now):
        flags.append(Flag.STALLED)
    if check_ins_due_for(experiment, now):
        flags.append(Flag.CHECK_IN_DUE)
    if experiment.opportunity is None:
        flags.append(Flag.NO_APPLICATION)
    if target_passed(experiment, now):
        flags.append(Flag.TARGET_PASSED)
    return flags


@dataclass(frozen=True)
class Card:
    experiment_id: str
    owner: str
    title: str
    days: int
    supporters: int
    praise: int
    confidence: int | None
    flags: tuple[Flag, ...]


def praise_counts(state: BoardState) -> Counter[str]:
    return Counter(p.experiment_id for p in state.praise_standing if p.experiment_id)


def card_for(
    experiment: Experiment, state: BoardState, now: datetime, praise: Counter[str]
) -> Card:
    return Card(
        experiment_id=experiment.id,
        owner=state.name_of(experiment.owner),
        title=experiment.title,
        days=days_in_stage(experiment, now),
        supporters=len(experiment.supporters),
        praise=praise.get(experiment.id, 0),
        confidence=experiment.current_confidence,
        flags=tuple(flags_of(experiment, now)),
    )
