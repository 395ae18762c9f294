"""The recognition feed: praise (marked when a manager's), support notes and milestones."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from teamboard.feed import FeedItem, FeedKind, ago, feed_items, filter_feed
from teamboard.model import EntryKind
from teamboard.screens.common import StateView, explain_refusal, may_praise
from teamboard.screens.sections import SECTION_BINDINGS
from teamboard.widgets.footer import KeysFooter
from teamboard.widgets.tones import tones

SHOWN = 300  # the newest items shown; older ones are a filter away
KINDS: list[FeedKind | None] = [None, *FeedKind]
MARK = {
    FeedKind.PRAISE: "★",
    FeedKind.NOTE: "♦",
    FeedKind.MILESTONE: "◆",
    FeedKind.CORRECTION: "↺",
}


class FeedScreen(StateView):
    AUTO_FOCUS = "#feed"
    BINDINGS = [
        *SECTION_BINDINGS,
        Binding("enter", "open", "Open", show=False, tooltip="open the experiment"),
        Binding("g", "praise", "Praise", tooltip="praise (managers)"),
        Binding("g", "why_not('praise')", show=False),  # after it: says why, for others
        Binding(
            "k",
            "next_kind",
            "Kind",
            tooltip="only one kind: praise, notes, milestones, corrections, then all",
        ),
        Binding("p", "filter_member", "Person", tooltip="only about one person"),
        Binding("a", "about_me", "About me", tooltip="only what is about me"),
        Binding("u", "take_back", "Take back", tooltip="take back my praise or note"),
        Binding(
            "escape", "clear_filters", "Clear filters", show=False, tooltip="clear the filters"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind: FeedKind | None = None
        self.member: str | None = None
        self.about_me = False
        self.items: list[FeedItem] = []

    def compose(self) -> ComposeResult:
        yield Static(id="feed-status", classes="status")
        yield OptionList(id="feed")
        yield KeysFooter(compact=True)

    def show(self) -> None:
        app = self.board_app
        state = app.state
        items = filter_feed(
            feed_items(state),
            kind=self.kind,
            member=self.member,
            about_me=app.me if self.about_me else None,
        )
        feed = self.query_one("#feed", OptionList)
        current, row = self.selected, feed.highlighted or 0
        self.items = items[:SHOWN]
        feed.clear_options()
        now = app.clock()
        feed.add_options(Option(self._entry(item, now)) for item in self.items)
        if self.items:
            # Stay on the same item when new ones arrive above it.
            row = self.items.index(current) if current in self.items else row
            feed.highlighted = min(row, len(self.items) - 1)
        status = Text("Recognition feed", style="bold")
        filters = []
        if self.kind:
            filters.append(self.kind.value)
        if self.member:
            filters.append(state.name_of(self.member))
        if self.about_me:
            filters.append("about me")
        if filters:
            status.append(f"  ·  {', '.join(filters)} · esc clears", style="bold")
        status.append(
            f"  ·  {len(items)} item{'' if len(items) == 1 else 's'}"
            + (f", newest {SHOWN} shown" if len(items) > SHOWN else "")
        )
        if not items:
            status.append("  ·  nothing here yet" if not filters else "  ·  nothing matches")
        self.query_one("#feed-status", Static).update(status)

    def _entry(self, item: FeedItem, now: datetime) -> Table:
        state = self.board_app.state
        head = Text()
        if item.kind is FeedKind.MILESTONE:
            head.append(state.name_of(item.about), style="bold")
            head.append(f" {item.text}")
        elif item.kind is FeedKind.CORRECTION:
            head.append(state.name_of(item.who or ""), style="bold")
            head.append(f" {item.text}")
            if item.about and item.about != item.who:
                head.append(" of ")
                head.append(state.name_of(item.about), style="bold")
        else:
            head.append(state.name_of(item.who or ""), style="bold")
            if item.kind is FeedKind.PRAISE:
                if state.is_manager(item.who or ""):
                    head.append(" (manager)", style="italic")
                head.append(f" praised the {item.detail} of ")
            else:
                head.append(" wrote a support note for ")
            head.append(state.name_of(item.about), style="bold")
        head.append(f"  ·  {ago(item.at, now)}", style=tones(self.app).muted)
        body = [head]
        experiment = state.experiments.get(item.experiment_id or "")
        if experiment is not None:
            body.append(Text(experiment.title, style="italic"))
        if item.kind in (FeedKind.PRAISE, FeedKind.NOTE):
            body.append(Text(item.text))
        # A grid, so that long lines wrap under the text and not under the mark.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=1, style="bold")
        grid.add_column(ratio=1)
        grid.add_row(MARK[item.kind], Group(*body))
        grid.add_row("", "")
        return grid

    # --- actions ------------------------------------------------------------------------

    @property
    def selected(self) -> FeedItem | None:
        index = self.query_one("#feed", OptionList).highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    @on(OptionList.OptionHighlighted, "#feed")
    def _highlighted(self) -> None:
        self.refresh_bindings()  # "take back" is for my own praise and notes

    @on(OptionList.OptionSelected, "#feed")
    def action_open(self) -> None:
        item = self.selected
        if item and item.experiment_id and item.experiment_id in self.board_app.state.experiments:
            from teamboard.screens.experiment import ExperimentScreen

            self.app.push_screen(ExperimentScreen(item.experiment_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "praise":
            return may_praise(self.board_app)
        if action == "about_me":
            return self.board_app.me is not None
        if action == "take_back":
            return self._mine_to_take_back() is not None
        return True

    def _mine_to_take_back(self) -> tuple[EntryKind, FeedItem] | None:
        """The selected praise or note, if I wrote it (only its author takes it back)."""
        item = self.selected
        if item is None or not item.entry_id or item.who != self.board_app.me:
            return None
        kinds = {FeedKind.PRAISE: EntryKind.PRAISE, FeedKind.NOTE: EntryKind.NOTE}
        return (kinds[item.kind], item) if item.kind in kinds else None

    def action_take_back(self) -> None:
        from teamboard.screens.forms import TakeBackForm

        found = self._mine_to_take_back()
        if found is None:
            return
        kind, item = found
        experiment = self.board_app.state.experiments.get(item.experiment_id or "")
        entries = [(kind, item.entry_id, f"{item.at.date().isoformat()}  {item.text}")]
        self.app.push_screen(TakeBackForm(experiment, entries))

    def action_why_not(self, action: str) -> None:
        explain_refusal(self, action)

    def action_praise(self) -> None:
        from teamboard.screens.forms import PraiseForm

        item = self.selected
        state = self.board_app.state
        experiment = state.experiments.get(item.experiment_id or "") if item else None
        self.app.push_screen(PraiseForm(to=item.about if item else None, experiment=experiment))

    def action_next_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.show()

    def action_about_me(self) -> None:
        self.about_me = not self.about_me
        self.show()

    def action_filter_member(self) -> None:
        from teamboard.screens.pickers import MemberPicker

        def chosen(member_id: str | None) -> None:
            if member_id is not None:
                self.member = member_id or None
                self.show()

        self.app.push_screen(MemberPicker(self.member), chosen)

    def action_clear_filters(self) -> None:
        self.kind, self.member, self.about_me = None, None, False
        self.show()
