"""What the screens share: a typed view of the app, and actions more than one screen offers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol, cast

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import Widget

from teamboard.domain import actions
from teamboard.domain.actions import Action, Payload
from teamboard.domain.events import Event
from teamboard.domain.rules import allows, check_joined, check_manager, check_step
from teamboard.domain.state import BoardState, Experiment, Refused
from teamboard.tui.messages import BoardChanged
from teamboard.views.standup import Changes, Summary


class BoardApp(Protocol):
    """What the screens use of the app (teamboard.tui.app.TeamboardApp, which the screens never
    import: an import-linter contract): the board's state, who I am, the clock, and the
    one way to act. Read-only here: only the app changes who I am or what is loaded."""

    @property
    def state(self) -> BoardState: ...

    def snapshot(self) -> BoardState:
        """The board as it is now, for a worker thread: never changed after (the live
        state changes on the app's thread as colleagues write). Taken on the app's thread."""
        ...

    @property
    def me(self) -> str | None: ...

    @property
    def loaded(self) -> bool: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...

    @property
    def board_name(self) -> str: ...

    def perform(self, action: Action) -> Event | None:
        """Write one action of mine; a refusal becomes a notice that says why."""
        ...

    def try_perform(self, action: Action) -> Event:
        """Write one action of mine; raise Refused (forms show it)."""
        ...

    def cannot_write(self) -> str | None:
        """Why nothing of mine can be written now, if something stands in the way."""
        ...

    def changes(self) -> Changes:
        """What changed since the last stand-up (teamboard.views.standup), shared by the screens."""
        ...

    def first_summary(self, changes: Changes) -> Summary | None:
        """The strip's numbers for these changes, if they were counted as the board loaded."""
        ...

    def board_choice(self, name: str) -> str | None:
        """A choice made for this board on this machine ("column_order"...), if one was
        (teamboard.store.local)."""
        ...

    def remember_board_choice(self, name: str, value: str) -> None:
        """Keep a choice for this board on this machine (the app writes it, not a screen)."""
        ...

    def taken_ids(self) -> set[str]:
        """Member ids a newcomer cannot take."""
        ...

    def join(self, member_id: str, name: str) -> Event:
        """Join the board as a new member."""
        ...

    def save_story(self, experiment_id: str) -> Path | None:
        """Save an experiment's success story (Markdown) and say where."""
        ...


class _InApp(Protocol):
    """A screen, a widget or a command provider: anything that knows its app."""

    @property
    def app(self) -> App[object]: ...


def board_app(node: _InApp) -> BoardApp:
    """The running app, seen as a BoardApp: the one place that says it is a teamboard app
    (teamboard.tui.app checks that TeamboardApp is a BoardApp)."""
    return cast(BoardApp, node.app)


class OnBoard:
    """Mixed into the screens and the palette: `self.board_app` is the running app, seen
    as a BoardApp (`self.app` stays Textual's App, for what Textual gives every app)."""

    @property
    def board_app(self: _InApp) -> BoardApp:
        return board_app(self)


def why_not_keys(*keys: tuple[str, str]) -> list[Binding]:
    """For keys that the rules may leave out of the footer, each (key, action): the key
    again, doing `why_not(action)`, to come after its own binding. Textual runs the first
    binding of a key that is enabled, so a key the rules refuse says why."""
    return [Binding(key, f"why_not('{action}')", show=False) for key, action in keys]


class StateView(OnBoard, Screen[None]):
    """A screen drawn from the board's state, and drawn again whenever the state changes
    (my action, a colleague's, a reload) or the theme does (its text takes the theme's
    colours: teamboard.tui.widgets.tones). Out of sight (another section is shown, or a
    screen over it), it is drawn again when it is shown. Subclasses give `show`."""

    _stale = False

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.show()

    def _theme_changed(self, theme: Theme) -> None:
        self._board_changed()

    @on(BoardChanged)
    def _board_changed(self) -> None:
        if self.is_current:
            self._draw_again()
        else:
            self._stale = True

    @on(events.ScreenResume)
    def _shown_again(self) -> None:
        if self._stale:
            self._draw_again()

    def _draw_again(self) -> None:
        self._stale = False
        if self.can_show():
            self.show()
            self.refresh_bindings()  # who may do what can change too

    def can_show(self) -> bool:
        return True

    def show(self) -> None:
        raise NotImplementedError


def move_stage(app: BoardApp, experiment: Experiment, step: int) -> None:
    """Move an experiment one stage back (-1) or forward (+1), through the rules."""
    me = app.me

    def build(state: BoardState) -> Payload:
        current = state.experiment(experiment.id)
        return actions.move(current.id, check_step(state, current, step, me or ""))

    app.perform(build)


def may_praise(app: BoardApp) -> bool:
    """The praise key, for those the board's rule lets post praise (managers)."""
    return allows(check_manager, app.state, app.me or "", "post praise")


def explain_refusal(screen: Widget, action: str) -> None:
    """A key the rules do not let me use now (it is not in the footer) still says why,
    in the rule's own words, when it is pressed."""
    app = board_app(screen)
    me, state = app.me, app.state
    blocked = app.cannot_write()
    if blocked:
        reason = blocked
    else:
        check = {"praise": check_manager, "new_experiment": check_joined}.get(action)
        try:
            if check is check_manager:
                check_manager(state, me or "", "post praise; colleagues can add a support note")
            elif check is check_joined:
                check_joined(state, me or "")
        except Refused as refusal:
            reason = str(refusal).capitalize()
        else:
            return
    screen.notify(reason, title="Not for you here", severity="warning", markup=False)
