"""A sync while the board is open: what came in shows by itself, my own file rewritten by
the merge (my other computer's events) included, and the app goes on writing to it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitteam import Team

from teamboard.domain import actions
from teamboard.domain.events import utcnow

from .helpers import (
    BIG,
    make_app,
    notices,
    settled_notices,
    wait_loaded,
    wait_until,
    wait_watching,
)
from .test_live_reload import LIVE_TIMEOUT, assert_on_time


def titles(app) -> set[str]:
    return {e.title for e in app.state.experiments.values()}


@pytest.mark.xfail(
    strict=True,
    reason="issue 18, item 6 (to come): one person's log written on two computers keeps a "
    "valid chain once the merge links both heads and is signed; until then the merged "
    "log's chain breaks and its events are left out",
)
async def test_what_a_sync_brings_in_shows_in_the_open_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = Team(tmp_path, monkeypatch)
    desk = team.found("ana")
    ben, laptop = team.join("ben"), team.join("ana", "ana-laptop")
    team.add(ben, "ben", "Ben's, pushed")
    team.ok(ben, "ben", "sync")
    team.add(laptop, "ana", "From the laptop")
    team.ok(laptop, "ana", "sync")

    app = make_app(desk, "ana", watch=True, clock=utcnow)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        assert app.perform(actions.create_experiment("On the desk")) is not None

        done = subprocess.run(
            team.argv(desk, "ana", "sync"), env=team.env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "Came in: 2 events from ben, 1 event from you (another computer)." in done.stdout

        expected = {"Ben's, pushed", "From the laptop", "On the desk"}
        await wait_until(
            pilot, lambda: titles(app) == expected, timeout=LIVE_TIMEOUT, what="the sync"
        )
        assert app.live.file_problems == {}
        # The sync's own rebase is at work, not stopped: nothing to say about git.
        assert not [n for n in await settled_notices(pilot) if "middle of" in n]
        await assert_on_time(pilot, "ana")
        # The app writes on to my file as the merge left it.
        (mine,) = [e for e in app.state.experiments.values() if e.title == "From the laptop"]
        assert app.perform(actions.rate_confidence(mine.id, 4)) is not None
    done = subprocess.run(
        team.argv(desk, "ana", "sync"), env=team.env, capture_output=True, text=True
    )
    assert "Committed people/ana.json: 1 new event (4 in all)." in done.stdout
    assert team.run(desk, "ana", "check").returncode == 0


async def test_an_open_app_waits_while_a_sync_stops_in_the_middle_of_a_rebase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync stops on a conflict (board.json, changed by hand on two computers) after
    git has brought in ben's new file: the open app says git is in the middle of a rebase
    and what to do, keeps the board as it was, and writes nothing until git is done."""
    team = Team(tmp_path, monkeypatch)
    desk = team.found("ana")
    ben = team.join("ben")
    team.add(ben, "ben", "Ben's, pushed")
    for clone, name in ((ben, "Squad"), (desk, "Crew")):
        board = clone / "board.json"
        board.write_text(board.read_text().replace("Platform Team", name))
        team.git(clone, "commit", "-qam", f"name: {name}")
    team.ok(ben, "ben", "sync")
    team.add(desk, "ana", "On the desk")

    app = make_app(desk, "ana", watch=True, clock=utcnow)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_watching(pilot)
        assert titles(app) == {"On the desk"}

        stopped = subprocess.run(
            team.argv(desk, "ana", "sync"), env=team.env, capture_output=True, text=True
        )
        assert "pulling stopped on a conflict in board.json" in stopped.stderr
        await wait_until(
            pilot,
            lambda: any("middle of a rebase" in n for n in notices(app)),
            timeout=LIVE_TIMEOUT,
            what="the notice that git is busy",
        )
        (notice,) = [n for n in notices(app) if "rebase" in n]
        assert notice.startswith(
            "The board's git is in the middle of a rebase: run `git rebase --abort` or "
            "finish it, then `teamboard sync`."
        )
        assert not [n for n in notices(app) if "not valid JSON" in n]
        assert titles(app) == {"On the desk"} and app.live.file_problems == {}
        assert app.perform(actions.create_experiment("Meanwhile")) is None
        refused = (await settled_notices(pilot))[-1]
        assert refused.startswith("not saved: the board's git is in the middle of a rebase")

        # Finished by hand: what git brought in meanwhile shows then.
        team.git(desk, "checkout", "--theirs", "board.json")
        team.git(desk, "add", "board.json")
        team.git(desk, "rebase", "--continue")
        expected = {"On the desk", "Ben's, pushed"}
        await wait_until(
            pilot, lambda: titles(app) == expected, timeout=LIVE_TIMEOUT, what="git to be done"
        )
        assert app.live.file_problems == {}
        assert app.perform(actions.create_experiment("Afterwards")) is not None
