"""Corrections from the command line: withdraw and restore, take back an entry, revise a
reflection, clear a plan field. Only the author corrects; the history keeps both."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import snapshot

from teamboard.cli import main
from teamboard.store.folder import BoardFolder
from teamboard.views.feed import FeedKind, feed_items


class Board:
    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def ok(self, *args: str, who: str = "ben") -> str:
        code = main([*args, "--board", str(self.root), "--as", who])
        out, err = self.capsys.readouterr()
        assert code == 0, err
        return out

    def refused(self, *args: str, who: str = "ben") -> str:
        before = snapshot(self.root)
        code = main([*args, "--board", str(self.root), "--as", who])
        _, err = self.capsys.readouterr()
        assert code == 2, err
        (line,) = err.strip().splitlines()
        assert snapshot(self.root) == before
        return line

    def state(self):
        return BoardFolder.open(self.root).load().state


@pytest.fixture
def board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Board:
    """Ana (manager), Ben and Cara; Ben's experiment with a practice, a note by Cara, a
    reflection, and Ana's praise."""
    root = tmp_path / "board"
    assert main(["init", str(root), "--name", "Team", "--as", "ana", "--my-name", "Ana"]) == 0
    b = Board(root, capsys)
    b.ok("join", "--name", "Ben")
    b.ok("join", "--name", "Cara", who="cara")
    b.ok(
        "add",
        "Run calmer retros",
        "--apply",
        "project",
        "--apply-what",
        "Sprint retros",
        "--target",
        "2027-01-31",
    )
    b.exp = next(iter(b.state().experiments))
    b.ok("practice", b.exp, "Timeboxed the retro")
    b.ok("note", b.exp, "I can take notes for you", who="cara")
    b.ok("reflect", b.exp, "--wanted", "calm", "--did", "timebox")
    b.ok("praise", "ben", "Brave first try", "--about", b.exp, who="ana")
    capsys.readouterr()
    return b


def test_withdraw_takes_it_off_the_board_and_restore_brings_it_back(board: Board) -> None:
    out = board.ok("withdraw", board.exp, "--reason", "a test entry")
    assert "off the board" in out
    experiment = board.state().experiments[board.exp]
    assert experiment.withdrawn is not None and experiment.withdrawn.reason == "a test entry"
    assert "Run calmer retros" not in board.ok("list")
    assert "Run calmer retros" in board.ok("list", "--withdrawn")
    # Off the board: nobody acts on it until it is restored.
    assert "withdrawn" in board.refused("practice", board.exp, "again")
    assert "withdrawn" in board.refused("support", board.exp, who="cara")
    board.ok("restore", board.exp)
    assert board.state().experiments[board.exp].withdrawn is None
    assert "Run calmer retros" in board.ok("list")
    kinds = [i.text for i in feed_items(board.state()) if i.kind is FeedKind.CORRECTION]
    assert kinds == ["restored", "withdrew"]


def test_only_the_owner_withdraws(board: Board) -> None:
    assert "only Ben (the owner) may withdraw" in board.refused("withdraw", board.exp, who="ana")


def test_take_back_a_practice_entry_keeps_it_in_the_history(board: Board) -> None:
    entry = board.state().experiments[board.exp].practice[0]
    assert f"practice {entry.id[:8]}" in board.ok("show", board.exp)
    board.ok("take-back", "practice", entry.id[:8], "--reason", "logged twice")
    (kept,) = board.state().experiments[board.exp].practice
    assert kept.taken_back is not None and kept.taken_back.reason == "logged twice"
    assert board.state().experiments[board.exp].practice_done == []
    assert "(taken back)" in board.ok("show", board.exp)
    assert "taken back already" in board.refused("take-back", "practice", entry.id[:8])
    # The feed shows the correction.
    (item,) = [i for i in feed_items(board.state()) if i.kind is FeedKind.CORRECTION]
    assert (item.who, item.text) == ("ben", "took back a practice entry")


def test_only_the_author_takes_back_a_note_or_praise(board: Board) -> None:
    state = board.state()
    note = state.experiments[board.exp].support_notes[0]
    praise = state.praise[0]
    assert "only Cara, who wrote it" in board.refused("take-back", "note", note.id[:8])
    assert "only Ana, who wrote it" in board.refused("take-back", "praise", praise.id[:8])
    board.ok("take-back", "note", note.id[:8], who="cara")
    board.ok("take-back", "praise", praise.id[:8], who="ana")  # a manager hides her praise
    state = board.state()
    assert state.experiments[board.exp].notes_standing == []
    assert state.praise_standing == []
    assert len(state.praise) == 1  # kept in the history
    out = board.ok("feed")
    assert "Brave first try" not in out and "took back praise" in out


def test_revise_a_reflection_keeps_what_is_not_given(board: Board) -> None:
    (old,) = board.state().experiments[board.exp].reflections
    assert not old.complete
    board.ok("reflect", board.exp, "--revise", "--effect", "calmer", "--next", "start on time")
    (revised,) = board.state().experiments[board.exp].reflections
    assert (revised.id, revised.wanted, revised.did) == (old.id, "calm", "timebox")
    assert (revised.effect, revised.next_time) == ("calmer", "start on time")
    assert revised.complete and revised.revised_at is not None
    line = board.refused("reflect", board.exp, "--revise", "--did", "mine now", who="cara")
    assert "only Ben (the owner) may reflect on this experiment" in line


def test_a_revision_cannot_undo_the_reflection_that_reached_success(board: Board) -> None:
    board.ok("reflect", board.exp, "--revise", "--effect", "calmer", "--next", "on time")
    board.ok("move", board.exp, "next")
    board.ok("move", board.exp, "next")
    board.ok("move", board.exp, "next")
    line = board.refused("reflect", board.exp, "--revise", "--effect", " ")
    assert "took the experiment to Success" in line


def test_clear_the_target_date_and_where_to_apply_it(board: Board) -> None:
    experiment = board.state().experiments[board.exp]
    assert experiment.target_date is not None and experiment.opportunity is not None
    board.ok("edit", board.exp, "--clear", "target", "--clear", "apply", "--title", "Calm retros")
    experiment = board.state().experiments[board.exp]
    assert experiment.target_date is None and experiment.opportunity is None
    assert experiment.title == "Calm retros"
    assert "no application" in board.ok("list")


def test_edit_can_empty_a_text_field_and_keeps_what_is_not_given(board: Board) -> None:
    board.ok("edit", board.exp, "--training", "Facilitation course")
    board.ok("edit", board.exp, "--training", "")
    experiment = board.state().experiments[board.exp]
    assert experiment.training == ""
    assert "title: must not be empty" in board.refused("edit", board.exp, "--title", "")
    # Only the "when" of where it is applied changes; the rest stays.
    board.ok("edit", board.exp, "--apply-when", "in January")
    opportunity = board.state().experiments[board.exp].opportunity
    assert (opportunity.kind.value, opportunity.what, opportunity.when) == (
        "project",
        "Sprint retros",
        "in January",
    )


def test_praise_says_its_id_so_that_it_can_be_taken_back(board: Board) -> None:
    out = board.ok("praise", "cara", "Thanks for the notes", who="ana")
    (praise,) = [p for p in board.state().praise if p.to == "cara"]
    assert f"id {praise.id[:8]}" in out
    board.ok("take-back", "praise", praise.id[:8], who="ana")
    (praise,) = [p for p in board.state().praise if p.to == "cara"]
    assert praise.taken_back is not None
