"""Modal forms. Each builds one action, shows what is wrong next to the field, and keeps
what was typed until it is saved; escape cancels and writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    ASK_LIMIT,
    ApplicationKind,
    CheckInKind,
    EntryKind,
    Event,
    PlanField,
    PraiseKind,
    input_errors,
    local_day,
    sort_key,
)
from teamboard.domain.labels import CHECK_IN_QUESTIONS, REFLECTION_QUESTIONS
from teamboard.domain.state import BoardState, Experiment, Reflection, Refused, entries_of
from teamboard.domain.text import one_line
from teamboard.tui.screens.common import OnBoard
from teamboard.tui.screens.confirm import NO, YES, ConfirmScreen
from teamboard.tui.widgets.dialog_select import DialogSelect as Select  # its list opens in the form
from teamboard.tui.widgets.text_area import ManyLinesArea
from teamboard.tui.widgets.text_fields import OneLineInput
from teamboard.tui.widgets.tones import tones


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
        # Typing straight after opening the form goes into its first field.
        first = next(iter(self._fields.values()), None)
        if first is not None:
            first.widget.focus()
        self._as_opened = self._values()

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

KIND_CHOICES = [
    ("a project", ApplicationKind.PROJECT.value),
    ("a client case", ApplicationKind.CLIENT_CASE.value),
    ("an improvement", ApplicationKind.IMPROVEMENT.value),
    ("a presentation", ApplicationKind.PRESENTATION.value),
    ("something else", ApplicationKind.OTHER.value),
]
CONFIDENCE_CHOICES = [
    ("1 · not yet", 1),
    ("2 · a little", 2),
    ("3 · getting there", 3),
    ("4 · fairly sure", 4),
    ("5 · confident", 5),
]
_PLAN = {
    "why_me": "Why you: why this training, for you, now?",
    "must_deliver": "What must it deliver?",
    "team_goals": "How does it serve the team's goals?",
    "personal_benefit": "What do you gain from it?",
}


class ExperimentForm(FormScreen):
    """A new experiment, or (given one) the owner's edit of its plan."""

    paths = {name: f"plan.{name}" for name in _PLAN} | {
        "apply_kind": "opportunity.kind",
        "apply_what": "opportunity.what",
        "apply_when": "opportunity.when",
        "target_date": "target_date",
    }

    def __init__(self, experiment: Experiment | None = None) -> None:
        super().__init__()
        self.experiment = experiment
        self.title_text = "Edit the plan" if experiment else "A new experiment"
        self.intro = (
            ""
            if experiment
            else "Your own learning goal from a training, and your plan to use it at work."
        )

    def fields(self) -> list[FormField]:
        e = self.experiment
        plan = e.plan if e else None
        opportunity = e.opportunity if e else None
        fields = [
            FormField(
                "title",
                "Your learning goal",
                text_input(e.title if e else "", "e.g. Give feedback that lands in one-to-ones"),
            ),
            FormField(
                "training", "From which training or course?", text_input(e.training if e else "")
            ),
        ]
        for name, label in _PLAN.items():
            fields.append(FormField(name, label, text_area(getattr(plan, name) if plan else "")))
        kind = Select(
            KIND_CHOICES,
            compact=True,
            prompt="not decided yet",
            value=opportunity.kind.value if opportunity else Select.NULL,
        )
        fields += [
            FormField("apply_kind", "Where will you apply it?", kind),
            FormField(
                "apply_what",
                "Which one?",
                text_input(opportunity.what if opportunity else "", "e.g. the Q3 client workshop"),
            ),
            FormField(
                "apply_when",
                "When?",
                text_input(opportunity.when if opportunity else "", "e.g. in March"),
            ),
            FormField(
                "target_date",
                "Target date",
                text_input(e.target_date.isoformat() if e and e.target_date else "", "YYYY-MM-DD"),
            ),
        ]
        if e is None:
            fields.append(
                FormField(
                    "confidence",
                    "How confident do you feel now?",
                    Select(CONFIDENCE_CHOICES, compact=True, prompt="rate later"),
                )
            )
        return fields

    def payload(self) -> Payload | list[Payload]:
        target = date_or_none("target_date", self.text("target_date"))
        kind = self.select("apply_kind")
        what, when = self.text("apply_what").strip(), self.text("apply_when").strip()
        applied = (
            actions.opportunity(str(kind) if kind else None, what, when)
            if kind or what or when
            else None
        )
        plan = {name: self.text(name).strip() for name in _PLAN}
        target_date = date.fromisoformat(target) if target else None
        if self.experiment is None:
            confidence = self.select("confidence")
            return actions.create_experiment(
                self.text("title"),
                training=self.text("training").strip(),
                plan=plan,
                applied=applied,
                target_date=target_date,
                confidence=int(str(confidence)) if confidence is not None else None,
            )
        e = self.experiment
        old_applied = (
            actions.opportunity(e.opportunity.kind, e.opportunity.what, e.opportunity.when)
            if e.opportunity
            else None
        )
        title, training = self.text("title"), self.text("training").strip()
        edit = actions.edit_experiment(
            e.id,
            title=title if title.strip() != e.title else None,
            training=training if training != e.training else None,
            plan={k: v for k, v in plan.items() if v != getattr(e.plan, k)},
            applied=applied if applied and applied != old_applied else None,
            target_date=target_date if target_date and target_date != e.target_date else None,
        )
        # An emptied target date or "not decided yet" clears what was there.
        cleared = []
        if target_date is None and e.target_date is not None:
            cleared.append(PlanField.TARGET_DATE)
        if applied is None and e.opportunity is not None:
            cleared.append(PlanField.OPPORTUNITY)
        payloads = [edit] if len(edit) > 2 else []
        if cleared:
            payloads.append(actions.clear_plan(e.id, cleared))
        if not payloads:
            raise FieldError("title", "nothing changed")
        return payloads


