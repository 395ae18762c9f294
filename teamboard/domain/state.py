"""The folded board: members, experiments and praise, as plain slotted dataclasses.

Events are validated once, where they are read (model.py); the fold (board.py) builds and
changes these objects without checking their shape again. A big board holds about 100,000
of them, so they are lean: slots, no validation, no per-object dict.

Each object remembers the event that last set it (`event_id`), so that when a later event
is refused, `teamboard check` can name the event that caused the refusal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import ClassVar, NamedTuple, assert_never

from teamboard.domain.events import (
    ApplicationKind,
    CheckInKind,
    EntryKind,
    PraiseKind,
    Role,
    Stage,
)


class _Lean:
    """Pickled as (class, field values): this machine's cache of a big board holds about
    100,000 of these, and they read back 40% faster than slots pickled one by one."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type[_Lean], tuple[object, ...]]:
        names: tuple[str, ...] = self.__slots__
        return (type(self), tuple(getattr(self, name) for name in names))


class _Dated(_Lean):
    """An entry on an experiment with its time (`at`): what a change on the board, the
    export's activity and its window read of it (Experiment.dated_lists)."""

    __slots__ = ()
    at: datetime
    # Whether a later event can change an entry already written: if not, the entries of a
    # list are in the order of their times, and the last is the newest.
    revisable: ClassVar[bool] = False

    @property
    def changed_at(self) -> datetime:
        """When it last changed (a reflection: revised)."""
        return self.at

    @property
    def day(self) -> date:
        """The day it is of, for an export's window: in UTC (a practice: its own day)."""
        return self.changed_at.astimezone(UTC).date()


# The order of the fold: (at, author, seq, id); see board.order_key.
OrderKey = tuple[datetime, str, int, str]


class Refused(Exception):
    """An action that the rules do not allow; the message says why, for a person.

    `cause` is the id of the event that made the rule refuse (the move that put the card
    where it is, the role change that took a manager's role away), when there is one.
    """

    def __init__(self, reason: str, cause: str = "") -> None:
        super().__init__(reason)
        self.cause = cause


@dataclass(slots=True)
class Correction(_Lean):
    """An entry taken back, an experiment withdrawn: who, when, and why."""

    at: datetime
    by: str
    event_id: str
    reason: str = ""


@dataclass(slots=True)
class TransferPlan(_Lean):
    """Lever 1: why this person, what it must deliver, how it serves the team."""

    why_me: str = ""
    must_deliver: str = ""
    team_goals: str = ""
    personal_benefit: str = ""

    @property
    def complete(self) -> bool:
        return all(
            s.strip()
            for s in (self.why_me, self.must_deliver, self.team_goals, self.personal_benefit)
        )


@dataclass(slots=True)
class Opportunity(_Lean):
    """Lever 3: where the learning will be applied."""

    kind: ApplicationKind = ApplicationKind.OTHER
    what: str = ""
    when: str = ""


@dataclass(slots=True)
class PracticeEntry(_Dated):
    id: str
    at: datetime
    on: date
    what: str
    event_id: str = ""
    taken_back: Correction | None = None

    @property
    def day(self) -> date:
        return self.on


@dataclass(slots=True)
class Reflection(_Dated):
    """Lever 4: the four questions."""

    id: str
    at: datetime
    wanted: str = ""
    did: str = ""
    effect: str = ""
    next_time: str = ""
    event_id: str = ""
    revised_at: datetime | None = None  # the time of the latest revision, if revised
    revisable: ClassVar[bool] = True

    @property
    def complete(self) -> bool:
        return all(s.strip() for s in (self.wanted, self.did, self.effect, self.next_time))

    @property
    def changed_at(self) -> datetime:
        return self.revised_at or self.at


@dataclass(slots=True)
class CheckIn(_Dated):
    id: str
    at: datetime
    author: str
    kind: CheckInKind
    notes: str = ""


@dataclass(slots=True)
class SupportLink(_Lean):
    supporter: str
    experiment_id: str
    at: datetime
    added_by: str
    event_id: str = ""
    ended: datetime | None = None  # when the supporter was taken off (past_supporters)


@dataclass(slots=True)
class SupportRequest(_Lean):
    """The owner asked a colleague to support the experiment, and the colleague's answer:
    yes (they support it from `answered_at`), no, or none yet."""

    supporter: str  # the colleague asked
    at: datetime
    asked_by: str
    event_id: str
    answered_at: datetime | None = None
    accepted: bool | None = None  # None: waiting for the answer


@dataclass(slots=True)
class SupportNote(_Dated):
    id: str
    at: datetime
    author: str
    experiment_id: str
    text: str
    taken_back: Correction | None = None


