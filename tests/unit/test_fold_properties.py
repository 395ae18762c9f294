"""Properties of the fold over random but plausible histories of 2-4 authors.

The times come from a handful of hours, so events of different authors often tie exactly on
`at`; they are written with different UTC offsets, so the same instant is spelled in
different ways. The fold must order them by (at, author, seq) whatever the input order.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamboard.domain.events import Stage, parse_event
from teamboard.domain.fold import apply, fold, ordered
from teamboard.domain.state import BoardState, Refused

from .factories import FULL_REFLECTION, Log, day, dump

AUTHORS = ("ann", "bob", "cyd", "dee")
FOUNDER = "ann"
ZONES = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30)))
EDITABLE = ("title", "why_me", "must_deliver", "team_goals")
STAGE_NAMES = [s.value for s in Stage]

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What people do, weighted by repetition; "invalid" is added for all but the (c) property.
ACTIONS = (
    *("create", "edit", "edit", "move", "move", "move", "practice", "practice", "reflect"),
    *("rate", "check_in", "support", "unsupport", "praise", "role", "rejoin", "note"),
)
INVALID = ("confidence 9", "confidence 0", "unknown type", "unknown stage")


class History:
    def __init__(self, authors: list[str]) -> None:
        self.authors = authors
        self.logs = {a: Log(a) for a in authors}
        self.order: list[dict] = []  # every event, in the order it was generated

    @property
    def events(self) -> list[dict]:
        return list(self.order)

    def add(self, raw: dict) -> None:
        self.order.append(raw)


def _at(hour: int, zone: int) -> datetime:
    return day(0, hours=hour).astimezone(ZONES[zone % len(ZONES)])


def _actions(kinds: tuple[str, ...]) -> st.SearchStrategy[list[tuple]]:
    """What, which experiment, who else, an hour offset, a zone, and a free choice."""
    one = st.tuples(
        st.sampled_from(kinds),
        st.integers(0, 63),
        st.integers(0, 3),
        st.integers(0, 3),
        st.integers(0, 2),
        st.integers(0, 15),
    )
    return st.lists(one, min_size=10, max_size=40)


VALID_ACTIONS = _actions(ACTIONS)
ANY_ACTIONS = _actions((*ACTIONS, "invalid"))
_setup = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 5)), min_size=4, max_size=4
)


@st.composite
def histories(draw: st.DrawFn, invalid: bool = True) -> History:
    authors = list(AUTHORS[: draw(st.integers(2, 4))])
    history = History(authors)
    logs = history.logs

    # People join at hour 0-2 and create 0-2 experiments within the hour after.
    created: list[str] = []
    for author, (joined, count, zones) in zip(authors, draw(_setup), strict=False):
        history.add(logs[author].join(_at(joined, zones)))
        for i in range(count):
            history.add(logs[author].create(_at(joined + i % 2, zones + i), f"{author}-x{i}"))
            created.append(f"{author}-x{i}")
    # Actions name an experiment created above, a later one, or one that never exists.
    experiments = [*created, *created, *created, f"{authors[-1]}-x3", "nobody-x0"]
    believed: dict[str, int] = {}  # the stage the generator thinks each card is in

    def owner_of(experiment_id: str) -> str:
        owner = experiment_id.split("-")[0]
        return owner if owner in logs else authors[-1]

    def mostly(usual: str, choice: int) -> Log:
        """`usual` three times in four, else anyone."""
        return logs[usual if choice % 4 else authors[choice // 4 % len(authors)]]

    actions = draw(ANY_ACTIONS if invalid else VALID_ACTIONS)
    for i, (action, pick, other, offset, zone, choice) in enumerate(actions):
        exp = experiments[pick % len(experiments)]
        owner = mostly(owner_of(exp), choice)
        manager = mostly(FOUNDER, choice)
        someone = authors[other % len(authors)]
        # Time mostly follows the order of generation, an hour per four actions, with ties.
        at = _at(1 + i // 4 + offset, zone)
        match action:
            case "create":
                raw = logs[owner_of(exp)].create(at, exp, f"Title of {exp}")
            case "edit":
                field = EDITABLE[choice % len(EDITABLE)]
                raw = owner.edit(at, exp, **{field: "abc"[choice % 3]})
            case "move":
                # Mostly the next stage as the generator believes it to be; the fold may still
                # refuse it (no practice yet, out of time order, not the owner).
                following = min(believed.get(exp, 0) + 1, 3)
                to = following if choice < 12 else choice % 4
                believed[exp] = to
                # Often the owner first does what the next stage needs.
                if choice % 2 and to == 2:
                    history.add(logs[owner_of(exp)].practice(at, exp))
                if choice % 2 and to == 3:
                    history.add(logs[owner_of(exp)].reflect_fully(at, exp))
                raw = owner.move(at, exp, STAGE_NAMES[to])
            case "practice":
                raw = owner.practice(at, exp, "xy"[choice % 2])
            case "reflect":
                answers = FULL_REFLECTION if choice % 3 else {"wanted": "something"}
                raw = owner.reflect(at, exp, f"{exp}-r{choice % 2}", **answers)
            case "rate":
                raw = owner.rate(at, exp, 1 + choice % 5)
            case "check_in":
                raw = manager.check_in(at, exp, ("soon-after", "long-term")[choice % 2])
            case "support":
                raw = owner.support(at, exp, someone)
            case "unsupport":
                raw = logs[authors[choice % len(authors)]].unsupport(at, exp, someone)
            case "praise":
                raw = manager.praise(at, someone, exp if choice % 2 else None)
            case "role":
                raw = manager.set_role(at, someone, ("manager", "employee")[choice % 2])
            case "rejoin":
                raw = logs[someone].join(at, "AB"[choice % 2])
            case "note":
                raw = logs[someone].note(at, exp)
            case "invalid":
                log = logs[someone]
                bad = INVALID[choice % len(INVALID)]
                if bad.startswith("confidence"):
                    raw = log.rate(at, exp, int(bad.split()[1]))
                elif bad == "unknown type":
                    raw = log.event("teleported", at, where="mars")
                else:
                    raw = log.move(at, exp, "done")
            case _:  # pragma: no cover
                raise AssertionError(action)
        history.add(raw)
    return history


def canonical(state: BoardState) -> dict:
    """The whole state as plain data (see factories.dump)."""
    return dump(state)


# --- (a) any order of the events -------------------------------------------------------------


@SETTINGS
@given(histories(), st.randoms(use_true_random=False))
def test_fold_does_not_depend_on_the_order_of_events(history: History, rnd: random.Random) -> None:
    events = history.events
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert canonical(fold(shuffled, founder=FOUNDER)) == canonical(fold(events, founder=FOUNDER))


# --- (b) per-author logs concatenated in any order of authors --------------------------------


@SETTINGS
@given(histories(), st.data())
def test_fold_does_not_depend_on_the_order_of_the_files(history: History, data) -> None:
    expected = canonical(fold(history.events, founder=FOUNDER))
    order = data.draw(st.permutations(history.authors))
    concatenated = [e for a in order for e in history.logs[a].events]
    assert canonical(fold(concatenated, founder=FOUNDER)) == expected


# --- (c) raw dicts or parsed events ------------------------------------------------------------


@SETTINGS
@given(histories(invalid=False), st.randoms(use_true_random=False))
def test_fold_does_not_depend_on_raw_or_parsed(history: History, rnd: random.Random) -> None:
    raw = history.events
    parsed = [parse_event(e) for e in raw]
    mixed = [parse_event(e) if rnd.random() < 0.5 else e for e in raw]
    expected = canonical(fold(raw, founder=FOUNDER))
    assert canonical(fold(parsed, founder=FOUNDER)) == expected
    assert canonical(fold(mixed, founder=FOUNDER)) == expected


# --- and: a refused event changes nothing, at any point of any history ------------------------


@SETTINGS
@given(histories(invalid=False))
def test_a_refused_event_never_changes_the_state(history: History) -> None:
    keyed = ordered(parse_event(e) for e in history.events)
    state = BoardState(founder=FOUNDER)
    refused = 0
    for key, event in keyed:
        before = dump(state)
        try:
            apply(state, event, key[0])
        except Refused:
            refused += 1
            assert dump(state) == before, f"refused {event['type']} changed the state"
        state.event_ids.add(event["id"])
    folded = fold([e for _, e in keyed], founder=FOUNDER)
    assert len(folded.rejected) == refused
    state.rejected = folded.rejected
    # The fold also notes refused events as judged: its last key is the newest of all.
    assert folded.last_key == (max(k for k, _ in keyed) if keyed else None)
    state.last_key = folded.last_key
    assert dump(state) == dump(folded)


def test_the_histories_reach_every_stage_and_include_refusals() -> None:
    """Guard the generator itself: it must produce interesting states, not only refusals."""
    seen_stages: set[Stage] = set()
    refusals = supporters = praise = 0

    @settings(max_examples=150, deadline=None, database=None, derandomize=True)
    @given(histories(invalid=False))
    def collect(history: History) -> None:
        nonlocal refusals, supporters, praise
        state = fold(history.events, founder=FOUNDER)
        seen_stages.update(e.stage for e in state.experiments.values())
        refusals += len(state.rejected)
        supporters += sum(len(e.supporters) for e in state.experiments.values())
        praise += len(state.praise)

    collect()
    assert seen_stages == set(Stage)
    assert refusals and supporters and praise
