"""The formulas of the insights per lever, one function per lever: each works out its
signals for a scope (the team or one person) from the state and a clock.

Windows. `WEEKS` weeks end at `now`: week 11 is the seven days up to `now`, week 0 began 84
days before it. A trend has one value per week:

- a *state* signal (a share, an average, a median) is the value as it stood at the end of
  that week, worked out from the times in the state (when an experiment started, when its
  first practice was, when a supporter came and went);
- a *rate* (per week) is what happened within that week; its headline value is the mean
  of the last `RATE_WEEKS` weeks.

No data is never a number: a share of nothing, an average or a median of nothing, a rate
for nobody is None, which every view prints as "no data yet". A real zero (practice
expected and none logged) is 0.

What the state cannot tell: an edited plan or a revised reflection keeps only its current
words, so "complete" is judged on them (except the plan at the start, which the fold keeps
as `plan_complete_at_start`); an opportunity counts from when the one standing now was
first named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from teamboard.domain.events import STAGES, CheckInKind, PraiseKind, Role, Stage, sort_key
from teamboard.domain.facts import PRAISE_WINDOW, check_in_overdue_after, held_on_time, is_early
from teamboard.domain.state import BoardState, Experiment, SupportLink, SupportNote, counts
from teamboard.views.insights.signals import Signal, Unit
from teamboard.views.insights.weeks import (
    RATE_WEEKS,
    WEEK,
    WEEKS,
    AsOf,
    counts_per_week,
    day_start,
    medians,
    ratio,
    week_ends,
    week_within,
)


@dataclass(frozen=True)
class ManagerCheckIns:
    """Lever 5 for one manager (None: overdue check-ins nobody has held one with yet)."""

    manager: str | None
    held: int  # check-ins they held in the twelve weeks
    on_time: int  # of those, within their window
    overdue: tuple[tuple[str, CheckInKind], ...]  # (experiment id, kind) overdue now


@dataclass(frozen=True)
class SupportNetwork:
    """Lever 7: who supports whom."""

    pairs: tuple[tuple[str, str, int], ...]  # (supporter, owner, experiments), most first
    supports_nobody: tuple[str, ...]  # members
    unsupported: tuple[str, ...]  # experiment ids nobody supports


def _rate(counts: Sequence[int], people: Sequence[float]) -> tuple[float | None, ...]:
    return tuple(c / p if p else None for c, p in zip(counts, people, strict=True))


def _headline_rate(counts: Sequence[int], people: Sequence[float]) -> tuple[float | None, int]:
    """The mean of the last RATE_WEEKS weeks: events per person-week (None: nobody)."""
    events = sum(counts[-RATE_WEEKS:])
    person_weeks = sum(people[-RATE_WEEKS:])
    return (events / person_weeks if person_weeks else None), events


def _share(key: str, label: str, num: AsOf, den: AsOf) -> Signal:
    nums, dens = num.values(), den.values()
    trend = ratio(nums, dens)
    return Signal(key, label, Unit.SHARE, trend[-1], round(nums[-1]), round(dens[-1]), trend)


def _average(
    key: str,
    label: str,
    unit: Unit,
    total: AsOf,
    count: AsOf,
    extra: tuple[tuple[str, float | None], ...] = (),
) -> Signal:
    """An average as it stood at each week's end: the total over the count (its `of`)."""
    counts = count.values()
    trend = ratio(total.values(), counts)
    return Signal(key, label, unit, trend[-1], of=round(counts[-1]), trend=trend, extra=extra)


def _median_days(
    key: str, label: str, samples: list[tuple[datetime, float]], now: datetime
) -> Signal:
    """The median of (when, days) samples known by each week's end (its `of`: by now)."""
    known = medians(samples, now)
    done = sum(1 for at, _ in samples if at <= now)
    return Signal(key, label, Unit.DAYS, known[-1], of=done, trend=tuple(known))


def confidence_by_day(experiment: Experiment, now: datetime) -> list[int]:
    """The experiment's confidence on each day from its first rating to `now` (its latest
    rating by the end of that day, UTC): a trend drawn to the scale of time."""
    ratings = sorted(experiment.confidence, key=lambda r: r.at)
    if not ratings:
        return []
    first = ratings[0].at.date()
    days = max(0, (now.date() - first).days) + 1
    values: list[int] = []
    i = 0
    current = ratings[0].value
    for offset in range(days):
        day = first + timedelta(days=offset)
        while i < len(ratings) and ratings[i].at.date() <= day:
            current = ratings[i].value
            i += 1
        values.append(current)
    return values


