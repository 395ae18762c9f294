"""Time the teamboard app on a big board, against a bare Textual app of the same shape.

    .venv/bin/python benchmarks/app_speed.py [--board DIR] [--experiments 10000]
                                             [--people 200] [--profile]

Builds a board with big_board.build in a temporary folder, removed at the end (or reuses
--board DIR if it holds one, else builds it there and keeps it; a reused board keeps the
events this script writes: stage moves that cancel out, and confidence ratings),
then prints one line per figure with its target and PASS or MISS:

1. bare app: a minimal App with the board's four columns (a Horizontal of four Vertical
   containers, each a Label title over an empty line-API column, with the same CSS sizes).
2. teamboard's first full render, and its ratio to the bare app: cold (an empty cache
   folder, so every file is read and folded), and 2b warm (the folded board that quitting
   keeps in this machine's cache; once unchanged, once after a colleague wrote since).
3. a card move (`]`, then `[`, between Goal and Practice) saved and on screen.
4. a change written by another OS process, on screen (watch=True).
5. peak memory (VmHWM) of a fresh process that runs the app until its first full render.

--profile adds, for each missed target, what dominates it: for the first render, the runs
of the garbage collector (which cProfile does not show) and cProfile of the main thread and,
separately, of the worker thread that loads the board; for card moves, cProfile; for
memory, the peaks of a bare Textual process and of the store alone, and tracemalloc's
biggest holders in the app's process.

5 runs the app in 3 fresh processes (`--peak-child`): the highest VmHWM is the figure, and
their median time from process start (python, imports, app) goes with figure 2.

How "on screen" is measured. The apps run headless in `run_test(size=(120, 40))`.
`pilot.pause(delay)` lets the screen and its widgets process every pending message, sleeps
`delay` and then runs the screen's update directly: layout and a compositor render of every
dirty widget (`render_line` of each visible line). Only the encoding into terminal escapes
is skipped headless. So once a condition is true after a `pause(...)`, the frame showing it
has been computed. `pause(0)` ends a figure (figure 3 polls with it too), and figure 4
polls with `pause(0.005)`.
`pilot.pause()` with no delay and `pilot.press()` are not used to time: they wait for the
whole process to look idle (Textual's wait_for_idle: at least one 20 ms sleep each, and up
to 1 s while the board loads in its thread), which is test harness time, not the app's.
Figure 3 prints, for comparison, the Pilot way (`press` + `pause()`) and the same for a key
that is bound to nothing, which is the harness's own share.

- 1 and 2: the clock starts before the App object is created and stops inside `run_test`
  after a `pause(0)` (bare app), or (teamboard) after awaiting the board's loading worker
  (it ends once `app.loaded` is set; polling instead would slow the loading thread down)
  and then a `pause(0)`, so that the BoardScreen refresh posted on load has been painted.
  Imports and process start are outside (the "from process start" line includes them).
  Each run is a fresh App in a fresh event loop, `gc.collect()` in between, the OS file
  cache warm.
  Checked after the clock stops: the first column's first line names its first owner.
- 3: the key event goes in as the terminal driver sends it (`driver.send_message`, as
  Pilot does); the clock stops when, after a `pause(0)`, the move is in the app's state and
  the card in the target column's `experiments` (the write happens before, in the key's
  handler). Checked after: the move is the last one in the owner's file, and the cursor is
  still on the card. watch=False, so the app's own watcher does not re-read its write.
- 4: a child process (started once, before the app) opens the board, waits for a line on
  stdin, takes time.time(), appends a confidence rating with BoardFolder.append and prints
  that time. The parent polls until the card's facts line (drawn by the column's
  `render_line`) shows the new rating, then takes time.time(). A first untimed write
  shows that the watcher runs.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import importlib
import io
import json
import pstats
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Label

# teamboard is imported where it is used, so that the bare app's process does not load it.
if TYPE_CHECKING:
    from textual.pilot import Pilot

    from teamboard.app import TeamboardApp
    from teamboard.widgets.card_column import CardColumn

SIZE = (120, 40)
RUNS = 5
COLD_RUNS = 3
MOVES = 10
CHANGES = 10
RATIO_TARGET = 4.0
MOVE_TARGET_S = 0.150
CHANGE_TARGET_S = 0.300
MEMORY_TARGET_MB = 250
POLL_S = 0.005
TIMEOUT_S = 60.0
STAGE_LABELS = ("Goal", "Practice", "Reflection", "Success")


# --- the bare app -----------------------------------------------------------------------


class EmptyColumn(ScrollView, can_focus=False):
    """What CardColumn is without cards: a line-API scroll view drawing blank lines."""

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)


class BareApp(App[None]):
    # The sizes that teamboard's styles/app.tcss and CardColumn give the board.
    CSS = """
    #board { height: 1fr; }
    .stage { width: 1fr; height: 1fr; border: round $panel-lighten-2; }
    .stage-title { width: 1fr; padding: 0 1; background: $boost; }
    EmptyColumn { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="board"):
            for label in STAGE_LABELS:
                with Vertical(classes="stage"):
                    yield Label(label, classes="stage-title")
                    yield EmptyColumn()


