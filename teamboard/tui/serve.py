"""The board in web browsers: textual-serve around the same app.

textual-serve starts one process per browser session, the app as `teamboard` runs it,
with `--ask-who`: every session runs on this computer, so a remembered choice (or this
computer's $TEAMBOARD_USER) would make every browser the same person. Each session asks
who it is instead, and remembers nothing.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.server import Server

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


class BoardServer(Server):
    """textual-serve's server, saying what it serves in plain words."""

    def __init__(self, root: Path, name: str, host: str, port: int) -> None:
        super().__init__(session_command(root), host=host, port=port, title=f"teamboard: {name}")
        self.root = root
        self.name = name

    async def handle_index(self, request: web.Request) -> Any:
        # The page tells the browser where to open the session's websocket: the address it
        # reached this page by, not the one listened on (0.0.0.0 means nothing to a
        # browser on another computer). No await comes between this and its use.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def on_startup(self, app: web.Application) -> None:
        # Plain print: the board's name and folder are never read as markup.
        print(
            f'Serving the board "{self.name}" ({self.root}) '
            f"on {address(self.host, self.port)}; ctrl+c stops.",
            flush=True,
        )


def serve(root: Path, name: str, host: str, port: int) -> None:
    """Serve the board until ctrl+c (or SIGTERM)."""
    BoardServer(root, name, host, port).serve()
