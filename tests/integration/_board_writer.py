"""A writer process for the integration tests: appends events to a board as one person.

    python _board_writer.py ROOT AUTHOR TAG COUNT [TEXT_SIZE [PAUSE_MS]]

Prints ``ready`` once the board is open and waits for one line on stdin, so that the
test can start several writers at the same moment. Then it adds COUNT experiments
(COUNT 0: until it is killed) through the board's one write path, ``LiveBoard.perform``
(the board lock, catching up with the others' files, the rules, the person's lock, the
atomic write), and after every call that returned prints ``ack <event id> <experiment
id>`` and flushes. A line on stdout therefore means the board acknowledged that event.

With HOLD_INSIDE_WRITE=WHERE:N in its environment, the writer stops inside its Nth write
(0 for the first) of a person's file, prints ``inside WHERE`` and waits there to be
killed. WHERE is where, in the atomic write (teamboard.store.atomic):

- ``half``: half of the new file's bytes are in the temp file;
- ``before-rename``: the temp file is whole and synced, not yet renamed over the file;
- ``after-rename``: the rename is done; the event is stored but not yet acknowledged.

Any error goes to stderr with exit status 1.
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any

# Run as a script: make the package importable even when it is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from teamboard.domain import actions
from teamboard.store import atomic
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard

HOLDS = ("half", "before-rename", "after-rename")


def wait_to_be_killed(where: str) -> None:
    print(f"inside {where}", flush=True)
    while True:
        time.sleep(60)


class HalfWrite:
    """A file opened by the atomic write whose write stops halfway (see `hold_inside`)."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> HalfWrite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        written = self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        os.fsync(self.handle.fileno())
        wait_to_be_killed("half")
        return written


def hold_inside(where: str, nth: int) -> None:
    """Stop inside the nth atomic write, at `where` (see the module), until killed: the
    atomic write's `os` is given a stand-in that counts its writes and stops there."""
    assert where in HOLDS, where
    writes = itertools.count()
    current = [-1]

    class Os:
        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
            current[0] = next(writes)
            handle = os.fdopen(fd, *args, **kwargs)
            return HalfWrite(handle) if where == "half" and current[0] == nth else handle

        def replace(self, src: str, dst: str) -> None:
            if current[0] == nth and where == "before-rename":
                wait_to_be_killed(where)
            os.replace(src, dst)
            if current[0] == nth and where == "after-rename":
                wait_to_be_killed(where)

    atomic.os = Os()  # type: ignore[assignment]


def main(argv: list[str]) -> int:
    root, author, tag, count = argv[0], argv[1], argv[2], int(argv[3])
    text_size = int(argv[4]) if len(argv) > 4 else 0
    pause = int(argv[5]) / 1000 if len(argv) > 5 else 0.0
    filler = ("lorem ipsum dolor sit amet " * (text_size // 27 + 1))[:text_size]
    if hold := os.environ.get("HOLD_INSIDE_WRITE"):
        where, nth = hold.split(":")
        hold_inside(where, int(nth))
    live = LiveBoard(BoardFolder.open(root))
    live.load()
    print("ready", flush=True)
    sys.stdin.readline()
    numbers = itertools.count() if count == 0 else range(count)
    for i in numbers:
        experiment_id = f"{tag}-{i}"
        payload = actions.create_experiment(f"{tag} experiment {i}", plan={"why_me": filler})
        payload["experiment_id"] = experiment_id
        performed = live.perform(author, payload)
        print(f"ack {performed.events[0]['id']} {experiment_id}", flush=True)
        if pause:
            time.sleep(random.uniform(0, pause))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception:
        traceback.print_exc()
        sys.exit(1)
