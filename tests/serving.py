"""`teamboard serve` as a real process, on a free port, for the tests; and what a browser
sends it: a page request and a websocket's opening handshake, over real HTTP."""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

TEAMBOARD = (sys.executable, "-m", "teamboard")

# The address the server prints: the token's alphabet (URL-safe base64) has no `;`.
PRINTED_URL = re.compile(r"http://[^\s;]+")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    status: int
    text: str
    headers: Mapping[str, str]


def get(url: str) -> Response:
    """GET url as a browser would, an error status included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return Response(answer.status, answer.read().decode(), answer.headers)
    except urllib.error.HTTPError as refused:
        return Response(refused.code, refused.read().decode(), refused.headers)


def handshake(url: str, origin: str | None) -> Response:
    """A websocket's opening handshake as a browser sends it (with this Origin, or none):
    the status (101 when the server takes it) and the body of a refusal. The connection is
    closed at once, so a session that was taken ends."""
    where = urlsplit(url)
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
    }
    if origin is not None:
        headers["Origin"] = origin
    connection = http.client.HTTPConnection(where.netloc, timeout=10)
    try:
        path = where.path + (f"?{where.query}" if where.query else "")
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        text = "" if answer.status == 101 else answer.read().decode()
        return Response(answer.status, text, answer.headers)
    finally:
        connection.close()


@dataclass
class Served:
    printed: str  # the page's address as the server printed it (with its token)
    process: subprocess.Popen
    output: Path  # what the server printed (stdout, then stderr)
    errors: Path
    port: int

    @property
    def origin(self) -> str:
        """The served host, as a browser on this computer names it in Origin."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The page, as a browser on this computer opens it (the printed address's path
        and token, whatever the host it names)."""
        where = urlsplit(self.printed)
        return f"{self.origin}{where.path or '/'}" + (f"?{where.query}" if where.query else "")

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
    served = Served("", process, output, errors, port)
    try:
        _wait_for_page(served)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0, errors.read_text()


def _wait_for_page(served: Served, timeout: float = 60) -> None:
    """Until the server has printed its address and the page answers there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert served.process.poll() is None, served.errors.read_text()
        try:
            if not served.printed:
                printed = PRINTED_URL.search(served.output.read_text())
                served.printed = printed.group() if printed else ""
            if served.printed:
                served.page()
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"teamboard serve did not answer on {served.printed or served.port}")
