"""The fold: events in, BoardState out, with the rules of who may do what.

The order. Every machine must fold the same files to the same state, so the order is a
function of the events alone: by time, then author, then the author's own sequence number
(and the id, so that any two events have one order). A person's log is written in order,
so its order wins over its clock: an event stamped later than the same author's next event
counts at that next event's time (`effective times`). One colleague's clock that ran ahead
once is then corrected by their next event; `teamboard check` names such events.

The rules. Each rule is one `check_*` function that raises Refused with the reason (and the
event that caused it, when there is one). The fold's handlers call them before they change
anything, so a refused event changes nothing; the app's screens ask the same functions
(`allows`) which keys to offer, and the CLI prints their words.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from teamboard.model import (
    EVENT_TYPES,
    STAGES,
    CheckInKind,
    EntryKind,
    Event,
    PlanField,
    PraiseKind,
    RawEvent,
    Role,
    Stage,
    describe_validation_error,
    parse_event,
)
from teamboard.state import (
    BoardState,
    CheckIn,
    ConfidenceRating,
    Correction,
    CorrectionRecord,
    Experiment,
    HelpAsk,
    Member,
    Opportunity,
    OrderKey,
    PracticeEntry,
    Praise,
    Reflection,
    Refused,
    Rejected,
    StageVisit,
    Standup,
    SupportLink,
    SupportNote,
    TransferPlan,
)

__all__ = ["BoardState", "Refused", "Rejected", "apply", "fold"]

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
# A practice date is a person's local date; event times are UTC. A day either side covers
# every time zone.
DATE_SLACK = timedelta(hours=14)


# --- the rules --------------------------------------------------------------------------


def allows(check: Callable[..., object], *args: Any) -> bool:
    """True if the rule `check` lets this happen now (for keys and footers)."""
    try:
        check(*args)
    except Refused:
        return False
    return True


def check_joined(state: BoardState, author: str) -> Member:
    member = state.members.get(author)
    if member is None:
        raise Refused(f"{author!r} has not joined this board")
    return member


def check_manager(state: BoardState, author: str, what: str) -> None:
    member = check_joined(state, author)
    if member.role is not Role.MANAGER:
        raise Refused(f"only a manager may {what}", cause=member.role_event)


def check_on_board(experiment: Experiment) -> None:
    if experiment.withdrawn is not None:
        raise Refused(
            "the experiment is withdrawn (its owner can restore it)",
            cause=experiment.withdrawn.event_id,
        )


def check_owner(state: BoardState, experiment: Experiment, author: str, what: str) -> None:
    """Ownership (lever 2): only the owner edits their plan, practice and reflections."""
    if experiment.owner != author:
        raise Refused(
            f"only {state.name_of(experiment.owner)} (the owner) may {what} this experiment"
        )
    check_on_board(experiment)


def check_owner_or_manager(
    state: BoardState, experiment: Experiment, author: str, what: str
) -> None:
    if author != experiment.owner and not state.is_manager(author):
        member = state.members.get(author)
        raise Refused(
            f"only the owner or a manager may {what}", cause=member.role_event if member else ""
        )
    check_on_board(experiment)


def check_move(state: BoardState, experiment: Experiment, to: Stage, author: str) -> None:
    """Raise Refused if `author` may not move `experiment` to `to` now."""
    check_owner_or_manager(state, experiment, author, "move an experiment")
    step = to.position - experiment.stage.position
    if step == 0:
        raise Refused(f"the experiment is already in {to.label}", cause=experiment.stage_event)
    if abs(step) != 1:
        raise Refused(
            f"an experiment moves one stage at a time: {experiment.stage.label} "
            f"can go to {' or '.join(s.label for s in neighbours(experiment.stage))}",
            cause=experiment.stage_event,
        )
    if to is Stage.REFLECTION and step == 1 and not experiment.practice_done:
        raise Refused("log at least one practice before moving to Reflection")
    if to is Stage.SUCCESS and not any(r.complete for r in experiment.reflections):
        raise Refused("write a reflection that answers all four questions before Success")


def check_step(state: BoardState, experiment: Experiment, step: int, author: str) -> Stage:
    """The stage one step back (-1) or forward (+1), if `author` may move it there."""
    target = experiment.stage.position + step
    if not 0 <= target < len(STAGES):
        edge = "first" if step < 0 else "last"
        raise Refused(f"{experiment.stage.label} is the {edge} stage")
    to = STAGES[target]
    check_move(state, experiment, to, author)
    return to


def neighbours(stage: Stage) -> list[Stage]:
    return [STAGES[i] for i in (stage.position - 1, stage.position + 1) if 0 <= i < len(STAGES)]


def check_practice(
    state: BoardState, experiment: Experiment, author: str, on: date, at: datetime
) -> None:
    """The owner logs practice on a day that is neither ahead of the time of writing nor
    before the experiment existed."""
    check_owner(state, experiment, author, "log practice for")
    if on > (at + DATE_SLACK).date():
        raise Refused(f"the practice date {on.isoformat()} is in the future")
    started = (experiment.created_at - DATE_SLACK).date()
    if on < started:
        raise Refused(
            f"the practice date {on.isoformat()} is before the experiment existed "
            f"({experiment.created_at.date().isoformat()})",
            cause=experiment.event_id,
        )


def check_reflect(
    state: BoardState, experiment: Experiment, author: str, reflection_id: str, complete: bool
) -> Reflection | None:
    """The owner writes a reflection (or revises one: the same id again). Returns the
    reflection being revised, if it is one."""
    check_owner(state, experiment, author, "reflect on")
    revised = next((r for r in experiment.reflections if r.id == reflection_id), None)
    if revised is not None and experiment.stage is Stage.SUCCESS and not complete:
        others = [r for r in experiment.reflections if r is not revised and r.complete]
        if not others:
            raise Refused(
                "this reflection is what took the experiment to Success: a revision must "
                "still answer all four questions",
                cause=experiment.stage_event,
            )
    return revised


def check_check_in(state: BoardState, experiment: Experiment, author: str) -> None:
    check_owner_or_manager(state, experiment, author, "record a check-in")


def check_praise(
    state: BoardState, author: str, to: str, experiment: Experiment | None = None
) -> None:
    check_manager(state, author, "post praise; colleagues can add a support note")
    state.member(to)
    if to == author:
        raise Refused("praise is for someone else")
    if experiment is not None:
        check_on_board(experiment)
        if experiment.owner != to:
            raise Refused(
                f"that experiment belongs to {state.name_of(experiment.owner)}, "
                f"not {state.name_of(to)}"
            )


def check_support(state: BoardState, experiment: Experiment, supporter: str, author: str) -> None:
    """Lever 7: anyone may support a colleague's experiment; the owner may ask someone."""
    check_joined(state, author)
    check_on_board(experiment)
    state.member(supporter)
    if supporter == experiment.owner:
        raise Refused("the owner cannot be their own supporter")
    if author not in (supporter, experiment.owner):
        raise Refused("you can add yourself as a supporter, or the owner can ask someone")
    link = experiment.supporters.get(supporter)
    if link is not None:
        raise Refused(f"{state.name_of(supporter)} supports this already", cause=link.event_id)


