"""LiveBoard: the state stays equal to the fold of every file as changes arrive."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events

from teamboard.domain.state import Refused
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.views.notices import notices_for

from .factories import dump

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


@pytest.fixture
def board(tmp_path: Path) -> BoardFolder:
    board = new_board(tmp_path / "b", "Team", "ana", "Ana", at=T0)
    write_events(board, "ben", {"type": "member_joined", "name": "Ben", "at": at(1)})
    write_events(
        board,
        "ben",
        {"type": "experiment_created", "experiment_id": "e1", "title": "Feedback", "at": at(2)},
    )
    return board


def live(board: BoardFolder) -> LiveBoard:
    board_live = LiveBoard(board)
    board_live.load()
    return board_live


def test_new_events_of_others_are_applied_and_equal_a_fresh_fold(board) -> None:
    watcher = live(board)
    write_events(
        board,
        "ana",
        {
            "type": "praise_posted",
            "praise_id": "p1",
            "to": "ben",
            "experiment_id": "e1",
            "message": "Nice",
            "at": at(3),
        },
    )
    result = watcher.refresh([board.person_file("ana")])
    assert [e["type"] for e in result.events] == ["praise_posted"]
    assert not result.refolded
    assert dump(watcher.state) == dump(board.load().state)


def test_my_own_write_is_not_taken_twice(board) -> None:
    watcher = live(board)
    watcher.perform("ben", {"type": "stage_moved", "experiment_id": "e1", "to": "practice"})
    result = watcher.refresh([board.person_file("ben")])
    assert result.events == [] and not result.changed
    assert len(watcher.state.experiments["e1"].history) == 2


def test_a_refused_action_writes_nothing(board) -> None:
    watcher = live(board)
    before = board.person_file("ben").read_bytes()
    with pytest.raises(Refused, match="one stage at a time"):
        watcher.perform("ben", {"type": "stage_moved", "experiment_id": "e1", "to": "reflection"})
    assert board.person_file("ben").read_bytes() == before


def test_an_event_from_the_past_refolds(board) -> None:
    watcher = live(board)
    write_events(
        board,
        "ana",
        {
            "type": "praise_posted",
            "praise_id": "late",
            "to": "ben",
            "message": "Arrived late",
            "at": at(1.5),
        },
    )
    result = watcher.refresh([board.person_file("ana")])
    assert result.refolded
    assert dump(watcher.state) == dump(board.load().state)


def test_events_removed_from_a_file_refold(board) -> None:
    watcher = live(board)
    path = board.person_file("ben")
    data = json.loads(path.read_text())
    data["events"].pop(max(data["events"], key=int))  # e.g. a git revert of the last commit
    path.write_text(json.dumps(data))
    result = watcher.refresh([path])
    assert result.refolded
    assert "e1" not in watcher.state.experiments


def test_a_damaged_file_is_reported_once_and_its_repair_refolds(board) -> None:
    watcher = live(board)
    path = board.person_file("ben")
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    first = watcher.refresh([path])
    assert [d.path for d in first.problems] == [path]
    assert watcher.refresh([path]).problems == []  # not reported again
    with pytest.raises(Refused, match=str(path)):
        watcher.perform("ben", {"type": "confidence_rated", "experiment_id": "e1", "value": 3})
    assert path.read_bytes() == good[: len(good) // 2]
    path.write_bytes(good)
    repaired = watcher.refresh([path])
    assert repaired.repaired == [path] and repaired.refolded
    assert "e1" in watcher.state.experiments


def test_notices_say_what_concerns_me(board) -> None:
    watcher = live(board)
    events = write_events(
        board,
        "ana",
        [
            {
                "type": "praise_posted",
                "praise_id": "p1",
                "to": "ben",
                "experiment_id": "e1",
                "message": "[bold]Great[/] start",
                "kind": "effort",
                "at": at(3),
            },
            {"type": "support_added", "experiment_id": "e1", "supporter": "ana", "at": at(4)},
        ],
    )
    watcher.refresh([board.person_file("ana")])
    notes = notices_for("ben", events, watcher.state)
    assert notes == [
        "Ana praised your effort for “Feedback”: [bold]Great[/] start",
        "Ana now supports “Feedback”",
    ]
    assert notices_for("ana", events, watcher.state) == []
    assert notices_for(None, events, watcher.state) == []


def test_the_cache_is_used_and_only_changed_files_are_read(board, tmp_path) -> None:
    cache = tmp_path / "cache"
    first = LiveBoard(board, cache_dir=cache)
    first.open()
    assert first.save_cache()
    assert not first.save_cache()  # nothing new to keep
    write_events(
        board,
        "ana",
        {"type": "praise_posted", "praise_id": "p1", "to": "ben", "message": "Nice", "at": at(3)},
    )
    second = LiveBoard(board, cache_dir=cache)
    result = second.open()
    assert not result.refolded
    assert [e["type"] for e in result.events] == ["praise_posted"]
    assert dump(second.state) == dump(board.load().state)


def test_a_broken_or_foreign_cache_means_a_full_read(board, tmp_path) -> None:
    cache = tmp_path / "cache"
    first = LiveBoard(board, cache_dir=cache)
    first.open()
    first.save_cache()
    first.cache_file.write_bytes(b"not a pickle")
    second = LiveBoard(board, cache_dir=cache)
    assert second.open().refolded
    assert dump(second.state) == dump(board.load().state)


def test_no_cache_is_kept_while_a_file_is_damaged(board, tmp_path) -> None:
    path = board.person_file("ben")
    path.write_bytes(path.read_bytes()[:30])
    watcher = LiveBoard(board, cache_dir=tmp_path / "cache")
    result = watcher.open()
    assert [d.path for d in result.problems] == [path]
    assert not watcher.save_cache()


def test_my_action_is_stamped_after_what_it_was_checked_against(board) -> None:
    """A colleague's clock runs ahead (within the tolerance): my move must still fold as
    the check judged it."""
    future = (datetime.now(UTC) + timedelta(minutes=3)).isoformat()
    write_events(
        board, "ana", {"type": "stage_moved", "experiment_id": "e1", "to": "practice", "at": future}
    )
    watcher = live(board)
    assert watcher.state.experiments["e1"].stage.value == "practice"
    watcher.perform("ben", {"type": "stage_moved", "experiment_id": "e1", "to": "goal"})
    fresh = board.load().state
    assert fresh.rejected == []
    assert fresh.experiments["e1"].stage.value == "goal"
    assert dump(watcher.state) == dump(fresh)


def test_an_event_before_a_refused_one_refolds(board) -> None:
    watcher = live(board)
    # Ben's move to Reflection is refused (no practice yet)...
    write_events(
        board,
        "ben",
        {"type": "stage_moved", "experiment_id": "e1", "to": "reflection", "at": at(5)},
    )
    watcher.refresh([board.person_file("ben")])
    assert len(watcher.state.rejected) == 1
    # ...then Ana's earlier move arrives (a synced folder brings files one by one).
    write_events(
        board, "ana", {"type": "stage_moved", "experiment_id": "e1", "to": "practice", "at": at(4)}
    )
    result = watcher.refresh([board.person_file("ana")])
    assert result.refolded
    assert dump(watcher.state) == dump(board.load().state)


def test_a_file_rewritten_with_as_many_events_refolds(board) -> None:
    watcher = live(board)
    path = board.person_file("ben")
    data = json.loads(path.read_text())
    last = max(data["events"], key=int)
    data["events"][last] = dict(data["events"][last], id="other", title="Version B")
    path.write_text(json.dumps(data))
    result = watcher.refresh([path])
    assert result.refolded
    # Ben's signature is not over the edit: it is left out, and named.
    assert "e1" not in watcher.state.experiments
    (refused,) = watcher.state.rejected
    assert refused.event_id == "other" and "not signed by the key of ben's log" in refused.reason
    assert dump(watcher.state) == dump(board.load().state)


def test_a_failed_write_leaves_no_phantom_in_the_state(board, monkeypatch) -> None:
    from teamboard.store import folder as store
    from teamboard.store import journal

    watcher = live(board)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal, "atomic_write_bytes", full_disk)
    with pytest.raises(store.StoreError, match="No space left"):
        watcher.perform("ben", {"type": "confidence_rated", "experiment_id": "e1", "value": 4})
    assert watcher.state.experiments["e1"].confidence == []
    assert dump(watcher.state) == dump(board.load().state)


def test_stray_files_are_not_read_by_the_watcher_either(board) -> None:
    watcher = live(board)
    stray = board.people_dir / "Bob.json"
    stray.write_text(
        json.dumps(
            {
                "events": {
                    "1": {
                        "type": "member_joined",
                        "name": "Bob",
                        "id": "b",
                        "author": "Bob",
                        "seq": 0,
                        "at": at(3),
                    }
                }
            }
        )
    )
    assert not watcher.refresh([stray]).changed
    assert "Bob" not in watcher.state.members


def test_a_damaged_file_drops_its_events_as_a_fresh_load_would(board, tmp_path) -> None:
    cache = tmp_path / "cache"
    first = LiveBoard(board, cache_dir=cache)
    first.open()
    first.save_cache()
    path = board.person_file("ben")
    path.write_bytes(path.read_bytes()[:20])
    second = LiveBoard(board, cache_dir=cache)
    second.open()
    assert "e1" not in second.state.experiments
    assert dump(second.state) == dump(board.load().state)


def test_refused_events_taken_in_on_top_are_listed_as_a_fresh_fold_lists_them(board) -> None:
    watcher = live(board)
    path = board.person_file("ben")
    write_events(
        board,
        "ben",
        [
            {
                "id": "z1",
                "type": "stage_moved",
                "experiment_id": "e1",
                "to": "success",
                "at": at(3),
            },
            {
                "id": "a2",
                "type": "stage_moved",
                "experiment_id": "e1",
                "to": "success",
                "at": at(4),
            },
        ],
    )
    result = watcher.refresh([path])
    assert not result.refolded and len(watcher.state.rejected) == 2
    assert dump(watcher.state) == dump(board.load().state)


def test_an_event_with_a_seq_already_taken_in_refolds(board) -> None:
    """Ben wrote on two machines offline; a merge resolved by hand keeps both events of
    seq 2. The one appended last sorts first in his log (by seq, then id), so it counts
    at the other's time, before it: the state is not the same with it applied on top."""
    path = board.person_file("ben")
    move = {"type": "stage_moved", "experiment_id": "e1", "to": "practice"}
    write_events(board, "ben", move | {"id": "m-b", "at": at(3)})
    watcher = live(board)
    data = json.loads(path.read_text())
    data["events"]["4"] = move | {"id": "m-a", "at": at(4), "author": "ben", "seq": 2}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    watcher.refresh([path])
    assert dump(watcher.state) == dump(board.load().state)