class PracticeForm(OnExperimentForm):
    title_text = "Log a practice"
    intro = "What did you try at work? Small steps count."

    def fields(self) -> list[FormField]:
        return [
            FormField("what", "What did you try?", text_area()),
            FormField("on", "When?", text_input(self._today().isoformat(), "YYYY-MM-DD")),
        ]

    def payload(self) -> Payload:
        on = date_or_none("on", self.text("on"))
        return actions.log_practice(
            self.experiment.id,
            self.text("what"),
            date.fromisoformat(on) if on else self._today(),
        )

    def _today(self) -> date:
        """Today where the person is (the app's clock, in this computer's time zone)."""
        return local_day(self.board_app.clock())


class ReflectionForm(OnExperimentForm):
    """The four questions; given a reflection, a revision of it (the form opens filled in)."""

    intro = "Four questions. Answer all four to be ready for Success."

    def __init__(self, experiment: Experiment, revising: Reflection | None = None) -> None:
        super().__init__(experiment)
        self.revising = revising
        self.title_text = (
            f"Revise the reflection of {revising.at.date().isoformat()}" if revising else "Reflect"
        )

    def fields(self) -> list[FormField]:
        old = self.revising
        return [
            FormField(k, q, text_area(getattr(old, k) if old else ""))
            for k, q in REFLECTION_QUESTIONS.items()
        ]

    def payload(self) -> Payload:
        answers = {k: self.text(k).strip() for k in REFLECTION_QUESTIONS}
        revising = self.revising.id if self.revising else None
        return actions.reflect(self.experiment.id, revising=revising, **answers)


class ConfidenceForm(OnExperimentForm):
    title_text = "How confident are you now?"
    intro = "Rate it again as you go: the board shows how it changes."

    def fields(self) -> list[FormField]:
        current = self.experiment.current_confidence
        return [
            FormField(
                "value",
                "Confidence",
                Select(
                    CONFIDENCE_CHOICES,
                    compact=True,
                    prompt="choose 1 to 5",
                    value=current or Select.NULL,
                ),
            )
        ]

    def payload(self) -> Payload:
        value = self.select("value")
        if value is None:
            raise FieldError("value", "choose a rating from 1 to 5")
        return actions.rate_confidence(self.experiment.id, int(str(value)))


