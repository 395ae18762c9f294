"""One experiment: its plan, practice, reflections, check-ins, support and praise."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from teamboard.domain import actions
from teamboard.domain.facts import check_ins_due_for, days_in_stage_words, is_early
from teamboard.domain.labels import (
    APPLIED_LABEL,
    CHECK_IN_QUESTIONS,
    PLAN_LABELS,
    REFLECTION_QUESTIONS,
    describe_opportunity,
)
from teamboard.domain.rules import (
    allows,
    check_answer_request,
    check_ask_help,
    check_check_in,
    check_clear_help,
    check_joined,
    check_note,
    check_on_board,
    check_owner,
    check_owner_or_manager,
    check_praise,
    check_restore,
)
from teamboard.domain.state import BoardState, Correction, Experiment
from teamboard.domain.text import plural
from teamboard.exchange.story import check_story
from teamboard.tui.screens.common import StateView, move_stage
from teamboard.tui.screens.forms.corrections import TakeBackForm, WithdrawForm, entries_to_take_back
from teamboard.tui.screens.forms.entries import (
    CheckInForm,
    ConfidenceForm,
    PracticeForm,
    ReflectionForm,
)
from teamboard.tui.screens.forms.experiment import ExperimentForm
from teamboard.tui.screens.forms.people import (
    AskHelpForm,
    PraiseForm,
    SupporterForm,
    SupportNoteForm,
    ask_to_clear_help,
)
from teamboard.tui.widgets.footer import KeysFooter
from teamboard.tui.widgets.tones import BOLD, Tones, tones
from teamboard.views.cards import Flag, explain_flags, flags_of
from teamboard.views.insights.formulas import confidence_by_day
from teamboard.views.insights.signals import SCALES, Unit, spark, stretched


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d")


def _para(label: str, value: str, muted: Style) -> Text:
    text = Text()
    text.append(label, style="bold")
    text.append("\n")
    text.append(value.strip() if value.strip() else "—", style="" if value.strip() else muted)
    text.append("\n")
    return text


STRIKE = Style(strike=True)

PANES = ("plan", "practice", "reflections", "check-ins", "support", "praise")
# The confidence trend's width: its days stretched or sampled to these columns.
CONFIDENCE_COLUMNS = 24
TABS = Binding.Group(f"the tabs: {', '.join(PANES)}")


class ExperimentScreen(StateView):
    # The footer shows the actions; moving, going back and the rest are in the header's
    # hint and on `?`, so that an owner's keys still fit 80 columns.
    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", show=False, tooltip="back to where you opened it"
        ),
        Binding("p", "practice", "Practice", tooltip="log a practice"),
        Binding("r", "reflect", "Reflect", tooltip="reflect: the four questions"),
        Binding("c", "confidence", "Rate", tooltip="rate your confidence"),
        Binding("d", "check_in", "Check-in", tooltip="record a check-in"),
        Binding(
            "s",
            "support",
            "Support",
            tooltip="support it or stop (asked: say yes); the owner asks a colleague",
        ),
        Binding(
            "N",
            "decline",
            "Decline",
            tooltip="say no to supporting it, when its owner asked you",
        ),
        Binding(
            "x",
            "remove_supporter",
            "Remove supporter",
            show=False,
            tooltip="take a supporter off (owner)",
        ),
        Binding("n", "note", "Note", tooltip="a support note"),
        Binding("g", "praise", "Praise", tooltip="praise the owner (managers)"),
        Binding(
            "a",
            "ask_help",
            "Ask help",
            show=False,
            tooltip="ask the team for help, in one line (owner); again to change the ask",
        ),
        Binding("A", "clear_help", "Clear help", show=False, tooltip="clear your call for help"),
        Binding("e", "edit", "Edit", tooltip="edit the plan (owner); empty a field to clear it"),
        Binding(
            "R", "revise", "Revise", show=False, tooltip="revise the latest reflection (owner)"
        ),
        Binding(
            "u",
            "take_back",
            "Take back",
            show=False,
            tooltip="take back your practice entry, support note or praise",
        ),
        Binding(
            "y",
            "story",
            "Story",
            tooltip="save its success story as Markdown (in Success)",
        ),
        Binding("w", "withdraw", "Withdraw", show=False, tooltip="withdraw it (owner)"),
        Binding("w", "restore", "Restore", tooltip="restore it, when withdrawn (owner)"),
        Binding(
            "left_square_bracket",
            "move(-1)",
            "Back",
            key_display="[",
            show=False,
            tooltip="move it a stage back",
        ),
        Binding(
            "right_square_bracket",
            "move(1)",
            "Next",
            key_display="]",
            show=False,
            tooltip="move it a stage forward",
        ),
        *(
            Binding(str(n), f"tab('{pane}')", pane, show=False, group=TABS)
            for n, pane in enumerate(PANES, start=1)
        ),
    ]

    def __init__(self, experiment_id: str) -> None:
        super().__init__()
        self.experiment_id = experiment_id

    @property
    def experiment(self) -> Experiment:
        return self.board_app.state.experiments[self.experiment_id]

    @property
    def state(self) -> BoardState:
        return self.board_app.state

    def compose(self) -> ComposeResult:
        yield Static(id="experiment-header")
        with Horizontal(id="confidence-row"):
            yield Static("Confidence ", id="confidence-label")
            yield Static(id="confidence-trend")
            yield Static(id="confidence-words")
        yield Static(id="experiment-hints")
        with TabbedContent(id="experiment-tabs"):
            for pane_id in PANES:
                with TabPane(pane_id.capitalize(), id=f"tab-{pane_id}"), VerticalScroll():
                    yield Static(id=f"body-{pane_id}")
        yield KeysFooter(compact=True)

    def can_show(self) -> bool:
        return self.experiment_id in self.state.experiments

    # --- what is shown ------------------------------------------------------------------

    def show(self) -> None:
        e = self.experiment
        header, hints = self._header(e)
        self.query_one("#experiment-header", Static).update(header)
        self.query_one("#experiment-hints", Static).update(hints)
        self._confidence(e)
        self.query_one("#body-plan", Static).update(self._plan(e))
        self.query_one("#body-practice", Static).update(self._practice(e))
        self.query_one("#body-reflections", Static).update(self._reflections(e))
        self.query_one("#body-check-ins", Static).update(self._check_ins(e))
        self.query_one("#body-support", Static).update(self._support(e))
        self.query_one("#body-praise", Static).update(self._praise(e))
        tabs = self.query_one(TabbedContent)
        # What counts (state.counts): an entry taken back stays in the tab, struck through.
        counts = {
            "practice": len(e.practice_done),
            "reflections": len(e.reflections),
            "check-ins": len(e.check_ins),
            "support": len(e.supporters),
            "praise": sum(p.experiment_id == e.id for p in self.state.praise_standing),
        }
        for pane_id, count in counts.items():
            tabs.get_tab(f"tab-{pane_id}").label = f"{pane_id.capitalize()} ({count})"

    @property
    def tones(self) -> Tones:
        return tones(self.app)

    def _confidence(self, e: Experiment) -> None:
        """Confidence over time, day by day since the first rating, with where it started
        and where it stands."""
        tone = self.tones
        self.query_one("#confidence-label", Static).update(Text("Confidence ", style=tone.muted))
        trend = self.query_one("#confidence-trend", Static)
        by_day = confidence_by_day(e, self.board_app.clock())
        # On the scale of a rating, 1 to 5 (a 2 is low, even when it is the lowest).
        trend.update(spark(stretched(by_day, CONFIDENCE_COLUMNS), SCALES[Unit.RATING]))
        trend.display = len(set(by_day)) > 1
        words = Text()
        if not e.confidence:
            words.append("not rated yet (c)")
        else:
            first, latest = e.confidence[0], e.confidence[-1]
            if len(e.confidence) > 1:
                words.append(f" {first.value} → {latest.value}", style="bold")
                words.append(
                    f"  rated {plural(len(e.confidence), 'time')} since {_when(first.at)}",
                    style=tone.muted,
                )
            else:
                words.append(f"{latest.value}", style="bold")
                words.append(f"  on {_when(latest.at)}", style=tone.muted)
        self.query_one("#confidence-words", Static).update(words)

    def _header(self, e: Experiment) -> tuple[RenderableType, RenderableType]:
        now = self.board_app.clock()
        tone = self.tones
        title = Text()
        title.append(self.state.name_of(e.owner), style="bold")
        title.append(" · ")
        title.append(e.title, style="bold")
        line2 = Text()
        line2.append(f"{e.stage.label}, {days_in_stage_words(e, now)}", style="bold reverse")
        if e.training:
            line2.append("  from ")
            line2.append(e.training)
        if e.target_date:
            line2.append(f"  · target {e.target_date.isoformat()}")
        history = Text()
        history.append("Stages: ", style=tone.muted)
        history.append(" → ".join(f"{v.stage.label} {_when(v.at)}" for v in e.history))
        hint = Text()
        hint.append("esc back · [ ] move a stage · 1-6 tabs", style=tone.muted)
        if e.owner == self.board_app.me and e.withdrawn is None:
            help_keys = (
                " · a ask for help" if e.help is None else " · a change the ask · A clear it"
            )
            hint.append(help_keys, style=tone.muted)
        hint.append(" · ? all keys", style=tone.muted)
        parts: list[RenderableType] = [title, line2, history]
        after: list[RenderableType] = []
        if e.withdrawn is not None:
            gone = Text(style=tone.warning + BOLD)
            gone.append(f"Withdrawn on {_when(e.withdrawn.at)}")
            if e.withdrawn.reason:
                gone.append(": ")
                gone.append(e.withdrawn.reason)
            gone.append(" (w restores it)" if e.owner == self.board_app.me else "")
            after.append(gone)
        if (ask := e.help) is not None:
            asked = Text(style=tone.warning + BOLD)
            asked.append("Asks for help: ")
            asked.append(f"“{ask.ask}”")
            asked.append(f" (since {_when(ask.at)})")
            after.append(asked)
        if (request := e.waiting_for(self.board_app.me or "")) is not None:
            after.append(self._asked_me(request.asked_by, request.at))
        # The open ask has its own line above.
        flags = zip(flags_of(e, now), explain_flags(e, now), strict=True)
        needs = [words for flag, words in flags if flag is not Flag.HELP]
        if needs:
            after.append(Text("Needs attention: " + " · ".join(needs), style=tone.warning + BOLD))
        after.append(hint)
        return Group(*parts), Group(*after)

    def _asked_me(self, asked_by: str, at: datetime) -> Text:
        """The request waiting for my answer, and the keys that answer it."""
        line = Text(style=self.tones.warning + BOLD)
        line.append(self.state.name_of(asked_by))
        line.append(f" asked you to support this ({_when(at)}): s says yes, N says no")
        return line

    def _plan(self, e: Experiment) -> RenderableType:
        muted = self.tones.muted
        return Group(
            *(_para(label, getattr(e.plan, key), muted) for key, label in PLAN_LABELS.items()),
            _para(APPLIED_LABEL, describe_opportunity(e.opportunity), muted),
        )

    def _practice(self, e: Experiment) -> RenderableType:
        tone = self.tones
        if not e.practice:
            return Text("No practice logged yet. Press p to log what you tried.", style=tone.muted)
        text = Text()
        for entry in sorted(e.practice, key=lambda p: (p.on, p.at), reverse=True):
            text.append(entry.on.isoformat(), style="bold")
            text.append("  ")
            text.append(entry.what, style=tone.muted + STRIKE if entry.taken_back else "")
            _taken_back(text, entry.taken_back, tone)
            text.append("\n")
        return text

    def _reflections(self, e: Experiment) -> RenderableType:
        tone = self.tones
        if not e.reflections:
            return Text(
                "No reflection yet. Press r to answer the four questions.", style=tone.muted
            )
        parts: list[RenderableType] = []
        for reflection in reversed(e.reflections):
            heading = Text()
            heading.append(_when(reflection.at), style="bold underline")
            if reflection.revised_at is not None:
                heading.append(f"  revised {_when(reflection.revised_at)}", style=tone.muted)
            if not reflection.complete:
                heading.append("  (not all four answered)", style=tone.warning)
            parts.append(heading)
            for key, question in REFLECTION_QUESTIONS.items():
                parts.append(_para(question, getattr(reflection, key), tone.muted))
        return Group(*parts)

    def _check_ins(self, e: Experiment) -> RenderableType:
        tone = self.tones
        parts: list[RenderableType] = []
        for due in check_ins_due_for(e, self.board_app.clock()):
            parts.append(Text(f"{due.word}: {due.words} (d records it)", style=tone.warning + BOLD))
        if not e.check_ins:
            parts.append(Text("No check-in yet.", style=tone.muted))
        for check_in in reversed(e.check_ins):
            head = Text()
            head.append(f"{_when(check_in.at)}  {check_in.kind.value}  with ", style="bold")
            head.append(self.state.name_of(check_in.author))
            if is_early(e, check_in):  # from before the rule: kept, never on time
                head.append("  (early: before two months)", style=tone.warning)
            parts.append(head)
            parts.append(Text(CHECK_IN_QUESTIONS[check_in.kind], style=tone.muted))
            parts.append(Text(check_in.notes or "—"))
            parts.append(Text(""))
        return Group(*parts)

    def _support(self, e: Experiment) -> RenderableType:
        tone = self.tones
        parts: list[RenderableType] = []
        me = self.board_app.me or ""
        if not e.supporters:
            parts.append(
                Text("Nobody supports this yet. Press s to support it.", style=tone.warning + BOLD)
            )
        for request in e.requests_waiting:
            if request.supporter == me:
                parts.append(self._asked_me(request.asked_by, request.at))
                continue
            line = Text("? ")
            line.append(self.state.name_of(request.supporter), style="bold")
            line.append(f"  asked {_when(request.at)}, waiting for the answer", style=tone.muted)
            parts.append(line)
        for link in e.supporters.values():
            line = Text("♦ ")
            line.append(self.state.name_of(link.supporter), style="bold")
            line.append(f"  since {_when(link.at)}", style=tone.muted)
            if link.added_by != link.supporter:
                line.append("  (asked by ", style=tone.muted)
                line.append(self.state.name_of(link.added_by), style=tone.muted)
                line.append(")", style=tone.muted)
            parts.append(line)
        if e.support_notes:
            parts.append(Text("\nNotes", style="bold"))
        for note in reversed(e.support_notes):
            line = Text()
            line.append(f"{_when(note.at)}  ", style=tone.muted)
            line.append(self.state.name_of(note.author), style="bold")
            line.append(": ")
            line.append(note.text, style=tone.muted + STRIKE if note.taken_back else "")
            _taken_back(line, note.taken_back, tone)
            parts.append(line)
        return Group(*parts)

    def _praise(self, e: Experiment) -> RenderableType:
        tone = self.tones
        praise = [p for p in self.state.praise if p.experiment_id == e.id]
        if not praise:
            return Text("No praise for this yet.", style=tone.muted)
        text = Text()
        for p in reversed(praise):
            text.append(f"{_when(p.at)}  ", style=tone.muted)
            text.append(self.state.name_of(p.author), style="bold")
            if p.taken_back is not None:
                # Hidden by its author: its words are no longer shown.
                text.append(" posted praise here and took it back", style=tone.muted)
                _taken_back(text, p.taken_back, tone)
            else:
                text.append(f" praised the {p.kind.value}: ")
                text.append(p.message)
            text.append("\n")
        return text

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Who may do what here, by the board's own rules: the keys that do not apply
        are left out of the footer."""
        e = self.state.experiments.get(self.experiment_id)
        me = self.board_app.me
        if action == "story":  # saved by anyone, even someone only looking on
            return e is not None and allows(check_story, e)
        if e is None or me is None:
            return action not in _ACTING
        state = self.state
        match action:
            case "practice" | "reflect" | "confidence" | "edit" | "withdraw":
                return allows(check_owner, state, e, me, "change")
            case "revise":
                return bool(e.reflections) and allows(check_owner, state, e, me, "change")
            case "remove_supporter":
                return bool(e.supporters) and allows(check_owner, state, e, me, "change")
            case "restore":
                return allows(check_restore, state, e, me)
            case "check_in":
                return allows(check_check_in, state, e, me)
            case "move":
                return allows(check_owner_or_manager, state, e, me, "move")
            case "praise":
                return allows(check_praise, state, me, e.owner, e)
            case "note":
                return allows(check_note, state, e, me)
            case "support":
                return allows(check_joined, state, me) and allows(check_on_board, e)
            case "take_back":
                return bool(entries_to_take_back(state, e, me))
            case "ask_help":
                return allows(check_ask_help, state, e, me)
            case "clear_help":
                return allows(check_clear_help, state, e, me)
            case "decline":
                return allows(check_answer_request, state, e, me) and allows(check_on_board, e)
        return True

    def action_tab(self, pane: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{pane}"

    def action_practice(self) -> None:
        self.app.push_screen(PracticeForm(self.experiment))

    def action_reflect(self) -> None:
        self.app.push_screen(ReflectionForm(self.experiment))

    def action_confidence(self) -> None:
        self.app.push_screen(ConfidenceForm(self.experiment))

    def action_check_in(self) -> None:
        self.app.push_screen(CheckInForm(self.experiment))

    def action_edit(self) -> None:
        self.app.push_screen(ExperimentForm(self.experiment))

    def action_remove_supporter(self) -> None:
        self.app.push_screen(SupporterForm(self.experiment, remove=True))

    def action_note(self) -> None:
        self.app.push_screen(SupportNoteForm(self.experiment))

    def action_praise(self) -> None:
        self.app.push_screen(PraiseForm(experiment=self.experiment))

    def action_ask_help(self) -> None:
        self.app.push_screen(AskHelpForm(self.experiment))

    def action_clear_help(self) -> None:
        ask_to_clear_help(self, self.experiment)

    def action_decline(self) -> None:
        self.board_app.perform(actions.decline_support(self.experiment_id))

    def action_support(self) -> None:
        me = self.board_app.me
        if me == self.experiment.owner:
            self.app.push_screen(SupporterForm(self.experiment))
            return
        supporting = me in self.experiment.supporters
        build = actions.stop_support if supporting else actions.support
        self.board_app.perform(build(self.experiment_id, me or ""))

    def action_move(self, step: int) -> None:
        move_stage(self.board_app, self.experiment, step)

    def action_revise(self) -> None:
        # The latest reflection; older ones are revised from the CLI (reflect --revise ID).
        self.app.push_screen(ReflectionForm(self.experiment, self.experiment.reflections[-1]))

    def action_withdraw(self) -> None:
        self.app.push_screen(WithdrawForm(self.experiment))

    def action_restore(self) -> None:
        self.app.push_screen(WithdrawForm(self.experiment))

    def action_story(self) -> None:
        self.board_app.save_story(self.experiment_id)

    def action_take_back(self) -> None:
        entries = entries_to_take_back(self.state, self.experiment, self.board_app.me)
        self.app.push_screen(TakeBackForm(self.experiment, entries))


# The actions that change the board: none of them for someone only looking on.
_ACTING = {
    "practice",
    "reflect",
    "confidence",
    "edit",
    "withdraw",
    "revise",
    "remove_supporter",
    "restore",
    "check_in",
    "move",
    "praise",
    "note",
    "support",
    "take_back",
    "ask_help",
    "clear_help",
    "decline",
}


def _taken_back(text: Text, correction: Correction | None, tone: Tones) -> None:
    if correction is None:
        return
    text.append(f"  (taken back {_when(correction.at)}", style=tone.warning)
    if correction.reason:
        text.append(": ", style=tone.warning)
        text.append(correction.reason, style=tone.warning)
    text.append(")", style=tone.warning)
