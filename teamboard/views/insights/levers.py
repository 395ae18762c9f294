"""Insights per lever: is what the team learned showing up in its work?

For each of the seven levers of training transfer that a team and its manager control, one
or two signals worked out from the board's state and a clock (`now`), with their trend over
the last twelve weeks and a sentence saying what it means and what to do. The formulas
are written once, in `formulas.py`; this module puts each lever together (its signals,
verdict, advice, chart and the experiments behind its number), and the insights screen
and `teamboard insights` show what it returns.

Every signal is computed for a scope: the team (every experiment on the board) or one
person (their experiments; the praise they were given; for the colleagues lever, the
support around their experiments). Withdrawn experiments are left out, as on the board.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from teamboard.domain.events import PraiseKind, Stage
from teamboard.domain.state import BoardState, Experiment
from teamboard.views.insights import formulas
from teamboard.views.insights.advice import advice, verdict_of
from teamboard.views.insights.formulas import ManagerCheckIns, SupportNetwork
from teamboard.views.insights.signals import Signal, Verdict
from teamboard.views.insights.weeks import (
    RATE_WEEKS,
    WEEK,
    week_ends,
)


@dataclass(frozen=True)
class Lever:
    number: int
    key: str
    name: str
    signals: tuple[Signal, ...]
    verdict: Verdict
    advice: str  # what it means and what to do, in plain words
    experiments: tuple[str, ...]  # the experiments behind the number, to act on
    # The weekly series its chart draws: a name per series, one value per week.
    chart: tuple[tuple[str, tuple[float | None, ...]], ...] = ()


@dataclass(frozen=True)
class Insights:
    now: datetime
    member: str | None  # None: the team
    week_ends: tuple[datetime, ...]
    levers: tuple[Lever, ...]
    flow: tuple[tuple[Stage, tuple[int, ...]], ...]  # experiments per stage, each week's end
    check_ins: tuple[ManagerCheckIns, ...]
    network: SupportNetwork
    experiments: int  # in scope


# The seven levers a team and its manager control, in their order: key and name.
LEVERS = {
    "clarity": "Clarity beforehand",
    "ownership": "Ownership",
    "opportunities": "Application opportunities",
    "practice": "Practice and reflection",
    "results": "Asking about results",
    "self-efficacy": "Self-efficacy",
    "colleagues": "Colleagues",
}


def _lever(
    key: str,
    signals: tuple[Signal, ...],
    behind: Sequence[str],
    chart: tuple[tuple[str, tuple[float | None, ...]], ...],
    primary: Signal | None = None,
) -> Lever:
    verdict = verdict_of(key, (primary or signals[0]).value)
    return Lever(
        list(LEVERS).index(key) + 1,
        key,
        LEVERS[key],
        signals,
        verdict,
        advice(key, signals, verdict, len(behind)),
        tuple(behind),
        chart,
    )


def insights(state: BoardState, now: datetime, member: str | None = None) -> Insights:
    """The seven levers for the team (or one member), as of `now`."""
    scope = formulas.scope(state, now, member)
    active = scope.experiments
    people = formulas.people(scope)

    clarity = formulas.clarity(scope)
    ownership = formulas.ownership(scope)
    opportunities = formulas.opportunities(scope)
    practice, practice_counts = formulas.practice(scope, people)
    results, by_manager, overdue = formulas.check_ins(scope)
    efficacy, praise_counts, not_praised = formulas.self_efficacy(scope)
    colleagues, note_counts, network = formulas.colleagues(scope)

    def ids(keep: Callable[[Experiment], bool]) -> list[str]:
        return [e.id for e in active if keep(e)]

    # A practice on a day after this counts as recent (its day starts after `now` less
    # the four weeks).
    recent = (now - RATE_WEEKS * WEEK).date()
    levers = (
        _lever(
            "clarity",
            clarity,
            ids(lambda e: not e.plan_complete_at_start),
            (("plan complete at the start", clarity[0].trend),),
        ),
        _lever(
            "ownership",
            ownership,
            ids(lambda e: not e.confidence),
            (("confidence now", ownership[1].trend),),
        ),
        _lever(
            "opportunities",
            opportunities,
            ids(lambda e: e.opportunity is None),
            (("opportunity named", opportunities[0].trend),),
        ),
        _lever(
            "practice",
            practice,
            ids(
                lambda e: (
                    e.stage in (Stage.GOAL, Stage.PRACTICE)
                    and not any(p.on > recent for p in e.practice_done)
                )
            ),
            (("practice entries", tuple(float(c) for c in practice_counts)),),
        ),
        _lever(
            "results",
            results,
            overdue,
            (("overdue", results[2].trend),),
        ),
        _lever(
            "self-efficacy",
            efficacy,
            not_praised,
            tuple(
                (kind.value, tuple(float(c) for c in praise_counts[kind])) for kind in PraiseKind
            ),
        ),
        _lever(
            "colleagues",
            colleagues,
            list(network.unsupported),
            (("support notes", tuple(float(c) for c in note_counts)),),
        ),
    )
    return Insights(
        now=now,
        member=member,
        week_ends=week_ends(now),
        levers=levers,
        flow=formulas.flow(scope),
        check_ins=by_manager,
        network=network,
        experiments=len(active),
    )
