"""The team's vocabulary and the events that change a board: validated here, at the boundary.

Every change to a board is an event. Events are stored as plain JSON objects in each
author's own file. pydantic checks each one as it is read (and each new one before it is
written); what comes out is a plain dict with the types below (a TypedDict), which the
fold applies without checking its shape again. An event that fails validation is kept on
disk and reported, never dropped.

The folded board itself (members, experiments, praise) is in `state.py`.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import (
    Annotated,
    Any,
    Literal,
    NamedTuple,
    NotRequired,
    Required,
    assert_never,
    get_args,
    get_origin,
    get_type_hints,
)

from pydantic import AwareDatetime, Field, StringConstraints, TypeAdapter, ValidationError
from typing_extensions import TypedDict, is_typeddict

from teamboard.domain.text import NO_CONTROL, ONE_LINE, is_one_line

# The CLI imports it from here still: it lives in teamboard.domain.text.

MEMBER_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TEXT_LIMIT = 10_000  # any stored text
TITLE_LIMIT = 200  # a new title: a card's title, not an essay (the plan holds the long text)
ASK_LIMIT = 120  # a call for help: a line on a card and at the top of the stand-up
NAME_LIMIT = 200
# One time tolerance for clocks that disagree: a new event is stamped after the newest one
# it was checked against, but never more than this past its writer's own clock.
CLOCK_TOLERANCE = timedelta(minutes=5)


class Stage(StrEnum):
    GOAL = "goal"
    PRACTICE = "practice"
    REFLECTION = "reflection"
    SUCCESS = "success"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def position(self) -> int:
        """0 for Goal to 3 for Success (not `index`: that is str.index)."""
        return _STAGE_INDEX[self]


STAGES: tuple[Stage, ...] = tuple(Stage)
_STAGE_INDEX = {stage: i for i, stage in enumerate(STAGES)}


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"


class ApplicationKind(StrEnum):
    PROJECT = "project"
    CLIENT_CASE = "client-case"
    IMPROVEMENT = "improvement"
    PRESENTATION = "presentation"
    OTHER = "other"


class CheckInKind(StrEnum):
    SOON_AFTER = "soon-after"
    LONG_TERM = "long-term"


class PraiseKind(StrEnum):
    EFFORT = "effort"
    RESULT = "result"


class EntryTraits(NamedTuple):
    """What a kind of entry is called, where it is kept, and the event that makes it."""

    label: str  # before an entry in a list to choose from: "support note"
    one: str  # in a sentence: "took back a support note"
    on_experiment: bool  # kept on an experiment, which a take-back names (praise: the board)
    made_by: str  # the event type that writes one
    id_field: str  # that event's field holding the entry's id (a take-back names it)


class EntryKind(StrEnum):
    """What an author can take back. Each kind is declared once, in `traits`; which list
    of the state holds it, in state.entries_of (both checked by the type checker)."""

    PRACTICE = "practice"
    NOTE = "note"
    PRAISE = "praise"

    @property
    def traits(self) -> EntryTraits:
        match self:
            case EntryKind.PRACTICE:
                return EntryTraits(
                    "practice", "a practice entry", True, "practice_logged", "entry_id"
                )
            case EntryKind.NOTE:
                return EntryTraits(
                    "support note", "a support note", True, "support_noted", "note_id"
                )
            case EntryKind.PRAISE:
                return EntryTraits("praise", "praise", False, "praise_posted", "praise_id")
            case _:
                assert_never(self)


class PlanField(StrEnum):
    """Plan fields that can be cleared (text fields are cleared by editing them to "")."""

    TARGET_DATE = "target_date"
    OPPORTUNITY = "opportunity"


def sort_key(text: str) -> str:
    """A key that sorts names as people expect: 'Ömer' with the O's, not after 'Zoë'."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_day(now: datetime) -> date:
    """Today where the person is: `now` in this computer's time zone (a practice is
    logged on the person's own day, not UTC's)."""
    return now.astimezone().date()


