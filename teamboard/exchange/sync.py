"""`teamboard sync`: a board folder shared through git, each person committing only their
own file.

A sync checks that the repository is ready (not in the middle of a merge or a rebase, on
a branch, no local change to anyone else's file), commits my own file (only when it reads
as a teamboard file: a damaged file is never committed), pulls with a rebase (`git fetch`,
then `git rebase` on what was fetched: what `git pull --rebase` does) and pushes. When
someone else pushed in between, the push is refused, and the fetch, commit, rebase and
push are tried again, a few times. Colleagues' files never conflict, because each person
writes only their own; the same person on two computers is merged by `teamboard
merge-file` (merge.py), which `.gitattributes` names for `people/*.json` and each clone's
own git config runs (set up here: once per board with `--setup`, and by every sync in a
new clone).

Git runs as a program, as a person would run it: their hooks, credentials and settings
apply. The board and my file are locked (the locks the app takes to write) while my file
is committed and while the rebase rewrites the files, so that git and the app never write
at once; never over the network (the fetch and the push), so that the app does not wait
on it.
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import re
import shlex
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from teamboard.domain.text import plural, without_control
from teamboard.exchange import merge
from teamboard.store.atomic import atomic_write_bytes, atomic_write_text
from teamboard.store.folder import (
    BOARD_FILE,
    EVENTS_TABLE,
    PERSON_FILE_LIMIT,
    BoardFolder,
    DamagedFile,
    StoreError,
    parse_person_file,
    person_file_bytes,
    read_regular,
)
from teamboard.store.gitstate import ALSO_BUSY, BUSY, busy_message

DRIVER = "teamboard"
ATTRIBUTES = ".gitattributes"
ATTRIBUTE_LINE = f"people/*.json merge={DRIVER}"
GITIGNORE = ".gitignore"
# Pull, rebase and push again this many times when others keep pushing first.
TRIES = 6
# The locks are held for local work only (a write, a commit, a rebase), if on a big board.
LOCK_TIMEOUT = 60.0
# Each step over the network (asking for the remote's branch, the fetch, the push) is
# stopped after this long (`sync --timeout`): an unreachable server never holds sync.
TIMEOUT = 30.0
_IN_PROGRESS = {**BUSY, **ALSO_BUSY}


class SyncError(StoreError):
    """Why a sync was refused or stopped, in one line."""


@dataclass
class Synced:
    """What a sync did."""

    committed: int | None = None  # my new events committed (None: nothing to commit)
    total: int = 0  # events in my file
    file: str = ""  # my file, as git names it
    came_in: dict[str, int] = field(default_factory=dict)  # member -> new events
    pushed_to: str | None = None  # remote/branch, None without a remote
    tries: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    put_back: list[str] = field(default_factory=list)  # what of mine a pull took, put back


# --- git ------------------------------------------------------------------------------------


def _git(
    cwd: Path,
    *args: str,
    data: bytes | None = None,
    check: bool = True,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run git and wait for it (at most `timeout` seconds: subprocess.TimeoutExpired).

    git runs in a process group of its own, with what it starts (ssh, a credential helper,
    the merge driver): when the wait ends early (the timeout, ctrl+c, a SIGTERM turned into
    an exception), the whole group is ended, so that nothing is left running after sync.
    Nothing it runs may ask for a password on the terminal (it has none)."""
    try:
        child = subprocess.Popen(
            ["git", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL if data is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**(env or os.environ), "GIT_TERMINAL_PROMPT": "0"},
            **_OWN_GROUP,
        )
    except FileNotFoundError:
        raise SyncError("git is not installed (or not on PATH); teamboard sync runs git") from None
    try:
        out, err = child.communicate(data, timeout=timeout)
    except BaseException:
        _end_group(child)
        raise
    done = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    if check and done.returncode != 0:
        raise SyncError(f"git {args[0]} failed: {_last_line(done)}")
    return done


# A process group of its own for each git (and all it starts), ended together.
_OWN_GROUP: dict[str, Any] = (
    {"start_new_session": True}
    if os.name == "posix"
    else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
)
# How long git has to stop by itself (removing its lock files) before it is killed.
_END_GRACE = 2.0