# --- the scope --------------------------------------------------------------------------


@dataclass
class Scope:
    state: BoardState
    now: datetime
    member: str | None
    experiments: list[Experiment] = field(default_factory=list)
    started: AsOf | None = None  # the experiments, from their start: most shares' base

    def base(self) -> AsOf:
        if self.started is None:
            self.started = AsOf(self.now)
            self.started.add_many(e.created_at for e in self.experiments)
        return self.started

    def owns(self, experiment: Experiment) -> bool:
        return self.member is None or experiment.owner == self.member


def scope(state: BoardState, now: datetime, member: str | None) -> Scope:
    chosen = [
        e
        for e in state.experiments.values()
        if counts(e) and (member is None or e.owner == member) and e.created_at <= now
    ]
    return Scope(state, now, member, chosen)


# --- the levers, one function each --------------------------------------------------------


def clarity(scope: Scope) -> tuple[Signal, ...]:
    """1. Share of experiments whose transfer plan was complete when created."""
    complete, started = AsOf(scope.now), scope.base()
    complete.add_many(e.created_at for e in scope.experiments if e.plan_complete_at_start)
    return (_share("plan_complete_at_start", "plan complete at the start", complete, started),)


def ownership(scope: Scope) -> tuple[Signal, ...]:
    """2. Share of experiments with a self-rated confidence; the average confidence at the
    start (each experiment's first rating) and now (its latest), over the rated ones."""
    rated, started = AsOf(scope.now), scope.base()
    first_sum, latest_sum = AsOf(scope.now), AsOf(scope.now)
    firsts = [e.confidence[0] for e in scope.experiments if e.confidence]
    rated.add_many(r.at for r in firsts)
    first_sum.add_weighted((r.at, r.value) for r in firsts)
    changes: list[tuple[datetime, float]] = []  # each rating, as a change of the latest
    for e in scope.experiments:
        previous = 0
        for rating in e.confidence:  # in time order, as the fold appends them
            changes.append((rating.at, rating.value - previous))
            previous = rating.value
    latest_sum.add_weighted(changes)
    share = _share("confidence_rated", "confidence rated", rated, started)
    start = ratio(first_sum.values(), rated.values())
    average = _average(
        "confidence_now",
        "confidence now (at the start)",
        Unit.RATING,
        latest_sum,
        rated,
        extra=(("start", start[-1]),),
    )
    return share, average


def opportunities(scope: Scope) -> tuple[Signal, ...]:
    """3. Share of experiments with an opportunity named; the median days from an
    experiment's start to its first practice (the day it was done), over those practised."""
    named, started = AsOf(scope.now), scope.base()
    samples: list[tuple[datetime, float]] = []
    named.add_many(e.opportunity_at for e in scope.experiments if e.opportunity_at is not None)
    for e in scope.experiments:
        first = _first_practice(e)
        if first is not None:
            waited = max(0, (first - e.created_at.date()).days)
            samples.append((max(e.created_at, day_start(first)), waited))
    share = _share("opportunity_named", "opportunity named", named, started)
    days = _median_days("days_to_first_practice", "days to the first practice", samples, scope.now)
    return share, days


def _first_practice(e: Experiment) -> date | None:
    if not e.practice:
        return None
    return min((p.on for p in e.practice_done), default=None)


def people(scope: Scope) -> list[float]:
    """People with an experiment by each week's end: the owners (or the one person)."""
    firsts: dict[str, datetime] = {}
    for e in scope.experiments:
        if e.owner not in firsts or e.created_at < firsts[e.owner]:
            firsts[e.owner] = e.created_at
    people = AsOf(scope.now)
    for at in firsts.values():
        people.add(at)
    return people.values()


