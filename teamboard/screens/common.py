"""Actions that more than one screen offers."""

from __future__ import annotations

from textual import on
from textual.app import App
from textual.screen import Screen

from teamboard.messages import BoardChanged
from teamboard.model import STAGES, Experiment


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
    target = experiment.stage.index + step
    if not 0 <= target < len(STAGES):
        edge = "first" if step < 0 else "last"
        app.notify(f"{experiment.stage.label} is the {edge} stage", severity="warning")
        return
    app.perform(  # type: ignore[attr-defined]
        {"type": "stage_moved", "experiment_id": experiment.id, "to": STAGES[target].value}
    )
