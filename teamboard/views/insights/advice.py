"""Verdicts and advice for the insights per lever: when a lever is working, half-way or
neglected, and a sentence in plain words saying what it means and what to do."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from teamboard.domain.text import plural
from teamboard.views.insights.signals import Signal, Verdict, short_number

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


def _have(behind: int) -> str:
    """'1 experiment has', '3 experiments have'."""
    return plural(behind, "experiment has", "experiments have")


def _advice_clarity(s: Sequence[Signal], verdict: Verdict, behind: int) -> str:
    if verdict is Verdict.NO_DATA:
        return "No experiments yet: the first one's transfer plan will show here."
    if verdict is Verdict.WORKING:
        late = f" ({plural(behind, 'plan')} filled in afterwards)" if behind else ""
        return (
            f"Most experiments start with a full transfer plan{late}. Keep agreeing why, "
            "what and for whom before each training."
        )
    return (
        f"{plural(behind, 'experiment')} started without a full transfer plan. Before the "
        "next training, agree with each person why them, what it must deliver, how it serves "
        "the team's goals and what they gain."
    )


def _advice_ownership(s: Sequence[Signal], verdict: Verdict, behind: int) -> str:
    if verdict is Verdict.NO_DATA:
        return "No experiments yet: owners rate their confidence on each one (c)."
    average = s[1]
    start = dict(average.extra).get("start")
    moved = ""
    if average.value is not None and start is not None:
        moved = f" Confidence went from {start:.1f} at the start to {average.value:.1f} now."
    if verdict is Verdict.WORKING:
        return f"Owners rate their own progress.{moved} Ask them what made the difference."
    return (
        f"{_have(behind)} no confidence rating.{moved} Ask each owner "
        "to rate it (c) at the start and after each step: it is their own measure of progress."
    )


def _advice_opportunities(s: Sequence[Signal], verdict: Verdict, behind: int) -> str:
    if verdict is Verdict.NO_DATA:
        return "No experiments yet: each names where it will be applied."
    days = s[1].value
    wait = (
        f" The first practice comes {short_number(days)} days after the start."
        if days is not None
        else ""
    )
    if verdict is Verdict.WORKING:
        return f"Most experiments know where they will be applied.{wait}"
    return (
        f"{_have(behind)} no place to apply it yet.{wait} Find each one a "
        "project, client case or presentation within two weeks: what is not used soon fades."
    )


def _advice_practice(s: Sequence[Signal], verdict: Verdict, behind: int) -> str:
    if verdict is Verdict.NO_DATA:
        return "Nobody has an experiment yet: practice will show here once one starts."
    complete = s[1]
    reflections = ""
    if complete.value is not None and complete.value < 1:
        reflections = (
            f" {complete.value:.0%} of reflections answer all four questions: the last one "
            "(what next time) turns practice into learning."
        )
    if verdict is Verdict.WORKING:
        return f"People practise every week.{reflections}"
    return (
        f"Practice is rare: {s[0].value:.1f} entries per person per week.{reflections} Make "
        "room for it: a fixed slot each week, and ask at the stand-up what was tried."
    )


def _advice_results(s: Sequence[Signal], verdict: Verdict, behind: int) -> str:
    if verdict is Verdict.NO_DATA:
        overdue = s[2].value
        if overdue:
            return f"{plural(int(overdue), 'check-in')} overdue: hold them now."
        return "No check-in is due yet: the soon-after one comes two weeks after the start."
    if verdict is Verdict.WORKING and not behind:
        return "Managers ask about results on time. Keep the long-term check-in too."
    late = f"{plural(behind, 'experiment')} with an overdue check-in. " if behind else ""
    return (
        f"{late}Asking about results is one of the strongest levers: hold the soon-after "
        "check-in within two weeks of the training, and the long-term one at three months."
    )


def _advice_self_efficacy(s: Sequence[Signal], verdict: Verdict, behind: int) -> str:
    if verdict is Verdict.NO_DATA:
        return "Nobody on the board yet."
    praised = s[0]
    missing = (praised.of or 0) - (praised.count or 0)
    kinds = s[1]
    balance = ""
    if kinds.value is not None and kinds.value < 0.5:
        balance = " Praise the effort of a first step, not only results."
    if verdict is Verdict.WORKING:
        return f"{praised.count} of {praised.of} praised in the last 30 days.{balance}"
    return (
        f"{plural(missing, 'person', 'people')} had no praise in 30 days.{balance} "
        "Recognising small steps builds the confidence to go on."
    )


def _advice_colleagues(s: Sequence[Signal], verdict: Verdict, behind: int) -> str:
    if verdict is Verdict.NO_DATA:
        return "No experiments yet: each one asks a colleague for support."
    if verdict is Verdict.WORKING and not behind:
        return "Every experiment has a colleague behind it."
    return (
        f"{_have(behind)} no supporter. Ask a colleague to support each "
        "one: people apply more when someone around them expects it."
    )


_Advice = Callable[[Sequence[Signal], Verdict, int], str]


# Each lever's advice, by its key (teamboard.views.insights.levers.LEVERS).
ADVICE: dict[str, _Advice] = {
    "clarity": _advice_clarity,
    "ownership": _advice_ownership,
    "opportunities": _advice_opportunities,
    "practice": _advice_practice,
    "results": _advice_results,
    "self-efficacy": _advice_self_efficacy,
    "colleagues": _advice_colleagues,
}