def _end_group(child: subprocess.Popen[bytes]) -> None:
    """End git and everything it started: asked first (SIGTERM: git removes its lock
    files), then killed."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(_END_GRACE)
        # Whatever of the group is still there (an ssh that outlived its git) goes now.
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)
    else:
        child.kill()
    child.wait()
    for pipe in (child.stdin, child.stdout, child.stderr):
        if pipe is not None:
            pipe.close()


def _out(cwd: Path, *args: str, data: bytes | None = None, check: bool = True) -> str:
    done = _git(cwd, *args, data=data, check=check)
    return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else ""


def _last_line(done: subprocess.CompletedProcess[bytes]) -> str:
    text = (done.stderr or done.stdout).decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (errors or lines or [f"exit status {done.returncode}"])[-1]


@dataclass(frozen=True)
class Repo:
    """The git repository a board folder is in."""

    top: Path
    board: BoardFolder

    def rel(self, path: Path) -> str:
        """A path as git names it: relative to the top, with '/' (a link there is named,
        not followed)."""
        return (path.parent.resolve() / path.name).relative_to(self.top).as_posix()

    @property
    def board_rel(self) -> str:
        rel = self.rel(self.board.root)
        return "" if rel == "." else rel

    def in_board(self, rel: str) -> bool:
        return not self.board_rel or rel.startswith(self.board_rel + "/")


def find_repo(board: BoardFolder) -> Repo:
    done = _git(board.root, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise SyncError(
            f"{board.root} is not in a git repository (run 'git init' there, or clone the "
            "team's repository; 'teamboard init --git' makes a board in git)"
        )
    top = Path(done.stdout.decode("utf-8", "replace").strip()).resolve()
    return Repo(top, board)


def _check_ready(repo: Repo) -> str:
    """Refuse a repository in the middle of something; the branch it is on."""
    names = list(_IN_PROGRESS)
    paths = _out(repo.top, "rev-parse", *(arg for name in names for arg in ("--git-path", name)))
    for name, path in zip(names, paths.splitlines(), strict=True):
        if (repo.top / path).exists():
            raise SyncError(busy_message(*_IN_PROGRESS[name]))
    if _out(repo.top, "ls-files", "--unmerged"):
        raise SyncError(
            "the repository has unresolved conflicts (see 'git status'); resolve them first"
        )
    branch = _out(repo.top, "symbolic-ref", "--short", "-q", "HEAD", check=False)
    if not branch:
        raise SyncError(
            "the repository is not on a branch (a detached HEAD): 'git switch' to one first"
        )
    return branch


def _changes(repo: Repo, *paths: str) -> list[tuple[str, str]]:
    """(status, path) of each local change, staged or not, untracked files included."""
    out = _git(
        repo.top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths
    ).stdout.decode("utf-8", "replace")
    items = out.split("\0")
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        if len(item) < 4:
            continue
        found.append((item[:2], item[3:]))
        if item[0] in "RC":
            index += 1  # a rename names where it came from next
    return found


# --- setting up -------------------------------------------------------------------------------


def driver_command() -> str:
    """How git runs the merge driver: this Python with this teamboard (the clone's own
    config, so a path on this computer is right)."""
    return f"{shlex.quote(sys.executable)} -m teamboard merge-file %O %A %B %P"


def _configure_driver(repo: Repo, always: bool) -> bool:
    """This clone's git config names the driver; whether it was written now."""
    key = f"merge.{DRIVER}.driver"
    if not always and _out(repo.top, "config", "--local", "--get", key, check=False):
        return False
    _git(
        repo.top,
        "config",
        "--local",
        f"merge.{DRIVER}.name",
        "teamboard: a person's events, united by id",
    )
    _git(repo.top, "config", "--local", key, driver_command())
    return True


def _write_attributes(board: BoardFolder) -> None:
    path = board.root / ATTRIBUTES
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if ATTRIBUTE_LINE not in (line.strip() for line in text.splitlines()):
        if text and not text.endswith("\n"):
            text += "\n"
        atomic_write_text(
            path,
            f"{text}# teamboard: a person's two computers merge by event id\n{ATTRIBUTE_LINE}\n",
        )


