"""Clocks that disagree: every acknowledged write is on the board, one wrong clock does not
poison everyone's stamps, and `teamboard check` names what is off and what it caused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from boards import write_events

from teamboard.cli import context as cli_context
from teamboard.cli import main
from teamboard.domain import actions
from teamboard.domain.events import CLOCK_TOLERANCE, Role, Stage
from teamboard.domain.facts import days_in_stage
from teamboard.domain.state import Refused
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.views.checkup import checkup

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def hours_ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BoardFolder:
    """Ana (founder, manager) and Bob; Bob's experiment "exp1" in Goal with one practice."""
    monkeypatch.setattr(cli_context, "utcnow", clock)
    live = LiveBoard.create(tmp_path / "board", "Team", "ana", "Ana", at=hours_ago(50))
    live.clock = clock
    live.perform("bob", actions.join("Bob"), at=hours_ago(49))
    created = actions.create_experiment("Ask open questions")
    created["experiment_id"] = "exp1"
    live.perform("bob", created, at=hours_ago(48))
    practice = actions.log_practice("exp1", "asked two", hours_ago(47).date())
    live.perform("bob", practice, at=hours_ago(47))
    return live.board


def fresh(board: BoardFolder):
    return BoardFolder.open(board.root).load().state


def run(board: BoardFolder, *args: str, who: str = "bob") -> int:
    return main([*args, "--board", str(board.root), "--as", who])


# --- the CLI writes through the one write path ---------------------------------------------


def test_a_cli_move_after_a_colleagues_clock_ran_ahead_is_on_the_board(board, capsys) -> None:
    """Reproduces the reported bug: Ana's clock runs a minute ahead and moves Bob's card to
    Practice; Bob's `move next` was acknowledged, then refused by the fold."""
    write_events(board, "ana", actions.move("exp1", Stage.PRACTICE), at=NOW + timedelta(minutes=1))
    assert run(board, "move", "exp1", "next") == 0
    assert "Moved exp1 to Reflection." in capsys.readouterr().out
    state = fresh(board)
    assert state.rejected == []
    assert state.experiments["exp1"].stage is Stage.REFLECTION


def test_support_remove_after_a_colleagues_clock_ran_ahead_is_on_the_board(board) -> None:
    write_events(board, "ana", actions.support("exp1", "ana"), at=NOW + timedelta(minutes=1))
    assert run(board, "support", "exp1", "--remove", who="ana") == 0
    state = fresh(board)
    assert state.rejected == []
    assert state.experiments["exp1"].supporters == {}


def test_every_acknowledged_cli_write_is_on_the_board(board, capsys) -> None:
    """Whatever the CLI acknowledges (exit 0), a fresh fold of the files holds."""
    commands = [
        ("confidence", "exp1", "3"),
        ("move", "exp1", "next"),
        ("note", "exp1", "Keep going", "--as", "ana"),
        ("support", "exp1", "--as", "ana"),
        ("checkin", "exp1", "--kind", "soon-after", "--as", "ana"),
        ("praise", "bob", "Brave start", "--about", "exp1", "--as", "ana"),
        ("move", "exp1", "next"),
        ("reflect", "exp1", "--wanted", "a", "--did", "b", "--effect", "c", "--next", "d"),
        ("move", "exp1", "next", "--as", "ana"),
    ]
    for command in commands:
        who = command[-1] if "--as" in command else "bob"
        args = command[:-2] if "--as" in command else command
        assert run(board, *args, who=who) == 0, capsys.readouterr().err
        assert fresh(board).rejected == [], command
    assert fresh(board).experiments["exp1"].stage is Stage.SUCCESS


# --- one wrong clock ------------------------------------------------------------------------


def test_an_event_dated_2099_does_not_pull_everyones_stamps_into_the_future(board) -> None:
    far = datetime(2099, 1, 1, tzinfo=UTC)
    write_events(board, "ana", actions.praise("bob", "From the future"), at=far)
    live = LiveBoard(board, clock=clock)
    live.load()
    done = live.perform("bob", actions.move("exp1", Stage.PRACTICE))
    (event,) = done.events
    # Never more than the tolerance past the writer's own clock.
    assert NOW <= event["at"] <= NOW + CLOCK_TOLERANCE
    state = fresh(board)
    assert state.rejected == []
    # The card counts its days from the real move, not from 2099 (which would say 0).
    assert days_in_stage(state.experiments["exp1"], NOW + timedelta(days=3, minutes=10)) == 3
    # `check` names the event from the future, by its file.
    found = checkup(board, NOW)
    (ahead,) = [f.text for f in found.findings if f.kind == "ahead"]
    assert "2099-01-01" in ahead and "ana.json" in ahead


