"""`teamboard serve` as a real process, on a free port, for the tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

TEAMBOARD = (sys.executable, "-m", "teamboard")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    url: str  # the page, as a browser on this computer opens it
    process: subprocess.Popen
    output: Path  # what the server printed (stdout, then stderr)
    errors: Path

    def page(self) -> str:
        with urllib.request.urlopen(self.url, timeout=5) as response:
            return response.read().decode()


@contextmanager
def serving(
    board: Path, out: Path, *options: str, env: Mapping[str, str] | None = None
) -> Iterator[Served]:
    """Run `teamboard serve --board BOARD --port FREE OPTIONS` until the block ends (then
    stop it as ctrl+c would, and check that it stopped cleanly)."""
    port = free_port()
    out.mkdir(parents=True, exist_ok=True)
    output, errors = out / "serve.out", out / "serve.err"
    with output.open("w") as stdout, errors.open("w") as stderr:
        process = subprocess.Popen(
            [*TEAMBOARD, "serve", "--board", str(board), "--port", str(port), *options],
            stdout=stdout,
            stderr=stderr,
            env={**os.environ, **(env or {})},
        )
    served = Served(f"http://127.0.0.1:{port}/", process, output, errors)
    try:
        _wait_for_page(served)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0, errors.read_text()


def _wait_for_page(served: Served, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert served.process.poll() is None, served.errors.read_text()
        try:
            served.page()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"teamboard serve did not answer on {served.url}")
