"""One experiment: its plan, practice, reflections, check-ins, support and praise."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static


class ExperimentScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Board")]

    def __init__(self, experiment_id: str) -> None:
        super().__init__()
        self.experiment_id = experiment_id

    def compose(self) -> ComposeResult:
        yield Static(self.app.state.experiments[self.experiment_id].title, markup=False)
        yield Footer()
