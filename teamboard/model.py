"""The team's vocabulary as pydantic models: members, experiments and the events that change them.

Every change to a board is an event. Events are stored as plain dicts in each author's own
file and validated here when the board is read; an event that fails validation is kept on
disk and reported, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from operator import attrgetter
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)

_ZERO = timedelta(0)
MEMBER_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TEXT_LIMIT = 10_000


class Stage(StrEnum):
    GOAL = "goal"
    PRACTICE = "practice"
    REFLECTION = "reflection"
    SUCCESS = "success"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def index(self) -> int:
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


def sort_key(text: str) -> str:
    """A key that sorts names as people expect: 'Ömer' with the O's, not after 'Zoë'."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


def check_member_id(value: str) -> str:
    if not MEMBER_ID_PATTERN.match(value):
        raise ValueError(
            f"member id {value!r} must be 1-40 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return value


# Text may hold any letter, emoji or script, tabs and line breaks, but no other control
# characters: an escape sequence in a title would be sent to a colleague's terminal
# (clear the screen, set the window title, write the clipboard). Checked by a pattern in
# pydantic's core, so a big board still opens quickly.
NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control(text: str) -> str:
    """Text from outside the events (the board's name) made safe to show."""
    return _CONTROL.sub("\ufffd", text)


MemberId = Annotated[str, Field(min_length=1, max_length=40)]
# Ids are ours (uuid hex), but a file can hold anything: keep them plain.
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
# A person's name is one line: it stands in card headers, tables and messages.
ONE_LINE = r"^[^\x00-\x1f\x7f-\x9f]*$"
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=ONE_LINE)]
_PATTERN_WORDS = {
    NO_CONTROL: "must not contain control characters (such as escape codes)",
    ID_PATTERN: "must be 1 to 64 letters, digits, '-' or '_'",
    ONE_LINE: "must be one line, without tabs or control characters",
}
ShortText = Annotated[str, Field(max_length=TEXT_LIMIT, pattern=NO_CONTROL)]
Title = Annotated[str, Field(min_length=1, max_length=TEXT_LIMIT, pattern=NO_CONTROL)]
Confidence = Annotated[int, Field(ge=1, le=5)]


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=False)

    # Leaner than pydantic's own pickling (which sets four attributes in Python for each
    # object): the folded board is kept in a cache of ~100,000 of these, and reading it
    # back is most of the time it takes to open a big board that has a cache.
    def __getstate__(self) -> dict:
        return self.__dict__

    def __setstate__(self, state: dict) -> None:
        object.__setattr__(self, "__dict__", state)
        object.__setattr__(self, "__pydantic_fields_set__", set(state))
        object.__setattr__(self, "__pydantic_extra__", None)
        object.__setattr__(self, "__pydantic_private__", None)


# --- parts of an experiment -----------------------------------------------------------


class TransferPlan(Model):
    """Lever 1: why this person, what it must deliver, how it serves the team."""

    why_me: ShortText = ""
    must_deliver: ShortText = ""
    team_goals: ShortText = ""
    personal_benefit: ShortText = ""


class ApplicationOpportunity(Model):
    """Lever 3: where the learning will be applied."""

    kind: ApplicationKind = ApplicationKind.OTHER
    what: ShortText = ""
    when: ShortText = ""


class PracticeEntry(Model):
    id: str
    at: datetime
    on: date
    what: ShortText


class Reflection(Model):
    """Lever 4: the four questions."""

    id: str
    at: datetime
    wanted: ShortText = ""
    did: ShortText = ""
    effect: ShortText = ""
    next_time: ShortText = ""

    @property
    def complete(self) -> bool:
        return all(s.strip() for s in (self.wanted, self.did, self.effect, self.next_time))


class CheckIn(Model):
    id: str
    at: datetime
    author: str
    kind: CheckInKind
    notes: ShortText = ""


class SupportLink(Model):
    supporter: str
    experiment_id: str
    at: datetime
    added_by: str


class SupportNote(Model):
    id: str
    at: datetime
    author: str
    experiment_id: str
    text: ShortText


class Praise(Model):
    id: str
    at: datetime
    author: str
    to: str
    experiment_id: str | None = None
    message: ShortText
    kind: PraiseKind


class StageVisit(Model):
    stage: Stage
    at: datetime


class ConfidenceRating(Model):
    value: Confidence
    at: datetime


class Member(Model):
    id: str
    name: str
    role: Role = Role.EMPLOYEE
    joined_at: datetime


class Experiment(Model):
    id: str
    owner: str
    title: str
    training: str = ""
    stage: Stage = Stage.GOAL
    plan: TransferPlan = Field(default_factory=TransferPlan)
    opportunity: ApplicationOpportunity | None = None
    target_date: date | None = None
    created_at: datetime
    history: list[StageVisit] = Field(default_factory=list)
    confidence: list[ConfidenceRating] = Field(default_factory=list)
    practice: list[PracticeEntry] = Field(default_factory=list)
    reflections: list[Reflection] = Field(default_factory=list)
    check_ins: list[CheckIn] = Field(default_factory=list)
    supporters: dict[str, SupportLink] = Field(default_factory=dict)
    support_notes: list[SupportNote] = Field(default_factory=list)

    @property
    def stage_since(self) -> datetime:
        return self.history[-1].at if self.history else self.created_at

    @property
    def current_confidence(self) -> int | None:
        return self.confidence[-1].value if self.confidence else None


# --- events ---------------------------------------------------------------------------


