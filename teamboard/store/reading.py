"""What was read of a board's files, and when: each file's size, time and inode (to tell a
changed file from an unchanged one), and a whole board read and folded."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from teamboard.store.folder import BoardFolder, Loaded, Progress

# A file modified this close to the moment its size and time were noted may change again
# within the same clock tick unseen: it is read again next time (git's "racy" rule).
RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Stat:
    """A file's size, modification time and inode when it was read, and when that was."""

    size: int
    mtime_ns: int
    inode: int
    noted_ns: int

    def same_file(self, other: Stat | None) -> bool:
        return (
            other is not None
            and (self.size, self.mtime_ns, self.inode) == (other.size, other.mtime_ns, other.inode)
            and self.noted_ns - self.mtime_ns > RACY_NS
        )


def stat_of(path: Path) -> Stat | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return Stat(st.st_size, st.st_mtime_ns, st.st_ino, time.time_ns())


@dataclass
class Fresh:
    """One loaded board with what it was read from, ready to take the place of the old."""

    loaded: Loaded
    stats: dict[str, Stat]


def read_all(board: BoardFolder, progress: Progress | None = None) -> Fresh:
    files, _ = board.scan()
    stats = {str(p): s for p in files if (s := stat_of(p)) is not None}
    return Fresh(board.load(progress=progress), stats)
