"""Changes by others arrive while the board is open: from a second real process through
the file watcher, and through `take_changes` for a file that arrives damaged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.worker import WorkerState

from teamboard.domain.events import Stage
from teamboard.tui.screens.board import BoardScreen

from .helpers import (
    BIG,
    SMALL,
    board_screen,
    by_title,
    column,
    file_bytes,
    make_app,
    notices,
    on_disk,
    send_keys,
    wait_loaded,
    wait_until,
)

LIVE_TIMEOUT = 10.0
JONAS_GOAL = "Explaining numbers to people who are not analysts"
MARIA_GOAL = "Saying no to roadmap requests with a clear reason"
ZOE_PRACTICE = "Presenting research findings in ten minutes"
REPO = Path(__file__).resolve().parents[2]


def teamboard(root: Path, who: str, *args: str) -> None:
    """Run the teamboard command line in a second process, as `who`."""
    done = subprocess.run(
        [sys.executable, "-m", "teamboard", *args, "--board", str(root), "--as", who],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def append_elsewhere(root: Path, who: str, payload: dict) -> None:
    """Write one action through the board's write path, in a second process."""
    script = (
        "import json, sys\n"
        "from teamboard.store.live import LiveBoard\n"
        "from teamboard.store.folder import BoardFolder\n"
        "live = LiveBoard(BoardFolder.open(sys.argv[1]))\n"
        "live.load()\n"
        "live.perform(sys.argv[2], json.loads(sys.argv[3]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), who, json.dumps(payload)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


async def wait_watching(pilot) -> None:
    """Wait until the watcher worker runs, and give it a moment to start watching."""
    app = pilot.app
    await wait_until(
        pilot,
        lambda: any(
            w.name == "watch_board" and w.state is WorkerState.RUNNING for w in app.workers
        ),
        what="the watcher to start",
    )
    await pilot.pause(0.1)


async def test_a_move_by_someone_else_arrives_and_the_cursor_stays(demo):
    app = make_app(demo, "jonas", watch=True)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        screen = board_screen(app)
        mine = by_title(demo, JONAS_GOAL)
        assert screen.selected_id == mine.id

        teamboard(demo, "kwame", "move", mine.id, "next")

        await wait_until(
            pilot,
            lambda: mine.id in {e.id for e in column(app, Stage.PRACTICE).experiments},
            timeout=LIVE_TIMEOUT,
            what="the move to show",
        )
        assert app.state.experiments[mine.id].stage is Stage.PRACTICE
        assert mine.id not in {e.id for e in column(app, Stage.GOAL).experiments}
        # The cursor went with the card.
        assert screen.selected_id == mine.id
        assert screen.column_index == 1
        practice = column(app, Stage.PRACTICE)
        assert practice.experiments[practice.cursor].id == mine.id
        await wait_until(pilot, lambda: notices(app), what="a notice")
        assert f"Kwame Mensah moved “{JONAS_GOAL}” to Practice" in notices(app)


async def test_a_new_experiment_arrives_and_the_cursor_stays_on_the_same_card(demo):
    app = make_app(demo, "maria", watch=True)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        screen = board_screen(app)
        await send_keys(pilot, "j")
        marias = by_title(demo, MARIA_GOAL)
        assert screen.selected_id == marias.id
        assert column(app, Stage.GOAL).cursor == 1

        # Jonas sorts before Maria: his new card pushes hers down a row.
        append_elsewhere(
            demo,
            "jonas",
            {"type": "experiment_created", "experiment_id": "from-afar", "title": "From afar"},
        )

        goal = column(app, Stage.GOAL)
        await wait_until(
            pilot,
            lambda: "from-afar" in {e.id for e in goal.experiments},
            timeout=LIVE_TIMEOUT,
            what="the new experiment to show",
        )
        assert [e.owner for e in goal.experiments] == ["jonas", "jonas", "maria", "priya"]
        assert screen.selected_id == marias.id
        assert goal.cursor == 2
        assert "From afar" in "\n".join(goal.render_line(y).text for y in range(goal.size.height))


async def test_praise_for_me_arrives_as_a_notice(demo):
    app = make_app(demo, "zoe", watch=True)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        experiment = by_title(demo, ZOE_PRACTICE)
        praise_before = board_screen(app).card_of(app.state.experiments[experiment.id]).praise

        teamboard(demo, "maria", "praise", "zoe", "Great [bold]work[/]", "--about", experiment.id)

        expected = f"Maria Oliveira praised your effort for “{ZOE_PRACTICE}”: Great [bold]work[/]"
        await wait_until(
            pilot, lambda: expected in notices(app), timeout=LIVE_TIMEOUT, what=expected
        )
        card = board_screen(app).card_of(app.state.experiments[experiment.id])
        assert card.praise == praise_before + 1
        assert isinstance(app.screen, BoardScreen)


async def test_my_own_writes_from_another_terminal_arrive_without_a_notice(demo):
    app = make_app(demo, "zoe", watch=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        experiment = by_title(demo, ZOE_PRACTICE)
        app.clear_notifications()

        teamboard(demo, "zoe", "confidence", experiment.id, "5")

        await wait_until(
            pilot,
            lambda: app.state.experiments[experiment.id].current_confidence == 5,
            timeout=LIVE_TIMEOUT,
            what="the rating to arrive",
        )
        assert notices(app) == []


async def test_a_file_damaged_while_open_is_reported_by_the_watcher(demo):
    app = make_app(demo, "maria", watch=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        path = demo / "people" / "zoe.json"
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])

        await wait_until(
            pilot,
            lambda: any(str(path) in n for n in notices(app)),
            timeout=LIVE_TIMEOUT,
            what="a notice naming the file",
        )
        assert path.read_bytes() == data[: len(data) // 2]
        # The rest of the board is still shown; Zoë's file is left out, as a fresh load
        # of the folder would leave it out (her two experiments).
        await wait_until(pilot, lambda: len(app.state.experiments) == 10)
        assert {e.owner for e in app.state.experiments.values()} >= {"maria", "jonas"}


async def test_take_changes_reports_a_damaged_file_and_never_writes_over_it(demo):
    app = make_app(demo, "zoe")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        path = demo / "people" / "zoe.json"
        whole = path.read_bytes()
        truncated = whole[: len(whole) // 3]
        path.write_bytes(truncated)
        zoes = {e.id for e in app.state.experiments.values() if e.owner == "zoe"}
        assert zoes

        result = app.take_changes([path])
        assert [d.path for d in result.problems] == [path]
        await wait_until(pilot, lambda: notices(app), what="a notice")
        (notice,) = [n for n in notices(app) if str(path) in n]
        assert "not valid JSON" in notice
        assert "left untouched" in notice
        assert path.read_bytes() == truncated
        # Her file's events are left out, as a fresh load would leave them out.
        await pilot.pause()
        assert not zoes & {e.id for c in board_screen(app).columns for e in c.experiments}

        # Zoë cannot write to her damaged file: `n` says why at once, and nothing changes.
        before = file_bytes(demo)
        app.clear_notifications()
        await send_keys(pilot, "n")
        await wait_until(pilot, lambda: notices(app), what="a notice")
        (notice,) = notices(app)
        assert str(path) in notice and "Nothing can be written until it is repaired" in notice
        assert isinstance(app.screen, BoardScreen)
        assert file_bytes(demo) == before

        # The same damage again is not reported twice.
        app.clear_notifications()
        assert app.take_changes([path]).problems == []

        # Repaired: it is read again, with nothing reported.
        path.write_bytes(whole)
        result = app.take_changes([path])
        assert result.repaired == [path]
        assert not result.problems
        await pilot.pause()
        assert not [n for n in notices(app) if str(path) in n]
        assert path.read_bytes() == whole


def by_title_in(app, title: str) -> str:
    (found,) = [e.id for e in app.state.experiments.values() if e.title == title]
    return found


async def test_a_damaged_file_at_opening_is_reported_and_the_rest_of_the_board_shown(demo):
    path = demo / "people" / "priya.json"
    path.write_text("not json at all")
    app = make_app(demo, "maria")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: notices(app), what="a notice")
        (notice,) = [n for n in notices(app) if str(path) in n]
        assert "left untouched" in notice
        # Others' events about Priya (support, praise) can't apply without her: said too.
        assert any("teamboard check" in n for n in notices(app))
        # Priya's own experiments and her membership are in her file; the rest is shown.
        owners = {e.owner for c in board_screen(app).columns for e in c.experiments}
        assert "priya" not in owners
        assert {"maria", "zoe", "jonas", "kwame", "omer"} <= owners
    assert path.read_text() == "not json at all"


async def test_changes_that_need_a_refold_run_one_fold_at_a_time(demo):
    """A change dated far ahead makes every later change by others need a full fold: a
    stream of them folds one at a time, not one thread each, and ends equal to the files."""
    from datetime import timedelta

    from boards import write_events

    from teamboard.domain import actions
    from teamboard.store.folder import BoardFolder

    from .helpers import NOW

    board = BoardFolder.open(demo)
    write_events(board, "jonas", actions.join("Jonas B."), at=NOW + timedelta(days=3))
    app = make_app(demo, "maria")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert any("ahead of this computer's clock" in n for n in notices(app))
        most = 0
        for n in range(6):
            write_events(board, "zoe", actions.note(by_title_in(app, ZOE_PRACTICE), f"note {n}"))
            app.take_changes([board.person_file("zoe")])
            running = [w for w in app.workers if w.group == "refold" and w.is_running]
            most = max(most, len(running))
            await pilot.pause(0.05)
        assert most <= 1
        await wait_until(
            pilot,
            lambda: not any(w.group == "refold" and w.is_running for w in app.workers),
            timeout=20,
        )
        await pilot.pause()
        fresh = on_disk(demo)
        assert len(app.state.experiments) == len(fresh.experiments)
        notes = [n.text for e in app.state.experiments.values() for n in e.support_notes]
        assert [f"note {n}" for n in range(6)] == [t for t in notes if t.startswith("note ")]
