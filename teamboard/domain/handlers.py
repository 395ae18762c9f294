"""One handler per event type, each typed by its own event: it asks the rule (domain.rules)
first, so a refused event changes nothing, then changes the state.

`handle` dispatches on the event's type with a `match` that ends in `assert_never`: a new
event type without a handler is a type error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, assert_never

from teamboard.domain.events import (
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
    KeyConfirmed,
    MemberJoined,
    PlanCleared,
    PlanField,
    PracticeLogged,
    PraiseKind,
    PraisePosted,
    ReflectionWritten,
    Role,
    RoleSet,
    Stage,
    StageMoved,
    StandupEnded,
    StandupStarted,
    SupportAdded,
    SupportDeclined,
    SupportNoted,
    SupportRemoved,
    SupportRequested,
    TakenBack,
)
from teamboard.domain.rules import (
    check_answer_request,
    check_ask_help,
    check_check_in,
    check_clear_help,
    check_confirm_key,
    check_end_standup,
    check_joined,
    check_move,
    check_new_id,
    check_note,
    check_owner,
    check_practice,
    check_praise,
    check_reflect,
    check_request_support,
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
    KeyConfirmation,
    Member,
    Opportunity,
    PracticeEntry,
    Praise,
    Reflection,
    Refused,
    StageVisit,
    Standup,
    SupportLink,
    SupportNote,
    SupportRequest,
    TransferPlan,
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
    check_new_id(event, experiment_id, existing.event_id if existing is not None else "")
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
    check_new_id(event, event["entry_id"])
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
        check_new_id(event, event["reflection_id"])
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
    check_new_id(event, event["check_in_id"])
    experiment.check_ins.append(
        CheckIn(event["check_in_id"], at, event["author"], event["kind"], event.get("notes", ""))
    )


def _praise_posted(state: BoardState, event: PraisePosted, at: datetime) -> None:
    experiment_id = event.get("experiment_id")
    experiment = state.experiment(experiment_id) if experiment_id is not None else None
    check_praise(state, event["author"], event["to"], experiment)
    check_new_id(event, event["praise_id"])
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
    supporter, author = event["supporter"], event["author"]
    check_support(state, experiment, supporter, author)
    request = experiment.waiting_for(supporter)
    if request is not None:  # a yes to the owner's request
        request.answered_at, request.accepted = at, True
    asked_by = request.asked_by if request is not None and author == supporter else author
    experiment.supporters[supporter] = SupportLink(
        supporter, experiment.id, at, asked_by, event["id"]
    )
    if author == supporter:  # the owner's own (an older board's) answers nothing
        _help_answered(experiment, supporter, at)


def _help_answered(experiment: Experiment, supporter: str, at: datetime) -> None:
    """A colleague's own support, offered or accepted after help was asked, answers the
    call: it is cleared."""
    open_ask = experiment.help
    if open_ask is not None and open_ask.at <= at:
        open_ask.cleared_at, open_ask.cleared_by, open_ask.answered = at, supporter, True


def _support_requested(state: BoardState, event: SupportRequested, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_request_support(state, experiment, event["supporter"], event["author"])
    experiment.support_requests.append(
        SupportRequest(event["supporter"], at, event["author"], event["id"])
    )


def _support_declined(state: BoardState, event: SupportDeclined, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    request = check_answer_request(state, experiment, event["author"])
    request.answered_at, request.accepted = at, False


def _support_removed(state: BoardState, event: SupportRemoved, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_unsupport(state, experiment, event["supporter"], event["author"])
    link = experiment.supporters.pop(event["supporter"])
    link.ended = at
    experiment.past_supporters.append(link)


def _support_noted(state: BoardState, event: SupportNoted, at: datetime) -> None:
    experiment = state.experiment(event["experiment_id"])
    check_note(state, experiment, event["author"])
    check_new_id(event, event["note_id"])
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
    _record(state, "cleared the call for help", event, at, experiment)


def _standup_started(state: BoardState, event: StandupStarted, at: datetime) -> None:
    check_start_standup(state, event["author"])
    check_new_id(event, event["standup_id"])
    state.standups.append(Standup(event["standup_id"], at, event["author"], event["id"]))


def _standup_ended(state: BoardState, event: StandupEnded, at: datetime) -> None:
    standup = check_end_standup(state, event["author"], event["standup_id"])
    standup.ended_at, standup.ended_by = at, event["author"]
    standup.attendees = list(dict.fromkeys(event.get("attendees", [])))
    standup.summary = event.get("summary", "")


def _key_confirmed(state: BoardState, event: KeyConfirmed, at: datetime) -> None:
    check_confirm_key(state, event["author"], event["member"], event["fingerprint"])
    state.confirmations[event["member"]] = KeyConfirmation(
        event["fingerprint"], event["author"], at, event["id"]
    )


def _record(
    state: BoardState, words: str, event: Envelope, at: datetime, experiment: Experiment
) -> None:
    state.corrections.append(
        CorrectionRecord(words, at, event["author"], experiment.id, experiment.owner, event["id"])
    )


def handle(state: BoardState, event: Event, at: datetime) -> None:
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
        case "support_requested":
            _support_requested(state, event, at)
        case "support_declined":
            _support_declined(state, event, at)
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
        case "key_confirmed":
            _key_confirmed(state, event, at)
        case _:
            assert_never(event)
