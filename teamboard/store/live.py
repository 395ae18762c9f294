"""The open board, and THE one write path: every change, from the app, the CLI or the demo,
is checked and written by `LiveBoard.perform`.

Reading. `open` starts from this machine's cache of the folded board when there is one,
and reads only the files that changed since. `refresh` takes in changed files (the app's
watcher reports them): appended events are applied on top; anything else (an event that
sorts before what is applied, a file edited in place, a file gone or repaired) needs a
fresh fold of the whole board, so that the state always equals the fold of all files.

Writing. `perform` takes the board lock, catches up with the files, checks the action
against the rules on that state, stamps it, signs it with the writer's key (refusing,
before anything is written, a writer whose key this computer does not hold), and appends
it to the writer's own file. The
stamp is a hybrid logical clock: after the newest event it was checked against, but never
more than CLOCK_TOLERANCE past the writer's own clock. When that tolerance keeps the stamp
before some event (a colleague's clock far ahead), the action is checked by a trial fold
of the whole board with it, exactly as every machine will fold it. Either way, an action
that is acknowledged is on the board.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable, Mapping
from copy import copy, deepcopy
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from teamboard.domain.actions import Action, Payload, bind_ids, join
from teamboard.domain.authorship import fingerprint
from teamboard.domain.events import (
    CLOCK_TOLERANCE,
    Event,
    RawEvent,
    check_member_id,
    describe_validation_error,
    input_errors,
    name_problem,
    new_id,
    parse_event,
    utcnow,
)
from teamboard.domain.fold import apply, judge, order_key, ordered, sort_rejected
from teamboard.domain.rules import check_new_event
from teamboard.domain.state import BoardState, Refused
from teamboard.store import cache, elsewhere, journal, signing, staging
from teamboard.store.folder import (
    PERSON_FILE_LIMIT,
    BoardFolder,
    DamagedFile,
    FileMark,
    FileProblem,
    GitBusy,
    PersonFile,
    Progress,
    StoreError,
    file_mark,
)
from teamboard.store.gitstate import git_busy
from teamboard.store.keys import Keyring
from teamboard.store.reading import Fresh, Stat, read_all, stat_of
from teamboard.store.seen import Lost

TICK = timedelta(microseconds=1)


class ImportedLogs(Protocol):
    """Events read for a new board (exchange.importing.Imported): each author's log."""

    @property
    def founder(self) -> str: ...
    @property
    def founded_at(self) -> datetime: ...
    @property
    def logs(self) -> Mapping[str, list[RawEvent]]: ...


class FoldStopped(Exception):
    """A fold in another process was stopped before it sent the board (the app quits)."""


class InvalidInput(Refused):
    """A field of an action that cannot be stored (too long, not a date...)."""


class NoKey(Refused):
    """The writer's log is signed by a key this computer does not hold."""


@dataclass
class Refresh:
    """What catching up with the files found."""

    events: list[Event] = field(default_factory=list)  # others' events, applied on top
    refolded: bool = False
    problems: list[FileProblem] = field(default_factory=list)  # newly found
    repaired: list[Path] = field(default_factory=list)
    needs_refold: bool = False  # a fold is due (when the caller asked to fold later)
    lost: list[Lost] = field(default_factory=list)  # files newly found to lack events seen

    @property
    def changed(self) -> bool:
        return bool(self.events or self.refolded or self.problems or self.repaired)


@dataclass
class Performed:
    """My events as written, and what catching up with the files found just before."""

    events: list[Event]
    refresh: Refresh


@dataclass
class Reading:
    """Files read for a refresh, not yet taken in: each a PersonFile, a DamagedFile, or
    None when it is gone."""

    files: dict[Path, PersonFile | DamagedFile | None] = field(default_factory=dict)
    stats: dict[str, Stat | None] = field(default_factory=dict)


