"""What every form shares: a field, its error shown beside it, the keys, and the
screen that builds one action, shows what is wrong next to the field and keeps what was
typed; and the question before a form with changes is closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    Event,
    input_errors,
)
from teamboard.domain.state import Experiment, Refused
from teamboard.tui.screens.common import OnBoard
from teamboard.tui.screens.confirm import NO, YES, ConfirmScreen
from teamboard.tui.widgets.dialog_select import DialogSelect as Select  # its list opens in the form
from teamboard.tui.widgets.text_area import ManyLinesArea
from teamboard.tui.widgets.text_fields import OneLineInput


class FieldError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class FormField:
    name: str
    label: str
    widget: Widget
    hint: str = ""


def text_input(value: str = "", placeholder: str = "") -> Input:
    return OneLineInput(value=value, placeholder=placeholder, compact=True)


def text_area(value: str = "", placeholder: str = "") -> TextArea:
    area = ManyLinesArea(
        value, soft_wrap=True, tab_behavior="focus", placeholder=placeholder, compact=True
    )
    area.show_line_numbers = False
    return area


# Tab moves to the next field at once, when the app reads the key, before the keys typed
# after it are handed out: Textual gives each key to the widget focused at that moment, so
# "AAA<Tab>BBB" typed fast would otherwise put "BBB" in the first field too.
FIELD_KEYS = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
]


def value_of(widget: Widget) -> str:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    raise TypeError(widget)


def date_or_none(field: str, text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise FieldError(field, f"{text!r} is not a date like 2026-12-31") from None


class FormScreen(OnBoard, ModalScreen[Event | None]):
    """A form for one action. Subclasses give `title`, `fields()` and `payload()`."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        *FIELD_KEYS,
    ]
    title_text = ""
    intro = ""
    # Where a field's value sits in the event, when that is not its own name.
    paths: dict[str, str] = {}

    def fields(self) -> list[FormField]:
        raise NotImplementedError

    def payload(self) -> Payload | list[Payload]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        self._fields = {f.name: f for f in self.fields()}
        with Vertical(classes="form"):
            yield Label(self.title_text, classes="form-title")
            if self.intro:
                yield Static(self.intro, classes="form-intro", markup=False)
            with VerticalScroll(classes="form-body"):
                for field in self._fields.values():
                    yield Label(field.label, classes="field-label")
                    if field.hint:
                        yield Static(field.hint, classes="field-hint", markup=False)
                    field.widget.id = f"field-{field.name}"
                    yield field.widget
                    yield Static("", id=f"error-{field.name}", classes="field-error", markup=False)
            yield Static("", id="form-error", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Save  ctrl+s", id="save", variant="primary", compact=True)
                yield Button("Cancel  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        # Typing straight after opening the form goes into the first field still to fill
        # (opened from a card, who and which experiment are known), else the first.
        self._as_opened = self._values()
        fields = list(self._fields.values())
        empty = [f for f in fields if self._as_opened[f.name] in (Select.NULL, "", None)]
        start = next(iter(empty or fields), None)
        if start is not None:
            start.widget.focus()

    def _values(self) -> dict[str, object]:
        return {
            name: value_of(field.widget)
            if not isinstance(field.widget, Select)
            else field.widget.value
            for name, field in self._fields.items()
        }

    @property
    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self._values() != self._as_opened

    def widget(self, name: str) -> Widget:
        return self._fields[name].widget

    def text(self, name: str) -> str:
        return value_of(self.widget(name))

    def select(self, name: str) -> object | None:
        widget = self.widget(name)
        if not isinstance(widget, Select):
            raise TypeError(f"{name} is not a choice: {widget!r}")
        value = widget.value
        return None if value is Select.NULL else value

    # --- saving -------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self._clear_errors()
        try:
            payload = self.payload()
        except FieldError as error:
            self._show_errors({error.field: error.message})
            return
        errors: dict[str, str] = {}
        for one in [payload] if isinstance(payload, dict) else payload:
            errors |= {k: v for k, v in input_errors(one).items() if k not in errors}
        if errors:
            by_field = {self._field_for(path): message for path, message in errors.items()}
            self._show_errors(by_field)
            return
        try:
            event = self.board_app.try_perform(payload)
        except Refused as refusal:
            self._show_form_error(str(refusal))
            return
        self.dismiss(event)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving; what was typed is only thrown away when you say so."""
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardScreen(), answered)

    def _field_for(self, path: str) -> str:
        for name, where in self.paths.items():
            if path == where or path.startswith(where + "."):
                return name
        head = path.split(".")[0]
        return head if head in self._fields else ""

    def _clear_errors(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.remove_class("shown")
        self._show_form_error("")

    def _show_errors(self, errors: dict[str, str]) -> None:
        first: Widget | None = None
        for name, message in errors.items():
            if name in self._fields:
                box = self.query_one(f"#error-{name}", Static)
                box.update(message)
                box.add_class("shown")
                first = first or self._fields[name].widget
            else:
                self._show_form_error(message)
        if first is not None:
            first.focus()
            first.scroll_visible()

    def _show_form_error(self, message: str) -> None:
        box = self.query_one("#form-error", Static)
        box.update(message)
        box.set_class(bool(message), "shown")


class OnExperimentForm(FormScreen):
    """A form about one experiment of the board (`self.experiment`)."""

    def __init__(self, experiment: Experiment) -> None:
        super().__init__()
        self.experiment = experiment


class DiscardScreen(ConfirmScreen):
    """Asked when a form with something typed in it is closed without saving."""

    BINDINGS = [Binding("y,d", YES, "Discard"), Binding("n,k,escape", NO, "Keep editing")]
    question = "Throw away what you typed?"
    detail = "Nothing was saved yet."
    yes_variant = "error"


# --- the forms --------------------------------------------------------------------------