def _painted(screen) -> bool:
    return not (screen._layout_required or screen._dirty_widgets or screen._repaint_required)


async def _bare_once() -> float:
    t0 = time.perf_counter()
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0)
        elapsed = time.perf_counter() - t0
        columns = list(app.screen.query(EmptyColumn))
        assert len(columns) == 4 and all(c.region.area for c in columns), "not laid out"
        assert _painted(app.screen)
    return elapsed


def _bare_child(spawned: float) -> None:
    """Run in a fresh process: the bare app once; print the time since the spawn."""
    asyncio.run(_bare_once())
    print(json.dumps({"from_start_s": time.time() - spawned}))


# --- teamboard's first render -----------------------------------------------------------


@dataclass
class FirstRender:
    first_screen: float  # the BoardScreen painted, saying "opening the board…"
    loaded: float  # app.loaded seen
    full: float  # the loaded board painted
    load_thread: float  # LiveBoard.load() itself, in the worker thread
    load_start: float  # when LiveBoard.load() began


def _timed_method(
    obj: object, name: str, sink: list[float], starts: list[float] | None = None
) -> None:
    """Wrap one bound method of this instance to record its durations (app code untouched),
    and the time.time() of each call in `starts`."""
    method = getattr(obj, name)

    def timed(*args, **kwargs):
        if starts is not None:
            starts.append(time.time())
        t0 = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            sink.append(time.perf_counter() - t0)

    setattr(obj, name, timed)


async def _until_loaded(app: TeamboardApp, pilot: Pilot, deadline: float) -> None:
    # Await the loading worker rather than poll: a main thread that wakes up every few
    # milliseconds takes the GIL from the loading thread (polling every 5 ms made the load
    # about 100 ms slower). The worker ends after its call_from_thread(_board_loaded).
    loading = [worker for worker in app.workers if worker.group == "load"]
    if loading:
        await asyncio.wait_for(app.workers.wait_for_complete(loading), TIMEOUT_S)
    while not app.loaded:
        if time.perf_counter() > deadline:
            raise TimeoutError("the board did not load")
        await pilot.pause(POLL_S)


def _columns(app: TeamboardApp) -> list[CardColumn]:
    from teamboard.widgets.card_column import CardColumn

    return list(app.screen.query(CardColumn))


def _check_full_render(app: TeamboardApp) -> None:
    screen = app.screen
    assert type(screen).__name__ == "BoardScreen", screen
    assert _painted(screen), "not painted yet"
    first = _columns(app)[0]
    assert first.experiments, "the first column is empty"
    owner = app.state.name_of(first.experiments[0].owner)
    line = first.render_line(0).text
    assert owner in line, f"{owner!r} not in {line!r}"