def practice(scope: Scope, people: list[float]) -> tuple[tuple[Signal, ...], list[int]]:
    """4. Practice entries per person per week (by the day practised; people: those with
    an experiment by then); the share of reflections answering all four questions; the
    median days from entering Practice to entering Reflection."""
    per_day: dict[date, int] = {}  # practice entries by the day practised
    for e in scope.experiments:
        for p in e.practice_done:
            per_day[p.on] = per_day.get(p.on, 0) + 1
    counts = [0] * WEEKS
    for on, n in per_day.items():
        k = week_within(day_start(on), scope.now)
        if k is not None:
            counts[k] += n
    value, events = _headline_rate(counts, people)
    per_person = Signal(
        "practice_per_person_week",
        "practice per person per week",
        Unit.PER_WEEK,
        value,
        count=events,
        trend=_rate(counts, people),
    )
    complete, written = AsOf(scope.now), AsOf(scope.now)
    samples: list[tuple[datetime, float]] = []
    all_reflections = [r for e in scope.experiments for r in e.reflections]
    written.add_many(r.at for r in all_reflections)
    complete.add_many(r.at for r in all_reflections if r.complete)
    for e in scope.experiments:
        if len(e.history) > 2:  # Goal, Practice, Reflection at least
            span = _practice_to_reflection(e)
            if span is not None:
                samples.append(span)
    reflections = _share(
        "reflections_complete", "reflections answering all four", complete, written
    )
    days = _median_days(
        "days_practice_to_reflection", "days from Practice to Reflection", samples, scope.now
    )
    return (per_person, reflections, days), counts


def _practice_to_reflection(e: Experiment) -> tuple[datetime, float] | None:
    """When the experiment first reached Reflection, and the days since it first entered
    Practice."""
    entered: datetime | None = None
    for visit in e.history:
        if visit.stage is Stage.PRACTICE and entered is None:
            entered = visit.at
        elif visit.stage is Stage.REFLECTION and entered is not None:
            return visit.at, (visit.at - entered).days
    return None


def check_ins(scope: Scope) -> tuple[tuple[Signal, ...], tuple[ManagerCheckIns, ...], list[str]]:
    """5. For each kind of check-in, the share held on time (before the board calls it
    overdue: board.check_in_overdue_at, two weeks after it is due, which is two weeks or
    three months after the start; an early one, facts.is_early, is not held), of the
    experiments whose time is up or that held it;
    the check-ins overdue (as the board's check_ins_due_for has them: not held, and past
    that time), at each week's end and now; and per manager, those they held in the
    twelve weeks and the overdue ones of the people they last checked in with."""
    now = scope.now
    kinds = (CheckInKind.SOON_AFTER, CheckInKind.LONG_TERM)
    on_time = {kind: AsOf(now) for kind in kinds}
    judged = {kind: AsOf(now) for kind in kinds}
    overdue_at = AsOf(now)
    overdue_now: list[tuple[Experiment, CheckInKind]] = []
    # The board's rule: overdue this long after the start, for each kind.
    offsets = [(kind, check_in_overdue_after(kind)) for kind in kinds]
    held = [e for e in scope.experiments if e.check_ins]
    # Most experiments of a big board have had no check-in: counted all at once.
    for kind, offset in offsets:
        never = [(e, e.created_at + offset) for e in scope.experiments if not e.check_ins]
        deadlines = [deadline for _, deadline in never]
        judged[kind].add_many(deadlines)
        overdue_at.add_many(deadlines)
        overdue_now.extend((e, kind) for e, deadline in never if deadline <= now)
    for e in held:
        first: dict[CheckInKind, datetime] = {}
        for c in e.check_ins:
            if is_early(e, c):
                continue  # kept, but it does not hold the check-in: never on time
            if c.kind not in first or c.at < first[c.kind]:
                first[c.kind] = c.at
        for kind, offset in offsets:
            deadline = e.created_at + offset
            at = first.get(kind)
            if at is None:
                judged[kind].add(deadline)
                overdue_at.add(deadline)
                if deadline <= now:
                    overdue_now.append((e, kind))
                continue
            judged[kind].add(min(deadline, at))
            overdue_at.add(deadline, at)
            if at <= deadline:
                on_time[kind].add(at)
    # In the order of the experiments, as every list behind a number.
    position = {e.id: i for i, e in enumerate(scope.experiments)}
    overdue_now.sort(key=lambda pair: (position[pair[0].id], kinds.index(pair[1])))
    soon, later = kinds
    signals = [
        _share("soon_after_on_time", "soon-after check-ins on time", on_time[soon], judged[soon]),
        _share("long_term_on_time", "long-term check-ins on time", on_time[later], judged[later]),
    ]
    trend = overdue_at.values()
    signals.append(
        Signal(
            "check_ins_overdue",
            "check-ins overdue",
            Unit.COUNT,
            float(len(overdue_now)) if scope.experiments else None,
            trend=tuple(trend) if scope.experiments else (None,) * WEEKS,
        )
    )
    ids = list(dict.fromkeys(e.id for e, _ in overdue_now))
    return tuple(signals), _by_manager(scope, overdue_now), ids


