"""Tiny builders for raw event dicts with explicit `at`, `author` and `seq`.

    ann = Log("ann")
    events = [ann.join(0), ann.create(0, "exp1"), ann.move(day(3), "exp1", "practice")]
    state = fold(events, founder="ann")

`at` is a datetime or a number of days after T0 (a fixed clock: the tests never read the
wall clock). Every builder returns the raw dict as it would be stored, and also keeps it in
`log.events`, so a whole per-author log can be folded or shuffled.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from teamboard.domain.events import Name, Title, parse_event
from teamboard.domain.fold import apply
from teamboard.domain.state import BoardState, Refused

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)

When = datetime | float | int


def day(days: float, hours: float = 0, minutes: float = 0) -> datetime:
    """The fixed clock: `days` (and hours, minutes) after T0."""
    return T0 + timedelta(days=days, hours=hours, minutes=minutes)


def _at(when: When) -> datetime:
    return when if isinstance(when, datetime) else day(when)


class Log:
    """One author's append-only log: hands out unique ids and increasing `seq`.

    A real log is written in time order, so `seq` follows time here too: whatever order a
    test builds its events in, the log renumbers `seq` by time (ties in the order built).
    A test of a log out of time order sets `seq` itself.
    """

    def __init__(self, author: str, seq: int = 0) -> None:
        self.author = author
        self.first_seq = seq
        self.seq = seq  # a counter for ids; `seq` in the events follows time
        self.events: list[dict] = []

    def event(self, type: str, at: When, **payload: Any) -> dict:
        raw = {
            "id": f"{self.author}-{self.seq}",
            "at": _at(at).isoformat(),
            "author": self.author,
            "seq": self.seq,
            "type": type,
            **payload,
        }
        self.seq += 1
        self.events.append(raw)
        in_time = sorted(self.events, key=lambda e: datetime.fromisoformat(e["at"]))
        for n, event in enumerate(in_time):
            event["seq"] = self.first_seq + n
        return raw

    # --- one builder per event type -----------------------------------------------------

    def join(self, at: When, name: str | None = None) -> dict:
        return self.event("member_joined", at, name=name or self.author.capitalize())

    def set_role(self, at: When, member: str, role: str) -> dict:
        return self.event("role_set", at, member=member, role=role)

    def create(self, at: When, experiment_id: str, title: str = "Try it", **extra: Any) -> dict:
        return self.event(
            "experiment_created", at, experiment_id=experiment_id, title=title, **extra
        )

    def edit(self, at: When, experiment_id: str, **fields: Any) -> dict:
        return self.event("experiment_edited", at, experiment_id=experiment_id, **fields)

    def move(self, at: When, experiment_id: str, to: str) -> dict:
        return self.event("stage_moved", at, experiment_id=experiment_id, to=to)

    def practice(
        self, at: When, experiment_id: str, what: str = "tried it", on: date | None = None
    ) -> dict:
        on = on or _at(at).date()
        return self.event(
            "practice_logged",
            at,
            experiment_id=experiment_id,
            entry_id=f"p-{self.author}-{self.seq}",
            on=on.isoformat(),
            what=what,
        )

    def reflect(
        self,
        at: When,
        experiment_id: str,
        reflection_id: str | None = None,
        **answers: str,
    ) -> dict:
        return self.event(
            "reflection_written",
            at,
            experiment_id=experiment_id,
            reflection_id=reflection_id or f"r-{self.author}-{self.seq}",
            **answers,
        )

    def reflect_fully(self, at: When, experiment_id: str, reflection_id: str | None = None) -> dict:
        return self.reflect(at, experiment_id, reflection_id, **FULL_REFLECTION)

    def rate(self, at: When, experiment_id: str, value: Any) -> dict:
        return self.event("confidence_rated", at, experiment_id=experiment_id, value=value)

    def check_in(self, at: When, experiment_id: str, kind: str, notes: str = "") -> dict:
        return self.event(
            "checked_in",
            at,
            experiment_id=experiment_id,
            check_in_id=f"c-{self.author}-{self.seq}",
            kind=kind,
            notes=notes,
        )

    def praise(
        self,
        at: When,
        to: str,
        experiment_id: str | None = None,
        message: str = "well done",
        kind: str = "effort",
    ) -> dict:
        payload: dict[str, Any] = {"praise_id": f"k-{self.author}-{self.seq}", "to": to}
        if experiment_id is not None:
            payload["experiment_id"] = experiment_id
        return self.event("praise_posted", at, message=message, kind=kind, **payload)

    def support(self, at: When, experiment_id: str, supporter: str) -> dict:
        return self.event("support_added", at, experiment_id=experiment_id, supporter=supporter)

    def request_support(self, at: When, experiment_id: str, supporter: str) -> dict:
        return self.event("support_requested", at, experiment_id=experiment_id, supporter=supporter)

    def decline_support(self, at: When, experiment_id: str) -> dict:
        return self.event("support_declined", at, experiment_id=experiment_id)

    def unsupport(self, at: When, experiment_id: str, supporter: str) -> dict:
        return self.event("support_removed", at, experiment_id=experiment_id, supporter=supporter)

    def note(self, at: When, experiment_id: str, text: str = "I can help") -> dict:
        return self.event(
            "support_noted",
            at,
            experiment_id=experiment_id,
            note_id=f"n-{self.author}-{self.seq}",
            text=text,
        )

    def ask_help(self, at: When, experiment_id: str, ask: str = "someone to watch my demo") -> dict:
        return self.event("help_asked", at, experiment_id=experiment_id, ask=ask)

    def clear_help(self, at: When, experiment_id: str) -> dict:
        return self.event("help_cleared", at, experiment_id=experiment_id)

    def start_standup(self, at: When, standup_id: str) -> dict:
        return self.event("standup_started", at, standup_id=standup_id)

    def end_standup(self, at: When, standup_id: str, **extra: Any) -> dict:
        return self.event("standup_ended", at, standup_id=standup_id, **extra)


EXP = "bobexp01"


def team(*more: dict) -> BoardState:
    """ann (the founder, a manager), bob and cyd (employees); bob owns EXP from day 1; then
    `more`."""
    from teamboard.domain.fold import fold

    ann, bob, cyd = Log("ann"), Log("bob"), Log("cyd")
    base = [ann.join(0, "Ann"), bob.join(0, "Bob"), cyd.join(0, "Cyd"), bob.create(1, EXP)]
    return fold([*base, *more], founder="ann")


def logs() -> tuple[Log, Log, Log]:
    """ann's, bob's and cyd's logs, going on after the events of `team`."""
    return Log("ann", seq=100), Log("bob", seq=100), Log("cyd", seq=100)


