"""The stand-up: the team walks through its people one at a time (their cards and what
changed since the last stand-up, what they said they would do next, what they need), acts
right there (praise, support, a check-in, a call for help), and ends with the wins.

Started (or joined, when one is running) with `s` from the board, the feed or the team,
or the palette's "Start the stand-up". Starting and ending are events on the board
(teamboard.views.standup works out everything shown here); the timer only shows time, it
never interrupts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Digits, Static

from teamboard.domain import actions
from teamboard.domain.rules import (
    check_answer_request,
    check_ask_help,
    check_check_in,
    check_clear_help,
    check_end_standup,
    check_praise,
    check_support,
)
from teamboard.domain.state import BoardState, Experiment, Refused, Standup
from teamboard.tui.screens.common import BoardApp, StateView, board_app, why_not_keys
from teamboard.tui.screens.confirm import NO, YES, ConfirmScreen
from teamboard.tui.widgets.footer import KeysFooter
from teamboard.tui.widgets.standup_pages import (
    card_page,
    mmss,
    needs_page,
    next_steps_page,
    wins_page,
)
from teamboard.tui.widgets.tones import BOLD, Tones, tones
from teamboard.views.standup import (
    TURN_SECONDS,
    Turn,
    TurnOrder,
    one_line_summary,
    running_standup,
    turn_of,
    turns,
)

# The timer's settings, in the order the key goes through them (None: no timer).
TIMER_CHOICES: list[int | None] = [TURN_SECONDS, 120, 180, None, 60]
WIDE = (120, 36)  # from this size on, the shared-screen layout: big name, two columns


ORDER_CHOICE = "standup_order"  # the board's choices on this machine (teamboard.store.local)
TIMER_CHOICE = "standup_timer"


@dataclass
class Session:
    """What the team chose for its stand-ups: kept for this run of the app, and for the
    board on this machine (the app writes it: BoardApp.remember_board_choice)."""

    order: TurnOrder = TurnOrder.ATTENTION
    seconds: int | None = TURN_SECONDS
    # Who was marked present or away, per stand-up: leaving a running stand-up and joining
    # it again keeps the marks.
    marks: dict[str, dict[str, bool]] = field(default_factory=dict)

    @classmethod
    def remembered(cls, app: BoardApp) -> Session:
        session = cls()
        order = app.board_choice(ORDER_CHOICE)
        if order is not None and order in TurnOrder._value2member_map_:
            session.order = TurnOrder(order)
        timer = app.board_choice(TIMER_CHOICE)
        if timer == "off":
            session.seconds = None
        elif timer is not None and timer.isdigit() and int(timer) in TIMER_CHOICES:
            session.seconds = int(timer)
        return session

    def remember(self, app: BoardApp) -> None:
        app.remember_board_choice(ORDER_CHOICE, self.order.value)
        app.remember_board_choice(TIMER_CHOICE, str(self.seconds) if self.seconds else "off")


_sessions: WeakKeyDictionary[App[object], Session] = WeakKeyDictionary()


def session_of(app: App[object]) -> Session:
    session = _sessions.get(app)
    if session is None:
        session = _sessions[app] = Session.remembered(board_app(app))
    return session


def start_or_join(app: App[Any]) -> None:
    """Start the stand-up, or join the one running (two stand-ups at once would split the
    team's record), and show it."""
    if isinstance(app.screen, StandupScreen):
        return
    board = board_app(app)
    running = running_standup(board.state, board.clock())
    if running is None:
        event = board.perform(actions.start_standup())
        if event is None or event["type"] != "standup_started":
            return  # refused: the notice says why
        standup_id = event["standup_id"]
    else:
        standup_id = running.id
        app.notify(
            f"{board.state.name_of(running.started_by)} started it at "
            f"{running.started_at.astimezone():%H:%M}.",
            title="Joined the stand-up",
            markup=False,
        )
    app.push_screen(StandupScreen(standup_id))


class StandupScreen(StateView):
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "leave", "Leave", show=False, tooltip="leave (it keeps running)"),
        Binding("right,l,space", "turn(1)", "Next", key_display="→", tooltip="the next person"),
        Binding("left,h", "turn(-1)", "Prev", key_display="←", tooltip="the previous person"),
        Binding("up,k", "card(-1)", "Up", show=False, tooltip="the card above"),
        Binding("down,j", "card(1)", "Down", show=False, tooltip="the card below"),
        Binding("enter", "open", "Open", tooltip="open the card"),
        Binding("g", "praise", "Praise", tooltip="praise them (managers)"),
        Binding(
            "s", "support", "Support", tooltip="offer to support the card (when asked: say yes)"
        ),
        Binding(
            "N",
            "decline",
            "Decline",
            show=False,
            tooltip="say no to supporting the card, when its owner asked you",
        ),
        Binding("d", "check_in", "Check-in", tooltip="record a check-in on the card"),
        Binding("a", "ask_help", "Ask help", tooltip="ask the team for help on your card"),
        Binding("A", "clear_help", "Clear help", show=False, tooltip="clear your call for help"),
        Binding("E", "end", "End", tooltip="the wins, then end and record the stand-up"),
        Binding(
            "o", "order", "Order", show=False, tooltip="order: alphabetical or attention first"
        ),
        Binding(
            "T", "timer", "Timer", show=False, tooltip="time per person: 90 s, 2, 3, off, 1 min"
        ),
        Binding("x", "present", "Present", show=False, tooltip="mark them away, or present again"),
        # When the rules leave a key above out of the footer, pressing it says why.
        *why_not_keys(
            ("g", "praise"),
            ("s", "support"),
            ("d", "check_in"),
            ("a", "ask_help"),
            ("A", "clear_help"),
        ),
    ]

    def __init__(self, standup_id: str) -> None:
        super().__init__()
        self.standup_id = standup_id
        self.order_ids: list[str] = []
        self.index = 0
        self.card_index = 0
        self.card_order: list[str] = []  # the current person's cards, as first shown
        self.at_end = False
        self.recorded = False
        # Marked present (True) or away (False); unmarked is present. Kept by the session.
        self.presence: dict[str, bool] = {}
        self.turn: Turn | None = None
        self.turn_started: datetime | None = None
        self._cards: list[Static] = []

    @property
    def session(self) -> Session:
        return session_of(self.app)

    @property
    def state(self) -> BoardState:
        return self.board_app.state

    @property
    def standup(self) -> Standup | None:
        return next((s for s in reversed(self.state.standups) if s.id == self.standup_id), None)

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="standup-status", classes="status")
        with Horizontal(id="standup-banner"):
            with Vertical(id="standup-who"):
                yield Static(id="standup-name")
                yield Static(id="standup-settings")
            yield Static(id="standup-clock")
            yield Digits(id="standup-digits")
        with Vertical(id="standup-body"):
            with VerticalScroll(id="standup-needs", classes="standup-part"):
                yield Static(id="standup-needs-text")
            with VerticalScroll(id="standup-cards", classes="standup-part"):
                yield Static(id="standup-cards-title", classes="standup-heading")
            with VerticalScroll(id="standup-next", classes="standup-part"):
                yield Static(id="standup-next-text")
        with VerticalScroll(id="standup-wins"):
            yield Static(id="standup-wins-text")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.presence = self.session.marks.setdefault(self.standup_id, {})
        self._order_people()
        self.set_interval(1.0, self._show_clock)
        self._fit(self.app.size.width, self.app.size.height)
        # StateView's on_mount runs next (Textual calls each class's own), and shows it.

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)
        if self.turn_started is not None:  # shown once: the status fits the new width
            self._show_status()

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width >= WIDE[0] and height >= WIDE[1], "-wide")

    # --- who is next ----------------------------------------------------------------------

    def _order_people(self) -> None:
        """The order for this stand-up, fixed when chosen: what changes during it (help
        answered, a check-in recorded) does not reshuffle the people still to come."""
        app = self.board_app
        current = self.order_ids[self.index] if self.order_ids and not self.at_end else None
        everyone = turns(self.state, app.clock(), app.changes(), self.session.order)
        self.order_ids = [turn.member.id for turn in everyone]
        if current in self.order_ids:
            self.index = self.order_ids.index(current)
        self.index = max(0, min(self.index, len(self.order_ids) - 1))

    def _people(self) -> list[str]:
        """The order, with anyone who joined meanwhile at the end and anyone gone left out."""
        members = self.state.members
        ids = [m for m in self.order_ids if m in members]
        ids += [m for m in members if m not in self.order_ids]
        if ids != self.order_ids:
            current = self.order_ids[self.index] if self.order_ids else None
            self.order_ids = ids
            if current in ids:
                self.index = ids.index(current)
        self.index = max(0, min(self.index, len(ids) - 1))
        return ids

    @property
    def member_id(self) -> str | None:
        people = self._people()
        return None if self.at_end or not people else people[self.index]

    @property
    def card(self) -> Experiment | None:
        if self.turn is None or self.at_end or not self.turn.experiments:
            return None
        return self.turn.experiments[min(self.card_index, len(self.turn.experiments) - 1)]

    # --- what is shown --------------------------------------------------------------------

    @property
    def tones(self) -> Tones:
        return tones(self.app)

    def show(self) -> None:
        app = self.board_app
        now = app.clock()
        member_id = self.member_id
        self.turn = (
            turn_of(self.state, now, app.changes(), member_id) if member_id is not None else None
        )
        if self.turn is not None:
            self._keep_cards_in_place(self.turn)
        if self.turn_started is None:
            self.turn_started = now
        self.set_class(self.at_end, "-at-end")
        self._show_status()
        self._show_banner()
        self._show_clock()
        if self.at_end:
            self.query_one("#standup-wins-text", Static).update(
                wins_page(
                    self.board_app.changes(),
                    self.state,
                    self.board_app.clock(),
                    self.tones,
                    self._attendees(),
                    self.standup,
                )
            )
        else:
            self._show_turn()

    def _show_status(self) -> None:
        app = self.board_app
        status = Text()
        status.append("Stand-up", style="bold")
        status.append(f"  ·  {app.changes().since.words}")
        standup = self.standup
        if standup is not None and standup.ended_at is not None:
            status.append("  ·  ")
            status.append(
                f"ended by {self.state.name_of(standup.ended_by)} at "
                f"{standup.ended_at.astimezone():%H:%M}",
                style="bold",
            )
        elif standup is not None and self.app.size.width >= 100:
            status.append(f"  ·  started {standup.started_at.astimezone():%H:%M} by ")
            status.append(self.state.name_of(standup.started_by))
        self.query_one("#standup-status", Static).update(status)

    def _show_banner(self) -> None:
        tone = self.tones
        name = Text()
        settings = Text(style=tone.muted)
        people = self._people()
        if self.turn is None:
            name.append("Wins", style="bold")
            settings.append(f"{len(self._attendees())} present · ← back to the people")
        else:
            member = self.turn.member
            name.append(member.name, style="bold")
            settings.append(f"{self.index + 1} of {len(people)}  ·  ")
            settings.append(f"{self.session.order.value} (o)  ·  ")
            seconds = self.session.seconds
            settings.append(f"{mmss(seconds) + ' each' if seconds else 'no timer'} (T)  ·  ")
            settings.append("present (x)" if self._present(member.id) else "away (x)")
        self.query_one("#standup-name", Static).update(name)
        self.query_one("#standup-settings", Static).update(settings)

    def _elapsed(self) -> int:
        if self.turn_started is None:
            return 0
        return max(0, int((self.board_app.clock() - self.turn_started).total_seconds()))

    def _show_clock(self) -> None:
        """Time left in this person's turn, then time over: shown, never a popup."""
        seconds = self.session.seconds
        clock = self.query_one("#standup-clock", Static)
        digits = self.query_one("#standup-digits", Digits)
        self.set_class(self.at_end or not seconds, "-no-timer")
        if self.at_end or not seconds:
            return
        left = seconds - self._elapsed()
        tone = self.tones
        over = left < 0
        words = f"{mmss(-left)} over" if over else f"{mmss(left)} left"
        clock.update(Text(words, style=tone.warning + BOLD if over else tone.muted))
        digits.update(("+" if over else "") + mmss(abs(left)))
        digits.set_class(over, "-over")

    def _show_turn(self) -> None:
        turn = self.turn
        if turn is None:
            return
        tone = self.tones
        self.query_one("#standup-needs-text", Static).update(needs_page(turn, tone, self.state))
        self.query_one("#standup-next-text", Static).update(next_steps_page(turn, tone))
        since = self.board_app.changes().since.words
        title = Text()
        title.append("Cards", style="bold")
        title.append(f"  ·  what changed {since}", style=tone.muted)
        self.query_one("#standup-cards-title", Static).update(title)
        box = self.query_one("#standup-cards", VerticalScroll)
        wanted = max(1, len(turn.experiments))
        while len(self._cards) < wanted:
            card = Static(classes="standup-card")
            self._cards.append(card)
            box.mount(card)
        while len(self._cards) > wanted:
            self._cards.pop().remove()
        now = self.board_app.clock()
        if not turn.experiments:
            self._cards[0].update(
                Text(
                    "Nothing on the board yet: what would they like to try?",
                    style=tone.muted,
                )
            )
            self._cards[0].set_class(False, "-selected")
            return
        for i, (card, experiment) in enumerate(zip(self._cards, turn.experiments, strict=False)):
            card.update(card_page(experiment, turn, self.state, now, tone, self.board_app.me))
            card.set_class(i == self.card_index, "-selected")

    # --- who was there --------------------------------------------------------------------

    def _present(self, member_id: str) -> bool:
        """Everyone is there unless marked away, whether or not their turn came up."""
        return self.presence.get(member_id, True)

    def _attendees(self) -> list[str]:
        me = self.board_app.me
        people = [m for m in self._people() if self._present(m)]
        if me and me in self.state.members and me not in people and self.presence.get(me, True):
            people.insert(0, me)  # whoever runs it is there
        return people

    # --- keys -----------------------------------------------------------------------------

    def _refusal(self, action: str) -> str | None:
        """Why this key does nothing here now (None: it does something)."""
        app = self.board_app
        me, state = app.me or "", self.state
        card, turn = self.card, self.turn
        try:
            if card is None and action in _ON_A_CARD:
                return "nothing on the board for them yet"
            match action:
                case "praise":
                    if turn is None:
                        return "choose a person first"
                    check_praise(state, me, turn.member.id, card)
                case "support" if card is not None:
                    check_support(state, card, me, me)
                case "check_in" if card is not None:
                    check_check_in(state, card, me)
                case "ask_help" if card is not None:
                    check_ask_help(state, card, me)
                case "clear_help" if card is not None:
                    check_clear_help(state, card, me)
                case "decline" if card is not None:
                    check_answer_request(state, card, me)
        except Refused as refusal:
            return str(refusal)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Who may do what here, by the board's own rules."""
        if action in ("praise", *_ON_A_CARD):
            if self.at_end:
                return False
            return self._refusal(action) is None and self.board_app.cannot_write() is None
        if action in ("order", "timer", "present", "card", "open"):
            return not self.at_end
        if action == "turn" and self.at_end:
            return parameters == (-1,)
        return True

    def action_why_not(self, action: str) -> None:
        if self.at_end:
            return
        reason = self.board_app.cannot_write() or self._refusal(action)
        if reason:
            self.notify(
                reason[0].upper() + reason[1:],
                title="Not for you here",
                severity="warning",
                markup=False,
            )

    def _redraw(self) -> None:
        self.show()
        self.refresh_bindings()

    def action_turn(self, step: int) -> None:
        people = self._people()
        if self.at_end:
            if step < 0:
                self.at_end = False
                self.index = len(people) - 1
                self._new_turn()
            return
        target = self.index + step
        if target >= len(people):
            self.at_end = True  # after the last person: the wins
            self._redraw()
            return
        if target < 0:
            return
        self.index = target
        self._new_turn()

    def _keep_cards_in_place(self, turn: Turn) -> None:
        """The cards stay in the order they were shown in at the start of the turn (a
        card whose needs are answered while the team talks does not jump), and the
        cursor on the same card."""
        current = self.card_order[self.card_index] if self.card_order else None
        place = {eid: i for i, eid in enumerate(self.card_order)}
        turn.experiments.sort(key=lambda e: place.get(e.id, len(place)))
        self.card_order = [e.id for e in turn.experiments]
        if current in self.card_order:
            self.card_index = self.card_order.index(current)
        self.card_index = max(0, min(self.card_index, len(self.card_order) - 1))

    def _new_turn(self) -> None:
        self.card_index = 0
        self.card_order = []
        self.turn_started = self.board_app.clock()
        self._redraw()
        self.query_one("#standup-cards", VerticalScroll).scroll_home(animate=False)
        self.query_one("#standup-body", Vertical).scroll_home(animate=False)

    def action_card(self, step: int) -> None:
        turn = self.turn
        if turn is None or not turn.experiments:
            return
        self.card_index = max(0, min(self.card_index + step, len(turn.experiments) - 1))
        for i, card in enumerate(self._cards):
            card.set_class(i == self.card_index, "-selected")
        self._cards[self.card_index].scroll_visible(animate=False)
        self.refresh_bindings()

    def action_open(self) -> None:
        if self.card is not None:
            from teamboard.tui.screens.experiment import ExperimentScreen

            self.app.push_screen(ExperimentScreen(self.card.id))

    def action_praise(self) -> None:
        from teamboard.tui.screens.forms.people import PraiseForm

        if self.turn is not None:
            card = self.card
            if card is not None:
                self.app.push_screen(PraiseForm(experiment=card))
            else:
                self.app.push_screen(PraiseForm(to=self.turn.member.id))

    def action_support(self) -> None:
        card, me = self.card, self.board_app.me
        if card is not None and me and self.board_app.perform(actions.support(card.id, me)):
            self.notify(f"You support “{card.title}” now.", title="Support offered", markup=False)

    def action_check_in(self) -> None:
        from teamboard.tui.screens.forms.entries import CheckInForm

        if self.card is not None:
            self.app.push_screen(CheckInForm(self.card))

    def action_ask_help(self) -> None:
        from teamboard.tui.screens.forms.people import AskHelpForm

        if self.card is not None:
            self.app.push_screen(AskHelpForm(self.card))

    def action_clear_help(self) -> None:
        from teamboard.tui.screens.forms.people import ask_to_clear_help

        if self.card is not None:
            ask_to_clear_help(self, self.card)

    def action_decline(self) -> None:
        card = self.card
        if card is not None and self.board_app.perform(actions.decline_support(card.id)):
            self.notify(f"You said no to supporting “{card.title}”.", markup=False)

    def action_order(self) -> None:
        session = self.session
        session.order = (
            TurnOrder.ALPHABETICAL if session.order is TurnOrder.ATTENTION else TurnOrder.ATTENTION
        )
        session.remember(self.board_app)
        self._order_people()
        self._redraw()

    def action_timer(self) -> None:
        session = self.session
        at = TIMER_CHOICES.index(session.seconds) if session.seconds in TIMER_CHOICES else -1
        session.seconds = TIMER_CHOICES[(at + 1) % len(TIMER_CHOICES)]
        session.remember(self.board_app)
        self.show()

    def action_present(self) -> None:
        member_id = self.member_id
        if member_id is not None:
            self.presence[member_id] = not self._present(member_id)
            self.show()

    def action_end(self) -> None:
        """First the wins; there, record the end of the stand-up."""
        if not self.at_end:
            self.at_end = True
            self._redraw()
            return
        standup = self.standup
        if standup is None or standup.ended_at is not None:
            self.dismiss()
            return
        app = self.board_app
        try:
            check_end_standup(self.state, app.me or "", self.standup_id)
        except Refused as refusal:
            self.notify(str(refusal), title="Not done", severity="warning", markup=False)
            return
        summary = one_line_summary(app.changes(), self.state, app.clock())
        payload = actions.end_standup(self.standup_id, attendees=self._attendees(), summary=summary)
        if app.perform(payload) is not None:
            self.recorded = True
            self.notify(summary, title="Stand-up recorded", markup=False)
            self.dismiss()

    def action_leave(self) -> None:
        standup = self.standup
        if self.recorded or standup is None or standup.ended_at is not None:
            self.dismiss()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(LeaveStandupScreen(), answered)


# The keys that act on the card chosen in a person's turn.
_ON_A_CARD = ("support", "decline", "check_in", "ask_help", "clear_help")


class LeaveStandupScreen(ConfirmScreen):
    """Asked when a running stand-up is left without ending it."""

    BINDINGS = [Binding("y,l", YES, "Leave"), Binding("n,escape", NO, "Stay")]
    question = "Leave the stand-up without ending it?"
    detail = (
        "It keeps running: s joins it again, and anyone can end it. To end it, stay and press E."
    )
