"""`teamboard serve`: who may connect, what it says, and the command each browser session
runs. (A real browser drives it in tests/integration/test_serve_browser.py.)"""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from serving import serving

from teamboard.cli import main
from teamboard.tui.serve import is_local, session_command

WARNING = "can act on the board as anyone"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LocalHost", "::1", "127.0.0.2"])
def test_loopback_is_local(host: str) -> None:
    assert is_local(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "board.example"])
def test_anything_else_is_not(host: str) -> None:
    assert not is_local(host)


def test_each_session_runs_the_app_asking_who_on_the_same_board(tmp_path: Path) -> None:
    root = tmp_path / "our 'team' board"
    assert shlex.split(session_command(root)) == [
        sys.executable,
        "-m",
        "teamboard",
        "--board",
        str(root),
        "--ask-who",
    ]


@pytest.fixture
def board(tmp_path: Path) -> Path:
    root = tmp_path / "board"
    assert main(["init", str(root), "--name", "Platform Team", "--as", "ana"]) == 0
    return root


def one_error(capsys: pytest.CaptureFixture[str]) -> str:
    """The one line a refused command prints on stderr."""
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("teamboard: error: "), err
    return err[0]


def test_serve_takes_no_as(board: Path, capsys) -> None:
    assert main(["serve", "--board", str(board), "--as", "ana"]) == 2
    assert "each browser session chooses who it is" in one_error(capsys)


def test_ask_who_and_as_do_not_go_together(board: Path, capsys) -> None:
    assert main(["--board", str(board), "--ask-who", "--as", "ana"]) == 2
    assert "--as and --ask-who" in one_error(capsys)


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_that_cannot_be(board: Path, capsys, port: str) -> None:
    assert main(["serve", "--board", str(board), "--port", port]) == 2
    assert "--port" in one_error(capsys)


@pytest.mark.parametrize("count", ["0", "-1", "two", "1.5"])
def test_max_sessions_is_a_positive_whole_number(board: Path, capsys, count: str) -> None:
    assert main(["serve", "--board", str(board), "--max-sessions", count]) == 2
    assert "invalid value for '--max-sessions'" in one_error(capsys)


def test_no_board_says_how_to_make_one(capsys) -> None:
    assert main(["serve"]) == 2
    assert "teamboard init" in one_error(capsys)


def test_on_this_computer_only_by_default_and_no_warning(board: Path, tmp_path: Path) -> None:
    with serving(board, tmp_path / "server") as server:
        page = server.page()
    out = server.output.read_text()
    assert out.startswith(
        f'Serving the board "Platform Team" ({board.resolve()}) to at most 8 browser sessions '
        "at once; ctrl+c stops.\nOpen it at http://127.0.0.1:"
    )
    assert WARNING not in server.errors.read_text()
    # The page's title is the board's; its terminal talks to the same address.
    assert "teamboard: Platform Team" in page
    token = server.printed.split("?token=")[1]
    assert f'data-session-websocket-url="{server.origin.replace("http", "ws")}/ws/{token}"' in page


def test_every_address_warns_that_anyone_can_act_as_anyone(board: Path, tmp_path: Path) -> None:
    with serving(board, tmp_path / "server", "--host", "0.0.0.0") as server:
        warning = server.errors.read_text().splitlines()[0]
        page = server.page()
    port = server.port
    assert warning == (
        "teamboard: warning: serving on 0.0.0.0: the address's token crosses the network "
        f"unencrypted; anyone who learns it and can reach port {port} can act on the board "
        "as anyone"
    )
    # The browser is sent to the address it asked for, not to 0.0.0.0.
    assert f'"ws://127.0.0.1:{port}/ws/' in page


def test_the_server_does_not_load_the_app() -> None:
    """Only the sessions run the app (and textual); the server is aiohttp."""
    code = "import sys, teamboard.tui.serve; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_a_port_in_use_is_one_line_and_nothing_is_served(board: Path, capsys) -> None:
    capsys.readouterr()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--board", str(board), "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert (
        err
        == f"teamboard: error: cannot serve on http://127.0.0.1:{port}: Address already in use\n"
    )
    assert out == ""
