"""Charts of weeks, drawn by plotext (textual-plotext) in the theme's own colours.

A chart is given its series (a name and one value per week, None where there is no data)
and draws them as bars, stacked bars or lines, with the weeks' end dates below and its
legend under the plot, where it covers nothing (plotext draws its own over the data). Its
axis says what the values are: counts in whole numbers, shares in percent (0-100%, as the
text beside them says), ratings 1 to 5 in whole steps. Its background and text are the
theme's (textual-plotext's "auto" theme, on $surface); each series takes a colour the theme
gives a meaning (primary, warning, success, accent, secondary, error), moved towards black
or white where it has less than 3:1 contrast with that background (WCAG's minimum for
what is not text), and drawn again when the theme changes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.theme import Theme
from textual.widgets import Static
from textual_plotext import PlotextPlot

from teamboard.tui.widgets.contrast import readable
from teamboard.views.insights.signals import percent, short_number

Series = tuple[str, tuple[float | None, ...]]

# The theme's colours the series take, in turn.
SERIES_COLOURS = ("primary", "warning", "success", "accent", "secondary", "error")
# WCAG 1.4.11: bars, lines and the legend's marks against the chart's background.
GRAPHIC_CONTRAST = 3.0
LEGEND_MARK = "██"
# How far apart (in RGB) two series' colours must be to be told apart.
DISTINCT = 60.0


class ChartKind(StrEnum):
    BARS = "bars"  # side by side
    STACKED = "stacked"
    LINES = "lines"


class Axis(StrEnum):
    COUNT = "count"  # whole numbers from 0
    PERCENT = "percent"  # a share (0 to 1) drawn from 0% to 100%
    RATING = "rating"  # 1 to 5, in whole steps


def chart_background(variables: dict[str, str]) -> Color | None:
    """The background the charts are drawn on (textual-plotext's "auto" theme: $surface)."""
    try:
        return Color.parse(variables["surface"])
    except Exception:  # missing, or not a plain colour
        return None


def theme_colours(variables: dict[str, str]) -> list[tuple[int, int, int] | str]:
    """The series' colours from the theme's variables, in SERIES_COLOURS' order, each with
    at least 3:1 contrast against the chart's background; a colour that looks like one
    taken already is left out (textual-dark's accent is its warning), so two series never
    look the same while the theme has colours enough. ["default"] if it has none."""
    background = chart_background(variables)
    colours: list[Color] = []
    for name in SERIES_COLOURS:
        try:
            colour = Color.parse(variables[name])
        except Exception:  # missing, or not a plain colour
            continue
        if background is not None:
            colour = readable(colour, background, GRAPHIC_CONTRAST)[0]
        if all(_distance(colour, taken) >= DISTINCT for taken in colours):
            colours.append(colour)
    return [colour.rgb for colour in colours] or ["default"]


def _distance(a: Color, b: Color) -> float:
    return math.dist(a.rgb, b.rgb)


class WeeklyChart(Vertical):
    """Series per week, with the weeks' end dates on the x axis and the legend below."""

    DEFAULT_CSS = """
    WeeklyChart {
        height: 10;
        width: 1fr;
        background: $surface;
    }
    WeeklyChart > PlotextPlot {
        height: 1fr;
    }
    WeeklyChart > .chart-legend {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.kind = ChartKind.BARS
        self.axis = Axis.COUNT
        self.series: list[Series] = []
        self.weeks: list[datetime] = []
        self.legend_text = Text()  # each series' colour and name

    def compose(self) -> ComposeResult:
        yield PlotextPlot()
        yield Static(classes="chart-legend")

    @property
    def plot(self) -> PlotextPlot:
        return self.query_one(PlotextPlot)

    @property
    def legend(self) -> Static:
        return self.query_one(".chart-legend", Static)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        self.draw()

    def show_series(
        self,
        weeks: Sequence[datetime],
        series: Sequence[Series],
        kind: ChartKind = ChartKind.BARS,
        axis: Axis = Axis.COUNT,
    ) -> None:
        self.weeks, self.series, self.kind = list(weeks), list(series), kind
        self.axis = axis
        self.draw()

    def draw(self) -> None:
        plot = self.plot
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        colours = theme_colours(self.app.get_css_variables())
        positions = list(range(1, len(self.weeks) + 1))
        labels = [f"{end:%m-%d}" for end in self.weeks]
        scale = 100.0 if self.axis is Axis.PERCENT else 1.0
        if self.kind is ChartKind.LINES:
            for i, (_, values) in enumerate(self.series):
                known = [
                    (x, v * scale) for x, v in zip(positions, values, strict=False) if v is not None
                ]
                if known:
                    xs, ys = zip(*known, strict=True)
                    colour = colours[i % len(colours)]
                    plt.plot(list(xs), list(ys), color=colour)
                    plt.scatter(list(xs), list(ys), color=colour)
        elif self.series:
            bars = [[(v or 0) * scale for v in values] for _, values in self.series]
            shown = colours[: len(bars)] if len(bars) <= len(colours) else None
            # textual-plotext's stubs name one colour for these two; plotext itself takes a
            # colour per series. No labels: the legend is drawn below the plot.
            if self.kind is ChartKind.STACKED:
                plt.stacked_bar(positions, bars, color=shown, width=0.6)  # type: ignore[arg-type]
            elif len(bars) == 1:
                plt.bar(positions, bars[0], color=colours[0], width=0.6)
            else:
                plt.multiple_bar(positions, bars, color=shown, width=0.8)  # type: ignore[arg-type]
        # Every third week's date, from the last one back: they fit 60 columns.
        ticks = [float(p) for p in positions if (len(positions) - p) % 3 == 0]
        plt.xticks(ticks, [labels[int(p) - 1] for p in ticks])
        plt.xlim(0.5, len(positions) + 0.5)
        self._y_axis()
        plot.refresh()
        self.legend_text = self._legend(colours)
        self.legend.update(self.legend_text)

    def _y_axis(self) -> None:
        plt = self.plot.plt
        if self.axis is Axis.PERCENT:
            plt.ylim(0, 100)
            steps = [0.0, 25.0, 50.0, 75.0, 100.0]
            plt.yticks(steps, [percent(y / 100) for y in steps])
        elif self.axis is Axis.RATING:
            plt.ylim(1, 5)
            steps = [1.0, 2.0, 3.0, 4.0, 5.0]
            plt.yticks(steps, [short_number(y) for y in steps])
        else:
            # Counts: whole numbers on the y axis.
            top = max([1.0, *(_total(self.series, k, self.kind) for k in range(len(self.weeks)))])
            step = max(1, math.ceil(top / 4))
            steps = [float(y) for y in range(0, int(top) + step, step)]
            plt.ylim(0, steps[-1])
            plt.yticks(steps, [short_number(y) for y in steps])

    def _legend(self, colours: list[tuple[int, int, int] | str]) -> Text:
        """Each series' colour and name, in a line below the plot."""
        legend = Text()
        for i, (name, _) in enumerate(self.series):
            if i:
                legend.append("   ")
            colour = colours[i % len(colours)]
            mark = Color(*colour).hex if isinstance(colour, tuple) else None
            legend.append(LEGEND_MARK, style=mark or "")
            legend.append(f" {name}")
        return legend


def _total(series: Sequence[Series], week: int, kind: ChartKind) -> float:
    """The height of a week's bar: the sum of the stack, or the tallest side by side."""
    values = [values[week] or 0 for _, values in series if week < len(values)]
    if not values:
        return 0
    return sum(values) if kind is ChartKind.STACKED else max(values)