@dataclass(slots=True)
class Praise(_Lean):
    id: str
    at: datetime
    author: str
    to: str
    experiment_id: str | None
    message: str
    kind: PraiseKind
    taken_back: Correction | None = None


@dataclass(slots=True)
class StageVisit(_Lean):
    stage: Stage
    at: datetime
    by: str = ""
    event_id: str = ""


@dataclass(slots=True)
class ConfidenceRating(_Dated):
    value: int
    at: datetime


@dataclass(slots=True)
class HelpAsk(_Lean):
    """An owner's call for help on an experiment, and how it ended: cleared by the owner,
    or answered by a colleague who offered support after it was asked."""

    at: datetime
    ask: str
    event_id: str
    cleared_at: datetime | None = None
    cleared_by: str = ""  # the owner who cleared it, or the colleague who offered support
    answered: bool = False  # cleared by support offered, not by the owner


@dataclass(slots=True)
class Standup(_Lean):
    """One of the team's stand-ups: who ran it, when, and (once ended) who was there."""

    id: str
    started_at: datetime
    started_by: str
    event_id: str
    ended_at: datetime | None = None
    ended_by: str = ""
    attendees: list[str] = field(default_factory=list)
    summary: str = ""


DatedEntry = PracticeEntry | Reflection | CheckIn | ConfidenceRating | SupportNote


@dataclass(slots=True)
class Member(_Lean):
    id: str
    name: str
    role: Role
    joined_at: datetime
    role_event: str = ""  # the role_set that gave the current role ("" for the default)


@dataclass(slots=True)
class Experiment(_Lean):
    id: str
    owner: str
    title: str
    created_at: datetime
    training: str = ""
    stage: Stage = Stage.GOAL
    plan: TransferPlan = field(default_factory=TransferPlan)
    plan_complete_at_start: bool = False
    opportunity: Opportunity | None = None
    # When the opportunity standing now was first named (insights trace it over time).
    opportunity_at: datetime | None = None
    target_date: date | None = None
    history: list[StageVisit] = field(default_factory=list)
    confidence: list[ConfidenceRating] = field(default_factory=list)
    practice: list[PracticeEntry] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    supporters: dict[str, SupportLink] = field(default_factory=dict)
    # Supporters taken off, with `ended` set: who supported it when (insights' trends).
    past_supporters: list[SupportLink] = field(default_factory=list)
    # The owner's requests to colleagues, oldest first, answered or waiting.
    support_requests: list[SupportRequest] = field(default_factory=list)
    support_notes: list[SupportNote] = field(default_factory=list)
    withdrawn: Correction | None = None
    event_id: str = ""  # the experiment_created event
    help_asks: list[HelpAsk] = field(default_factory=list)  # oldest first

    def dated_lists(self) -> dict[str, Sequence[DatedEntry]]:
        """Its lists of dated entries, by the field that holds each, in the order the
        fold added them: what happened to it besides its stage history, its supporters,
        the requests to support it and its calls for help. A change on the board
        (views.feed.last_change), the export's activity and what its window keeps
        (exchange.export.scoped) read them here, so a new list of entries on an
        experiment is named here once."""
        return {
            "practice": self.practice,
            "reflections": self.reflections,
            "check_ins": self.check_ins,
            "confidence": self.confidence,
            "support_notes": self.support_notes,
        }

    @property
    def stage_since(self) -> datetime:
        return self.history[-1].at if self.history else self.created_at

    @property
    def current_confidence(self) -> int | None:
        return self.confidence[-1].value if self.confidence else None

    @property
    def practice_done(self) -> list[PracticeEntry]:
        """The practice entries that stand (not taken back)."""
        return [p for p in self.practice if counts(p)]

    @property
    def notes_standing(self) -> list[SupportNote]:
        return [n for n in self.support_notes if counts(n)]

    @property
    def requests_waiting(self) -> list[SupportRequest]:
        """The requests to support it that wait for an answer."""
        return [r for r in self.support_requests if r.accepted is None]

    def waiting_for(self, member_id: str) -> SupportRequest | None:
        """The request to this member that waits for their answer, if there is one."""
        return next((r for r in self.requests_waiting if r.supporter == member_id), None)

    @property
    def help(self) -> HelpAsk | None:
        """The help asked for and still open, if any."""
        last = self.help_asks[-1] if self.help_asks else None
        return last if last is not None and last.cleared_at is None else None

    @property
    def stage_event(self) -> str:
        return self.history[-1].event_id if self.history else self.event_id


@dataclass(slots=True)
class CorrectionRecord(_Lean):
    """One correction, for the history and the feed: what was corrected, by whom."""

    kind: str  # "withdrawn", "restored", "took back practice", ... (words for people)
    at: datetime
    author: str
    experiment_id: str | None
    about: str  # the member the corrected entry concerned
    event_id: str