def check_member_id(value: str) -> str:
    if not MEMBER_ID_PATTERN.fullmatch(value):  # "$" alone would let "ann\n" through
        raise ValueError(
            f"member id {value!r} must be 1-40 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return value


ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
MemberId = Annotated[str, Field(min_length=1, max_length=40)]


@dataclass(frozen=True)
class NewInput:
    """What a field's new input is held to, beyond what is stored: one line, and at most
    `limit` characters (`why`, in words). Older boards may hold long or multi-line titles,
    and those still load; what people type now is one line and a card's length. Declared
    on the field's type (`Annotated`), which pydantic leaves alone: `input_errors` reads
    it from each event type's fields."""

    limit: int | None = None
    why: str = ""


_LONGER_STORY = " (the plan holds the longer story)"
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_LIMIT, pattern=ONE_LINE),
    NewInput(),
]
Text = Annotated[str, Field(max_length=TEXT_LIMIT, pattern=NO_CONTROL)]
# Required text: a title, a practice, a message. Stored ones may be long (older boards
# allowed it); new ones are held to a card's length where they are titles (CardTitle).
Title = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=TEXT_LIMIT, pattern=NO_CONTROL
    ),
]
CardTitle = Annotated[Title, NewInput(TITLE_LIMIT, _LONGER_STORY)]
Training = Annotated[Text, NewInput(TITLE_LIMIT, _LONGER_STORY)]
OneLineText = Annotated[Text, NewInput()]
Ask = Annotated[Title, NewInput(ASK_LIMIT, " (a short ask; a support note can say more)")]
Confidence = Annotated[int, Field(ge=1, le=5)]
# Strict: "16" or 16.0 would be read as 16 and then stored as they came, and the writer,
# which counts only whole numbers, would see another last change than the fold.
Seq = Annotated[int, Field(ge=0, lt=2**53, strict=True)]
# Times and dates a board can hold: far enough either way for any real team, and short of
# the calendar's ends, where adding a day or a time zone would overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
Time = Annotated[AwareDatetime, Field(ge=EARLIEST, le=LATEST)]
Day = Annotated[date, Field(ge=EARLIEST.date(), le=LATEST.date())]

_PATTERN_WORDS = {
    NO_CONTROL: "must not contain control characters (such as escape codes) or direction overrides",
    ONE_LINE: "must be one line, without tabs, control characters or direction overrides",
    ID_PATTERN: "must be 1 to 64 letters, digits, '-' or '_'",
    r"^SHA256:[A-Za-z0-9+/]{43}$": "must be a fingerprint as 'teamboard key show' prints it "
    "(SHA256: and 43 more characters)",
}


# --- events -----------------------------------------------------------------------------


class TransferPlan(TypedDict, total=False):
    """Lever 1: why this person, what it must deliver, how it serves the team."""

    why_me: Text
    must_deliver: Text
    team_goals: Text
    personal_benefit: Text


class Opportunity(TypedDict, total=False):
    """Lever 3: where the learning will be applied."""

    kind: ApplicationKind
    what: OneLineText
    when: OneLineText


# What signing adds (store/signing.py): the hash of the event before it in its log, the
# author's signature, and in the log's first signed event the key that signs the log.
# (`prev` and `sig` are any text: checking them is the signature's job, and a pattern
# on 80,000 events would cost a board's opening some 5%.)
Digest = str
Signature = str
PublicKey = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{43}$")]
Fingerprint = Annotated[str, Field(pattern=r"^SHA256:[A-Za-z0-9+/]{43}$")]


class Envelope(TypedDict):
    """What every event carries. `seq` increases per author; see fold.py for the order.
    Events written since signing also carry `prev`, `sig` and (the first) `key`."""

    id: Id
    at: Time
    author: MemberId
    seq: Seq
    prev: NotRequired[Digest]
    sig: NotRequired[Signature]
    key: NotRequired[PublicKey]


class MemberJoined(Envelope):
    """The author joins the board (or renames themselves, if sent again)."""

    type: Literal["member_joined"]
    name: Name


