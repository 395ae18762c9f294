"""The stand-up: what changed since the last one, who needs what, the wins, the order in
which the team walks through its people, and the digest for a chat channel.

Everything is worked out from the state and a `now`, from the feed's items
(teamboard.views.feed): the board's "new" marks, its summary strip, the stand-up screen and
`teamboard standup` all count the same things.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from teamboard.domain import labels
from teamboard.domain.events import Stage, sort_key
from teamboard.domain.facts import CheckInDue, check_ins_due_for, stall_reason
from teamboard.domain.state import (
    BoardState,
    Experiment,
    HelpAsk,
    Member,
    Reflection,
    Standup,
    SupportRequest,
    counts,
)
from teamboard.domain.text import md_text, plural
from teamboard.views.feed import (
    ACTIVITY,
    FeedItem,
    FeedKind,
    experiment_items,
    feed_items,
    plain_headline,
)

NO_STANDUP_WINDOW = timedelta(hours=24)  # "since" with no stand-up recorded yet
STANDUP_LEFT_OPEN = timedelta(hours=12)  # a stand-up started longer ago was left, not running
TURN_SECONDS = 90  # the default time per person


# --- since when -------------------------------------------------------------------------


@dataclass(frozen=True)
class Since:
    at: datetime
    standup: Standup | None  # the last stand-up that ended; None: the last 24 hours
    given: bool = False  # a date someone gave (`teamboard standup --since`)

    @property
    def words(self) -> str:
        """'since the last stand-up (Tue 09:12)', the time it ended, in this computer's time
        zone."""
        return self._words()[0]

    @property
    def short_words(self) -> str:
        """'since Tue 09:02', 'in the last 24 h': the same, where room is short."""
        return self._words()[1]

    def _words(self) -> tuple[str, str]:
        """The words, and the same words short."""
        if self.given:
            at = self.at.astimezone()
            return f"since {at:%a %d %b %H:%M}", f"since {at:%d %b %H:%M}"
        if self.standup is None:
            return "in the last 24 hours (no stand-up recorded yet)", "in the last 24 h"
        # The time counting starts from (the stand-up's end), not when it began.
        ended = f"{self.at.astimezone():%a %H:%M}"
        return f"since the last stand-up ({ended})", f"since {ended}"


def last_standup(state: BoardState) -> Standup | None:
    """The stand-up that ended last."""
    ended = [s for s in state.standups if s.ended_at is not None]
    return max(ended, key=lambda s: s.ended_at or s.started_at) if ended else None


def since_last_standup(state: BoardState, now: datetime, given: datetime | None = None) -> Since:
    """From the end of the last stand-up (what was done in it was seen there), or the last
    24 hours when none is recorded, or the time someone gave."""
    if given is not None:
        return Since(given, None, given=True)
    standup = last_standup(state)
    if standup is None or standup.ended_at is None:
        return Since(now - NO_STANDUP_WINDOW, None)
    return Since(standup.ended_at, standup)


def running_standup(state: BoardState, now: datetime) -> Standup | None:
    """The stand-up started and not ended, if one is running (one left open for half a day
    was abandoned: a closed laptop, a killed app)."""
    for standup in reversed(state.standups):
        if standup.ended_at is None and now - standup.started_at < STANDUP_LEFT_OPEN:
            return standup
    return None


def running_words(standup: Standup) -> str:
    """'stand-up running since 09:02', in this computer's time zone."""
    return f"stand-up running since {standup.started_at.astimezone():%H:%M}"


# --- what changed -----------------------------------------------------------------------


WIN_KINDS = (FeedKind.MILESTONE, FeedKind.PRAISE)  # reached Success, a first practice, praise