async def _teamboard_once(
    root: Path, me: str, profiler: cProfile.Profile | None = None, cache: Path | None = None
) -> FirstRender:
    """One first render. Without `cache`, an empty cache folder: the board is read in
    full (a cold start); with it, the folded board kept there at the last quit."""
    if cache is None:
        with tempfile.TemporaryDirectory(prefix="teamboard-cold-cache-") as empty:
            return await _teamboard_once(root, me, profiler, Path(empty))
    from teamboard.app import TeamboardApp

    load_times: list[float] = []
    load_starts: list[float] = []
    if profiler is not None:
        profiler.enable()
    t0 = time.perf_counter()
    t0_wall = time.time()
    app = TeamboardApp(root, me, watch=False, cache_dir=cache)
    _timed_method(app.live, "open", load_times, load_starts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0)
        first_screen = time.perf_counter() - t0
        await _until_loaded(app, pilot, t0 + TIMEOUT_S)
        loaded = time.perf_counter() - t0
        await pilot.pause(0)
        full = time.perf_counter() - t0
        if profiler is not None:
            profiler.disable()
        _check_full_render(app)
        assert len(app.state.experiments) >= 1000, len(app.state.experiments)
    return FirstRender(first_screen, loaded, full, load_times[0], load_starts[0] - t0_wall)


# --- a card move ------------------------------------------------------------------------


@dataclass
class Moves:
    times: list[float] = field(default_factory=list)  # key in -> move on screen
    perform: list[float] = field(default_factory=list)  # LiveBoard.perform: check + write
    pilot: list[float] = field(default_factory=list)  # pilot.press + pilot.pause()
    pilot_unbound: list[float] = field(default_factory=list)  # the same, a key bound to nothing


def _last_move_in_file(root: Path, me: str, experiment_id: str) -> str | None:
    from teamboard.store import BoardFolder

    board = BoardFolder.open(root)
    moves = [
        s.event
        for s in board.read_person(board.person_file(me))
        if s.event is not None
        and s.event.type == "stage_moved"
        and s.event.experiment_id == experiment_id
    ]
    return max(moves, key=lambda e: e.seq).to.value if moves else None


