"""The keys, and what the marks on a card mean.

The keys are read from the screens' own bindings (a binding's tooltip, or else its
description, says what it does; a binding group's description stands for its keys), so a
new key shows up here by itself. The keys of the screen it is opened on come first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widgets import Label, Static

from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.feed import FeedScreen
from teamboard.tui.screens.insights import InsightsScreen
from teamboard.tui.screens.people import PeopleScreen
from teamboard.tui.screens.standup import StandupScreen
from teamboard.tui.widgets.tones import BOLD, tones
from teamboard.views.cards import Flag

# The screens whose keys are listed, each under its own title.
SCREENS: list[tuple[str, type[Screen[Any]]]] = [
    ("Keys on the board", BoardScreen),
    ("Keys on an experiment", ExperimentScreen),
    ("Keys on the feed", FeedScreen),
    ("Keys on the team", PeopleScreen),
    ("Keys in the stand-up", StandupScreen),
    ("Keys on insights", InsightsScreen),
]

TEAM_COLUMNS = [
    ("G/P/R/S", "their experiments in Goal, Practice, Reflection, Success"),
    ("gives/gets", "experiments they support / colleagues who support theirs"),
    ("praise", "praise received in the last 30 days"),
    (
        "attention",
        "alone: an experiment without a supporter; gives none: supports nobody; "
        "no praise: none in 30 days; stretched: supports more than 4",
    ),
]


def key_rows(
    bindings: Iterable[BindingType], key_display: Callable[[Binding], str]
) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with a description, in their order.

    Bindings of one group share a row (the group's description), and so do bindings that
    say the same thing. A binding without a description is left out: it is the fallback
    that says why a key the rules refuse does nothing."""
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        if isinstance(binding, tuple):
            binding = Binding(*binding)
        if not binding.description:
            continue
        what = binding.group.description if binding.group else binding.tooltip
        keys = rows.setdefault(what or binding.description, [])
        for i, key in enumerate(k.strip() for k in binding.key.split(",")):
            # The binding's own key_display is for its first key (the one the footer shows).
            display = binding.key_display if i == 0 and binding.key_display else None
            shown = key_display(binding.with_key(key, display))
            if shown not in keys:
                keys.append(shown)
    return [(" ".join(keys), what) for what, keys in rows.items()]


def sections_for(shown_over: Screen[Any] | None) -> list[tuple[str, type[Screen[Any]]]]:
    """SCREENS, with the keys of the screen the help is opened on first."""
    own = [(title, screen) for title, screen in SCREENS if isinstance(shown_over, screen)]
    return own + [section for section in SCREENS if section not in own]


def _table(rows: list[tuple[str, str]], key_style: str | Style = "bold") -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style=key_style, no_wrap=True)
    table.add_column()
    for key, what in rows:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, shown_over: Screen[Any] | None = None) -> None:
        """`shown_over`: the screen it is opened on, whose keys it lists first."""
        super().__init__()
        self.sections = sections_for(shown_over)

    def compose(self) -> ComposeResult:
        facts = Text.assemble(
            ("12d · 2 sup · 1 ♥ · 3/5", "bold"),
            "  days in this stage · supporters · praise · confidence",
            "\n",
            ("• → Reflection +4", "bold"),
            "  changed since the last stand-up: its main change (here: moved to "
            "Reflection) and how many more (4); where room is short “• new” or “•”; "
            "c shows only these",
        )
        display = self.app.get_key_display
        with VerticalScroll(classes="help"):
            for title, screen in self.sections:
                yield Label(title, classes="form-title")
                yield Static(_table(key_rows(screen.BINDINGS, display)), classes="help-keys")
            yield Label("Keys everywhere", classes="form-title")
            yield Static(_table(key_rows(self.app.BINDINGS, display)), classes="help-keys")
            yield Label("Columns on the team", classes="form-title")
            yield Static(_table(TEAM_COLUMNS))
            yield Label("On a card", classes="form-title")
            yield Static(facts)
            yield Static(id="help-flags")
            yield Static(id="help-close")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._show_in_theme)
        self._show_in_theme()

    def _show_in_theme(self, theme: Theme | None = None) -> None:
        """The parts in the theme's colours (teamboard.tui.widgets.tones): a card's flags as
        the card shows them, in its warning colour."""
        tone = tones(self.app)
        flags = _table(
            [
                (
                    flag.short,
                    flag.explanation if flag.short == flag else f"{flag}: {flag.explanation}",
                )
                for flag in Flag
            ],
            tone.warning + BOLD,
        )
        self.query_one("#help-flags", Static).update(flags)
        self.query_one("#help-close", Static).update(Text("esc closes", style=tone.muted))
