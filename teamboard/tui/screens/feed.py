"""The recognition feed (praise, support notes, milestones, help asked, corrections) and
the activity log (every kind of change, by day), with a divider where what is new since
the last stand-up ends. Each item's sentence is teamboard.views.feed.headline's."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from teamboard.domain.events import EntryKind
from teamboard.domain.text import plural
from teamboard.tui.screens.common import StateView, explain_refusal, may_praise, why_not_keys
from teamboard.tui.screens.sections import SECTION_BINDINGS
from teamboard.tui.widgets.footer import KeysFooter
from teamboard.tui.widgets.tones import tones
from teamboard.views.feed import (
    ACTIVITY,
    RECOGNITION,
    FeedItem,
    FeedKind,
    ago,
    feed_items,
    filter_feed,
    headline,
)

SHOWN = 300  # the newest items shown; older ones are a filter away
# The mark before each kind of item (one cell wide in every terminal).
MARK = {kind: kind.look.mark for kind in FeedKind}


class FeedScreen(StateView):
    AUTO_FOCUS = "#feed"
    BINDINGS = [
        *SECTION_BINDINGS,
        Binding("enter", "open", "Open", show=False, tooltip="open the experiment"),
        Binding("g", "praise", "Praise", tooltip="praise (managers)"),
        Binding(
            "number_sign",
            "next_kind",
            "Kind",
            key_display="#",
            tooltip="only one kind of item (of this view), the next kind, then all",
        ),
        Binding(
            "v",
            "activity",
            "Activity",
            tooltip="the other view: all activity (every change, by day), or the recognition "
            "feed again",
        ),
        Binding("at", "filter_member", "Person", key_display="@", tooltip="only about one person"),
        Binding("m", "about_me", "About me", tooltip="only what is about me (as m on the board)"),
        Binding("u", "take_back", "Take back", tooltip="take back my praise or note"),
        Binding(
            "escape", "clear_filters", "Clear filters", show=False, tooltip="clear the filters"
        ),
        # When the rules leave praise out of the footer, its key says why.
        *why_not_keys(("g", "praise")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind: FeedKind | None = None
        self.member: str | None = None
        self.about_me = False
        self.activity = False  # the activity log instead of the recognition feed
        self.items: list[FeedItem] = []  # the items shown, newest first
        self.rows: list[FeedItem | None] = []  # each option's item (None: a heading)

    @property
    def kinds(self) -> tuple[FeedKind, ...]:
        """The kinds of item this view shows."""
        return ACTIVITY if self.activity else RECOGNITION

    def compose(self) -> ComposeResult:
        yield Static(id="feed-status", classes="status")
        yield OptionList(id="feed")
        yield KeysFooter(compact=True)

    def show(self) -> None:
        app = self.board_app
        state = app.state
        items = filter_feed(
            feed_items(state, kinds=self.kinds),
            kind=self.kind,
            member=self.member,
            about_me=app.me if self.about_me else None,
        )
        feed = self.query_one("#feed", OptionList)
        current, row = self.selected, feed.highlighted or 0
        self.items = items[:SHOWN]
        since = app.changes().since
        now = app.clock()
        self.rows = []
        options: list[Option] = []
        newer = sum(item.at > since.at for item in self.items)
        today = now.astimezone().date()
        day: date | None = None
        for index, item in enumerate(self.items):
            if index == newer and newer:
                options.append(self._divider(since.words))
                self.rows.append(None)
            if self.activity and (on := item.at.astimezone().date()) != day:
                day = on
                options.append(self._day_heading(on, today))
                self.rows.append(None)
            options.append(Option(self._entry(item, now)))
            self.rows.append(item)
        if newer and newer == len(self.items):
            options.append(self._divider(since.words))
            self.rows.append(None)
        feed.clear_options()
        feed.add_options(options)
        if self.items:
            # Stay on the same item when new ones arrive above it.
            row = self.rows.index(current) if current is not None and current in self.rows else row
            feed.highlighted = self._enabled_row(row)
        status = Text("All activity" if self.activity else "Recognition feed", style="bold")
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
            f"  ·  {plural(len(items), 'item')}"
            + (f", newest {SHOWN} shown" if len(items) > SHOWN else "")
        )
        if not items:
            status.append("  ·  nothing here yet" if not filters else "  ·  nothing matches")
        elif not newer:
            status.append(f"  ·  nothing new {since.words}", style=tones(self.app).muted)
        self.query_one("#feed-status", Static).update(status)

    def _enabled_row(self, row: int) -> int:
        """The option at `row`, or the nearest item after it (else before it): a heading
        or the divider is never highlighted."""
        row = max(0, min(row, len(self.rows) - 1))
        after = [i for i in range(row, len(self.rows)) if self.rows[i] is not None]
        before = [i for i in range(row, -1, -1) if self.rows[i] is not None]
        return (after or before or [0])[0]

    def _divider(self, since: str) -> Option:
        """Where what is new since the last stand-up ends: the newer items are above it."""
        text = Text(f"── ↑ new {since} ──\n", style="bold")  # and a blank line
        return Option(text, disabled=True)

    def _day_heading(self, day: date, today: date) -> Option:
        name = f"{day:%a %d %b %Y}" if day.year != today.year else f"{day:%a %d %b}"
        if day == today:
            name = f"Today, {name}"
        elif day == today - timedelta(days=1):
            name = f"Yesterday, {name}"
        return Option(Text(name, style="bold underline"), disabled=True)

    def _entry(self, item: FeedItem, now: datetime) -> Table:
        state = self.board_app.state
        head = Text()
        for words in headline(item, state):
            head.append(words.text, style="bold" if words.name else "")
        # Under a day's heading the time of day says when; the feed says how long ago.
        when = f"{item.at.astimezone():%H:%M}" if self.activity else ago(item.at, now)
        head.append(f"  ·  {when}", style=tones(self.app).muted)
        body = [head]
        experiment = state.experiments.get(item.experiment_id or "")
        if experiment is not None:
            body.append(Text(experiment.title, style="italic"))
        if item.text and item.kind.look.words:
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
        return self.rows[index] if index is not None and index < len(self.rows) else None

    @on(OptionList.OptionHighlighted, "#feed")
    def _highlighted(self) -> None:
        self.refresh_bindings()  # "take back" is for my own praise and notes

    @on(OptionList.OptionSelected, "#feed")
    def action_open(self) -> None:
        item = self.selected
        if item and item.experiment_id and item.experiment_id in self.board_app.state.experiments:
            from teamboard.tui.screens.experiment import ExperimentScreen

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
        entry = item.kind.look.entry
        return (entry, item) if entry is not None else None

    def action_take_back(self) -> None:
        from teamboard.tui.screens.forms.corrections import TakeBackForm

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
        from teamboard.tui.screens.forms.people import PraiseForm

        item = self.selected
        state = self.board_app.state
        experiment = state.experiments.get(item.experiment_id or "") if item else None
        self.app.push_screen(PraiseForm(to=item.about if item else None, experiment=experiment))

    def action_next_kind(self) -> None:
        kinds: list[FeedKind | None] = [None, *self.kinds]
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self.show()

    def action_activity(self) -> None:
        """All activity, by day, or the recognition feed again (the filters that still
        make sense stay)."""
        self.activity = not self.activity
        if self.kind not in self.kinds:
            self.kind = None
        self.show()

    def action_about_me(self) -> None:
        self.about_me = not self.about_me
        self.show()

    def action_filter_member(self) -> None:
        from teamboard.tui.screens.pickers import MemberPicker

        def chosen(member_id: str | None) -> None:
            if member_id is not None:
                self.member = member_id or None
                self.show()

        self.app.push_screen(MemberPicker(self.member), chosen)

    def action_clear_filters(self) -> None:
        self.kind, self.member, self.about_me = None, None, False
        self.show()
