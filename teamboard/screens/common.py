"""Actions that more than one screen offers."""

from __future__ import annotations

from textual import on
from textual.app import App
from textual.screen import Screen

from teamboard import actions
from teamboard.actions import Payload
from teamboard.board import allows, check_joined, check_manager, check_step
from teamboard.messages import BoardChanged
from teamboard.state import BoardState, Experiment, Refused


class StateView(Screen):
    """A screen drawn from the board's state, and drawn again whenever the state changes
    (my action, a colleague's, a reload). Subclasses give `show`."""

    def on_mount(self) -> None:
        self.show()

    @on(BoardChanged)
    def _board_changed(self) -> None:
        if self.can_show():
            self.show()
            self.refresh_bindings()  # who may do what can change too

    def can_show(self) -> bool:
        return True

    def show(self) -> None:
        raise NotImplementedError


def move_stage(app: App, experiment: Experiment, step: int) -> None:
    """Move an experiment one stage back (-1) or forward (+1), through the rules."""
    me = app.me  # type: ignore[attr-defined]

    def build(state: BoardState) -> Payload:
        current = state.experiment(experiment.id)
        return actions.move(current.id, check_step(state, current, step, me or ""))

    app.perform(build)  # type: ignore[attr-defined]


def may_praise(app: App) -> bool:
    """The praise key, for those the board's rule lets post praise (managers)."""
    return allows(check_manager, app.state, app.me or "", "post praise")  # type: ignore[attr-defined]


def explain_refusal(app: App, action: str) -> None:
    """A key the rules do not let me use now (it is not in the footer) still says why,
    in the rule's own words, when it is pressed."""
    me = app.me  # type: ignore[attr-defined]
    state = app.state  # type: ignore[attr-defined]
    blocked = app.cannot_write()  # type: ignore[attr-defined]
    if blocked:
        reason = blocked
    else:
        check = {"praise": check_manager, "new_experiment": check_joined}.get(action)
        try:
            if check is check_manager:
                check_manager(state, me, "post praise; colleagues can add a support note")
            elif check is not None:
                check(state, me)
        except Refused as refusal:
            reason = str(refusal).capitalize()
        else:
            return
    app.notify(reason, title="Not for you here", severity="warning", markup=False)
