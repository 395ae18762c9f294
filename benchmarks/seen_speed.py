"""Time what this computer's memory of each person's file (store.seen) adds to reading a
big board in full, as `teamboard check` and a load without the cache do.

    .venv/bin/python benchmarks/seen_speed.py [--experiments 10000] [--people 200]

Builds the board of `big_board.py`, then prints the first full read with the memory
(every event digested once), and the best of four full reads once the files are
remembered, with the time spent in the memory (each file's bytes hashed and compared,
nothing digested): measured inside the read, since a busy computer moves a whole read
by more than that. Then the memory's size next to the people's files. Not part of the
tests; no targets were set.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from big_board import build

from teamboard.store.folder import BoardFolder
from teamboard.store.seen import Seen

spent = [0.0]


def _timed_observe(observe):  # type: ignore[no-untyped-def]
    def timed(self, *args):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return observe(self, *args)
        finally:
            spent[0] += time.perf_counter() - start

    return timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiments", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    Seen.observe = _timed_observe(Seen.observe)  # type: ignore[method-assign]
    work = Path(tempfile.mkdtemp(prefix="teamboard-seen-"))
    try:
        root, memory = work / "board", work / "cache"
        events = build(root, args.people, args.experiments)
        print(f"{events:,} events from {args.people} people")
        runs = []
        for _ in range(5):
            folder = BoardFolder.open(root, remember_in=memory)
            spent[0] = 0.0
            start = time.perf_counter()
            folder.load()
            runs.append((time.perf_counter() - start, spent[0]))
        (first, first_seen), rest = runs[0], runs[1:]
        print(
            f"first full read with the memory: {first * 1000:.0f} ms, of which every event "
            f"digested: {first_seen * 1000:.0f} ms"
        )
        total, seen = min(rest)
        print(
            f"full read, files remembered: {total * 1000:.0f} ms, of which the memory: "
            f"{seen * 1000:.0f} ms"
        )
        kept = sum(p.stat().st_size for p in memory.rglob("*.seen"))
        files = sum(p.stat().st_size for p in (root / "people").glob("*.json"))
        print(f"memory: {kept:,} bytes for {files:,} bytes of people's files")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