def test_a_hand_edit_of_my_file_while_i_write_is_taken_in(board, monkeypatch) -> None:
    """Someone edits my file by hand between the catch-up and my write: the written file
    holds their edit, so the state must take it in too (not only my new event)."""
    from teamboard.store import journal

    watcher = live(board)
    path = board.person_file("ben")
    real_append = journal.append

    def edit_then_append(*args, **kwargs):
        data = json.loads(path.read_text())
        created = next(e for e in data["events"].values() if e["type"] == "experiment_created")
        created["title"] = "Fixed by hand"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
        return real_append(*args, **kwargs)

    monkeypatch.setattr(journal, "append", edit_then_append)
    watcher.perform("ben", {"type": "confidence_rated", "experiment_id": "e1", "value": 3})
    # Taken in as every machine folds it: Ben's signature is not over the edit, so the
    # edited creation is left out, and what followed it with it (the chain breaks there).
    assert "e1" not in watcher.state.experiments
    assert {r.type for r in watcher.state.rejected} == {"experiment_created", "confidence_rated"}
    assert dump(watcher.state) == dump(board.load().state)


def test_a_snapshot_never_changes_whatever_the_board_does_next(board) -> None:
    """A worker reads a snapshot while the live board goes on: each change, by me or by
    a colleague (taken in on top), leaves every snapshot taken before it as it was."""
    from teamboard.domain import actions
    from teamboard.domain.events import EntryKind, Role, Stage

    watcher = live(board)
    ben = watcher.state.experiments["e1"]
    taken: list[tuple[object, dict]] = []

    def snap() -> None:
        snapshot = watcher.snapshot()
        assert snapshot is not watcher.state
        assert dump(snapshot) == dump(watcher.state)
        taken.append((snapshot, dump(snapshot)))

    # Each a function of what was written before it: the write path binds a new id to its
    # author, so a later action names the id as written.
    written: dict[str, str] = {}
    mine = [
        lambda: actions.support("e1", "ana"),
        lambda: actions.stop_support("e1", "ana"),
        lambda: actions.praise("ben", "Good", experiment_id="e1"),
        lambda: actions.take_back(EntryKind.PRAISE, written["praise_id"]),
        lambda: actions.set_role("ben", Role.MANAGER),
        actions.start_standup,
        lambda: actions.end_standup(written["standup_id"], attendees=["ana", "ben"]),
    ]
    for build in mine:
        snap()
        (event,) = watcher.perform("ana", build()).events
        written.update((k, v) for k, v in event.items() if k in ("praise_id", "standup_id"))
    theirs = [
        actions.join("Ben B."),
        actions.ask_help("e1", "Who has tried this?"),
        actions.move("e1", Stage.PRACTICE),
        actions.log_practice("e1", "Asked for feedback", T0.date()),
        actions.edit_experiment("e1", title="Feedback, often"),
    ]
    for payload in theirs:
        snap()
        write_events(board, "ben", payload)  # now: after what is applied
        assert not watcher.refresh([board.person_file("ben")]).refolded
    snap()
    watcher.perform("ana", actions.support("e1", "ana"))  # answers Ben's call for help
    assert watcher.state.experiments["e1"].help_asks[-1].answered
    for snapshot, held in taken:
        assert dump(snapshot) == held
    assert dump(watcher.state) == dump(board.load().state)
    assert ben.title == "Feedback" and ben.stage is Stage.GOAL  # the first snapshot's object
    assert watcher.state.experiments["e1"].title == "Feedback, often"


