"""Properties of the fold over random but plausible histories of 2-4 authors, with what a
folder of files really holds besides.

The state must be a function of the set of events in the files, never of the order in which
they were read. So the histories hold what makes an order matter:
- events at the very same time, of one author or several, spelled in different UTC offsets
  (times on whole hours mostly, else to the microsecond);
- the same event stored twice (exact copies, as a merge resolved by hand keeps both), and
  two events with one id and different content (a copy edited by hand, another time, seq
  or author): one of them counts, chosen by content, the others are refused as stored twice;
- two events of one author with the same seq (two machines' logs merged by hand);
- events out of their author's order (dated after the same author's later event, or a
  later seq dated earlier): each counts at its effective time.
Texts are people's: markup-like brackets, emoji, right-to-left scripts, accents, spaces.
"""

from __future__ import annotations

import pickle
import random
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from teamboard.domain.events import Stage, parse_event
from teamboard.domain.fold import PersonLog, apply, fold, fold_logs, ordered
from teamboard.domain.state import BoardState, Refused

from .factories import FULL_REFLECTION, PEOPLES_TEXT, Log, day, dump

AUTHORS = ("ann", "bob", "cyd", "dee")
FOUNDER = "ann"
ZONES = (
    UTC,
    timezone(timedelta(hours=2)),
    timezone(timedelta(hours=-5, minutes=-30)),
    timezone(timedelta(hours=5, minutes=45)),
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
)
EDITABLE = ("title", "why_me", "must_deliver", "team_goals")
STAGE_NAMES = [s.value for s in Stage]
TWICE = "the same event id is stored twice; this copy is left out"
# The fields of people's words, in any event that has them.
TEXTS = ("title", "what", "message", "text", "name", "why_me", "must_deliver", "team_goals")

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# These properties draw 100 new histories each run, in CI too (Hypothesis's CI profile would
# replay the same ones forever); a failure prints its @reproduce_failure line.
EXPLORE = settings(SETTINGS, max_examples=100, derandomize=False, print_blob=True)

# What people do, weighted by repetition; "invalid" is added for all but the (c) property.
ACTIONS = (
    *("create", "edit", "edit", "move", "move", "move", "practice", "practice", "reflect"),
    *("rate", "check_in", "support", "unsupport", "praise", "role", "rejoin", "note"),
    "journey",
)
INVALID = ("confidence 9", "confidence 0", "unknown type", "unknown stage", "control title")

# --- times ---------------------------------------------------------------------------------

# Mostly on the hour, so that events tie; else a microsecond either side, or anywhere.
MICROSECONDS = st.one_of(
    st.just(0), st.sampled_from([1, 999_999, 1_800_000_000]), st.integers(0, 3_599_999_999)
)


def _at(hour: int, zone: int, micro: int = 0) -> datetime:
    at = day(0, hours=hour) + timedelta(microseconds=micro)
    return at.astimezone(ZONES[zone % len(ZONES)])


def _time(raw: dict) -> datetime:
    return datetime.fromisoformat(raw["at"])


class History:
    """Every event, in the order generated, then disturbed (see `disturb`)."""

    def __init__(self, authors: list[str]) -> None:
        self.authors = authors
        self.logs = {a: Log(a) for a in authors}
        self.order: list[dict] = []

    @property
    def events(self) -> list[dict]:
        return list(self.order)

    def add(self, raw: dict) -> None:
        self.order.append(raw)

    def __repr__(self) -> str:
        """The events, one a line, as a failing example shows them."""
        return "History([\n" + "".join(f"    {raw!r},\n" for raw in self.order) + "])"

    def files(self) -> dict[str, list[dict]]:
        """Each author's file: their events, in the order generated."""
        files: dict[str, list[dict]] = {a: [] for a in self.authors}
        for raw in self.order:
            files[raw["author"]].append(raw)
        return files


def _actions(kinds: tuple[str, ...]) -> st.SearchStrategy[list[tuple]]:
    """What, which experiment, who else, an hour offset, a zone, a free choice, the
    microseconds past the hour and a text."""
    one = st.tuples(
        st.sampled_from(kinds),
        st.integers(0, 63),
        st.integers(0, 3),
        st.integers(0, 3),
        st.integers(0, len(ZONES) - 1),
        st.integers(0, 15),
        MICROSECONDS,
        PEOPLES_TEXT,
    )
    return st.lists(one, min_size=10, max_size=40)


