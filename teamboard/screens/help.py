"""The keys, and what the marks on a card mean."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from teamboard.cards import Flag

BOARD_KEYS = [
    ("← → ↑ ↓  or  h l k j", "move the cursor"),
    ("pgup pgdn home end", "scroll a column"),
    ("enter  or  double-click", "open the experiment"),
    ("]  or  shift+→", "move the card forward a stage"),
    ("[  or  shift+←", "move the card back a stage"),
    ("n", "new experiment"),
    ("/", "filter by text (title, person, training)"),
    ("m", "only my experiments"),
    ("p", "only one person's experiments"),
    ("w", "the withdrawn experiments (kept in the history), or the board again"),
    ("esc", "clear the filters"),
    ("g", "praise the owner of the card (managers)"),
    ("f  t  b", "the recognition feed, the team, back to the board"),
    ("ctrl+p", "command palette: jump to a person or an experiment, theme, who am I"),
    ("?", "these keys"),
    ("q", "quit"),
]

FEED_KEYS = [
    ("enter", "open the experiment"),
    (
        "k  p  a  esc",
        "filter by kind (praise, notes, milestones, corrections), by person, about me; clear",
    ),
    ("g", "praise (managers)"),
]

TEAM_KEYS = [
    ("↑ ↓", "choose a person: their experiments, support and praise below"),
    ("enter", "their experiments on the board"),
    ("g", "praise them (managers)"),
    ("G/P/R/S", "their experiments in Goal, Practice, Reflection, Success"),
    ("gives/gets", "experiments they support / colleagues who support theirs"),
    ("praise", "praise received in the last 30 days"),
    (
        "attention",
        "alone: an experiment without a supporter; gives none: supports nobody; "
        "no praise: none in 30 days; stretched: supports more than 4",
    ),
]

EXPERIMENT_KEYS = [
    ("p", "log a practice"),
    ("r", "reflect (the four questions)"),
    ("c", "rate your confidence"),
    ("k", "check in"),
    ("s", "support it, or stop supporting it; the owner asks a colleague"),
    ("x", "take a supporter off (owner)"),
    ("o", "a support note"),
    ("g", "praise the owner (managers)"),
    ("e", "edit the plan (owner); empty a field to clear it"),
    ("v", "revise the latest reflection (owner)"),
    ("u", "take back your practice entry, support note or praise"),
    ("w", "withdraw the experiment, or restore it (owner)"),
    ("[  ]", "move it a stage back or forward"),
    ("1 to 6", "plan, practice, reflections, check-ins, support, praise"),
    ("esc", "back to the board"),
]


def _keys_table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, what in rows:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        marks = Table.grid(padding=(0, 2))
        marks.add_column(style="bold yellow", no_wrap=True)
        marks.add_column()
        for flag in Flag:
            marks.add_row(flag.short, flag.explanation)
        facts = Text.assemble(
            ("12d · 2 sup · 1 ♥ · 3/5", "bold"),
            "  days in this stage · supporters · praise · confidence",
        )
        with VerticalScroll(classes="help"):
            yield Label("Keys on the board", classes="form-title")
            yield Static(_keys_table(BOARD_KEYS))
            yield Label("Keys on an experiment", classes="form-title")
            yield Static(_keys_table(EXPERIMENT_KEYS))
            yield Label("Keys on the feed", classes="form-title")
            yield Static(_keys_table(FEED_KEYS))
            yield Label("Keys on the team", classes="form-title")
            yield Static(_keys_table(TEAM_KEYS))
            yield Label("On a card", classes="form-title")
            yield Static(facts)
            yield Static(marks)
            yield Static(Text("esc closes", style="dim"))
