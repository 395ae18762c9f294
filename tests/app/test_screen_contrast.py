"""Every screen reads in every built-in theme, in true colour and in 256 colours.

Each screen is opened on the demo board (with a few corrections added, so that taken-back
entries, a revised and an unfinished reflection and a withdrawn experiment show), drawn
headless in each theme (a test for each scene and theme), and every piece of text on it is
measured against the background it is drawn on (tests/app/wcag.py): WCAG AA, 4.5, for all
of it. Bold text gets no allowance: WCAG's lower 3:1 for "large" text is about size (14pt
bold and up), and bold text in a terminal is the size of any other. Lines, borders, scroll
bars and the selected card's bar (box-drawing and block characters) are not text and are
left out.

The ANSI themes draw in the terminal's own palette, which cannot be measured: left out,
as the board's test does. On a modal screen only the dialog is measured: the screen
behind it is faded on purpose.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import boards
import pytest
import pytest_asyncio
from rich.segment import Segment
from textual.app import App
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Collapsible, Input, TabbedContent, TextArea
from wcag import SYSTEMS, TEXT, contrast, drawn_colors, measurable

from teamboard.domain import actions
from teamboard.domain.events import EntryKind
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.tui.app import TeamboardApp
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.experiment import PANES, ExperimentScreen
from teamboard.tui.screens.feed import FeedScreen
from teamboard.tui.screens.forms.entries import CheckInForm
from teamboard.tui.screens.forms.experiment import ExperimentForm
from teamboard.tui.screens.forms.people import AskHelpForm, PraiseForm
from teamboard.tui.screens.help import HelpScreen
from teamboard.tui.screens.identity import IdentityScreen
from teamboard.tui.screens.insights import InsightsScreen
from teamboard.tui.screens.people import PeopleScreen
from teamboard.tui.screens.pickers import MemberPicker
from teamboard.tui.screens.standup import LeaveStandupScreen, StandupScreen

from .helpers import BIG, NOW, make_app, send_keys, wait_loaded, wait_until

FEEDBACK = "Giving feedback that lands"  # Maria's, in Success: something on every tab
SAYING_NO = "Saying no to roadmap requests"  # Maria's, withdrawn here
SQL = "SQL window functions"  # Ömer's: a check-in due, needs attention
HELP_CENTER = "Writing help-center articles"  # Priya's: nobody supports it


def _id(root: Path, title: str) -> str:
    state = BoardFolder.open(root).load().state
    (found,) = [e.id for e in state.experiments.values() if e.title.startswith(title)]
    return found


def with_corrections(demo: Path, cache: Path) -> Path:
    """The demo board with corrections: a practice entry, a support note and praise taken
    back, a reflection revised, one left unfinished, an experiment withdrawn."""
    live = LiveBoard(
        BoardFolder.open(demo),
        cache_dir=cache,
        clock=lambda: NOW - timedelta(minutes=5),
    )
    live.open()
    state = live.state
    feedback = state.experiments[_id(demo, FEEDBACK)]
    live.perform(
        "maria",
        actions.take_back(
            EntryKind.PRACTICE,
            feedback.practice[0].id,
            experiment_id=feedback.id,
            reason="logged twice",
        ),
    )
    note = feedback.support_notes[0]
    live.perform(
        note.author,
        actions.take_back(EntryKind.NOTE, note.id, experiment_id=feedback.id, reason="wrong one"),
    )
    # (The written event's id: the write path binds a new id to its author.)
    (praise,) = live.perform(
        "kwame", actions.praise("maria", "Well done", experiment_id=feedback.id)
    ).events
    live.perform(
        "kwame",
        actions.take_back(EntryKind.PRAISE, str(praise["praise_id"]), experiment_id=feedback.id),
    )
    old = feedback.reflections[0]
    live.perform(
        "maria",
        actions.reflect(
            feedback.id,
            wanted=old.wanted,
            did=old.did,
            effect=old.effect,
            next_time=old.next_time + " And ask first.",
            revising=old.id,
        ),
    )
    live.perform("maria", actions.reflect(feedback.id, wanted="To ask before I answer."))
    live.perform("maria", actions.withdraw(_id(demo, SAYING_NO), "a test entry"))
    return demo


# --- what is measured -----------------------------------------------------------------------


def is_text(segment: Segment) -> bool:
    """Letters, digits, marks: anything but spaces, lines and blocks (U+2500 to U+259F)."""
    return any(not ch.isspace() and not 0x2500 <= ord(ch) <= 0x259F for ch in segment.text)


@dataclass(order=True)
class Problem:
    ratio: float
    theme: str = field(compare=False)
    view: str = field(compare=False)
    system: str = field(compare=False)
    text: str = field(compare=False)
    colors: str = field(compare=False)

    def __str__(self) -> str:
        return (
            f"{self.view}, {self.theme}, {self.system}: {self.text!r} "
            f"{self.ratio:.1f} ({self.colors})"
        )


def measured_region(app: TeamboardApp) -> Region:
    """The whole screen, or on a modal screen its dialog."""
    screen = app.screen
    if isinstance(screen, ModalScreen):
        return screen.children[0].region
    return Region(0, 0, *app.size)


def problems_on_screen(app: TeamboardApp, view: str) -> list[Problem]:
    found: list[Problem] = []
    region = measured_region(app)
    strips = app.screen._compositor.render_strips()
    for y in range(region.y, region.bottom):
        for segment in strips[y].crop(region.x, region.right):
            if not is_text(segment):
                continue
            if not measurable(segment):
                style = segment.style
                if style is None or style.color is None or style.bgcolor is None:
                    found.append(Problem(0.0, app.theme, view, "-", segment.text, "no colour"))
                continue
            for system_name, system in SYSTEMS.items():
                ratio = contrast(segment, system)
                if ratio < TEXT:
                    color, background = drawn_colors(segment)
                    colors = f"{color.triplet.hex if color.triplet else color.name} on " + (
                        background.triplet.hex if background.triplet else background.name
                    )
                    found.append(
                        Problem(ratio, app.theme, view, system_name, segment.text.strip(), colors)
                    )
    return found


def report(problems: list[Problem]) -> str:
    """The worst few per view and theme (the same text once, at its worst)."""
    worst: dict[tuple[str, str], dict[str, Problem]] = {}
    for problem in sorted(problems):
        texts = worst.setdefault((problem.view, problem.theme), {})
        texts.setdefault(problem.text, problem)
    lines = [f"{len(problems)} pieces of text below {TEXT}:"]
    for (_view, _theme), texts in sorted(worst.items()):
        shown = sorted(texts.values())[:4]
        lines += [f"  {p}" for p in shown]
        if len(texts) > len(shown):
            lines.append(f"    … and {len(texts) - len(shown)} more")
    return "\n".join(lines)


# --- the screens ---------------------------------------------------------------------------


View = Callable[[Pilot], Awaitable[None]]


@dataclass
class Scene:
    open: Callable[[Pilot, Path], Awaitable[None]]
    views: dict[str, View]
    me: str = "maria"


async def _push(pilot: Pilot, screen: Screen) -> None:
    pilot.app.push_screen(screen)
    await wait_until(pilot, lambda: pilot.app.screen is screen, what=f"{screen!r}")
    await pilot.pause()


def _experiment(title: str) -> Callable[[Pilot, Path], Awaitable[None]]:
    async def open_it(pilot: Pilot, root: Path) -> None:
        await _push(pilot, ExperimentScreen(_id(root, title)))

    return open_it


def _tab(pane: str) -> View:
    async def show(pilot: Pilot) -> None:
        pilot.app.screen.query_one(TabbedContent).active = f"tab-{pane}"
        await pilot.pause()

    return show


async def _as_it_is(pilot: Pilot) -> None:
    await pilot.pause()


async def _keys(pilot: Pilot, *keys: str) -> None:
    await send_keys(pilot, *keys)
    await pilot.pause()


def _section(key: str, screen_type: type[Screen]) -> Callable[[Pilot, Path], Awaitable[None]]:
    async def open_it(pilot: Pilot, root: Path) -> None:
        await send_keys(pilot, key)
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_type))
        await pilot.pause()

    return open_it


async def _help(pilot: Pilot, root: Path) -> None:
    await _push(pilot, HelpScreen())


def _help_page(page: int) -> View:
    """The help scrolled down `page` screenfuls (the last one shows its end)."""

    async def show(pilot: Pilot) -> None:
        scroll = pilot.app.screen.query_one(VerticalScroll)
        scroll.scroll_to(y=page * scroll.scrollable_content_region.height, animate=False)
        await pilot.pause()

    return show


async def _form_with_an_error(pilot: Pilot, root: Path) -> None:
    form = ExperimentForm()
    await _push(pilot, form)
    await send_keys(pilot, "ctrl+s")
    await wait_until(pilot, lambda: form.query(".field-error.shown"), what="the error")
    for widget in form.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    await pilot.pause()


async def _check_in_form(pilot: Pilot, root: Path) -> None:
    state = BoardFolder.open(root).load().state
    await _push(pilot, CheckInForm(state.experiments[_id(root, SQL)]))


async def _praise_form(pilot: Pilot, root: Path) -> None:
    state = BoardFolder.open(root).load().state
    await _push(pilot, PraiseForm(experiment=state.experiments[_id(root, SQL)]))


async def _identity(pilot: Pilot, root: Path) -> None:
    await _push(pilot, IdentityScreen(suggested_id="kwame"))


async def _joining_with_errors(pilot: Pilot, root: Path) -> None:
    screen = IdentityScreen(suggested_id="Not An Id")
    await _push(pilot, screen)
    await send_keys(pilot, "enter")
    await wait_until(pilot, lambda: screen.query(".field-error.shown"), what="the errors")
    for widget in screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


async def _insights(pilot: Pilot, root: Path) -> None:
    await _section("i", InsightsScreen)(pilot, root)
    screen = pilot.app.screen
    assert isinstance(screen, InsightsScreen)
    await wait_until(pilot, lambda: screen.shown is not None)
    await pilot.pause()


def _lever_open(n: int) -> Callable[[Pilot], Awaitable[None]]:
    """One lever open (its text, chart and list), the others closed."""

    async def show(pilot: Pilot) -> None:
        for collapsible in pilot.app.screen.query(Collapsible):
            collapsible.collapsed = collapsible.id != f"lever-{n}"
        await pilot.pause()
        await pilot.pause()

    return show


async def _member_picker(pilot: Pilot, root: Path) -> None:
    await _push(pilot, MemberPicker("kwame"))


async def _standup(pilot: Pilot, root: Path) -> None:
    await send_keys(pilot, "s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, StandupScreen), what="stand-up")
    await pilot.pause()


async def _leaving_the_standup(pilot: Pilot, root: Path) -> None:
    await _standup(pilot, root)
    await send_keys(pilot, "escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LeaveStandupScreen))
    await pilot.pause()


async def _ask_help_with_an_error(pilot: Pilot, root: Path) -> None:
    state = BoardFolder.open(root).load().state
    form = AskHelpForm(state.experiments[_id(root, FEEDBACK)])
    await _push(pilot, form)
    await send_keys(pilot, "ctrl+s")
    await wait_until(pilot, lambda: form.query(".field-error.shown"), what="the error")
    for widget in form.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


async def _board(pilot: Pilot, root: Path) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BoardScreen))


async def _presenter(pilot: Pilot, root: Path) -> None:
    await _board(pilot, root)
    await _keys(pilot, "v")


async def _activity(pilot: Pilot, root: Path) -> None:
    await _section("f", FeedScreen)(pilot, root)
    await _keys(pilot, "l")


SCENES = {
    "board": Scene(_board, {"board": _as_it_is}),
    "board, presenter view": Scene(_presenter, {"board, presenter": _as_it_is}),
    "experiment": Scene(
        _experiment(FEEDBACK), {f"experiment, {pane}": _tab(pane) for pane in PANES}
    ),
    "experiment needing attention": Scene(
        _experiment(SQL), {"experiment, check-ins due": _tab("check-ins")}
    ),
    "experiment without support": Scene(
        _experiment(HELP_CENTER),
        {"experiment, no support": _tab("support"), "experiment, no practice": _tab("practice")},
    ),
    "withdrawn experiment": Scene(_experiment(SAYING_NO), {"withdrawn, plan": _tab("plan")}),
    "feed": Scene(_section("f", FeedScreen), {"feed": _as_it_is}),
    "feed, all activity": Scene(_activity, {"all activity": _as_it_is}),
    "team": Scene(
        _section("t", PeopleScreen),
        {"team": _as_it_is, "team, check-ins due": lambda pilot: _keys(pilot, "d")},
    ),
    "insights": Scene(
        _insights,
        {
            "insights": _as_it_is,
            "insights, practice": _lever_open(4),
            "insights, results": _lever_open(5),
            "insights, colleagues": _lever_open(7),
        },
    ),
    "help": Scene(_help, {f"help, page {page + 1}": _help_page(page) for page in range(4)}),
    "form with an error": Scene(_form_with_an_error, {"new experiment, error": _as_it_is}),
    "check-in form": Scene(_check_in_form, {"check-in form": _as_it_is}),
    "praise form": Scene(_praise_form, {"praise form": _as_it_is}),
    "identity picker": Scene(_identity, {"who are you": _as_it_is}),
    "joining": Scene(_joining_with_errors, {"joining, errors": _as_it_is}),
    "member picker": Scene(_member_picker, {"member picker": _as_it_is}),
    "stand-up": Scene(
        _standup,
        {
            # The first person in the first theme, then back from the wins to the last.
            "stand-up, a person": lambda pilot: _keys(pilot, "left"),
            "stand-up, wins": lambda pilot: _keys(pilot, "e"),
        },
    ),
    "leaving the stand-up": Scene(_leaving_the_standup, {"leave the stand-up?": _as_it_is}),
    "ask for help, error": Scene(_ask_help_with_an_error, {"ask for help, error": _as_it_is}),
}


# Every theme for the sections and the experiment's first tab; for the rest, the light
# themes and the dark ones whose muted text came out faintest before `ReadableText`: every
# theme for every view costs two minutes of CI, and the filter is one rule for all of them
# (tests/unit/test_contrast.py checks it on any colours).
EVERY_THEME = {"feed", "team", "experiment needing attention", "withdrawn experiment"}
THEMES = [
    "textual-light",
    "catppuccin-latte",
    "solarized-light",
    "textual-dark",
    "nord",
    "gruvbox",
    "tokyo-night",
]


def _measured_themes() -> list[str]:
    """Textual's built-in themes with colours of their own (not the terminal's palette)."""
    app = App()
    return sorted(name for name in app.available_themes if not app.get_theme(name).ansi)


ALL_THEMES = _measured_themes()
PAIRS = [
    pytest.param(scene, theme, id=f"{scene}, {theme}")
    for scene in SCENES
    for theme in (ALL_THEMES if scene in EVERY_THEME else THEMES)
]


# --- one app per scene, kept open for that scene's themes ----------------------------------
#
# A test for each scene and theme, so that the workers share the matrix out; but starting
# the app, loading the board and opening the scene costs more than drawing and measuring
# one theme, so a worker keeps the scene it has open for the next test of the same scene,
# which switches the theme as a person would. The app runs in a task of its own (entered
# and left there), and lives in this module's event loop.


@pytest.fixture(scope="module")
def corrected_board(_demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo board with its corrections (see `with_corrections`), made once per worker;
    each scene's app gets a copy of it."""
    folder = tmp_path_factory.mktemp("contrast")
    root = folder / "board"
    shutil.copytree(_demo_template, root)
    # Made before any test's own config folder is set (module scope): write with the demo
    # people's keys, as every test of this worker holds them (boards.share_keys).
    config = folder / "config"
    shared = boards.shared_keys(tmp_path_factory.getbasetemp())
    shutil.copytree(shared, config / "teamboard" / "keys")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(config))
        return with_corrections(root, folder / "cache")


