"""Small pickers: choose a member (to filter the board by)."""

from __future__ import annotations

import contextlib

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.theme import Theme
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from teamboard.domain.events import sort_key
from teamboard.domain.text import plural
from teamboard.tui.screens.common import OnBoard
from teamboard.tui.widgets.tones import tones

EVERYONE = ""
ITALIC = Style(italic=True)


class PeopleList(OnBoard, ModalScreen[str | None]):
    """A modal that lists people in an OptionList (its `_options()`), listed again in a
    new theme's colours (teamboard.tui.widgets.tones) when the theme changes, with the
    same one highlighted."""

    def _options(self) -> list[Option]:
        raise NotImplementedError

    @on(events.Mount)
    def _follow_the_theme(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._show_in_theme)

    def _show_in_theme(self, theme: Theme) -> None:
        people = self.query_one(OptionList)
        highlighted = people.highlighted
        people.clear_options()
        people.add_options(self._options())
        people.highlighted = highlighted


class MemberPicker(PeopleList):
    """Dismisses with a member id, "" for everyone, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, current: str | None = None, title: str = "Show the experiments of…") -> None:
        super().__init__()
        self.current = current
        self.title_words = title

    def _options(self) -> list[Option]:
        state = self.board_app.state
        muted = tones(self.app).muted
        counts: dict[str, int] = {}
        for experiment in state.active:
            counts[experiment.owner] = counts.get(experiment.owner, 0) + 1
        options = [Option(Text("Everyone"), id="member:")]
        for member in sorted(state.members.values(), key=lambda m: sort_key(m.name)):
            label = Text(member.name)
            label.append(f"  {plural(counts.get(member.id, 0), 'experiment')}", style=muted)
            if member.role.value == "manager":
                label.append("  manager", style=muted + ITALIC)
            options.append(Option(label, id=f"member:{member.id}"))
        return options

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Label(self.title_words, classes="form-title")
            yield OptionList(*self._options(), id="members")

    def on_mount(self) -> None:
        members = self.query_one(OptionList)
        if self.current:
            # The member may have gone since (a file removed or damaged).
            with contextlib.suppress(OptionDoesNotExist):
                members.highlighted = members.get_option_index(f"member:{self.current}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((event.option.id or "member:").removeprefix("member:"))
