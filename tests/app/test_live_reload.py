"""Changes by others arrive while the board is open: from a second real process through
the file watcher, and through `take_changes` for a file that arrives damaged.

Clocks. The colleague's process keeps time as the app does, so that what it writes
takes the ordinary path (on top of the board, dated within the clock tolerance of the
app's clock): a colleague started here is handed the app's clock on its command line
(`append_elsewhere`); the real command line (`teamboard`) has no clock to hand, so the
tests that run it give the app the real clock and a board built at the real time
(`demo_now`). A colleague whose clock runs ahead is tested on purpose, by itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

from boards import write_events

from teamboard.domain import actions
from teamboard.domain.events import CLOCK_TOLERANCE, Stage, utcnow
from teamboard.store.folder import BoardFolder
from teamboard.tui.screens.board import BoardScreen
from teamboard.views.checkup import checkup

from .helpers import (
    BIG,
    NOW,
    SMALL,
    board_screen,
    by_title,
    column,
    file_bytes,
    make_app,
    notices,
    on_disk,
    send_keys,
    settled_notices,
    shown_ids,
    wait_loaded,
    wait_until,
    wait_watching,
)

LIVE_TIMEOUT = 10.0
JONAS_GOAL = "Explaining numbers to people who are not analysts"
MARIA_GOAL = "Saying no to roadmap requests with a clear reason"
ZOE_PRACTICE = "Presenting research findings in ten minutes"
REPO = Path(__file__).resolve().parents[2]
AHEAD = "ahead of this computer's clock"


def teamboard(root: Path, who: str, *args: str) -> None:
    """Run the teamboard command line in a second process, as `who` (on the real clock)."""
    done = subprocess.run(
        [sys.executable, "-m", "teamboard", *args, "--board", str(root), "--as", who],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def append_elsewhere(root: Path, who: str, payload: dict, clock: datetime) -> None:
    """Write one action through the board's write path, in a second process whose clock
    reads `clock` (the app's, unless a test means a colleague's clock to be off)."""
    script = (
        "import json, sys\n"
        "from datetime import datetime\n"
        "from teamboard.store.live import LiveBoard\n"
        "from teamboard.store.folder import BoardFolder\n"
        "now = datetime.fromisoformat(sys.argv[4])\n"
        "live = LiveBoard(BoardFolder.open(sys.argv[1]), clock=lambda: now)\n"
        "live.load()\n"
        "live.perform(sys.argv[2], json.loads(sys.argv[3]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), who, json.dumps(payload), clock.isoformat()],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def ahead_notices(app) -> list[str]:
    return [n for n in notices(app) if AHEAD in n]


async def assert_on_time(pilot, who: str) -> None:
    """The ordinary path: `who`'s change is the newest on the board, dated within the
    clock tolerance of the app's clock, and the app says no clock is ahead."""
    app = pilot.app
    last = app.live.state.last_key
    assert last is not None and last[1] == who, last
    assert abs(last[0] - app.clock()) <= CLOCK_TOLERANCE, (last[0], app.clock())
    assert not [n for n in await settled_notices(pilot) if AHEAD in n]


async def test_a_move_by_someone_else_arrives_and_the_cursor_stays(demo_now):
    demo = demo_now
    app = make_app(demo, "jonas", watch=True, clock=utcnow)
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
        expected = f"Kwame Mensah moved “{JONAS_GOAL}” to Practice"
        await wait_until(pilot, lambda: expected in notices(app), what=expected)
        await assert_on_time(pilot, "kwame")


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
            clock=app.clock(),
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
        await assert_on_time(pilot, "jonas")


async def test_praise_for_me_arrives_as_a_notice(demo_now):
    demo = demo_now
    app = make_app(demo, "zoe", watch=True, clock=utcnow)
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
        await assert_on_time(pilot, "maria")