@dataclass(slots=True)
class Rejected(_Lean):
    """An event kept on disk but left out of the state, and why."""

    event_id: str
    author: str
    type: str
    reason: str
    source: str = ""
    cause: str = ""  # the id of the event that made this one break a rule, if one did
    at: str = ""


@dataclass(slots=True)
class DeclaredKey(_Lean):
    """The key that signs a member's log, as their first signed event declared it."""

    key: str
    fingerprint: str
    event_id: str
    at: datetime


@dataclass(slots=True)
class KeyConfirmation(_Lean):
    """A manager's word that a fingerprint is a member's own."""

    fingerprint: str
    by: str
    at: datetime
    event_id: str


@dataclass
class BoardState:
    founder: str | None = None
    members: dict[str, Member] = field(default_factory=dict)
    experiments: dict[str, Experiment] = field(default_factory=dict)
    praise: list[Praise] = field(default_factory=list)
    corrections: list[CorrectionRecord] = field(default_factory=list)
    standups: list[Standup] = field(default_factory=list)  # in the order they started
    rejected: list[Rejected] = field(default_factory=list)
    # Signing: each log's declared key, and the latest confirmation of each member's key.
    keys: dict[str, DeclaredKey] = field(default_factory=dict)
    confirmations: dict[str, KeyConfirmation] = field(default_factory=dict)
    # Every event judged so far (applied or refused): the same id stored twice counts once.
    event_ids: set[str] = field(default_factory=set)
    # The order key of the newest judged event: a later event can be applied on top, an
    # earlier one needs a fresh fold.
    last_key: OrderKey | None = None

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

    def is_manager(self, member_id: str | None) -> bool:
        member = self.members.get(member_id or "")
        return member is not None and member.role is Role.MANAGER

    def name_of(self, member_id: str) -> str:
        member = self.members.get(member_id)
        return member.name if member else member_id

    def key_confirmed_by(self, member_id: str) -> KeyConfirmation | None:
        """The confirmation of the key this member's log declares, if a manager gave one."""
        declared = self.keys.get(member_id)
        confirmed = self.confirmations.get(member_id)
        if declared is None or confirmed is None:
            return None
        return confirmed if confirmed.fingerprint == declared.fingerprint else None

    @property
    def active(self) -> list[Experiment]:
        """The experiments on the board (not withdrawn)."""
        return [e for e in self.experiments.values() if counts(e)]

    @property
    def praise_standing(self) -> list[Praise]:
        return [p for p in self.praise if counts(p)]


# --- the entries an author can take back ---------------------------------------------------

Entry = PracticeEntry | SupportNote | Praise


def counts(item: Entry | Experiment) -> bool:
    """Whether it counts: an entry not taken back, an experiment not withdrawn. What was
    taken back or withdrawn stays in the history and is shown struck through, but every
    count (a tab's, a card's, the strip's, the exports', the insights') leaves it out:
    each asks this, or a list built with it (practice_done, notes_standing, active,
    praise_standing)."""
    if isinstance(item, Experiment):
        return item.withdrawn is None
    return item.taken_back is None


class KeptEntry(NamedTuple):
    """An entry an author can take back, with where it is kept and whom it concerns."""

    kind: EntryKind
    entry: Entry
    experiment_id: str | None  # the experiment it is on (praise: the one it is about, if any)
    writer: str  # who wrote it: only they may take it back
    about: str  # the member it concerns: the experiment's owner, or whom praise praises
    on: date  # its day: a practice's own, else the day it was written
    text: str  # the writer's words


def entries_of(
    state: BoardState, kind: EntryKind, experiment: Experiment | None = None
) -> Iterator[KeptEntry]:
    """The entries of one kind on one experiment (praise: about it) or, without one, on
    the whole board, each experiment's in the order written. The one place that says
    which list holds each kind: taking back, the form that offers it and the command
    line find entries here."""
    experiments = [experiment] if experiment is not None else state.experiments.values()
    match kind:
        case EntryKind.PRACTICE:
            for e in experiments:
                for p in e.practice:
                    yield KeptEntry(kind, p, e.id, e.owner, e.owner, p.on, p.what)
        case EntryKind.NOTE:
            for e in experiments:
                for n in e.support_notes:
                    yield KeptEntry(kind, n, e.id, n.author, e.owner, n.at.date(), n.text)
        case EntryKind.PRAISE:
            for g in state.praise:
                if experiment is None or g.experiment_id == experiment.id:
                    yield KeptEntry(
                        kind, g, g.experiment_id, g.author, g.to, g.at.date(), g.message
                    )
        case _:
            assert_never(kind)