VALID_ACTIONS = _actions(ACTIONS)
ANY_ACTIONS = _actions((*ACTIONS, "invalid"))
_setup = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 5)), min_size=4, max_size=4
)

# What a folder holds besides a clean history: copies, one id with other content, a seq
# taken twice, a log out of time order, events at the very time of another.
DISTURBANCES = ("copy", "copy", "variant", "variant", "same seq", "out of order", "same time")
_disturbances = st.lists(
    st.tuples(
        st.sampled_from(DISTURBANCES),
        st.integers(0, 999),
        st.integers(0, 999),
        st.integers(0, 15),
        PEOPLES_TEXT,
    ),
    max_size=6,
)


def disturb(history: History, steps: list[tuple]) -> None:
    """Disturb the generated events (copies of them: the logs renumber their own)."""
    events = [dict(raw) for raw in history.order]
    authors = history.authors
    for kind, i, j, choice, text in steps:
        raw = events[i % len(events)]
        same_author = [e for e in events if e["author"] == raw["author"] and e is not raw]
        other = same_author[j % len(same_author)] if same_author else raw
        match kind:
            case "copy":
                events.insert(j % (len(events) + 1), dict(raw))
            case "variant":
                events.insert(j % (len(events) + 1), _variant(raw, other, authors, choice, text))
            case "same seq":
                raw["seq"] = other["seq"]
            case "out of order":
                if choice % 2:  # dated after the same author's later events
                    raw["at"] = (_time(raw) + timedelta(hours=1 + choice % 5)).isoformat()
                else:  # two of the author's events swap places in the log
                    raw["seq"], other["seq"] = other["seq"], raw["seq"]
            case "same time":  # at the very time of someone's event, perhaps in another zone
                anyone = events[j % len(events)]
                zone = ZONES[choice % len(ZONES)]
                raw["at"] = _time(anyone).astimezone(zone).isoformat()
            case _:  # pragma: no cover
                raise AssertionError(kind)
    history.order = events


