"""The commands that open the app: on a board (`teamboard` with no command), on a demo
board, and served to web browsers. Textual (and aiohttp) are loaded only here, when the app
starts: the other commands start fast."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from teamboard.cli.context import InputError, Session
from teamboard.cli.params import FOLDER, command


def open_board(session: Session, ask_who: bool) -> int:
    """`teamboard` alone: the app on the board."""
    board = session.folder()
    if ask_who:
        if session.as_:
            raise InputError("--as and --ask-who do not go together: choose one")
        return _run_app(board.root, None, ask_who=True)
    return _run_app(board.root, session.named())


def _run_app(root: Path, me: str | None, ask_who: bool = False) -> int:
    from teamboard.tui.app import TeamboardApp  # textual is only loaded for the app

    TeamboardApp(root, me, ask_who=ask_who).run()
    return 0


@command("demo", "Make a demo board with a realistic team and open it.")
@click.option("--dir", type=FOLDER, help="Where to make it (default: a new temporary folder).")
@click.option("--no-open", is_flag=True, help="Make it, but do not open the app.")
def demo(session: Session, dir: str | None, no_open: bool) -> int:
    from teamboard.demo import build_demo_board

    root = Path(dir).expanduser() if dir else Path(tempfile.mkdtemp(prefix="teamboard-demo-"))
    board = build_demo_board(root)
    me = session.named() or board.meta.founder
    if no_open:
        print(f"Demo board made in {board.root}")
        return 0
    code = _run_app(board.root, me)
    print(
        f"The demo board stays in {board.root}; open it again with: "
        f"teamboard --board {board.root} --as {me}"
    )
    return code


@command("serve", "Serve the board to web browsers; each browser session chooses who it is.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The port."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; only this computer can connect to the default.",
)
@click.option(
    "--max-sessions",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="The most browser sessions at once (each runs the app: a process and its memory).",
)
def serve(session: Session, port: int, host: str, max_sessions: int) -> int:
    if session.as_:
        raise InputError("serve takes no --as: each browser session chooses who it is")
    board = session.folder()
    from teamboard.tui import serve as web  # aiohttp, only here

    host = host.strip().removeprefix("[").removesuffix("]")  # [::1] as ::1
    try:
        web.check_address(host, port)
    except OSError as error:
        why = error.strerror or str(error)
        raise InputError(f"cannot serve on {web.address(host, port)}: {why}") from None
    if not web.is_local(host):
        print(
            f"teamboard: warning: serving on {host}: the address's token crosses the "
            f"network unencrypted; anyone who learns it and can reach port {port} can act "
            "on the board as anyone",
            file=sys.stderr,
        )
    web.serve(board.root.resolve(), board.meta.name, host, port, max_sessions)
    return 0