async def _moves(
    root: Path,
    me: str,
    experiment_id: str,
    count: int,
    profiler: cProfile.Profile | None = None,
    pilot_count: int = 0,
) -> Moves:
    from teamboard.app import TeamboardApp
    from teamboard.model import Stage

    result = Moves()
    app = TeamboardApp(root, me, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await _until_loaded(app, pilot, time.perf_counter() + TIMEOUT_S)
        await pilot.pause()
        _timed_method(app.live, "perform", result.perform)
        screen = app.screen
        screen.jump_to(experiment_id)
        await pilot.pause()
        driver = app._driver
        assert driver is not None
        for n in range(count + pilot_count):
            before = app.state.experiments[experiment_id].stage
            if before is Stage.GOAL:
                key, char, target = "right_square_bracket", "]", Stage.PRACTICE
            elif before is Stage.PRACTICE:
                key, char, target = "left_square_bracket", "[", Stage.GOAL
            else:
                raise AssertionError(f"the card is in {before}")
            column = _columns(app)[target.index]
            gc.collect()
            deadline = time.perf_counter() + TIMEOUT_S
            if n >= count:  # the Pilot way, for comparison
                t0 = time.perf_counter()
                await pilot.press(char)
                await pilot.pause()
                result.pilot.append(time.perf_counter() - t0)
            else:
                if profiler is not None:
                    profiler.enable()
                t0 = time.perf_counter()
                key_event = events.Key(key, char)
                key_event.set_sender(app)
                driver.send_message(key_event)
                while not (
                    len(result.perform) == n + 1
                    and any(e.id == experiment_id for e in column.experiments)
                ):
                    if time.perf_counter() > deadline:
                        raise TimeoutError("the move did not show")
                    await pilot.pause(0)
                result.times.append(time.perf_counter() - t0)
                if profiler is not None:
                    profiler.disable()
            assert len(result.perform) == n + 1, "the key did not perform one move"
            assert app.state.experiments[experiment_id].stage is target
            assert _last_move_in_file(root, me, experiment_id) == target.value
            assert any(e.id == experiment_id for e in column.experiments)
            assert screen.selected_id == experiment_id
            assert _painted(screen)
        for _ in range(pilot_count):
            t0 = time.perf_counter()
            await pilot.press("f12")  # bound to nothing on the board
            await pilot.pause()
            result.pilot_unbound.append(time.perf_counter() - t0)
        assert len(result.perform) == count + pilot_count
    return result


# --- a change by another process ----------------------------------------------------------

CHILD = """
import sys, time
from teamboard.store import BoardFolder
board = BoardFolder.open(sys.argv[1])
author, experiment_id = sys.argv[2], sys.argv[3]
print("ready", flush=True)
for line in sys.stdin:
    value = int(line)
    t = time.time()
    board.append(author, {"type": "confidence_rated", "experiment_id": experiment_id,
                          "value": value})
    print(t, time.time() - t, flush=True)
"""


@dataclass
class Changes:
    times: list[float] = field(default_factory=list)  # write started -> on screen
    state: list[float] = field(default_factory=list)  # write started -> in app.state
    writes: list[float] = field(default_factory=list)  # the child's append itself
    refresh: list[float] = field(default_factory=list)  # LiveBoard.refresh in the app
    noticed: list[float] = field(default_factory=list)  # write started -> refresh called


def _facts_line(column: CardColumn, experiment_id: str) -> str:
    from teamboard.widgets.card_column import CARD_HEIGHT

    index = next(i for i, e in enumerate(column.experiments) if e.id == experiment_id)
    y = index * CARD_HEIGHT + 2 - int(column.scroll_offset.y)
    assert 0 <= y < column.size.height, "the card is not on screen"
    return column.render_line(y).text


async def _changes(
    root: Path, me: str, experiment_id: str, count: int, child: subprocess.Popen
) -> Changes:
    from teamboard.app import TeamboardApp

    result = Changes()
    app = TeamboardApp(root, me, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await _until_loaded(app, pilot, time.perf_counter() + TIMEOUT_S)
        await pilot.pause()
        refresh_starts: list[float] = []
        _timed_method(app.live, "refresh", result.refresh, refresh_starts)
        screen = app.screen
        screen.jump_to(experiment_id)
        await pilot.pause()
        column = _columns(app)[app.state.experiments[experiment_id].stage.index]
        assert child.stdin is not None and child.stdout is not None
        for n in range(count + 1):  # the first one (untimed) shows that the watcher runs
            refresh_starts.clear()
            experiment = app.state.experiments[experiment_id]
            ratings = len(experiment.confidence)
            value = 2 if experiment.current_confidence != 2 else 4
            gc.collect()
            child.stdin.write(f"{value}\n")
            child.stdin.flush()
            in_state = None
            deadline = time.perf_counter() + (10.0 if n == 0 else TIMEOUT_S)
            while True:
                await pilot.pause(POLL_S)
                now = time.time()
                current = app.state.experiments[experiment_id]
                if in_state is None and len(current.confidence) > ratings:
                    in_state = now
                if in_state is not None and f"{value}/5" in _facts_line(column, experiment_id):
                    break
                if time.perf_counter() > deadline:
                    raise TimeoutError("the change by another process did not show")
            started, write_s = child.stdout.readline().split()
            if n:
                result.times.append(now - float(started))
                result.state.append(in_state - float(started))
                result.writes.append(float(write_s))
                result.noticed.append(refresh_starts[0] - float(started))
    return result


# --- peak memory --------------------------------------------------------------------------


def _vm_hwm_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


def _peak_child(
    root: Path, me: str, spawned: float, trace: bool, cache: Path | None = None
) -> None:
    """Run in a fresh process: the app until its first full render; report VmHWM."""
    if trace:
        import tracemalloc

        tracemalloc.start()
    render = asyncio.run(_teamboard_once(root, me, cache=cache))
    report = {
        "peak_mb": _vm_hwm_mb(),
        "full_s": render.full,
        "from_start_s": time.time() - spawned,
    }
    if trace:
        current, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot()
        tracemalloc.stop()
        report["python_heap_mb"] = [current / 2**20, peak / 2**20]
        report["top"] = [
            f"{stat.size / 2**20:7.1f} MB {stat.count:>9,} blocks  {stat.traceback[0]}"
            for stat in snapshot.statistics("lineno")[:12]
        ]
    print(json.dumps(report))


def _child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args, "--spawned", repr(time.time())],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _keep_cache(root: Path, cache: Path) -> None:
    """What quitting the app does: keep the folded board in the cache folder."""
    from teamboard.live import LiveBoard
    from teamboard.store import BoardFolder

    live = LiveBoard(BoardFolder.open(root), cache_dir=cache)
    live.open()
    assert live.save_cache()


def _append_confidence(root: Path, author: str, experiment_id: str) -> None:
    from teamboard.store import BoardFolder

    BoardFolder.open(root).append(
        author, {"type": "confidence_rated", "experiment_id": experiment_id, "value": 3}
    )


def _store_peak_mb(root: Path) -> float:
    opener = (
        "import sys; from teamboard.store import BoardFolder; "
        "BoardFolder.open(sys.argv[1]).load(); "
        "print(next(int(line.split()[1]) / 1024 for line in open('/proc/self/status') "
        "if line.startswith('VmHWM')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", opener, str(root)], check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip())


