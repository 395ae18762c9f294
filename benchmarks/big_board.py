"""Build a big synthetic board and time opening it and writing to it.

    .venv/bin/python benchmarks/big_board.py [--experiments 10000] [--people 200] [--keep DIR]

Prints, with the issue's targets: the raw `json.load` of every person's file; opening the
board (read, validate, check its signatures and chains, fold) and its ratio to that
(target <= 2.5x); opening it from this machine's cache; the size of the people's files;
one action through the one write path on the open board; one CLI write from process start
with this machine's cache (target <= 1 s) and without it; and the peak memory of a process
that opens the board (target < 250 MB).

The board is built signed, as teamboard writes now (each person's key made in a config
folder of the run's own, never the user's).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from teamboard.domain import actions
from teamboard.domain.authorship import bound_id
from teamboard.domain.events import ApplicationKind, new_id
from teamboard.store import journal
from teamboard.store.folder import BoardFolder
from teamboard.store.keys import Keyring
from teamboard.store.live import LiveBoard
from teamboard.store.signing import ChainHead, seal

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def build(root: Path, people: int, experiments: int, seed: int = 7) -> int:
    """Write a board of `people` members and `experiments` experiments; return the event count."""
    rng = random.Random(seed)
    ids = [f"p{i:03d}" for i in range(people)]
    start = NOW - timedelta(days=200)
    # Written with the store's own locked, atomic append (the journal), not event by event
    # through the rules: building 80,000 checked actions would take minutes.
    journal.create_board_files(root, "Big Team", ids[0], start)
    board = BoardFolder.open(root)
    logs: dict[str, list[tuple[datetime, dict]]] = {i: [] for i in ids}
    logs[ids[0]].append((start, {"type": "member_joined", "name": "Person 0"}))
    for n, member in enumerate(ids[1:], 1):
        logs[member].append(
            (start + timedelta(minutes=n), {"type": "member_joined", "name": f"Person {n}"})
        )
    managers = ids[:10]
    for manager in managers[1:]:
        logs[ids[0]].append(
            (start + timedelta(hours=6), {"type": "role_set", "member": manager, "role": "manager"})
        )
    for n in range(experiments):
        owner = ids[n % people]
        eid = bound_id(owner)
        t = start + timedelta(days=1, minutes=rng.randrange(0, 60 * 24 * 30))
        log = logs[owner]
        log.append(
            (
                t,
                {
                    "type": "experiment_created",
                    "experiment_id": eid,
                    "title": f"Experiment {n}: practise a skill from training {n % 37}",
                    "training": f"Training {n % 37}",
                    "plan": {
                        "why_me": "I need it",
                        "must_deliver": "A result",
                        "team_goals": "Ours",
                        "personal_benefit": "Growth",
                    },
                    "opportunity": {
                        "kind": rng.choice(list(ApplicationKind)).value,
                        "what": "A project",
                        "when": "Next month",
                    },
                    "confidence": rng.randint(1, 3),
                },
            )
        )
        target_stage = rng.choice([0, 1, 1, 2, 2, 3])
        t += timedelta(days=1)
        supporter = ids[(n * 7 + 3) % people]
        if supporter != owner:
            logs[supporter].append(
                (
                    t + timedelta(minutes=5),
                    {"type": "support_added", "experiment_id": eid, "supporter": supporter},
                )
            )
            if n % 2:
                logs[supporter].append(
                    (
                        t + timedelta(minutes=6),
                        {
                            "type": "support_noted",
                            "experiment_id": eid,
                            "note_id": new_id(),
                            "text": "Happy to pair on this; ping me before the next meeting.",
                        },
                    )
                )
        if target_stage >= 1:
            log.append((t, {"type": "stage_moved", "experiment_id": eid, "to": "practice"}))
            for k in range(rng.randint(1, 3)):
                t += timedelta(days=rng.randint(1, 10))
                log.append(
                    (
                        t,
                        {
                            "type": "practice_logged",
                            "experiment_id": eid,
                            "entry_id": new_id(),
                            "on": t.date().isoformat(),
                            "what": f"Tried it in a meeting, attempt {k + 1}",
                        },
                    )
                )
        if target_stage >= 2:
            t += timedelta(days=1)
            log.append((t, {"type": "stage_moved", "experiment_id": eid, "to": "reflection"}))
            t += timedelta(days=1)
            log.append(
                (
                    t,
                    {
                        "type": "reflection_written",
                        "experiment_id": eid,
                        "reflection_id": new_id(),
                        "wanted": "Apply it",
                        "did": "I did",
                        "effect": "It worked",
                        "next_time": "Earlier",
                    },
                )
            )
        if target_stage >= 3:
            t += timedelta(days=1)
            log.append((t, {"type": "stage_moved", "experiment_id": eid, "to": "success"}))
        for hours in (1, 2) if n % 2 else (1,):
            log.append(
                (
                    t + timedelta(hours=hours),
                    {"type": "confidence_rated", "experiment_id": eid, "value": rng.randint(2, 5)},
                )
            )
        if n % 4 == 0:
            manager = managers[n % len(managers)]
            logs[manager].append(
                (
                    t + timedelta(hours=2),
                    {
                        "type": "praise_posted",
                        "praise_id": new_id(),
                        "to": owner,
                        "experiment_id": eid,
                        "message": "Good going",
                        "kind": "effort",
                    }
                    if manager != owner
                    else {
                        "type": "checked_in",
                        "experiment_id": eid,
                        "check_in_id": new_id(),
                        "kind": "soon-after",
                        "notes": "Fine",
                    },
                )
            )
    total = 0
    keyring = Keyring.default()
    for member, log in logs.items():
        log.sort(key=lambda pair: pair[0])
        docs = [
            actions.bind_ids(member, p)
            | {"id": new_id(), "at": at.isoformat(), "author": member, "seq": seq}
            for seq, (at, p) in enumerate(log)
        ]
        if docs:
            seal(docs, keyring.own(member), ChainHead())
            journal.append(board, member, docs, -1)
            total += len(docs)
    return total


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiments", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build the board here and keep it")
    args = parser.parse_args()

    # The people's keys: in a config folder of this run's own (and the CLI runs below).
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="teamboard-bench-config-")
    root = args.keep or Path(tempfile.mkdtemp(prefix="teamboard-bench-")) / "board"
    t0 = time.perf_counter()
    events = build(root, args.people, args.experiments)
    print(
        f"built {args.experiments:,} experiments, {events:,} events from {args.people} people "
        f"in {time.perf_counter() - t0:.1f} s  ({root})"
    )

    board = BoardFolder.open(root)
    files = board.person_files()

    def json_load_all() -> int:
        count = 0
        for path in files:
            with path.open("rb") as handle:
                count += len(json.load(handle)["events"])
        return count

    raw_s, _ = timed(json_load_all, 3)
    print(f"raw json.load of the {len(files)} people files: {raw_s * 1000:.0f} ms median of 3")
    load_s, loaded = timed(board.load, 3)
    state = loaded.state
    assert not loaded.problems and not state.rejected, state.rejected[:3]
    assert len(state.experiments) == args.experiments
    ratio = load_s / raw_s
    print(
        f"open board (read {loaded.file_count} files, validate and fold "
        f"{loaded.event_count:,} events): {load_s * 1000:.0f} ms median of 3, "
        f"{ratio:.1f}x json.load (target <= 2.5x: {'met' if ratio <= 2.5 else 'MISSED'})"
    )

    size = sum(path.stat().st_size for path in files)
    print(f"the people's files: {size / 1024 / 1024:.1f} MB")
    folded = Path(tempfile.mkdtemp(prefix="teamboard-bench-folded-"))
    kept = LiveBoard(board, cache_dir=folded)
    kept.load()
    kept.save_cache()

    def open_cached() -> LiveBoard:
        opened = LiveBoard(board, cache_dir=folded)
        opened.open()
        assert opened.cache_used and opened.files_read == 0
        return opened

    cached_s, _ = timed(open_cached, 5)
    print(
        f"open board from this machine's cache (no file changed): {cached_s * 1000:.0f} ms "
        "median of 5"
    )

    experiment = next(e for e in state.experiments.values() if e.stage.value == "practice")
    me = experiment.owner
    live = LiveBoard(board)
    live.load()

    def perform_one() -> None:
        live.perform(me, actions.rate_confidence(experiment.id, 4))

    perform_s, _ = timed(perform_one, 25)
    print(
        f"one action through the write path on the open board (board lock, catch up, rules, "
        f"{me}'s lock, atomic write): {perform_s * 1000:.1f} ms median of 25"
    )

    cache = Path(tempfile.mkdtemp(prefix="teamboard-bench-cache-"))
    env = os.environ | {"XDG_CACHE_HOME": str(cache)}
    cli = [
        sys.executable,
        "-m",
        "teamboard",
        "confidence",
        experiment.id[:10],
        "3",
        "--board",
        str(root),
        "--as",
        me,
    ]

    def cli_once() -> None:
        subprocess.run(cli, check=True, capture_output=True, env=env)

    cold_s, _ = timed(lambda: (shutil.rmtree(cache, ignore_errors=True), cli_once()), 3)
    cli_once()  # leaves the cache for the runs below
    warm_s, _ = timed(cli_once, 5)
    print(
        f"one CLI write ('teamboard confidence', from process start): {warm_s * 1000:.0f} ms "
        f"median of 5 with this machine's cache (target <= 1 s: "
        f"{'met' if warm_s <= 1.0 else 'MISSED'}); {cold_s * 1000:.0f} ms without it"
    )
    # VmHWM (peak resident memory) of a fresh process; ru_maxrss would carry over the
    # parent's peak through fork.
    opener = (
        "import sys; from teamboard.store.folder import BoardFolder; "
        "BoardFolder.open(sys.argv[1]).load(); "
        "print(next(int(line.split()[1]) // 1024 for line in open('/proc/self/status') "
        "if line.startswith('VmHWM')))"
    )
    peak = subprocess.run(
        [sys.executable, "-c", opener, str(root)], check=True, capture_output=True, text=True
    ).stdout.strip()
    verdict = "met" if int(peak) < 250 else "MISSED"
    print(f"peak memory of a process that opens the board: {peak} MB (target < 250 MB: {verdict})")


if __name__ == "__main__":
    main()
