"""Insights per lever: which of the seven levers is working and which is neglected, for the
team and for one person, each lever expandable to its chart and the experiments behind its
number (enter opens one).

The numbers come from `teamboard.views.insights.levers`, worked out in a thread (a big board takes a
moment), and again whenever the board changes.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from teamboard.domain.state import BoardState
from teamboard.domain.text import plural
from teamboard.tui.screens.common import StateView
from teamboard.tui.screens.sections import SECTION_BINDINGS
from teamboard.tui.widgets.charts import ChartKind, WeeklyChart
from teamboard.tui.widgets.footer import KeysFooter
from teamboard.tui.widgets.tones import BOLD, Tones, tones
from teamboard.views.insights.levers import LEVERS, Insights, Lever, insights
from teamboard.views.insights.signals import Signal, Unit, Verdict, describe, headline, spark

# How each lever's chart is drawn: bars of counts per week, or lines of a share or a
# rating (with the range of its axis).
# A big board can have thousands of experiments behind a number: the list shows the first
# (all are in `teamboard insights --json`).
MAX_LISTED = 100
CHARTS: dict[str, tuple[ChartKind, tuple[float, float] | None]] = {
    "clarity": (ChartKind.LINES, (0, 1)),
    "ownership": (ChartKind.LINES, (1, 5)),
    "opportunities": (ChartKind.LINES, (0, 1)),
    "practice": (ChartKind.BARS, None),
    "results": (ChartKind.BARS, None),
    "self-efficacy": (ChartKind.BARS, None),
    "colleagues": (ChartKind.BARS, None),
}


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
        Binding("escape", "team", "Team", tooltip="the team's insights again"),
        Binding("down,j", "app.focus_next", "Next", show=False, tooltip="the next lever"),
        Binding("up,k", "app.focus_previous", "Previous", show=False, tooltip="the lever before"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.member: str | None = None
        self.shown: tuple[Insights, Insights | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="insights-status", classes="status")
        with VerticalScroll(id="insights"):
            with Collapsible(title="Flow", id="flow"):
                yield WeeklyChart(id="flow-chart")
            for n, name in enumerate(LEVERS.values(), start=1):
                with Collapsible(title=f"{n} {name}", id=f"lever-{n}"):
                    yield Static(id=f"lever-{n}-text", classes="lever-text")
                    yield WeeklyChart(id=f"lever-{n}-chart")
                    yield Static(id=f"lever-{n}-behind-title", classes="behind-title")
                    yield OptionList(id=f"lever-{n}-behind", classes="behind")
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
            self.query_one(f"#lever-{n}", Collapsible).title = _title(lever)
            self.query_one(f"#lever-{n}-text", Static).update(
                self._body(lever, team_lever, shown, tone)
            )
            kind, y_range = CHARTS[lever.key]
            series = list(lever.chart)
            if team_lever is not None and lever.key == "practice":
                series = [("this person", series[0][1]), ("team", team_lever.chart[0][1])]
            self.query_one(f"#lever-{n}-chart", WeeklyChart).show_series(
                shown.week_ends, series, kind, y_range
            )
            self._behind(n, lever, tone)

    def _body(
        self, lever: Lever, team_lever: Lever | None, shown: Insights, tone: Tones
    ) -> RenderableType:
        state = self.board_app.state
        width = max(len(s.label) for s in lever.signals)
        parts: list[RenderableType] = []
        for i, signal in enumerate(lever.signals):
            line = Text()
            line.append(f"{signal.label:<{width}}  ")
            line.append(spark(signal.trend), style=tone.muted)
            line.append("  ")
            line.append(describe(signal), style=_style(signal, tone))
            if team_lever is not None:
                line.append(f"  team {headline(team_lever.signals[i])}", style=tone.muted)
            parts.append(line)
        advice = Text("→ ", style="bold")
        advice.append(
            lever.advice, style=tone.warning if lever.verdict is Verdict.NEGLECTED else ""
        )
        parts.append(advice)
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
        listing = self.query_one(f"#lever-{n}-behind", OptionList)
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
            title.append("  (enter opens one)", style=tone.muted)
        else:
            title.append("Nothing behind this number needs you now.", style=tone.muted)
        self.query_one(f"#lever-{n}-behind-title", Static).update(title)

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "team":
            return self.member is not None
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
            self.app.push_screen(ExperimentScreen(experiment_id))


# The verdict's colour in a lever's title: the theme's, by meaning (the words say it too).
VERDICT_STYLES = {Verdict.NEGLECTED: "bold $text-warning", Verdict.NO_DATA: "$text-muted"}


def _title(lever: Lever) -> str:
    """The lever's name, its verdict and its first number: our own words only (no names or
    titles), so the title's markup holds nothing a person typed."""
    verdict = lever.verdict.value
    if style := VERDICT_STYLES.get(lever.verdict):
        verdict = f"[{style}]{verdict}[/]"
    return f"{lever.number} {lever.name} · {verdict} · {describe(lever.signals[0])}"


def _style(signal: Signal, tone: Tones) -> Style:
    if signal.value is None:
        return tone.muted
    if signal.unit is Unit.COUNT and signal.value > 0:
        return tone.warning + BOLD
    return BOLD