class Changes:
    """What changed since `since`, worked out when first asked: one card's changes alone
    (the board's first paint needs only the cards in sight), or all of them at once (the
    strip's counts, the "only what changed" filter, the stand-up), once."""

    def __init__(
        self, state: BoardState | None, since: Since, items: list[FeedItem] | None = None
    ) -> None:
        self.since = since
        self._state = state
        self._all = None if items is None else _grouped(items)
        self._one: dict[str, list[FeedItem]] = {}
        self._apart: list[FeedItem] | None = None

    @property
    def items(self) -> list[FeedItem]:
        """Every change since, newest first (milestones too)."""
        return self._everything()[0]

    @property
    def by_experiment(self) -> dict[str, list[FeedItem]]:
        return self._everything()[1]

    @property
    def activity(self) -> list[FeedItem]:
        return [i for i in self.items if i.kind is not FeedKind.MILESTONE]

    @property
    def wins(self) -> list[FeedItem]:
        return [i for i in self.items if i.kind in WIN_KINDS and self._counts(i)]

    @property
    def moved(self) -> set[str]:
        """The experiments that moved (and are on the board: what counts, state.counts)."""
        return {
            i.experiment_id
            for i in self.items
            if i.kind is FeedKind.MOVE and i.experiment_id and self._counts(i)
        }

    def _counts(self, item: FeedItem) -> bool:
        experiment = self._state.experiments.get(item.experiment_id or "") if self._state else None
        return experiment is None or counts(experiment)

    def of(self, experiment_id: str) -> list[FeedItem]:
        """One experiment's changes since, newest first (what `by_experiment` holds)."""
        if self._all is not None:
            return self._all[1].get(experiment_id, [])
        found = self._one.get(experiment_id)
        if found is None:
            found = self._one[experiment_id] = self._of_one(experiment_id)
        return found

    def _everything(self) -> tuple[list[FeedItem], dict[str, list[FeedItem]]]:
        if self._all is None:
            state = self._state
            kinds = (*ACTIVITY, FeedKind.MILESTONE)
            items = [] if state is None else feed_items(state, kinds=kinds, since=self.since.at)
            self._all = _grouped(items)
        return self._all

    def _of_one(self, experiment_id: str) -> list[FeedItem]:
        state = self._state
        experiment = state.experiments.get(experiment_id) if state is not None else None
        if state is None or experiment is None:
            return []
        if self._apart is None:  # praise and corrections, which the board keeps apart
            kept_apart = (FeedKind.PRAISE, FeedKind.CORRECTION)
            self._apart = feed_items(state, kinds=kept_apart, since=self.since.at)
        items = [i for i in self._apart if i.experiment_id == experiment_id]
        items += experiment_items(experiment, ACTIVITY, self.since.at)
        items.sort(key=lambda item: item.at, reverse=True)
        return items


def _grouped(items: list[FeedItem]) -> tuple[list[FeedItem], dict[str, list[FeedItem]]]:
    by_experiment: dict[str, list[FeedItem]] = defaultdict(list)
    for item in items:
        if item.experiment_id and item.kind is not FeedKind.MILESTONE:
            by_experiment[item.experiment_id].append(item)
    return items, dict(by_experiment)


def changes_since(state: BoardState, since: Since) -> Changes:
    return Changes(state, since)


# --- what a person needs ----------------------------------------------------------------


class NeedKind(StrEnum):
    """What a person needs, in the board's words for it (domain.labels)."""

    HELP = labels.HELP_ASKED
    OVERDUE = labels.CHECK_IN_OVERDUE
    STUCK = labels.STALLED
    ALONE = labels.NO_SUPPORTER
    DUE = labels.CHECK_IN_DUE


# The order a stand-up takes them in, and their weight when people are ordered by attention.
NEED_WEIGHT = {
    NeedKind.HELP: 8,
    NeedKind.OVERDUE: 4,
    NeedKind.STUCK: 4,
    NeedKind.ALONE: 2,
    NeedKind.DUE: 1,
}


@dataclass(frozen=True, slots=True)
class Need:
    kind: NeedKind
    experiment: Experiment
    detail: HelpAsk | CheckInDue | str  # the ask, the check-in, why it is stuck

    @property
    def words(self) -> str:
        """The ask itself, which check-in and when, or why it is stuck."""
        detail = self.detail
        if isinstance(detail, HelpAsk):
            return detail.ask
        if isinstance(detail, CheckInDue):
            return detail.words
        return detail


