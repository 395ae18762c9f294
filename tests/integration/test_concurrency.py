"""Several OS processes append to one board at once: nothing is lost or doubled.

Three people write from one process each, at full speed, and a fourth person writes from
two processes at once (two terminals of the same person), so that both the per-person
lock and the separation of files are exercised. The two processes of the same person
pause a few milliseconds between appends: filelock polls every 50 ms, so a process that
re-takes the lock at once would otherwise write all its events before the other gets a
turn, and the two would never interleave.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from boards import new_board, write_events

WRITER = Path(__file__).with_name("_board_writer.py")
REPO = Path(__file__).resolve().parents[2]
EVENTS_PER_WRITER = 60
# (person, tag, most milliseconds to pause between appends): "ann" writes from two
# processes at the same time.
WRITERS = [
    ("ann", "ann-a", 20),
    ("ann", "ann-b", 20),
    ("ben", "ben", 0),
    ("cara", "cara", 0),
    ("dan", "dan", 0),
]
PEOPLE = sorted({person for person, _, _ in WRITERS})


def start_writer(
    root: Path, person: str, tag: str, count: int, pause_ms: int
) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(root), person, tag, str(count), "200", str(pause_ms)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def read_file_events(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    assert isinstance(data, dict), path
    return list(data["events"].values())


def test_many_processes_append_without_lost_or_doubled_events(tmp_path: Path) -> None:
    root = tmp_path / "board"
    board = new_board(root, "Concurrency", "ann", "Ann")
    for person in PEOPLE:
        if person != "ann":
            write_events(board, person, {"type": "member_joined", "name": person.title()})
    before = {
        path.stem: {event["id"] for event in read_file_events(path)}
        for path in board.person_files()
    }
    assert sorted(before) == PEOPLE

    procs = [
        (person, tag, start_writer(root, person, tag, EVENTS_PER_WRITER, pause))
        for person, tag, pause in WRITERS
    ]
    try:
        # Every writer has imported everything and opened the board; start them together.
        for _, tag, proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line == "ready\n", f"{tag}: {line!r} {proc.stderr.read() if proc.stderr else ''}"
        for _, _, proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [(person, tag, *proc.communicate(timeout=120)) for person, tag, proc in procs]
    finally:
        for _, _, proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    # What every writer was told was stored, in the order it was told.
    acked: dict[str, list[tuple[str, str]]] = {}
    acked_by_person: dict[str, set[str]] = defaultdict(set)
    for (person, tag, out, err), (_, _, proc) in zip(results, procs, strict=True):
        assert proc.returncode == 0, f"writer {tag} failed:\n{err}"
        lines = [line.split() for line in out.splitlines()]
        assert all(len(parts) == 3 and parts[0] == "ack" for parts in lines), out
        acked[tag] = [(parts[1], parts[2]) for parts in lines]
        assert [exp for _, exp in acked[tag]] == [f"{tag}-{i}" for i in range(EVENTS_PER_WRITER)]
        acked_by_person[person].update(event_id for event_id, _ in acked[tag])
    all_acked = [event_id for pairs in acked.values() for event_id, _ in pairs]
    assert len(all_acked) == len(set(all_acked)) == EVENTS_PER_WRITER * len(WRITERS)

    # Every file is whole JSON; every event is in it exactly once; nothing else is.
    files = board.person_files()
    assert [path.stem for path in files] == PEOPLE
    by_id: dict[str, dict] = {}
    for path in files:
        events = read_file_events(path)
        counts = Counter(event["id"] for event in events)
        doubled = {event_id: n for event_id, n in counts.items() if n > 1}
        assert not doubled, f"{path.name}: events stored more than once: {doubled}"
        ids = set(counts)
        expected_ids = before[path.stem] | acked_by_person[path.stem]
        missing, unexpected = expected_ids - ids, ids - expected_ids
        assert not missing and not unexpected, (
            f"{path.name}: {len(missing)} acknowledged events missing "
            f"(e.g. {sorted(missing)[:3]}), {len(unexpected)} unexpected"
        )
        assert {event["author"] for event in events} == {path.stem}

        # seq per author: 0, 1, 2, ... with no gap or repeat, and time never goes back.
        in_order = sorted(events, key=lambda event: event["seq"])
        assert [event["seq"] for event in in_order] == list(range(len(events))), path.name
        times = [datetime.fromisoformat(event["at"]) for event in in_order]
        assert all(a < b for a, b in itertools.pairwise(times)), (
            f"{path.name}: 'at' does not increase with seq"
        )
        by_id.update((event["id"], event) for event in events)

    # Each process saw its own events stored in the order it wrote them.
    for tag, pairs in acked.items():
        seqs = [by_id[event_id]["seq"] for event_id, _ in pairs]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), tag
        for event_id, experiment_id in pairs:
            assert by_id[event_id]["experiment_id"] == experiment_id

    # The two processes of ann really took turns at the lock (else the lock went untested).
    writer_of = {event_id: tag for tag, pairs in acked.items() for event_id, _ in pairs}
    ann_order = [
        writer_of[event["id"]]
        for event in sorted(read_file_events(board.person_file("ann")), key=lambda e: e["seq"])
        if event["id"] in writer_of
    ]
    turns = sum(a != b for a, b in itertools.pairwise(ann_order))
    assert turns >= 2, f"ann-a and ann-b never interleaved: {ann_order}"

    # And the board reads back whole: every experiment, nothing rejected, nothing damaged.
    loaded = board.load()
    assert loaded.damaged == []
    assert loaded.state.rejected == []
    assert loaded.file_count == len(PEOPLE)
    assert loaded.event_count == len(by_id)
    assert sorted(loaded.state.members) == PEOPLE
    expected = {
        f"{tag}-{i}": person for person, tag, _ in WRITERS for i in range(EVENTS_PER_WRITER)
    }
    assert {key: exp.owner for key, exp in loaded.state.experiments.items()} == expected
    for _, tag, _ in WRITERS:
        assert loaded.state.experiments[f"{tag}-7"].title == f"{tag} experiment 7"
