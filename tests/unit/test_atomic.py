"""The one write path as it would run on Windows with Python 3.11 or newer, simulated here
on Linux: no `os.fchmod` (Windows has it only from 3.13), and `os.replace` refused with
PermissionError while another process has the file open (Windows refuses to replace an
open file; the app's watcher and colleagues read people's files all the time).

What is simulated is exactly those two differences; the writes are real files, through
the board's real write path (LiveBoard.perform), the cache, a new board, and an export.
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pytest
from boards import fingerprint, new_board, write_events

from teamboard.exchange.saving import save_file
from teamboard.store import atomic
from teamboard.store.folder import BoardFolder, StoreError
from teamboard.store.live import LiveBoard

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
RATE = {"type": "confidence_rated", "experiment_id": "e1", "value": 4}


@pytest.fixture
def board(tmp_path: Path) -> BoardFolder:
    board = new_board(tmp_path / "b", "Team", "ana", "Ana", at=T0)
    write_events(board, "ben", {"type": "member_joined", "name": "Ben", "at": T0.isoformat()})
    write_events(
        board,
        "ben",
        {"type": "experiment_created", "experiment_id": "e1", "title": "Feedback"},
        at=T0,
    )
    return board


def live(board: BoardFolder, cache_dir: Path | None = None) -> LiveBoard:
    opened = LiveBoard(board, cache_dir=cache_dir)
    opened.load()
    return opened


def test_without_fchmod_every_write_works_and_a_replaced_file_keeps_its_mode(
    board, tmp_path, monkeypatch
):
    ben = board.person_file("ben")
    ben.chmod(0o640)
    monkeypatch.delattr(os, "fchmod")  # Windows before Python 3.13
    watcher = live(board, cache_dir=tmp_path / "cache")
    watcher.perform("ben", RATE)  # the journal: replaces ben's file
    assert stat.S_IMODE(ben.stat().st_mode) == 0o640
    assert [c.value for c in board.load().state.experiments["e1"].confidence] == [4]
    assert watcher.save_cache()  # the cache: a new file
    LiveBoard.create(tmp_path / "new", "New", "cara", "Cara", at=T0)  # a new board
    export = tmp_path / "board.md"
    export.write_text("old")
    export.chmod(0o604)
    save_file(export, b"new", force=True)  # an export over a file
    assert stat.S_IMODE(export.stat().st_mode) == 0o604
    assert export.read_bytes() == b"new"


class Windows:
    """`os.replace` as Windows does it: refused with PermissionError while another process
    has the target open. A reader opens a file and lets go of it after some refused
    replaces (or never), as a colleague's app reading the file would after a moment."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.readers: dict[str, tuple[IO[bytes], int | None]] = {}
        self.refused = 0
        self.read: list[bytes] = []
        self._replace = os.replace
        monkeypatch.setattr(os, "replace", self.replace)

    def reader_holds(self, path: Path, refusals: int | None) -> None:
        """A reader opens `path`; it reads and closes it after `refusals` refused replaces
        (None: it never lets go)."""
        self.readers[os.path.abspath(path)] = (open(path, "rb"), refusals)  # noqa: SIM115

    def replace(self, source: str, target: str) -> None:
        key = os.path.abspath(target)
        if key in self.readers:
            handle, left = self.readers[key]
            self.refused += 1
            if left is not None and left <= 1:
                with handle:
                    self.read.append(handle.read())  # the old file, whole
                del self.readers[key]
            elif left is not None:
                self.readers[key] = (handle, left - 1)
            raise PermissionError(errno.EACCES, "Access is denied", target)
        self._replace(source, target)

    def close(self) -> None:
        for handle, _ in self.readers.values():
            handle.close()


@pytest.fixture
def windows(monkeypatch):
    simulated = Windows(monkeypatch)
    yield simulated
    simulated.close()


@pytest.mark.parametrize("refusals", [1, 3, len(atomic.REPLACE_WAITS)])
def test_a_replace_refused_while_a_reader_holds_the_file_is_tried_again(board, windows, refusals):
    ben = board.person_file("ben")
    old = ben.read_bytes()
    watcher = live(board)
    windows.reader_holds(ben, refusals)
    watcher.perform("ben", RATE)
    assert windows.refused == refusals
    assert windows.read == [old]  # the reader read the old file whole
    assert [c.value for c in board.load().state.experiments["e1"].confidence] == [4]
    assert list(board.people_dir.glob("*.tmp")) == []


def test_a_replace_refused_for_good_fails_clearly_and_nothing_is_lost(board, windows):
    ben = board.person_file("ben")
    before = fingerprint(board.root)
    watcher = live(board)
    windows.reader_holds(ben, None)
    with pytest.raises(StoreError) as refused:
        watcher.perform("ben", RATE)
    tries = len(atomic.REPLACE_WAITS) + 1
    assert windows.refused == tries
    assert sum(atomic.REPLACE_WAITS) < 0.5  # the waits between them, in seconds
    assert str(refused.value) == (
        f"cannot write {ben}: Access is denied, still after {tries} tries in 0.31 s (does "
        "another program hold it open?); it is left as it was"
    )
    assert fingerprint(board.root) == before  # ben's file as it was, no temp file left
    assert watcher.state.experiments["e1"].confidence == []  # nor on the board


def test_an_export_refused_for_good_says_so_and_the_old_file_stays(tmp_path, windows):
    from teamboard.exchange.saving import SaveError

    target = tmp_path / "board.md"
    target.write_text("mine")
    windows.reader_holds(target, None)
    with pytest.raises(SaveError, match=r"still after 8 tries .*it is left as it was$"):
        save_file(target, b"new", force=True)
    assert target.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["board.md"]
