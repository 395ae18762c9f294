"""Who are you? Pick yourself from the board's members, or join it."""

from __future__ import annotations

import re
import unicodedata

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from teamboard.domain import actions
from teamboard.domain.events import MEMBER_ID_PATTERN, input_errors, sort_key
from teamboard.domain.state import Refused
from teamboard.tui.screens.forms.base import FIELD_KEYS
from teamboard.tui.screens.pickers import PeopleList
from teamboard.tui.widgets.text_fields import OneLineInput
from teamboard.tui.widgets.tones import tones

NEW = "new-member"


def suggest_id(name: str, taken: set[str]) -> str:
    """A member id from a display name: 'Zoë Lambert' -> 'zoe-lambert'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:32] or "member"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class IdentityScreen(PeopleList):
    """Dismisses with the chosen (or newly joined) member id, or None to just look.
    `remembered` says whether the app keeps the choice for next time (not in a browser
    session of `teamboard serve`)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Just look"), *FIELD_KEYS]

    def __init__(self, suggested_id: str | None = None, remembered: bool = True) -> None:
        super().__init__()
        self.suggested_id = suggested_id
        self.remembered = remembered

    def _options(self) -> list[Option]:
        state = self.board_app.state
        muted = tones(self.app).muted
        options = [
            Option(Text.assemble(m.name, (f"  {m.id}", muted)), id=m.id)
            for m in sorted(state.members.values(), key=lambda m: sort_key(m.name))
        ]
        options.append(Option(Text("I'm new here: join this board", style="bold"), id=NEW))
        return options

    def compose(self) -> ComposeResult:
        options = self._options()
        with Vertical(classes="picker"):
            yield Label("Who are you?", classes="form-title")
            yield Static(
                "Choose yourself; teamboard remembers it for this board on this computer."
                if self.remembered
                else "Choose yourself; you are asked again next time.",
                classes="form-intro",
            )
            yield OptionList(*options, id="who")
            with Vertical(id="join"):
                yield Label("Your name", classes="field-label")
                yield OneLineInput(id="join-name", placeholder="e.g. Zoë Lambert")
                yield Static("", id="error-name", classes="field-error", markup=False)
                yield Label("Your member id (letters, digits, - and _)", classes="field-label")
                yield OneLineInput(id="join-id", value=self.suggested_id or "")
                yield Static("", id="error-id", classes="field-error", markup=False)
                with Horizontal(classes="form-buttons"):
                    yield Button("Join", id="join-button", variant="primary")
                    yield Button("Back", id="join-back")

    def on_mount(self) -> None:
        self.query_one("#join").display = False
        who = self.query_one("#who", OptionList)
        state = self.board_app.state
        if self.suggested_id and self.suggested_id not in state.members:
            self._show_join()
        elif self.suggested_id:
            who.highlighted = who.get_option_index(self.suggested_id)

    @on(OptionList.OptionSelected, "#who")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW:
            self._show_join()
        else:
            self.dismiss(event.option.id)

    def _show_join(self) -> None:
        self.query_one("#join").display = True
        self.query_one("#who").display = False
        self.query_one("#join-name", Input).focus()

    @on(Button.Pressed, "#join-back")
    def _back(self) -> None:
        self.query_one("#join").display = False
        self.query_one("#who").display = True
        self.query_one("#who").focus()

    @on(Input.Changed, "#join-name")
    def _name_typed(self, event: Input.Changed) -> None:
        id_box = self.query_one("#join-id", Input)
        if not self.suggested_id:
            taken = self.board_app.taken_ids()
            id_box.value = suggest_id(event.value, taken) if event.value else ""

    @on(Input.Submitted)
    @on(Button.Pressed, "#join-button")
    def _join(self) -> None:
        name = self.query_one("#join-name", Input).value
        member_id = self.query_one("#join-id", Input).value.strip().lower()
        name_error = input_errors(actions.join(name)).get("name", "")
        id_error = ""
        state = self.board_app.state
        if not MEMBER_ID_PATTERN.fullmatch(member_id):
            id_error = "1-40 lowercase letters, digits, - or _, starting with a letter or digit"
        elif member_id in state.members:
            id_error = f"{member_id!r} is taken by {state.name_of(member_id)}"
        elif member_id in self.board_app.taken_ids():
            id_error = f"{member_id!r} is taken: the board has a file for it already"
        self.query_one("#error-name", Static).update(name_error)
        self.query_one("#error-id", Static).update(id_error)
        for box, error in (("#error-name", name_error), ("#error-id", id_error)):
            self.query_one(box).set_class(bool(error), "shown")
        if name_error or id_error:
            return
        try:
            self.board_app.join(member_id, name)
        except Refused as refusal:
            error_box = self.query_one("#error-id", Static)
            error_box.update(str(refusal))
            error_box.add_class("shown")
            return
        self.dismiss(member_id)
