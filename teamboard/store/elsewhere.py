"""A board read and folded in another process, so that the app's own thread (the keys)
is not held while a big board is folded again: the child writes the folded board packed
(store.cache), and the parent unpacks it a slice at a time."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from teamboard.store import cache
from teamboard.store.folder import BoardFolder, BoardMeta, Loaded
from teamboard.store.reading import Fresh, read_all
from teamboard.store.seen import Seen

# What the child writes before the packed board; anything else (nothing, when it ended
# early) means it could not fold the board.
FOLDED = b"folded\n"
# The child: a fresh interpreter that imports only the store (not the parent's own main
# module, as multiprocessing's would), reads and folds the board, and writes it packed.
# It runs at a lower priority (POSIX), so that on a busy computer the app's own thread
# (the keys) comes first: a refold may take longer, a key may not.
_CHILD = (
    "import os\n"
    "if hasattr(os, 'nice'): os.nice(10)\n"
    "from teamboard.store.elsewhere import fold_child\n"
    "fold_child()"
)


def start_fold(board: BoardFolder) -> subprocess.Popen[bytes]:
    """A child process that reads and folds the board in `board`'s folder and writes it,
    packed (store.cache), to its standard output, for this process to read."""
    if getattr(sys, "frozen", False) or not sys.executable:
        # A bundled app's executable is not a Python that runs `-c`: fold here.
        raise OSError("no Python interpreter to run the fold in")
    meta = json.dumps(dataclasses.asdict(board.meta))
    seen = str(board.seen.folder) if board.seen is not None else ""
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(board.root), meta, seen],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # nothing on the app's screen, whatever happens
    )


def fold_child() -> None:
    """In the child process: `read_all` of the board named on the command line, packed
    (store.cache.pack) and written to standard output. On any error it writes nothing
    and fails: the parent folds the board itself, and meets the error there."""
    root, meta, seen = sys.argv[1], BoardMeta(**json.loads(sys.argv[2])), sys.argv[3]
    fresh = read_all(BoardFolder(Path(root), meta, Seen(Path(seen)) if seen else None))
    loaded = fresh.loaded
    problems = [(type(p), p.path, p.reason) for p in loaded.problems]
    extra = (
        loaded.marks,
        fresh.stats,
        problems,
        loaded.event_count,
        loaded.file_count,
        loaded.lost,
    )
    out = sys.stdout.buffer
    out.write(FOLDED)
    for part in cache.pack(loaded.state, extra):
        out.write(part)
    out.flush()


def unpacked(data: bytes) -> Fresh:
    """The board `fold_child` wrote (after FOLDED)."""
    unpacked = cache.unpack_bytes(data, start=len(FOLDED))
    state, (marks, stats, problems, event_count, file_count, lost) = unpacked
    found = [kind(path, reason) for kind, path, reason in problems]
    return Fresh(Loaded(state, found, marks, event_count, file_count, lost), stats)
