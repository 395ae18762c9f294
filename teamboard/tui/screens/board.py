"""The home screen: four stage columns, keyboard first, for the stand-up."""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from teamboard.domain.events import STAGES, Event, Stage
from teamboard.domain.rules import allows, check_joined, check_owner_or_manager
from teamboard.domain.state import BoardState, Experiment
from teamboard.tui.messages import BoardChanged
from teamboard.tui.screens.common import (
    OnBoard,
    explain_refusal,
    may_praise,
    move_stage,
    why_not_keys,
)
from teamboard.tui.screens.sections import SECTION_BINDINGS
from teamboard.tui.widgets.card_column import CardColumn, ColumnTitle
from teamboard.tui.widgets.footer import KeysFooter
from teamboard.tui.widgets.summary_strip import SummaryStrip
from teamboard.tui.widgets.text_fields import OneLineInput
from teamboard.views.cards import Card, ColumnOrder, card_for, order_column, praise_counts
from teamboard.views.notices import next_steps
from teamboard.views.standup import Changes, Summary, running_standup, running_words, summary


@dataclass
class BoardFilter:
    text: str = ""
    only_mine: bool = False
    member: str | None = None
    withdrawn: bool = False  # the withdrawn experiments instead of those on the board
    changed: bool = False  # only those changed since the last stand-up

    @property
    def active(self) -> bool:
        return bool(self.text or self.only_mine or self.member or self.withdrawn or self.changed)


# Up to this many experiments, the summary strip is counted as the board is drawn; above,
# beside it (a thread): on 10,000 it takes about as long as a tenth of the first render.
SUMMARY_INLINE = 2000
COUNT_AFTER_S = 0.3  # a big board's counts start this long after it is drawn

CURSOR = Binding.Group("move the cursor")
SCROLL = Binding.Group("scroll a column: a page up or down, to the first or the last card")