async def test_my_own_writes_from_another_terminal_arrive_without_a_notice(demo_now):
    """A move of my card: by a colleague it is a notice (the first test); by me, none."""
    demo = demo_now
    app = make_app(demo, "zoe", watch=True, clock=utcnow)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        experiment = by_title(demo, ZOE_PRACTICE)
        app.clear_notifications()

        teamboard(demo, "zoe", "move", experiment.id, "next")

        await wait_until(
            pilot,
            lambda: app.state.experiments[experiment.id].stage is not experiment.stage,
            timeout=LIVE_TIMEOUT,
            what="the move to arrive",
        )
        assert await settled_notices(pilot) == []
        await assert_on_time(pilot, "zoe")


async def test_a_colleague_whose_clock_is_ahead_is_named_and_does_not_drag_mine(demo):
    """Jonas's clock runs an hour ahead, past the tolerance: his change shows; the board
    names him, as `teamboard check` names his change; my next change is still dated by
    my clock (within the tolerance), before his, and checked against the whole board."""
    app = make_app(demo, "maria", watch=True)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        assert not ahead_notices(app)
        his_clock = app.clock() + timedelta(hours=1)
        assert his_clock > app.clock() + CLOCK_TOLERANCE

        append_elsewhere(
            demo,
            "jonas",
            {"type": "experiment_created", "experiment_id": "from-ahead", "title": "From ahead"},
            clock=his_clock,
        )

        await wait_until(
            pilot,
            lambda: "from-ahead" in shown_ids(app),
            timeout=LIVE_TIMEOUT,
            what="the change from ahead to show",
        )
        await wait_until(pilot, lambda: ahead_notices(app), what="the notice that a clock is ahead")
        (notice,) = ahead_notices(app)
        assert f"the newest by Jonas Becker at {his_clock:%Y-%m-%d %H:%M} (UTC)" in notice
        (finding,) = [f for f in checkup(BoardFolder.open(demo), app.clock()).findings]
        assert finding.kind == "ahead"
        assert "by jonas dated " + his_clock.isoformat() in finding.text

        mine = app.perform(actions.create_experiment("Mine, after his"))
        assert mine is not None
        assert mine["at"] == app.clock() + CLOCK_TOLERANCE  # as late as my clock allows
        assert mine["at"] < his_clock
        assert "Mine, after his" in {e.title for e in on_disk(demo).experiments.values()}
        await wait_until(
            pilot, lambda: mine["experiment_id"] in shown_ids(app), what="my change to show"
        )
        assert len(ahead_notices(app)) == 1  # said once


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
        await wait_until(
            pilot, lambda: len(app.state.experiments) == 10, what="Zoë's two experiments to go"
        )
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
        # Her file's events are left out, as a fresh load would leave them out (the board
        # is folded again without it).
        await wait_until(
            pilot, lambda: not zoes & shown_ids(app), what="Zoë's experiments to leave the board"
        )

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
        assert not [n for n in await settled_notices(pilot) if str(path) in n]

        # Repaired: it is read again, with nothing reported.
        path.write_bytes(whole)
        result = app.take_changes([path])
        assert result.repaired == [path]
        assert not result.problems
        await wait_until(
            pilot, lambda: zoes <= shown_ids(app), what="Zoë's experiments back on the board"
        )
        assert not [n for n in await settled_notices(pilot) if str(path) in n]
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
        shown = await settled_notices(pilot)
        (notice,) = [n for n in shown if str(path) in n]
        assert "left untouched" in notice
        # Others' events about Priya (support, praise) can't apply without her: said too.
        assert any("teamboard check" in n for n in shown)
        # Priya's own experiments and her membership are in her file; the rest is shown.
        owners = {e.owner for c in board_screen(app).columns for e in c.experiments}
        assert "priya" not in owners
        assert {"maria", "zoe", "jonas", "kwame", "omer"} <= owners
    assert path.read_text() == "not json at all"


def refolding(app) -> bool:
    return any(w.group == "refold" and not w.is_finished for w in app.workers)