def setup(board: BoardFolder, also: tuple[Path, ...] = (), message: str = "") -> list[str]:
    """Name the merge driver in the board's .gitattributes, set it up in this clone, and
    commit the board's own files that git does not have yet (with `also`)."""
    repo = find_repo(board)
    _check_ready(repo)
    _write_attributes(board)
    _configure_driver(repo, always=True)
    notes = [f"This clone runs '{driver_command()}' to merge a person's file."]
    own = [board.root / ATTRIBUTES, board.root / GITIGNORE, board.root / BOARD_FILE, *also]
    wanted = [repo.rel(path) for path in own if path.exists()]
    changed = [path for _, path in _changes(repo, *wanted)]
    if changed:
        _git(repo.top, "add", "--", *changed)
        _git(
            repo.top,
            "commit",
            "-q",
            "-m",
            message or "teamboard: set up the board for sync",
            "--",
            *changed,
        )
        notes.append(f"Committed {', '.join(changed)}.")
    return notes


def check_git(folder: Path) -> None:
    """Before a board is made in git: git is there and knows who commits (else nothing is
    made)."""
    where = Path(folder).expanduser().absolute()
    while not where.is_dir() and where != where.parent:
        where = where.parent
    done = _git(where, "var", "GIT_COMMITTER_IDENT", check=False)
    if done.returncode != 0:
        raise SyncError(
            f"git cannot commit: {_last_line(done)} (tell it who you are: git config "
            "--global user.name ... and user.email ...); no board was made"
        )


def init_repo(board: BoardFolder, founder: str) -> list[str]:
    """`teamboard init --git`: a repository for the new board (unless it is in one
    already), set up, with the new board committed."""
    notes = []
    if _git(board.root, "rev-parse", "--show-toplevel", check=False).returncode != 0:
        _git(board.root, "init", "-q")
        notes.append(f"Made a git repository in {board.root}.")
    message = f"teamboard: new board {board.meta.name}"
    return notes + setup(board, (board.person_file(founder),), message)


# --- syncing ----------------------------------------------------------------------------------


def sync(board: BoardFolder, me: str, tries: int = TRIES, timeout: float = TIMEOUT) -> Synced:
    """Commit my file, pull (rebase), push; see the module's docstring."""
    repo = find_repo(board)
    branch = _check_ready(repo)
    mine = board.person_file(me)
    result = Synced(file=repo.rel(mine))
    if _configure_driver(repo, always=False):
        result.notes.append("Set up this clone's merge driver for people's files.")
    if _attribute(repo, result.file) != DRIVER:
        result.warnings.append(
            f"{ATTRIBUTES} does not name the merge driver for people's files: run "
            "'teamboard sync --setup' once, or your two computers' changes may conflict"
        )
    upstream = _upstream(repo, branch)
    where = f"{upstream.remote}/{upstream.branch}" if upstream else ""
    net = _network(repo, upstream.remote, timeout) if upstream else None
    for attempt in range(1, tries + 1):
        result.tries = attempt
        # Over the network without the locks, so that the app never waits on it.
        fetched = _fetch(repo, upstream, net) if upstream and net else ""
        with _locked(board, me):
            _refuse_others(repo, result.file)
            _commit_mine(repo, mine, me, result)  # what I wrote meanwhile too
            if upstream is not None and fetched:
                before = _rebase(repo, upstream, fetched, mine, result)
                if before:
                    _name_odd_arrivals(repo, before, result)
                    _keep_mine(repo, mine, me, before, result)
        if upstream is None or net is None:
            return result  # no remote: committed here only
        done = _push(repo, branch, upstream, net)
        if done.returncode == 0:
            result.pushed_to = where
            return result
        refused = _refusal(done)
        if refused is None:
            raise SyncError(
                f"git push to {where} failed: {_last_line(done)}; your changes are committed here"
            )
        if _remote_head(repo, upstream, net) == fetched:
            # Nobody pushed in between: the server refuses it for a reason of its own.
            raise SyncError(
                f"{where} refused the push: {refused}{_server_says(done)}; your changes are "
                "committed here"
            )
        # Someone pushed first: take their commits in and try again, after a pause that
        # differs from theirs so that the same two do not meet again.
        if attempt < tries:
            time.sleep(random.uniform(0.05, 0.25) * attempt)
    raise SyncError(
        f"gave up after {tries} tries: others kept pushing to {where} first; your changes "
        "are committed here: run 'teamboard sync' again"
    )


