"""Time `teamboard sync` and the merge driver on a big board shared through git.

    .venv/bin/python benchmarks/sync_speed.py [--experiments 10000] [--people 200]

Builds the big board of `big_board.py` in a git repository with a bare "server" and two
clones, then prints:
- the merge driver on the busiest person's file, in this process and as git runs it (a
  process of its own), with a few hundred new events on each of two computers;
- `teamboard sync` from process start: with nothing to do; with my file and one
  colleague's changed (my commit, a pull that rebases, a push); and for one person on two
  computers (the pull runs the merge driver on their file).
Not part of the tests; no targets were set for these.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from big_board import NOW, build

from teamboard.domain.events import new_id
from teamboard.exchange.merge import merge_file
from teamboard.store import journal
from teamboard.store.folder import BoardFolder, person_file_bytes

REPO = Path(__file__).resolve().parents[1]
ENV = {
    "PYTHONPATH": str(REPO),
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(where: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=where, check=True, capture_output=True)


def teamboard(clone: Path, who: str, *args: str) -> float:
    """Seconds from process start to exit."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "teamboard", *args, "--board", str(clone), "--as", who],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - start


def new_events(who: str, last_seq: int, count: int, minutes: int) -> list[dict]:
    """`count` new experiments of `who`, dated after everything on the board."""
    at = NOW + timedelta(days=1, minutes=minutes)
    return [
        {
            "type": "experiment_created",
            "experiment_id": new_id(),
            "title": f"New on this computer {n}",
            "id": new_id(),
            "at": (at + timedelta(seconds=n)).isoformat(),
            "author": who,
            "seq": last_seq + 1 + n,
        }
        for n in range(count)
    ]


def add_events(board: BoardFolder, who: str, count: int, minutes: int) -> None:
    last = board.read_person(board.person_file(who)).mark.last_seq
    journal.append(board, who, new_events(who, last, count, minutes), last)


def with_new(path: Path, who: str, count: int, minutes: int) -> bytes:
    """The file at `path` with `count` new events, as teamboard writes it."""
    tables = json.loads(path.read_bytes())
    table = tables["events"]
    for doc in new_events(who, len(table) - 1, count, minutes):
        table[str(len(table) + 1)] = doc
    return person_file_bytes(tables)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiments", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="teamboard-sync-bench-"))
    gitconfig = tmp / "gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n")
    os.environ.update(ENV, GIT_CONFIG_GLOBAL=str(gitconfig))

    one = tmp / "one"
    events = build(one, args.people, args.experiments)
    board = BoardFolder.open(one)
    sizes = {p.stem: len(json.loads(p.read_bytes())["events"]) for p in board.person_files()}
    busiest = max(sizes, key=lambda who: sizes[who])
    print(f"built {events:,} events from {args.people} people; {busiest} has {sizes[busiest]:,}")
    git(tmp, "init", "-q", "--bare", "server.git")
    git(one, "init", "-q")
    git(one, "add", ".")
    git(one, "commit", "-qm", "the board, as it was")
    teamboard(one, busiest, "sync", "--setup")  # no remote yet: commits .gitattributes
    git(one, "remote", "add", "origin", str(tmp / "server.git"))
    teamboard(one, busiest, "sync")
    git(tmp, "clone", "-q", "server.git", "two")
    two = tmp / "two"
    teamboard(two, busiest, "sync")  # sets up the second clone's merge driver

    # The merge driver alone, on copies of the busiest file as two computers left it.
    ancestor = board.person_file(busiest)
    ours, theirs = tmp / "ours.json", tmp / "theirs.json"
    mine, other_side = with_new(ancestor, busiest, 300, 0), with_new(ancestor, busiest, 300, 1)
    ours.write_bytes(mine)
    theirs.write_bytes(other_side)
    start = time.perf_counter()
    merged = merge_file(ancestor, ours, theirs, "people/x.json")
    inside = time.perf_counter() - start
    ours.write_bytes(mine)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "teamboard", "merge-file", str(ancestor), str(ours), str(theirs)],
        check=True,
    )
    process = time.perf_counter() - start
    print(
        f"merge driver, {merged.events:,} events ({merged.from_theirs} from the other side): "
        f"{inside * 1000:.0f} ms in process, {process * 1000:.0f} ms as git runs it"
    )

    # Syncs, from process start.
    print(f"sync, nothing to do: {teamboard(one, busiest, 'sync') * 1000:.0f} ms")
    colleague = next(who for who in sizes if who != busiest)
    add_events(BoardFolder.open(two), colleague, 5, 2)
    git(two, "commit", "-qam", "a colleague's change, from another computer")
    git(two, "push", "-q")
    add_events(board, busiest, 300, 3)
    took = teamboard(one, busiest, "sync")
    print(f"sync, 300 events of mine committed, a colleague's change pulled: {took * 1000:.0f} ms")
    add_events(BoardFolder.open(two), busiest, 300, 4)
    took = teamboard(two, busiest, "sync")
    print(
        "sync, 300 events on my other computer, merged with those 300 (the driver runs): "
        f"{took * 1000:.0f} ms"
    )
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
