"""The pages of a stand-up turn, drawn as Rich renderables from the state: a person's cards
with what changed on them, what they need, their next steps, and the wins at the end."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from teamboard.domain.facts import days_in_stage_words
from teamboard.domain.state import BoardState, Experiment, Standup
from teamboard.domain.text import one_line
from teamboard.tui.widgets.tones import BOLD, Tones
from teamboard.views.feed import REACHED_SUCCESS, FeedItem, FeedKind, ago, headline
from teamboard.views.standup import Changes, NeedKind, Turn, one_line_summary, said_elsewhere


def _hanging(text: Text, bullet: str = "", indent: int = 2) -> RenderableType:
    """A line that wraps under its own start, after a bullet."""
    if not bullet:
        return Padding(text, (0, 0, 0, indent))
    grid = Table.grid(expand=True)
    grid.add_column(width=indent + cell_len(bullet), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(" " * indent + bullet), text)
    return grid


def mmss(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def card_page(
    e: Experiment,
    turn: Turn,
    state: BoardState,
    now: datetime,
    tone: Tones,
    me: str | None = None,
) -> RenderableType:
    """One card of a person's turn: its stage, its needs, the colleagues asked to support
    it who have not answered, and what changed on it."""
    facts = Text(f"{e.stage.label} · {days_in_stage_words(e, now)}", style=tone.muted)
    needs = [n.kind.value for n in turn.needs if n.experiment is e]
    if needs:
        facts.append(" · ", style=tone.muted)
        facts.append(", ".join(needs), style=tone.warning)
    parts: list[RenderableType] = [Text(e.title, style="bold"), facts]
    for request in e.requests_waiting:
        if request.supporter == me:
            asked = Text("asked you to support it: s says yes, N says no", style=tone.warning)
        else:
            asked = Text(
                f"asked {state.name_of(request.supporter)} to support it", style=tone.muted
            )
            asked.append(": no answer yet", style=tone.muted)
        parts.append(_hanging(asked, "? "))
    items = turn.changes.get(e.id, [])
    if not items:
        parts.append(_hanging(Text("nothing new since then", style=tone.muted)))
    for item in reversed(items):  # oldest first, as it happened
        line = Text()
        _headline(line, item, state)
        if item.text and not said_elsewhere(item, e):
            line.append(": ")
            line.append(one_line(item.text))
        line.append(f"  {ago(item.at, now)}", style=tone.muted)
        parts.append(_hanging(line, "• "))
    return Group(*parts)


def _headline(text: Text, item: FeedItem, state: BoardState) -> None:
    for words in headline(item, state):
        text.append(words.text, style="bold" if words.name else "")


def needs_page(turn: Turn, tone: Tones, state: BoardState | None = None) -> RenderableType:
    """What a person needs: calls for help first, then the rest; then the requests to
    support a colleague's experiment that wait for their answer."""
    parts: list[RenderableType] = [Text("What they need", style="bold")]
    if not turn.needs and not turn.asked:
        parts.append(
            Text(
                "Nothing asked for: every card is supported, no check-in due or overdue.",
                style=tone.muted,
            )
        )
    for need in turn.needs:
        # The board's word for each (domain.labels); the pressing ones in bold.
        pressing = need.kind in (NeedKind.HELP, NeedKind.OVERDUE)
        head = Text()
        head.append(f"! {need.kind}", style=tone.warning + BOLD if pressing else tone.warning)
        head.append(" · ", style=tone.muted)
        head.append(need.experiment.title)
        parts.append(_hanging(head, indent=2))
        if need.kind is NeedKind.HELP:
            parts.append(_hanging(Text(f"“{need.words}”", style="bold"), indent=4))
        else:
            parts.append(_hanging(Text(need.words, style=tone.muted), indent=4))
    for asked in turn.asked:
        head = Text()
        head.append("? asked to support", style=tone.warning)
        head.append(" · ", style=tone.muted)
        head.append(asked.experiment.title)
        parts.append(_hanging(head, indent=2))
        owner = asked.request.asked_by
        by = Text(state.name_of(owner) if state is not None else owner, style=tone.muted)
        by.append(" asked, no answer yet: on that card s says yes, N says no", style=tone.muted)
        parts.append(_hanging(by, indent=4))
    return Group(*parts)


def next_steps_page(turn: Turn, tone: Tones) -> RenderableType:
    """What they said they would do differently next time, by experiment."""
    parts: list[RenderableType] = [Text("Next time, they said", style="bold")]
    if not turn.next_steps:
        parts.append(Text("No reflection yet: what will they try next?", style=tone.muted))
    for experiment, next_time in turn.next_steps:
        parts.append(_hanging(Text(experiment.title, style=tone.muted), indent=2))
        parts.append(_hanging(Text(one_line(next_time)), "→ "))
    return Group(*parts)


def wins_page(
    changes: Changes,
    state: BoardState,
    now: datetime,
    tone: Tones,
    attendees: list[str],
    standup: Standup | None,
) -> RenderableType:
    """The wins since the last stand-up, by kind, then the line the stand-up records."""
    since = changes.since.words
    parts: list[RenderableType] = [Text(since[0].upper() + since[1:], style=tone.muted)]
    groups: dict[str, list[FeedItem]] = {}
    for item in reversed(changes.wins):  # oldest first
        if item.kind is FeedKind.PRAISE:
            group = "Praise"
        elif item.text == REACHED_SUCCESS:
            group = "Reached Success"
        else:
            group = "First practice"
        groups.setdefault(group, []).append(item)
    if not groups:
        parts.append(
            Text(
                "No wins yet since then: the next first practice, Success or praise lands here.",
                style=tone.muted,
            )
        )
    for group in ("Reached Success", "First practice", "Praise"):
        if group not in groups:
            continue
        parts.append(Text(""))
        parts.append(Text(f"{group} ({len(groups[group])})", style="bold underline"))
        for item in groups[group]:
            line = Text()
            _headline(line, item, state)
            experiment = state.experiments.get(item.experiment_id or "")
            if experiment is not None:
                line.append(": ")
                line.append(experiment.title, style="italic")
            line.append(f"  {ago(item.at, now)}", style=tone.muted)
            parts.append(_hanging(line, "★ "))
            if item.kind is FeedKind.PRAISE and item.text:
                parts.append(_hanging(Text(f"“{one_line(item.text)}”"), indent=6))
    parts.append(Text(""))
    summary = Text()
    summary.append("In one line: ", style="bold")
    summary.append(one_line_summary(changes, state, now))
    parts.append(summary)
    present = Text()
    present.append("Present: ", style="bold")
    names = sorted(state.name_of(m) for m in attendees)
    present.append(", ".join(names) if names else "nobody marked")
    parts.append(present)
    parts.append(Text(""))
    if standup is not None and standup.ended_at is not None:
        parts.append(
            Text(
                f"{state.name_of(standup.ended_by)} ended it already: esc leaves.",
                style=tone.muted,
            )
        )
    else:
        parts.append(Text("E ends the stand-up and records it · ← goes back", style=BOLD))
    return Group(*parts)