@contextlib.contextmanager
def _locked(board: BoardFolder, me: str) -> Iterator[None]:
    """The board's lock, then my file's, as a write takes them (LiveBoard.perform): a
    change saved meanwhile is then checked against the files as git left them, and never
    written while git writes them."""
    try:
        with (
            FileLock(board.board_lock_file, timeout=LOCK_TIMEOUT),
            FileLock(board.lock_file(me), timeout=LOCK_TIMEOUT),
        ):
            yield
    except Timeout:
        raise SyncError(
            f"{board.root}: another teamboard holds the board's lock; try again"
        ) from None


def _attribute(repo: Repo, rel: str) -> str:
    out = _out(repo.top, "check-attr", "merge", "--", rel)
    return out.rpartition(": ")[2]


def _refuse_others(repo: Repo, mine: str) -> None:
    """Nothing but my file may have local changes in the board (nor anyone's new file),
    nor anything git tracks elsewhere (a pull cannot rebase over it)."""
    board_files = {
        f"{repo.board_rel}/{name}".lstrip("/") for name in (BOARD_FILE, GITIGNORE, ATTRIBUTES)
    }
    inside: list[str] = []
    outside: list[str] = []
    untracked: set[str] = set()
    for status, path in _changes(repo):
        if path == mine:
            if "D" in status:
                raise SyncError(
                    f"{mine} is deleted here; bring it back with 'git checkout -- {mine}' "
                    "(teamboard never deletes a person's file)"
                )
        elif status == "??":
            # A new file: only a person's file or the board's own matters (git would not
            # pull over it when the same arrives); anything else new is not git's concern.
            if path in board_files or repo.board.is_person_file(repo.top / path):
                inside.append(path)
                untracked.add(path)
        elif repo.in_board(path):
            inside.append(path)
        else:
            outside.append(path)
    if inside:
        if set(inside) <= board_files & untracked:
            raise SyncError(
                "the board's own files are not in git yet: run 'teamboard sync --setup' once"
            )
        what = "is new" if inside[0] in untracked else "changed"
        raise SyncError(
            f"{inside[0]}{_more(inside)} {what} here: sync commits only your own file "
            f"({mine}); commit or undo that change first (see 'git status')"
        )
    if outside:
        raise SyncError(
            f"{outside[0]}{_more(outside)}, outside the board, changed here: git cannot pull "
            "over it; commit or stash it first"
        )


def _more(paths: list[str]) -> str:
    return f" (and {len(paths) - 1} more)" if len(paths) > 1 else ""


def _commit_mine(repo: Repo, path: Path, me: str, result: Synced) -> None:
    """Commit exactly the bytes of my file that were checked to be a teamboard file."""
    try:
        data = read_regular(path, PERSON_FILE_LIMIT)
        tables = parse_person_file(data, path)
    except FileNotFoundError:
        note = f"{result.file} does not exist: nothing of yours to commit (join the board?)"
        if note not in result.notes:
            result.notes.append(note)
        return
    except DamagedFile as error:
        raise SyncError(
            f"{error}; your file is damaged, so it is not committed (see 'teamboard check')"
        ) from None
    ids = _event_ids(tables)
    result.total = len(ids)
    committed = _out(repo.top, "rev-parse", "-q", "--verify", f"HEAD:{result.file}", check=False)
    blob = _out(repo.top, "hash-object", "-w", "--stdin", data=data)
    # Staged as checked, even when unchanged: an older version staged by hand goes.
    _git(repo.top, "update-index", "--add", "--cacheinfo", f"100644,{blob},{result.file}")
    if blob == committed:
        return
    new = len(ids - _blob_ids(repo, committed))
    result.committed = (result.committed or 0) + new
    _git(
        repo.top,
        "commit",
        "-q",
        "-m",
        f"teamboard: {me}: {plural(new, 'new event')} ({len(ids)} in all)",
    )


# The CLI's name for it (it counts what sync did): teamboard.domain.text.plural.


def _event_ids(tables: dict[str, Any]) -> set[str]:
    table = tables.get(EVENTS_TABLE, {})
    return {
        doc["id"]
        for doc in table.values()
        if isinstance(doc, dict) and isinstance(doc.get("id"), str)
    }


def _blob_ids(repo: Repo, blob: str) -> set[str]:
    """The event ids in a file as git holds it (none when it is missing or damaged)."""
    if not blob:
        return set()
    data = _git(repo.top, "cat-file", "blob", blob).stdout
    try:
        return _event_ids(parse_person_file(data, Path(blob)))
    except DamagedFile:
        return set()


