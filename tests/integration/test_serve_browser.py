"""`teamboard serve` in a real browser: a headless Chromium loads the page, the board is
drawn, the session chooses who it is, a key press moves a card, the move is in the
mover's own file, and a colleague's change shows up. Skipped, saying why, where no
Chromium is installed (in CI, where .ci/run installs it, that fails instead)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import chromium, find_chromium
from serving import serving

from teamboard.cli import main
from teamboard.store import local
from teamboard.store.folder import BoardFolder

CHROMIUM = find_chromium()
NAMED = os.environ.get("TEAMBOARD_CHROMIUM")

pytestmark = pytest.mark.needs_program(
    CHROMIUM,
    (
        f"$TEAMBOARD_CHROMIUM names {NAMED!r}, which is not an installed program"
        if NAMED
        else "no Chromium installed: the browser test needs one on the PATH (chromium, "
        "chromium-browser, google-chrome) or named in $TEAMBOARD_CHROMIUM; "
        "on Debian: apt-get install chromium (.ci/run does)"
    ),
)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """Ana founded the board; Ben joined and has one experiment, in Goal."""
    root = tmp_path / "board"
    assert main(["init", str(root), "--name", "Platform Team", "--as", "ana"]) == 0
    assert main(["join", "--name", "Ben Okafor", "--board", str(root), "--as", "ben"]) == 0
    assert main(["add", "Run retros that end in actions", "--board", str(root), "--as", "ben"]) == 0
    return root


@pytest.fixture
def served(board: Path, tmp_path: Path) -> Iterator[str]:
    """`teamboard serve` on a computer whose person is Ana: she is remembered for this
    board and in $TEAMBOARD_USER."""
    local.remember_member(board, "ana")
    with serving(board, tmp_path / "server", env={"TEAMBOARD_USER": "ana"}) as server:
        yield server.url


def moves_in(root: Path, member: str) -> list[dict]:
    board = BoardFolder.open(root)
    events = board.read_person(board.person_file(member)).events
    return [dict(e) for e in events if e["type"] == "stage_moved"]


async def test_a_browser_session_chooses_who_it_is_and_moves_a_card(
    served: str, board: Path, tmp_path: Path
) -> None:
    assert CHROMIUM is not None
    async with chromium(CHROMIUM, tmp_path / "profile") as page:
        await page.open(served)

        # The board is drawn, and the session asks who it is (not Ana, whom this
        # computer remembers).
        screen = await page.wait_for_text(
            "Platform Team", "Goal", "Practice", "Success", "Who are you?"
        )
        assert "Ben Okafor" in screen and "I'm new here" in screen
        assert "you are asked again next time" in screen

        # Ana comes first by name; Ben is next.
        await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await page.press("down")
        await page.press("enter")
        screen = await page.wait_for_text("you: Ben Okafor", "Goal  1", "Practice  0")
        assert "Who are you?" not in screen

        # His card is the one under the cursor: `]` moves it on to Practice.
        await page.press("]")
        await page.wait_for_text("Goal  0", "Practice  1")
        moves = moves_in(board, "ben")
        assert [(m["author"], m["to"]) for m in moves] == [("ben", "practice")]
        assert moves_in(board, "ana") == []

        # A change made elsewhere (Ana, at her terminal) appears in the browser as saved.
        assert main(["add", "Pair on incidents", "--board", str(board), "--as", "ana"]) == 0
        await page.wait_for_text("Pair on incidents", "Goal  1", "Practice  1")

    # Nothing was remembered for the browser session: this computer's choice stays Ana.
    assert local.remembered_member(board) == "ana"
