"""A signal of the insights per lever: what it measures, its value and its trend, how its
value is said in words and its trend drawn in one line (the CLI, its JSON and the insights
screen say and draw it the same way), and the one way the insights write a number."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
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
    """A signal's value alone, for a comparison: '67%', '0.3', '3 days', 'no data'."""
    if signal.value is None:
        return "no data"
    return _words(signal, signal.value)[0]


def _words(signal: Signal, value: float) -> tuple[str, str]:
    """The value in words, and what stands behind it: of how many, over what."""
    match signal.unit:
        case Unit.SHARE:
            return percent(value), f" ({signal.count} of {signal.of})"
        case Unit.DAYS:
            return f"{short_number(value)} days", f" (median of {signal.of})"
        case Unit.PER_WEEK:
            return number(value), f" ({signal.count} in {RATE_WEEKS} weeks)"
        case Unit.RATING:
            start = dict(signal.extra).get("start")
            was = f", {number(start)} at the start" if start is not None else ""
            return number(value), f" of 5{was} ({signal.of} rated)"
        case Unit.CHANGE:
            return number(value, sign=True), f" (over {signal.of})"
        case Unit.COUNT:
            return short_number(value), ""


# --- numbers: every number the insights show is written here ------------------------------


def number(value: float, places: int = 1, *, sign: bool = False) -> str:
    """`value` with `places` decimals, rounded half away from zero as people round: 0.25 is
    0.3 and 0.75 is 0.8 (Python's own formatting rounds half to even and by the float's
    binary value, which gave 0.2 beside 0.8). `sign`: '+' before a positive value. A value
    that rounds to zero has no sign ('0.0', never '-0.0')."""
    # The float's shortest decimal form (its repr): 0.15 rounds as the 0.15 it reads as.
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)
    text = f"{rounded:f}"
    return f"+{text}" if sign and rounded > 0 else text


def percent(share: float) -> str:
    """A share (0 to 1) in whole percent, rounded as `number` rounds: 0.125 is '13%'."""
    return f"{number(share * 100, 0)}%"


def short_number(value: float) -> str:
    """3, or 2.5: a whole number without its decimals."""
    return number(value, 0) if float(value).is_integer() else number(value)


# --- trends in one line ---------------------------------------------------------------------

BARS = "▁▂▃▄▅▆▇█"

# The scale of a unit's trend: a share from 0 to 1, a rating from 1 to 5 (the lowest bar is
# the lowest rating, whatever the lowest value drawn). Any other: from 0 (or the lowest
# value, when one is below 0) to the highest value drawn.
SCALES: dict[Unit, tuple[float, float]] = {Unit.SHARE: (0.0, 1.0), Unit.RATING: (1.0, 5.0)}


def spark(values: Sequence[float | None], scale: tuple[float, float] | None = None) -> str:
    """A trend in one line of block characters, from `scale`'s low to its high (by default
    from 0, or the lowest value when one is below 0, to the highest); a week without data
    is '·'."""
    known = [v for v in values if v is not None]
    if not known:
        return "·" * len(values)
    low, high = scale if scale is not None else (min(0.0, *known), max(known))
    span = high - low
    out = []
    for value in values:
        if value is None:
            out.append("·")
        elif span <= 0:
            out.append(BARS[0] if value <= low else BARS[-1])
        else:
            height = min(1.0, max(0.0, (value - low) / span)) * (len(BARS) - 1)
            out.append(BARS[math.floor(height + 0.5)])
    return "".join(out)


def trend_spark(signal: Signal) -> str:
    """A signal's trend on its unit's scale (SCALES)."""
    return spark(signal.trend, SCALES.get(signal.unit))


def stretched(values: Sequence[float], width: int) -> list[float]:
    """`values` (oldest first) over `width` columns: each column is the last of the values
    it stands for, so a short series is stretched and a long one sampled."""
    count = len(values)
    if not count or width <= 0:
        return []
    return [values[max(0, math.ceil((i + 1) * count / width) - 1)] for i in range(width)]
