"""Whether a board's git is in the middle of a merge or a rebase, from its files alone
(store.gitstate), and a board read meanwhile: refused, unless a sync is at work (it holds
the board's lock while its own rebase rewrites the files), which reading waits for."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from boards import new_board
from filelock import FileLock

from teamboard.store import folder
from teamboard.store.folder import BoardFolder, GitBusy
from teamboard.store.gitstate import git_busy, git_dir


@pytest.mark.parametrize(
    ("marker", "said"),
    [
        ("rebase-merge", "a rebase: run `git rebase --abort` or finish it"),
        ("rebase-apply", "a rebase: run `git rebase --abort` or finish it"),
        ("MERGE_HEAD", "a merge: run `git merge --abort` or finish it (`git commit`)"),
    ],
)
def test_what_git_leaves_is_found_from_a_folder_deep_in_the_repository(
    tmp_path: Path, marker: str, said: str
) -> None:
    board = tmp_path / "project" / "team" / "board"
    board.mkdir(parents=True)
    dot_git = tmp_path / "project" / ".git"
    dot_git.mkdir()
    assert git_busy(board) is None
    (dot_git / marker).mkdir() if marker != "MERGE_HEAD" else (dot_git / marker).write_text("")
    assert git_busy(board) == f"the board's git is in the middle of {said}, then `teamboard sync`"


def test_a_linked_worktree_is_asked_in_its_own_git_folder(tmp_path: Path) -> None:
    own = tmp_path / "main" / ".git" / "worktrees" / "side"
    own.mkdir(parents=True)
    side = tmp_path / "side"
    side.mkdir()
    (side / ".git").write_text(f"gitdir: {own}\n")
    assert git_dir(side / "board") == own.resolve()
    (own / "rebase-merge").mkdir()
    assert git_busy(side) is not None
    assert git_dir(tmp_path / "elsewhere") is None


def test_reading_waits_for_a_sync_at_work_and_refuses_a_stopped_rebase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "board"
    new_board(root, "Team", "ana", "Ana")
    rebasing = tmp_path / ".git" / "rebase-merge"
    rebasing.mkdir(parents=True)

    # Stopped (nobody holds the board's lock): refused at once.
    with pytest.raises(GitBusy, match="in the middle of a rebase"):
        BoardFolder.open(root)

    # A sync at work: it holds the board's lock while git rewrites the files.
    looked_once = threading.Event()
    looked = folder.git_busy

    def spied(where: Path) -> str | None:
        found = looked(where)
        looked_once.set()
        return found

    monkeypatch.setattr(folder, "git_busy", spied)
    lock = FileLock(root / "people" / ".board.lock")
    opened: list[object] = []
    with lock:
        reader = threading.Thread(target=lambda: opened.append(_open(root)))
        reader.start()
        assert looked_once.wait(10), "the reader never looked at git"
        rebasing.rmdir()  # the sync's rebase is done; then it lets go of the lock
    reader.join(10)
    assert len(opened) == 1 and isinstance(opened[0], BoardFolder), opened


def _open(root: Path) -> object:
    try:
        return BoardFolder.open(root)
    except GitBusy as error:
        return error