def check_unsupport(state: BoardState, experiment: Experiment, supporter: str, author: str) -> None:
    check_joined(state, author)
    if author not in (supporter, experiment.owner):
        raise Refused("only the supporter or the owner may remove a supporter")
    if supporter not in experiment.supporters:
        raise Refused(f"{state.name_of(supporter)} does not support this")


def check_note(state: BoardState, experiment: Experiment, author: str) -> None:
    """Anyone on the board may leave a support note, the owner too (a thank-you, a reply)."""
    check_joined(state, author)
    check_on_board(experiment)


def check_role(state: BoardState, author: str, member: str, role: Role) -> None:
    check_manager(state, author, "set roles")
    target = state.member(member)
    if target.role is Role.MANAGER and role is not Role.MANAGER:
        managers = [m for m in state.members.values() if m.role is Role.MANAGER]
        if len(managers) == 1:
            raise Refused("the board needs at least one manager")


def check_withdraw(state: BoardState, experiment: Experiment, author: str) -> None:
    check_owner(state, experiment, author, "withdraw")


def check_restore(state: BoardState, experiment: Experiment, author: str) -> None:
    if experiment.owner != author:
        raise Refused(
            f"only {state.name_of(experiment.owner)} (the owner) may restore this experiment"
        )
    if experiment.withdrawn is None:
        raise Refused("the experiment is on the board, not withdrawn")


