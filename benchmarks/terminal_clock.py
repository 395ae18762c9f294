"""Time a terminal program as a person waits for it: from the command to words on screen.

The program runs in a pseudo-terminal of a given size, as in a real terminal (its own
driver, its imports, the console script's own start). The clock starts just before the
process is spawned and stops, for each marker, when the marker first shows in what the
program wrote, read with its styles and cursor moves taken out. Then the program is asked
to quit as a person would (a key), so that what it keeps at quit (the board's cache) is
kept, and its peak memory is read from the OS (wait4's ru_maxrss).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

# Escape sequences: CSI (styles, cursor moves, modes), OSC (titles, colours), the rest.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


@dataclass
class Shown:
    at: dict[str, float]  # marker name: seconds from the spawn to its first showing
    peak_mb: float  # the process's peak resident memory


def _plain(raw: bytes) -> str:
    return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def time_until_shown(
    argv: list[str],
    markers: dict[str, str],
    *,
    columns: int,
    lines: int,
    env: dict[str, str] | None = None,
    quit_keys: bytes = b"q",
    timeout: float = 60.0,
) -> Shown:
    """Run argv in a pseudo-terminal of columns x lines; time each marker (a regular
    expression over the plain text written) from the spawn; then quit with quit_keys."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    patterns = {name: re.compile(pattern) for name, pattern in markers.items()}
    at: dict[str, float] = {}
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}
    full_env.update(env or {})
    for name in ("COLUMNS", "LINES"):
        full_env.pop(name)
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=full_env,
        start_new_session=True,  # the pty becomes its controlling terminal
        close_fds=True,
    )
    os.close(follower)
    raw = bytearray()
    deadline = start + timeout
    try:
        while len(at) < len(patterns):
            left = deadline - time.perf_counter()
            if left <= 0:
                missing = sorted(set(patterns) - set(at))
                kept = Path(tempfile.mkstemp(prefix="terminal-clock-", suffix=".out")[1])
                kept.write_bytes(bytes(raw))
                shown = " ".join(_plain(bytes(raw)).split())[-600:]
                raise TimeoutError(
                    f"{argv[0]}: {missing} not shown in {timeout:.0f} s; all it wrote is in "
                    f"{kept}; it showed last: {shown!r}"
                )
            ready, _, _ = select.select([leader], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the program ended
                raise RuntimeError(f"{argv[0]} ended: {_plain(bytes(raw))[-400:]!r}") from None
            now = time.perf_counter()
            raw += chunk
            text = _plain(bytes(raw))
            for name, pattern in patterns.items():
                if name not in at and pattern.search(text):
                    at[name] = now - start
        os.write(leader, quit_keys)
        _, _, usage = _wait(process.pid, deadline=time.perf_counter() + timeout, fd=leader)
    finally:
        if process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(leader)
    # ru_maxrss is in kibibytes on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return Shown(at=at, peak_mb=usage.ru_maxrss * scale / 2**20)


def _wait(pid: int, *, deadline: float, fd: int) -> tuple[int, int, object]:
    """wait4 for pid, reading (and dropping) what it still writes so it never blocks."""
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return done, status, usage
        if time.perf_counter() > deadline:
            os.killpg(pid, signal.SIGKILL)
            return os.wait4(pid, 0)
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                os.read(fd, 1 << 16)