class RoleSet(Envelope):
    type: Literal["role_set"]
    member: MemberId
    role: Role


class ExperimentCreated(Envelope):
    type: Literal["experiment_created"]
    experiment_id: Id
    title: CardTitle
    training: NotRequired[Training]
    plan: NotRequired[TransferPlan]
    opportunity: NotRequired[Opportunity]
    target_date: NotRequired[Day]
    confidence: NotRequired[Confidence]


class ExperimentEdited(Envelope):
    """Only the fields that changed are set, so two edits of different fields both win."""

    type: Literal["experiment_edited"]
    experiment_id: Id
    title: NotRequired[CardTitle]
    training: NotRequired[Training]
    why_me: NotRequired[Text]
    must_deliver: NotRequired[Text]
    team_goals: NotRequired[Text]
    personal_benefit: NotRequired[Text]
    opportunity: NotRequired[Opportunity]
    target_date: NotRequired[Day]


class PlanCleared(Envelope):
    """The owner clears plan fields that an edit can only set (a target date, where to
    apply it)."""

    type: Literal["plan_cleared"]
    experiment_id: Id
    fields: Annotated[list[PlanField], Field(min_length=1)]


class StageMoved(Envelope):
    type: Literal["stage_moved"]
    experiment_id: Id
    to: Stage


class PracticeLogged(Envelope):
    type: Literal["practice_logged"]
    experiment_id: Id
    entry_id: Id
    on: Day
    what: Title


class ReflectionWritten(Envelope):
    """The four questions. Written again with the same reflection_id, it revises one."""

    type: Literal["reflection_written"]
    experiment_id: Id
    reflection_id: Id
    wanted: NotRequired[Text]
    did: NotRequired[Text]
    effect: NotRequired[Text]
    next_time: NotRequired[Text]


class ConfidenceRated(Envelope):
    type: Literal["confidence_rated"]
    experiment_id: Id
    value: Confidence


class CheckedIn(Envelope):
    type: Literal["checked_in"]
    experiment_id: Id
    check_in_id: Id
    kind: CheckInKind
    notes: NotRequired[Text]


class PraisePosted(Envelope):
    type: Literal["praise_posted"]
    praise_id: Id
    to: MemberId
    experiment_id: NotRequired[Id]
    message: Title
    kind: NotRequired[PraiseKind]


class SupportAdded(Envelope):
    """A colleague supports the experiment: their own offer, or their yes to the owner's
    request. (Before requests, the owner wrote it for a colleague too: older boards keep
    those, and the fold still reads them as a supporter; nobody writes them any more.)"""

    type: Literal["support_added"]
    experiment_id: Id
    supporter: MemberId


class SupportRequested(Envelope):
    """The owner asks a colleague to support the experiment. It makes no supporter: the
    colleague answers in their own log, yes (support_added) or no (support_declined)."""

    type: Literal["support_requested"]
    experiment_id: Id
    supporter: MemberId


class SupportDeclined(Envelope):
    """The colleague asked to support the experiment says no."""

    type: Literal["support_declined"]
    experiment_id: Id


class SupportRemoved(Envelope):
    type: Literal["support_removed"]
    experiment_id: Id
    supporter: MemberId


class SupportNoted(Envelope):
    type: Literal["support_noted"]
    experiment_id: Id
    note_id: Id
    text: Title


class ExperimentWithdrawn(Envelope):
    """The owner takes an experiment off the board; it stays in the history."""

    type: Literal["experiment_withdrawn"]
    experiment_id: Id
    reason: NotRequired[Text]


class ExperimentRestored(Envelope):
    type: Literal["experiment_restored"]
    experiment_id: Id


class TakenBack(Envelope):
    """The author takes back their own practice entry, support note or praise."""

    type: Literal["taken_back"]
    entry: EntryKind
    entry_id: Id
    experiment_id: NotRequired[Id]  # the experiment of a practice entry or a note
    reason: NotRequired[Text]