class BoardScreen(OnBoard, Screen[None]):
    # The board's keys belong to the screen; nothing should take focus by itself.
    AUTO_FOCUS = ""
    # The help screen (?) lists these: a binding's tooltip (else its description) says
    # what it does, and a group's description stands for the keys in it.
    BINDINGS = [
        Binding("left,h", "cursor(-1, 0)", "Left", show=False, group=CURSOR),
        Binding("right,l", "cursor(1, 0)", "Right", show=False, group=CURSOR),
        Binding("up,k", "cursor(0, -1)", "Up", show=False, group=CURSOR),
        Binding("down,j", "cursor(0, 1)", "Down", show=False, group=CURSOR),
        Binding("pageup", "page(-1)", "Page up", show=False, group=SCROLL),
        Binding("pagedown", "page(1)", "Page down", show=False, group=SCROLL),
        Binding("home", "edge(-1)", "First", show=False, group=SCROLL),
        Binding("end", "edge(1)", "Last", show=False, group=SCROLL),
        Binding("enter", "open", "Open", tooltip="open the experiment (or double-click it)"),
        Binding(
            "left_square_bracket,shift+left",
            "move_card(-1)",
            "Back",
            key_display="[",
            tooltip="move the card back a stage",
        ),
        Binding(
            "right_square_bracket,shift+right",
            "move_card(1)",
            "Next",
            key_display="]",
            tooltip="move the card forward a stage",
        ),
        Binding(
            "n",
            "new_experiment",
            "New",
            tooltip="new experiment: add your own learning goal and plan",
        ),
        Binding(
            "slash",
            "filter_text",
            "Filter",
            key_display="/",
            tooltip="filter by text (title, person, training)",
        ),
        Binding("m", "only_mine", "Mine", show=False, tooltip="only my experiments"),
        Binding(
            "at",
            "filter_member",
            "Person",
            key_display="@",
            show=False,
            tooltip="only one person's experiments",
        ),
        Binding(
            "w",
            "withdrawn",
            "Withdrawn",
            show=False,
            tooltip="the withdrawn experiments (kept in the history), or the board again",
        ),
        Binding("g", "praise", "Praise", tooltip="praise the owner of the card (managers)"),
        Binding(
            "escape", "clear_filters", "Clear filters", show=False, tooltip="clear the filters"
        ),
        *SECTION_BINDINGS[1:],
        # For the stand-up: after the sections, so that a narrow footer leaves them out first.
        Binding(
            "c",
            "only_changed",
            "Changed",
            tooltip="only the cards that changed since the last stand-up (marked • new)",
        ),
        Binding(
            "o",
            "column_order",
            "Order",
            show=False,
            tooltip="order the cards: by owner, attention first (help asked, stalled, alone), "
            "longest in stage first (remembered for this board)",
        ),
        Binding(
            "v",
            "presenter",
            "Presenter",
            tooltip="the presenter view for a shared screen: larger cards, no personal keys",
        ),
        # When the rules leave one of the keys above out of the footer, pressing it still
        # says why (Textual runs the first binding of a key that is enabled).
        Binding("left_square_bracket,shift+left", "try_move(-1)", show=False),
        Binding("right_square_bracket,shift+right", "try_move(1)", show=False),
        *why_not_keys(("n", "new_experiment"), ("g", "praise")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = BoardFilter()
        self.column_index = 0
        self.rows = [0] * len(STAGES)
        self.selected_id: str | None = None
        self._cards: dict[str, Card] = {}
        self._movable: bool | None = None  # whether the footer offers moving the card
        self._praise: Counter[str] | None = None
        self.order = ColumnOrder.OWNER
        self.presenter = False  # the presenter view: larger cards, no personal chrome
        self._changes: Changes | None = None  # what changed since the last stand-up
        self._summarised: tuple[Changes, bool] | None = None  # what the strip counts
        # Experiment id -> attention, until a change to it, a load or a new hour.
        self._loading = ""  # how far opening the board has come
        self._attention: dict[str, int] = {}
        self._weighed_in: datetime | None = None  # the hour the weights were worked out in

    def compose(self) -> ComposeResult:
        yield Static(id="board-status")
        yield SummaryStrip(id="board-summary")
        with Horizontal(id="board"):
            for stage in STAGES:
                with Vertical(classes="stage", id=f"stage-{stage.value}"):
                    yield ColumnTitle(stage.label, classes="stage-title")
                    yield CardColumn(stage, self.card_of, id=f"column-{stage.value}")
        yield OneLineInput(placeholder="filter by title, person or training", id="filter-input")
        yield KeysFooter(compact=True)
        yield Static(
            Text("presenter view  ·  v: back to your own view  ·  ? keys"),
            id="presenter-hint",
        )

    def on_mount(self) -> None:
        for column in self.columns:
            column.empty_text = "opening the board…"
        self.query_one("#filter-input").display = False
        self.query_one("#presenter-hint").display = False
        remembered = self.board_app.board_choice("column_order")
        if remembered in set(ColumnOrder):
            self.order = ColumnOrder(remembered)
        self.show_status()

    def show_loading(self, words: str) -> None:
        """How far the board has come while it opens ("40 of 200 files read"), in the
        status line after "opening the board…"."""
        self._loading = words
        self.show_status()

    # --- what is shown ------------------------------------------------------------------

    @property
    def columns(self) -> list[CardColumn]:
        return list(self.query(CardColumn))

    def card_of(self, experiment: Experiment) -> Card:
        card = self._cards.get(experiment.id)
        if card is None:
            if self._praise is None:
                self._praise = praise_counts(self.board_app.state)
            new = self._changes.of(experiment.id) if self._changes is not None else None
            card = card_for(
                experiment, self.board_app.state, self.board_app.clock(), self._praise, new
            )
            self._cards[experiment.id] = card
        return card

    def visible_experiments(self) -> dict[Stage, list[Experiment]]:
        state = self.board_app.state
        f = self.filter
        needle = f.text.casefold()
        lowered = {m.id: m.name.casefold() for m in state.members.values()}
        changed = self.changes().by_experiment if f.changed else {}
        buckets: dict[Stage, list[Experiment]] = {stage: [] for stage in STAGES}
        for experiment in state.experiments.values():
            if (experiment.withdrawn is not None) != f.withdrawn:
                continue
            if f.changed and experiment.id not in changed:
                continue
            if f.only_mine and experiment.owner != self.board_app.me:
                continue
            if f.member and experiment.owner != f.member:
                continue
            if needle and not (
                needle in experiment.title.casefold()
                or needle in lowered.get(experiment.owner, "")
                or needle in experiment.training.casefold()
            ):
                continue
            buckets[experiment.stage].append(experiment)
        now = self.board_app.clock()
        for bucket in buckets.values():
            order_column(bucket, self.order, state, now, self._attention)
        return buckets

    def changes(self) -> Changes:
        """What changed since the last stand-up (the app works it out once per change)."""
        return self.board_app.changes()

    def refresh_board(self) -> None:
        if not self.columns:
            return  # not composed (yet, or any more): drawn when it is mounted
        self._cards.clear()
        self._praise = None
        changes = self.changes()
        hour = self.board_app.clock().replace(minute=0, second=0, microsecond=0)
        if hour != self._weighed_in:  # time moves attention on (days in a stage...)
            self._attention.clear()
            self._weighed_in = hour
        self._changes = changes
        self.show_summary()
        buckets = self.visible_experiments()
        # Keep the cursor on the same experiment, wherever it went.
        if self.selected_id is not None:
            for i, stage in enumerate(STAGES):
                ids = [e.id for e in buckets[stage]]
                if self.selected_id in ids:
                    self.column_index = i
                    self.rows[i] = ids.index(self.selected_id)
                    break
        for i, column in enumerate(self.columns):
            experiments = buckets[column.stage]
            self.rows[i] = max(0, min(self.rows[i], len(experiments) - 1))
            column.empty_text = (
                "no experiments match the filter" if self.filter.active else "nothing here yet"
            )
            column.show(experiments, self.rows[i] if i == self.column_index else None)
            title = self.query_one(f"#stage-{column.stage.value} .stage-title", ColumnTitle)
            title.show(len(experiments))
        self._remember_selection()
        self.show_status()

    def show_summary(self) -> None:
        """The strip under the header: counted once for each change of the board (and
        each hour), not on every filter or cursor move."""
        app = self.board_app
        changes = self._changes or self.changes()
        if self._summarised == (changes, app.loaded):
            return
        self._summarised = (changes, app.loaded)
        strip = self.query_one("#board-summary", SummaryStrip)
        if not app.loaded:
            strip.show("", None)
            return
        state, now, since = app.state, app.clock(), changes.since
        standup = running_standup(state, now)
        running = f"{running_words(standup)} · s joins" if standup is not None else ""
        self.refresh_bindings()  # the footer's s: "Join" while one runs
        if (first := app.first_summary(changes)) is not None:  # counted as it loaded
            strip.show(since.words, first, since.short_words, running)
            return
        if len(state.experiments) <= SUMMARY_INLINE:
            strip.show(since.words, summary(state, now, changes), since.short_words, running)
            return
        # A big board: the count walks every experiment (about 0.1 s on 10,000), so it
        # runs beside the screen, which answers keys meanwhile, and a moment after the
        # board is drawn (a thread started at once holds the first paint up by more than
        # the count itself: they share the interpreter); the strip shows the last counts,
        # or "counting…", until it is done.
        # The count reads a snapshot (app.snapshot): the board goes on changing meanwhile.
        strip.show(since.words, strip.summary, since.short_words, running)
        self.set_timer(COUNT_AFTER_S, partial(self._count, app.snapshot(), now, changes))

    @work(
        thread=True,
        exclusive=True,
        group="board-summary",
        description="summary",
        exit_on_error=False,
    )
    def _count(self, snapshot: BoardState, now: datetime, changes: Changes) -> None:
        counts = summary(snapshot, now, changes)
        if not get_current_worker().is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app has ended meanwhile
                self.app.call_from_thread(self._counted, changes, counts)

    def _counted(self, changes: Changes, counts: Summary) -> None:
        """The counts of a big board, if the board has not changed since."""
        if self._summarised is not None and self._summarised[0] is changes:
            since = changes.since
            strip = self.query_one("#board-summary", SummaryStrip)
            strip.show(since.words, counts, since.short_words)

    def show_status(self) -> None:
        app = self.board_app
        status = Text()
        status.append(app.board_name, style="bold")
        if self.presenter:
            status.append("  ·  presenter view")
        else:
            me = app.state.members.get(app.me or "")
            status.append(f"  ·  you: {me.name}" if me else "  ·  looking on")
        if not app.loaded:
            status.append("  ·  opening the board…")
            if self._loading:
                status.append(f" {self._loading}")
        if self.order is not ColumnOrder.OWNER:
            status.append(f"  ·  {self.order.label}")
        if self.filter.active:
            parts = []
            if self.filter.changed:
                parts.append("changed")
            if self.filter.withdrawn:
                parts.append("withdrawn")
            if self.filter.only_mine:
                parts.append("mine")
            if self.filter.member:
                parts.append(app.state.name_of(self.filter.member))
            if self.filter.text:
                parts.append(f"“{self.filter.text}”")
            shown = sum(len(c.experiments) for c in self.columns)
            pool = sum(
                (e.withdrawn is not None) == self.filter.withdrawn
                for e in app.state.experiments.values()
            )
            status.append(
                f"  ·  filter: {', '.join(parts)} ({shown} of {pool}) · esc clears",
                style="bold",
            )
        self.query_one("#board-status", Static).update(status)

    def _remember_selection(self) -> None:
        column = self.columns[self.column_index]
        row = self.rows[self.column_index]
        self.selected_id = column.experiments[row].id if column.experiments else None
        # The footer offers [ and ] only for a card I may move: redraw it when that changes
        # (not on every cursor move: rebuilding the footer costs more than the move).
        movable = self.check_action("move_card", ())
        if movable != self._movable:
            self._movable = movable
            self.refresh_bindings()

    @property
    def selected(self) -> Experiment | None:
        if self.selected_id is None:
            return None
        return self.board_app.state.experiments.get(self.selected_id)

    @on(BoardChanged)
    def _board_changed(self, message: BoardChanged) -> None:
        # Only the experiments a change touched are weighed again for the attention order
        # (all of them took 100-200 ms on 10,000, on the app's thread); a load, all.
        if message.reloaded:
            self._attention.clear()
        for event in message.events:
            self._attention.pop(str(event.get("experiment_id")), None)
        self.refresh_board()
        self.refresh_bindings()  # who may do what can change too

    # --- the cursor ---------------------------------------------------------------------

    def _place(self, column_index: int, row: int) -> None:
        columns = self.columns
        column_index = max(0, min(column_index, len(columns) - 1))
        column = columns[column_index]
        row = max(0, min(row, len(column.experiments) - 1))
        if column_index != self.column_index:
            columns[self.column_index].set_cursor(None)
        self.column_index = column_index
        self.rows[column_index] = row
        column.set_cursor(row if column.experiments else None)
        self._remember_selection()

    def action_cursor(self, dx: int, dy: int) -> None:
        if dx:
            target = self.column_index + dx
            if 0 <= target < len(STAGES):
                self._place(target, self.rows[target])
        else:
            self._place(self.column_index, self.rows[self.column_index] + dy)

    def action_page(self, direction: int) -> None:
        column = self.columns[self.column_index]
        step = max(1, column.size.height // column.card_height)
        self._place(self.column_index, self.rows[self.column_index] + direction * step)

    def action_edge(self, direction: int) -> None:
        column = self.columns[self.column_index]
        self._place(self.column_index, 0 if direction < 0 else len(column.experiments) - 1)

    @on(CardColumn.Selected)
    def _clicked(self, message: CardColumn.Selected) -> None:
        self._place(self.columns.index(message.column), message.index)
        if message.open:
            self.action_open()

    # --- actions ------------------------------------------------------------------------

    def action_open(self) -> None:
        experiment = self.selected
        if experiment is not None:
            from teamboard.tui.screens.experiment import ExperimentScreen

            self.app.push_screen(ExperimentScreen(experiment.id))

    def action_move_card(self, step: int) -> None:
        if self.selected is not None:
            move_stage(self.board_app, self.selected, step)

    def action_try_move(self, step: int) -> None:
        """A move the footer does not offer: the write path's refusal says why."""
        self.action_move_card(step)

    def action_why_not(self, action: str) -> None:
        explain_refusal(self, action)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's keys; while a stand-up runs, `s` says it joins it."""
        bindings = super().active_bindings
        standup = bindings.get("s")
        app = self.board_app
        if standup is not None and running_standup(app.state, app.clock()) is not None:
            joins = replace(standup.binding, description="Join")  # the strip says which
            bindings["s"] = standup._replace(binding=joins)
        return bindings

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys the board's rules let me use here; the others leave the footer."""
        state, me = self.board_app.state, self.board_app.me
        match action:
            case "praise":
                return may_praise(self.board_app)
            case "move_card":
                selected = self.selected
                return selected is not None and allows(
                    check_owner_or_manager, state, selected, me or "", "move"
                )
            case "new_experiment":
                return allows(check_joined, state, me or "")
            case "only_mine":
                return me is not None
        return True

    def action_only_changed(self) -> None:
        """Only the cards that changed since the last stand-up, or every card again."""
        self.filter.changed = not self.filter.changed
        self.refresh_board()

    def action_column_order(self) -> None:
        """The next order of the cards in each column, remembered for this board."""
        self.order = self.order.next
        self.board_app.remember_board_choice("column_order", self.order.value)
        self.refresh_board()
        self.notify(f"Cards ordered {self.order.label}.", timeout=3)

    def action_presenter(self) -> None:
        """The presenter view (a shared screen: larger cards, titles on up to three
        lines, no personal keys), or my own view again."""
        self.presenter = not self.presenter
        for column in self.columns:
            column.set_presenter(self.presenter)
        self.query_one(KeysFooter).display = not self.presenter
        self.query_one("#presenter-hint").display = self.presenter
        self.show_status()

    def action_withdrawn(self) -> None:
        """Show the withdrawn experiments (kept in the history), or the board again."""
        self.filter.withdrawn = not self.filter.withdrawn
        self.refresh_board()

    def action_praise(self) -> None:
        from teamboard.tui.screens.forms.people import PraiseForm

        experiment = self.selected
        if experiment is not None and experiment.owner == self.board_app.me:
            experiment = None  # a manager's own card: praise someone else
        self.app.push_screen(PraiseForm(experiment=experiment))

    def action_new_experiment(self) -> None:
        from teamboard.tui.screens.forms.experiment import ExperimentForm

        def saved(event: Event | None) -> None:
            if event is None or event["type"] != "experiment_created":
                return
            self.jump_to(event["experiment_id"])  # the cursor on the new card
            experiment = self.board_app.state.experiments[event["experiment_id"]]
            self.notify(
                f"Added “{event['title']}” to Goal. {next_steps(experiment)} (enter opens it)",
                title="New experiment",
                markup=False,
            )

        self.app.push_screen(ExperimentForm(), saved)

    def action_only_mine(self) -> None:
        if not self.board_app.me:
            self.notify("Choose who you are first (ctrl+p, “Who am I”).", severity="warning")
            return
        self.filter.only_mine = not self.filter.only_mine
        self.refresh_board()

    def action_filter_member(self) -> None:
        from teamboard.tui.screens.pickers import MemberPicker

        def chosen(member_id: str | None) -> None:
            if member_id is not None:
                self.filter.member = member_id or None
                self.refresh_board()

        self.app.push_screen(MemberPicker(self.filter.member), chosen)

    def action_show_member(self, member_id: str | None) -> None:
        """Only this member's experiments (the palette's "Person", the team's enter)."""
        self.filter.member = member_id
        self.refresh_board()

    def action_filter_text(self) -> None:
        box = self.query_one("#filter-input", Input)
        box.display = True
        box.value = self.filter.text
        box.focus()

    @on(Input.Changed, "#filter-input")
    def _filter_typed(self, event: Input.Changed) -> None:
        self.filter.text = event.value.strip()
        self.refresh_board()

    @on(Input.Submitted, "#filter-input")
    def _filter_done(self) -> None:
        self._close_filter_box()

    def _close_filter_box(self) -> None:
        box = self.query_one("#filter-input", Input)
        box.display = False
        self.set_focus(None)

    def action_clear_filters(self) -> None:
        box = self.query_one("#filter-input", Input)
        if box.display:
            box.value = ""
            self._close_filter_box()
        self.filter = BoardFilter()
        self.refresh_board()

    def action_jump_to(self, experiment_id: str) -> None:
        """The palette's "Experiment": the cursor on it."""
        self.jump_to(experiment_id)

    def jump_to(self, experiment_id: str) -> None:
        """Put the cursor on this experiment (clearing filters that hide it)."""
        experiment = self.board_app.state.experiments.get(experiment_id)
        if experiment is None:
            return
        self.selected_id = experiment_id
        if (experiment.withdrawn is not None) != self.filter.withdrawn:
            self.action_clear_filters()
            self.filter.withdrawn = experiment.withdrawn is not None
            self.refresh_board()
            return
        visible = {e.id for c in self.columns for e in c.experiments}
        if experiment_id not in visible:
            self.action_clear_filters()  # also closes the filter box, if it is open
        else:
            self.refresh_board()
