"""Twelve weeks that end at a clock's `now`, and what stood at the end of each of them.

Week WEEKS - 1 is the seven days up to `now`; week 0 began 84 days before it. `AsOf` sums
what started (and maybe stopped) at given times as it stood at each week's end;
`counts_per_week` counts what happened within each week; `medians` are of the samples
known by each week's end. The insights per lever (views.insights.levers) are built on these.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

WEEKS = 12
WEEK = timedelta(days=7)
RATE_WEEKS = 4  # a rate's headline: the mean of the last four weeks


def week_ends(now: datetime) -> tuple[datetime, ...]:
    return tuple(now - (WEEKS - 1 - k) * WEEK for k in range(WEEKS))


@lru_cache(maxsize=4)
def _ends(now: datetime) -> tuple[list[datetime], datetime]:
    """The weeks' ends, and the start of the first week (a big board asks for each of its
    events' weeks: a search among twelve times is quicker than dividing time spans)."""
    ends = list(week_ends(now))
    return ends, ends[0] - WEEK


def week_of(at: datetime, now: datetime) -> int | None:
    """The first week whose end `at` lies before or at: WEEKS - 1 for the last seven days,
    None after `now` (a clock ahead), 0 for anything before the window too."""
    ends, _ = _ends(now)
    if at <= ends[0]:
        return 0
    k = bisect_left(ends, at)
    return k if k < WEEKS else None


def week_within(at: datetime, now: datetime) -> int | None:
    """The week `at` falls in, for a rate: None outside the twelve weeks. A time ahead of
    `now` (a practice dated tomorrow by someone east of UTC) counts in the last week."""
    ends, start = _ends(now)
    if at <= start:
        return None
    return min(bisect_left(ends, at), WEEKS - 1)


def day_start(on: date) -> datetime:
    return datetime.combine(on, time(), tzinfo=UTC)


class AsOf:
    """A sum that things add to from a time on (and may stop adding to later), as it stood
    at each week's end."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._ends, _ = _ends(now)
        self._deltas = [0.0] * WEEKS
        self._counted = [0.0] * WEEKS  # from add_many and add_weighted

    def add_many(self, starts: Iterable[datetime]) -> None:
        """`add(start)` for each: sorted once and counted at each week's end (a big board's
        ten thousand experiments at a time)."""
        ordered = sorted(starts)
        for k, end in enumerate(self._ends):
            self._counted[k] += bisect_right(ordered, end)

    def add_weighted(self, starts: Iterable[tuple[datetime, float]]) -> None:
        """`add(start, weight=weight)` for each (start, weight), all at once."""
        ordered = sorted(starts, key=_first)
        times = [at for at, _ in ordered]
        sums = [0.0]
        for _, weight in ordered:
            sums.append(sums[-1] + weight)
        for k, end in enumerate(self._ends):
            self._counted[k] += sums[bisect_right(times, end)]

    def add(self, start: datetime | None, end: datetime | None = None, weight: float = 1) -> None:
        # `week_of`, written out: a big board adds about 200,000 times.
        if start is None:
            return
        ends = self._ends
        first = 0 if start <= ends[0] else bisect_left(ends, start)
        if first >= WEEKS:
            return  # after now
        if end is None:
            self._deltas[first] += weight
            return
        last = 0 if end <= ends[0] else bisect_left(ends, end)  # WEEKS: after now
        if last <= first:
            return  # came and went within one week: not there at any week's end
        self._deltas[first] += weight
        if last < WEEKS:
            self._deltas[last] -= weight

    def values(self) -> list[float]:
        total, out = 0.0, []
        for delta, counted in zip(self._deltas, self._counted, strict=True):
            total += delta
            out.append(total + counted)
        return out


def _first(pair: tuple[datetime, float]) -> datetime:
    return pair[0]


def ratio(num: Sequence[float], den: Sequence[float]) -> tuple[float | None, ...]:
    return tuple(n / d if d else None for n, d in zip(num, den, strict=True))


def medians(samples: Iterable[tuple[datetime, float]], now: datetime) -> list[float | None]:
    """The median of the samples known by each week's end."""
    by_week: list[list[float]] = [[] for _ in range(WEEKS)]
    for at, value in samples:
        k = week_of(at, now)
        if k is not None:
            by_week[k].append(value)
    seen: list[float] = []
    out: list[float | None] = []
    for values in by_week:
        if values:
            seen.extend(values)
            seen.sort()  # a sorted run and a few more: quick
        out.append(_median_of_sorted(seen))
    return out


def _median_of_sorted(values: list[float]) -> float | None:
    n = len(values)
    if not n:
        return None
    middle = n // 2
    return values[middle] if n % 2 else (values[middle - 1] + values[middle]) / 2


def counts_per_week(times: Iterable[datetime], now: datetime) -> list[int]:
    counts = [0] * WEEKS
    for at in times:
        k = week_within(at, now)
        if k is not None:
            counts[k] += 1
    return counts
