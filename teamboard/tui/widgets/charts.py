"""Charts of weeks, drawn by plotext (textual-plotext) in the theme's own colours.

A chart is given its series (a name and one value per week, None where there is no data)
and draws them as bars, stacked bars or lines, with the weeks' end dates below. Its
background and text are the theme's (textual-plotext's "auto" theme); each series takes a
colour the theme gives a meaning (primary, secondary, accent, success, warning), drawn
again when the theme changes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from textual.color import Color
from textual.theme import Theme
from textual_plotext import PlotextPlot

Series = tuple[str, tuple[float | None, ...]]

# The theme's colours the series take, in turn.
SERIES_COLOURS = ("primary", "warning", "success", "accent", "secondary", "error")


class ChartKind(StrEnum):
    BARS = "bars"  # side by side
    STACKED = "stacked"
    LINES = "lines"


def theme_colours(variables: dict[str, str]) -> list[tuple[int, int, int] | str]:
    """The series' colours from the theme's variables ("default" where one is missing)."""
    colours: list[tuple[int, int, int] | str] = []
    for name in SERIES_COLOURS:
        try:
            colour = Color.parse(variables[name])
        except Exception:  # missing, or not a plain colour
            colours.append("default")
        else:
            colours.append(colour.rgb)
    return colours


class WeeklyChart(PlotextPlot):
    """Series per week, with the weeks' end dates on the x axis."""

    DEFAULT_CSS = """
    WeeklyChart {
        height: 10;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.kind = ChartKind.BARS
        self.series: list[Series] = []
        self.weeks: list[datetime] = []
        self.y_range: tuple[float, float] | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        self.draw()

    def show_series(
        self,
        weeks: Sequence[datetime],
        series: Sequence[Series],
        kind: ChartKind = ChartKind.BARS,
        y_range: tuple[float, float] | None = None,
    ) -> None:
        self.weeks, self.series, self.kind = list(weeks), list(series), kind
        self.y_range = y_range
        self.draw()

    def draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        colours = theme_colours(self.app.get_css_variables())
        positions = list(range(1, len(self.weeks) + 1))
        labels = [f"{end:%m-%d}" for end in self.weeks]
        names = [name for name, _ in self.series]
        if self.kind is ChartKind.LINES:
            for i, (name, values) in enumerate(self.series):
                known = [(x, v) for x, v in zip(positions, values, strict=False) if v is not None]
                if known:
                    xs, ys = zip(*known, strict=True)
                    plt.plot(list(xs), list(ys), label=name, color=colours[i % len(colours)])
                    plt.scatter(list(xs), list(ys), color=colours[i % len(colours)])
        elif self.series:
            bars = [[v or 0 for v in values] for _, values in self.series]
            shown = colours[: len(bars)] if len(bars) <= len(colours) else None
            # textual-plotext's stubs name `label` and one colour for these two; plotext
            # itself takes `labels` and a colour per series.
            if self.kind is ChartKind.STACKED:
                plt.stacked_bar(positions, bars, labels=names, color=shown, width=0.6)  # type: ignore[call-arg, arg-type]
            elif len(bars) == 1:
                plt.bar(positions, bars[0], label=names[0], color=colours[0], width=0.6)
            else:
                plt.multiple_bar(positions, bars, labels=names, color=shown, width=0.8)  # type: ignore[call-arg, arg-type]
        # Every third week's date, from the last one back: they fit 60 columns.
        ticks = [float(p) for p in positions if (len(positions) - p) % 3 == 0]
        plt.xticks(ticks, [labels[int(p) - 1] for p in ticks])
        plt.xlim(0.5, len(positions) + 0.5)
        if self.y_range is not None:
            plt.ylim(*self.y_range)
        elif self.kind is not ChartKind.LINES:
            # Counts: whole numbers on the y axis.
            top = max([1.0, *(_total(self.series, k, self.kind) for k in range(len(positions)))])
            step = max(1, math.ceil(top / 4))
            plt.yticks([float(y) for y in range(0, int(top) + step, step)])
        self.refresh()


def _total(series: Sequence[Series], week: int, kind: ChartKind) -> float:
    """The height of a week's bar: the sum of the stack, or the tallest side by side."""
    values = [values[week] or 0 for _, values in series if week < len(values)]
    if not values:
        return 0
    return sum(values) if kind is ChartKind.STACKED else max(values)