def test_a_move_that_depends_on_a_change_dated_beyond_the_tolerance_is_refused(board) -> None:
    """Ana's move to Practice is dated a day ahead: Bob's move on from Practice would count
    before it (his stamp stays within his clock's reach), so it is refused, not lost."""
    write_events(board, "ana", actions.move("exp1", Stage.PRACTICE), at=NOW + timedelta(days=1))
    live = LiveBoard(board, clock=clock)
    live.load()
    assert live.state.experiments["exp1"].stage is Stage.PRACTICE
    before = board.person_file("bob").read_bytes()
    with pytest.raises(Refused, match="ahead of this computer's clock"):
        live.perform("bob", actions.move("exp1", Stage.REFLECTION))
    assert board.person_file("bob").read_bytes() == before
    # What does not depend on it goes through, and is on the board.
    live.perform("bob", actions.rate_confidence("exp1", 2))
    assert fresh(board).experiments["exp1"].current_confidence == 2
    assert fresh(board).rejected == []


def test_an_event_dated_before_its_authors_earlier_one_counts_at_that_time(board) -> None:
    """A person's log is written in order, and what is appended never moves what came
    before it (issue 18): an event dated before the same author's earlier event counts at
    that earlier event's time. A clock that ran ahead once holds its author's next events
    at its time; `check` names both."""
    ahead = NOW + timedelta(days=30)
    write_events(board, "ana", actions.move("exp1", Stage.PRACTICE), at=ahead)
    write_events(board, "ana", actions.note("exp1", "Clock fixed"), at=NOW)
    state = fresh(board)
    experiment = state.experiments["exp1"]
    assert experiment.stage is Stage.PRACTICE
    assert experiment.stage_since == ahead
    assert experiment.support_notes[0].at == ahead
    found = checkup(board, NOW)
    (late,) = [f.text for f in found.findings if f.kind == "out of order"]
    assert "support_noted" in late and "counts at that time" in late


def test_a_line_dated_back_never_moves_its_authors_earlier_events(board) -> None:
    """Issue 18: one more line dated 10 days back pulled all of its author's earlier
    events back in time (the log's order won over its clock). Now they stay."""
    before = {e.id: e.created_at for e in fresh(board).experiments.values()}
    write_events(board, "bob", actions.rate_confidence("exp1", 3), at=NOW - timedelta(days=10))
    state = fresh(board)
    assert {e.id: e.created_at for e in state.experiments.values()} == before
    assert state.experiments["exp1"].practice[0].at == hours_ago(47)


# --- check names the cause of a refusal --------------------------------------------------------


def test_check_names_the_back_dated_event_that_made_a_real_one_refused(tmp_path: Path) -> None:
    """A demoted manager hand-writes a back-dated role change: the founder's real demotion
    is refused, and `check` names the hand-written event as its cause."""
    live = LiveBoard.create(tmp_path / "b", "Team", "maria", "Maria", at=hours_ago(10))
    live.clock = clock
    live.perform("kwame", actions.join("Kwame"), at=hours_ago(9))
    live.perform("maria", actions.set_role("kwame", Role.MANAGER), at=hours_ago(8))
    live.perform("kwame", actions.join("Kwame M"), at=hours_ago(6))  # a later event of his
    demote = live.perform("maria", actions.set_role("kwame", Role.EMPLOYEE), at=hours_ago(4))
    # Kwame, no longer a manager, writes into his own file a role change dated before it.
    (forged,) = write_events(
        live.board, "kwame", actions.set_role("maria", Role.EMPLOYEE), at=hours_ago(7)
    )
    found = checkup(live.board, NOW)
    (refused,) = [f.text for f in found.findings if f.kind == "rejected"]
    assert demote.events[0]["id"] in refused
    assert "only a manager may set roles" in refused
    assert f"because of event {forged['id']} (role_set) by kwame" in refused
    assert "out of time order" in refused
    (inversion,) = [f.text for f in found.findings if f.kind == "out of order"]
    assert forged["id"] in inversion and "back-dated by hand" in inversion


@pytest.mark.parametrize(
    "at",
    ["9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59.999999+00:00", "0001-01-01T00:00:00+00:00"],
)
def test_a_time_at_the_calendars_ends_is_refused_not_a_crash(board, at, capsys) -> None:
    """A hand edit puts a time at the end of the calendar into a file: adding a day or a
    time zone to it would overflow. It is left out and listed; the board goes on."""
    write_events(board, "ana", actions.note("exp1", "From the end of time") | {"at": at})
    state = fresh(board)
    (rejected,) = state.rejected
    assert "at: must lie between 1970 and 9000" in rejected.reason
    assert run(board, "confidence", "exp1", "4") == 0
    assert fresh(board).experiments["exp1"].current_confidence == 4
    assert run(board, "check") == 1
    assert "must lie between 1970 and 9000" in capsys.readouterr().out


def test_an_action_that_would_undo_a_change_dated_ahead_is_refused(board) -> None:
    """Ana's clock is an hour ahead; she moves Bob's card to Practice. Bob's withdrawal
    would count before her move and make the fold refuse it: an acknowledged change of
    hers would leave the board. So Bob's withdrawal is refused, saying why."""
    write_events(board, "ana", actions.move("exp1", Stage.PRACTICE), at=NOW + timedelta(hours=1))
    live = LiveBoard(board, clock=clock)
    live.load()
    before = board.person_file("bob").read_bytes()
    with pytest.raises(Refused, match=r"would undo Ana.s change \(stage moved"):
        live.perform("bob", actions.withdraw("exp1"))
    assert board.person_file("bob").read_bytes() == before
    assert fresh(board).rejected == []
