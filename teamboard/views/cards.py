"""What a card on the board says about an experiment, worked out from the state.

Shared by the app's board and the CLI's list, so both flag the same things.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from teamboard.domain import labels
from teamboard.domain.events import sort_key
from teamboard.domain.facts import (
    check_ins_due_for,
    days_in_stage,
    is_stalled,
    stall_reason,
    target_passed,
)
from teamboard.domain.state import BoardState, Experiment
from teamboard.views.feed import DECLINED, FeedItem, FeedKind
from teamboard.views.standup import attention


class Flag(StrEnum):
    """Something that needs attention: its word (domain.labels: the same on every screen,
    in the CLI and the exports), its short form on a card, its explanation (`?`) and its
    name in `--json` (kept as it was for scripts: "check-in" for a check-in due or overdue,
    "overdue" for a target date passed)."""

    HELP = labels.HELP_ASKED
    NO_SUPPORTER = labels.NO_SUPPORTER
    STALLED = labels.STALLED
    CHECK_IN_OVERDUE = labels.CHECK_IN_OVERDUE
    CHECK_IN_DUE = labels.CHECK_IN_DUE
    NO_APPLICATION = labels.NO_APPLICATION
    TARGET_PASSED = labels.PAST_TARGET_DATE

    @property
    def short(self) -> str:
        return _SHORT.get(self, self.value)

    @property
    def explanation(self) -> str:
        return _EXPLANATION[self]

    @property
    def json_name(self) -> str:
        return _JSON_NAME[self]


# On a card, where room is short; the others are their word.
_SHORT = {
    Flag.HELP: "help",
    Flag.NO_SUPPORTER: "alone",
    Flag.NO_APPLICATION: "no-use",
}

_EXPLANATION = {
    Flag.HELP: "its owner asked for help",
    Flag.NO_SUPPORTER: "no colleague supports it yet",
    Flag.STALLED: (
        "14 days without the next step: a first practice in Goal, more practice in "
        "Practice, a reflection in Reflection"
    ),
    Flag.CHECK_IN_OVERDUE: "a check-in not held 2 weeks after it was due",
    Flag.CHECK_IN_DUE: (
        "a check-in's time has come: soon after (2 weeks after the start) or long-term "
        "(3 months after)"
    ),
    Flag.NO_APPLICATION: "no application opportunity named yet",
    Flag.TARGET_PASSED: "its target date has passed before Success",
}

_JSON_NAME = {
    Flag.HELP: "help",
    Flag.NO_SUPPORTER: "alone",
    Flag.STALLED: "stalled",
    Flag.CHECK_IN_OVERDUE: "check-in",
    Flag.CHECK_IN_DUE: "check-in",
    Flag.NO_APPLICATION: "no-use",
    Flag.TARGET_PASSED: "overdue",
}


def explain_flags(experiment: Experiment, now: datetime) -> list[str]:
    """What needs attention on this experiment, each as its word and, where there is
    more to say, what exactly ("stalled: no practice logged for 20 days")."""
    due = check_ins_due_for(experiment, now)
    details = {
        Flag.STALLED: stall_reason(experiment, now),
        Flag.HELP: experiment.help.ask if experiment.help is not None else None,
        Flag.CHECK_IN_OVERDUE: ", ".join(d.words for d in due if d.overdue),
        Flag.CHECK_IN_DUE: ", ".join(d.words for d in due if not d.overdue),
        Flag.TARGET_PASSED: (
            f"it was {experiment.target_date.isoformat()}" if experiment.target_date else None
        ),
    }
    return [
        f"{flag.value}: {detail}" if (detail := details.get(flag)) else flag.value
        for flag in flags_of(experiment, now)
    ]


def flags_of(experiment: Experiment, now: datetime) -> list[Flag]:
    flags = []
    if experiment.help is not None:
        flags.append(Flag.HELP)
    if not experiment.supporters:
        flags.append(Flag.NO_SUPPORTER)
    if is_stalled(experiment, now):
        flags.append(Flag.STALLED)
    due = check_ins_due_for(experiment, now)
    if any(d.overdue for d in due):
        flags.append(Flag.CHECK_IN_OVERDUE)
    if any(not d.overdue for d in due):
        flags.append(Flag.CHECK_IN_DUE)
    if experiment.opportunity is None:
        flags.append(Flag.NO_APPLICATION)
    if target_passed(experiment, now):
        flags.append(Flag.TARGET_PASSED)
    return flags


def flags_json(flags: list[Flag]) -> dict[str, list[str]]:
    """The flags in `--json`: "flags", the names scripts know, and "attention", the words."""
    return {
        "flags": list(dict.fromkeys(flag.json_name for flag in flags)),
        "attention": [flag.value for flag in flags],
    }


@dataclass(frozen=True)
class Card:
    experiment_id: str
    owner: str
    title: str
    days: int
    supporters: int
    praise: int
    confidence: int | None
    flags: tuple[Flag, ...]
    help: str = ""  # the open ask for help, in the owner's words
    new: tuple[FeedItem, ...] = ()  # what changed since the last stand-up, newest first


def praise_counts(state: BoardState) -> Counter[str]:
    return Counter(p.experiment_id for p in state.praise_standing if p.experiment_id)


def card_for(
    experiment: Experiment,
    state: BoardState,
    now: datetime,
    praise: Counter[str],
    new: list[FeedItem] | None = None,
) -> Card:
    return Card(
        experiment_id=experiment.id,
        owner=state.name_of(experiment.owner),
        title=experiment.title,
        days=days_in_stage(experiment, now),
        supporters=len(experiment.supporters),
        praise=praise.get(experiment.id, 0),
        confidence=experiment.current_confidence,
        flags=tuple(flags_of(experiment, now)),
        help=experiment.help.ask if experiment.help is not None else "",
        new=tuple(new or ()),
    )


# --- what changed on a card since the last stand-up (teamboard.views.standup.Changes) -----------


def change_words(item: FeedItem, short: bool = False) -> str:
    """A change on a card in a few words ("moved Practice → Reflection"), or fewer
    ("→ Reflection")."""
    match item.kind:
        case FeedKind.MOVE:
            return f"→ {item.detail.split(' → ')[-1]}" if short else f"moved {item.detail}"
        case FeedKind.CONFIDENCE:
            return "confidence" if short else f"confidence {item.detail}"
        case FeedKind.MILESTONE:
            return item.text
        case FeedKind.REQUEST if item.detail == DECLINED:
            return "support declined"
    return item.kind.look.change


def main_change(items: tuple[FeedItem, ...] | list[FeedItem]) -> FeedItem | None:
    """The change that says most about a card (the newest of its kind): the kind whose
    news comes first (FeedKind.look)."""
    return min(items, key=_news_rank, default=None)


def _news_rank(item: FeedItem) -> int:
    rank = item.kind.look.news
    return len(FeedKind) if rank is None else rank


def new_words(card: Card, short: bool = False) -> str:
    """What changed on the card since the last stand-up, in a few words (and how many
    more changes)."""
    main = main_change(card.new)
    if main is None:
        return ""
    more = f" +{len(card.new) - 1}" if len(card.new) > 1 else ""
    return change_words(main, short) + more


def new_mark(card: Card) -> list[str]:
    """The card's "new" mark, longest first: what changed (and how many more changes),
    in fewer words, then just "new", then a dot, for the room there is."""
    if not card.new:
        return []
    marks = [f"• {new_words(card)}", f"• {new_words(card, short=True)}", "• new", "•"]
    return list(dict.fromkeys(marks))


# --- the order of a column ------------------------------------------------------------------


class ColumnOrder(StrEnum):
    """How the cards of a column are ordered (the board's `o` key cycles; remembered per
    board on this machine)."""

    OWNER = "owner"
    ATTENTION = "attention"
    DAYS = "days"

    @property
    def label(self) -> str:
        return _ORDER_LABELS[self]

    @property
    def next(self) -> ColumnOrder:
        orders = list(ColumnOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


_ORDER_LABELS = {
    ColumnOrder.OWNER: "by owner",
    ColumnOrder.ATTENTION: "attention first",
    ColumnOrder.DAYS: "longest in stage first",
}


def order_column(
    experiments: list[Experiment],
    order: ColumnOrder,
    state: BoardState,
    now: datetime,
    weights: dict[str, int] | None = None,
) -> None:
    """Sort one column in place: by owner (then oldest first); with those needing the
    team's attention first (help asked, stuck, alone: teamboard.views.standup.attention); or
    the longest in their stage first. Ties stay by owner. `weights` keeps each
    experiment's attention between calls (the board keeps it until the board changes)."""
    names = {m.id: sort_key(m.name) for m in state.members.values()}
    experiments.sort(key=lambda e: (names.get(e.owner, e.owner), e.created_at))
    if order is ColumnOrder.ATTENTION:
        weight = {} if weights is None else weights
        for e in experiments:
            if e.id not in weight:
                weight[e.id] = attention(e, now)
        experiments.sort(key=lambda e: -weight[e.id])
    elif order is ColumnOrder.DAYS:
        days = {e.id: days_in_stage(e, now) for e in experiments}
        experiments.sort(key=lambda e: -days[e.id])