FULL_REFLECTION = {
    "wanted": "ask open questions",
    "did": "asked three in the retro",
    "effect": "people talked more",
    "next_time": "wait longer for answers",
}


# --- comparing states ---------------------------------------------------------------------


def dump(state: BoardState) -> dict:
    """A canonical, comparable picture of the whole state."""
    return {
        "founder": state.founder,
        "members": {k: dataclasses.asdict(m) for k, m in sorted(state.members.items())},
        "experiments": {k: dataclasses.asdict(e) for k, e in sorted(state.experiments.items())},
        "praise": [dataclasses.asdict(p) for p in state.praise],
        "corrections": [dataclasses.asdict(c) for c in state.corrections],
        "standups": [dataclasses.asdict(s) for s in state.standups],
        "rejected": [dataclasses.asdict(r) for r in state.rejected],
        "event_ids": sorted(state.event_ids),
        "last_key": state.last_key,
    }


def refuse(state: BoardState, raw: dict) -> str:
    """Apply `raw` expecting a refusal; check the state is untouched; return the reason."""
    before = dump(state)
    try:
        apply(state, parse_event(raw))
    except Refused as refusal:
        assert dump(state) == before, "a refused event changed the state"
        return str(refusal)
    raise AssertionError(f"expected {raw['type']} to be refused")


def accept(state: BoardState, raw: dict) -> BoardState:
    apply(state, parse_event(raw))
    return state


def reasons(state: BoardState) -> dict[str, str]:
    """Rejected events by id -> reason."""
    return {r.event_id: r.reason for r in state.rejected}


# --- people's words, for property tests -------------------------------------------------------

_NAME, _TITLE = TypeAdapter(Name), TypeAdapter(Title)


def _valid(text: str) -> bool:
    """Text any field takes (a name is one line; a title is not empty once stripped)."""
    try:
        _NAME.validate_python(text)
        _TITLE.validate_python(text)
    except ValidationError:
        return False
    return True


SPECIMENS = (
    "abc",
    "[/]",
    "[bold]Bold[/bold]",
    "[/bold",
    "[bold",
    "\\[not markup]",
    "[link=https://example.com]here[/link]",
    ":thumbs_up: 👍🏽 👩\u200d💻 ❤\ufe0f 🇩🇪",
    "שלום עולם",
    "مرحبا بالعالم (1)",
    "Zoë e\u0301 ﬁ",
    "中文 テスト",
    " padded  twice ",
    "&amp; <b>x</b> `code` *em*",
)
# People's words in any field: markup-like brackets, emoji, right-to-left scripts, accents,
# spaces, and any printable text (control characters and direction overrides are refused
# by the events' rules: an invalid event carries those on purpose).
PEOPLES_TEXT = st.one_of(
    st.sampled_from(SPECIMENS),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=16).filter(_valid),
)
