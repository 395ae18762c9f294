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
from datetime import UTC, datetime
from typing import Any, Literal, assert_never

from pydantic import ValidationError

from teamboard.domain.events import (
    EVENT_TYPES,
    CheckedIn,
    ConfidenceRated,
    Envelope,
    Event,
    ExperimentCreated,
    ExperimentEdited,
    ExperimentRestored,
    ExperimentWithdrawn,
    HelpAsked,
    HelpCleared,
    MemberJoined,
    PlanCleared,
    PlanField,
    PracticeLogged,
    PraiseKind,
    PraisePosted,
    RawEvent,
    ReflectionWritten,
    Role,
    RoleSet,
    Stage,
    StageMoved,
    StandupEnded,
    StandupStarted,
    SupportAdded,
    SupportNoted,
    SupportRemoved,
    TakenBack,
    describe_validation_error,
    parse_event,
)
from teamboard.domain.rules import (
    check_ask_help,
    check_check_in,
    check_clear_help,
    check_end_standup,
    check_joined,
    check_move,
    check_note,
    check_owner,
    check_practice,
    check_praise,
    check_reflect,
    check_restore,
    check_role,
    check_start_standup,
    check_support,
    check_take_back,
    check_unsupport,
    check_withdraw,
)
from teamboard.domain.state import (
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

# --- applying one event -----------------------------------------------------------------


def apply(state: BoardState, event: Event, at: datetime | None = None) -> None:
    """Apply one event to `state` in place, or raise Refused and leave `state` untouched.

    `at` is the event's effective time (see the module's docstring); by default its own.
    Every check comes before the first change, so a refused event changes nothing.
    """
    if event["id"] in state.event_ids:
        raise Refused("the same event id is stored twice; this copy is left out", event["id"])
    _handle(state, event, event["at"] if at is None else at)


def judge(state: BoardState, event: Event, key: OrderKey | None = None, source: str = "") -> bool:
    """Apply the event, or list it in `state.rejected`; True if it was applied."""
    key = key or order_key(event)
    try:
        apply(state, event, key[0])
    except Refused as refusal:
        state.rejected.append(_rejection(event, refusal, source))
        applied = False
    else:
        applied = True
    state.event_ids.add(event["id"])
    if state.last_key is None or key > state.last_key:
        state.last_key = key
    return applied


def _rejection(event: Event, refusal: Refused, source: str) -> Rejected:
    """A refused event as the state lists it: why, and the event that caused it if any."""
    at = event["at"].isoformat()
    return Rejected(
        event["id"], event["author"], event["type"], str(refusal), source, refusal.cause, at
    )


def _member_joined(state: BoardState, event: MemberJoined, at: datetime) -> None:
    member = state.members.get(event["author"])
    if member is not None:
        member.name = event["name"]
        return
    author = event["author"]
    role = Role.MANAGER if author == state.founder else Role.EMPLOYEE
    state.members[author] = Member(author, event["name"], role, at)


def _role_set(state: BoardState, event: RoleSet, at: datetime) -> None:
    check_role(state, event["author"], event["member"], event["role"])
    target = state.members[event["member"]]
    target.role = event["role"]
    target.role_event = event["id"]


def _experiment_created(state: BoardState, event: ExperimentCreated, at: datetime) -> None:
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


_PlanText = Literal["why_me", "must_deliver", "team_goals", "personal_benefit"]
_PLAN_FIELDS: tuple[_PlanText, ...] = ("why_me", "must_deliver", "team_goals", "personal_benefit")


def _experiment_edited(state: BoardState, event: ExperimentEdited, at: datetime) -> None:
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


def _plan_cleared(state: BoardState, event: PlanCleared, at: datetime) -> None:
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


def _stage_moved(state: BoardState, event: StageMoved, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_move(state, experiment, event["to"], event["author"])
    experiment.stage = event["to"]
    experiment.history.append(StageVisit(event["to"], at, event["author"], event["id"]))


def _practice_logged(state: BoardState, event: PracticeLogged, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_practice(state, experiment, event["author"], event["on"], at)
    experiment.practice.append(
        PracticeEntry(event["entry_id"], at, event["on"], event["what"], event["id"])
    )


def _reflection_written(state: BoardState, event: ReflectionWritten, at: datetime) -> None:
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


def _confidence_rated(state: BoardState, event: ConfidenceRated, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_owner(state, experiment, event["author"], "rate confidence for")
    experiment.confidence.append(ConfidenceRating(event["value"], at))


def _checked_in(state: BoardState, event: CheckedIn, at: datetime) -> None:
    check_joined(state, event["author"])
    experiment = state.experiment(event["experiment_id"])
    check_check_in(state, experiment, event["author"])
    experiment.check_ins.append(
        CheckIn(event["check_in_id"], at, event["author"], event["kind"], event.get("notes", ""))
    )


def _praise_posted(state: BoardState, event: PraisePosted, at: datetime) -> None:
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


def _support_added(state: BoardState, event: SupportAdded, at: datetime) -> None:
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


def _support_removed(state: BoardState, event: SupportRemoved, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_unsupport(state, experiment, event["supporter"], event["author"])
    link = experiment.supporters.pop(event["supporter"])
    link.ended = at
    experiment.past_supporters.append(link)


def _support_noted(state: BoardState, event: SupportNoted, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_note(state, experiment, event["author"])
    experiment.support_notes.append(
        SupportNote(event["note_id"], at, event["author"], experiment.id, event["text"])
    )


def _experiment_withdrawn(state: BoardState, event: ExperimentWithdrawn, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_withdraw(state, experiment, event["author"])
    experiment.withdrawn = Correction(at, event["author"], event["id"], event.get("reason", ""))
    _record(state, "withdrew", event, at, experiment)


def _experiment_restored(state: BoardState, event: ExperimentRestored, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_restore(state, experiment, event["author"])
    experiment.withdrawn = None
    _record(state, "restored", event, at, experiment)


def _taken_back(state: BoardState, event: TakenBack, at: datetime) -> None:
    found = check_take_back(
        state, event["author"], event["entry"], event["entry_id"], event.get("experiment_id")
    )
    found.entry.taken_back = Correction(at, event["author"], event["id"], event.get("reason", ""))
    state.corrections.append(
        CorrectionRecord(
            f"took back {found.kind.traits.one}",
            at,
            event["author"],
            found.experiment_id,
            found.about,
            event["id"],
        )
    )


def _help_asked(state: BoardState, event: HelpAsked, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_ask_help(state, experiment, event["author"])
    open_ask = experiment.help
    if open_ask is not None:  # replaced by the new ask
        open_ask.cleared_at, open_ask.cleared_by = at, event["author"]
    experiment.help_asks.append(HelpAsk(at, event["ask"], event["id"]))


def _help_cleared(state: BoardState, event: HelpCleared, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    open_ask = check_clear_help(state, experiment, event["author"])
    open_ask.cleared_at, open_ask.cleared_by = at, event["author"]


def _standup_started(state: BoardState, event: StandupStarted, at: datetime) -> None:
    check_start_standup(state, event["author"])
    state.standups.append(Standup(event["standup_id"], at, event["author"], event["id"]))


def _standup_ended(state: BoardState, event: StandupEnded, at: datetime) -> None:
    standup = check_end_standup(state, event["author"], event["standup_id"])
    standup.ended_at, standup.ended_by = at, event["author"]
    standup.attendees = list(dict.fromkeys(event.get("attendees", [])))
    standup.summary = event.get("summary", "")


def _record(
    state: BoardState, words: str, event: Envelope, at: datetime, experiment: Experiment
) -> None:
    state.corrections.append(
        CorrectionRecord(words, at, event["author"], experiment.id, experiment.owner, event["id"])
    )


def _handle(state: BoardState, event: Event, at: datetime) -> None:
    """Hand the event to its type's handler. Each `case` narrows `event` to that type's
    TypedDict, so the type checker reads every handler's fields; a type with no case here
    is an error at `assert_never`. The cases are tried in turn: the most frequent on a
    big board come first."""
    match event["type"]:
        case "practice_logged":
            _practice_logged(state, event, at)
        case "confidence_rated":
            _confidence_rated(state, event, at)
        case "stage_moved":
            _stage_moved(state, event, at)
        case "experiment_created":
            _experiment_created(state, event, at)
        case "support_added":
            _support_added(state, event, at)
        case "support_noted":
            _support_noted(state, event, at)
        case "reflection_written":
            _reflection_written(state, event, at)
        case "praise_posted":
            _praise_posted(state, event, at)
        case "checked_in":
            _checked_in(state, event, at)
        case "experiment_edited":
            _experiment_edited(state, event, at)
        case "help_asked":
            _help_asked(state, event, at)
        case "help_cleared":
            _help_cleared(state, event, at)
        case "taken_back":
            _taken_back(state, event, at)
        case "support_removed":
            _support_removed(state, event, at)
        case "plan_cleared":
            _plan_cleared(state, event, at)
        case "experiment_withdrawn":
            _experiment_withdrawn(state, event, at)
        case "experiment_restored":
            _experiment_restored(state, event, at)
        case "member_joined":
            _member_joined(state, event, at)
        case "role_set":
            _role_set(state, event, at)
        case "standup_started":
            _standup_started(state, event, at)
        case "standup_ended":
            _standup_ended(state, event, at)
        case _:
            assert_never(event)


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
    handle, ids, rejected = _handle, state.event_ids, state.rejected
    pop = keyed.pop
    # Popped from the end, each event is let go as soon as it is applied: on a big
    # board the parsed events and the state are then not both whole in memory.
    while keyed:
        key, event, source = pop()
        event_id = event["id"]
        try:
            if event_id in ids:
                raise Refused("the same event id is stored twice; this copy is left out", event_id)
            handle(state, event, key[0])
        except Refused as refusal:
            rejected.append(_rejection(event, refusal, source))
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