# --- reporting ----------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v * 1000:.0f}" for v in values)


def _median(values) -> float:
    return statistics.median(list(values))


def _top(profile: cProfile.Profile, title: str, limit: int = 10, only: str | None = None) -> None:
    """Print the top `limit` functions by cumulative time (of those matching `only`)."""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    idle = sum(tt for (_, _, name), (_, _, tt, _, _) in stats.stats.items() if "epoll" in name)
    restrictions = [only, limit] if only else [limit]
    stats.sort_stats("cumulative").print_stats(*restrictions)
    body = out.getvalue()
    start = body.find("   ncalls")
    print(
        f"\n--- {title}: {stats.total_tt:.2f} s profiled, of which {idle:.2f} s waiting in "
        f"the event loop's epoll; top {limit} by cumulative time"
        + (f" in {only!r} ---" if only else " ---")
    )
    print(body[start:].rstrip() if start >= 0 else body.rstrip())


def _gc_log(fn: Callable[[], object]) -> tuple[object, list[tuple[float, float, int, str]]]:
    """Run fn; also return each run of the cyclic garbage collector meanwhile:
    (start, duration, generation, thread name)."""
    log: list[tuple[float, float, int, str]] = []
    started = [0.0]

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            now = time.perf_counter()
            name = threading.current_thread().name
            log.append((started[0], now - started[0], info["generation"], name))

    gc.callbacks.append(callback)
    try:
        result = fn()
    finally:
        gc.callbacks.remove(callback)
    return result, log