@dataclass(frozen=True)
class Network:
    """How git reaches the remote: its name and address as a person reads them, how long
    each step may take, and git's environment for it."""

    remote: str
    shown: str
    timeout: float
    env: dict[str, str]


def _network(repo: Repo, remote: str, timeout: float) -> Network:
    """Nothing over the network may wait for a person (there is nobody at a terminal it
    could ask) or for ever: no password prompt from git or ssh (BatchMode), ssh gives up
    connecting after the timeout, and each step is stopped after it."""
    url = _out(repo.top, "remote", "get-url", remote, check=False)
    env = dict(os.environ)
    ssh = _ssh_command(repo, timeout)
    if ssh is not None:
        env["GIT_SSH_COMMAND"] = ssh
    return Network(remote, f"{remote} ({_without_secrets(url)})" if url else remote, timeout, env)


def _ssh_command(repo: Repo, timeout: float) -> str | None:
    """The ssh command git would run (the person's own GIT_SSH_COMMAND, core.sshCommand
    or GIT_SSH, else ssh), with OpenSSH's options not to ask and not to wait; None when
    it is another program (plink...), whose options are its own."""
    own = os.environ.get("GIT_SSH_COMMAND", "").strip()
    own = own or _out(repo.top, "config", "--get", "core.sshCommand", check=False)
    if not own and (program := os.environ.get("GIT_SSH", "").strip()):
        own = shlex.quote(program)
    command = own or "ssh"
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    if Path(program).name.lower().removesuffix(".exe") != "ssh" or "BatchMode" in command:
        return None
    # After the person's own words: for ssh the first value given for an option wins, so
    # their own ConnectTimeout stands.
    wait = max(1, math.ceil(timeout))
    return f"{command} -o BatchMode=yes -o ConnectTimeout={wait}"


def _without_secrets(url: str) -> str:
    """A remote's address without a user name or token in it (https://user:token@host)."""
    return re.sub(r"(?<=://)[^/@]*@", "", url)


# What each step over the network leaves when it is stopped.
_STOPPED = {
    "ls-remote": "nothing was pulled or pushed",
    "fetch": "nothing was pulled or pushed",
    "push": "the push did not finish",
}


