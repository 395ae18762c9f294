"""Whether the git repository a board folder is in stands in the middle of a merge or a
rebase, seen from its files alone (no git run: every command asks, so it must cost a few
file lookups).

In the middle of one, the board's files are what git left: conflict markers in a file
read as "not valid JSON", and the rest is a half-replayed history. Every command that
reads the board says so and what to do, instead of naming files as damaged.
"""

from __future__ import annotations

from pathlib import Path

# What git leaves in its folder during each (the marker, what it is, how to end it), in
# the order git checks them. A cherry-pick or a revert leaves the board's files whole
# unless they conflict; sync alone refuses to start in one.
BUSY: dict[str, tuple[str, str]] = {
    "rebase-merge": ("a rebase", "run `git rebase --abort` or finish it"),
    "rebase-apply": ("a rebase", "run `git rebase --abort` or finish it"),
    "MERGE_HEAD": ("a merge", "run `git merge --abort` or finish it (`git commit`)"),
}
ALSO_BUSY: dict[str, tuple[str, str]] = {
    "CHERRY_PICK_HEAD": ("a cherry-pick", "run `git cherry-pick --abort` or finish it"),
    "REVERT_HEAD": ("a revert", "run `git revert --abort` or finish it"),
}
# A `.git` file (a worktree, a submodule) names the repository's folder on this line.
_GITDIR = "gitdir:"


def busy_message(what: str, how: str) -> str:
    return f"the board's git is in the middle of {what}: {how}, then `teamboard sync`"


def git_dir(folder: Path) -> Path | None:
    """The git folder of the repository `folder` is in (the worktree's own, for a linked
    worktree), or None outside git."""
    for where in (folder, *folder.parents):
        dot_git = where / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            try:
                first = dot_git.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return None
            if first and first[0].startswith(_GITDIR):
                return (where / first[0].removeprefix(_GITDIR).strip()).resolve()
            return None
    return None


def git_busy(folder: Path) -> str | None:
    """What to tell a person about to read the board in `folder` while its git is in the
    middle of a merge or a rebase (one line), or None."""
    found = git_dir(folder)
    if found is None:
        return None
    for marker, (what, how) in BUSY.items():
        if (found / marker).exists():
            return busy_message(what, how)
    return None
