"""Insights per lever: which of the seven levers is working and which is neglected, for the
team and for one person, each lever expandable to its chart and the experiments behind its
number.

The overview: one line per lever (its name, the trend of its first signal, its verdict and
number), and under each, as the screen's size allows, its advice on one line, in full, its
other signals, a blank line between levers: the most that fits without scrolling.

The keys: ↑ ↓ j k move from lever to lever, whether one is open or not; enter opens or
closes the lever; tab goes into an open lever's list of experiments (↑ ↓ j k move in it,
enter opens one, esc goes back to its lever). Coming back to insights from another section
starts at the levers again.

The numbers come from `teamboard.views.insights.levers`, worked out in a thread (a big board takes a
moment), and again whenever the board changes.
"""

from __future__ import annotations

from enum import IntEnum

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Collapsible, OptionList, Static
from textual.widgets.collapsible import CollapsibleTitle
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from teamboard.domain.state import BoardState
from teamboard.domain.text import plural
from teamboard.tui.screens.common import StateView
from teamboard.tui.screens.sections import SECTION_BINDINGS
from teamboard.tui.widgets.charts import Axis, ChartKind, WeeklyChart
from teamboard.tui.widgets.footer import KeysFooter
from teamboard.tui.widgets.tones import BOLD, Tones, tones
from teamboard.views.insights.levers import LEVERS, Insights, Lever, insights
from teamboard.views.insights.signals import (
    Signal,
    Unit,
    Verdict,
    describe,
    headline,
    trend_spark,
)

# A big board can have thousands of experiments behind a number: the list shows the first
# (all are in `teamboard insights --json`).
MAX_LISTED = 100
# How each lever's chart is drawn: bars of counts per week, or lines of a share (in
# percent) or a rating (1 to 5).
CHARTS: dict[str, tuple[ChartKind, Axis]] = {
    "clarity": (ChartKind.LINES, Axis.PERCENT),
    "ownership": (ChartKind.LINES, Axis.RATING),
    "opportunities": (ChartKind.LINES, Axis.PERCENT),
    "practice": (ChartKind.BARS, Axis.COUNT),
    "results": (ChartKind.BARS, Axis.COUNT),
    "self-efficacy": (ChartKind.BARS, Axis.COUNT),
    "colleagues": (ChartKind.BARS, Axis.COUNT),
}


class Detail(IntEnum):
    """How much of each lever the overview shows under its line, from the least."""

    TITLES = 0
    ADVICE_LINE = 1  # its advice, on one line (cut with …)
    ADVICE = 2  # its advice in full
    SIGNALS = 3  # its other signals above it
    SPACED = 4  # and a blank line after each lever


# The overview's lines under a lever's title start under its name.
SUMMARY_INDENT = 5


