"""The forms of an experiment's own entries: practice, a reflection, a confidence rating,
a check-in."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.widgets import Static

from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    CheckInKind,
    local_day,
)
from teamboard.domain.labels import CHECK_IN_QUESTIONS, REFLECTION_QUESTIONS
from teamboard.domain.rules import check_check_in_time
from teamboard.domain.state import Experiment, Reflection, Refused
from teamboard.tui.screens.forms.base import (
    FieldError,
    FormField,
    OnExperimentForm,
    date_or_none,
    text_area,
    text_input,
)
from teamboard.tui.screens.forms.experiment import CONFIDENCE_CHOICES
from teamboard.tui.widgets.dialog_select import DialogSelect as Select  # its list opens in the form


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
    intro = (
        "Soon after the training (about 2 weeks) and long-term (about 3 months; "
        "not before 2 months)."
    )

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
        try:
            check_check_in_time(self.experiment, kind, self.board_app.clock())
        except Refused as refusal:
            raise FieldError("kind", str(refusal)) from None
        return actions.check_in(self.experiment.id, kind, self.text("notes").strip())


# --- the people side: praise, support notes, asking for support ---------------------------