def _variant(raw: dict, other: dict, authors: list[str], choice: int, text: str) -> dict:
    """An event with the id of `raw` and other content."""
    variant = dict(raw)
    texts = [name for name in TEXTS if isinstance(raw.get(name), str)]
    match choice % 5:
        case 0 if texts:  # a copy edited by hand
            name = texts[choice // 5 % len(texts)]
            variant[name] = text if text != raw[name] else f"{text}!"
        case 1:  # another time, a moment or hours away
            step = (timedelta(microseconds=1), timedelta(hours=2))[choice // 5 % 2]
            variant["at"] = (_time(raw) + step).isoformat()
        case 2:  # the same time in another zone: the same instant, other text
            spellings = [_time(raw).astimezone(zone).isoformat() for zone in ZONES]
            variant["at"] = next(at for at in spellings[choice % 3 :] if at != raw["at"])
        case 3:  # at another place in the author's log
            variant["seq"] = other["seq"] if other is not raw else raw["seq"] + 1
        case _:  # in another person's log
            variant["author"] = authors[(authors.index(raw["author"]) + 1) % len(authors)]
    if variant == raw:  # no text to change: another time
        variant["at"] = (_time(raw) + timedelta(minutes=1)).isoformat()
    return variant


@st.composite
def histories(draw: st.DrawFn, invalid: bool = True, disturbed: bool = False) -> History:
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
    for i, (action, pick, other, offset, zone, choice, micro, text) in enumerate(actions):
        exp = experiments[pick % len(experiments)]
        owner = mostly(owner_of(exp), choice)
        manager = mostly(FOUNDER, choice)
        someone = authors[other % len(authors)]
        # Time mostly follows the order of generation, an hour per four actions, with ties.
        at = _at(1 + i // 4 + offset, zone, micro)
        match action:
            case "create":
                raw = logs[owner_of(exp)].create(at, exp, text)
            case "edit":
                field = EDITABLE[choice % len(EDITABLE)]
                raw = owner.edit(at, exp, **{field: text})
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
            case "journey":  # the owner takes it through every stage, at one time
                journey = logs[owner_of(exp)]
                for to in STAGE_NAMES[1:]:
                    if to == "reflection":
                        history.add(journey.practice(at, exp, text))
                    elif to == "success":
                        history.add(journey.reflect_fully(at, exp))
                    history.add(journey.move(at, exp, to))
                believed[exp] = 3
                raw = journey.rate(at, exp, 1 + choice % 5)
            case "practice":
                raw = owner.practice(at, exp, text)
            case "reflect":
                answers = FULL_REFLECTION if choice % 3 else {"wanted": text}
                raw = owner.reflect(at, exp, f"{exp}-r{choice % 2}", **answers)
            case "rate":
                raw = owner.rate(at, exp, 1 + choice % 5)
            case "check_in":
                raw = manager.check_in(at, exp, ("soon-after", "long-term")[choice % 2], text)
            case "support":
                raw = owner.support(at, exp, someone)
            case "unsupport":
                raw = logs[authors[choice % len(authors)]].unsupport(at, exp, someone)
            case "praise":
                raw = manager.praise(at, someone, exp if choice % 2 else None, text)
            case "role":
                raw = manager.set_role(at, someone, ("manager", "employee")[choice % 2])
            case "rejoin":
                raw = logs[someone].join(at, text if choice % 2 else "AB"[choice % 4 // 2])
            case "note":
                raw = logs[someone].note(at, exp, text)
            case "invalid":
                log = logs[someone]
                bad = INVALID[choice % len(INVALID)]
                if bad.startswith("confidence"):
                    raw = log.rate(at, exp, int(bad.split()[1]))
                elif bad == "unknown type":
                    raw = log.event("teleported", at, where="mars")
                elif bad == "control title":
                    raw = log.create(at, exp, f"{text}\x1b]0;owned\x07\u202e")
                else:
                    raw = log.move(at, exp, "done")
            case _:  # pragma: no cover
                raise AssertionError(action)
        history.add(raw)
    if disturbed:
        disturb(history, draw(_disturbances))
    return history


def canonical(state: BoardState) -> dict:
    """The whole state as plain data (see factories.dump), with the order of every dict
    too (members, experiments and supporters are listed in the order the fold met them)."""
    return {
        **dump(state),
        "orders": [
            list(state.members),
            list(state.experiments),
            [list(e.supporters) for e in state.experiments.values()],
        ],
    }


# --- (a) any order of the events -------------------------------------------------------------


@EXPLORE
@given(histories(disturbed=True), st.randoms(use_true_random=False))
def test_fold_does_not_depend_on_the_order_of_events(history: History, rnd: random.Random) -> None:
    events = history.events
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert canonical(fold(shuffled, founder=FOUNDER)) == canonical(fold(events, founder=FOUNDER))


# --- (b) people's files read in any order ----------------------------------------------------


@EXPLORE
@given(histories(disturbed=True), st.data())
def test_fold_does_not_depend_on_the_order_of_the_files(history: History, data) -> None:
    """Per-author logs concatenated in any order of authors folds as the events in any
    order; and the store's fold of the files (each file's events judged one by one, as an
    odd file's are) does not depend on the order in which the files, or the events in a
    file, are read."""
    files = history.files()
    expected = canonical(fold(history.events, founder=FOUNDER))
    order = data.draw(st.permutations(history.authors))
    concatenated = [e for a in order for e in files[a]]
    assert canonical(fold(concatenated, founder=FOUNDER)) == expected

    def read(order: list[str], rnd: random.Random | None = None) -> list[PersonLog]:
        logs = []
        for author in order:
            raw = [dict(e) for e in files[author]]
            if rnd is not None:
                rnd.shuffle(raw)
            logs.append(PersonLog(f"people/{author}.json", author, raw=raw))
        return logs

    as_stored = canonical(fold_logs(read(history.authors), founder=FOUNDER))
    rnd = data.draw(st.randoms(use_true_random=False))
    assert canonical(fold_logs(read(order, rnd), founder=FOUNDER)) == as_stored
    for picture in (as_stored, expected):
        for rejected in picture.pop("rejected"):
            rejected["source"] = ""
    assert as_stored == expected


# --- (c) raw dicts or parsed events ------------------------------------------------------------


@EXPLORE
@given(histories(invalid=False, disturbed=True), st.randoms(use_true_random=False))
def test_fold_does_not_depend_on_raw_or_parsed(history: History, rnd: random.Random) -> None:
    raw = history.events
    parsed = [parse_event(e) for e in raw]
    mixed = [parse_event(e) if rnd.random() < 0.5 else e for e in raw]
    rnd.shuffle(mixed)
    expected = canonical(fold(raw, founder=FOUNDER))
    assert canonical(fold(parsed, founder=FOUNDER)) == expected
    assert canonical(fold(mixed, founder=FOUNDER)) == expected


# --- an event stored more than once counts once ------------------------------------------------


@EXPLORE
@given(histories(disturbed=True))
def test_an_id_stored_more_than_once_counts_once(history: History) -> None:
    """Of the valid events with one id, the first in the fold's order is judged (applied,
    or refused by a rule) and every other is refused as stored twice."""
    state = fold(history.events, founder=FOUNDER)
    valid: Counter[str] = Counter()
    for raw in history.events:
        try:
            valid[parse_event(raw)["id"]] += 1
        except ValidationError:
            continue
    twice = Counter(r.event_id for r in state.rejected if r.reason == TWICE)
    assert twice == +Counter({event_id: n - 1 for event_id, n in valid.items()})
    assert state.event_ids == set(valid)


# --- and: a refused event changes nothing, at any point of any history ------------------------


@EXPLORE
@given(histories(invalid=False, disturbed=True))
def test_a_refused_event_never_changes_the_state(history: History) -> None:
    keyed = ordered(parse_event(e) for e in history.events)
    state = BoardState(founder=FOUNDER)
    refused = 0
    for key, event in keyed:
        before = pickle.dumps(state)  # the whole state, quicker than dump(state)
        try:
            apply(state, event, key[0])
        except Refused:
            refused += 1
            if pickle.dumps(state) != before:
                was = dump(pickle.loads(before))
                assert dump(state) == was, f"refused {event['type']} changed the state"
        state.event_ids.add(event["id"])
    folded = fold([e for _, e in keyed], founder=FOUNDER)
    assert len(folded.rejected) == refused
    state.rejected = folded.rejected
    # The fold also notes refused events as judged: its last key is the newest of all.
    assert folded.last_key == (max(k for k, _ in keyed) if keyed else None)
    state.last_key = folded.last_key
    assert canonical(state) == canonical(folded)


def test_the_histories_reach_every_stage_and_include_refusals() -> None:
    """Guard the generator itself: it must produce interesting states, not only refusals,
    and draw what makes an order matter, each in a good share of the histories."""
    seen_stages: set[Stage] = set()
    refusals = supporters = praise = 0
    drawn: Counter[str] = Counter()

    @settings(max_examples=150, deadline=None, database=None, derandomize=True)
    @given(histories(invalid=False, disturbed=True))
    def collect(history: History) -> None:
        nonlocal refusals, supporters, praise
        state = fold(history.events, founder=FOUNDER)
        seen_stages.update(e.stage for e in state.experiments.values())
        refusals += len(state.rejected)
        supporters += sum(len(e.supporters) for e in state.experiments.values())
        praise += len(state.praise)
        drawn.update(_what_makes_an_order_matter(history.events))
        drawn["histories"] += 1

    collect()
    assert seen_stages == set(Stage)
    assert refusals and supporters and praise
    for case in ("exact copy", "one id, other content", "one seq, two events", "out of order"):
        assert drawn[case] >= drawn["histories"] // 8, (case, drawn)
    assert drawn["same time, two authors"] >= drawn["histories"] // 2, drawn
    assert drawn["microseconds"] >= drawn["histories"] // 2, drawn


def _what_makes_an_order_matter(events: list[dict]) -> set[str]:
    found: set[str] = set()
    by_id: dict[str, list[dict]] = {}
    for raw in events:
        by_id.setdefault(raw["id"], []).append(raw)
    for copies in by_id.values():
        if len(copies) > 1:
            same = all(c == copies[0] for c in copies)
            found.add("exact copy" if same else "one id, other content")
    seqs = Counter((e["author"], e["seq"]) for e in {e["id"]: e for e in events}.values())
    if any(n > 1 for n in seqs.values()):
        found.add("one seq, two events")
    for author in {e["author"] for e in events}:
        log = sorted((e for e in events if e["author"] == author), key=lambda e: e["seq"])
        if any(_time(a) > _time(b) for a, b in pairwise(log)):
            found.add("out of order")
    instants: dict[datetime, set[str]] = {}
    for raw in events:
        instants.setdefault(_time(raw), set()).add(raw["author"])
    if any(len(authors) > 1 for authors in instants.values()):
        found.add("same time, two authors")
    if any(_time(raw).microsecond for raw in events):
        found.add("microseconds")
    return found
