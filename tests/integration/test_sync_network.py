"""`teamboard sync` against a remote that never answers: a server on 127.0.0.1 that accepts
connections and never says a word, reached over http and over ssh. Sync runs as a process
of its own, as a person runs it; every process it starts carries a mark in its
environment, so that anything left running afterwards is found, whoever its parent is
by then.

Each step over the network stops after the timeout with one line naming the remote;
SIGTERM and ctrl+c (SIGINT) end sync and the git and ssh it started; nothing asks for a
password, and a person's own GIT_SSH_COMMAND is kept.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from gitteam import Team

SSH = subprocess.run(["which", "ssh"], capture_output=True, text=True).stdout.strip() or None
WAIT = 20.0  # far longer than any of this takes when sync does not hang


class SilentServer:
    """Accepts every connection on 127.0.0.1 and never sends a byte."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return  # closed
            self.held.append(connection)

    def close(self) -> None:
        self.socket.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def marked(mark: str) -> dict[int, str]:
    """The processes (pid: command line) whose environment holds the mark."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # gone, or not ours
        if f"SYNC_TEST_MARK={mark}".encode() in environ.split(b"\0"):
            found[int(entry.name)] = cmdline.replace(b"\0", b" ").decode(errors="replace")
    return found


def wait_for(predicate, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while not (found := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)
    return found


class Syncing:
    """`teamboard sync` as a process of its own, with a mark in its environment."""

    def __init__(self, team: Team, clone: Path, who: str, *args: str, **env: str) -> None:
        self.mark = uuid.uuid4().hex
        self.proc = subprocess.Popen(
            [*team.argv(clone, who, "sync"), *args],
            env={**team.env, **env, "SYNC_TEST_MARK": self.mark},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # so that the test can end all of it if sync hangs
        )
        self.started = time.monotonic()

    def finish(self) -> tuple[int, str, str, float]:
        try:
            out, err = self.proc.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"sync still runs after {WAIT}s") from None
        return self.proc.returncode, out, err, time.monotonic() - self.started

    def end_everything(self) -> None:
        """After the test: whatever it left is ended (its own process group, and anything
        that carries its mark)."""
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        for pid in marked(self.mark):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait()


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    team = Team(tmp_path, monkeypatch)
    team.found("ana")
    return team


def test_a_remote_that_never_answers_stops_sync_after_the_timeout(
    team: Team, silent: SilentServer
) -> None:
    ben = team.join("ben")
    team.add(ben, "ben", "Waiting to go")
    url = f"http://ben:s3cret@127.0.0.1:{silent.port}/team.git"
    team.git(ben, "remote", "set-url", "origin", url)

    syncing = Syncing(team, ben, "ben", "--timeout", "1")
    try:
        code, out, err, took = syncing.finish()
    finally:
        syncing.end_everything()

    assert code == 2, (out, err)
    assert err.splitlines() == [
        f"teamboard: error: origin (http://127.0.0.1:{silent.port}/team.git) did not answer "
        "within 1 s (git ls-remote); nothing was pulled or pushed: try again later, or wait "
        "longer with 'teamboard sync --timeout SECONDS'"
    ]
    assert took < 1 + 5  # the timeout, and a moment to end git
    assert marked(syncing.mark) == {}  # no git, no git-remote-http left behind
    assert silent.held  # it did reach the server


@pytest.mark.needs_program(SSH, "ssh is not installed")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "ctrl+c"])
def test_sync_ended_by_a_signal_ends_the_git_and_ssh_it_started(
    team: Team, silent: SilentServer, how: signal.Signals
) -> None:
    ben = team.join("ben")
    team.git(ben, "remote", "set-url", "origin", f"ssh://git@127.0.0.1:{silent.port}/team.git")

    # The person's own ssh command, which sync keeps (with its options first).
    syncing = Syncing(team, ben, "ben", GIT_SSH_COMMAND="ssh -o ServerAliveInterval=7")
    try:
        ssh = wait_for(
            lambda: {
                pid: line for pid, line in marked(syncing.mark).items() if line.startswith("ssh ")
            },
            "sync to start ssh",
        )
        ((ssh_pid, ssh_line),) = ssh.items()
        assert ssh_line.startswith(
            "ssh -o ServerAliveInterval=7 -o BatchMode=yes -o ConnectTimeout=30 "
        ), ssh_line
        environ = Path(f"/proc/{ssh_pid}/environ").read_bytes().split(b"\0")
        assert b"GIT_TERMINAL_PROMPT=0" in environ
        # ssh is in a process group of its own, not sync's (a terminal's ctrl+c reaches
        # sync, which ends it).
        assert os.getpgid(ssh_pid) != os.getpgid(syncing.proc.pid)

        syncing.proc.send_signal(how)
        code, out, err, _ = syncing.finish()
        assert marked(syncing.mark) == {}  # git and ssh ended with sync
    finally:
        syncing.end_everything()
    assert code == (130 if how == signal.SIGINT else 128 + signal.SIGTERM), (out, err)
    assert team.git(ben, "status", "--porcelain") == ""