class LiveBoard:
    def __init__(
        self,
        board: BoardFolder,
        cache_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
        keyring: Keyring | None = None,
    ) -> None:
        self.board = board
        self.cache_dir = cache_dir
        self.clock = clock
        self._keyring = keyring  # this computer's keys (the user's config folder) if None
        self.state = BoardState(founder=board.meta.founder)
        # Person files that cannot be read, and what else a scan of people/ found.
        self.file_problems: dict[Path, FileProblem] = {}
        self.scan_problems: list[FileProblem] = []
        # Files that lack events this computer had seen in them (as last read).
        self.lost: dict[Path, Lost] = {}
        self.cache_used = False
        self.files_read = 0  # files read since opening (to tell a fresh cache from a stale one)
        self._marks: dict[str, FileMark] = {}
        self._stats: dict[str, Stat] = {}
        self._cache_is_current = False
        # A snapshot holds the state's objects: change none of them in place (_unshare).
        self._shared = False
        self._folding: subprocess.Popen[bytes] | None = None  # a fold in another process
        self._fold_stopped = False

    @property
    def root(self) -> Path:
        return self.board.root

    @property
    def problems(self) -> list[FileProblem]:
        """Everything in the folder that is not on the board, and why."""
        return self.scan_problems + list(self.file_problems.values())

    @property
    def damaged(self) -> list[FileProblem]:
        return [p for p in self.problems if isinstance(p, DamagedFile)]

    # --- making a board -------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        root: str | Path,
        name: str,
        founder: str,
        founder_name: str,
        *,
        at: datetime | None = None,
        cache_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> LiveBoard:
        """Make a new board; the founder joins as its first manager (at `at`, for the demo)."""
        root = Path(root).expanduser().resolve()
        name = _board_name(name)
        try:
            check_member_id(founder)
        except ValueError as error:
            raise StoreError(str(error)) from None
        if errors := input_errors(join(founder_name)):
            raise StoreError(f"your name: {next(iter(errors.values()))}")
        if at is not None and at.tzinfo is None:
            raise StoreError("the board's creation time must carry a timezone")
        at = at or clock()

        journal.create_board_files(root, name, founder, at)
        live = cls(BoardFolder.open(root), cache_dir=cache_dir, clock=clock)
        live.load()
        live.perform(founder, join(founder_name), at=at)
        return live

    @classmethod
    def import_board(
        cls,
        root: str | Path,
        name: str,
        imported: ImportedLogs,
        *,
        cache_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> LiveBoard:
        """Make a new board in `root` from imported events (checked and folded by
        `importing.read_events`): each author's file written as it was exported, with
        the events' own ids, times, sequence numbers and authors (this is not a new
        change, so nothing is checked against this clock or stamped again).

        The board is made in a folder beside `root` and renamed into place when whole: a
        failed import leaves nothing behind. `root` must be new or an empty folder, not a
        link, outside any board (staging.import_place); no person's file may be larger
        than the board reads."""
        root = staging.import_place(root)
        name = _board_name(name, "; nothing was imported")
        try:
            with staging.staged(root) as building:
                journal.create_board_files(building, name, imported.founder, imported.founded_at)
                board = BoardFolder.open(building)
                for author, docs in imported.logs.items():
                    written = journal.append(board, author, docs, expect_last_seq=-1)
                    if len(written.data) > PERSON_FILE_LIMIT:
                        raise StoreError(
                            f"{author}'s changes make a file of {len(written.data):,} bytes, "
                            f"more than the {PERSON_FILE_LIMIT // 2**20} MB a person's file "
                            "may hold; nothing was imported"
                        )
                if root.is_dir():
                    root.rmdir()  # empty (checked above): the board takes its place
                building.rename(root)
        except OSError as error:
            raise StoreError(
                f"cannot import into {root}: {error.strerror or error}; nothing was imported"
            ) from None
        live = cls(BoardFolder.open(root), cache_dir=cache_dir, clock=clock)
        live.load()
        return live

    # --- reading --------------------------------------------------------------------------

    def open(self, progress: Progress | None = None) -> Refresh:
        """Load the board: from this machine's cache of it when there is one (reading
        only the files that changed since), else from every file (`progress` is told
        how far that has come)."""
        cached = self._read_cache()
        if cached is None:
            self.load(progress)
            return Refresh(refolded=True, problems=self.problems)
        self.state, self._marks, self._stats = cached
        self._shared = False
        self.cache_used = True
        self._cache_is_current = True
        result = self.catch_up()
        result.problems = self.problems
        return result

    def read_all(self, progress: Progress | None = None) -> Fresh:
        """Read every file and fold the whole board, without touching this board's state
        (so that it can run in a worker thread while the old state is on screen)."""
        return read_all(self.board, progress)

    def read_all_elsewhere(self) -> Fresh:
        """`read_all` in another process, for a thread of the app to wait on. Folding a
        big board in a thread holds the interpreter for long stretches (a file read and
        validated, 80,000 events sorted: up to 100 ms at a time, and half the time
        overall), and the screen waits as long; another process holds only its own. Its
        board comes back packed in slices (store.cache), unpacked here a slice of a few
        milliseconds at a time. Where no process can be started, or the child fails, it
        folds here (as before, and with the same errors). FoldStopped if
        `stop_folding_elsewhere` stopped it."""
        try:
            child = elsewhere.start_fold(self.board)
        except Exception:
            return self.read_all()
        self._fold_stopped = False
        self._folding = child
        try:
            assert child.stdout is not None
            with child.stdout:
                data = child.stdout.read()  # (the interpreter is free meanwhile)
        except OSError:
            data = b""
        finally:
            child.wait()
            self._folding = None
        if self._fold_stopped:
            raise FoldStopped
        if child.returncode != 0 or not data.startswith(elsewhere.FOLDED):
            return self.read_all()  # the child could not: here, with the same errors
        return elsewhere.unpacked(data)

    def stop_folding_elsewhere(self) -> None:
        """End the fold running in another process, if one is (the app is quitting)."""
        child = self._folding
        if child is not None:
            self._fold_stopped = True
            child.kill()

    def install(self, fresh: Fresh) -> None:
        """Take a fresh fold's place as the state."""
        # The old state goes by reference counting (it holds no cycles), frozen or not:
        # unfreezing here would hand the whole new board to the next full collection.
        self.state = fresh.loaded.state
        self._shared = False  # a fold's own objects, which no snapshot has seen
        self._marks = fresh.loaded.marks
        self._stats = fresh.stats
        self.file_problems = {
            p.path: p for p in fresh.loaded.problems if self.board.is_person_file(p.path)
        }
        self.scan_problems = [p for p in fresh.loaded.problems if p.path not in self.file_problems]
        self.lost = {lost.path: lost for lost in fresh.loaded.lost}
        self.files_read += fresh.loaded.file_count
        self._cache_is_current = False

    def load(self, progress: Progress | None = None) -> None:
        """Read every file and fold the whole board."""
        self.install(self.read_all(progress))

    def catch_up(self, refold: bool = True) -> Refresh:
        """Take in every file that changed since it was read (by its size, time and inode;
        a file changed within a clock tick of being read is read again)."""
        files, found = self.board.scan()
        new_problems = [p for p in found if p.path not in {q.path for q in self.scan_problems}]
        self.scan_problems = found
        present = {str(p) for p in files}
        changed = [p for p in files if not self._unchanged(p)]
        gone = [Path(key) for key in self._marks if key not in present]
        gone += [p for p in self.file_problems if str(p) not in present]
        result = self.refresh(changed + gone, refold=refold)
        result.problems = new_problems + result.problems
        return result

    def _unchanged(self, path: Path) -> bool:
        old = self._stats.get(str(path))
        return old is not None and old.same_file(stat_of(path))

    def refresh(self, paths: Iterable[Path], refold: bool = True) -> Refresh:
        """Take in the changes to these files (as reported by the watcher).

        With `refold=False`, a change that needs a fresh fold is not folded here: the
        state is left as it is and `needs_refold` says so (the app folds in a worker).
        """
        return self.take(self.read(paths), refold=refold)

    def read(self, paths: Iterable[Path]) -> Reading:
        """Read these files, changing nothing here: safe in a worker thread while the
        state is on screen. `take` then takes in what was read."""
        reading = Reading()
        for path in sorted(set(paths)):
            if not self.board.is_person_file(path):
                continue  # what a load would not read either (a lock, a stray file)
            reading.stats[str(path)] = stat_of(path)
            try:
                # Checked from where it was read before, if it only grew (take tells).
                since = self._marks.get(str(path))
                reading.files[path] = self.board.read_person(path, since)
            except FileNotFoundError:
                reading.files[path] = None
            except DamagedFile as error:
                reading.files[path] = error
        return reading

    def take(self, reading: Reading, refold: bool = True) -> Refresh:
        """Take in files read by `read` (perhaps a moment ago, in another thread: they are
        compared with what the state holds now)."""
        result = Refresh()
        fresh: list[Event] = []
        sources: dict[int, str] = {}
        marks: dict[str, FileMark | None] = {}
        stats = reading.stats
        need = False
        for path, person in reading.files.items():
            key = str(path)
            if person is None:
                marks[key] = None
                need |= key in self._marks  # a file went away, and its events with it
                self.file_problems.pop(path, None)
                continue
            if isinstance(person, DamagedFile):
                self.lost.pop(path, None)  # named as damaged
                if path not in self.file_problems:
                    result.problems.append(person)
                self.file_problems[path] = person
                marks[key] = None
                need |= key in self._marks  # as a fresh load would: without that file
                continue
            self.files_read += 1
            self._note_lost(path, person.lost, result)
            if self.file_problems.pop(path, None) is not None:
                result.repaired.append(path)
                need = True  # its events were never in the state
            old = self._marks.get(key)
            if old is not None and not (
                old.still_starts(person.data) and person.mark.count >= old.count
            ):
                need = True  # events were edited, removed or rewritten
            start = old.count if old is not None else 0
            if person.raw is not None or person.left_out:
                # Odd entries, or entries its chain leaves out: the fold judges and lists them.
                need |= person.count > start
            for event in person.events[start:]:
                if old is not None and event["seq"] <= old.last_seq:
                    # Its author's log orders it among what is applied (a seq taken twice:
                    # a merge of two machines' logs), and so its time.
                    need = True
                fresh.append(event)
                sources[id(event)] = key
            marks[key] = person.mark
        keyed = ordered(fresh)
        last = self.state.last_key
        if keyed and last is not None and keyed[0][0] < last:
            need = True  # it sorts before what is applied
        if need:
            if not refold:
                result.needs_refold = True
                return result
            self.load()
            result.refolded = True
            result.events = [event for _, event in keyed]
            return result
        rejected = len(self.state.rejected)
        self._unshare(event for _, event in keyed)
        for order, event in keyed:
            judge(self.state, event, order, sources[id(event)])
        if len(self.state.rejected) > rejected:
            # Listed in the order a fresh fold lists them, not in the order judged.
            sort_rejected(self.state)
        result.events = [event for _, event in keyed]
        for key, mark in marks.items():
            if mark is None:
                self._marks.pop(key, None)
            else:
                self._marks[key] = mark
        for key, stat in stats.items():
            if stat is None:
                self._stats.pop(key, None)
            else:
                self._stats[key] = stat
        if result.changed:
            self._cache_is_current = False
        return result

    def _note_lost(self, path: Path, lost: Lost | None, result: Refresh) -> None:
        if lost is None:
            self.lost.pop(path, None)
        elif self.lost.get(path) != lost:
            self.lost[path] = lost
            result.lost.append(lost)

    # --- writing: the one write path ------------------------------------------------------

    def perform(self, me: str, action: Action, *, at: datetime | None = None) -> Performed:
        """Check an action of mine (one payload, several to be written together, or a
        function of the current state that builds them) against the rules and write it.

        Raises Refused (a rule, or InvalidInput) or StoreError, and writes nothing, if it
        cannot be done. `at` dates it explicitly (the demo, imports).
        """
        # Imported at the first write: the lock (filelock) is not needed to read a board.

        path = self.board.person_file(me)
        with journal.board_lock(self.board):
            if busy := git_busy(self.root):
                # Git is rewriting the files (a rebase stopped on a conflict): a change
                # written now would be lost, or stand in the way of finishing it.
                raise GitBusy(f"{busy}; nothing was written")
            caught_up = self.catch_up()
            problem = self.file_problems.get(path)
            if problem is not None:
                raise Refused(f"{problem}; nothing was written (see 'teamboard check')")
            built = action(self.state) if callable(action) else action
            payloads = [built] if isinstance(built, dict) else list(built)
            for payload in payloads:
                if errors := input_errors(payload):
                    where, message = next(iter(errors.items()))
                    raise InvalidInput(f"{where}: {message}")
                check_new_event(self.state, me, payload)
            if me not in self.state.members and payloads[0]["type"] != "member_joined":
                raise Refused(
                    f"{me!r} is not a member of this board; join it first "
                    f"('teamboard join --as {me} --name ...')"
                )
            mark = self._marks.get(str(path)) or FileMark()
            signer, chain = self._signer(me, mark)
            payloads = [bind_ids(me, payload, self.state) for payload in payloads]
            docs, events, chain = self._stamped(me, payloads, mark.last_seq, at, signer, chain)
            last = self.state.last_key
            if last is None or order_key(events[0]) > last:
                self._apply_on_top(events)
                try:
                    appended = journal.append(self.board, me, docs, mark.last_seq)
                except BaseException:
                    self.load()  # the state has my events, the file has not: back to files
                    raise
            else:
                fresh = self._trial(events)
                appended = journal.append(self.board, me, docs, mark.last_seq)
                self.install(fresh)
            grown = appended.count == mark.count + len(docs)
            edited = not grown or (mark.count > 0 and not mark.still_starts(appended.data))
            self._marks[str(path)] = file_mark(
                appended.data, appended.count, appended.last_seq, chain
            )
            if (stat := stat_of(path)) is not None:
                self._stats[str(path)] = stat
            self._cache_is_current = False
            if edited:
                # My file was edited by hand between the catch-up and the write: the state
                # has not seen that edit, so read the board again.
                self.load()
        return Performed(events, caught_up)

    @property
    def keyring(self) -> Keyring:
        if self._keyring is None:
            self._keyring = Keyring.default()
        return self._keyring

    def _signer(self, me: str, mark: FileMark) -> tuple[signing.Signer, signing.ChainHead]:
        """My key for my log, and how far my log is checked: the key my log declares
        (NoKey if this computer does not hold it), else this computer's key for me (made
        now if there is none), which my first signed event declares."""
        chain = mark.chain
        if not chain.settled:
            # My unsigned events were not hashed (the old layout): the first signed event
            # chains them all.
            chain = self.board.settled_chain(self.board.person_file(me))
        if not chain.key:
            return self.keyring.own(me), chain
        signer = self.keyring.for_key(me, chain.key)
        if signer is None:
            raise NoKey(
                f"you hold no key for {me} on this computer ({me}'s log is signed by "
                f"{fingerprint(chain.key)}); nothing was written"
            )
        return signer, chain

    def _stamped(
        self,
        me: str,
        payloads: list[Payload],
        last_seq: int,
        given: datetime | None,
        signer: signing.Signer,
        chain: signing.ChainHead,
    ) -> tuple[list[RawEvent], list[Event], signing.ChainHead]:
        now = self.clock()
        if given is not None:
            if given.tzinfo is None:
                raise InvalidInput("at: a time must carry its time zone")
            if given > now + CLOCK_TOLERANCE:
                raise InvalidInput(f"at: {given.isoformat()} is ahead of this computer's clock")
            start = given
        else:
            # The hybrid logical clock: after the newest event the check saw, within reach.
            start = now
            last = self.state.last_key
            if last is not None and last[0] >= start:
                start = min(last[0] + TICK, now + CLOCK_TOLERANCE)
        docs: list[RawEvent] = [
            dict(payload)
            | {
                "id": new_id(),
                "at": (start + i * TICK).isoformat(),
                "author": me,
                "seq": last_seq + 1 + i,
            }
            for i, payload in enumerate(payloads)
        ]
        chain = signing.seal(docs, signer, chain)
        events: list[Event] = []
        for doc in docs:
            try:
                events.append(parse_event(doc))
            except ValidationError as error:
                raise InvalidInput(describe_validation_error(error)) from None
        return docs, events, chain

    def _apply_on_top(self, events: list[Event]) -> None:
        """My events sort after everything applied: check each on the state as it is."""
        self._unshare(events)
        applied = 0
        try:
            for event in events:
                apply(self.state, event)
                applied += 1
        except Refused:
            if applied:
                self.load()  # the first ones are applied, a later one is refused
            raise
        for event in events:
            self.state.event_ids.add(event["id"])
            self.state.last_key = order_key(event)

    def _trial(self, events: list[Event]) -> Fresh:
        """Fold the whole board with my events, as every machine will: raise Refused if
        the fold would refuse one of them, or would now refuse someone else's change (my
        events count before changes dated ahead of my clock, and could undo one)."""
        files, _ = self.board.scan()
        stats = {str(p): s for p in files if (s := stat_of(p)) is not None}
        loaded = self.board.load(extra=events)
        mine = {event["id"] for event in events}
        refused_before = {r.event_id for r in self.state.rejected}
        ahead = (
            "this board holds changes dated ahead of this computer's clock, and yours "
            "counts before them: is the clock right? 'teamboard check' lists them"
        )
        for rejected in loaded.state.rejected:
            if rejected.event_id in mine:
                raise Refused(f"{rejected.reason} ({ahead})", cause=rejected.cause)
        for rejected in loaded.state.rejected:
            if rejected.event_id not in refused_before and rejected.event_id not in mine:
                who = loaded.state.name_of(rejected.author)
                raise Refused(
                    f"this would undo {who}'s change ({rejected.type.replace('_', ' ')}, "
                    f"dated {rejected.at[:16]}), which counts after yours ({ahead})",
                    cause=rejected.event_id,
                )
        return Fresh(loaded, stats)

    # --- frozen views for other threads ---------------------------------------------------

    def snapshot(self) -> BoardState:
        """The board as it is now, for a worker thread to read while this one goes on
        changing the state: a BoardState of its own, with its own collections (copied
        here, a few milliseconds on 10,000 experiments), sharing the objects in them
        (members, experiments, praise...), which the live board never changes in place
        again: before events change one, it puts a copy of its own in the state
        (`_unshare`). Never changed by anyone, it needs no lock."""
        view = copy(self.state)
        for f in fields(view):
            value = getattr(view, f.name)
            if isinstance(value, dict | list | set):
                setattr(view, f.name, value.copy())
        self._shared = True
        return view

    def _unshare(self, events: Iterable[Event]) -> None:
        """Before these events change the state in place: each object they name by id (an
        experiment, a member, praise, a stand-up: what the fold's handlers change) is
        replaced in the state by a copy, so that a snapshot holding it never sees a change.
        Nothing to do until a snapshot has been taken of this state's objects."""
        if not self._shared:
            return
        named = {value for event in events for value in event.values() if isinstance(value, str)}
        state = self.state
        for f in fields(state):
            value = getattr(state, f.name)
            if isinstance(value, dict):
                for key in named & value.keys():
                    value[key] = deepcopy(value[key])
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if getattr(item, "id", None) in named:
                        value[i] = deepcopy(item)

    # --- this machine's cache of the folded board -----------------------------------------

    @property
    def cache_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        return cache.cache_path(self.cache_dir, self.root)

    def _cache_header(self) -> cache.Header:
        # The shape of what the cache holds: the state's classes and the file records.
        shape = cache.board_shape(FileMark, Stat)
        return cache.Header(shape, str(self.root.resolve()), self.board.meta.founder)

    def save_cache(self) -> bool:
        """Keep the folded board for the next start; nothing when it is already kept, or
        when a file could not be read (it must be reported again next time)."""
        path = self.cache_file
        if path is None or self._cache_is_current or self.damaged:
            return False
        cache.save(path, self._cache_header(), self.state, (self._marks, self._stats))
        self._cache_is_current = True
        return True

    def _read_cache(self) -> tuple[BoardState, dict[str, FileMark], dict[str, Stat]] | None:
        path = self.cache_file
        if path is None:
            return None
        found = cache.load(path, self._cache_header())
        if found is None:
            return None
        state, files = found
        marks, stats = files
        return state, marks, stats


def _board_name(name: str, then: str = "") -> str:
    """The board's name, held to a person's name's rule (`then` ends the message)."""
    if problem := name_problem(name):
        raise StoreError(f"the board's name: {problem}{then}")
    return name.strip()
