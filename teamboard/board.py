"""The fold: events in, BoardState out, with the rules of who may do what.

`fold` is pure: the same events in any order give the same state, because it sorts them by
(at, author, seq, id) before applying. Each event is checked against the rules first; an
event that breaks one is skipped and listed in `BoardState.rejected` with the reason.
The same `apply` is used by the CLI and the app before writing, so a refused action is
refused with the same words everywhere.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from teamboard.model import (
    EVENT_TYPES,
    ORDER_KEY,
    STAGES,
    CheckedIn,
    CheckIn,
    CheckInKind,
    ConfidenceRated,
    ConfidenceRating,
    Event,
    Experiment,
    ExperimentCreated,
    ExperimentEdited,
    Member,
    MemberJoined,
    PracticeEntry,
    PracticeLogged,
    Praise,
    PraisePosted,
    Reflection,
    ReflectionWritten,
    Role,
    RoleSet,
    Stage,
    StageMoved,
    StageVisit,
    SupportAdded,
    SupportLink,
    SupportNote,
    SupportNoted,
    SupportRemoved,
    TransferPlan,
    describe_validation_error,
    parse_event,
)

STALLED_AFTER = timedelta(days=14)
SOON_AFTER_CHECK_IN = timedelta(days=14)
LONG_TERM_CHECK_IN = timedelta(days=90)
CHECK_IN_OVERDUE_AFTER = timedelta(days=14)
PRAISE_WINDOW = timedelta(days=30)


class Refused(Exception):
    """An action that the rules do not allow; the message says why, for a person."""


@dataclass
class Rejected:
    """An event kept on disk but left out of the state."""

    event_id: str
    author: str
    type: str
    reason: str
    source: str = ""


@dataclass
class BoardState:
    founder: str | None = None
    members: dict[str, Member] = field(default_factory=dict)
    experiments: dict[str, Experiment] = field(default_factory=dict)
    praise: list[Praise] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # The order key of the newest applied event: a later event can be applied on top,
    # an earlier one needs a fresh fold.
    last_key: tuple | None = None

    def member(self, member_id: str) -> Member:
        try:
            return self.members[member_id]
        except KeyError:
            raise Refused(f"no member {member_id!r} on this board") from None

    def experiment(self, experiment_id: str) -> Experiment:
        try:
            return self.experiments[experiment_id]
        except KeyError:
            raise Refused(f"no experiment {experiment_id!r} on this board") from None

    def is_manager(self, member_id: str) -> bool:
        member = self.members.get(member_id)
        return member is not None and member.role is Role.MANAGER

    def name_of(self, member_id: str) -> str:
        member = self.members.get(member_id)
        return member.name if member else member_id


# --- applying one event -----------------------------------------------------------------


def _joined(state: BoardState, author: str) -> None:
    if author not in state.members:
        raise Refused(f"{author!r} has not joined this board")


def _own(state: BoardState, event: Event, what: str) -> Experiment:
    experiment = state.experiment(event.experiment_id)
    if experiment.owner != event.author:
        raise Refused(
            f"only {state.name_of(experiment.owner)} (the owner) may {what} this experiment"
        )
    return experiment


def check_move(state: BoardState, experiment: Experiment, to: Stage, author: str) -> None:
    """Raise Refused if `author` may not move `experiment` to `to` now."""
    if author != experiment.owner and not state.is_manager(author):
        raise Refused("only the owner or a manager may move an experiment")
    step = to.index - experiment.stage.index
    if step == 0:
        raise Refused(f"the experiment is already in {to.label}")
    if abs(step) != 1:
        raise Refused(
            f"an experiment moves one stage at a time: {experiment.stage.label} "
            f"can go to {' or '.join(s.label for s in neighbours(experiment.stage))}"
        )
    if to is Stage.REFLECTION and step == 1 and not experiment.practice:
        raise Refused("log at least one practice before moving to Reflection")
    if to is Stage.SUCCESS and not any(r.complete for r in experiment.reflections):
        raise Refused("write a reflection that answers all four questions before Success")


def neighbours(stage: Stage) -> list[Stage]:
    return [STAGES[i] for i in (stage.index - 1, stage.index + 1) if 0 <= i < len(STAGES)]


def apply(state: BoardState, event: Event) -> None:
    """Apply one event to `state` in place, or raise Refused and leave `state` untouched.

    Every check comes before the first change, so a refused event changes nothing.
    """
    handler = _HANDLERS.get(type(event))
    if handler is None:  # pragma: no cover - the union is closed
        raise Refused(f"unknown event type {event.type!r}")
    handler(state, event)
    _passed(state, event)


def apply_or_reject(state: BoardState, event: Event, source: str = "") -> bool:
    """Apply the event, or list it in `state.rejected` with the reason; True if applied."""
    try:
        apply(state, event)
    except Refused as refusal:
        state.rejected.append(Rejected(event.id, event.author, event.type, str(refusal), source))
        _passed(state, event)
        return False
    return True


def _passed(state: BoardState, event: Event) -> None:
    """Note that the state has judged this event (applied or refused): an event that
    sorts before it can no longer be applied on top, it needs a fresh fold."""
    key = event.order_key
    if state.last_key is None or key > state.last_key:
        state.last_key = key


def _member_joined(state: BoardState, event: MemberJoined) -> None:
    member = state.members.get(event.author)
    if member is not None:
        member.name = event.name
        return
    role = Role.MANAGER if event.author == state.founder else Role.EMPLOYEE
    state.members[event.author] = Member(
        id=event.author, name=event.name, role=role, joined_at=event.at
    )


def _role_set(state: BoardState, event: RoleSet) -> None:
    _joined(state, event.author)
    if not state.is_manager(event.author):
        raise Refused("only a manager may set roles")
    target = state.member(event.member)
    if target.role is Role.MANAGER and event.role is not Role.MANAGER:
        managers = [m for m in state.members.values() if m.role is Role.MANAGER]
        if len(managers) == 1:
            raise Refused("the board needs at least one manager")
    target.role = event.role


def _experiment_created(state: BoardState, event: ExperimentCreated) -> None:
    _joined(state, event.author)
    if event.experiment_id in state.experiments:
        raise Refused("an experiment with this id exists already")
    state.experiments[event.experiment_id] = Experiment(
        id=event.experiment_id,
        owner=event.author,
        title=event.title,
        training=event.training,
        plan=event.plan,  # the event is let go after the fold; edits replace the plan
        opportunity=event.opportunity,
        target_date=event.target_date,
        created_at=event.at,
        history=[StageVisit(stage=Stage.GOAL, at=event.at)],
        confidence=(
            [ConfidenceRating(value=event.confidence, at=event.at)] if event.confidence else []
        ),
    )


def _experiment_edited(state: BoardState, event: ExperimentEdited) -> None:
    experiment = _own(state, event, "edit the plan of")
    if event.title is not None:
        experiment.title = event.title
    if event.training is not None:
        experiment.training = event.training
    changes = {f: getattr(event, f) for f in _PLAN_FIELDS if getattr(event, f) is not None}
    if changes:
        experiment.plan = TransferPlan(**(experiment.plan.model_dump() | changes))
    if event.opportunity is not None:
        experiment.opportunity = event.opportunity.model_copy()
    if event.target_date is not None:
        experiment.target_date = event.target_date


def _stage_moved(state: BoardState, event: StageMoved) -> None:
    experiment = state.experiment(event.experiment_id)
    check_move(state, experiment, event.to, event.author)
    experiment.stage = event.to
    experiment.history.append(StageVisit(stage=event.to, at=event.at))


def _practice_logged(state: BoardState, event: PracticeLogged) -> None:
    experiment = _own(state, event, "log practice for")
    experiment.practice.append(
        PracticeEntry(id=event.entry_id, at=event.at, on=event.on, what=event.what)
    )


def _reflection_written(state: BoardState, event: ReflectionWritten) -> None:
    experiment = _own(state, event, "reflect on")
    answers = (event.wanted, event.did, event.effect, event.next_time)
    if not any(answer.strip() for answer in answers):
        raise Refused("a reflection needs at least one answer")
    reflection = Reflection(
        id=event.reflection_id,
        at=event.at,
        wanted=event.wanted,
        did=event.did,
        effect=event.effect,
        next_time=event.next_time,
    )
    # Writing a reflection with the same id again revises it.
    for i, existing in enumerate(experiment.reflections):
        if existing.id == reflection.id:
            experiment.reflections[i] = reflection
            return
    experiment.reflections.append(reflection)


def _confidence_rated(state: BoardState, event: ConfidenceRated) -> None:
    experiment = _own(state, event, "rate confidence for")
    experiment.confidence.append(ConfidenceRating(value=event.value, at=event.at))


def _checked_in(state: BoardState, event: CheckedIn) -> None:
    _joined(state, event.author)
    experiment = state.experiment(event.experiment_id)
    if event.author != experiment.owner and not state.is_manager(event.author):
        raise Refused("only the owner or a manager may record a check-in")
    experiment.check_ins.append(
        CheckIn(
            id=event.check_in_id,
            at=event.at,
            author=event.author,
            kind=event.kind,
            notes=event.notes,
        )
    )


def _praise_posted(state: BoardState, event: PraisePosted) -> None:
    _joined(state, event.author)
    if not state.is_manager(event.author):
        raise Refused("only a manager may post praise; colleagues can add a support note")
    state.member(event.to)
    if event.to == event.author:
        raise Refused("praise is for someone else")
    if event.experiment_id is not None:
        experiment = state.experiment(event.experiment_id)
        if experiment.owner != event.to:
            raise Refused(
                f"that experiment belongs to {state.name_of(experiment.owner)}, "
                f"not {state.name_of(event.to)}"
            )
    state.praise.append(
        Praise(
            id=event.praise_id,
            at=event.at,
            author=event.author,
            to=event.to,
            experiment_id=event.experiment_id,
            message=event.message,
            kind=event.kind,
        )
    )


def _support_added(state: BoardState, event: SupportAdded) -> None:
    _joined(state, event.author)
    experiment = state.experiment(event.experiment_id)
    state.member(event.supporter)
    if event.supporter == experiment.owner:
        raise Refused("the owner cannot be their own supporter")
    if event.author not in (event.supporter, experiment.owner):
        raise Refused("you can add yourself as a supporter, or the owner can ask someone")
    if event.supporter in experiment.supporters:
        raise Refused(f"{state.name_of(event.supporter)} supports this already")
    experiment.supporters[event.supporter] = SupportLink(
        supporter=event.supporter,
        experiment_id=experiment.id,
        at=event.at,
        added_by=event.author,
    )


def _support_removed(state: BoardState, event: SupportRemoved) -> None:
    _joined(state, event.author)
    experiment = state.experiment(event.experiment_id)
    if event.author not in (event.supporter, experiment.owner):
        raise Refused("only the supporter or the owner may remove a supporter")
    if event.supporter not in experiment.supporters:
        raise Refused(f"{state.name_of(event.supporter)} does not support this")
    del experiment.supporters[event.supporter]


def _support_noted(state: BoardState, event: SupportNoted) -> None:
    _joined(state, event.author)
    experiment = state.experiment(event.experiment_id)
    experiment.support_notes.append(
        SupportNote(
            id=event.note_id,
            at=event.at,
            author=event.author,
            experiment_id=experiment.id,
            text=event.text,
        )
    )


_HANDLERS: dict[type, Callable[[BoardState, Any], None]] = {
    MemberJoined: _member_joined,
    RoleSet: _role_set,
    ExperimentCreated: _experiment_created,
    ExperimentEdited: _experiment_edited,
    StageMoved: _stage_moved,
    PracticeLogged: _practice_logged,
    ReflectionWritten: _reflection_written,
    ConfidenceRated: _confidence_rated,
    CheckedIn: _checked_in,
    PraisePosted: _praise_posted,
    SupportAdded: _support_added,
    SupportRemoved: _support_removed,
    SupportNoted: _support_noted,
}

_PLAN_FIELDS = ("why_me", "must_deliver", "team_goals", "personal_benefit")


# --- folding many -----------------------------------------------------------------------


@dataclass
class StoredEvent:
    """An event as read from a file, with the path it came from (for reports): raw, or
    already validated when the store could check the whole file at once."""

    raw: dict | None = None
    source: str = ""
    # The member whose file it came from: an event in someone else's file is refused.
    file_owner: str | None = None
    event: Event | None = None


def fold(events: Iterable[Event | StoredEvent | Mapping], founder: str | None = None) -> BoardState:
    """Fold events, in any order, into the board's state.

    Accepts parsed events or raw dicts (as stored). Raw events that fail validation or
    have an unknown type are listed in `rejected` and skipped.
    """
    with paused_gc():
        return _fold(events, founder)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading and folding a big board makes many small objects that live on; the cyclic
    garbage collector would walk them again and again (half the time of a 10,000
    experiment fold) and find no cycles to free. Afterwards they are frozen (moved out
    of the collector's sight), or the first collection would walk all of them at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _fold(events: Iterable[Event | StoredEvent | Mapping], founder: str | None) -> BoardState:
    state = BoardState(founder=founder)
    parsed: list[tuple[Event, str]] = []
    for item in events:
        if isinstance(item, StoredEvent):
            if item.event is not None:
                event = item.event
            else:
                event = _parse(state, item.raw or {}, item.source, item.file_owner)
            source = item.source
        elif isinstance(item, Mapping):
            event = _parse(state, dict(item), "")
            source = ""
        else:
            event, source = item, ""
        if event is not None:
            parsed.append((event, source))
    parsed.sort(key=lambda pair: ORDER_KEY(pair[0]), reverse=True)
    # Popped from the end, each event is let go as soon as it is applied: on a big board
    # that keeps the parsed events and the state from both being whole in memory at once.
    while parsed:
        event, source = parsed.pop()
        apply_or_reject(state, event, source)
    state.rejected.sort(key=lambda r: (r.source, r.author, r.event_id, r.reason))
    return state


def _parse(
    state: BoardState, raw: dict, source: str, file_owner: str | None = None
) -> Event | None:
    kind = raw.get("type")
    reason: str
    if not isinstance(kind, str) or kind not in EVENT_TYPES:
        reason = f"unknown event type {kind!r} (written by a newer teamboard?)"
    elif file_owner is not None and raw.get("author") != file_owner:
        reason = f"written by {raw.get('author')!r} into the file of {file_owner!r}"
    else:
        try:
            return parse_event(raw)
        except ValidationError as error:
            reason = f"invalid {kind}: {describe_validation_error(error)}"
    state.rejected.append(
        Rejected(
            str(raw.get("id", "?")),
            str(raw.get("author", "?")),
            str(kind),
            reason,
            source,
        )
    )
    return None


# --- derived facts ----------------------------------------------------------------------


def days_in_stage(experiment: Experiment, now: datetime) -> int:
    return max(0, (now - experiment.stage_since).days)


def last_practice_at(experiment: Experiment) -> datetime | None:
    if not experiment.practice:
        return None
    return max(entry.at for entry in experiment.practice)


def is_stalled(experiment: Experiment, now: datetime) -> bool:
    """In Practice, and no practice logged for 14 days (counted from entering Practice
    when there is none since)."""
    if experiment.stage is not Stage.PRACTICE:
        return False
    last = max(filter(None, (last_practice_at(experiment), experiment.stage_since)))
    return now - last >= STALLED_AFTER


def stalled(state: BoardState, now: datetime) -> list[Experiment]:
    return [e for e in state.experiments.values() if is_stalled(e, now)]


def without_supporter(state: BoardState) -> list[Experiment]:
    return [e for e in state.experiments.values() if not e.supporters]


@dataclass(frozen=True)
class CheckInDue:
    experiment_id: str
    kind: CheckInKind
    due_on: date
    overdue: bool


def check_ins_due_for(experiment: Experiment, now: datetime) -> list[CheckInDue]:
    """The check-ins this experiment should have had by now and has not."""
    held = {c.kind for c in experiment.check_ins}
    due: list[CheckInDue] = []
    for kind, after in (
        (CheckInKind.SOON_AFTER, SOON_AFTER_CHECK_IN),
        (CheckInKind.LONG_TERM, LONG_TERM_CHECK_IN),
    ):
        due_at = experiment.created_at + after
        if kind not in held and now >= due_at:
            due.append(
                CheckInDue(
                    experiment.id,
                    kind,
                    due_at.date(),
                    now >= due_at + CHECK_IN_OVERDUE_AFTER,
                )
            )
    return due


def check_ins_due(state: BoardState, now: datetime) -> list[CheckInDue]:
    return [d for e in state.experiments.values() for d in check_ins_due_for(e, now)]


def members_without_recent_praise(state: BoardState, now: datetime) -> list[Member]:
    recent = {p.to for p in state.praise if now - p.at <= PRAISE_WINDOW}
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