def needs_of(experiment: Experiment, now: datetime) -> list[Need]:
    """What this experiment needs from the team now, most pressing first (the summary
    strip counts them for the whole board: keep it cheap, the words come when read)."""
    if experiment.withdrawn is not None:
        return []
    found: list[Need] = []
    if (ask := experiment.help) is not None:
        found.append(Need(NeedKind.HELP, experiment, ask))
    due = check_ins_due_for(experiment, now)
    found.extend(Need(NeedKind.OVERDUE, experiment, d) for d in due if d.overdue)
    if (reason := stall_reason(experiment, now)) is not None:
        found.append(Need(NeedKind.STUCK, experiment, reason))
    if not experiment.supporters and experiment.stage is not Stage.SUCCESS:
        found.append(Need(NeedKind.ALONE, experiment, "nobody supports it yet"))
    found.extend(Need(NeedKind.DUE, experiment, d) for d in due if not d.overdue)
    return found


def attention(experiment: Experiment, now: datetime) -> int:
    """How much an experiment asks for the team's attention (0: nothing)."""
    return sum(NEED_WEIGHT[need.kind] for need in needs_of(experiment, now))


# --- the board at a glance ----------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    moved: int  # experiments that moved since the last stand-up
    wins: int
    stuck: int
    alone: int
    help_asked: int
    check_ins_due: int
    check_ins_overdue: int


def summary(state: BoardState, now: datetime, changes: Changes) -> Summary:
    counts: dict[NeedKind, int] = dict.fromkeys(NeedKind, 0)
    for experiment in state.active:
        for need in needs_of(experiment, now):
            counts[need.kind] += 1
    return Summary(
        moved=len(changes.moved),
        wins=len(changes.wins),
        stuck=counts[NeedKind.STUCK],
        alone=counts[NeedKind.ALONE],
        help_asked=counts[NeedKind.HELP],
        check_ins_due=counts[NeedKind.DUE],
        check_ins_overdue=counts[NeedKind.OVERDUE],
    )


# --- one person at a time -------------------------------------------------------------------


class TurnOrder(StrEnum):
    ALPHABETICAL = "alphabetical"
    ATTENTION = "attention first"


@dataclass(frozen=True, slots=True)
class Asked:
    """A colleague's request to this person to support their experiment, still waiting for
    the answer."""

    experiment: Experiment
    request: SupportRequest


@dataclass
class Turn:
    """One person's turn in the stand-up."""

    member: Member
    experiments: list[Experiment]  # on the board, those needing attention first
    changes: dict[str, list[FeedItem]]  # experiment id -> what changed since, newest first
    next_steps: list[tuple[Experiment, str]]  # the last reflection's "what I'll do differently"
    needs: list[Need] = field(default_factory=list)
    asked: list[Asked] = field(default_factory=list)  # requests waiting for their answer

    @property
    def attention(self) -> int:
        return sum(NEED_WEIGHT[need.kind] for need in self.needs)

    @property
    def changed(self) -> int:
        return sum(len(items) for items in self.changes.values())


def turns(state: BoardState, now: datetime, changes: Changes, order: TurnOrder) -> list[Turn]:
    """Everyone on the board, one turn each (also those with nothing on the board: the
    stand-up is where they can say what they will try)."""
    mine: dict[str, list[Experiment]] = defaultdict(list)
    asked: dict[str, list[Asked]] = defaultdict(list)
    for experiment in state.active:
        mine[experiment.owner].append(experiment)
        for request in experiment.requests_waiting:
            asked[request.supporter].append(Asked(experiment, request))
    result = [
        _turn(member, mine.get(member.id, []), now, changes, asked.get(member.id, []))
        for member in state.members.values()
    ]
    result.sort(key=lambda turn: sort_key(turn.member.name))
    if order is TurnOrder.ATTENTION:
        result.sort(key=lambda turn: -turn.attention)  # stable: by name within a weight
    return result


def turn_of(state: BoardState, now: datetime, changes: Changes, member_id: str) -> Turn:
    """One person's turn, as `turns` works it out (the stand-up screen redraws the turn
    shown without working out everyone's)."""
    experiments = [e for e in state.active if e.owner == member_id]
    asked = [
        Asked(e, request) for e in state.active if (request := e.waiting_for(member_id)) is not None
    ]
    return _turn(state.member(member_id), experiments, now, changes, asked)


