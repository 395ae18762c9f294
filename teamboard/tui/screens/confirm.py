"""A question with two answers, asked before something is thrown away or left behind."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static
from textual.widgets.button import ButtonVariant

YES = "dismiss(True)"
NO = "dismiss(False)"


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True (yes) or False (no). A kind of question gives its words and, in
    its BINDINGS, its two answers: the keys that say yes (YES) and no (NO). Each answer's
    button shows the answer's description and its last key ("Discard  d", "Stay  esc");
    the button that says no has the focus."""

    question: ClassVar[str]
    detail: ClassVar[str]
    yes_variant: ClassVar[ButtonVariant] = "warning"

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Label(self.question, classes="form-title")
            yield Static(self.detail, classes="form-intro")
            with Horizontal(classes="form-buttons"):
                yield Button(self._label(YES), id="yes", variant=self.yes_variant, compact=True)
                yield Button(self._label(NO), id="no", compact=True)

    def _label(self, action: str) -> str:
        answer = next(b for b in self.BINDINGS if isinstance(b, Binding) and b.action == action)
        last = answer.key.split(",")[-1].strip()
        return f"{answer.description}  {self.app.get_key_display(answer.with_key(last))}"

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