def _profile_first_render(root: Path, me: str) -> None:
    from teamboard.app import TeamboardApp

    main = cProfile.Profile()
    loader = cProfile.Profile()

    async def run() -> FirstRender:
        # The board loads in a worker thread, which the main thread's profiler does not
        # see: profile LiveBoard.load in that thread with a second profiler.
        original = TeamboardApp.__init__

        def init(self, *args, **kwargs):
            original(self, *args, **kwargs)
            load = self.live.load

            def profiled_load():
                loader.enable()
                try:
                    return load()
                finally:
                    loader.disable()

            self.live.load = profiled_load

        TeamboardApp.__init__ = init
        try:
            return await _teamboard_once(root, me, profiler=main)
        finally:
            TeamboardApp.__init__ = original

    gc.collect()
    t0 = time.perf_counter()
    render, log = _gc_log(lambda: asyncio.run(_teamboard_once(root, me)))
    assert isinstance(render, FirstRender)
    print(
        f"\nfirst render, unprofiled: {_ms(render.full)}; the cyclic garbage collector ran "
        f"{len(log)} times, {_ms(sum(d for _, d, _, _ in log))} in all; the runs over 5 ms "
        "(cProfile does not show them):"
    )
    for start, duration, generation, thread in log:
        if duration > 0.005:
            print(
                f"  at {_ms(start - t0):>7}: generation {generation}, {_ms(duration):>6} "
                f"in thread {thread}"
            )
    gc.collect()
    render = asyncio.run(run())
    print(f"first render, profiled (slower): {_ms(render.full)}")
    _top(loader, "first render, worker thread (LiveBoard.load)", limit=14)
    _top(main, "first render, main thread", only="teamboard/")


def _profile_moves(root: Path, me: str, experiment_id: str) -> None:
    profiler = cProfile.Profile()
    moves = asyncio.run(_moves(root, me, experiment_id, 4, profiler=profiler))
    print(f"\ncard moves, profiled (slower): {_runs(moves.times)} ms")
    _top(profiler, "4 card moves (main thread)", limit=16, only="teamboard/")
    _top(profiler, "4 card moves (main thread)", limit=16)


def _profile_memory(root: Path, me: str) -> None:
    bare = _child("--bare-child", "--memory")
    store = _store_peak_mb(root)
    traced = _child("--peak-child", "--board", str(root), "--me", me, "--trace")
    current, peak = traced["python_heap_mb"]
    print(
        f"\nmemory: a bare Textual app process peaks at {bare['peak_mb']:.0f} MB; a process "
        f"that only opens the board with the store (no textual) at {store:.0f} MB.\n"
        f"tracemalloc in the app process after the first full render: Python heap "
        f"{current:.0f} MB now, {peak:.0f} MB at its peak; biggest holders now:"
    )
    for line in traced["top"]:
        print("  " + line)


# --- main ---------------------------------------------------------------------------------


def _board(args: argparse.Namespace, root: Path) -> Path:
    if (root / "board.json").exists():
        print(f"board: reusing {root}")
        return root
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    big_board = importlib.import_module("big_board")
    t0 = time.perf_counter()
    count = big_board.build(root, args.people, args.experiments)
    print(
        f"board: built {args.experiments:,} experiments, {count:,} events from "
        f"{args.people} people in {time.perf_counter() - t0:.1f} s ({root})"
    )
    return root


@dataclass
class Cast:
    me: str  # acts in the app
    my_card: str  # an experiment of mine in Goal or Practice
    other: str  # writes from another process
    other_card: str  # an experiment of theirs
    experiments: int