def check_ask_help(state: BoardState, experiment: Experiment, author: str) -> None:
    """The owner asks for help on their own experiment (asking again replaces the ask)."""
    check_owner(state, experiment, author, "ask for help on")


def check_clear_help(state: BoardState, experiment: Experiment, author: str) -> HelpAsk:
    check_owner(state, experiment, author, "clear the help asked on")
    if experiment.help is None:
        last = experiment.help_asks[-1] if experiment.help_asks else None
        raise Refused("no help is asked on this experiment", cause=last.event_id if last else "")
    return experiment.help


def check_start_standup(state: BoardState, author: str) -> None:
    """Anyone on the board may run the stand-up."""
    check_joined(state, author)


def check_end_standup(state: BoardState, author: str, standup_id: str) -> Standup:
    check_joined(state, author)
    standup = next((s for s in reversed(state.standups) if s.id == standup_id), None)
    if standup is None:
        raise Refused(f"no stand-up {standup_id!r} was started")
    if standup.ended_at is not None:
        raise Refused("that stand-up has ended already", cause=standup.event_id)
    return standup


Entry = PracticeEntry | SupportNote | Praise


def check_take_back(
    state: BoardState, author: str, kind: EntryKind, entry_id: str, experiment_id: str | None
) -> Entry:
    """Only the author of an entry takes it back (a manager, the praise they posted)."""
    check_joined(state, author)
    entry: Entry | None
    if kind is EntryKind.PRAISE:
        entry = next((p for p in state.praise if p.id == entry_id), None)
        writer = entry.author if entry else ""
    else:
        if not experiment_id:
            raise Refused(f"say which experiment the {kind.value} belongs to")
        experiment = state.experiment(experiment_id)
        if kind is EntryKind.PRACTICE:
            entry = next((p for p in experiment.practice if p.id == entry_id), None)
            writer = experiment.owner
        else:
            entry = next((n for n in experiment.support_notes if n.id == entry_id), None)
            writer = entry.author if entry else ""
    if entry is None:
        raise Refused(f"no {kind.value} {entry_id!r} to take back")
    if writer != author:
        raise Refused(f"only {state.name_of(writer)}, who wrote it, may take back this {kind}")
    if entry.taken_back is not None:
        raise Refused(f"this {kind.value} was taken back already", cause=entry.taken_back.event_id)
    return entry


# --- applying one event -----------------------------------------------------------------


def apply(state: BoardState, event: Event, at: datetime | None = None) -> None:
    """Apply one event to `state` in place, or raise Refused and leave `state` untouched.

    `at` is the event's effective time (see the module's docstring); by default its own.
    Every check comes before the first change, so a refused event changes nothing.
    """
    if event["id"] in state.event_ids:
        raise Refused("the same event id is stored twice; this copy is left out", event["id"])
    handler = _HANDLERS[event["type"]]
    handler(state, event, event["at"] if at is None else at)


def judge(state: BoardState, event: Event, key: OrderKey | None = None, source: str = "") -> bool:
    """Apply the event, or list it in `state.rejected`; True if it was applied."""
    key = key or order_key(event)
    try:
        apply(state, event, key[0])
    except Refused as refusal:
        state.rejected.append(
            Rejected(
                event["id"],
                event["author"],
                event["type"],
                str(refusal),
                source,
                refusal.cause,
                event["at"].isoformat(),
            )
        )
        applied = False
    else:
        applied = True
    state.event_ids.add(event["id"])
    if state.last_key is None or key > state.last_key:
        state.last_key = key
    return applied


