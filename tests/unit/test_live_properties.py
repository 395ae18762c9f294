"""The open board always equals a fresh fold of the files, whatever happens to them.

A random story on a board of four members, step by step:
- events appended by other machines (no rules check): in time order, dated before what is
  applied, at the very time of the newest, from a clock a little or far ahead, in another
  time zone; some the rules refuse (a stage moved twice), some not valid at all;
- a merge of one member's logs from two machines, resolved by hand: seqs taken twice;
- actions through the real write path, `LiveBoard.perform` (a refused one writes nothing);
- in-place edits that keep an event's id and seq (a title, a text, a stage, a time), in
  teamboard's layout or another, or keeping the file's size and inode, and even its
  modification time (two writes within one clock tick: only the racy rule can tell);
- an event removed (a git revert), a whole file removed;
- a file truncated, garbled or replaced by a link, and later repaired;
- time passing: old modification times make files' size, time and inode trusted; or
  times just within, or just past, one clock tick (the racy rule's edge).

The live board takes in each step as the watcher reports it, as the app does (folding in
a worker, installed after the next step), by catching up, or only a step later. Then its
state and damaged files equal a fresh load's, catching up again finds nothing, and a
board opened from the cache kept before the step (so catching up across it) or after it
equals it too; and every snapshot taken for a worker still holds what it held when taken.

The files' times are the story's, never the machine's speed. The live board notes when it
looked at a file (`time.time_ns` in teamboard.store.reading) to tell a file changed within a
clock tick of being read (the racy rule: `RACY_NS`). Each story gives it a clock of its
own (`StoryClock`): it starts 10 s before the story's first write and moves 1 ms a step, so
it stays behind every file the story writes, and every file written in the story was read
within a tick of its writing until `age` dates it back. So an edit or a repair that keeps
the file's size, inode and modification time (as two writes within one tick do) is drawn
(`same_tick`) whenever it could happen, not when the machine happened to be fast enough;
and `age` draws the tick's edge (times exactly one tick, or one nanosecond more, before
the board's next look).

Each run draws new stories (Hypothesis's CI profile would replay the same ones forever:
`derandomize=False` below). A failing story is printed step by step, with a line
`@reproduce_failure('...', b'...')`: put it on `LiveBoardStory` (from hypothesis import
reproduce_failure) to replay exactly that story. `pytest --hypothesis-seed=N` draws the
stories of seed N (the same N, the same stories), e.g. to try a change against many seeds
in turn.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

from boards import new_board, write_events
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from pydantic import ValidationError

import teamboard.domain.actions
import teamboard.store.live
import teamboard.store.reading
from teamboard.domain import actions
from teamboard.domain.events import CheckInKind, Stage
from teamboard.domain.state import BoardState, Refused
from teamboard.store.folder import BoardFolder, StoreError
from teamboard.store.live import LiveBoard
from teamboard.store.reading import RACY_NS, Fresh

from .factories import FULL_REFLECTION, dump

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
MEMBERS = ("ana", "ben", "cyd", "dee")  # ana founded the board: its first manager
STAGES = [s.value for s in Stage]
# Experiments the steps name: some will exist, some never.
EXPERIMENTS = [f"{m}-{n}" for m in MEMBERS for n in range(2)] + ["nobody-0"]
TEXT_FIELDS = ("title", "text", "message", "what", "name")

# How appended events are dated, against the clock of the machine with the live board.
TIMINGS = {
    "now": timedelta(0),
    "earlier": timedelta(hours=-2),  # before what is applied
    "just ahead": timedelta(minutes=3),  # a colleague's clock, within the tolerance
    "far ahead": timedelta(hours=6),  # beyond the tolerance
    "tie": None,  # at the very time of the newest event applied
}
# Some events are dated in another time zone: the same instant, written differently.
ZONE = timezone(timedelta(hours=5, minutes=30))
APPENDED = (
    *("join", "create", "create", "edit", "move", "move", "move", "practice", "reflect"),
    *("support", "note", "praise", "rate", "invalid", "unknown"),
)
# How the live board takes in a step: the watcher reports the changed files to refresh;
# the app's watcher refreshes without folding and, when a fold is due, a worker folds the
# board, which is installed after the next step (as the app does); nobody reports them
# and the board catches up (as before an action); or the watcher reports them later,
# together with the next step's.
NOTICES = st.sampled_from(["watcher", "app", "catch up", "later"])
PERFORMED = (
    *("join", "create", "edit", "move", "move", "practice", "reflect", "support"),
    *("note", "praise", "rate", "check_in", "withdraw", "restore", "role"),
)


def layouts(data: dict) -> dict[str, bytes]:
    """The same content in teamboard's own layout and in others a person or tool writes."""
    return {
        "teamboard": json.dumps(data, ensure_ascii=False, indent=1).encode(),
        "compact": json.dumps(data).encode(),
        "indent2": json.dumps(data, indent=2).encode(),
        "sorted": json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).encode(),
    }


