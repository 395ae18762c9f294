"""A writer process for the integration tests: appends events to a board as one person.

    python _board_writer.py ROOT AUTHOR TAG COUNT [TEXT_SIZE [PAUSE_MS]]

Prints ``ready`` once the board is open and waits for one line on stdin, so that the
test can start several writers at the same moment. Then it adds COUNT experiments
(COUNT 0: until it is killed) through the board's one write path, ``LiveBoard.perform``
(the board lock, catching up with the others' files, the rules, the person's lock, the
atomic write), and after every call that returned prints ``ack <event id> <experiment
id>`` and flushes. A line on stdout therefore means the board acknowledged that event.

Any error goes to stderr with exit status 1.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
import traceback
from pathlib import Path

# Run as a script: make the package importable even when it is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from teamboard.domain import actions
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard


def main(argv: list[str]) -> int:
    root, author, tag, count = argv[0], argv[1], argv[2], int(argv[3])
    text_size = int(argv[4]) if len(argv) > 4 else 0
    pause = int(argv[5]) / 1000 if len(argv) > 5 else 0.0
    filler = ("lorem ipsum dolor sit amet " * (text_size // 27 + 1))[:text_size]
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