def _member_joined(state: BoardState, event: Any, at: datetime) -> None:
    member = state.members.get(event["author"])
    if member is not None:
        member.name = event["name"]
        return
    author = event["author"]
    role = Role.MANAGER if author == state.founder else Role.EMPLOYEE
    state.members[author] = Member(author, event["name"], role, at)


def _role_set(state: BoardState, event: Any, at: datetime) -> None:
    check_role(state, event["author"], event["member"], event["role"])
    target = state.members[event["member"]]
    target.role = event["role"]
    target.role_event = event["id"]


def _experiment_created(state: BoardState, event: Any, at: datetime) -> None:
    check_joined(state, event["author"])
    experiment_id = event["experiment_id"]
    existing = state.experiments.get(experiment_id)
    if existing is not None:
        raise Refused("an experiment with this id exists already", cause=existing.event_id)
    plan = TransferPlan(**event["plan"]) if "plan" in event else TransferPlan()
    opportunity = event.get("opportunity")
    confidence = event.get("confidence")
    state.experiments[experiment_id] = Experiment(
        id=experiment_id,
        owner=event["author"],
        title=event["title"],
        created_at=at,
        training=event.get("training", ""),
        plan=plan,
        plan_complete_at_start=plan.complete,
        opportunity=Opportunity(**opportunity) if opportunity is not None else None,
        opportunity_at=at if opportunity is not None else None,
        target_date=event.get("target_date"),
        history=[StageVisit(Stage.GOAL, at, event["author"], event["id"])],
        confidence=[ConfidenceRating(confidence, at)] if confidence else [],
        event_id=event["id"],
    )


_PLAN_FIELDS = ("why_me", "must_deliver", "team_goals", "personal_benefit")