def _over_network(repo: Repo, net: Network, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return _git(repo.top, *args, check=False, timeout=net.timeout, env=net.env)
    except subprocess.TimeoutExpired:
        raise SyncError(
            f"{net.shown} did not answer within {net.timeout:g} s (git {args[0]}); "
            f"{_STOPPED[args[0]]}: try again later, or wait longer with 'teamboard sync "
            "--timeout SECONDS'"
        ) from None


@dataclass(frozen=True)
class Upstream:
    remote: str
    branch: str
    tracked: bool  # the branch has it as its upstream already


def _upstream(repo: Repo, branch: str) -> Upstream | None:
    remote = _out(repo.top, "config", "--get", f"branch.{branch}.remote", check=False)
    merge = _out(repo.top, "config", "--get", f"branch.{branch}.merge", check=False)
    if remote and remote != "." and merge.startswith("refs/heads/"):
        return Upstream(remote, merge.removeprefix("refs/heads/"), True)
    remotes = _out(repo.top, "remote").split()
    if not remotes:
        return None
    if "origin" in remotes or len(remotes) == 1:
        return Upstream("origin" if "origin" in remotes else remotes[0], branch, False)
    raise SyncError(
        f"the branch {branch} has no upstream and there are several remotes: choose one "
        f"with 'git push -u REMOTE {branch}'"
    )


def _push(
    repo: Repo, branch: str, upstream: Upstream, net: Network
) -> subprocess.CompletedProcess[bytes]:
    if upstream.tracked:
        target = ["push", "--porcelain", upstream.remote, f"HEAD:refs/heads/{upstream.branch}"]
    else:  # the first push: the branch tracks it from now on
        target = ["push", "--porcelain", "-u", upstream.remote, f"{branch}:{upstream.branch}"]
    return _over_network(repo, net, *target)


def _fetch(repo: Repo, upstream: Upstream, net: Network) -> str:
    """Fetch the remote branch; its commit ("" when it does not exist yet)."""
    if not _remote_head(repo, upstream, net):
        return ""
    done = _over_network(repo, net, "fetch", "-q", upstream.remote, upstream.branch)
    if done.returncode != 0:
        raise SyncError(
            f"git fetch from {upstream.remote}/{upstream.branch} failed: {_last_line(done)}"
        )
    return _out(repo.top, "rev-parse", "FETCH_HEAD")


def _refusal(done: subprocess.CompletedProcess[bytes]) -> str | None:
    """Why `git push --porcelain` says a ref was refused ("[rejected] (fetch first)"), or
    None when it did not get that far."""
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("!"):
            return line.split("\t")[-1].strip()
    return None


def _server_says(done: subprocess.CompletedProcess[bytes]) -> str:
    """The server's last words in a push ("remote: main is protected"), if any."""
    said = [
        line.removeprefix("remote:").strip()
        for line in done.stderr.decode("utf-8", "replace").splitlines()
        if line.startswith("remote:") and line.removeprefix("remote:").strip()
    ]
    return f" (it says: {said[-1]})" if said else ""


def _remote_head(repo: Repo, upstream: Upstream, net: Network) -> str:
    """The commit of the remote branch now ("" when it does not exist yet)."""
    done = _over_network(
        repo,
        net,
        "ls-remote",
        "--exit-code",
        "--heads",
        upstream.remote,
        f"refs/heads/{upstream.branch}",
    )
    if done.returncode not in (0, 2):
        raise SyncError(f"cannot reach {upstream.remote}: {_last_line(done)}")
    return done.stdout.decode("utf-8", "replace").split("\t")[0].strip()


def _rebase(repo: Repo, upstream: Upstream, fetched: str, mine: Path, result: Synced) -> str:
    """My commits on top of what was fetched (what `git pull --rebase` does after its
    fetch); what came in is added to `result`. The commit it started from ("" when there
    was none here)."""
    before = _out(repo.top, "rev-parse", "-q", "--verify", "HEAD", check=False)
    if not before:  # nothing committed here yet: what was fetched is all there is
        _git(repo.top, "merge", "-q", "--ff-only", fetched)
        return ""
    try:
        done = _git(repo.top, "rebase", "-q", fetched, check=False)
        # A conflict in my own file alone: my version wins for my own log.
        for _ in range(_REPLAYS):
            if done.returncode == 0 or not _resolve_mine(repo, mine, result):
                break
            done = _git(
                repo.top,
                "rebase",
                "--continue",
                check=False,
                env={**os.environ, "GIT_EDITOR": "true"},  # the commit's own message
            )
    except BaseException:
        # Stopped part way (ctrl+c, SIGTERM): back to where it started, not half-rebased.
        with contextlib.suppress(SyncError):
            _git(repo.top, "rebase", "--abort", check=False)
        raise
    if done.returncode == 0:
        for who, count in _came_in(repo, before).items():
            result.came_in[who] = result.came_in.get(who, 0) + count
        return before
    conflicts = _paths(repo, "diff", "--name-only", "-z", "--diff-filter=U")
    if conflicts:
        text = done.stderr.decode("utf-8", "replace") + done.stdout.decode("utf-8", "replace")
        reasons = [
            line.split("conflict: ", 1)[1]
            for line in text.splitlines()
            if line.startswith("teamboard: conflict: ")
        ]
        why = f" ({reasons[0]})" if reasons else ""
        files = ", ".join(conflicts)
        raise SyncError(
            f"pulling stopped on a conflict in {files}{why}: your commit is kept; choose or "
            f"fix the file, 'git add' it and 'git rebase --continue' (or 'git rebase --abort')"
        )
    raise SyncError(
        f"git rebase on {upstream.remote}/{upstream.branch} failed: {_last_line(done)}; "
        "your changes are committed here"
    )


# At most this many of my commits are replayed with a conflict in my file resolved.
_REPLAYS = 100


# --- my own file, as a pull left it -----------------------------------------------------------

_REGULAR = ("100644", "100755")
_NOT_A_FILE = {"120000": "a link", "160000": "a submodule", "040000": "a folder"}


def _keep_mine(repo: Repo, path: Path, me: str, before: str, result: Synced) -> None:
    """After a pull that went through: any event of mine that what came in lacks or holds
    changed is put back, as I had it, and committed (to go with the push); so is my whole
    file when what came in is not a log (garbage, a link, gone)."""
    had = _entry(repo, before, result.file)
    if had is None or had[0] not in _REGULAR:
        return  # no file of mine here before the pull
    now = _entry(repo, "HEAD", result.file)
    if now == had:
        return
    came, why = _as_it_came(repo, now)
    back = _mine_back(result.file, _blob(repo, had[1]), came, why)
    if back is None or not back[1]:
        return
    data, note = back
    _write_mine(repo, path, result.file, data)
    _git(repo.top, "commit", "-q", "-m", f"teamboard: {me}: put back: {note}")
    result.put_back.append(note)


def _resolve_mine(repo: Repo, path: Path, result: Synced) -> bool:
    """A rebase stopped on a conflict in my file alone (my other computer's version is
    damaged, or changed an event of mine differently; a teammate removed my file, or put
    a link in its place): resolve it as my version with what came in added. Whether it
    was resolved."""
    rel = result.file
    conflicts = _paths(repo, "diff", "--name-only", "-z", "--diff-filter=U")
    # A link where my file was is a conflict of "distinct types": git puts my version
    # beside it, as `people/ana.json~<commit> (...)`.
    beside = [path for path in conflicts if path != rel]
    if not conflicts or any(not path.startswith(f"{rel}~") for path in beside):
        return False
    stages: dict[tuple[str, str], tuple[str, str]] = {}
    out = _git(repo.top, "ls-files", "-u", "-z", "--", *conflicts).stdout
    for item in out.decode("utf-8", "replace").split("\0"):
        meta, _, name = item.partition("\t")
        if meta:
            mode, obj, stage = meta.split()
            stages[(name, stage)] = (mode, obj)
    # In a rebase, stage 3 is the commit being replayed (mine), stage 2 what came in.
    mine = stages.get((rel, "3")) or next(
        (stages[(name, "3")] for name in beside if (name, "3") in stages), None
    )
    if mine is None or mine[0] not in _REGULAR:
        return False
    came, why = _as_it_came(repo, stages.get((rel, "2")))
    back = _mine_back(rel, _blob(repo, mine[1]), came, why)
    if back is None:
        return False
    data, note = back
    for name in beside:
        _git(repo.top, "rm", "-q", "-f", "--cached", "--", name)
        with contextlib.suppress(FileNotFoundError):
            (repo.top / name).unlink()
    _write_mine(repo, path, rel, data)
    if note and note not in result.put_back:
        result.put_back.append(note)
    return True


def _entry(repo: Repo, commit: str, rel: str) -> tuple[str, str] | None:
    """(mode, object) of a path in a commit; None when it has none."""
    out = _git(repo.top, "ls-tree", "-z", commit, "--", rel).stdout.decode("utf-8", "replace")
    for item in out.split("\0"):
        meta, _, name = item.partition("\t")
        if name == rel:
            mode, _kind, obj = meta.split()
            return mode, obj
    return None


def _blob(repo: Repo, obj: str) -> bytes:
    return _git(repo.top, "cat-file", "blob", obj).stdout


def _as_it_came(repo: Repo, entry: tuple[str, str] | None) -> tuple[bytes | None, str]:
    """A file's bytes as a pull brought them; None, and what came instead, when it is not
    a file."""
    if entry is None:
        return None, "was missing from what came in (deleted or renamed)"
    mode, obj = entry
    if mode in _REGULAR:
        return _blob(repo, obj), ""
    return None, f"came in as {_not_a_file(repo, mode, obj)}"


def _not_a_file(repo: Repo, mode: str, obj: str) -> str:
    what = _NOT_A_FILE.get(mode, "something that is not a file")
    if mode == "120000":  # a link's object holds where it points
        target = _blob(repo, obj).decode("utf-8", "replace")
        what += f" (to {without_control(target)[:200]})"
    return what


def _mine_back(shown: str, mine: bytes, came: bytes | None, why: str) -> tuple[bytes, str] | None:
    """My file as it must stand after a pull, and one line saying what was put back ("" when
    nothing of mine is missing or changed): what came in with every event of mine in it, as
    I have it, or mine whole when what came in is not a log. None when my version is not a
    log either (sync commits only files it checked: a commit made by hand)."""
    try:
        ours = parse_person_file(mine, Path(shown))
    except DamagedFile:
        return None
    whole = f"your file is back ({plural(len(_event_ids(ours)), 'event')})"
    if came is None:
        return mine, f"{shown} {why}; {whole}"
    try:
        theirs = parse_person_file(came, Path(shown))
        found = merge.differences(ours, theirs, shown)
        merged = merge.put_back(ours, theirs, shown)
    except DamagedFile as error:
        return mine, f"{shown} as it came in {error.reason}; {whole}"
    except merge.MergeConflict:
        return mine, f"{shown} came in holding entries that are not events; {whole}"
    return person_file_bytes(merged.tables), _put_back_line(found)


def _put_back_line(found: merge.Differences) -> str:
    if not found:
        return ""
    if not found.changed:
        were = "was" if found.missing == 1 else "were"
        back = "it is" if found.missing == 1 else "they are"
        return f"{found.missing} of your events {were} missing from what came in; {back} back"
    if not found.missing:
        were, back = ("was", "is") if found.changed == 1 else ("were", "are")
        return f"{found.changed} of your events {were} changed in what came in; yours {back} back"
    were = "was" if found.missing == 1 else "were"
    return (
        f"{found.missing} of your events {were} missing from what came in and "
        f"{found.changed} changed; yours are back"
    )


def _write_mine(repo: Repo, path: Path, rel: str, data: bytes) -> None:
    """My file in the working tree and staged, as `data`; whatever came in in its place (a
    link, a folder) is removed first (git keeps it in its history), never followed."""
    people = path.parent
    if not _is_folder(people):
        raise SyncError(
            f"{repo.rel(people)} came in as something that is not a folder: teamboard never "
            "writes through it, so your file was not put back; see 'git log -- "
            f"{repo.rel(people)}'"
        )
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        _git(repo.top, "rm", "-r", "-q", "-f", "--", rel)
    elif info is not None and not stat.S_ISREG(info.st_mode):
        path.unlink()
    atomic_write_bytes(path, data)
    blob = _out(repo.top, "hash-object", "-w", "--stdin", data=data)
    _git(repo.top, "update-index", "--add", "--cacheinfo", f"100644,{blob},{rel}")


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _name_odd_arrivals(repo: Repo, before: str, result: Synced) -> None:
    """A link, a submodule or a folder that came into people/ is named: teamboard does not
    read it, and never follows it (my own file is put back by `_keep_mine`)."""
    people = f"{repo.board_rel}/people".lstrip("/")
    out = _git(repo.top, "diff", "--raw", "-z", "--no-renames", before, "HEAD", "--", people)
    items = out.stdout.decode("utf-8", "replace").split("\0")
    named: set[str] = set()
    for meta, rel in zip(items[::2], items[1::2], strict=False):
        fields = meta.lstrip(":").split()
        if len(fields) < 5 or fields[4] == "D" or rel == result.file:
            continue
        mode, obj = fields[1], fields[3]
        depth = rel.count("/") - people.count("/")
        if depth > 1:  # a file inside a folder in people/
            rel, what = "/".join(rel.split("/")[: people.count("/") + 2]), "a folder"
        elif mode in _REGULAR:
            continue
        else:
            what = _not_a_file(repo, mode, obj)
        if rel not in named and rel != result.file:
            named.add(rel)
            result.warnings.append(
                f"{rel} came in as {what}: refused, teamboard does not read it and never "
                "follows it (see 'teamboard check')"
            )


def _paths(repo: Repo, *args: str) -> list[str]:
    """The paths a git command lists with -z (as they are, never quoted)."""
    out = _git(repo.top, *args).stdout.decode("utf-8", "replace")
    return [path for path in out.split("\0") if path]


def _came_in(repo: Repo, before: str) -> dict[str, int]:
    """New events per person between `before` and HEAD, in the board's people files."""
    people = f"{repo.board_rel}/people".lstrip("/")
    came: dict[str, int] = {}
    for rel in _paths(repo, "diff", "--name-only", "-z", before, "HEAD", "--", people):
        path = repo.top / rel
        if not repo.board.is_person_file(path):
            continue
        old = _out(repo.top, "rev-parse", "-q", "--verify", f"{before}:{rel}", check=False)
        new = _out(repo.top, "rev-parse", "-q", "--verify", f"HEAD:{rel}", check=False)
        count = len(_blob_ids(repo, new) - _blob_ids(repo, old))
        if count:
            came[path.stem] = count
    return came