def _turn(
    member: Member,
    experiments: list[Experiment],
    now: datetime,
    changes: Changes,
    asked: list[Asked],
) -> Turn:
    needs = [need for e in experiments for need in needs_of(e, now)]
    weight = {e.id: attention(e, now) for e in experiments}
    experiments.sort(key=lambda e: (-weight[e.id], -e.stage.position, e.created_at))
    return Turn(
        member,
        experiments,
        {e.id: changes.of(e.id) for e in experiments if changes.of(e.id)},
        [(e, r.next_time) for e in experiments if (r := _last_reflection(e)) and r.next_time],
        sorted(needs, key=lambda need: -NEED_WEIGHT[need.kind]),
        sorted(asked, key=lambda a: a.request.at),
    )


def _last_reflection(experiment: Experiment) -> Reflection | None:
    return max(experiment.reflections, key=lambda r: r.revised_at or r.at, default=None)


def one_line_summary(changes: Changes, state: BoardState, now: datetime) -> str:
    """The line a stand-up ends with (and records)."""
    at = summary(state, now, changes)
    parts = [plural(len(changes.activity), "change")]
    if at.moved:
        parts.append(plural(at.moved, "card moved", "cards moved"))
    if changes.wins:
        parts.append(plural(len(changes.wins), "win"))
    if at.help_asked:
        parts.append(plural(at.help_asked, "call for help", "calls for help"))
    if at.check_ins_overdue:
        parts.append(plural(at.check_ins_overdue, "check-in overdue", "check-ins overdue"))
    return ", ".join(parts) + "."


# --- the digest for a chat channel --------------------------------------------------------


def digest(
    state: BoardState, now: datetime, since: Since, board_name: str, markdown: bool = False
) -> str:
    """Per person what changed and what they need, then the wins: plain text, or Markdown."""
    changes = changes_since(state, since)
    out: list[str] = []

    def literal(text: str, indent: str = "") -> str:
        """People's words as they typed them: in Markdown, nothing they type is markup."""
        return md_text(text, indent) if markdown else text

    def heading(text: str) -> None:
        out.append(f"## {text}" if markdown else f"{text}\n{'-' * len(text)}")

    def bullet(text: str, depth: int = 0) -> None:
        indent = "  " * depth
        out.append(f"{indent}{'-' if markdown else '*'} {literal(text, indent + '  ')}")

    title = f"Stand-up: {board_name}, {since.words}"
    out.append(f"# {literal(title)}" if markdown else title)
    out.append("")
    out.append(literal(one_line_summary(changes, state, now)))
    for turn in turns(state, now, changes, TurnOrder.ATTENTION):
        if not turn.changes and not turn.needs:
            continue
        out.append("")
        heading(literal(turn.member.name))
        for experiment in turn.experiments:
            items = turn.changes.get(experiment.id, [])
            needs = [n for n in turn.needs if n.experiment is experiment]
            if not items and not needs:
                continue
            bullet(f"{experiment.title} ({experiment.stage.label})")
            for item in reversed(items):  # oldest first, as it happened
                bullet(_change_words(item, state, shown_with=experiment), 1)
            for need in needs:
                words = "" if need.kind is NeedKind.ALONE else f": {need.words}"
                bullet(f"needs: {need.kind.value}{words}", 1)
    out.append("")
    heading("Wins")
    wins = changes.wins
    if not wins:
        bullet("none yet since then: the next first practice or Success will be here")
    for item in reversed(wins):
        bullet(_change_words(item, state, with_title=True))
    return "\n".join(out).rstrip() + "\n"


def said_elsewhere(item: FeedItem, experiment: Experiment | None) -> bool:
    """Whether an item's own words are shown apart from it: a milestone's and a new
    experiment's are its headline and title, and the open call for help is among the
    needs (the item still says that help was asked)."""
    if item.kind in (FeedKind.MILESTONE, FeedKind.NEW):
        return True
    ask = experiment.help if experiment is not None else None
    return item.kind is FeedKind.HELP and ask is not None and ask.ask == item.text


def _change_words(
    item: FeedItem,
    state: BoardState,
    with_title: bool = False,
    shown_with: Experiment | None = None,
) -> str:
    words = plain_headline(item, state)
    if with_title and item.experiment_id in state.experiments:
        words += f": {state.experiments[item.experiment_id].title}"
    if item.text and not said_elsewhere(item, shown_with):
        words += f"{'; ' if item.kind is FeedKind.REFLECTION else ': '}{item.text}"
    return words