def test_a_fold_in_another_process_equals_a_fold_here(board, monkeypatch) -> None:
    """The app's refold: the board read and folded by a child process, sent back in
    slices, equals `read_all` (state, files read, problems); where no process can be
    started, the board is folded here."""
    import os

    from teamboard.store import elsewhere

    path = board.person_file("ana")
    path.write_bytes(path.read_bytes()[:30])  # a damaged file is reported the same way
    (board.people_dir / "Not a member.json").write_text("{}")
    watcher = LiveBoard(board)
    started = []
    real_start = elsewhere.start_fold

    def start(folder):
        child = real_start(folder)
        started.append(child)
        return child

    monkeypatch.setattr(elsewhere, "start_fold", start)
    here, there = watcher.read_all(), watcher.read_all_elsewhere()
    assert started and started[0].pid != os.getpid() and started[0].returncode == 0
    assert dump(there.loaded.state) == dump(here.loaded.state)
    assert there.loaded.marks == here.loaded.marks
    assert there.stats.keys() == here.stats.keys()
    assert [(type(p), p.path, str(p)) for p in there.loaded.problems] == [
        (type(p), p.path, str(p)) for p in here.loaded.problems
    ]
    assert len(there.loaded.problems) == 2
    assert (there.loaded.event_count, there.loaded.file_count) == (
        here.loaded.event_count,
        here.loaded.file_count,
    )

    def cannot_start(folder):
        raise OSError("no processes here")

    monkeypatch.setattr(elsewhere, "start_fold", cannot_start)
    assert dump(watcher.read_all_elsewhere().loaded.state) == dump(here.loaded.state)


def test_a_fold_in_another_process_can_be_stopped(board, monkeypatch) -> None:
    """Quitting during a refold ends the child at once: its thread need not wait."""
    import subprocess
    import sys
    import threading
    import time

    import teamboard.store.live as live_module
    from teamboard.store import elsewhere

    def slow_start(folder):
        sleep = "import time; time.sleep(60)"
        return subprocess.Popen([sys.executable, "-c", sleep], stdout=subprocess.PIPE)

    monkeypatch.setattr(elsewhere, "start_fold", slow_start)
    watcher = LiveBoard(board)
    outcome: list[object] = []

    def fold() -> None:
        try:
            outcome.append(watcher.read_all_elsewhere())
        except live_module.FoldStopped as stopped:
            outcome.append(stopped)

    thread = threading.Thread(target=fold)
    thread.start()
    deadline = time.monotonic() + 30
    while watcher._folding is None and time.monotonic() < deadline:
        time.sleep(0.01)
    t0 = time.monotonic()
    watcher.stop_folding_elsewhere()
    thread.join(30)
    assert not thread.is_alive() and time.monotonic() - t0 < 10
    assert len(outcome) == 1 and isinstance(outcome[0], live_module.FoldStopped)