class SceneApp:
    """A scene opened in a running app, in a task of its own, until `close`."""

    def __init__(self, scene: str, root: Path) -> None:
        self.scene = scene
        self.root = root
        self.app = make_app(root, me=SCENES[scene].me)
        self.pilot: Pilot | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> Pilot:
        ready = asyncio.Event()

        async def run() -> None:
            async with self.app.run_test(size=BIG) as pilot:
                self.pilot = pilot
                ready.set()
                await self._stop.wait()

        self._task = asyncio.create_task(run(), name=f"the contrast app for {self.scene}")
        waiting = asyncio.create_task(ready.wait())
        await asyncio.wait([self._task, waiting], timeout=30, return_when="FIRST_COMPLETED")
        waiting.cancel()
        if self._task.done():
            self._task.result()  # the app's own error
        if self.pilot is None:
            raise AssertionError(f"the app for {self.scene!r} did not start within 30s")
        with self.app._context():
            await wait_loaded(self.pilot)
            await SCENES[self.scene].open(self.pilot, self.root)
        return self.pilot

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done() and self.app.is_running

    async def close(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task


class SceneApps:
    """The scene open on this worker: kept while its themes follow one another."""

    def __init__(self, board: Path, folder: Path) -> None:
        self.board = board
        self.folder = folder
        self.current: SceneApp | None = None

    async def open(self, scene: str) -> SceneApp:
        if self.current is not None and self.current.scene == scene and self.current.running:
            return self.current
        await self.close()
        root = self.folder / f"board-{len(list(self.folder.iterdir()))}"
        shutil.copytree(self.board, root)
        self.current = SceneApp(scene, root)
        try:
            await self.current.start()
        except BaseException:
            await self.close()
            raise
        return self.current

    async def close(self) -> None:
        current, self.current = self.current, None
        if current is not None:
            await current.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def scene_apps(corrected_board: Path, tmp_path_factory: pytest.TempPathFactory):
    # The apps outlive one test's isolated environment (tests/conftest.py): closing one,
    # which may remember the theme, writes into a folder of this module's instead.
    home = tmp_path_factory.mktemp("home")
    apps = SceneApps(corrected_board, tmp_path_factory.mktemp("scenes"))
    with pytest.MonkeyPatch.context() as env:
        for name in ("CONFIG", "DATA", "CACHE"):
            env.setenv(f"XDG_{name}_HOME", str(home / name.lower()))
        yield apps
        await apps.close()


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("scene", "theme"), PAIRS)
async def test_every_screen_reads_in_every_theme(
    scene_apps: SceneApps, scene: str, theme: str
) -> None:
    opened = await scene_apps.open(scene)
    app, pilot = opened.app, opened.pilot
    assert pilot is not None
    problems: list[Problem] = []
    with app._context():
        app.theme = theme
        await pilot.pause()
        await pilot.pause()
        for view, show in SCENES[scene].views.items():
            await show(pilot)
            problems += problems_on_screen(app, view)
    assert not problems, report(problems)


def test_every_measured_theme_is_there() -> None:
    """The themes chosen for most scenes are among Textual's, which are all measured for
    the sections."""
    assert set(THEMES) <= set(ALL_THEMES)


def test_the_scenes_are_those_of_every_screen() -> None:
    """A screen added to the app is added here too."""
    screens = Path(__file__).parents[2] / "teamboard" / "tui" / "screens"
    modules = {path.stem for path in screens.glob("*.py")} | {
        path.parent.name for path in screens.glob("*/__init__.py")
    }
    modules -= {"__init__", "common", "sections"}
    covered = {
        *("board", "experiment", "feed", "people", "help", "forms", "identity", "pickers"),
        *("standup", "insights"),
        "confirm",  # ConfirmScreen: the scene of leaving the stand-up
    }
    assert modules == covered
