"""Shared helpers for the Pilot tests: a demo board at a fixed time, waiting without
sleeping longer than needed, and reading what the screen and the disk hold."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from boards import new_board, write_events
from keys import send_keys
from textual.pilot import Pilot
from textual.widgets import OptionList, Select

from teamboard.domain.events import Stage
from teamboard.domain.fold import ordered
from teamboard.domain.state import Experiment
from teamboard.store.folder import BoardFolder
from teamboard.tui.app import TeamboardApp
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.forms.base import FormScreen
from teamboard.tui.widgets.card_column import SELECTED_MARK, CardColumn

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
BIG = (120, 40)
SMALL = (80, 24)


def clock() -> datetime:
    return NOW


def make_app(root: Path, me: str | None = "maria", **kwargs) -> TeamboardApp:
    """The app on `root` at the fixed clock, without the watcher (unless asked) and without
    animations, as the snapshots run it: a scroll or a tab's underline is where it ends at
    once, so a test reads the screen as it settles rather than part way through."""
    kwargs.setdefault("watch", False)
    kwargs.setdefault("clock", clock)
    app = TeamboardApp(root, me, **kwargs)
    app.animation_level = "none"
    return app


async def wait_until(
    pilot: Pilot, predicate: Callable[[], object], timeout: float = 5.0, what: str = ""
) -> None:
    """Let the app run until `predicate()` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
        await pilot.pause(0.01)


async def wait_loaded(pilot: Pilot) -> None:
    """Wait for the board to load and its screen to show it."""
    app = pilot.app
    await wait_until(pilot, lambda: app.loaded, what="the board to load")
    await pilot.pause()
    await pilot.pause()


def board_screen(app: TeamboardApp) -> BoardScreen:
    """The board: the bottom of the board section's stack (whichever section is shown)."""
    home = app.get_screen_stack("board")[0]
    assert isinstance(home, BoardScreen), home
    return home


def column(app: TeamboardApp, stage: Stage) -> CardColumn:
    return board_screen(app).query_one(f"#column-{stage.value}", CardColumn)


def titles(app: TeamboardApp, stage: Stage) -> list[str]:
    return [e.title for e in column(app, stage).experiments]


def shown_ids(app: TeamboardApp) -> set[str]:
    return {e.id for c in board_screen(app).columns for e in c.experiments}


def column_text(col: CardColumn) -> str:
    """What the column draws on screen, line by line (the selected card's mark at the left
    edge drawn as the space it takes the place of)."""
    return "\n".join(
        col.render_line(y).text.replace(SELECTED_MARK, " ", 1) for y in range(col.size.height)
    )


def screen_text(app: TeamboardApp) -> str:
    """Everything the current screen shows, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def notices(app: TeamboardApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def by_title(root: Path, title: str) -> Experiment:
    state = BoardFolder.open(root).load().state
    (found,) = [e for e in state.experiments.values() if e.title == title]
    return found


def on_disk(root: Path):
    """The board as another process would read it now."""
    return BoardFolder.open(root).load().state


def file_bytes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "people").glob("*.json"))}


def events_on_disk(root: Path) -> list:
    """Every valid event in the board folder, in the order the fold applies them."""
    board = BoardFolder.open(root)
    people = [board.read_person(path) for path in board.person_files()]
    assert all(p.raw is None for p in people), "a file was read strictly: something is odd"
    return [e for _, e in ordered(e for p in people for e in p.events)]


async def open_experiment(pilot: Pilot, experiment_id: str) -> ExperimentScreen:
    """Open an experiment's screen and wait until it shows."""
    screen = ExperimentScreen(experiment_id)
    pilot.app.push_screen(screen)
    await wait_until(pilot, lambda: pilot.app.screen is screen and screen.is_mounted)
    await pilot.pause()
    return screen


def small_board(root: Path) -> BoardFolder:
    """Ann (the founder, a manager) and Ben (an employee); Ann has one experiment
    without a confidence rating, in Goal."""
    day = timedelta(days=1)
    board = new_board(root, "Small Team", "ann", "Ann Archer", at=NOW - 3 * day)
    write_events(board, "ben", {"type": "member_joined", "name": "Ben Baker"}, at=NOW - 2 * day)
    write_events(
        board,
        "ann",
        {"type": "experiment_created", "experiment_id": "ann-1", "title": "Listen first"},
        at=NOW - day,
    )
    return board


async def type_into(pilot, form: FormScreen, field: str, text: str) -> None:
    form.widget(field).focus()
    await pilot.pause()
    await send_keys(pilot, *text)


async def open_filter_box(pilot: Pilot) -> None:
    """`/` on the board, and wait until its filter box has the focus: keys typed before
    then would go to the board."""
    await send_keys(pilot, "slash")
    box = board_screen(pilot.app).query_one("#filter-input")
    await wait_until(pilot, lambda: box.has_focus, what="the filter box to have the focus")


async def choose(pilot, form: FormScreen, field: str, label_start: str) -> None:
    """Open a Select with the keyboard and pick the option whose label starts so."""
    select = form.widget(field)
    assert isinstance(select, Select)
    select.focus()
    await send_keys(pilot, "enter")
    await wait_until(pilot, lambda: select.expanded)
    overlay = select.query_one("SelectOverlay", OptionList)
    for _ in range(overlay.option_count + 1):
        index = overlay.highlighted
        if index is not None and str(overlay.get_option_at_index(index).prompt).startswith(
            label_start
        ):
            break
        await send_keys(pilot, "down")
    else:
        raise AssertionError(f"no option {label_start!r} in {field}")
    await send_keys(pilot, "enter")
    await wait_until(pilot, lambda: not select.expanded)
    await pilot.pause()


# --- waiting for the file watcher and for notices -----------------------------------------

WATCH_PROBE = "Watch-probe.json"  # not a member id: no board reads it


async def wait_watching(pilot: Pilot, timeout: float = 10.0) -> None:
    """Wait until the app's file watcher hands changes in people/ to the board.

    A probe file is written there (again, every half second, in case the watcher was not
    yet watching) until the watcher passes it to the board to read; then it is removed.
    Its name is not a member id, so the board reads nothing from it."""
    live = pilot.app.live
    probe = live.board.people_dir / WATCH_PROBE
    seen: list[bool] = []
    read = live.read

    def spied(paths):
        paths = set(paths)
        if any(Path(p).name == WATCH_PROBE for p in paths):
            seen.append(True)
        return read(paths)

    live.read = spied
    try:
        deadline = time.monotonic() + timeout
        for n in itertools.count():
            probe.write_text(str(n), encoding="utf-8")
            again = time.monotonic() + 0.5
            while not seen and time.monotonic() < min(again, deadline):
                await pilot.pause(0.01)
            if seen:
                break
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for the file watcher to report "
                    f"{probe} (written {n + 1} times)"
                )
    finally:
        del live.read  # the board's own method again
        probe.unlink(missing_ok=True)


async def settled_notices(pilot: Pilot) -> list[str]:
    """The notices shown once every notice asked for so far is shown: a notice is a message
    to the app, shown when the app takes it in, so one asked for a moment ago may not
    show yet. A marker notice is asked for, and waited for: those before it are shown by
    then. The marker is left out (and taken away)."""
    app = pilot.app
    marker = f"settled-{time.monotonic_ns()}"
    app.notify(marker, timeout=60)
    await wait_until(pilot, lambda: marker in notices(app), what="a marker notice to show")
    for notification in list(app._notifications):
        if str(notification.message) == marker:
            app._unnotify(notification)
    return [n for n in notices(app) if n != marker]
