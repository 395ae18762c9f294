"""The recognition feed: praise, support notes, the milestones the board records itself,
and corrections (an entry taken back, an experiment withdrawn or restored).

Worked out from the state (no events of its own), newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from teamboard.model import Stage
from teamboard.state import BoardState


class FeedKind(StrEnum):
    PRAISE = "praise"
    NOTE = "support note"
    MILESTONE = "milestone"
    CORRECTION = "correction"


@dataclass(frozen=True)
class FeedItem:
    kind: FeedKind
    at: datetime
    who: str | None  # the member who wrote it; None for a milestone the board records
    about: str  # the member it is about (praised, supported, or whose milestone)
    experiment_id: str | None
    text: str  # the person's words, or the milestone's description
    detail: str = ""  # praise: "effort" or "result"
    entry_id: str = ""  # praise and notes: the entry's id (to take it back)

    def concerns(self, member_id: str) -> bool:
        return self.about == member_id or self.who == member_id


def feed_items(state: BoardState) -> list[FeedItem]:
    """Every item of the feed, newest first."""
    items = [
        FeedItem(
            FeedKind.PRAISE, p.at, p.author, p.to, p.experiment_id, p.message, p.kind.value, p.id
        )
        for p in state.praise_standing
    ]
    items.extend(
        FeedItem(FeedKind.CORRECTION, c.at, c.author, c.about, c.experiment_id, c.kind)
        for c in state.corrections
    )
    for e in state.experiments.values():
        items.extend(
            FeedItem(FeedKind.NOTE, n.at, n.author, e.owner, e.id, n.text, entry_id=n.id)
            for n in e.notes_standing
        )
        done = e.practice_done
        if done:
            first = min(done, key=lambda p: p.at)
            items.append(
                FeedItem(
                    FeedKind.MILESTONE, first.at, None, e.owner, e.id, "logged a first practice"
                )
            )
        reached = [v.at for v in e.history if v.stage is Stage.SUCCESS]
        if reached:
            items.append(
                FeedItem(FeedKind.MILESTONE, reached[0], None, e.owner, e.id, "reached Success")
            )
    items.sort(key=lambda item: item.at, reverse=True)
    return items


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
            words = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"in {words}" if future else f"{words} ago"
    return "just now"
