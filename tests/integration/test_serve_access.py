"""Who may use `teamboard serve`: the page only with the token the server printed; a
session's websocket only with that token and from the served host's own page (its
Origin); at most --max-sessions sessions at once, the next refused saying why and
started nowhere. Real HTTP and websocket handshakes against a real server process.
(A real browser uses the token in tests/integration/test_serve_browser.py.)"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from serving import Served, free_port, get, handshake, serving

from teamboard.cli import main

FULL = (
    "The board is open in 2 browser sessions, the most this server takes "
    "(teamboard serve --max-sessions): close one, then reload this page."
)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    root = tmp_path / "board"
    assert main(["init", str(root), "--name", "Platform Team", "--as", "ana"]) == 0
    return root


def token_of(server: Served) -> str:
    """The token in the address the server printed."""
    token = parse_qs(urlsplit(server.printed).query).get("token", [""])[0]
    assert len(token) >= 40, f"no long token in {server.printed}"
    return token


def websocket_url(page: str) -> str:
    """The address the page opens its session's websocket at."""
    found = re.search(r'data-session-websocket-url="([^"]+)"', page)
    assert found, page
    return found.group(1)


def sessions_running(server: Served) -> int:
    """The app processes the server has started and not yet ended: its children (Linux)."""
    tasks = Path(f"/proc/{server.process.pid}/task").glob("*/children")
    return sum(len(task.read_text().split()) for task in tasks)


async def drawn(session: aiohttp.ClientWebSocketResponse) -> None:
    """Until the session's app process draws something (it runs)."""
    while True:
        message = await session.receive(timeout=60)
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type == aiohttp.WSMsgType.BINARY:
            return


@asynccontextmanager
async def session(
    url: str, origin: str, wait_for_room: float = 0
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """A session as the page opens it, once its app has drawn; when the server is full,
    tried again for up to `wait_for_room` seconds (a session that ended frees its place
    once its app process has stopped)."""
    deadline = time.monotonic() + wait_for_room
    async with aiohttp.ClientSession() as client:
        while True:
            try:
                async with client.ws_connect(url, origin=origin) as websocket:
                    await drawn(websocket)
                    yield websocket
                    return
            except aiohttp.WSServerHandshakeError as refused:
                if refused.status != 503 or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.2)


def test_the_page_needs_the_printed_token(board: Path, tmp_path: Path) -> None:
    with serving(board, tmp_path / "server") as server:
        token = token_of(server)
        root = f"http://127.0.0.1:{server.port}/"
        lookalike = token[:-1] + ("A" if token[-1] != "A" else "B")
        for url in (
            root,
            f"{root}?token=",
            f"{root}?token={lookalike}",
            f"{root}?token={token[:-1]}",
            f"{root}?token={token}x",
            f"{root}?token=%C3%A9",  # not ASCII: refused, not a server error
            f"{root}?fontsize=20",
        ):
            refused = get(url)
            assert refused.status == 403, url
            assert "open the address `teamboard serve` printed" in refused.text
            assert token not in refused.text

        page = get(server.url)
    assert page.status == 200
    assert "teamboard: Platform Team" in page.text
    # The page passes the token on to its websocket, and keeps it from other sites.
    assert token in websocket_url(page.text)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert f"Open it at {server.printed}\n" in server.output.read_text()


def test_a_websocket_from_another_page_is_refused(board: Path, tmp_path: Path) -> None:
    """What a page of another site (or none) sends, for the very address the page uses."""
    with serving(board, tmp_path / "server") as server:
        url = websocket_url(server.page())
        for origin in (
            None,
            "http://evil.example",
            "null",
            f"http://127.0.0.1:{free_port()}",  # another server on this computer
            f"https://127.0.0.1:{server.port}",
            f"http://127.0.0.1:{server.port}.evil.example",
        ):
            refused = handshake(url, origin)
            assert refused.status == 403, origin
            assert refused.text.startswith("A session opens only from this server's own page")
        assert sessions_running(server) == 0  # no app was started for any of them


def test_a_websocket_without_the_token_is_refused(board: Path, tmp_path: Path) -> None:
    with serving(board, tmp_path / "server") as server:
        token = token_of(server)
        url = websocket_url(server.page())
        for wrong in (
            f"ws://127.0.0.1:{server.port}/ws",  # textual-serve's own, with no token
            url.replace(token, ""),
            url.replace(token, token[:-1]),
            url.replace(token, token.swapcase()),
            url.replace(token, "%C3%A9"),
        ):
            refused = handshake(wrong, server.origin)
            assert refused.status in (403, 404), wrong
            assert token not in refused.text
        assert sessions_running(server) == 0


async def test_the_page_s_own_websocket_opens_a_session(board: Path, tmp_path: Path) -> None:
    with serving(board, tmp_path / "server") as server:
        url = websocket_url(server.page())
        async with session(url, server.origin):
            assert sessions_running(server) == 1
    assert "at most 8 browser sessions at once" in server.output.read_text()


async def test_at_most_max_sessions_and_an_ended_one_frees_its_place(
    board: Path, tmp_path: Path
) -> None:
    with serving(board, tmp_path / "server", "--max-sessions", "2") as server:
        url = websocket_url(server.page())
        async with session(url, server.origin):
            async with session(url, server.origin):
                # The next is told why, before any app process starts for it.
                refused = handshake(url, server.origin)
                assert (refused.status, refused.text) == (503, FULL)
                assert sessions_running(server) == 2
                # A page loaded now says so too, rather than a session that ends at once.
                page = get(server.url)
                assert (page.status, page.text) == (503, FULL)
            # One ended: a new one opens beside the first.
            async with session(url, server.origin, wait_for_room=60):
                assert sessions_running(server) == 2
