"""The app names a file it cannot use, shows the rest of the board, and never writes over
it (the command line's side is in tests/integration/test_hostile_files.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from boards import write_events

from teamboard.domain import actions

from .helpers import (
    BIG,
    NOW,
    file_bytes,
    make_app,
    notices,
    shown_ids,
    small_board,
    wait_loaded,
    wait_until,
)


async def test_a_key_held_twice_and_a_stray_file_are_named_and_the_rest_shown(
    tmp_path: Path,
) -> None:
    root = tmp_path / "board"
    board = small_board(root)  # Ann (with ann-1) and Ben
    at = NOW - timedelta(hours=1)
    write_events(
        board,
        "ben",
        {"type": "experiment_created", "experiment_id": "ben-1", "title": "Ask why"},
        at=at,
    )
    write_events(board, "cara", {"type": "member_joined", "name": "Cara"}, at=at)
    write_events(
        board,
        "cara",
        {"type": "experiment_created", "experiment_id": "cara-1", "title": "Pair daily"},
        at=at,
    )
    # A git conflict in Ben's file, resolved by hand, kept both lines of the title.
    bens = board.person_file("ben")
    text = bens.read_text(encoding="utf-8")
    bens.write_text(
        text.replace('"title":"Ask why"', '"title":"Ask how",\n   "title":"Ask why"'),
        encoding="utf-8",
    )
    # And someone saved a copy of Cara's file under a name that is not a member id.
    stray = board.people_dir / "Eve.json"
    stray.write_bytes(board.person_file("cara").read_bytes())
    before = file_bytes(root)

    app = make_app(root, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: len(notices(app)) >= 2, what="two notices")
        (damaged,) = [n for n in notices(app) if str(bens) in n]
        assert "'title' twice" in damaged
        assert "left untouched" in damaged
        (ignored,) = [n for n in notices(app) if str(stray) in n]
        assert "'Eve' is not a member id" in ignored
        # Ann's and Cara's experiments are on the board; Ben's file is left out.
        assert shown_ids(app) == {"ann-1", "cara-1"}

        # Ben, at this computer, cannot write over his file: told why, nothing written.
        app.set_me("ben", remember=False)
        app.clear_notifications()
        assert app.perform(actions.create_experiment("Over it?")) is None
        await wait_until(pilot, lambda: notices(app), what="a refusal")
        (refusal,) = notices(app)
        assert str(bens) in refusal
        assert "nothing was written" in refusal
        assert file_bytes(root) == before
    assert file_bytes(root) == before
