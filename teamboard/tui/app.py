"""The Textual app: owns the live board, performs actions, and follows others' changes.

Screens show `app.state` and ask the app to act (`app.perform`); only the app, through
LiveBoard and the store, writes to the board folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.driver import Driver
from textual.filter import LineFilter
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from teamboard.domain import actions
from teamboard.domain.actions import Action
from teamboard.domain.events import CLOCK_TOLERANCE, Event, utcnow
from teamboard.domain.state import BoardState, Refused
from teamboard.store import local
from teamboard.store.folder import BoardFolder, DamagedFile, StoreError, sync_at_work
from teamboard.store.gitstate import git_busy
from teamboard.store.live import FoldStopped, LiveBoard, Reading, Refresh
from teamboard.store.paths import default_cache_dir
from teamboard.store.reading import Fresh
from teamboard.store.seen import Lost
from teamboard.tui.messages import BoardChanged
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.terminal_input import use_paste_safe_parser
from teamboard.tui.widgets.contrast import ReadableText, readable_variables
from teamboard.views import standup
from teamboard.views.standup import Changes

# A board of this many events (or more) is folded again in another process: a fold in
# a thread holds the interpreter in stretches that grow with the board (the keys wait
# through them), well under 20 ms at this size and 50-100 ms at 80,000 events; a smaller
# board is folded sooner in a thread than another Python can start.
FOLD_ELSEWHERE_EVENTS = 10_000
# How often the app looks whether the board's git is done with a merge or a rebase.
HELD_POLL = 0.5

# Only what the board's first screen needs is imported with the app: the other sections,
# the help, the palette, exports and stories are imported when first used (a start takes
# a fifth of a second less): `import_section`, and imports inside the methods below.
SECTIONS: dict[str, tuple[str, str]] = {
    "board": ("teamboard.tui.screens.board", "BoardScreen"),
    "feed": ("teamboard.tui.screens.feed", "FeedScreen"),
    "team": ("teamboard.tui.screens.people", "PeopleScreen"),
    "insights": ("teamboard.tui.screens.insights", "InsightsScreen"),
}


LOADING_SHOWN_EVERY_S = 0.2  # how often a long first read says how far it has come


@dataclass(frozen=True)
class FirstCounts:
    """What the board's strip counts, worked out as the board loaded."""

    hour: datetime  # the hour they were counted in (what changed follows the hour)
    changes: Changes
    summary: standup.Summary


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def section_screen(mode: str) -> type[Screen[None]]:
    """The screen class of a section (one of the app's modes), imported now if need be."""
    module, name = SECTIONS[mode]
    screen: type[Screen[None]] = getattr(importlib.import_module(module), name)
    return screen


def _open_section(mode: str) -> Screen[None]:
    return section_screen(mode)()


def _palette() -> type[Provider]:
    from teamboard.tui.palette import TeamboardCommands

    return TeamboardCommands


if TYPE_CHECKING:
    from teamboard.tui.screens.common import BoardApp