def _cast(root: Path) -> Cast:
    from teamboard.model import Stage
    from teamboard.store import BoardFolder

    state = BoardFolder.open(root).load().state
    movable = sorted(
        (e for e in state.experiments.values() if e.stage in (Stage.GOAL, Stage.PRACTICE)),
        key=lambda e: (e.stage.index, e.owner, e.id),
    )
    mine = movable[0]
    theirs = next(e for e in movable if e.owner != mine.owner)
    return Cast(mine.owner, mine.id, theirs.owner, theirs.id, len(state.experiments))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--board", type=Path, help="reuse (or build and keep) the board here")
    parser.add_argument("--experiments", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="show what dominates a miss")
    for internal in ("--peak-child", "--bare-child", "--trace", "--memory"):
        parser.add_argument(internal, action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--me", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.bare_child:
        if args.memory:
            asyncio.run(_bare_once())
            print(json.dumps({"peak_mb": _vm_hwm_mb()}))
        else:
            _bare_child(args.spawned)
        return
    if args.peak_child:
        _peak_child(args.board, args.me, args.spawned, args.trace, args.cache)
        return

    if args.board:
        _measure(_board(args, args.board), args.profile)
    else:
        with tempfile.TemporaryDirectory(prefix="teamboard-app-speed-") as folder:
            _measure(_board(args, Path(folder) / "board"), args.profile)


def _measure(root: Path, profile: bool) -> None:
    cast = _cast(root)
    gc.collect()  # drop the state read for the cast before anything is timed
    print(
        f"{cast.experiments:,} experiments; the app acts as {cast.me} and moves "
        f"{cast.my_card[:8]}; {cast.other} writes from another process to {cast.other_card[:8]}"
    )
    print(f"apps run headless at {SIZE[0]}x{SIZE[1]}; wall-clock times\n")
    missed: list[str] = []

    # 1. the bare app
    bare = []
    for _ in range(RUNS):
        gc.collect()
        bare.append(asyncio.run(_bare_once()))
    bare_s = _median(bare)
    bare_cold = [_child("--bare-child")["from_start_s"] for _ in range(COLD_RUNS)]
    print(
        f"1. bare app, first screen painted:          {_ms(bare_s):>8}  median of {RUNS} "
        f"(runs {_runs(bare)} ms)"
    )
    print(
        f"   from process start (python, imports, app): {_ms(_median(bare_cold))} median of "
        f"{COLD_RUNS} (the issue says about 250 ms)"
    )

    # 2. teamboard's first full render
    renders: list[FirstRender] = []
    for _ in range(RUNS):
        gc.collect()
        renders.append(asyncio.run(_teamboard_once(root, cast.me)))
    full_s = _median(r.full for r in renders)
    ratio = full_s / bare_s
    ok = ratio <= RATIO_TARGET
    missed += [] if ok else ["first render"]
    print(
        f"2. teamboard first full render:             {_ms(full_s):>8}  median of {RUNS} "
        f"= {ratio:.1f}x bare; target <= {RATIO_TARGET:.0f}x ({_ms(bare_s * RATIO_TARGET)})"
        f"  {_verdict(ok)}"
    )
    print(
        f"   runs {_runs([r.full for r in renders])} ms; medians: BoardScreen painted "
        f"('opening the board…') {_ms(_median(r.first_screen for r in renders))}, "
        f"LiveBoard.open (a full read) in the worker thread from "
        f"{_ms(_median(r.load_start for r in renders))} for "
        f"{_ms(_median(r.load_thread for r in renders))}, app.loaded seen "
        f"{_ms(_median(r.loaded for r in renders))}, the loaded board painted "
        f"{_ms(_median(r.full - r.loaded for r in renders))} after that"
    )

    # 5 runs its processes now too: their from-start times go with figure 2.
    peaks = [
        _child("--peak-child", "--board", str(root), "--me", cast.me) for _ in range(COLD_RUNS)
    ]
    cold_s = _median(p["from_start_s"] for p in peaks)
    cold_ratio = cold_s / _median(bare_cold)
    print(
        f"   from process start: {_ms(cold_s)} median of {COLD_RUNS} = {cold_ratio:.1f}x the "
        f"bare app's process ({_verdict(cold_ratio <= RATIO_TARGET)} against 4x, for context)"
    )

    # 2b. the same with this machine's cache of the folded board (kept at quit)
    with tempfile.TemporaryDirectory(prefix="teamboard-warm-cache-") as folder:
        cache = Path(folder)
        _keep_cache(root, cache)
        warm = []
        for _ in range(RUNS):
            gc.collect()
            warm.append(asyncio.run(_teamboard_once(root, cast.me, cache=cache)))
        warm_s = _median(r.full for r in warm)
        warm_children = [
            _child("--peak-child", "--board", str(root), "--me", cast.me, "--cache", str(cache))
            for _ in range(COLD_RUNS)
        ]
        warm_cold_s = _median(p["from_start_s"] for p in warm_children)
        # A colleague wrote since the last quit: the cache plus that one file.
        _append_confidence(root, cast.other, cast.other_card)
        changed = []
        for _ in range(RUNS):
            gc.collect()
            changed.append(asyncio.run(_teamboard_once(root, cast.me, cache=cache)))
        changed_s = _median(r.full for r in changed)
    ratio_warm = warm_s / bare_s
    print(
        f"2b. with this machine's cache (kept at quit): {_ms(warm_s):>6}  median of {RUNS} "
        f"= {ratio_warm:.1f}x bare  {_verdict(ratio_warm <= RATIO_TARGET)}; from process "
        f"start {_ms(warm_cold_s)} = {warm_cold_s / _median(bare_cold):.1f}x the bare "
        f"app's process"
    )
    print(
        f"    and after a colleague wrote since:      {_ms(changed_s):>6}  median of {RUNS} "
        f"= {changed_s / bare_s:.1f}x bare (the cache, plus that file read and applied)"
    )

    # 3. a card move
    gc.collect()
    moves = asyncio.run(_moves(root, cast.me, cast.my_card, MOVES, pilot_count=4))
    move_s = _median(moves.times)
    ok = move_s < MOVE_TARGET_S
    missed += [] if ok else ["card move"]
    print(
        f"3. card move saved and on screen:           {_ms(move_s):>8}  median of {MOVES}; "
        f"target < {_ms(MOVE_TARGET_S)}  {_verdict(ok)}"
    )
    print(
        f"   runs {_runs(moves.times)} ms; of which LiveBoard.perform (rules check + locked "
        f"atomic write with fsync) {_ms(_median(moves.perform[:MOVES]))} median"
    )
    print(
        f"   the Pilot way (press + pause()): {_ms(_median(moves.pilot))} median of "
        f"{len(moves.pilot)}; the same with a key bound to nothing: "
        f"{_ms(_median(moves.pilot_unbound))} (the harness's idle waits)"
    )

    # 4. a change by another process
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(root), cast.other, cast.other_card],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        gc.collect()
        changes = asyncio.run(_changes(root, cast.me, cast.other_card, CHANGES, child))
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=10)
    change_s = _median(changes.times)
    ok = change_s < CHANGE_TARGET_S
    missed += [] if ok else ["change by another process"]
    print(
        f"4. another process's change on screen:      {_ms(change_s):>8}  median of "
        f"{CHANGES}; target < {_ms(CHANGE_TARGET_S)}  {_verdict(ok)}"
    )
    print(
        f"   runs {_runs(changes.times)} ms; medians: the child's append "
        f"{_ms(_median(changes.writes))}, in app.state after {_ms(_median(changes.state))} "
        f"(the watcher called LiveBoard.refresh {_ms(_median(changes.noticed))} after the "
        f"write began; refresh took {_ms(_median(changes.refresh))})"
    )

    # 5. peak memory
    peak_mb = max(p["peak_mb"] for p in peaks)
    each = ", ".join(f"{p['peak_mb']:.0f}" for p in peaks)
    ok = peak_mb < MEMORY_TARGET_MB
    missed += [] if ok else ["peak memory"]
    print(
        f"5. peak memory, app to first full render:   {peak_mb:>5.0f} MB  the highest VmHWM "
        f"of {COLD_RUNS} fresh processes ({each})"
        f"; target < {MEMORY_TARGET_MB} MB  {_verdict(ok)}"
    )

    print(f"\nmissed: {', '.join(missed)}" if missed else "\nall targets met")
    if missed and not profile:
        print("run with --profile to see what dominates")
    if profile:
        if "first render" in missed:
            _profile_first_render(root, cast.me)
        if "card move" in missed:
            _profile_moves(root, cast.me, cast.my_card)
        if "peak memory" in missed:
            _profile_memory(root, cast.me)


if __name__ == "__main__":
    main()