def _experiment_edited(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_owner(state, experiment, event["author"], "edit the plan of")
    if "title" in event:
        experiment.title = event["title"]
    if "training" in event:
        experiment.training = event["training"]
    for name in _PLAN_FIELDS:
        if name in event:
            setattr(experiment.plan, name, event[name])
    if "opportunity" in event:
        if experiment.opportunity is None:
            experiment.opportunity_at = at
        experiment.opportunity = Opportunity(**event["opportunity"])
    if "target_date" in event:
        experiment.target_date = event["target_date"]


def _plan_cleared(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_owner(state, experiment, event["author"], "edit the plan of")
    for name in event["fields"]:
        if name is PlanField.TARGET_DATE:
            experiment.target_date = None
        elif name is PlanField.OPPORTUNITY:
            experiment.opportunity = None
            experiment.opportunity_at = None
    words = " and ".join(name.replace("_", " ") for name in event["fields"])
    _record(state, f"cleared the {words}", event, at, experiment)


def _stage_moved(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_move(state, experiment, event["to"], event["author"])
    experiment.stage = event["to"]
    experiment.history.append(StageVisit(event["to"], at, event["author"], event["id"]))


def _practice_logged(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_practice(state, experiment, event["author"], event["on"], at)
    experiment.practice.append(
        PracticeEntry(event["entry_id"], at, event["on"], event["what"], event["id"])
    )


def _reflection_written(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    answers = (
        event.get("wanted", ""),
        event.get("did", ""),
        event.get("effect", ""),
        event.get("next_time", ""),
    )
    if not any(answer.strip() for answer in answers):
        raise Refused("a reflection needs at least one answer")
    complete = all(answer.strip() for answer in answers)
    revised = check_reflect(state, experiment, event["author"], event["reflection_id"], complete)
    if revised is None:
        experiment.reflections.append(
            Reflection(event["reflection_id"], at, *answers, event_id=event["id"])
        )
        return
    revised.wanted, revised.did, revised.effect, revised.next_time = answers
    revised.event_id = event["id"]
    revised.revised_at = at
    _record(state, "revised a reflection", event, at, experiment)


def _confidence_rated(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_owner(state, experiment, event["author"], "rate confidence for")
    experiment.confidence.append(ConfidenceRating(event["value"], at))


def _checked_in(state: BoardState, event: Any, at: datetime) -> None:
    check_joined(state, event["author"])
    experiment = state.experiment(event["experiment_id"])
    check_check_in(state, experiment, event["author"])
    experiment.check_ins.append(
        CheckIn(event["check_in_id"], at, event["author"], event["kind"], event.get("notes", ""))
    )


def _praise_posted(state: BoardState, event: Any, at: datetime) -> None:
    experiment_id = event.get("experiment_id")
    experiment = state.experiment(experiment_id) if experiment_id is not None else None
    check_praise(state, event["author"], event["to"], experiment)
    state.praise.append(
        Praise(
            event["praise_id"],
            at,
            event["author"],
            event["to"],
            experiment_id,
            event["message"],
            event.get("kind", PraiseKind.EFFORT),
        )
    )


def _support_added(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_support(state, experiment, event["supporter"], event["author"])
    experiment.supporters[event["supporter"]] = SupportLink(
        event["supporter"], experiment.id, at, event["author"], event["id"]
    )
    _help_answered(experiment, event["supporter"], at)


def _help_answered(experiment: Experiment, supporter: str, at: datetime) -> None:
    """Support offered after help was asked answers the call: it is cleared."""
    open_ask = experiment.help
    if open_ask is not None and open_ask.at <= at:
        open_ask.cleared_at, open_ask.cleared_by, open_ask.answered = at, supporter, True


def _support_removed(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_unsupport(state, experiment, event["supporter"], event["author"])
    link = experiment.supporters.pop(event["supporter"])
    link.ended = at
    experiment.past_supporters.append(link)


def _support_noted(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_note(state, experiment, event["author"])
    experiment.support_notes.append(
        SupportNote(event["note_id"], at, event["author"], experiment.id, event["text"])
    )


def _experiment_withdrawn(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_withdraw(state, experiment, event["author"])
    experiment.withdrawn = Correction(at, event["author"], event["id"], event.get("reason", ""))
    _record(state, "withdrew", event, at, experiment)


def _experiment_restored(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_restore(state, experiment, event["author"])
    experiment.withdrawn = None
    _record(state, "restored", event, at, experiment)


_TAKE_BACK_WORDS = {
    EntryKind.PRACTICE: "took back a practice entry",
    EntryKind.NOTE: "took back a support note",
    EntryKind.PRAISE: "took back praise",
}


def _taken_back(state: BoardState, event: Any, at: datetime) -> None:
    kind = event["entry"]
    entry = check_take_back(
        state, event["author"], kind, event["entry_id"], event.get("experiment_id")
    )
    entry.taken_back = Correction(at, event["author"], event["id"], event.get("reason", ""))
    if isinstance(entry, Praise):
        experiment_id, about = entry.experiment_id, entry.to
    else:
        experiment_id = entry.experiment_id if isinstance(entry, SupportNote) else None
        experiment_id = experiment_id or event["experiment_id"]
        about = state.experiments[experiment_id].owner
    state.corrections.append(
        CorrectionRecord(
            _TAKE_BACK_WORDS[kind], at, event["author"], experiment_id, about, event["id"]
        )
    )


def _help_asked(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_ask_help(state, experiment, event["author"])
    open_ask = experiment.help
    if open_ask is not None:  # replaced by the new ask
        open_ask.cleared_at, open_ask.cleared_by = at, event["author"]
    experiment.help_asks.append(HelpAsk(at, event["ask"], event["id"]))


def _help_cleared(state: BoardState, event: Any, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    open_ask = check_clear_help(state, experiment, event["author"])
    open_ask.cleared_at, open_ask.cleared_by = at, event["author"]


def _standup_started(state: BoardState, event: Any, at: datetime) -> None:
    check_start_standup(state, event["author"])
    state.standups.append(Standup(event["standup_id"], at, event["author"], event["id"]))


def _standup_ended(state: BoardState, event: Any, at: datetime) -> None:
    standup = check_end_standup(state, event["author"], event["standup_id"])
    standup.ended_at, standup.ended_by = at, event["author"]
    standup.attendees = list(dict.fromkeys(event.get("attendees", [])))
    standup.summary = event.get("summary", "")


def _record(
    state: BoardState, words: str, event: Any, at: datetime, experiment: Experiment
) -> None:
    state.corrections.append(
        CorrectionRecord(words, at, event["author"], experiment.id, experiment.owner, event["id"])
    )


_HANDLERS: dict[str, Callable[[BoardState, Any, datetime], None]] = {
    "member_joined": _member_joined,
    "role_set": _role_set,
    "experiment_created": _experiment_created,
    "experiment_edited": _experiment_edited,
    "plan_cleared": _plan_cleared,
    "stage_moved": _stage_moved,
    "practice_logged": _practice_logged,
    "reflection_written": _reflection_written,
    "confidence_rated": _confidence_rated,
    "checked_in": _checked_in,
    "praise_posted": _praise_posted,
    "support_added": _support_added,
    "support_removed": _support_removed,
    "support_noted": _support_noted,
    "experiment_withdrawn": _experiment_withdrawn,
    "experiment_restored": _experiment_restored,
    "taken_back": _taken_back,
    "help_asked": _help_asked,
    "help_cleared": _help_cleared,
    "standup_started": _standup_started,
    "standup_ended": _standup_ended,
}
assert set(_HANDLERS) == EVENT_TYPES, "every event type has a handler"


# --- the order --------------------------------------------------------------------------


def order_key(event: Event) -> OrderKey:
    """An event's place in the fold, taken alone (its own time)."""
    return (_utc(event["at"]), event["author"], event["seq"], event["id"])


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC) if at.utcoffset() else at


def ordered(events: Iterable[Event]) -> list[tuple[OrderKey, Event]]:
    """Keyed events in fold order, with effective times: within each author's log (by
    seq), an event counts no later than the author's next event."""
    by_author: dict[str, list[Event]] = {}
    for event in events:
        by_author.setdefault(event["author"], []).append(event)
    return [(key, event) for key, event, _ in _keyed(by_author, _no_source)]


def _no_source(event: Event) -> str:
    return ""


def _keyed(
    by_author: dict[str, list[Event]], source_of: Callable[[Event], str]
) -> list[tuple[OrderKey, Event, str]]:
    """Every author's events keyed with their effective times, in fold order, each with
    the file it came from."""
    keyed: list[tuple[OrderKey, Event, str]] = []
    append = keyed.append
    for author, log in by_author.items():
        log.sort(key=_seq_id)  # a file is in seq order already: a quick pass
        effective: datetime | None = None
        for event in reversed(log):
            at = event["at"]
            if at.utcoffset():
                at = at.astimezone(UTC)
            if effective is None or at < effective:
                effective = at
            append(((effective, author, event["seq"], event["id"]), event, source_of(event)))
    keyed.sort(key=_first)
    return keyed


def _seq_id(event: Event) -> tuple[int, str]:
    return event["seq"], event["id"]


def _first(item: tuple[OrderKey, Event, str]) -> OrderKey:
    return item[0]


# --- folding many -----------------------------------------------------------------------


@dataclass
class StoredEvent:
    """An event as read from a file: validated, or raw when it failed validation (the
    fold then lists it as rejected), with the path it came from."""

    raw: RawEvent | None = None
    source: str = ""
    # The member whose file it came from: an event in someone else's file is refused.
    file_owner: str | None = None
    event: Event | None = None


@dataclass
class PersonLog:
    """One person's file as read: its events, validated all at once; or, when something in
    it was odd, its raw entries (`raw`), which the fold judges one by one."""

    source: str
    owner: str
    events: list[Event] = field(default_factory=list)
    raw: list[RawEvent] | None = None

    @property
    def count(self) -> int:
        return len(self.raw) if self.raw is not None else len(self.events)


def fold_logs(
    logs: Iterable[PersonLog], founder: str | None = None, extra: Iterable[Event] = ()
) -> BoardState:
    """Fold people's files (as the store reads them), with `extra` events (a trial)."""
    with paused_gc():
        state = BoardState(founder=founder)
        by_author: dict[str, list[Event]] = {}
        sources: dict[str, str] = {}
        for log in logs:
            events = log.events
            if log.raw is not None:
                parsed = (_parse(state, raw, log.source, log.owner) for raw in log.raw)
                events = [event for event in parsed if event is not None]
            by_author.setdefault(log.owner, []).extend(events)
            sources[log.owner] = log.source
        for event in extra:
            by_author.setdefault(event["author"], []).append(event)
        keyed = _keyed(by_author, lambda event: sources.get(event["author"], ""))
        del by_author
        _judge_all(state, keyed)
        sort_rejected(state)
        return state


def fold(
    events: Iterable[Event | StoredEvent | Mapping[str, Any]], founder: str | None = None
) -> BoardState:
    """Fold events, in any order, into the board's state.

    Accepts validated events, raw dicts (as stored) or StoredEvents. Raw events that fail
    validation or have an unknown type are listed in `rejected` and skipped.
    """
    with paused_gc():
        state = BoardState(founder=founder)
        by_author: dict[str, list[Event]] = {}
        sources: dict[int, str] = {}
        for item in events:
            if isinstance(item, StoredEvent):
                event = item.event
                if event is None:
                    event = _parse(state, item.raw or {}, item.source, item.file_owner)
                if event is not None:
                    sources[id(event)] = item.source
            else:
                event = _parse(state, dict(item), "")
            if event is not None:
                by_author.setdefault(event["author"], []).append(event)
        keyed = _keyed(by_author, lambda event: sources.get(id(event), ""))
        del by_author
        _judge_all(state, keyed)
        sort_rejected(state)
        return state


def sort_rejected(state: BoardState) -> None:
    """The refused events in the order every fold lists them (by file, author, id)."""
    state.rejected.sort(key=lambda r: (r.source, r.author, r.event_id, r.reason))


def _judge_all(state: BoardState, keyed: list[tuple[OrderKey, Event, str]]) -> None:
    """`judge` for every event in order, written out for speed (a big board has 80,000)."""
    if keyed:
        state.last_key = keyed[-1][0]
    keyed.reverse()
    handlers, ids, rejected = _HANDLERS, state.event_ids, state.rejected
    pop = keyed.pop
    # Popped from the end, each event is let go as soon as it is applied: on a big
    # board the parsed events and the state are then not both whole in memory.
    while keyed:
        key, event, source = pop()
        event_id = event["id"]
        try:
            if event_id in ids:
                raise Refused("the same event id is stored twice; this copy is left out", event_id)
            handlers[event["type"]](state, event, key[0])
        except Refused as refusal:
            rejected.append(
                Rejected(
                    event_id,
                    event["author"],
                    event["type"],
                    str(refusal),
                    source,
                    refusal.cause,
                    event["at"].isoformat(),
                )
            )
        ids.add(event_id)


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


def _parse(
    state: BoardState, raw: RawEvent, source: str, file_owner: str | None = None
) -> Event | None:
    """Validate a raw event; a parsed event passes through. None (and listed in
    `rejected`) when it cannot be used."""
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
            at=str(raw.get("at", "")),
        )
    )
    return None


# --- derived facts ----------------------------------------------------------------------


def days_in_stage(experiment: Experiment, now: datetime) -> int:
    return max(0, (now - experiment.stage_since).days)


def days_in_stage_words(experiment: Experiment, now: datetime) -> str:
    days = days_in_stage(experiment, now)
    return f"{days} day{'' if days == 1 else 's'}"


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


def check_in_overdue_after(kind: CheckInKind) -> timedelta:
    """How long after an experiment's start a check-in not held by then is overdue: when
    it is due, and two weeks more."""
    return CHECK_IN_AFTER[kind] + CHECK_IN_OVERDUE_AFTER


def check_in_overdue_at(experiment: Experiment, kind: CheckInKind) -> datetime:
    return experiment.created_at + check_in_overdue_after(kind)


def check_ins_due_for(experiment: Experiment, now: datetime) -> list[CheckInDue]:
    """The check-ins this experiment should have had by now and has not. (The stand-up's
    summary asks this of every experiment on the board: it returns early where it can.)"""
    created = experiment.created_at
    if experiment.withdrawn is not None or now < created + SOON_AFTER_CHECK_IN:
        return []
    held = {c.kind for c in experiment.check_ins} if experiment.check_ins else ()
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
