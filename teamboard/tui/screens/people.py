"""The team: everyone's experiments by stage, who supports whom, praise, and what needs
attention (for managers: the check-ins that are due)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from teamboard.domain.events import STAGES
from teamboard.domain.text import plural
from teamboard.tui.screens.common import StateView, explain_refusal, may_praise, why_not_keys
from teamboard.tui.screens.sections import SECTION_BINDINGS
from teamboard.tui.widgets.footer import KeysFooter
from teamboard.tui.widgets.tones import BOLD, tones
from teamboard.views.people import PersonFacts, PersonFlag, key_words, people_facts

SHORT_FLAG = {
    PersonFlag.UNSUPPORTED: "alone",
    PersonFlag.SUPPORTS_NOBODY: "gives none",
    PersonFlag.NO_RECENT_PRAISE: "no praise",
    PersonFlag.SUPPORTS_TOO_MANY: "stretched",
}


class PeopleScreen(StateView):
    AUTO_FOCUS = "#people"
    BINDINGS = [
        *SECTION_BINDINGS,
        Binding("g", "praise", "Praise", tooltip="praise them (managers)"),
        Binding(
            "enter",
            "show_on_board",
            "Their board",
            show=False,
            tooltip="their experiments on the board",
        ),
        Binding(
            "d", "due", "Check-ins", tooltip="the check-ins to hold (managers); enter opens one"
        ),
        # When the rules leave praise out of the footer, its key says why.
        *why_not_keys(("g", "praise")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.facts: list[PersonFacts] = []

    def compose(self) -> ComposeResult:
        yield Static(id="people-status", classes="status")
        table: DataTable[RenderableType] = DataTable(
            id="people", cursor_type="row", zebra_stripes=True
        )
        # Narrow enough for 80 columns: stages Goal/Practice/Reflection/Success, support
        # given (experiments supported) and got (supporters), praise in the last 30 days.
        for label in ("person", "role", "G/P/R/S", "gives/gets", "praise", "attention"):
            table.add_column(label, key=label)
        yield table
        with Horizontal(id="people-details"):
            with VerticalScroll(id="person-box"):
                yield Static(id="person")
            with Vertical(id="due-box"):
                yield Static(id="due-title")
                yield OptionList(id="due")
        yield KeysFooter(compact=True)

    def show(self) -> None:
        app = self.board_app
        state = app.state
        table = self.query_one("#people", DataTable)
        current, row = self.person, table.cursor_row
        self.facts = people_facts(state, app.clock())
        warning = tones(self.app).warning
        table.clear()
        for person in self.facts:
            table.add_row(
                Text(person.member.name),
                person.member.role.value,
                "/".join(str(len(person.by_stage[stage])) for stage in STAGES),
                f"{len(person.supports)}/{len(person.supported_by)}",
                str(person.praise_30_days),
                Text(", ".join(SHORT_FLAG[f] for f in person.flags), style=warning),
                key=person.member.id,
            )
        if self.facts:
            # Stay on the same person when someone joins above them.
            ids = [p.member.id for p in self.facts]
            if current is not None and current.member.id in ids:
                row = ids.index(current.member.id)
            table.move_cursor(row=min(row, len(self.facts) - 1))
        self._show_status()
        self._show_person()
        self._show_due()

    def on_resize(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        """The header, in the longest words that fit the width (it was cut at 80)."""
        unsupported = sum(len(p.unsupported) for p in self.facts)
        people = plural(len(self.facts), "person", "people")
        alone = f"{plural(unsupported, 'experiment')} without a supporter"
        tails = (f"{alone}  ·  ? explains the columns", f"{alone}  ·  ? keys", alone)
        room = self.size.width - 2  # the status's padding
        words = next(
            (
                f"  ·  {people}  ·  {tail}"
                for tail in tails
                if cell_len(f"Team  ·  {people}  ·  {tail}") <= room
            ),
            f"  ·  {people}  ·  {unsupported} unsupported",
        )
        self.query_one("#people-status", Static).update(Text.assemble(("Team", "bold"), words))

    @property
    def person(self) -> PersonFacts | None:
        row = self.query_one("#people", DataTable).cursor_row
        return self.facts[row] if 0 <= row < len(self.facts) else None

    @on(DataTable.RowHighlighted, "#people")
    def _show_person(self) -> None:
        person = self.person
        box = self.query_one("#person", Static)
        if person is None:
            box.update("")
            return
        box.update(self._person(person))

    def _person(self, person: PersonFacts) -> RenderableType:
        state = self.board_app.state
        tone = tones(self.app)
        parts: list[RenderableType] = []
        head = Text()
        head.append(person.member.name, style="bold")
        head.append(f"  {person.member.role.value}", style=tone.muted)
        parts.append(head)
        for flag in person.flags:
            parts.append(Text(f"! {flag.value}", style=tone.warning))
        for stage in STAGES:
            for e in person.by_stage[stage]:
                line = Text()
                line.append(f"{stage.label:<11}", style=tone.muted)
                line.append(e.title)
                if not e.supporters:
                    line.append("  (no supporter)", style=tone.warning)
                parts.append(line)
        if not person.experiments:
            parts.append(Text("no experiments yet", style=tone.muted))
        supports = Text()
        supports.append("Supports: ", style="bold")
        supports.append(
            "; ".join(f"{state.name_of(e.owner)}: {e.title}" for e in person.supports)
            or "nobody yet"
        )
        supported = Text()
        supported.append("Supported by: ", style="bold")
        supported.append(", ".join(state.name_of(m) for m in person.supported_by) or "nobody yet")
        praise = Text()
        praise.append(f"Praise in the last 30 days: {person.praise_30_days}", style="bold")
        key = Text()
        key.append("Key: ", style="bold")
        key.append(key_words(state, person.member.id))
        parts += [Text(""), supports, supported, praise, key]
        return Group(*parts)

    def _show_due(self) -> None:
        """For managers (lever 5, asking about results): the check-ins due, overdue
        first; enter on one opens its experiment to record it."""
        box = self.query_one("#due-box")
        manager = self.board_app.state.is_manager(self.board_app.me or "")
        box.display = manager
        if not manager:
            return
        state = self.board_app.state
        tone = tones(self.app)
        due = [(e, d) for p in self.facts for e, d in p.check_ins_due]
        due.sort(key=lambda pair: (not pair[1].overdue, pair[1].due_on))
        listing = self.query_one("#due", OptionList)
        current = listing.highlighted
        listing.clear_options()
        for experiment, d in due:
            line = Text()
            line.append(f"{d.word:<16} ", style=(tone.error if d.overdue else tone.warning) + BOLD)
            line.append(f"{d.kind.value:<10} due {d.due_on.isoformat()}  ", style=tone.muted)
            line.append(state.name_of(experiment.owner), style="bold")
            line.append(": ")
            line.append(experiment.title)
            listing.add_option(Option(line, id=f"{experiment.id}:{d.kind.value}"))
        overdue = sum(d.overdue for _, d in due)
        title = Text("Check-ins to hold", style="bold")
        title.append(
            f"  {plural(overdue, 'check-in')} overdue, {plural(len(due) - overdue, 'check-in')} "
            "due · d, then enter opens one"
            if due
            else "  none: every check-in is held",
            style=tone.muted,
        )
        self.query_one("#due-title", Static).update(title)
        if due:
            listing.highlighted = min(current or 0, len(due) - 1)

    def action_due(self) -> None:
        listing = self.query_one("#due", OptionList)
        if listing.display and listing.option_count:
            listing.focus()

    @on(OptionList.OptionSelected, "#due")
    def _open_due(self, event: OptionList.OptionSelected) -> None:
        from teamboard.tui.screens.experiment import ExperimentScreen

        experiment_id = (event.option.id or "").split(":", 1)[0]
        if experiment_id in self.board_app.state.experiments:
            self.app.push_screen(ExperimentScreen(experiment_id))

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "due":
            return self.board_app.state.is_manager(self.board_app.me or "")
        if action == "praise":
            return may_praise(self.board_app)
        return True

    def action_why_not(self, action: str) -> None:
        explain_refusal(self, action)

    def action_praise(self) -> None:
        from teamboard.tui.screens.forms.people import PraiseForm

        person = self.person
        self.app.push_screen(PraiseForm(to=person.member.id if person else None))

    @on(DataTable.RowSelected, "#people")
    async def action_show_on_board(self) -> None:
        person = self.person
        if person is not None:
            await self.app.run_action(("app", "on_board", ("show_member", person.member.id)))
