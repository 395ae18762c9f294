"""The forms of corrections: withdrawing an experiment, taking back one's own entry."""

from __future__ import annotations

from rich.text import Text

from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    EntryKind,
)
from teamboard.domain.state import BoardState, Experiment, entries_of
from teamboard.domain.text import one_line
from teamboard.tui.screens.forms.base import (
    FieldError,
    FormField,
    FormScreen,
    OnExperimentForm,
    text_input,
)
from teamboard.tui.widgets.dialog_select import DialogSelect as Select  # its list opens in the form


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