class CheckInForm(OnExperimentForm):
    title_text = "Check in"
    intro = "Soon after the training (about 2 weeks) and long-term (about 3 months)."

    def fields(self) -> list[FormField]:
        held = {c.kind for c in self.experiment.check_ins}
        kind = CheckInKind.LONG_TERM if CheckInKind.SOON_AFTER in held else CheckInKind.SOON_AFTER
        choices = [
            ("soon after the training", CheckInKind.SOON_AFTER.value),
            ("long-term", CheckInKind.LONG_TERM.value),
        ]
        return [
            FormField(
                "kind",
                "Which check-in?",
                Select(choices, value=kind.value, allow_blank=False, compact=True),
            ),
            FormField("notes", "Notes", text_area(), hint=CHECK_IN_QUESTIONS[kind]),
        ]

    @on(Select.Changed, "#field-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        hint = self.query(".field-hint").first(Static)
        if isinstance(event.value, str) and event.value in CheckInKind._value2member_map_:
            hint.update(CHECK_IN_QUESTIONS[CheckInKind(event.value)])

    def payload(self) -> Payload:
        kind = CheckInKind(str(self.select("kind")))
        return actions.check_in(self.experiment.id, kind, self.text("notes").strip())


# --- the people side: praise, support notes, asking for support ---------------------------


PRAISE_KINDS = [
    ("the effort: the attempt, the practice, the courage", "effort"),
    ("a result: what it achieved", "result"),
]
NOT_ABOUT_ONE = "(not about one experiment)"


class PraiseForm(FormScreen):
    """A manager praises a colleague, about one of their experiments or in general."""

    title_text = "Praise"
    intro = (
        "Notice the effort as well as the results: trying something new in front of "
        "others is the hard part."
    )
    paths = {"to": "to", "about": "experiment_id", "kind": "kind", "message": "message"}

    def __init__(self, to: str | None = None, experiment: Experiment | None = None) -> None:
        super().__init__()
        self.to = experiment.owner if experiment else to
        self.experiment = experiment

    def _members(self) -> list[tuple[Text, str]]:
        state = self.board_app.state
        me = self.board_app.me
        return [
            (Text(m.name), m.id)
            for m in sorted(state.members.values(), key=lambda m: sort_key(m.name))
            if m.id != me
        ]

    def _experiments_of(self, member_id: str | None) -> list[tuple[Text, str]]:
        state = self.board_app.state
        mine = [e for e in state.active if e.owner == member_id]
        mine.sort(key=lambda e: (e.stage.position, e.title.casefold()))
        muted = tones(self.app).muted
        return [(Text(NOT_ABOUT_ONE), "")] + [
            (Text.assemble(e.title[:80], (f"  {e.stage.label}", muted)), e.id) for e in mine
        ]

    def fields(self) -> list[FormField]:
        members = self._members()
        to = self.to if any(value == self.to for _, value in members) else Select.NULL
        about = self.experiment.id if self.experiment else ""
        return [
            FormField(
                "to", "Who?", Select(members, compact=True, prompt="choose a colleague", value=to)
            ),
            FormField(
                "about",
                "About which experiment?",
                Select(self._experiments_of(self.to), compact=True, allow_blank=False, value=about),
            ),
            FormField(
                "kind", "For", Select(PRAISE_KINDS, compact=True, allow_blank=False, value="effort")
            ),
            FormField(
                "message", "Your words", text_area(placeholder="What did you notice? Be specific.")
            ),
        ]

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._show_in_theme)

    def _show_in_theme(self, theme: Theme) -> None:
        """The experiments again, in the new theme's colours (teamboard.tui.widgets.tones)."""
        self._show_experiments_of(self.select("to"))

    @on(Select.Changed, "#field-to")
    def _to_changed(self, event: Select.Changed) -> None:
        self._show_experiments_of(event.value)

    def _show_experiments_of(self, to: object) -> None:
        member = None if to is Select.NULL or to is None else str(to)
        about = self.query_one("#field-about", Select)
        keep = about.value
        choices = self._experiments_of(member)
        about.set_options(choices)
        about.value = keep if any(value == keep for _, value in choices) else ""

    def payload(self) -> Payload:
        to = self.select("to")
        if to is None:
            raise FieldError("to", "choose whom to praise")
        return actions.praise(
            str(to),
            self.text("message").strip(),
            kind=PraiseKind(str(self.select("kind"))),
            experiment_id=str(self.select("about") or "") or None,
        )


class SupportNoteForm(OnExperimentForm):
    title_text = "A support note"
    intro = "Encourage, offer help, or say what you noticed."

    def fields(self) -> list[FormField]:
        return [FormField("text", "Your note", text_area())]

    def payload(self) -> Payload:
        return actions.note(self.experiment.id, self.text("text").strip())


class AskHelpForm(OnExperimentForm):
    """The owner asks the team for help on an experiment, in one line (asked again, the
    new ask replaces the open one)."""

    paths = {"ask": "ask"}

    def __init__(self, experiment: Experiment) -> None:
        super().__init__(experiment)
        open_ask = experiment.help
        self.title_text = "Change what you ask for" if open_ask else "Ask the team for help"
        self.intro = (
            "One line: it shows on the card, tops your turn at the stand-up and appears in "
            "the feed. A colleague who offers support answers it."
        )

    def fields(self) -> list[FormField]:
        open_ask = self.experiment.help
        return [
            FormField(
                "ask",
                "What would help?",
                text_input(
                    open_ask.ask if open_ask else "",
                    "e.g. someone to watch my demo on Thursday",
                ),
                hint=f"At most {ASK_LIMIT} characters.",
            )
        ]

    def payload(self) -> Payload:
        return actions.ask_help(self.experiment.id, self.text("ask"))


