"""The forms between people: praise, a support note, a call for help (and the question
before clearing it), a supporter."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.theme import Theme

from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    ASK_LIMIT,
    PraiseKind,
    sort_key,
)
from teamboard.domain.state import Experiment
from teamboard.tui.screens.common import StateView
from teamboard.tui.screens.confirm import NO, YES, ConfirmScreen
from teamboard.tui.screens.forms.base import (
    FieldError,
    FormField,
    FormScreen,
    OnExperimentForm,
    text_area,
    text_input,
)
from teamboard.tui.widgets.dialog_select import DialogSelect as Select  # its list opens in the form
from teamboard.tui.widgets.tones import tones

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
            "the feed. A colleague who offers support (or says yes when you ask) answers it."
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


class ClearHelpScreen(ConfirmScreen):
    """Asked before the owner clears a call for help that nobody answered."""

    BINDINGS = [Binding("y,c", YES, "Clear it"), Binding("n,escape", NO, "Keep it")]
    question = "Clear your call for help?"
    detail = (
        "Nobody answered it yet. It leaves the card and the stand-up, and the feed says "
        "that you cleared it."
    )


def ask_to_clear_help(screen: StateView, experiment: Experiment) -> None:
    """The owner's `A`: clear the call for help, once they say so."""

    def answered(clear: bool | None) -> None:
        if clear:
            screen.board_app.perform(actions.clear_help(experiment.id))

    screen.app.push_screen(ClearHelpScreen(), answered)


class SupporterForm(OnExperimentForm):
    """The owner asks a colleague to support the experiment (a request they accept or
    decline), or takes a supporter off."""

    paths = {"supporter": "supporter"}

    def __init__(self, experiment: Experiment, remove: bool = False) -> None:
        super().__init__(experiment)
        # Not `self.remove`: that would hide Screen.remove(), which closing the form calls.
        self.removing = remove
        self.title_text = "Take a supporter off" if remove else "Ask a colleague for support"
        self.intro = (
            ""
            if remove
            else "A colleague who knows about your experiment helps it stick. They are asked: "
            "they become a supporter when they say yes."
        )

    def fields(self) -> list[FormField]:
        state = self.board_app.state
        e = self.experiment
        if self.removing:
            ids = list(e.supporters)
        else:
            asked = {r.supporter for r in e.requests_waiting}
            ids = [m for m in state.members if m != e.owner and m not in {*e.supporters, *asked}]
        people = sorted(((Text(state.name_of(m)), m) for m in ids), key=lambda p: p[0].plain)
        prompt = "choose a supporter" if self.removing else "choose a colleague"
        return [FormField("supporter", "Who?", Select(people, compact=True, prompt=prompt))]

    def payload(self) -> Payload:
        supporter = self.select("supporter")
        if supporter is None:
            raise FieldError("supporter", "choose someone")
        build = actions.stop_support if self.removing else actions.request_support
        return build(self.experiment.id, str(supporter))


# --- corrections ----------------------------------------------------------------------------
