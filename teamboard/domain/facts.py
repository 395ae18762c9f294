"""Facts derived from the state and a clock: days in a stage, stalls, check-ins due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from teamboard.domain.events import (
    CheckInKind,
    Stage,
)
from teamboard.domain.labels import check_in_word
from teamboard.domain.state import (
    BoardState,
    CheckIn,
    Experiment,
    Member,
    Refused,
)
from teamboard.domain.text import plural

STALLED_AFTER = timedelta(days=14)
SOON_AFTER_CHECK_IN = timedelta(days=14)
LONG_TERM_CHECK_IN = timedelta(days=90)
CHECK_IN_OVERDUE_AFTER = timedelta(days=14)
PRAISE_WINDOW = timedelta(days=30)
# When each check-in is due, counted from the experiment's start.
CHECK_IN_AFTER = {
    CheckInKind.SOON_AFTER: SOON_AFTER_CHECK_IN,
    CheckInKind.LONG_TERM: LONG_TERM_CHECK_IN,
}
# The long-term check-in asks about results months after the training (lever 5): not
# before two months after the start (the board does not know the training's date; the
# experiment starts soon after it). Writing one earlier is refused (rules.check_check_in_time);
# one already on a board is kept, as early: it neither holds the check-in nor counts as on
# time.
LONG_TERM_EARLIEST = timedelta(days=60)
CHECK_IN_EARLIEST = {
    CheckInKind.SOON_AFTER: timedelta(0),
    CheckInKind.LONG_TERM: LONG_TERM_EARLIEST,
}


def days_in_stage(experiment: Experiment, now: datetime) -> int:
    return max(0, (now - experiment.stage_since).days)


def days_in_stage_words(experiment: Experiment, now: datetime) -> str:
    days = days_in_stage(experiment, now)
    return plural(days, "day")


def last_practice_at(experiment: Experiment) -> datetime | None:
    done = experiment.practice_done
    return max(entry.at for entry in done) if done else None


def stall_reason(experiment: Experiment, now: datetime) -> str | None:
    """Why an experiment is stalled, or None: 14 days without the step its stage waits
    for. Goal waits for a first practice, Practice for more practice (counted from the
    last one, or from entering Practice), Reflection for a reflection; Success for nothing."""
    if experiment.withdrawn is not None or experiment.stage is Stage.SUCCESS:
        return None
    since = experiment.stage_since
    if experiment.stage is Stage.GOAL:
        if experiment.practice_done or now - since < STALLED_AFTER:
            return None
        return f"in Goal {(now - since).days} days without a first practice"
    if experiment.stage is Stage.PRACTICE:
        last = max(filter(None, (last_practice_at(experiment), since)))
        if now - last < STALLED_AFTER:
            return None
        return f"no practice logged for {(now - last).days} days"
    if any(r.at >= since for r in experiment.reflections) or now - since < STALLED_AFTER:
        return None
    return f"in Reflection {(now - since).days} days without a reflection"


def is_stalled(experiment: Experiment, now: datetime) -> bool:
    return stall_reason(experiment, now) is not None


def stalled(state: BoardState, now: datetime) -> list[Experiment]:
    return [e for e in state.active if is_stalled(e, now)]


def without_supporter(state: BoardState) -> list[Experiment]:
    return [e for e in state.active if not e.supporters]


def target_passed(experiment: Experiment, now: datetime) -> bool:
    """A target date in the past, and the experiment not yet in Success."""
    return (
        experiment.target_date is not None
        and experiment.target_date < now.date()
        and experiment.stage is not Stage.SUCCESS
    )


@dataclass(frozen=True)
class CheckInDue:
    experiment_id: str
    kind: CheckInKind
    due_on: date
    overdue: bool

    @property
    def word(self) -> str:
        """ "check-in due", or "check-in overdue" (domain.labels)."""
        return check_in_word(self.overdue)

    @property
    def words(self) -> str:
        """Which one and since when: "soon-after check-in, due 2026-11-01"."""
        return f"{self.kind.value} check-in, due {self.due_on.isoformat()}"


def check_in_overdue_after(kind: CheckInKind) -> timedelta:
    """How long after an experiment's start a check-in not held by then is overdue: when
    it is due, and two weeks more."""
    return CHECK_IN_AFTER[kind] + CHECK_IN_OVERDUE_AFTER


def check_in_overdue_at(experiment: Experiment, kind: CheckInKind) -> datetime:
    return experiment.created_at + check_in_overdue_after(kind)


def check_in_earliest_at(experiment: Experiment, kind: CheckInKind) -> datetime:
    """The earliest time this kind of check-in may be held (see LONG_TERM_EARLIEST)."""
    return experiment.created_at + CHECK_IN_EARLIEST[kind]


def is_early(experiment: Experiment, check_in: CheckIn) -> bool:
    """Held before its earliest time: kept, but it does not hold the check-in."""
    return check_in.at < check_in_earliest_at(experiment, check_in.kind)


def held_on_time(experiment: Experiment, check_in: CheckIn) -> bool:
    """Held in its time: not early, and before the board calls it overdue."""
    return not is_early(experiment, check_in) and check_in.at <= check_in_overdue_at(
        experiment, check_in.kind
    )


def check_ins_due_for(experiment: Experiment, now: datetime) -> list[CheckInDue]:
    """The check-ins this experiment should have had by now and has not (an early one
    does not count). (The stand-up's summary asks this of every experiment on the board:
    it returns early where it can.)"""
    created = experiment.created_at
    if experiment.withdrawn is not None or now < created + SOON_AFTER_CHECK_IN:
        return []
    held = (
        {c.kind for c in experiment.check_ins if not is_early(experiment, c)}
        if experiment.check_ins
        else ()
    )
    due: list[CheckInDue] = []
    for kind, after in CHECK_IN_AFTER.items():  # soon-after first, then long-term
        due_at = created + after
        if now < due_at:
            break  # the long-term one comes later still
        if kind not in held:
            overdue = now >= check_in_overdue_at(experiment, kind)
            due.append(CheckInDue(experiment.id, kind, due_at.date(), overdue))
    return due


def check_ins_due(state: BoardState, now: datetime) -> list[CheckInDue]:
    return [d for e in state.active for d in check_ins_due_for(e, now)]


def members_without_recent_praise(state: BoardState, now: datetime) -> list[Member]:
    recent = {p.to for p in state.praise_standing if now - p.at <= PRAISE_WINDOW}
    return [m for m in state.members.values() if m.id not in recent]


def stage_history(experiment: Experiment) -> list[tuple[Stage, date]]:
    return [(visit.stage, visit.at.date()) for visit in experiment.history]


def find_experiment(state: BoardState, ref: str) -> Experiment:
    """Find an experiment by its id or a unique id prefix (at least 4 characters)."""
    ref = ref.strip()
    if ref in state.experiments:
        return state.experiments[ref]
    ref = ref.lower()
    if len(ref) < 4:
        raise Refused(f"no experiment {ref!r}: give at least 4 characters of its id")
    matches = [e for key, e in state.experiments.items() if key.startswith(ref)]
    if not matches:
        raise Refused(f"no experiment with id {ref!r}")
    if len(matches) > 1:
        raise Refused(f"{len(matches)} experiments start with {ref!r}; give more of the id")
    return matches[0]
