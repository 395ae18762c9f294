"""The recognition feed (praise, support notes, help asked, the milestones the board
records itself, corrections) and the activity log (every kind of change), as one list of
items worked out from the state, newest first.

The same items say what changed since the last stand-up (teamboard.views.standup): the marks on
the board, the stand-up screen and the digest all count from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple, assert_never

from teamboard.domain.events import EntryKind, Stage
from teamboard.domain.state import BoardState, Experiment, counts
from teamboard.domain.text import plural


class FeedKind(StrEnum):
    """A kind of item. Each is declared once, in `_look` (its mark, its words on a card,
    its rank there...), and said in words in `headline`: a kind missing from either is a
    type error."""

    # The recognition feed
    PRAISE = "praise"
    NOTE = "support note"
    MILESTONE = "milestone"
    HELP = "help asked"
    CORRECTION = "correction"
    # and, in the activity log, every other kind of change
    NEW = "new experiment"
    MOVE = "move"
    PRACTICE = "practice"
    REFLECTION = "reflection"
    CHECK_IN = "check-in"
    CONFIDENCE = "confidence"
    SUPPORT = "support"
    REQUEST = "support request"  # the owner asked a colleague; the colleague said no
    STANDUP = "stand-up"
    JOINED = "joined"

    @property
    def look(self) -> KindLook:
        return _LOOKS[self]


class KindLook(NamedTuple):
    """How a kind of item is shown."""

    mark: str  # before each item in the feed (one cell wide in every terminal)
    change: str  # a change on a card, in a few words (a move, a rating, a milestone: more)
    news: int | None  # which of a card's changes is its news: the lowest (None: never one)
    words: bool  # the person's own words under the sentence (not where it says them)
    recognition: bool = False  # in the recognition feed (every kind is in the activity log)
    entry: EntryKind | None = None  # an entry its author can take back from the feed


def _look(kind: FeedKind) -> KindLook:
    """Each kind's look. A card's news: a new experiment or a move first, praise and
    notes after what its owner did."""
    match kind:
        case FeedKind.PRAISE:
            return KindLook("★", "praised", 7, True, recognition=True, entry=EntryKind.PRAISE)
        case FeedKind.NOTE:
            return KindLook("♦", "support note", 8, True, recognition=True, entry=EntryKind.NOTE)
        case FeedKind.MILESTONE:
            return KindLook("◆", "milestone", None, False, recognition=True)
        case FeedKind.HELP:
            return KindLook("?", "help asked", 2, True, recognition=True)
        case FeedKind.CORRECTION:
            return KindLook("↺", "corrected", 10, False, recognition=True)
        case FeedKind.NEW:
            return KindLook("+", "new experiment", 0, False)
        case FeedKind.MOVE:
            return KindLook("→", "moved", 1, True)
        case FeedKind.PRACTICE:
            return KindLook("✎", "practice logged", 3, True)
        case FeedKind.REFLECTION:
            return KindLook("¶", "reflection", 4, True)
        case FeedKind.CHECK_IN:
            return KindLook("✓", "check-in", 5, True)
        case FeedKind.CONFIDENCE:
            return KindLook("±", "confidence", 9, True)
        case FeedKind.SUPPORT:
            return KindLook("&", "new supporter", 6, True)
        case FeedKind.REQUEST:
            return KindLook("»", "support asked", 11, True)
        case FeedKind.STANDUP:
            return KindLook("◎", "stand-up", None, True)
        case FeedKind.JOINED:
            return KindLook("@", "joined", None, False)
        case _:
            assert_never(kind)


_LOOKS = {kind: _look(kind) for kind in FeedKind}

RECOGNITION = tuple(kind for kind in FeedKind if kind.look.recognition)
# The activity log has every kind but the milestones, which repeat a move or a practice.
ACTIVITY = tuple(kind for kind in FeedKind if kind is not FeedKind.MILESTONE)


@dataclass(frozen=True)
class FeedItem:
    kind: FeedKind
    at: datetime
    who: str | None  # the member who did it; None for a milestone the board records
    about: str  # the member it is about (praised, supported, whose experiment)
    experiment_id: str | None
    text: str  # the person's words (praise, a note, a practice, an ask...) or a milestone's
    detail: str = ""  # praise: "effort" or "result"; a move: "Practice → Reflection"; ...
    entry_id: str = ""  # praise and notes: the entry's id (to take it back)

    def concerns(self, member_id: str) -> bool:
        return self.about == member_id or self.who == member_id


def feed_items(
    state: BoardState, *, kinds: Iterable[FeedKind] = RECOGNITION, since: datetime | None = None
) -> list[FeedItem]:
    """The items of these kinds (by default the recognition feed's), newest first; with
    `since`, only those after it (cheap on a big board: nothing older is built)."""
    wanted = frozenset(kinds)
    after = since or datetime.min.replace(tzinfo=UTC)
    items: list[FeedItem] = []
    add = items.append
    if FeedKind.PRAISE in wanted:
        for p in state.praise_standing:
            if p.at > after:
                add(
                    FeedItem(
                        FeedKind.PRAISE,
                        p.at,
                        p.author,
                        p.to,
                        p.experiment_id,
                        p.message,
                        p.kind.value,
                        p.id,
                    )
                )
    if FeedKind.CORRECTION in wanted:
        for c in state.corrections:
            if c.at > after:
                add(FeedItem(FeedKind.CORRECTION, c.at, c.author, c.about, c.experiment_id, c.kind))
    if FeedKind.JOINED in wanted:
        for m in state.members.values():
            if m.joined_at > after:
                add(FeedItem(FeedKind.JOINED, m.joined_at, m.id, m.id, None, "joined the board"))
    if FeedKind.STANDUP in wanted:
        for s in state.standups:
            if s.ended_at is not None and s.ended_at > after:
                add(
                    FeedItem(
                        FeedKind.STANDUP,
                        s.ended_at,
                        s.ended_by,
                        s.started_by,
                        None,
                        s.summary,
                        _people(len(s.attendees)),
                    )
                )
    if wanted & _OF_EXPERIMENTS:
        for e in state.experiments.values():
            if since is None or last_change(e) > after:
                _experiment_items(e, wanted, after, add)
    items.sort(key=lambda item: item.at, reverse=True)
    return items


# The kinds kept with each experiment (the rest: praise, corrections, people, stand-ups).
_OF_EXPERIMENTS = frozenset(FeedKind) - {
    FeedKind.PRAISE,
    FeedKind.CORRECTION,
    FeedKind.JOINED,
    FeedKind.STANDUP,
}


def experiment_items(e: Experiment, kinds: Iterable[FeedKind], since: datetime) -> list[FeedItem]:
    """The items of one experiment after `since` (but praise and corrections, which the
    board keeps apart), in the order `feed_items` builds them."""
    items: list[FeedItem] = []
    if last_change(e) > since:
        _experiment_items(e, frozenset(kinds), since, items.append)
    return items


def last_change(e: Experiment) -> datetime:
    """When anything last changed on the experiment (but praise and corrections, which the
    board keeps apart): its stage, its entries (Experiment.dated_lists), its call for help
    or its supporters. Most of a big board has not changed since the last stand-up: this
    is what lets `feed_items(since=...)` skip it."""
    latest = e.history[-1].at if e.history else e.created_at
    if e.help_asks and e.help_asks[-1].at > latest:
        latest = e.help_asks[-1].at
    for entries in e.dated_lists().values():
        if not entries:
            continue
        if entries[0].revisable:  # a revision can change an older one
            latest = max(latest, *(entry.changed_at for entry in entries))
        elif entries[-1].at > latest:
            latest = entries[-1].at
    if e.supporters:
        latest = max(latest, max(link.at for link in e.supporters.values()))
    for request in e.support_requests:
        latest = max(latest, request.answered_at or request.at)
    return latest


def _people(count: int) -> str:
    return f"{count} present" if count else ""


def _experiment_items(
    e: Experiment, wanted: frozenset[FeedKind], after: datetime, add: Callable[[FeedItem], None]
) -> None:
    """The items of one experiment (all of its changes but praise and corrections, which
    the board keeps apart)."""
    owner, eid = e.owner, e.id
    if FeedKind.NOTE in wanted:
        for n in e.support_notes:
            if n.at > after and counts(n):
                add(FeedItem(FeedKind.NOTE, n.at, n.author, owner, eid, n.text, entry_id=n.id))
    if FeedKind.HELP in wanted:
        for h in e.help_asks:
            if h.at > after:
                add(FeedItem(FeedKind.HELP, h.at, owner, owner, eid, h.ask))
    if FeedKind.MILESTONE in wanted:
        done = e.practice_done
        if done:
            first = min(done, key=lambda p: p.at)
            if first.at > after:
                add(FeedItem(FeedKind.MILESTONE, first.at, None, owner, eid, FIRST_PRACTICE))
        reached = next((v.at for v in e.history if v.stage is Stage.SUCCESS), None)
        if reached is not None and reached > after:
            add(FeedItem(FeedKind.MILESTONE, reached, None, owner, eid, REACHED_SUCCESS))
    if FeedKind.NEW in wanted and e.created_at > after:
        add(FeedItem(FeedKind.NEW, e.created_at, owner, owner, eid, e.title))
    if FeedKind.MOVE in wanted and e.history[-1].at > after:
        for before, visit in zip(e.history, e.history[1:], strict=False):
            if visit.at > after:
                move = f"{before.stage.label} → {visit.stage.label}"
                add(FeedItem(FeedKind.MOVE, visit.at, visit.by, owner, eid, "", move))
    if FeedKind.PRACTICE in wanted:
        for p in e.practice:
            if p.at > after and counts(p):
                add(FeedItem(FeedKind.PRACTICE, p.at, owner, owner, eid, p.what, p.on.isoformat()))
    if FeedKind.REFLECTION in wanted:
        for r in e.reflections:
            at = r.revised_at or r.at
            if at > after:
                words = "revised" if r.revised_at else ("complete" if r.complete else "")
                text = f"next time: {r.next_time}" if r.next_time else ""
                add(FeedItem(FeedKind.REFLECTION, at, owner, owner, eid, text, words))
    if FeedKind.CHECK_IN in wanted:
        for c in e.check_ins:
            if c.at > after:
                add(FeedItem(FeedKind.CHECK_IN, c.at, c.author, owner, eid, c.notes, c.kind.value))
    if FeedKind.CONFIDENCE in wanted and e.confidence and e.confidence[-1].at > after:
        previous: int | None = None
        for rating in e.confidence:
            if rating.at > after:
                change = f"{previous} → {rating.value}" if previous else f"{rating.value}"
                add(FeedItem(FeedKind.CONFIDENCE, rating.at, owner, owner, eid, "", change))
            previous = rating.value
    if FeedKind.SUPPORT in wanted:
        for link in e.supporters.values():
            if link.at > after:
                add(
                    FeedItem(
                        FeedKind.SUPPORT, link.at, link.supporter, owner, eid, "", link.added_by
                    )
                )
    if FeedKind.REQUEST in wanted:
        for asked in e.support_requests:
            # The ask is about the colleague asked; a yes is a new supporter (SUPPORT).
            who, answered = asked.supporter, asked.answered_at
            if asked.at > after:
                add(FeedItem(FeedKind.REQUEST, asked.at, asked.asked_by, who, eid, "", ASKED))
            if asked.accepted is False and answered is not None and answered > after:
                add(FeedItem(FeedKind.REQUEST, answered, who, owner, eid, "", DECLINED))


ASKED, DECLINED = "asked", "declined"  # a support request's items (FeedItem.detail)
FIRST_PRACTICE = "logged a first practice"
REACHED_SUCCESS = "reached Success"


class Words(NamedTuple):
    """A piece of an item's headline: plain words, or a person's name (drawn bold)."""

    text: str
    name: bool = False


def headline(item: FeedItem, state: BoardState) -> list[Words]:
    """What happened, in words, with the people's names marked: one sentence for the feed,
    the stand-up screen and the digest alike. The experiment's title and the person's own
    words (`item.text`) are shown apart from it."""
    who = Words(state.name_of(item.who or item.about), name=True)
    about = Words(state.name_of(item.about), name=True)
    theirs = [] if item.about == item.who else [Words(" for "), about]
    match item.kind:
        case FeedKind.PRAISE:
            manager = " (manager)" if state.is_manager(item.who) else ""
            return [who, Words(f"{manager} praised the {item.detail} of "), about]
        case FeedKind.NOTE:
            return [who, Words(" wrote a support note for "), about]
        case FeedKind.MILESTONE:
            return [about, Words(f" {item.text}")]
        case FeedKind.HELP:
            return [about, Words(" asked for help")]
        case FeedKind.CORRECTION:
            of = [] if item.about == item.who else [Words(" of "), about]
            return [who, Words(f" {item.text}"), *of]
        case FeedKind.NEW:
            return [about, Words(" started a new experiment")]
        case FeedKind.MOVE:
            return [who, Words(f" moved it {item.detail}"), *theirs]
        case FeedKind.PRACTICE:
            return [about, Words(f" logged practice (on {item.detail})")]
        case FeedKind.REFLECTION:
            done = {"revised": " revised a reflection", "complete": " wrote a reflection"}
            return [about, Words(done.get(item.detail, " wrote part of a reflection"))]
        case FeedKind.CHECK_IN:
            return [who, Words(f" recorded a {item.detail} check-in"), *theirs]
        case FeedKind.CONFIDENCE:
            return [about, Words(f" rated their confidence {item.detail} (of 5)")]
        case FeedKind.SUPPORT:
            asked = item.detail == item.about and item.detail != item.who
            return [
                who,
                Words(" supports it, asked by " if asked else " offered support to "),
                about,
            ]
        case FeedKind.REQUEST:
            if item.detail == DECLINED:
                return [who, Words(" declined to support it")]
            return [who, Words(" asked "), about, Words(" to support it")]
        case FeedKind.STANDUP:
            there = f" ({item.detail})" if item.detail else ""
            return [who, Words(f" ended a stand-up{there}")]
        case FeedKind.JOINED:
            return [about, Words(" joined the board")]


def plain_headline(item: FeedItem, state: BoardState) -> str:
    return "".join(part.text for part in headline(item, state))


def filter_feed(
    items: list[FeedItem],
    *,
    kind: FeedKind | None = None,
    member: str | None = None,
    about_me: str | None = None,
) -> list[FeedItem]:
    """Keep the items of one kind, concerning one member, and/or about me."""
    return [
        item
        for item in items
        if (kind is None or item.kind is kind)
        and (member is None or item.concerns(member))
        and (about_me is None or item.about == about_me)
    ]


def ago(at: datetime, now: datetime) -> str:
    """'just now', '5 minutes ago', '3 days ago', 'in 2 days' (a clock ahead)."""
    seconds = (now - at).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    for size, unit in (
        (86400 * 365, "year"),
        (86400 * 30, "month"),
        (86400 * 7, "week"),
        (86400, "day"),
        (3600, "hour"),
        (60, "minute"),
    ):
        if seconds >= size:
            count = int(seconds // size)
            words = plural(count, unit)
            return f"in {words}" if future else f"{words} ago"
    return "just now"
