"""What the stand-up's since-last marks and summary strip cost on a big board.

    .venv/bin/python benchmarks/standup_speed.py [--board DIR] [--runs 7]

Builds (or reuses, with --board) the board of benchmarks/big_board.py: 10,000 experiments,
about 80,000 events from 200 people. Its events lie months back, so a stand-up is written
into it (once; a reused board keeps it) two weeks before its newest change: everything
after counts as "since the last stand-up", as after a team's holiday.

Then, in this one process, with the app's cache kept as a quit keeps it:

1. The board's first render, in-process (`run_test` at 160x45 and 120x40, from the app's
   construction, as in the in-process figures of benchmarks/app_speed.py), two figures:
   1a, until the loaded board is painted, and 1b, until the strip shows its numbers (not
   "counting…"), both with the marks and the strip; against the same app without them
   (`changes()` giving nothing changed, nothing counted as the board loads or after).
   Runs interleaved, medians. The target: 1b <= 1.10x the render without them (issue
   9, measured to the strip's numbers as issue 16 asks). The app counts the strip's first
   numbers in its loading thread, after the board is read and before it is painted
   (tui/app.py `_count_first`), so 1a and 1b are one frame; a change after that is
   counted in a thread beside the screen.
2. The domain's share, for context: `standup.changes_since` (all of it, as the strip and
   the "only changed" filter ask; the first paint asks only for the cards in sight) and
   `standup.summary` on the loaded state, for "since the last stand-up" and for
   "everything is new" (since before the board began: the worst case), medians.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from textual.geometry import Size

sys.path.insert(0, str(Path(__file__).resolve().parent))
app_speed = importlib.import_module("app_speed")

SIZES = (Size(160, 45), Size(120, 40))
TARGET = 1.10


def _add_standup(root: Path) -> None:
    """A stand-up two weeks before the board's newest change (once)."""
    from teamboard.domain import actions
    from teamboard.store.folder import BoardFolder
    from teamboard.store.live import LiveBoard

    live = LiveBoard(BoardFolder.open(root))
    live.open()
    state = live.state
    if state.standups:
        return
    newest = max(e.stage_since for e in state.experiments.values())
    at = newest - timedelta(days=14)
    # A newcomer runs it: their log holds nothing later (a change dated before the same
    # person's later changes would count at the time of those, by the board's clock rule).
    runner = "facilitator"
    live.perform(runner, actions.join("Facilitator"), at=at - timedelta(minutes=1))
    started = actions.start_standup()
    live.perform(runner, started, at=at)
    ended = actions.end_standup(str(started["standup_id"]))
    live.perform(runner, ended, at=at + timedelta(minutes=10))
    del live, state
    gc.unfreeze()


def _without_marks() -> None:
    """The app as it was before the stand-up: nothing changed since, nothing to count."""
    from teamboard.tui.app import TeamboardApp
    from teamboard.tui.screens import board
    from teamboard.views import standup

    def nothing_changed(self: TeamboardApp) -> standup.Changes:
        since = standup.Since(self.clock(), None, given=True)
        return standup.Changes(None, since, items=[])

    TeamboardApp.changes = nothing_changed  # type: ignore[method-assign]
    board.summary = lambda state, now, changes: None  # type: ignore[attr-defined,assignment]


def _render(root: Path, me: str, size: Size, cache: Path, numbers: bool) -> tuple[float, float]:
    """The first paint of the loaded board, and (with `numbers`) the strip's numbers shown."""
    gc.collect()
    render = asyncio.run(app_speed._teamboard_once(root, me, size, cache=cache, numbers=numbers))
    return render.full, render.numbers if render.numbers is not None else render.full


def _domain(root: Path, runs: int) -> None:
    from teamboard.domain.events import utcnow
    from teamboard.store.folder import BoardFolder
    from teamboard.views import standup

    state = BoardFolder.open(root).load().state
    now = utcnow()
    for label, since in (
        ("since the last stand-up", standup.since_last_standup(state, now)),
        ("everything new (worst case)", standup.Since(now - timedelta(days=3650), None, True)),
    ):
        took_changes, took_summary = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            changes = standup.changes_since(state, since)
            grouped = changes.by_experiment  # worked out when first asked: here, all of it
            t1 = time.perf_counter()
            standup.summary(state, now, changes)
            took_summary.append(time.perf_counter() - t1)
            took_changes.append(t1 - t0)
        print(
            f"2. {label}: changes_since {statistics.median(took_changes) * 1000:.0f} ms "
            f"({len(changes.items):,} changes on {len(grouped):,} cards), "
            f"summary {statistics.median(took_summary) * 1000:.0f} ms; medians of {runs}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--board", type=Path, help="reuse (or build and keep) the board here")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--experiments", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teamboard-standup-speed-") as folder:
        root = app_speed._board(args, args.board or Path(folder) / "board")
        _add_standup(root)
        cast = app_speed._cast(root)
        cache = Path(folder) / "cache"
        app_speed._keep_cache(root, cache)
        _domain(root, args.runs)
        # Interleaved: with, without, with, ... (the patch is undone by keeping the
        # originals and putting them back).
        from teamboard.tui.app import TeamboardApp
        from teamboard.tui.screens import board

        original = (TeamboardApp.changes, board.summary, TeamboardApp._count_first)

        def put_back() -> None:
            (TeamboardApp.changes, board.summary, TeamboardApp._count_first) = original  # type: ignore[method-assign]

        for size in SIZES:
            paint, numbers, without = [], [], []
            _render(root, cast.me, size, cache, numbers=True)  # warm: imports, OS file cache
            for _ in range(args.runs):
                put_back()
                painted, counted = _render(root, cast.me, size, cache, numbers=True)
                paint.append(painted)
                numbers.append(counted)
                _without_marks()
                without.append(_render(root, cast.me, size, cache, numbers=False)[0])
            put_back()
            bare = statistics.median(without)
            at = f"{size.width}x{size.height}"
            for label, runs in (
                ("1a. first paint of the loaded board", paint),
                ("1b. the strip's numbers shown", numbers),
            ):
                ratio = statistics.median(runs) / bare
                print(
                    f"{label} at {at} with the cache, in-process, with the marks and strip: "
                    f"{statistics.median(runs) * 1000:.0f} ms = {ratio:.2f}x the first render "
                    f"without them ({bare * 1000:.0f} ms); target <= {TARGET:.2f}x to the "
                    f"numbers: {'met' if ratio <= TARGET else 'MISSED'}; medians of {args.runs}"
                )


if __name__ == "__main__":
    main()