def _by_manager(
    scope: Scope, overdue: list[tuple[Experiment, CheckInKind]]
) -> tuple[ManagerCheckIns, ...]:
    state, now = scope.state, scope.now
    start = now - WEEKS * WEEK
    held: dict[str, int] = {}
    on_time: dict[str, int] = {}
    usual: dict[str, tuple[datetime, str]] = {}  # owner -> the manager who last checked in
    for e in scope.experiments:
        for c in e.check_ins:
            if not state.is_manager(c.author):
                continue
            last = usual.get(e.owner)
            if last is None or c.at > last[0]:
                usual[e.owner] = (c.at, c.author)
            if start < c.at <= now:
                held[c.author] = held.get(c.author, 0) + 1
                if held_on_time(e, c):
                    on_time[c.author] = on_time.get(c.author, 0) + 1
    late: dict[str | None, list[tuple[str, CheckInKind]]] = {}
    for e, kind in overdue:
        manager = usual[e.owner][1] if e.owner in usual else None
        late.setdefault(manager, []).append((e.id, kind))
    managers = [m.id for m in state.members.values() if m.role is Role.MANAGER]
    rows = [
        ManagerCheckIns(m, held.get(m, 0), on_time.get(m, 0), tuple(late.get(m, ())))
        for m in sorted(managers, key=lambda m: sort_key(state.name_of(m)))
    ]
    if None in late:
        rows.append(ManagerCheckIns(None, 0, 0, tuple(late[None])))
    return tuple(rows)


def self_efficacy(
    scope: Scope,
) -> tuple[tuple[Signal, ...], dict[PraiseKind, list[int]], list[str]]:
    """6. People praised in the last 30 days (board.PRAISE_WINDOW), of the team's members
    (or the one person); praise per week by kind, effort and result; the average change of
    confidence (latest minus first rating) of the experiments that reached Success, over
    those rated at least twice."""
    state, now = scope.state, scope.now
    people = [scope.member] if scope.member is not None else list(state.members)
    wanted = set(people)
    praise = [p for p in state.praise_standing if p.to in wanted]
    praised_at: dict[str, list[datetime]] = {}
    for p in praise:
        praised_at.setdefault(p.to, []).append(p.at)
    joined = {m: state.members[m].joined_at for m in people if m in state.members}
    ends = week_ends(now)
    praised_trend: list[float | None] = []
    counts: list[tuple[int, int]] = []
    for end in ends:
        members = [m for m, at in joined.items() if at <= end]
        recent = sum(
            1 for m in members if _praised_within(praised_at.get(m, []), end - PRAISE_WINDOW, end)
        )
        praised_trend.append(recent / len(members) if members else None)
        counts.append((recent, len(members)))
    recent_now, members_now = counts[-1]
    praised = Signal(
        "praised_30_days",
        "praised in the last 30 days",
        Unit.SHARE,
        praised_trend[-1],
        recent_now,
        members_now,
        tuple(praised_trend),
    )
    by_kind = {
        kind: counts_per_week((p.at for p in praise if p.kind is kind), now) for kind in PraiseKind
    }
    effort, result = sum(by_kind[PraiseKind.EFFORT]), sum(by_kind[PraiseKind.RESULT])
    kinds = Signal(
        "effort_praise_share",
        "effort praise (vs result)",
        Unit.SHARE,
        effort / (effort + result) if effort + result else None,
        effort,
        effort + result,
        ratio(by_kind[PraiseKind.EFFORT], [e + r for e, r in zip(*by_kind.values(), strict=True)]),
    )
    change = _success_confidence(scope)
    praised_now = {
        m for m, times in praised_at.items() if _praised_within(times, now - PRAISE_WINDOW, now)
    }
    not_praised = [
        e.id
        for e in scope.experiments
        if e.stage is not Stage.SUCCESS and e.owner not in praised_now
    ]
    return (praised, kinds, change), by_kind, not_praised


def _praised_within(times: list[datetime], start: datetime, end: datetime) -> bool:
    return any(start <= at <= end for at in times)