def swap_letter(text: str, where: int) -> str:
    """The same text with one letter changed, so the same number of bytes."""
    if not text:
        return "x"
    i = where % len(text)
    new = "y" if text[i] == "x" else "x"
    return text[:i] + new + text[i + 1 :]


# How far the story's clock moves each step, and where it starts: behind the story's writes.
STEP_NS = 1_000_000
BEHIND_NS = 10 * 10**9


class StoryClock:
    """The clock the live board notes files by (`time.time_ns` in teamboard.store.reading):
    one per story, moved by the story (see the module's docstring)."""

    def __init__(self) -> None:
        self.ns = time.time_ns() - BEHIND_NS

    def time_ns(self) -> int:
        return self.ns


class LiveBoardStory(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Ids in order, not at random, so that a failing story replays exactly (the fold
        # breaks ties and lists refused events by id).
        self.ids = 0
        self.patched = (
            teamboard.store.live.new_id,
            teamboard.domain.actions.new_id,
            teamboard.store.reading.time,
        )
        teamboard.store.live.new_id = teamboard.domain.actions.new_id = self.new_id
        self.files_clock = StoryClock()
        teamboard.store.reading.time = SimpleNamespace(time_ns=self.files_clock.time_ns)
        self.tmp = Path(tempfile.mkdtemp(prefix="teamboard-live-"))
        try:
            self.make_board()
        except BaseException:
            self.teardown()
            raise

    def make_board(self) -> None:
        """Every story starts with four members, each with an experiment."""
        self.now = T0 + timedelta(hours=1)
        self.board = new_board(self.tmp / "board", "Team", "ana", "Ana", at=T0)
        for i, member in enumerate(MEMBERS):
            start = T0 + timedelta(minutes=i)
            joined = [{"type": "member_joined", "name": member.title()}] if i else []
            created = {"type": "experiment_created", "experiment_id": f"{member}-0"}
            write_events(
                self.board,
                member,
                [
                    *joined,
                    created | {"title": f"Try {member}", "at": start + timedelta(seconds=1)},
                ],
                at=start,
            )
        self.cache = self.tmp / "cache"
        self.live = LiveBoard(self.board, cache_dir=self.cache, clock=self.clock)
        self.live.open()
        self.live.save_cache()
        # A damaged file's bytes and modification time before the damage.
        self.good: dict[str, bytes] = {}
        self.mtimes: dict[str, int] = {}
        self.changed: list[Path] = []  # since the live board last took changes in
        self.notify = "watcher"
        self.folding: Fresh | None = None  # the app's worker's fold, not yet installed
        self.counter = 0  # for unique names and times
        # Snapshots handed to the app's workers, each with what it held when taken.
        self.snapshots: list[tuple[BoardState, dict]] = []

    def teardown(self) -> None:
        (
            teamboard.store.live.new_id,
            teamboard.domain.actions.new_id,
            teamboard.store.reading.time,
        ) = self.patched
        shutil.rmtree(self.tmp, ignore_errors=True)

    def new_id(self) -> str:
        self.ids += 1
        return f"{self.ids:032x}"

    def clock(self) -> datetime:
        return self.now

    def path(self, member: str) -> Path:
        return self.board.person_file(member)

    def step(self, paths: list[Path], notify: str) -> None:
        """A step changed these files; how the live board comes to know (see NOTICES)."""
        self.now += timedelta(minutes=1)
        self.files_clock.ns += STEP_NS
        self.counter += 1
        self.changed += paths
        self.notify = notify

    def experiment(self, pick: int) -> str:
        """Mostly an experiment on the board, sometimes one that is not (yet)."""
        existing = sorted(self.live.state.experiments)
        if existing and pick % 4:
            return existing[pick % len(existing)]
        return EXPERIMENTS[pick % len(EXPERIMENTS)]

    def readable(self, member: str) -> dict | None:
        """The member's file, parsed, if it is there and not damaged."""
        path = self.path(member)
        if member in self.good or not path.exists():
            return None
        try:
            data = json.loads(path.read_bytes())
        except ValueError:
            return None
        return data if isinstance(data.get("events"), dict) and data["events"] else None

    # --- appends by other machines (no rules check) ----------------------------------------

    @rule(
        member=st.sampled_from(MEMBERS),
        steps=st.lists(
            st.tuples(st.sampled_from(APPENDED), st.integers(0, 99), st.integers(0, 99)),
            min_size=1,
            max_size=3,
        ),
        timing=st.sampled_from(sorted(TIMINGS)),
        notify=NOTICES,
    )
    def append(self, member: str, steps: list, timing: str, notify: str) -> None:
        if member in self.good:
            return  # teamboard never writes over a damaged file
        payloads = self.payloads(member, steps, self.when(timing))
        # Written; an invalid event is not given back (the fold lists it and skips it).
        with contextlib.suppress(ValidationError):
            write_events(self.board, member, payloads)
        self.step([self.path(member)], notify)

    @rule(
        member=st.sampled_from(MEMBERS),
        steps=st.lists(
            st.tuples(st.sampled_from(APPENDED), st.integers(0, 99), st.integers(0, 99)),
            min_size=1,
            max_size=2,
        ),
        timing=st.sampled_from(sorted(TIMINGS)),
        seq=st.integers(0, 99),
        notify=NOTICES,
    )
    def merge(self, member: str, steps: list, timing: str, seq: int, notify: str) -> None:
        """The member also wrote on another machine, offline, from an older copy of their
        file: a merge resolved by hand keeps both, so seqs are taken twice."""
        data = self.readable(member)
        if data is None:
            return
        events = data["events"]
        seqs = sorted({d["seq"] for d in events.values() if isinstance(d.get("seq"), int)})
        if not seqs:
            return
        first = seqs[seq % len(seqs)]
        after = max(int(key) for key in events)
        payloads = self.payloads(member, steps, self.when(timing))
        for i, payload in enumerate(payloads):
            events[str(after + 1 + i)] = payload | {"author": member, "seq": first + i}
        self.path(member).write_text(json.dumps(data, ensure_ascii=False, indent=1))
        self.step([self.path(member)], notify)

    def payloads(self, member: str, steps: list, at: datetime) -> list[dict]:
        """Events to append (without author and seq), dated `at` and a second apart."""
        payloads = []
        for i, (kind, pick, other) in enumerate(steps):
            experiment = self.experiment(pick)
            someone = MEMBERS[other % len(MEMBERS)]
            payload: dict
            match kind:
                case "join":
                    payload = {"type": "member_joined", "name": f"{member.title()} {other}"}
                case "create":
                    payload = {
                        "type": "experiment_created",
                        "experiment_id": f"{member}-{pick % 2}",
                        "title": f"Title {pick}",
                    }
                case "edit":
                    payload = {
                        "type": "experiment_edited",
                        "experiment_id": experiment,
                        "title": f"Edited {other}",
                    }
                case "move":  # two moves to the same stage: the second is refused
                    payload = {
                        "type": "stage_moved",
                        "experiment_id": experiment,
                        "to": STAGES[other % len(STAGES)],
                    }
                case "practice":
                    payload = {
                        "type": "practice_logged",
                        "experiment_id": experiment,
                        "entry_id": f"p{self.counter}-{i}",
                        "on": at.date().isoformat(),
                        "what": f"tried {other}",
                    }
                case "reflect":
                    payload = {
                        "type": "reflection_written",
                        "experiment_id": experiment,
                        "reflection_id": f"r{other % 2}",
                        **FULL_REFLECTION,
                    }
                case "support":
                    payload = {
                        "type": "support_added",
                        "experiment_id": experiment,
                        "supporter": someone,
                    }
                case "note":
                    payload = {
                        "type": "support_noted",
                        "experiment_id": experiment,
                        "note_id": f"n{self.counter}-{i}",
                        "text": f"note {other}",
                    }
                case "praise":
                    payload = {
                        "type": "praise_posted",
                        "praise_id": f"k{self.counter}-{i}",
                        "to": someone,
                        "message": f"well done {other}",
                        "kind": "effort",
                    }
                case "rate":
                    payload = {
                        "type": "confidence_rated",
                        "experiment_id": experiment,
                        "value": 1 + other % 5,
                    }
                case "invalid":  # fails validation: the fold lists it and skips it
                    payload = {
                        "type": "confidence_rated",
                        "experiment_id": experiment,
                        "value": 9,
                    }
                case _:  # a type from a newer teamboard
                    payload = {"type": "teleported", "where": f"mars {other}"}
            when = at + i * timedelta(seconds=1)
            if other % 3 == 0:
                when = when.astimezone(ZONE)
            payloads.append(payload | {"id": self.new_id(), "at": when.isoformat()})
        return payloads

    def when(self, timing: str) -> datetime:
        shift = TIMINGS[timing]
        if shift is None:
            last = self.live.state.last_key
            return self.now if last is None else last[0]
        return self.now + shift

    # --- the real write path, on the live board itself -------------------------------------

    @rule(
        steps=st.lists(
            st.tuples(
                st.sampled_from(MEMBERS),
                st.sampled_from(PERFORMED),
                st.integers(0, 99),
                st.integers(0, 99),
            ),
            min_size=1,
            max_size=3,
        ),
        notify=NOTICES,
    )
    def perform(self, steps: list, notify: str) -> None:
        for member, kind, pick, other in steps:
            self.perform_one(member, kind, pick, other)
        self.step(sorted({self.path(member) for member, *_ in steps}), notify)

    def perform_one(self, member: str, kind: str, pick: int, other: int) -> None:
        path = self.path(member)
        experiment = self.experiment(pick)
        someone = MEMBERS[other % len(MEMBERS)]
        payload: actions.Payload
        match kind:
            case "join":
                payload = actions.join(f"{member.title()} {other}")
            case "create":
                payload = actions.create_experiment(f"Made {other}") | {
                    "experiment_id": f"{member}-{pick % 2}"
                }
            case "edit":
                payload = actions.edit_experiment(experiment, title=f"Renamed {other}")
            case "move":
                payload = actions.move(experiment, Stage(STAGES[other % len(STAGES)]))
            case "practice":
                payload = actions.log_practice(experiment, f"did {other}", self.now.date())
            case "reflect":
                payload = actions.reflect(experiment, **FULL_REFLECTION)
            case "support":
                payload = actions.support(experiment, someone)
            case "note":
                payload = actions.note(experiment, f"helped {other}")
            case "praise":
                payload = actions.praise(someone, f"thanks {other}")
            case "rate":
                payload = actions.rate_confidence(experiment, 1 + other % 5)
            case "check_in":
                payload = actions.check_in(experiment, CheckInKind.SOON_AFTER)
            case "withdraw":
                payload = actions.withdraw(experiment, "not now")
            case "restore":
                payload = actions.restore(experiment)
            case _:
                payload = actions.set_role(someone, ("manager", "employee")[other % 2])
        before = path.read_bytes() if path.exists() else None
        try:
            self.live.perform(member, payload)
        except (Refused, StoreError):
            event(f"perform: refused {kind}")
            after = path.read_bytes() if path.exists() else None
            assert after == before, "a refused action wrote to the file"
        else:
            event("perform: written")
        self.now += timedelta(seconds=10)

    # --- hand edits, reverts, damage --------------------------------------------------------

    @rule(
        member=st.sampled_from(MEMBERS),
        pick=st.integers(0, 99),
        change=st.integers(0, 99),
        layout=st.sampled_from(["teamboard", "compact", "indent2", "sorted"]),
        notify=NOTICES,
    )
    def edit_in_place(self, member: str, pick: int, change: int, layout: str, notify: str) -> None:
        """Fix an event by hand, keeping its id and seq, written back in teamboard's
        layout or another."""
        self.edit(member, pick, change, layout, False, notify)

    @rule(
        member=st.sampled_from(MEMBERS),
        pick=st.integers(0, 99),
        change=st.integers(0, 99),
        same_tick=st.booleans(),
        notify=NOTICES,
    )
    def edit_keeping_the_size(
        self, member: str, pick: int, change: int, same_tick: bool, notify: str
    ) -> None:
        """Change a letter or the time of an event in the file's own layout: the file
        keeps its size, its inode, and (as if within one clock tick) maybe its time."""
        self.edit(member, pick, change, "same", same_tick, notify)

    def edit(
        self, member: str, pick: int, change: int, layout: str, same_tick: bool, notify: str
    ) -> None:
        data = self.readable(member)
        if data is None:
            return
        path = self.path(member)
        raw = path.read_bytes()
        was = next((name for name, text in layouts(data).items() if text == raw), None)
        events = data["events"]
        doc = events[list(events)[pick % len(events)]]
        if not isinstance(doc, dict):
            return
        fields = [f for f in TEXT_FIELDS if isinstance(doc.get(f), str)]
        if doc.get("type") == "stage_moved" and layout != "same":
            fields.append("to")
        fields.append("at")
        field = fields[change % len(fields)]
        if field == "at":
            shift = (-3, -1, 1, 2, 7)[change % 5]  # whole hours: the text keeps its length
            doc["at"] = (datetime.fromisoformat(doc["at"]) + timedelta(hours=shift)).isoformat()
        elif field == "to":
            doc["to"] = STAGES[(STAGES.index(doc["to"]) + 1 + change % 3) % len(STAGES)]
        elif layout == "same":
            doc[field] = swap_letter(doc[field], change)
        else:
            doc[field] = f"{doc[field]} (fixed)"
        new = layouts(data)[(was or "teamboard") if layout == "same" else layout]
        if layout == "same" and was is not None:
            assert len(new) == len(raw), "the same layout keeps the size"
        old_mtime = os.stat(path).st_mtime_ns
        path.write_bytes(new)  # in place: the same inode
        if same_tick and layout == "same" and self.within_a_tick(old_mtime):
            # Written within the clock tick of the last write: size, time and inode are
            # all as they were; only the racy rule (noted too soon after) can tell.
            os.utime(path, ns=(old_mtime, old_mtime))
            event("edit: size, time and inode kept")
        self.step([path], notify)

    @rule(
        member=st.sampled_from(MEMBERS),
        pick=st.integers(0, 99),
        atomic=st.booleans(),
        notify=NOTICES,
    )
    def remove_event(self, member: str, pick: int, atomic: bool, notify: str) -> None:
        """A git revert: one event is gone from the file."""
        data = self.readable(member)
        if data is None:
            return
        path = self.path(member)
        events = data["events"]
        del events[list(events)[pick % len(events)]]
        new = layouts(data)["teamboard"]
        if atomic:  # as git writes: a new file in its place
            temp = path.with_name(f".{member}.edit.tmp")
            temp.write_bytes(new)
            os.replace(temp, path)
        else:
            path.write_bytes(new)
        self.step([path], notify)

    @rule(
        member=st.sampled_from(MEMBERS),
        how=st.sampled_from(["truncate", "garble", "link", "remove"]),
        where=st.integers(1, 99),
        notify=NOTICES,
    )
    def damage(self, member: str, how: str, where: int, notify: str) -> None:
        """The file is truncated, garbled in place (the same size), replaced by a link
        (teamboard reads no links), or removed altogether."""
        path = self.path(member)
        if member in self.good or not path.exists():
            return
        good = path.read_bytes()
        cut = len(good) * where // 100
        if how == "remove":
            path.unlink()
        else:
            self.good[member] = good
            self.mtimes[member] = os.stat(path).st_mtime_ns
            if how == "truncate":
                path.write_bytes(good[:cut])
            elif how == "garble":  # not JSON: a control character, inside a string or not
                path.write_bytes(good[:cut] + b"\x00" + good[cut + 1 :])
            else:
                elsewhere = self.tmp / f"{member}-elsewhere.json"
                elsewhere.write_bytes(good)
                path.unlink()
                path.symlink_to(elsewhere)
        self.step([path], notify)

    @precondition(lambda self: self.good)
    @rule(
        pick=st.integers(0, 3),
        remove=st.booleans(),
        same_tick=st.booleans(),
        notify=NOTICES,
    )
    def repair(self, pick: int, remove: bool, same_tick: bool, notify: str) -> None:
        """A damaged file is given its good bytes back (or removed); a repair within the
        clock tick of the damage may even give it back its time."""
        member = sorted(self.good)[pick % len(self.good)]
        good = self.good.pop(member)
        path = self.path(member)
        old_mtime = self.mtimes.pop(member)
        if remove or path.is_symlink():
            path.unlink()
        if remove:
            event("repair: removed")
        else:
            path.write_bytes(good)
            if same_tick and self.within_a_tick(old_mtime):
                os.utime(path, ns=(old_mtime, old_mtime))
                event("repair: size and time kept")
            else:
                event("repair: a new time")
        self.step([path], notify)

    @rule(back=st.sampled_from(["an hour", "a tick", "over a tick"]), notify=NOTICES)
    def age(self, back: str, notify: str) -> None:
        """Time passes: every file was last modified an hour before the board's next look
        (a unique time each), so its size, time and inode are trusted from then on; or
        exactly one tick before that look (still within the tick: read again, and a write
        that keeps size, time and inode may follow), or a tick and a nanosecond before it
        (trusted)."""
        paths = self.board.person_files()
        looked = self.files_clock.ns + STEP_NS  # when the board looks next (self.step)
        for i, path in enumerate(paths):
            if back == "an hour":
                old = looked - 3600 * 10**9 - (self.counter * 100 + i) * 10**6
            elif back == "a tick":
                old = looked - RACY_NS
            else:
                old = looked - RACY_NS - 1
            os.utime(path, ns=(old, old), follow_symlinks=False)
        event(f"age: {back}")
        self.step(paths, notify)

    # --- a worker's frozen view -------------------------------------------------------------

    @rule()
    def snapshot(self) -> None:
        """The app hands a worker a snapshot; whatever the board does next, it never
        changes (checked after each step)."""
        snapshot = self.live.snapshot()
        taken = dump(snapshot)
        assert taken == dump(self.live.state)
        self.snapshots = [*self.snapshots[-2:], (snapshot, taken)]

    def within_a_tick(self, mtime_ns: int) -> bool:
        """Whether a file modified at `mtime_ns` may be written again within the same tick:
        every look at it so far was within a tick of that time (else its size, time and
        inode are trusted, and a write that keeps them all could not have come after)."""
        return self.files_clock.ns - mtime_ns <= RACY_NS

    # --- after each step ------------------------------------------------------------------

    def fresh(self) -> tuple[dict, set[Path]]:
        loaded = BoardFolder.open(self.board.root).load()
        return dump(loaded.state), {p.path for p in loaded.damaged}

    def reopened(self) -> LiveBoard:
        other = LiveBoard(BoardFolder.open(self.board.root), cache_dir=self.cache, clock=self.clock)
        other.open()
        return other

    @invariant()
    def snapshots_never_change(self) -> None:
        for snapshot, taken in self.snapshots:
            assert dump(snapshot) == taken, "a snapshot changed"

    @invariant()
    def equals_a_fresh_fold(self) -> None:
        expected, damaged = self.fresh()
        # A board opened from the cache kept before this step catches up across it.
        before = self.reopened()
        assert dump(before.state) == expected, "reopened from the previous cache"
        assert {p.path for p in before.damaged} == damaged
        assert not before.catch_up().changed
        # The live board takes in the step (see NOTICES).
        if self.notify == "later":
            return
        if self.folding is not None:
            # The app's worker folded the board (before this step); meanwhile its watcher
            # took in this step's changes on the old state. The fold takes its place, and
            # the files changed since it read them are taken in again (below).
            self.live.refresh(self.changed, refold=False)
            self.live.install(self.folding)
            self.folding = None
        if self.notify == "catch up":
            result = self.live.catch_up()
        else:
            result = self.live.refresh(self.changed, refold=self.notify == "watcher")
            if result.needs_refold:
                # The app folds in a worker; it may be closed (and keep its cache) first.
                self.live.save_cache()
                assert dump(self.reopened().state) == expected, "cache kept before a fold"
                self.folding = self.live.read_all()
                self.changed = []
                return
        event(f"live: {'refolded' if result.refolded else 'on top' if result.events else 'same'}")
        self.changed = []
        assert dump(self.live.state) == expected, "the live board"
        assert {p.path for p in self.live.damaged} == damaged
        again = self.live.catch_up()
        assert not again.changed, f"catching up again found {again}"
        assert dump(self.live.state) == expected
        # The cache kept now gives the same board.
        self.live.save_cache()
        after = self.reopened()
        assert dump(after.state) == expected, "reopened from the cache"
        assert {p.path for p in after.damaged} == damaged
        assert not after.catch_up().changed


# 15 stories a run (under 10 s on two cores); each run draws new ones.
LiveBoardStory.TestCase.settings = settings(
    max_examples=15,
    stateful_step_count=20,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_the_live_board_equals_a_fresh_fold = LiveBoardStory.TestCase
