"""The board in web browsers: textual-serve around the same app.

textual-serve starts one process per browser session, the app as `teamboard` runs it,
with `--ask-who`: every session runs on this computer, so a remembered choice (or this
computer's $TEAMBOARD_USER) would make every browser the same person. Each session asks
who it is instead, and remembers nothing.

Who may use it, as Jupyter and code-server do it: the page only with a token made for
this run and printed in its address; a session's websocket only with that token and from
the served host's own page (its Origin: a page of another site open in the same browser
can reach 127.0.0.1 too, and it names itself there); at most `max_sessions` sessions (app
processes) at once, the next refused saying why, before any process starts for it. All
of it around textual-serve's own handlers, which still build the page and run the
sessions.
"""

from __future__ import annotations

import hmac
import inspect
import ipaddress
import secrets
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import hdrs, web
from textual_serve.server import Server

from teamboard.domain.text import plural

LOCAL_NAMES = frozenset({"localhost"})


def is_local(host: str) -> bool:
    """Only this computer can connect: localhost or a loopback address (127.0.0.1, ::1)."""
    if host.strip().lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: whoever it resolves for can connect


def address(host: str, port: int) -> str:
    """The URL of the board served on host and port (an IPv6 address in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def check_address(host: str, port: int) -> None:
    """Raise OSError when the server could not listen on host and port (a name that does
    not resolve, a port in use), before it says it serves there."""
    for family, kind, proto, _, where in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    ):
        with socket.socket(family, kind, proto) as probe:
            if sys.platform != "win32":
                # As the server binds: a port left waiting by a server just stopped is free.
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(where)


def session_command(root: Path) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "teamboard", "--board", str(root), "--ask-who"]
    return subprocess.list2cmdline(argv) if sys.platform == "win32" else shlex.join(argv)


NEEDS_TOKEN = (
    "This page needs its token: open the address `teamboard serve` printed "
    "(http://…/?token=…), whole."
)
WRONG_TOKEN = "This session's address needs the token of this run of `teamboard serve`."
FOREIGN = "A session opens only from this server's own page, not from another site's (or none)."
FULL = (
    "The board is open in {sessions}, the most this server takes "
    "(teamboard serve --max-sessions): close one, then reload this page."
)

# textual-serve's page, without its template: the values it renders it with.
_page_values = inspect.unwrap(Server.handle_index)


class BoardServer(Server):
    """textual-serve's server, letting in only its own page (its token and Origin), at
    most `max_sessions` at once, and saying what it serves in plain words."""

    def __init__(self, root: Path, name: str, host: str, port: int, max_sessions: int = 8) -> None:
        super().__init__(session_command(root), host=host, port=port, title=f"teamboard: {name}")
        self.root = root
        self.name = name
        self.token = secrets.token_urlsafe(32)
        self.max_sessions = max_sessions
        self.sessions = 0  # running now

    @property
    def url(self) -> str:
        """The page's address, with its token: the one to open."""
        return f"{address(self.host, self.port)}/?token={self.token}"

    def is_token(self, given: str) -> bool:
        # Constant time: how long a refusal takes says nothing of how much was right.
        return hmac.compare_digest(given.encode(errors="replace"), self.token.encode())

    def check_room(self) -> None:
        if self.sessions >= self.max_sessions:
            raise web.HTTPServiceUnavailable(
                text=FULL.format(sessions=plural(self.sessions, "browser session"))
            )

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        # The sessions' websocket, with the token in its path: the page's script adds
        # "?width=…&height=…" to the address it is given, so it cannot hold a query.
        app.router.add_get("/ws/{token}", self.handle_session, name="session")
        return app

    async def handle_index(self, request: web.Request) -> Any:
        if not self.is_token(request.query.get("token", "")):
            raise web.HTTPForbidden(text=NEEDS_TOKEN)
        self.check_room()  # rather than a page whose session ends at once
        # The page tells the browser where to open the session's websocket: the address it
        # reached this page by, not the one listened on (0.0.0.0 means nothing to a
        # browser on another computer). No await comes between this and its use.
        self.public_url = f"{request.scheme}://{request.host}"
        values = await _page_values(self, request)
        session = request.app.router["session"].url_for(token=self.token)
        scheme = "wss" if request.scheme == "https" else "ws"
        values["app_websocket_url"] = f"{scheme}://{request.host}{session}"
        page = aiohttp_jinja2.render_template("app_index.html", request, values)
        # The address holds the token: not sent on to the fonts' site, nor kept in a cache.
        page.headers["Referrer-Policy"] = "no-referrer"
        page.headers["Cache-Control"] = "no-store"
        return page

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's own /ws, which has no token: refused."""
        raise web.HTTPForbidden(text=WRONG_TOKEN)

    async def handle_session(self, request: web.Request) -> web.WebSocketResponse:
        """A session's websocket: refused (before it is upgraded, and before any app process
        starts) without the token, from another page than this server's, or when full."""
        if not self.is_token(request.match_info["token"]):
            raise web.HTTPForbidden(text=WRONG_TOKEN)
        # The page that opens it, as the browser names it: the served host, the very
        # scheme://host:port the browser asked for (no Origin is no page of ours either).
        origin = request.headers.get(hdrs.ORIGIN, "")
        if origin.lower() != f"{request.scheme}://{request.host}".lower():
            raise web.HTTPForbidden(text=FOREIGN)
        self.check_room()
        self.sessions += 1  # no await since check_room: no other session came in between
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1

    async def on_startup(self, app: web.Application) -> None:
        # Plain print: the board's name and folder are never read as markup. The address
        # ends its line, so that a terminal that makes it a link takes nothing after it.
        print(
            f'Serving the board "{self.name}" ({self.root}) to at most '
            f"{plural(self.max_sessions, 'browser session')} at once; ctrl+c stops.\n"
            f"Open it at {self.url}",
            flush=True,
        )


def serve(root: Path, name: str, host: str, port: int, max_sessions: int) -> None:
    """Serve the board until ctrl+c (or SIGTERM)."""
    BoardServer(root, name, host, port, max_sessions).serve()
