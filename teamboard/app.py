"""The Textual app: owns the board's state and shows it.

For now it lists the experiments by stage; the full board screens come next.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from teamboard.board import BoardState
from teamboard.model import STAGES, Experiment, Stage
from teamboard.paths import styles_dir
from teamboard.store import BoardFolder, Loaded


class StageColumn(Vertical):
    """One stage: its name and count, and its experiments."""

    def __init__(self, stage: Stage) -> None:
        super().__init__(id=f"column-{stage.value}", classes="stage-column")
        self.stage = stage

    def compose(self) -> ComposeResult:
        yield Label(self.stage.label, classes="column-title")
        yield OptionList(classes="column-cards")

    def show(self, experiments: list[Experiment], state: BoardState) -> None:
        self.query_one(Label).update(Text(f"{self.stage.label} ({len(experiments)})"))
        cards = self.query_one(OptionList)
        cards.clear_options()
        # User text goes in as Text, so "[bold" or "[@click=...]" in a title stays literal.
        cards.add_options(
            Option(Text.assemble((state.name_of(e.owner), "bold"), "\n", e.title), id=e.id)
            for e in experiments
        )


class TeamboardApp(App[None]):
    CSS_PATH = [styles_dir() / "app.tcss"]
    TITLE = "teamboard"
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, root: Path, me: str | None = None) -> None:
        super().__init__()
        self.root = Path(root)
        self.me = me
        self.board = BoardFolder.open(self.root)
        self.loaded: Loaded | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="board"):
            for stage in STAGES:
                yield StageColumn(stage)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.loaded = self.board.load()
        state = self.loaded.state
        me = state.members.get(self.me or "")
        self.sub_title = f"{self.board.meta.name} · {me.name}" if me else self.board.meta.name
        by_stage: dict[Stage, list[Experiment]] = {stage: [] for stage in STAGES}
        for experiment in state.experiments.values():
            by_stage[experiment.stage].append(experiment)
        for column in self.query(StageColumn):
            column.show(
                sorted(by_stage[column.stage], key=lambda e: (state.name_of(e.owner), e.title)),
                state,
            )
        for damaged in self.loaded.damaged:
            self.notify(
                f"{damaged.path} {damaged.reason}; it is left untouched",
                title="A file could not be read",
                severity="error",
                markup=False,
                timeout=15,
            )