class BehindList(OptionList):
    """The experiments behind a lever's number: tab reaches it from the lever, ↑ ↓ j k
    move in it, enter opens one, esc goes back to the lever (InsightsScreen)."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]


PAGES = Binding.Group("scroll a page up or down (an open lever's chart and list)")


class Levers(VerticalScroll, inherit_bindings=False):
    """The levers, one under the other. Not focusable, and without the keys of a scrolling
    area: ↑ ↓ j k are the screen's, from lever to lever, whether one is open and the
    levers scroll or not (they scrolled here once a lever was open)."""


class InsightsScreen(StateView):
    AUTO_FOCUS = "CollapsibleTitle"
    BINDINGS = [
        *SECTION_BINDINGS,
        Binding(
            "at",
            "person",
            "Person",
            key_display="@",
            tooltip="one person's insights (beside the team's)",
        ),
        Binding("down,j", "lever(1)", "Next", show=False, tooltip="the next lever"),
        Binding("up,k", "lever(-1)", "Previous", show=False, tooltip="the lever before"),
        Binding(
            "enter", "open_lever", "Open", show=False, tooltip="open or close the lever (its chart)"
        ),
        Binding(
            "tab",
            "app.focus_next",
            "List",
            show=False,
            tooltip="into the open lever's experiments: ↑ ↓ j k move, enter opens one",
        ),
        Binding("pageup", "page(-1)", "Page up", show=False, group=PAGES),
        Binding("pagedown", "page(1)", "Page down", show=False, group=PAGES),
        Binding(
            "escape",
            "levers",
            "Levers",
            show=False,
            tooltip="from the experiments back to the lever",
        ),
        # Escape again (or at the levers): the team's insights, when one person's are shown.
        Binding("escape", "team", "Team", tooltip="the team's insights again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.member: str | None = None
        self.shown: tuple[Insights, Insights | None] | None = None
        self.detail = Detail.TITLES
        # The list an experiment was opened from: focus goes back there, not to the levers.
        self._opened_from: BehindList | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="insights-status", classes="status")
        with Levers(id="insights", can_focus=False):
            with Collapsible(title="Flow", id="flow"):
                yield WeeklyChart(id="flow-chart")
            for n, name in enumerate(LEVERS.values(), start=1):
                with Collapsible(title=f"{n} {name}", id=f"lever-{n}"):
                    yield Static(id=f"lever-{n}-text", classes="lever-text")
                    yield WeeklyChart(id=f"lever-{n}-chart")
                    yield Static(id=f"lever-{n}-behind-title", classes="behind-title")
                    yield BehindList(id=f"lever-{n}-behind", classes="behind")
                yield Static(id=f"lever-{n}-summary", classes="lever-summary")
        yield KeysFooter(compact=True)

    # --- working the numbers out ----------------------------------------------------------

    def show(self) -> None:
        app = self.board_app
        self._status("working the numbers out…" if self.shown is None else "")
        if app.loaded:
            # A snapshot (app.snapshot): the board goes on changing while the thread reads.
            self.work_out(app.snapshot(), self.member)

    @work(thread=True, exclusive=True, group="insights", description="insights")
    def work_out(self, snapshot: BoardState, member: str | None) -> None:
        now = self.board_app.clock()
        team = insights(snapshot, now)
        person = insights(snapshot, now, member) if member is not None else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._worked_out, team, person)

    def _worked_out(self, team: Insights, person: Insights | None) -> None:
        if (person.member if person is not None else None) != self.member:
            return  # another person (or the team) chosen since: their numbers are on the way
        self.shown = (team, person)
        self._draw(team, person)

    # --- drawing ------------------------------------------------------------------------

    def _status(self, note: str = "") -> None:
        state = self.board_app.state
        status = Text()
        status.append("Insights", style="bold")
        status.append("  ·  ")
        if self.member is not None:
            status.append(state.name_of(self.member), style="bold")
            status.append(" and the team")
        else:
            status.append("the team")
        if self.shown is not None:
            count = (self.shown[1] or self.shown[0]).experiments
            status.append(f"  ·  {plural(count, 'experiment')}")
        if note:
            status.append(f"  ·  {note}")
        self.query_one("#insights-status", Static).update(status)

    def _draw(self, team: Insights, person: Insights | None) -> None:
        self._status()
        tone = tones(self.app)
        shown = person or team
        flow = self.query_one("#flow", Collapsible)
        flow.title = "Flow: experiments per stage, week by week"
        self.query_one("#flow-chart", WeeklyChart).show_series(
            shown.week_ends,
            [(stage.label, tuple(float(c) for c in counts)) for stage, counts in shown.flow],
            ChartKind.STACKED,
        )
        for n in range(1, len(LEVERS) + 1):
            lever = shown.levers[n - 1]
            team_lever = team.levers[n - 1] if person is not None else None
            self.query_one(f"#lever-{n}-text", Static).update(
                self._body(lever, team_lever, shown, tone)
            )
            kind, axis = CHARTS[lever.key]
            series = list(lever.chart)
            if team_lever is not None and lever.key == "practice":
                series = [("this person", series[0][1]), ("team", team_lever.chart[0][1])]
            self.query_one(f"#lever-{n}-chart", WeeklyChart).show_series(
                shown.week_ends, series, kind, axis
            )
            self._behind(n, lever, tone)
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """The overview: each lever's line (with its trend where the width allows) and under
        it as much as the screen's height holds without scrolling (Detail)."""
        if self.shown is None:
            return
        team, person = self.shown
        shown = person or team
        tone = tones(self.app)
        width, height = self.size
        if not width or not height:
            return  # not laid out yet: fitted on the first resize
        # Under the status line, over the footer; a column for a scroll bar.
        rows = height - 2
        text_width = max(20, width - SUMMARY_INDENT - 2)
        # With the other signals under them, the trends of the levers' lines and of the
        # signals' lines are in one column.
        column = max((len(s.label) for lever in shown.levers for s in lever.signals[1:]), default=0)
        summaries: dict[Detail, list[Text]] = {}
        chosen = Detail.TITLES
        for detail in Detail:
            if detail is Detail.TITLES:
                continue
            texts = [
                self._summary(lever, _team_lever(team, person, lever), tone, detail, column)
                for lever in shown.levers
            ]
            if detail is Detail.ADVICE_LINE:  # one line each (cut by the stylesheet)
                used = 1 + 2 * len(texts)
            else:
                used = 1 + len(texts) + sum(_lines(self, text, text_width) for text in texts)
            if detail is Detail.SPACED:
                used += len(texts)
            if used > rows:
                break
            summaries[detail] = texts
            chosen = detail
        self.detail = chosen
        name_width = column if chosen >= Detail.SIGNALS else 0
        titles = _titles(shown.levers, width - 4, name_width, team if person else None)
        for lever, title in zip(shown.levers, titles, strict=True):
            self.query_one(f"#lever-{lever.number}", Collapsible).title = title
        for lever in shown.levers:
            summary = self.query_one(f"#lever-{lever.number}-summary", Static)
            if chosen is not Detail.TITLES:
                summary.update(summaries[chosen][lever.number - 1])
            summary.set_class(chosen is Detail.ADVICE_LINE, "-one-line")
            summary.set_class(chosen is Detail.SPACED, "-spaced")
        self._show_summaries()

    def _show_summaries(self) -> None:
        """A lever's overview lines show while it is closed (open, it shows all of it)."""
        for n in range(1, len(LEVERS) + 1):
            collapsed = self.query_one(f"#lever-{n}", Collapsible).collapsed
            summary = self.query_one(f"#lever-{n}-summary", Static)
            summary.display = collapsed and self.detail is not Detail.TITLES

    @on(Collapsible.Expanded)
    @on(Collapsible.Collapsed)
    def _opened_or_closed(self) -> None:
        self._show_summaries()

    def _summary(
        self, lever: Lever, team_lever: Lever | None, tone: Tones, detail: Detail, column: int
    ) -> Text:
        """What the overview shows under a closed lever's line, in this much detail (the
        signals' labels `column` wide)."""
        parts: list[Text] = []
        if detail >= Detail.SIGNALS:
            lines = self._signal_lines(lever, team_lever, tone, column)
            parts.extend(lines[1:])  # the first is on the lever's own line
        parts.append(self._advice(lever, tone))
        return Text("\n").join(parts)

    def _signal_lines(
        self, lever: Lever, team_lever: Lever | None, tone: Tones, column: int = 0
    ) -> list[Text]:
        """A line per signal: its label (at least `column` wide), its trend, its value (and
        the team's beside it)."""
        width = max(column, *(len(s.label) for s in lever.signals))
        lines: list[Text] = []
        for i, signal in enumerate(lever.signals):
            line = Text()
            line.append(f"{signal.label:<{width}}  ")
            line.append(trend_spark(signal), style=tone.muted)
            line.append("  ")
            line.append(describe(signal), style=_style(signal, tone))
            if team_lever is not None:
                line.append(f"  team {headline(team_lever.signals[i])}", style=tone.muted)
            lines.append(line)
        return lines

    def _advice(self, lever: Lever, tone: Tones) -> Text:
        advice = Text("→ ", style="bold")
        advice.append(
            lever.advice, style=tone.warning if lever.verdict is Verdict.NEGLECTED else ""
        )
        return advice

    def _body(
        self, lever: Lever, team_lever: Lever | None, shown: Insights, tone: Tones
    ) -> RenderableType:
        state = self.board_app.state
        parts: list[RenderableType] = [*self._signal_lines(lever, team_lever, tone)]
        parts.append(self._advice(lever, tone))
        if lever.key == "results":
            for row in shown.check_ins:
                line = Text("  ")
                line.append(state.name_of(row.manager) if row.manager else "no manager yet")
                line.append(
                    f": {row.held} held in 12 weeks, {row.on_time} on time, "
                    f"{len(row.overdue)} overdue now",
                    style=tone.muted,
                )
                parts.append(line)
        if lever.key == "colleagues":
            parts.extend(self._network(shown, tone))
        return Group(*parts)

    def _network(self, shown: Insights, tone: Tones) -> list[RenderableType]:
        """Who supports whom: one line per supporter, with whom they support."""
        state = self.board_app.state
        network = shown.network
        lines: list[RenderableType] = [Text("Who supports whom", style="bold")]
        supports: dict[str, list[tuple[str, int]]] = {}
        for supporter, owner, count in network.pairs:
            supports.setdefault(supporter, []).append((owner, count))
        for supporter, owners in supports.items():
            line = Text("  ")
            line.append(state.name_of(supporter))
            line.append(" → ", style=tone.muted)
            for i, (owner, count) in enumerate(owners):
                if i:
                    line.append(", ", style=tone.muted)
                line.append(state.name_of(owner))
                if count > 1:
                    line.append(f" ×{count}", style=tone.muted)
            lines.append(line)
        if not supports:
            lines.append(Text("  nobody supports anyone yet", style=tone.muted))
        if network.supports_nobody:
            line = Text("  supports nobody: ", style=tone.warning)
            line.append(", ".join(state.name_of(m) for m in network.supports_nobody))
            lines.append(line)
        return lines

    def _behind(self, n: int, lever: Lever, tone: Tones) -> None:
        state = self.board_app.state
        listing = self.query_one(f"#lever-{n}-behind", BehindList)
        highlighted = listing.highlighted
        listing.clear_options()
        for experiment_id in lever.experiments[:MAX_LISTED]:
            experiment = state.experiments.get(experiment_id)
            if experiment is None:
                continue
            label = Text()
            label.append(state.name_of(experiment.owner), style="bold")
            label.append(": ")
            label.append(experiment.title)
            label.append(f"  {experiment.stage.label}", style=tone.muted)
            listing.add_option(Option(label, id=experiment_id))
        count = listing.option_count
        listing.display = count > 0
        if count:
            listing.highlighted = min(highlighted or 0, count - 1)
        title = Text()
        total = len(lever.experiments)
        if count:
            title.append(f"Behind the number: {plural(total, 'experiment', grouped=True)}")
            if total > count:
                title.append(f", the first {count} here", style=tone.muted)
            title.append("  (tab to the list, enter opens one, esc back)", style=tone.muted)
        else:
            title.append("Nothing behind this number needs you now.", style=tone.muted)
        self.query_one(f"#lever-{n}-behind-title", Static).update(title)

    # --- moving -------------------------------------------------------------------------

    def _lever_titles(self) -> list[CollapsibleTitle]:
        return list(self.query(CollapsibleTitle))

    def _lever_of(self, widget: Widget | None) -> Collapsible | None:
        """The lever (or the flow) a widget is in."""
        while widget is not None and not isinstance(widget, Collapsible):
            parent = widget.parent
            widget = parent if isinstance(parent, Widget) else None
        return widget

    def action_lever(self, step: int) -> None:
        """To the next (1) or the previous (-1) lever's title, open or not: from a list
        too (its lever counts as the current one)."""
        titles = self._lever_titles()
        current = self._lever_of(self.focused)
        here = next((i for i, t in enumerate(titles) if t.parent is current), None)
        target = 0 if here is None else min(max(here + step, 0), len(titles) - 1)
        titles[target].focus()

    def action_page(self, step: int) -> None:
        """A page down (1) or up (-1): an open lever's chart and list can be taller than
        the screen, and the focus is on its title."""
        levers = self.query_one(Levers)
        if step > 0:
            levers.scroll_page_down(animate=False)
        else:
            levers.scroll_page_up(animate=False)

    def action_open_lever(self) -> None:
        """Open or close the lever whose title has the focus (the focus stays there)."""
        lever = self._lever_of(self.focused)
        if lever is not None:
            lever.collapsed = not lever.collapsed

    def action_levers(self) -> None:
        """From a list back to its lever's title."""
        lever = self._lever_of(self.focused)
        if lever is not None:
            lever.query_one(CollapsibleTitle).focus()

    @on(events.ScreenResume)
    def _back_at_the_levers(self) -> None:
        """Back from another section: at the lever whose list had the focus (back from an
        experiment opened from a list: in that list, to open the next one)."""
        opened_from, self._opened_from = self._opened_from, None
        if isinstance(self.focused, BehindList) and self.focused is not opened_from:
            self.action_levers()

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "team":
            return self.member is not None
        if action == "open_lever":
            return isinstance(self.focused, CollapsibleTitle)
        if action == "levers":
            return isinstance(self.focused, BehindList)
        return True

    def action_person(self) -> None:
        from teamboard.tui.screens.pickers import MemberPicker

        self.app.push_screen(MemberPicker(self.member, "Insights for…"), self._person_chosen)

    def _person_chosen(self, member: str | None) -> None:
        if member is None:
            return  # cancelled
        self.member = member or None
        self.shown = None
        self.refresh_bindings()
        self.show()

    def action_team(self) -> None:
        self._person_chosen("")

    @on(OptionList.OptionSelected, ".behind")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from teamboard.tui.screens.experiment import ExperimentScreen

        experiment_id = event.option.id or ""
        if experiment_id in self.board_app.state.experiments:
            if isinstance(event.option_list, BehindList):
                self._opened_from = event.option_list
            self.app.push_screen(ExperimentScreen(experiment_id))