class SupporterForm(OnExperimentForm):
    """The owner asks a colleague to support the experiment, or takes a supporter off."""

    paths = {"supporter": "supporter"}

    def __init__(self, experiment: Experiment, remove: bool = False) -> None:
        super().__init__(experiment)
        # Not `self.remove`: that would hide Screen.remove(), which closing the form calls.
        self.removing = remove
        self.title_text = "Take a supporter off" if remove else "Ask a colleague for support"
        self.intro = "" if remove else "A colleague who knows about your experiment helps it stick."

    def fields(self) -> list[FormField]:
        state = self.board_app.state
        e = self.experiment
        if self.removing:
            ids = list(e.supporters)
        else:
            ids = [m for m in state.members if m != e.owner and m not in e.supporters]
        people = sorted(((Text(state.name_of(m)), m) for m in ids), key=lambda p: p[0].plain)
        prompt = "choose a supporter" if self.removing else "choose a colleague"
        return [FormField("supporter", "Who?", Select(people, compact=True, prompt=prompt))]

    def payload(self) -> Payload:
        supporter = self.select("supporter")
        if supporter is None:
            raise FieldError("supporter", "choose someone")
        build = actions.stop_support if self.removing else actions.support
        return build(self.experiment.id, str(supporter))


# --- corrections ----------------------------------------------------------------------------


class WithdrawForm(OnExperimentForm):
    """The owner takes the experiment off the board (or, when it is withdrawn, back on)."""

    paths = {"reason": "reason"}

    def __init__(self, experiment: Experiment) -> None:
        super().__init__(experiment)
        self.restoring = experiment.withdrawn is not None
        if self.restoring:
            self.title_text = "Restore this experiment?"
            self.intro = "It comes back to the board where it was, with all its history."
        else:
            self.title_text = "Withdraw this experiment?"
            self.intro = (
                "It leaves the board and stays in the history (press w on the board to see "
                "withdrawn experiments); you can restore it later."
            )

    def fields(self) -> list[FormField]:
        if self.restoring:
            return []
        return [FormField("reason", "Why? (optional)", text_input(placeholder="e.g. a test entry"))]

    def payload(self) -> Payload:
        if self.restoring:
            return actions.restore(self.experiment.id)
        return actions.withdraw(self.experiment.id, self.text("reason"))


def entries_to_take_back(
    state: BoardState, experiment: Experiment, me: str | None
) -> list[tuple[EntryKind, str, str]]:
    """(kind, id, label) of what `me` wrote on this experiment and may take back."""
    return [
        (found.kind, found.entry.id, f"{found.on.isoformat()}  {found.text}")
        for kind in EntryKind
        for found in entries_of(state, kind, experiment)
        if found.writer == me and found.entry.taken_back is None
    ]


class TakeBackForm(FormScreen):
    """Take back one of my entries: a practice, a support note, praise I posted."""

    title_text = "Take back an entry"
    intro = "It stays in the history, marked as taken back, and the feed says so."
    paths = {"entry": "entry_id", "reason": "reason"}

    def __init__(
        self, experiment: Experiment | None, entries: list[tuple[EntryKind, str, str]]
    ) -> None:
        """`experiment` is None for praise about no experiment in particular."""
        super().__init__()
        self.experiment = experiment
        self.entries = {f"{kind.value}:{entry_id}": kind for kind, entry_id, _ in entries}
        self.choices = [
            (Text(f"{kind.traits.label}: {one_line(label)[:70]}"), f"{kind.value}:{i}")
            for kind, i, label in entries
        ]

    def fields(self) -> list[FormField]:
        return [
            FormField(
                "entry", "Which one?", Select(self.choices, compact=True, prompt="choose an entry")
            ),
            FormField("reason", "Why? (optional)", text_input()),
        ]

    def payload(self) -> Payload:
        choice = self.select("entry")
        if choice is None:
            raise FieldError("entry", "choose the entry to take back")
        kind = self.entries[str(choice)]
        entry_id = str(choice).split(":", 1)[1]
        experiment_id = self.experiment.id if self.experiment else None
        return actions.take_back(
            kind, entry_id, experiment_id=experiment_id, reason=self.text("reason")
        )