class HeldFolds:
    """The app's folds of the whole board (`LiveBoard.read_all`, in the refold worker),
    counted, and held until `release`: so that changes arrive while one runs."""

    def __init__(self, app) -> None:
        self.live = app.live
        self.read_all = app.live.read_all
        self.gate = threading.Event()
        self.lock = threading.Lock()
        self.started = 0
        self.running = 0
        self.most_at_once = 0
        self.live.read_all = self.held

    def held(self):
        with self.lock:
            self.started += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            assert self.gate.wait(LIVE_TIMEOUT), "a fold was held and never released"
            return self.read_all()
        finally:
            with self.lock:
                self.running -= 1

    def release(self) -> None:
        self.gate.set()

    def restore(self) -> None:
        self.gate.set()
        del self.live.read_all


async def test_changes_that_need_a_refold_run_one_fold_at_a_time(demo):
    """A change dated far ahead makes every later change by others need a full fold: a
    stream of them folds one at a time, not one thread each (those that come while a
    fold runs, in one more fold after it), and ends equal to the files."""
    board = BoardFolder.open(demo)
    write_events(board, "jonas", actions.join("Jonas B."), at=NOW + timedelta(days=3))
    app = make_app(demo, "maria")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        (notice,) = [n for n in await settled_notices(pilot) if AHEAD in n]
        assert "the newest by Jonas B. at" in notice
        folds = HeldFolds(app)
        try:
            zoes = by_title_in(app, ZOE_PRACTICE)
            for n in range(6):
                write_events(board, "zoe", actions.note(zoes, f"note {n}"))
                assert app.take_changes([board.person_file("zoe")]).needs_refold, n
                if n == 0:
                    await wait_until(
                        pilot, lambda: folds.running == 1, what="the first fold to start"
                    )
                await pilot.pause()
            # Five more changes that need a fold came while the first ran: none started.
            assert (folds.started, folds.running) == (1, 1)
            folds.release()
            await wait_until(
                pilot,
                lambda: folds.started == 2 and folds.running == 0 and not refolding(app),
                timeout=LIVE_TIMEOUT,
                what="one more fold to run and end",
            )
            await pilot.pause()
        finally:
            folds.restore()
        # One more fold took them all in, and never two at once.
        assert folds.started == 2
        assert folds.most_at_once == 1
        fresh = on_disk(demo)
        assert len(app.state.experiments) == len(fresh.experiments)
        notes = [n.text for e in app.state.experiments.values() for n in e.support_notes]
        assert [f"note {n}" for n in range(6)] == [t for t in notes if t.startswith("note ")]


async def test_a_big_board_is_folded_again_in_another_process(demo, monkeypatch):
    """Above FOLD_ELSEWHERE_EVENTS events, a change that needs a fresh fold is folded by
    another process (LiveBoard.read_all_elsewhere): the board on screen ends equal to the
    files, as with a fold in the app's own thread."""
    import teamboard.tui.app as app_module
    from teamboard.store.live import LiveBoard

    monkeypatch.setattr(app_module, "FOLD_ELSEWHERE_EVENTS", 0)
    elsewhere: list[bool] = []
    real = LiveBoard.read_all_elsewhere

    def recorded(live):
        fresh = real(live)
        elsewhere.append(True)
        return fresh

    monkeypatch.setattr(LiveBoard, "read_all_elsewhere", recorded)
    app = make_app(demo, "maria")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        path = demo / "people" / "zoe.json"
        data = json.loads(path.read_text())
        created = next(e for e in data["events"].values() if e["type"] == "experiment_created")
        # An edit in place: a fresh fold is due (and the edit, which Zoe did not sign, is
        # left out, and what her log holds after it).
        created["title"] = "Renamed by a pull"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
        assert app.take_changes([path]).needs_refold
        # The edit breaks Zoë's signed chain there: the refolded board leaves it out.
        await wait_until(
            pilot,
            lambda: created["experiment_id"] not in app.state.experiments,
            timeout=LIVE_TIMEOUT,
            what="the refolded board",
        )
        assert elsewhere == [True]
        fresh = on_disk(demo)
        assert {e.id: e.title for e in app.state.experiments.values()} == {
            e.id: e.title for e in fresh.experiments.values()
        }
        await pilot.pause()
        # The board screen shows the refolded board.
        shown = {e.id: e.title for c in board_screen(app).columns for e in c.experiments}
        assert shown and all(app.state.experiments[i].title == t for i, t in shown.items())