class HelpAsked(Envelope):
    """The owner asks for help on an experiment ("someone to watch my demo on Thursday").
    Asked again, the new ask replaces the old one."""

    type: Literal["help_asked"]
    experiment_id: Id
    ask: Ask


class HelpCleared(Envelope):
    """The owner says the help asked for is no longer needed. (A colleague's own support,
    offered or accepted after the ask, answers it too, without an event of its own.)"""

    type: Literal["help_cleared"]
    experiment_id: Id


class StandupStarted(Envelope):
    """Someone starts the team's stand-up (anyone may run one)."""

    type: Literal["standup_started"]
    standup_id: Id


class StandupEnded(Envelope):
    """The stand-up is over: who was there (optional) and a one-line summary. From its
    end, the next stand-up's "since the last stand-up" counts."""

    type: Literal["standup_ended"]
    standup_id: Id
    attendees: NotRequired[list[MemberId]]
    summary: NotRequired[Text]


class KeyConfirmed(Envelope):
    """A manager confirms that a member's key is theirs: the fingerprint the member read
    out (`teamboard key show`) is the one their log declares."""

    type: Literal["key_confirmed"]
    member: MemberId
    fingerprint: Fingerprint


Event = Annotated[
    MemberJoined
    | RoleSet
    | ExperimentCreated
    | ExperimentEdited
    | PlanCleared
    | StageMoved
    | PracticeLogged
    | ReflectionWritten
    | ConfidenceRated
    | CheckedIn
    | PraisePosted
    | SupportAdded
    | SupportRequested
    | SupportDeclined
    | SupportRemoved
    | SupportNoted
    | ExperimentWithdrawn
    | ExperimentRestored
    | TakenBack
    | HelpAsked
    | HelpCleared
    | StandupStarted
    | StandupEnded
    | KeyConfirmed,
    Field(discriminator="type"),
]


# Built when first needed (about 50 ms): a start from this machine's cache of the board,
# with no file changed since, validates nothing and need not build them.
@functools.cache
def event_adapter() -> TypeAdapter[Event]:
    return TypeAdapter(Event)


@functools.cache
def file_adapter() -> TypeAdapter[dict[str, dict[str, Event]]]:
    """A person's file as TinyDB keeps it: {"events": {"1": {...}, "2": {...}}}."""
    return TypeAdapter(dict[str, dict[str, Event]])


EVENT_CLASSES: tuple[type, ...] = get_args(get_args(Event)[0])
# Each event type's fields, as declared (its envelope's too).
EVENT_FIELDS: dict[str, frozenset[str]] = {
    get_args(get_type_hints(cls)["type"])[0]: frozenset(get_type_hints(cls))
    for cls in EVENT_CLASSES
}
EVENT_TYPES: frozenset[str] = frozenset(EVENT_FIELDS)


# A JSON object as stored: an event before validation, or one that failed it.
RawEvent = dict[str, Any]


def parse_event(raw: RawEvent) -> Event:
    """Validate one stored (or new) event; raises pydantic.ValidationError."""
    return event_adapter().validate_python(raw)


def stored_time(value: object) -> datetime | None:
    """A stored event's "at", when it is a time with its zone (else None)."""
    if not isinstance(value, str):
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def event_to_json(event: Event) -> RawEvent:
    """An event as it is stored: times and dates as ISO text."""
    stored: RawEvent = event_adapter().dump_python(event, mode="json")
    return stored


def what_it_says(doc: object) -> str:
    """What a stored event says, as one canonical text, its place in its log (`seq`)
    aside: two copies of one event say the same wherever they stand (a merge of one
    person's two computers numbers the log again), and any other change shows."""
    if isinstance(doc, dict):
        doc = {name: value for name, value in doc.items() if name != "seq"}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- errors in words ----------------------------------------------------------------------


