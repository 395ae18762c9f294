"""The form of an experiment: its title, training and transfer plan, where it is
applied, the target date and a first confidence rating (new or edited)."""

from __future__ import annotations

from datetime import date

from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    ApplicationKind,
    PlanField,
)
from teamboard.domain.state import Experiment
from teamboard.tui.screens.forms.base import (
    FieldError,
    FormField,
    FormScreen,
    date_or_none,
    text_area,
    text_input,
)
from teamboard.tui.widgets.dialog_select import DialogSelect as Select  # its list opens in the form

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