def _success_confidence(scope: Scope) -> Signal:
    """For each experiment that reached Success and was rated twice by then: its latest
    rating minus its first, as it stood at each week's end."""
    count, total = AsOf(scope.now), AsOf(scope.now)
    for e in scope.experiments:
        if len(e.confidence) < 2:
            continue
        success = next((v.at for v in e.history if v.stage is Stage.SUCCESS), None)
        if success is None:
            continue
        ratings = e.confidence  # in time order, as the fold appends them
        first = ratings[0].value
        counted = max(success, ratings[1].at)  # from then on it is a sample
        before = [r for r in ratings if r.at <= counted]
        value = before[-1].value - first
        count.add(counted)
        total.add(counted, weight=value)
        for rating in ratings[len(before) :]:
            total.add(rating.at, weight=rating.value - first - value)
            value = rating.value - first
    return _average(
        "success_confidence_change", "confidence change in Success", Unit.CHANGE, total, count
    )


def colleagues(
    scope: Scope,
) -> tuple[tuple[Signal, ...], list[int], SupportNetwork]:
    """7. Share of experiments with at least one supporter; support notes per week on
    them (by anyone but the owner; all of them, not per person); who supports whom."""
    now = scope.now
    supported, started = AsOf(now), scope.base()
    notes: list[SupportNote] = []
    since: list[datetime] = []
    for e in scope.experiments:
        if e.past_supporters:
            links: list[SupportLink] = [*e.past_supporters, *list(e.supporters.values())]
            for start, end in _covered(links):
                supported.add(start, end)
        elif e.supporters:  # supported since the first of them came, and still
            since.append(min(link.at for link in list(e.supporters.values())))
        if e.support_notes:
            notes.extend(n for n in e.notes_standing if n.author != e.owner)
    supported.add_many(since)
    share = _share("supported", "experiments with a supporter", supported, started)
    counts = counts_per_week((n.at for n in notes), now)
    value, events = _headline_rate(counts, [1.0] * WEEKS)
    per_week = Signal(
        "support_notes_per_week",
        "support notes per week",
        Unit.PER_WEEK,
        value if scope.experiments else None,
        count=events,
        trend=tuple(float(c) for c in counts) if scope.experiments else (None,) * WEEKS,
    )
    return (share, per_week), counts, _network(scope)


def _covered(links: list[SupportLink]) -> list[tuple[datetime, datetime | None]]:
    """The spans of time in which at least one of the links stood (merged)."""
    spans = sorted((link.at, link.ended) for link in links)
    merged: list[tuple[datetime, datetime | None]] = []
    for start, end in spans:
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last_start, last_end = merged[-1]
            if last_end is not None and (end is None or end > last_end):
                merged[-1] = (last_start, end)
            continue
        merged.append((start, end))
    return merged


def _network(scope: Scope) -> SupportNetwork:
    state = scope.state
    pairs: dict[tuple[str, str], int] = {}
    supporting: set[str] = set()
    # Everyone's experiments: whom a person supports is about the team around them.
    for e in state.experiments.values():
        if not counts(e):
            continue
        for supporter in list(e.supporters):
            supporting.add(supporter)
            if scope.member in (None, supporter, e.owner):
                pairs[(supporter, e.owner)] = pairs.get((supporter, e.owner), 0) + 1
    people = [scope.member] if scope.member is not None else list(state.members)
    return SupportNetwork(
        pairs=tuple(
            (supporter, owner, n)
            for (supporter, owner), n in sorted(
                pairs.items(),
                key=lambda item: (-item[1], sort_key(state.name_of(item[0][0])), item[0][1]),
            )
        ),
        supports_nobody=tuple(
            sorted(
                (m for m in people if m in state.members and m not in supporting),
                key=lambda m: sort_key(state.name_of(m)),
            )
        ),
        unsupported=tuple(e.id for e in scope.experiments if not e.supporters),
    )


def flow(scope: Scope) -> tuple[tuple[Stage, tuple[int, ...]], ...]:
    """Experiments per stage at each week's end (a cumulative flow)."""
    per_stage = {stage: AsOf(scope.now) for stage in STAGES}
    last: dict[Stage, list[datetime]] = {stage: [] for stage in STAGES}
    for e in scope.experiments:
        visits = e.history
        for i in range(len(visits) - 1):
            per_stage[visits[i].stage].add(visits[i].at, visits[i + 1].at)
        if visits:
            last[visits[-1].stage].append(visits[-1].at)  # where it stands: counted at once
    for stage, times in last.items():
        per_stage[stage].add_many(times)
    return tuple((stage, tuple(round(v) for v in per_stage[stage].values())) for stage in STAGES)
