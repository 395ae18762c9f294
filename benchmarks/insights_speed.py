"""Time the insights per lever on a big board against the time the board takes to open.

    .venv/bin/python benchmarks/insights_speed.py [--experiments 10000] [--people 200] [--board DIR]

Builds the board of benchmarks/big_board.py (or uses one built before, `--board`), then
prints: opening it (read, validate and fold, as `teamboard` does without a cache); the
team's insights (`levers.insights`); one person's; and the team's ratio to the opening
(target <= 0.5x). Then, in the app (headless, 120x40, without a cache): the time from
start until the board is loaded, the time from pressing `i` until the insights are
shown (worked out in a worker thread), and the longest the UI loop waited meanwhile
(a 10 ms timer's longest gap: the thread shares the interpreter with it).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_board import NOW, build, timed

from teamboard.store.folder import BoardFolder
from teamboard.tui.app import TeamboardApp
from teamboard.tui.screens.insights import InsightsScreen
from teamboard.views.insights.levers import insights


async def in_the_app(root: Path, me: str) -> tuple[float, float, float]:
    """(seconds to load the board, seconds from `i` to the insights, longest UI gap)."""
    with tempfile.TemporaryDirectory(prefix="teamboard-bench-cache-") as cache:
        return await _in_the_app(root, me, Path(cache))


async def _in_the_app(root: Path, me: str, cache: Path) -> tuple[float, float, float]:
    started = time.perf_counter()
    app = TeamboardApp(root, me, watch=False, clock=lambda: NOW, cache_dir=cache)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.loaded:
            await pilot.pause(0.005)
        loaded = time.perf_counter() - started
        await pilot.pause(0.5)  # the board drawn
        ticks: list[float] = []
        timer = app.set_interval(0.01, lambda: ticks.append(time.perf_counter()))
        pressed = time.perf_counter()
        await pilot.press("i")
        while not (isinstance(app.screen, InsightsScreen) and app.screen.shown is not None):
            await pilot.pause(0.002)
        shown = time.perf_counter() - pressed
        timer.stop()
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        return loaded, shown, max(gaps, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiments", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--board", type=Path, help="a board built before (big_board.py --keep)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each (default 7)")
    args = parser.parse_args()

    root = args.board
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="teamboard-bench-")) / "board"
        t0 = time.perf_counter()
        events = build(root, args.people, args.experiments)
        print(
            f"built {args.experiments:,} experiments, {events:,} events from {args.people} "
            f"people in {time.perf_counter() - t0:.1f} s  ({root})"
        )
    board = BoardFolder.open(root)
    # Opening and insights taken in turns, so that both meet the same load of a machine
    # shared with other work; each figure is the median of the runs.
    opens, teams, open_cpus, team_cpus = [], [], [], []
    state = None
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        loaded = board.load()
        opens.append(time.perf_counter() - t0)
        open_cpus.append(time.process_time() - c0)
        state = loaded.state
        t0, c0 = time.perf_counter(), time.process_time()
        insights(state, NOW)
        teams.append(time.perf_counter() - t0)
        team_cpus.append(time.process_time() - c0)
    assert state is not None
    open_s, team_s = statistics.median(opens), statistics.median(teams)
    print(
        f"open the board ({len(state.experiments):,} experiments, {loaded.event_count:,} "
        f"events): {open_s * 1000:.0f} ms median of {args.runs}"
    )
    print(f"insights for the team: {team_s * 1000:.0f} ms median of {args.runs}")
    member = next(iter(state.members))
    person_s, _ = timed(lambda: insights(state, NOW, member), 5)
    print(f"insights for one person: {person_s * 1000:.0f} ms median of 5")
    ratio = statistics.median(t / o for t, o in zip(teams, opens, strict=True))
    print(
        f"team insights / opening the board: {ratio:.2f}x, the median of each run's ratio "
        f"(target <= 0.5x: {'met' if ratio <= 0.5 else 'MISSED'})"
    )
    open_cpu, team_cpu = statistics.median(open_cpus), statistics.median(team_cpus)
    print(
        f"processor time: opening {open_cpu * 1000:.0f} ms, team insights "
        f"{team_cpu * 1000:.0f} ms: {team_cpu / open_cpu:.2f}x"
    )
    loaded_s, shown_s, gap_s = asyncio.run(in_the_app(root, member))
    print(
        f"in the app: board loaded {loaded_s * 1000:.0f} ms after start; insights shown "
        f"{shown_s * 1000:.0f} ms after 'i' ({shown_s / loaded_s:.2f}x), worked out in a "
        f"thread; the UI loop's longest wait meanwhile {gap_s * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