class EventBase(Model):
    """Fields every event carries. `seq` increases per author; the fold orders by
    (at, author, seq)."""

    id: Id
    at: datetime
    author: MemberId
    seq: int = Field(ge=0)

    @field_validator("at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("time must carry a timezone (UTC)")
        return value if value.utcoffset() == _ZERO else value.astimezone(UTC)

    @property
    def order_key(self) -> tuple[datetime, str, int, str]:
        return ORDER_KEY(self)


# The fold's order: time, then author, then the author's own sequence (and the id, so
# that any two events have one order). An attrgetter sorts in C: quicker on a big board.
ORDER_KEY = attrgetter("at", "author", "seq", "id")


class MemberJoined(EventBase):
    """The author joins the board (or renames themselves, if sent again)."""

    type: Literal["member_joined"] = "member_joined"
    name: Name

    _strip_name = field_validator("name", mode="before")(_strip)


class RoleSet(EventBase):
    type: Literal["role_set"] = "role_set"
    member: MemberId
    role: Role


class ExperimentCreated(EventBase):
    type: Literal["experiment_created"] = "experiment_created"
    experiment_id: Id
    title: Title
    training: ShortText = ""
    plan: TransferPlan = Field(default_factory=TransferPlan)
    opportunity: ApplicationOpportunity | None = None
    target_date: date | None = None
    confidence: Confidence | None = None

    _strip_title = field_validator("title", mode="before")(_strip)


class ExperimentEdited(EventBase):
    """Only the fields that changed are set, so two edits of different fields both win."""

    type: Literal["experiment_edited"] = "experiment_edited"
    experiment_id: Id
    title: Title | None = None
    training: ShortText | None = None
    why_me: ShortText | None = None
    must_deliver: ShortText | None = None
    team_goals: ShortText | None = None
    personal_benefit: ShortText | None = None
    opportunity: ApplicationOpportunity | None = None
    target_date: date | None = None

    _strip_title = field_validator("title", mode="before")(_strip)


class StageMoved(EventBase):
    type: Literal["stage_moved"] = "stage_moved"
    experiment_id: Id
    to: Stage


class PracticeLogged(EventBase):
    type: Literal["practice_logged"] = "practice_logged"
    experiment_id: Id
    entry_id: str
    on: date
    what: Title

    _strip_what = field_validator("what", mode="before")(_strip)


class ReflectionWritten(EventBase):
    type: Literal["reflection_written"] = "reflection_written"
    experiment_id: Id
    reflection_id: str
    wanted: ShortText = ""
    did: ShortText = ""
    effect: ShortText = ""
    next_time: ShortText = ""


class ConfidenceRated(EventBase):
    type: Literal["confidence_rated"] = "confidence_rated"
    experiment_id: Id
    value: Confidence


class CheckedIn(EventBase):
    type: Literal["checked_in"] = "checked_in"
    experiment_id: Id
    check_in_id: str
    kind: CheckInKind
    notes: ShortText = ""


class PraisePosted(EventBase):
    type: Literal["praise_posted"] = "praise_posted"
    praise_id: Id
    to: MemberId
    experiment_id: Id | None = None
    message: Title
    kind: PraiseKind = PraiseKind.EFFORT

    _strip_message = field_validator("message", mode="before")(_strip)


class SupportAdded(EventBase):
    type: Literal["support_added"] = "support_added"
    experiment_id: Id
    supporter: MemberId


class SupportRemoved(EventBase):
    type: Literal["support_removed"] = "support_removed"
    experiment_id: Id
    supporter: MemberId


class SupportNoted(EventBase):
    type: Literal["support_noted"] = "support_noted"
    experiment_id: Id
    note_id: str
    text: Title

    _strip_text = field_validator("text", mode="before")(_strip)


Event = Annotated[
    MemberJoined
    | RoleSet
    | ExperimentCreated
    | ExperimentEdited
    | StageMoved
    | PracticeLogged
    | ReflectionWritten
    | ConfidenceRated
    | CheckedIn
    | PraisePosted
    | SupportAdded
    | SupportRemoved
    | SupportNoted,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_CLASSES: dict[str, type[EventBase]] = {
    cls.model_fields["type"].default: cls for cls in EventBase.__subclasses__()
}
EVENT_TYPES: frozenset[str] = frozenset(EVENT_CLASSES)


def parse_event(raw: dict) -> Event:
    """Validate one stored event; raises pydantic.ValidationError."""
    kind = raw.get("type")
    cls = EVENT_CLASSES.get(kind) if isinstance(kind, str) else None
    # Going straight to the event's own class is quicker than the union for a big board.
    return cls.model_validate(raw) if cls else EVENT_ADAPTER.validate_python(raw)


def event_to_dict(event: EventBase) -> dict:
    return event.model_dump(mode="json", exclude_none=True)


def _friendly(detail: dict) -> tuple[str, str]:
    """(field path, message) for one pydantic error, in words for a person."""
    where = ".".join(str(p) for p in detail["loc"] if p not in EVENT_TYPES) or "value"
    message = detail["msg"].removeprefix("Value error, ")
    if detail["type"] == "string_too_short" and detail.get("ctx", {}).get("min_length") == 1:
        message = "must not be empty"
    elif detail["type"] == "string_pattern_mismatch":
        message = _PATTERN_WORDS.get(detail.get("ctx", {}).get("pattern", ""), message)
    return where, message


def describe_validation_error(error: ValidationError) -> str:
    """One line for a person: the first field that is wrong, and why."""
    where, message = _friendly(error.errors()[0])
    return f"{where}: {message}"


def payload_errors(payload: dict) -> dict[str, str]:
    """Check an action's fields before it is written: {field path: what is wrong}.

    Forms use it to show each error next to its field.
    """
    envelope = {"id": "check", "at": utcnow(), "author": "check", "seq": 0}
    try:
        parse_event(envelope | payload)
    except ValidationError as error:
        errors: dict[str, str] = {}
        for detail in error.errors():
            where, message = _friendly(detail)
            errors.setdefault(where, message)
        return errors
    return {}
