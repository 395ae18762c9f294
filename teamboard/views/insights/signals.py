"""A signal of the insights per lever: what it measures, its value and its trend, how its
value is said in words and its trend drawn in one line (the CLI, its JSON and the insights
screen say and draw it the same way)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from teamboard.views.insights.weeks import RATE_WEEKS


class Unit(StrEnum):
    SHARE = "share"  # 0 to 1, with `count` of `of`
    DAYS = "days"  # a median number of days, over `of` experiments
    PER_WEEK = "per-week"  # a rate
    RATING = "rating"  # a confidence, 1 to 5 (an average)
    CHANGE = "change"  # a change of confidence (an average, may be negative)
    COUNT = "count"  # how many, now


class Verdict(StrEnum):
    WORKING = "working"
    MIXED = "half-way"
    NEGLECTED = "neglected"
    NO_DATA = "no data yet"


@dataclass(frozen=True)
class Signal:
    key: str  # stable, for scripts
    label: str  # words for people
    unit: Unit
    value: float | None  # None: no data yet
    count: int | None = None  # a share's numerator; a rate's events in its window
    of: int | None = None  # a share's denominator; how many samples an average or median has
    trend: tuple[float | None, ...] = ()  # one per week, oldest first
    extra: tuple[tuple[str, float | None], ...] = ()  # a second number (start vs now)


def describe(signal: Signal) -> str:
    """A signal's value in words: '67% (4 of 6)', '3 days (median of 5)', 'no data yet'."""
    if signal.value is None:
        return "no data yet"
    value, detail = _words(signal, signal.value)
    return value + detail


def headline(signal: Signal) -> str:
    """A signal's value alone, for a comparison: '67%', '0.2', '3 days', 'no data'."""
    if signal.value is None:
        return "no data"
    return _words(signal, signal.value)[0]


def _words(signal: Signal, value: float) -> tuple[str, str]:
    """The value in words, and what stands behind it: of how many, over what."""
    match signal.unit:
        case Unit.SHARE:
            return f"{value:.0%}", f" ({signal.count} of {signal.of})"
        case Unit.DAYS:
            return f"{short_number(value)} days", f" (median of {signal.of})"
        case Unit.PER_WEEK:
            return f"{value:.1f}", f" ({signal.count} in {RATE_WEEKS} weeks)"
        case Unit.RATING:
            start = dict(signal.extra).get("start")
            was = f", {start:.1f} at the start" if start is not None else ""
            return f"{value:.1f}", f" of 5{was} ({signal.of} rated)"
        case Unit.CHANGE:
            return f"{value:+.1f}", f" (over {signal.of})"
        case Unit.COUNT:
            return short_number(value), ""


def short_number(value: float) -> str:
    """3, or 2.5: a whole number without its decimals."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


BARS = "▁▂▃▄▅▆▇█"


def spark(values: Sequence[float | None]) -> str:
    """A trend in one line of block characters, scaled from 0 (or the lowest value, when
    one is below 0) to the highest; a week without data is '·'."""
    known = [v for v in values if v is not None]
    if not known:
        return "·" * len(values)
    low = min(0.0, *known)
    high = max(known)
    span = high - low
    out = []
    for value in values:
        if value is None:
            out.append("·")
        elif span == 0:
            out.append(BARS[0] if high == 0 else BARS[-1])
        else:
            out.append(BARS[round((value - low) / span * (len(BARS) - 1))])
    return "".join(out)