def _friendly(detail: Any) -> tuple[str, str]:
    """(field path, message) for one pydantic error, in words for a person."""
    where = ".".join(str(p) for p in detail["loc"] if p not in EVENT_TYPES) or "value"
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    message = str(detail["msg"]).removeprefix("Value error, ")
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        message = "must not be empty"
    elif kind == "too_short" and ctx.get("min_length") == 1:
        message = "must name at least one"
    elif kind == "string_too_long":
        message = f"at most {ctx.get('max_length')} characters"
    elif kind == "string_pattern_mismatch":
        message = _PATTERN_WORDS.get(str(ctx.get("pattern", "")), message)
    elif kind == "missing":
        message = "is required"
    elif kind == "timezone_aware":
        message = "time must carry a timezone (UTC)"
    elif kind.startswith("date_") or kind == "date_type":
        message = "must be a date like 2026-12-31"
    elif kind.startswith("datetime_"):
        message = "must be a time with its time zone, like 2026-12-31T09:00:00+00:00"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = "must be a whole number"
    elif kind in ("greater_than_equal", "less_than_equal", "less_than"):
        if where.endswith(("value", "confidence")):
            message = "must be from 1 to 5"
        elif where.endswith(("at", "on", "target_date")):
            message = "must lie between 1970 and 9000"
    elif kind in ("enum", "literal_error"):
        message = f"must be one of {ctx.get('expected', '')}".rstrip()
    elif kind == "union_tag_invalid":
        where, message = "type", f"unknown event type {ctx.get('tag')!r}"
    return where, message


@functools.cache
def _name_adapter() -> TypeAdapter[str]:
    return TypeAdapter(Name)


def name_problem(name: str) -> str | None:
    """What is wrong with a name, a person's or the board's, in words (None: nothing).
    One rule for both, the `Name` type's: one line without control codes or direction
    overrides, 1 to NAME_LIMIT characters."""
    try:
        _name_adapter().validate_python(name)
    except ValidationError as error:
        return _friendly(error.errors()[0])[1]
    return None


def describe_validation_error(error: ValidationError) -> str:
    """One line for a person: the first field that is wrong, and why."""
    where, message = _friendly(error.errors()[0])
    return f"{where}: {message}"


def _new_input(hint: Any, path: str) -> Iterator[tuple[str, NewInput]]:
    """The fields under `hint` (at `path`) that new input is held to, in declared order."""
    if get_origin(hint) in (NotRequired, Required):
        hint = get_args(hint)[0]
    if get_origin(hint) is Annotated:
        yield from ((path, rule) for rule in hint.__metadata__ if isinstance(rule, NewInput))
        hint = get_args(hint)[0]
    if is_typeddict(hint):
        for name, inner in get_type_hints(hint, include_extras=True).items():
            yield from _new_input(inner, f"{path}.{name}" if path else name)


@functools.cache
def _input_rules() -> dict[str, tuple[tuple[str, NewInput], ...]]:
    """Each event type's (field path, NewInput) pairs, from its declaration."""
    return {
        get_args(get_type_hints(cls)["type"])[0]: tuple(_new_input(cls, ""))
        for cls in EVENT_CLASSES
    }


def _at_path(payload: RawEvent, path: str) -> object:
    value: object = payload
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def input_errors(payload: RawEvent) -> dict[str, str]:
    """What is wrong with an action's fields before it is written: {field path: message}.

    Forms show each message next to its field; the CLI prints the first.
    """
    envelope = {"id": "check", "at": utcnow(), "author": "check", "seq": 0}
    errors: dict[str, str] = {}
    try:
        parse_event(envelope | payload)
    except ValidationError as error:
        for detail in error.errors():
            where, message = _friendly(detail)
            errors.setdefault(where, message)
    kind = payload.get("type")
    rules = _input_rules().get(kind, ()) if isinstance(kind, str) else ()
    for path, _ in rules:
        value = _at_path(payload, path)
        if isinstance(value, str) and not is_one_line(value) and path not in errors:
            errors[path] = _PATTERN_WORDS[ONE_LINE]
    for path, rule in rules:
        value = _at_path(payload, path)
        if rule.limit is None or not isinstance(value, str) or path in errors:
            continue
        if len(value.strip()) > rule.limit:
            errors[path] = f"at most {rule.limit} characters{rule.why}"
    return errors
