"""Verdicts and advice for the insights per lever: when a lever is working, half-way or
neglected, and a sentence in plain words saying what it means and what to do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from teamboard.domain.text import plural
from teamboard.views.insights.signals import Signal, Verdict, number, percent, short_number

# The primary signal's value from which a lever is working, and below which it is neglected.
THRESHOLDS: dict[str, tuple[float, float]] = {
    "clarity": (0.75, 0.5),
    "ownership": (0.75, 0.5),
    "opportunities": (0.75, 0.5),
    "practice": (1.0, 0.5),  # practice entries per person per week
    "results": (0.75, 0.5),
    "self-efficacy": (0.75, 0.5),
    "colleagues": (0.75, 0.5),
}


def verdict_of(key: str, value: float | None) -> Verdict:
    if value is None:
        return Verdict.NO_DATA
    working, neglected = THRESHOLDS[key]
    if value >= working:
        return Verdict.WORKING
    return Verdict.NEGLECTED if value < neglected else Verdict.MIXED


# What each lever's advice says while there is nothing to measure yet.
_NO_DATA = {
    "clarity": "No experiments yet: the first one's transfer plan will show here.",
    "ownership": "No experiments yet: owners rate their confidence on each one (c).",
    "opportunities": "No experiments yet: each names where it will be applied.",
    "practice": "Nobody has an experiment yet: practice will show here once one starts.",
    "results": "No check-in is due yet: the soon-after one comes two weeks after the start.",
    "self-efficacy": "Nobody on the board yet.",
    "colleagues": "No experiments yet: each one asks a colleague for support.",
}


class _Words(NamedTuple):
    """A lever's advice once there is data: when it is working (None: it is said only
    while no experiment is behind), and when it is half-way or neglected."""

    working: str | None
    otherwise: str


def advice(key: str, s: Sequence[Signal], verdict: Verdict, behind: int) -> str:
    """The sentence for one lever (by its key, teamboard.views.insights.levers.LEVERS):
    what its verdict means and what to do; `behind` counts the experiments behind it."""
    if verdict is Verdict.NO_DATA:
        overdue = s[2].value if key == "results" else None
        if overdue:
            return f"{plural(int(overdue), 'check-in')} overdue: hold them now."
        return _NO_DATA[key]
    words = _ADVICE[key](s, behind)
    if verdict is Verdict.WORKING and words.working is not None:
        return words.working
    return words.otherwise


def _clarity(s: Sequence[Signal], behind: int) -> _Words:
    late = f" ({plural(behind, 'plan')} filled in afterwards)" if behind else ""
    return _Words(
        f"Most experiments start with a full transfer plan{late}. Keep agreeing why, what "
        "and for whom before each training.",
        f"{plural(behind, 'experiment')} started without a full transfer plan. Before the "
        "next training, agree with each person why them, what it must deliver, how it serves "
        "the team's goals and what they gain.",
    )


def _ownership(s: Sequence[Signal], behind: int) -> _Words:
    average = s[1]
    start = dict(average.extra).get("start")
    moved = ""
    if average.value is not None and start is not None:
        moved = (
            f" Confidence went from {number(start)} at the start to {number(average.value)} now."
        )
    return _Words(
        f"Owners rate their own progress.{moved} Ask them what made the difference.",
        f"{_have(behind)} no confidence rating.{moved} Ask each owner to rate it (c) at the "
        "start and after each step: it is their own measure of progress.",
    )


def _opportunities(s: Sequence[Signal], behind: int) -> _Words:
    days = s[1].value
    wait = (
        ""
        if days is None
        else f" The first practice comes {short_number(days)} days after the start."
    )
    return _Words(
        f"Most experiments know where they will be applied.{wait}",
        f"{_have(behind)} no place to apply it yet.{wait} Find each one a project, client "
        "case or presentation within two weeks: what is not used soon fades.",
    )


def _practice(s: Sequence[Signal], behind: int) -> _Words:
    complete = s[1]
    reflections = ""
    if complete.value is not None and complete.value < 1:
        reflections = (
            f" {percent(complete.value)} of reflections answer all four questions: the last one "
            "(what next time) turns practice into learning."
        )
    rate = s[0].value or 0.0
    return _Words(
        f"People practise every week.{reflections}",
        f"Practice is rare: {number(rate)} entries per person per week.{reflections} Make room "
        "for it: a fixed slot each week, and ask at the stand-up what was tried.",
    )


def _results(s: Sequence[Signal], behind: int) -> _Words:
    late = f"{plural(behind, 'experiment')} with an overdue check-in. " if behind else ""
    return _Words(
        None if behind else "Managers ask about results on time. Keep the long-term check-in too.",
        f"{late}Asking about results is one of the strongest levers: hold the soon-after "
        "check-in within two weeks of the training, and the long-term one at three months.",
    )


def _self_efficacy(s: Sequence[Signal], behind: int) -> _Words:
    praised, kinds = s[0], s[1]
    missing = (praised.of or 0) - (praised.count or 0)
    balance = ""
    if kinds.value is not None and kinds.value < 0.5:
        balance = " Praise the effort of a first step, not only results."
    return _Words(
        f"{praised.count} of {praised.of} praised in the last 30 days.{balance}",
        f"{plural(missing, 'person', 'people')} had no praise in 30 days.{balance} "
        "Recognising small steps builds the confidence to go on.",
    )


def _colleagues(s: Sequence[Signal], behind: int) -> _Words:
    return _Words(
        None if behind else "Every experiment has a colleague behind it.",
        f"{_have(behind)} no supporter. Ask a colleague to support each one: people apply "
        "more when someone around them expects it.",
    )


def _have(behind: int) -> str:
    """'1 experiment has', '3 experiments have'."""
    return plural(behind, "experiment has", "experiments have")


_ADVICE: dict[str, Callable[[Sequence[Signal], int], _Words]] = {
    "clarity": _clarity,
    "ownership": _ownership,
    "opportunities": _opportunities,
    "practice": _practice,
    "results": _results,
    "self-efficacy": _self_efficacy,
    "colleagues": _colleagues,
}