# The verdict's colour in a lever's title: the theme's, by meaning (the words say it too).
VERDICT_STYLES = {Verdict.NEGLECTED: "bold $text-warning", Verdict.NO_DATA: "$text-muted"}


def _titles(
    levers: tuple[Lever, ...], width: int, name_width: int = 0, team: Insights | None = None
) -> list[str]:
    """Each lever's line in the overview, in columns: its number and name (at least
    `name_width` wide), the trend of its first signal, its verdict, its first number (and
    the team's, beside one person's) and what that number counts. What would not fit
    `width` is left out: first what it counts, then the trend. Our own words only (no
    names or titles), so the markup holds nothing a person typed."""

    def value(lever: Lever) -> str:
        words = describe(lever.signals[0])
        if team is not None:
            words += f"  team {headline(team.levers[lever.number - 1].signals[0])}"
        return words

    name_width = max(name_width, *(len(lever.name) for lever in levers))
    verdict_width = max(len(lever.verdict.value) for lever in levers)
    value_width = max(len(value(lever)) for lever in levers)
    label_width = max(len(lever.signals[0].label) for lever in levers)
    trend_width = max(len(lever.signals[0].trend) for lever in levers)
    bare = 2 + name_width + 2 + verdict_width + 2 + value_width
    with_trend = bare + trend_width + 2 <= width
    with_label = with_trend and bare + trend_width + 2 + 2 + label_width <= width
    titles = []
    for lever in levers:
        first = lever.signals[0]
        verdict = lever.verdict.value
        padding = " " * (verdict_width - len(verdict))
        if style := VERDICT_STYLES.get(lever.verdict):
            verdict = f"[{style}]{verdict}[/]"
        title = f"{lever.number} {lever.name:<{name_width}}  "
        if with_trend:
            title += f"{trend_spark(first)}  "
        title += f"{verdict}{padding}  {value(lever)}"
        if with_label:
            title += f"{' ' * (value_width - len(value(lever)))}  [$text-muted]{first.label}[/]"
        titles.append(title)
    return titles


def _team_lever(team: Insights, person: Insights | None, lever: Lever) -> Lever | None:
    """The team's lever beside one person's (None: the team's own are shown)."""
    return team.levers[lever.number - 1] if person is not None else None


def _lines(widget: Widget, text: Text, width: int) -> int:
    """How many lines `text` takes at `width` columns."""
    return len(text.wrap(widget.app.console, width))


def _style(signal: Signal, tone: Tones) -> Style:
    if signal.value is None:
        return tone.muted
    if signal.unit is Unit.COUNT and signal.value > 0:
        return tone.warning + BOLD
    return BOLD