class TeamboardApp(App[None]):
    CSS_PATH = "app.tcss"  # beside this module, in the source tree and the wheel alike
    TITLE = "teamboard"
    COMMANDS = App.COMMANDS | {_palette}
    # The sections, each a mode with its own stack of screens; the board is home.
    # Its screens are made once and kept: a section shows what it showed when left.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        "board": BoardScreen,
        **{mode: partial(_open_section, mode) for mode in SECTIONS if mode != "board"},
    }
    DEFAULT_MODE = "board"
    BINDINGS = [
        # Textual's own palette binding, with words for the help screen (the footer shows it
        # on the right, as Textual does).
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            show=False,
            priority=True,
            tooltip="the command palette: a person, an experiment, a section, theme, who am I",
        ),
        Binding("question_mark", "help", "Keys", key_display="?", tooltip="these keys"),
        Binding("q", "quit", "Quit", show=False, tooltip="quit"),
    ]

    def __init__(
        self,
        root: Path,
        me: str | None = None,
        *,
        watch: bool = True,
        clock: Callable[[], datetime] = utcnow,
        remember_file: Path | None = None,
        cache_dir: Path | None = None,
        ask_who: bool = False,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        cache_dir = cache_dir or default_cache_dir()
        self.live = LiveBoard(
            BoardFolder.open(root, remember_in=cache_dir), cache_dir=cache_dir, clock=clock
        )
        self._empty = BoardState(founder=self.live.board.meta.founder)
        self.requested_me = me
        self.me: str | None = None
        self.loaded = False
        self.watch_files = watch
        self.clock = clock
        self.remember_file = remember_file
        # One of many sessions on a machine that is not the person's own (teamboard serve):
        # ask who they are, neither use nor keep this machine's remembered choice, and keep
        # no theme for it either.
        self.ask_who = ask_who
        # Exports and stories are saved here: the folder teamboard was started in.
        self.export_dir = export_dir or _start_folder()
        self._refolding: set[Path] | None = None  # files changed while a refold runs
        self._held: set[Path] | None = None  # files changed while the board's git is busy
        self._said_busy = False
        self._refold_again = False  # a change needed another fold while one ran
        self._folded: Fresh | None = None  # the refold worker's board, until taken in
        self._warned_ahead = False
        self._theme_timer: Timer | None = None  # remembers the theme chosen last
        self._readable_text = ReadableText()
        self._board_version = 0  # counts the board's changes (see `changes`)
        self._changes: tuple[object, Changes] | None = None
        self._first_counts: FirstCounts | None = None  # the strip's, counted as it loaded
        # The theme chosen last time (teamboard.store.local), if it still exists; one set
        # after this (by whoever makes the app) wins.
        if (theme := local.remembered_theme()) in self.available_themes:
            self.theme = theme

    def get_driver_class(self) -> type[Driver]:
        # A bracketed paste must reach the app whole and in order (teamboard.tui.terminal_input).
        driver_class = super().get_driver_class()
        use_paste_safe_parser(driver_class)
        return driver_class

    # --- the board ----------------------------------------------------------------------

    @property
    def state(self) -> BoardState:
        # Until the loading thread is done, screens see an empty board, not the one it is
        # still changing.
        return self.live.state if self.loaded else self._empty

    def snapshot(self) -> BoardState:
        """The board as it is now, for a worker thread to read (LiveBoard.snapshot): the
        live state goes on changing here, on the app's thread. Never give a thread
        `state` itself."""
        return self.live.snapshot() if self.loaded else self._empty

    @property
    def board_name(self) -> str:
        return self.live.board.meta.name

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.watch(self, "app_focus", self._focus_came_back, init=False)
        self.load_board()

    def _focus_came_back(self, focus: bool) -> None:
        """Give a screen opened while the app had no focus its first widget to focus.

        In a browser (teamboard serve) the app starts without focus, so the question who
        you are opens unfocused; when the focus comes back, Textual gives it back only to
        a widget of an older screen, and the keys would reach no widget."""
        screen = self.screen
        if not focus or screen.focused is not None:
            return
        wanted = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if wanted:
            focusable = [w for w in screen.query(wanted) if w.focusable]
            if focusable:
                screen.set_focus(focusable[0])

    @work(thread=True, exclusive=True, group="load")
    def load_board(self) -> None:
        shown_at = [time.monotonic()]

        def told(done: int, total: int) -> None:
            # How far a read of every file has come, on the board, a few times a second.
            if time.monotonic() - shown_at[0] >= LOADING_SHOWN_EVERY_S:
                shown_at[0] = time.monotonic()
                with contextlib.suppress(RuntimeError):  # the app has ended meanwhile
                    self.call_from_thread(self._show_loading, done, total)

        self.live.open(told)
        # The strip's first numbers are counted here too, beside the screen, so that the
        # loaded board is painted with them (on a big board a count after the paint came
        # a second later). Nothing else reads the live state until `loaded` is set.
        first = self._count_first(self.live.state, self.clock())
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._board_loaded, first)

    def _show_loading(self, done: int, total: int) -> None:
        if not self.loaded and isinstance(self.screen, BoardScreen):
            self.screen.show_loading(f"{done} of {total} files read")

    def _count_first(self, state: BoardState, now: datetime) -> FirstCounts | None:
        changes = standup.changes_since(state, standup.since_last_standup(state, now))
        return FirstCounts(_hour(now), changes, standup.summary(state, now, changes))

    def _board_loaded(self, first: FirstCounts | None = None) -> None:
        self.loaded = True
        self._report_problems(self.live.problems)
        self._report_lost(self.live.lost.values())
        self._warn_if_ahead()
        if rejected := len(self.state.rejected):
            self.notify(
                f"{rejected} saved change(s) break the board's rules, are not signed by their "
                "log's key, or could not be read; they are left out. `teamboard check` names "
                "them.",
                title="Left out",
                severity="warning",
                markup=False,
                timeout=10,
            )
        # Who I am first, so that the screens are told once (a big board's refresh takes a
        # tenth of a second), then asked who I am if that is not known.
        wanted = self._wanted_identity()
        if wanted and wanted in self.state.members:
            self.me = wanted
            self._tell_requests_waiting()
        self.broadcast([], reloaded=True)
        if first is not None:  # what the screens will ask for, as they redraw
            self._changes = ((self._board_version, first.hour, True), first.changes)
            self._first_counts = first
        if self.me is None:
            self._ask_who(wanted)
        if self.watch_files:
            self.watch_board()

    def _report_problems(self, problems: Iterable[StoreError]) -> None:
        for problem in problems:
            damaged = isinstance(problem, DamagedFile)
            self.notify(
                f"{problem}. It is left untouched; the rest of the board is shown.",
                title="A file could not be read" if damaged else "Not a person's file",
                severity="error" if damaged else "warning",
                markup=False,
                timeout=20,
            )

    def _report_lost(self, lost: Iterable[Lost]) -> None:
        for each in lost:
            self.notify(
                f"{each}. `teamboard check` names it; the owner's next sync puts their "
                "own events back.",
                title="Events gone from a log",
                severity="warning",
                markup=False,
                timeout=20,
            )

    def changes(self) -> Changes:
        """What changed since the last stand-up: worked out once for each change of the
        board (the board's marks and strip, the feed's divider and the stand-up screen
        share it), and again when the hour turns (the 24 hours before the first stand-up
        move on)."""
        key = (self._board_version, _hour(self.clock()), self.loaded)
        if self._changes is None or self._changes[0] != key:
            state = self.state
            since = standup.since_last_standup(state, self.clock())
            self._changes = (key, standup.changes_since(state, since))
        return self._changes[1]

    def first_summary(self, changes: Changes) -> standup.Summary | None:
        first = self._first_counts
        return first.summary if first is not None and first.changes is changes else None

    def board_choice(self, name: str) -> str | None:
        """A choice made for this board on this machine (teamboard.store.local)."""
        return local.remembered_for_board(self.live.root, name)

    def remember_board_choice(self, name: str, value: str) -> None:
        """Keep a choice for this board on this machine (its column order...)."""
        try:
            local.remember_for_board(self.live.root, name, value)
        except OSError as error:
            self.notify(f"Not remembered for next time: {error}", severity="warning", markup=False)

    def broadcast(self, events: list[Event], reloaded: bool = False) -> None:
        """Tell every screen of every section opened so far."""
        self._board_version += 1
        for mode in self.MODES:
            try:
                stack = self.get_screen_stack(mode)
            except KeyError:
                continue  # not opened yet: it reads the state when it is
            for screen in stack:
                screen.post_message(BoardChanged(events, reloaded))

    # --- who am I -----------------------------------------------------------------------

    def _wanted_identity(self) -> str | None:
        """Who I said I am (--as), or the choice remembered for this board (not in a
        browser session: the computer is not the person's own)."""
        if self.ask_who:
            return self.requested_me
        return local.resolve_member(self.live.root, self.requested_me, self.remember_file)

    def _ask_who(self, suggested_id: str | None) -> None:
        from teamboard.tui.screens.identity import IdentityScreen

        screen = IdentityScreen(suggested_id=suggested_id, remembered=not self.ask_who)
        self.push_screen(screen, self._identity_chosen)

    def _identity_chosen(self, member_id: str | None) -> None:
        if member_id is None:
            self.notify(
                "You are looking on: choose who you are (palette: “Who am I”) to make changes.",
                markup=False,
            )
            return
        self.set_me(member_id, remember=not self.ask_who)

    def set_me(self, member_id: str, remember: bool) -> None:
        self.me = member_id
        if remember:
            local.remember_member(self.live.root, member_id, self.remember_file)
        self.broadcast([])
        self._tell_requests_waiting()

    def _tell_requests_waiting(self) -> None:
        """The requests to support a colleague's experiment that wait for my answer: they
        may have come while the app was closed."""
        from teamboard.views.notices import requests_waiting

        for notice in requests_waiting(self.me, self.state):
            self.notify(notice, title="Asked to support", markup=False, timeout=12)

    def action_who_am_i(self) -> None:
        self._ask_who(self.me)

    def action_standup(self) -> None:
        """Start the stand-up, or join the one running (the sections' `s`, the palette)."""
        from teamboard.tui.screens.standup import start_or_join

        start_or_join(self)

    def taken_ids(self) -> set[str]:
        """Member ids a newcomer cannot take: members, and anyone with a file already
        (their join may be unreadable to this version, or refused)."""
        return set(self.state.members) | {p.stem for p in self.live.board.person_files()}

    def join(self, member_id: str, name: str) -> Event:
        """Join the board as a new member (from the identity screen)."""
        if member_id in self.taken_ids():
            raise Refused(f"{member_id!r} is taken: the board has a file for it already")
        return self._write_as(member_id, actions.join(name))

    # --- acting -------------------------------------------------------------------------

    def try_perform(self, action: Action) -> Event:
        """Write one action of mine; raise Refused (a rule, or a failed write) for forms."""
        if not self.me:
            raise Refused("choose who you are first (press ctrl+p, then “Who am I”)")
        return self._write_as(self.me, action)

    def _write_as(self, member_id: str, action: Action) -> Event:
        """Write as this member through the board's one write path; a failed write reads
        as a refusal, one line, that says why."""
        try:
            performed = self.live.perform(member_id, action)
        except (StoreError, OSError) as error:
            raise Refused(f"not saved: {error}") from None
        self._took(performed.refresh, mine=performed.events)
        return performed.events[0]

    def cannot_write(self) -> str | None:
        """Why nothing of mine can be written now, if something stands in the way."""
        if not self.me:
            return "Choose who you are first (ctrl+p, then “Who am I”) to make changes."
        problem = self.live.file_problems.get(self.live.board.person_file(self.me))
        if problem is not None:
            return f"{problem}. Nothing can be written until it is repaired ('teamboard check')."
        return None

    def perform(self, action: Action) -> Event | None:
        """Write one action of mine; a refusal becomes a notice that says why."""
        try:
            return self.try_perform(action)
        except Refused as refusal:
            self.notify(str(refusal), title="Not done", severity="warning", markup=False)
        return None

    # --- saving exports and stories (never into the board) ---------------------------------

    def action_export(self, format_name: str) -> None:
        """Save the board in one format as a new file in the export folder; say where.

        Made in a thread from its own reading of the board folder (the state on screen
        changes as colleagues write): on a big board an export takes seconds, and the
        keys keep answering meanwhile."""

        def in_thread() -> None:
            self.call_from_thread(self._notify_export, *self._export(format_name))

        self.run_worker(in_thread, thread=True, group="export", description="export")

    def _export(self, format_name: str) -> tuple[str, bool]:
        """(What was saved where, or why not; whether it was saved)."""
        from teamboard.exchange.export import export_board
        from teamboard.exchange.saving import SaveError, dated_stem, save_new

        now = self.clock()
        try:
            state = self.live.board.load().state
            exported = export_board(
                state, format_name, self.board_name, now, stored=self.live.board.raw_events()
            )
            path = save_new(
                self.export_dir,
                dated_stem(self.board_name, now),
                exported.format.suffix,
                exported.text.encode("utf-8"),
            )
        except (SaveError, StoreError, Refused, OSError) as error:
            return self._not_saved(error), False
        return f"Saved {exported.what} to {path}", True

    def _not_saved(self, error: Exception) -> str:
        from teamboard.exchange.saving import InsideBoard

        if isinstance(error, InsideBoard):
            # The export folder is the one the app was started in.
            return (
                f"Nothing was saved: {error.path} is inside the board folder {error.board}, "
                "and exports are never written into a board. The app saves them in the "
                "folder it was started in: start it from a folder outside the board."
            )
        return str(error)

    def _notify_export(self, message: str, saved: bool) -> None:
        if saved:
            self.notify(message, title="Exported", markup=False, timeout=20)
        else:
            self.notify(message, title="Not exported", severity="warning", markup=False)

    def save_story(self, experiment_id: str) -> Path | None:
        """Save an experiment's success story as a new Markdown file; say where."""
        from teamboard.exchange.saving import SaveError, save_new, slug
        from teamboard.exchange.story import success_story

        experiment = self.state.experiments.get(experiment_id)
        try:
            if experiment is None:
                raise Refused("that experiment is no longer on the board")
            text = success_story(self.state, experiment)
            stem = f"story-{slug(experiment.title, 'experiment')}"
            path = save_new(self.export_dir, stem, ".md", text.encode("utf-8"))
        except (SaveError, Refused) as error:
            self.notify(
                self._not_saved(error), title="No story saved", severity="warning", markup=False
            )
            return None
        self.notify(
            f"Saved the success story to {path}", title="Success story", markup=False, timeout=20
        )
        return path

    # --- others' changes ----------------------------------------------------------------

    @work(exclusive=True, group="watch")
    async def watch_board(self) -> None:
        from watchfiles import awatch

        people = self.live.board.people_dir
        try:
            people.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # not a folder: the load reported it (BoardFolder.scan)
        if people.is_symlink() or not people.is_dir():
            return
        # The folder, not the files: an atomic replace would end a watch on a file.
        async for changes in awatch(people, debounce=200, step=20, recursive=False):
            paths = {
                Path(path)
                for _, path in changes
                if path.endswith(".json") and not Path(path).name.startswith(".")
            }
            if paths:
                # Read (and validate) the files in a thread: a pull may change them all.
                reading = await asyncio.to_thread(self.live.read, paths)
                self.take_reading(paths, reading)

    def take_changes(self, paths: Iterable[Path]) -> Refresh:
        """Others' changes, read here and taken in (the watcher reads in a thread)."""
        paths = set(paths)
        return self.take_reading(paths, self.live.read(paths))

    def take_reading(self, paths: set[Path], reading: Reading) -> Refresh:
        """Appended events go on top at once; a change that needs the whole board folded
        again is folded in a worker thread, with the keys answering."""
        if self._hold_while_git_busy(paths):
            return Refresh()
        if self._refolding is not None:
            self._refolding |= paths
        result = self.live.take(reading, refold=False)
        if result.needs_refold:
            self.start_refold()
        self._took(result)
        return result

    def _hold_while_git_busy(self, paths: set[Path]) -> bool:
        """While the board's git is in the middle of a merge or a rebase, its files are
        what git left (conflict markers, a half-replayed history): the board stays as it
        was, and says why, until git is done; then the files changed meanwhile are read."""
        if self._held is not None:
            self._held |= paths
            return True
        if git_busy(self.live.root) is None:
            return False
        self._held = set(paths)
        self._said_busy = False
        self._git_done()
        return True

    def _git_done(self) -> None:
        busy = git_busy(self.live.root)
        if busy is None:
            held, self._held = self._held or set(), None
            self.take_changes(held)
            return
        # A sync rebasing holds the board's lock: that one is not stopped, it is at work.
        if not self._said_busy and not sync_at_work(self.live.root):
            self._said_busy = True
            self.notify(
                f"{busy[:1].upper()}{busy[1:]}. The board shows what it showed before until "
                "git is done.",
                title="Waiting for git",
                severity="warning",
                markup=False,
                timeout=20,
            )
        self.set_timer(HELD_POLL, self._git_done)

    def _took(self, result: Refresh, mine: list[Event] | None = None) -> None:
        self._report_problems(result.problems)
        self._report_lost(result.lost)
        if result.changed or mine:
            self.broadcast([*result.events, *(mine or [])], reloaded=result.refolded)
            from teamboard.views.notices import notices_for

            for notice in notices_for(self.me, result.events, self.state):
                self.notify(notice, title="On the board", markup=False, timeout=8)
            self._warn_if_ahead()  # a colleague's clock ahead shows with their change

    def start_refold(self) -> None:
        """Fold the whole board again in a worker. One fold at a time: a change that
        needs another while one runs starts one more when it ends (a thread cannot be
        stopped, and a fold per change would pile up threads and memory)."""
        if self._refolding is not None:
            self._refold_again = True
            return
        # The files that change while the worker reads are taken in again afterwards:
        # the worker may have read them before they changed.
        self._refolding = set()
        elsewhere = len(self.live.state.event_ids) >= FOLD_ELSEWHERE_EVENTS
        self.run_worker(
            partial(self._fold_board, elsewhere), thread=True, group="refold", description="refold"
        )

    def _fold_board(self, elsewhere: bool) -> None:
        """In the worker thread: the board folded, in another process if it is big (so
        that the keys keep answering), left for the app until the worker has ended
        (`on_worker_state_changed`)."""
        live = self.live
        with contextlib.suppress(FoldStopped):  # the app is quitting
            self._folded = live.read_all_elsewhere() if elsewhere else live.read_all()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        done = event.state is WorkerState.SUCCESS and self._folded is not None
        if done and worker.node is self and worker.group == "refold":
            fresh, self._folded = self._folded, None
            assert fresh is not None
            self._refolded(fresh)

    def _refolded(self, fresh: Fresh) -> None:
        old = self.live.state
        # Described in words: Textual would describe the worker by the repr of its
        # arguments, and the repr of a big board takes longer than freeing it.
        self.run_worker(lambda: _let_go(old), thread=True, group="let-go", description="let go")
        self.live.install(fresh)
        changed, self._refolding = self._refolding or set(), None
        if self._refold_again:
            self._refold_again = False
            self.start_refold()  # it reads every file again, the changed ones too
            self.broadcast([], reloaded=True)
            return
        if self.me:
            changed.add(self.live.board.person_file(self.me))  # my own writes meanwhile
        caught_up = self.live.refresh(changed, refold=False)
        if caught_up.needs_refold:
            self.start_refold()
        self._report_problems(caught_up.problems)
        self.broadcast(caught_up.events, reloaded=True)
        self._warn_if_ahead()

    def _warn_if_ahead(self) -> None:
        """Say once if the board holds changes dated ahead of this computer's clock, and
        whose is the newest (at loading, after a fold, or as a colleague's change comes in)."""
        last = self.live.state.last_key
        if self._warned_ahead or last is None or last[0] <= self.clock() + CLOCK_TOLERANCE:
            return
        self._warned_ahead = True
        who = self.live.state.name_of(last[1])
        self.notify(
            f"This board holds changes dated ahead of this computer's clock, the newest by "
            f"{who} at {last[0]:%Y-%m-%d %H:%M} (UTC): is a clock wrong? Until their author "
            "writes again, each change here is checked against the whole board, which takes "
            "longer, and one that would count before them is refused. 'teamboard check' "
            "names them all.",
            title="A clock is ahead",
            severity="warning",
            markup=False,
            timeout=20,
        )

    def on_unmount(self) -> None:
        self.live.stop_folding_elsewhere()  # a refold running: no need to wait for it
        if self._theme_timer is not None:  # a theme chosen just before quitting
            self._remember_theme()
        # Loading froze the board's objects out of the collector's sight (see
        # board.paused_gc); hand them back, so that whatever runs after the app in this
        # process (tests, the benchmark) can free the app's own reference cycles.
        gc.unfreeze()

    async def action_quit(self) -> None:
        # Keep the folded board on this machine: the next start reads only what changed.
        if self.loaded:
            # No cache is no harm: the board is read in full next time.
            with contextlib.suppress(OSError):
                self.live.save_cache()
        self.exit()

    # --- sections (b, f, t: `app.switch_mode`) -------------------------------------------

    async def action_on_board(self, action: str = "", *params: object) -> None:
        """Go to the board, closing what was opened over it, then run one of the board's
        own actions (the palette's commands, the team's "their experiments"). Its rules
        apply as to its keys: an action they refuse there says why."""
        await self.switch_mode("board")
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        board = self.screen
        if action and not await self.run_action(("", action, params), board):
            await self.run_action(("", "why_not", (action,)), board)

    # --- the theme ----------------------------------------------------------------------

    def get_css_variables(self) -> dict[str, str]:
        # Every theme's text colours readable on its own backgrounds (footer keys, cursor
        # text): teamboard.tui.widgets.contrast.
        return readable_variables(super().get_css_variables())

    def get_line_filters(self) -> Sequence[LineFilter]:
        # And every piece of text readable on the background it is drawn on, in true
        # colour and in 256 colours, whatever the theme (teamboard.tui.widgets.contrast).
        return [*super().get_line_filters(), self._readable_text]

    def _theme_changed(self, theme: Theme) -> None:
        """Remember each theme chosen, for the next start. Written a moment after the last
        change: the palette's list of themes changes the theme on every move through it.
        A browser session (ask_who) keeps its theme to itself: the computer is not its own."""
        if self.ask_who:
            return
        if self._theme_timer is not None:
            self._theme_timer.stop()
        self._theme_timer = self.set_timer(0.5, self._remember_theme)

    def _remember_theme(self) -> None:
        self._theme_timer = None
        try:
            local.remember_theme(self.theme)
        except OSError as error:
            self.notify(
                f"The theme is not remembered for next time: {error}",
                severity="warning",
                markup=False,
            )

    # --- help ---------------------------------------------------------------------------

    def action_help(self) -> None:
        from teamboard.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands, with our keys and card marks as "Keys" (Textual's key
        panel shows only the keys of the focused screen, without what they mean)."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                command = SystemCommand(
                    "Keys", "Every key, and what the marks on a card mean", self.action_help
                )
            yield command


def _start_folder() -> Path:
    from teamboard.exchange.saving import start_folder

    return start_folder()


def _let_go(old: BoardState) -> None:
    """Free a replaced board a little at a time, away from the UI thread: freeing 10,000
    experiments at once holds the interpreter for 30-50 ms, long enough to make a key
    wait. The screens drop their references to it first."""
    time.sleep(1.0)
    experiments = old.experiments
    while experiments:
        for _ in range(min(200, len(experiments))):
            experiments.popitem()
        time.sleep(0)  # let the UI thread in between


if TYPE_CHECKING:
    # The screens see the app as a BoardApp (teamboard.tui.screens.common): the type checker
    # holds TeamboardApp to it here.
    _SCREENS_SEE: type[BoardApp] = TeamboardApp
