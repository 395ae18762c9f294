"""The board at a glance, under its header: what changed since the last stand-up (cards
moved, wins) and what needs the team now (stalled, alone, help asked, check-ins due and
overdue), counted by teamboard.views.standup.summary.

One line when it fits; else the same with short words and without the counts that are
zero; else two lines (what changed, then what is needed); what still does not fit is cut.
The counts are computed by the screen once for each change of the board, not here.
While a stand-up runs, a line above says so ("Stand-up running since 09:02 · s joins").
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from teamboard.domain.text import plural
from teamboard.tui.widgets.tones import BOLD, tones
from teamboard.views.standup import Summary


@dataclass(frozen=True)
class Count:
    value: int
    words: str  # "3 check-ins due"
    short: str  # "3 due"
    warn: bool = False  # drawn in the theme's warning colour when not zero


def counts(summary: Summary) -> tuple[list[Count], list[Count]]:
    """What changed since, and what is needed now."""
    s = summary
    changed = [
        Count(s.moved, f"{s.moved} moved", f"{s.moved} moved"),
        Count(s.wins, wins := plural(s.wins, "win"), wins),
    ]
    needed = [
        Count(s.help_asked, f"{s.help_asked} help asked", f"{s.help_asked} help", warn=True),
        Count(s.stuck, f"{s.stuck} stalled", f"{s.stuck} stalled", warn=True),
        Count(s.alone, f"{s.alone} alone", f"{s.alone} alone", warn=True),
        Count(
            s.check_ins_overdue,
            f"{plural(s.check_ins_overdue, 'check-in')} overdue",
            f"{s.check_ins_overdue} overdue",
            warn=True,
        ),
        Count(
            s.check_ins_due,
            f"{plural(s.check_ins_due, 'check-in')} due",
            f"{s.check_ins_due} due",
        ),
    ]
    return changed, needed


class SummaryStrip(Widget):
    DEFAULT_CSS = """
    SummaryStrip {
        height: auto;
        min-height: 1;
        padding: 0 1;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.since = ""  # "since the last stand-up (Tue 09:02)"
        self.short_since = ""  # "since Tue 09:02"
        self.summary: Summary | None = None
        self.running = ""  # "stand-up running since 09:02 · s joins", while one runs

    def show(
        self,
        since: str,
        summary: Summary | None,
        short_since: str = "",
        running: str | None = None,  # None: as it was
    ) -> None:
        shown = (since, summary, short_since, self.running if running is None else running)
        if shown != (self.since, self.summary, self.short_since, self.running):
            self.since, self.summary, self.short_since, self.running = shown
            self.refresh(layout=True)

    # --- the words for a width ----------------------------------------------------------

    def lines(self, width: int) -> list[Text]:
        """The strip's lines at this width (one or two; one more while a stand-up runs)."""
        if width <= 0 or not self.since:
            return [Text("")]
        counts = self._count_lines(width)
        if not self.running:
            return counts
        tone = tones(self.app)
        return [_cut(Text(_capital(self.running), tone.warning + BOLD), width), *counts]

    def _count_lines(self, width: int) -> list[Text]:
        tone = tones(self.app)
        if self.summary is None:  # a big board, counted beside the screen
            return [
                _cut(Text.assemble(_capital(self.since) + ": ", ("counting…", tone.muted)), width)
            ]
        changed, needed = counts(self.summary)
        head = _capital(self.since)

        def part(items: list[Count], short: bool) -> Text:
            text = Text()
            shown = [c for c in items if c.value or not short]
            for i, count in enumerate(shown):
                if i:
                    text.append(" · ", tone.muted)
                number, _, words = (count.short if short else count.words).partition(" ")
                style: Style = tone.warning + BOLD if count.warn and count.value else BOLD
                text.append(number, style)
                text.append(" " + words)
            if not shown:
                text.append("none", tone.muted)
            return text

        def one_line(short: bool) -> Text:
            return Text.assemble(
                (head + ": ", ""),
                part(changed, short),
                ("  ·  needs: ", tone.muted),
                part(needed, short),
            )

        for short in (False, True):
            line = one_line(short)
            if cell_len(line.plain) <= width:
                return [line]
        first = Text.assemble((head + ": ", ""), part(changed, True))
        if cell_len(first.plain) > width and self.short_since:
            first = Text.assemble((_capital(self.short_since) + ": ", ""), part(changed, True))
        second = Text.assemble(("Needs: ", tone.muted), part(needed, True))
        return [_cut(first, width), _cut(second, width)]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_region.width))

    @property
    def text(self) -> str:
        """What the strip says, as plain text (for tests and the palette)."""
        return "\n".join(line.plain for line in self.lines(self.content_region.width))


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _cut(text: Text, width: int) -> Text:
    """Our own words (no one's typed text here), cut with an ellipsis to the width."""
    if cell_len(text.plain) > width:
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
    return text
