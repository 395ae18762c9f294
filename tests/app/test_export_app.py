"""Exports from the palette and success stories from the experiment screen: the file is
saved in the export folder (never over another), and a notice says where."""

from __future__ import annotations

import json
import os
import shutil
import stat

from boards import fingerprint
from textual.command import CommandList, CommandPalette

from teamboard.domain.events import Stage
from teamboard.store.folder import BoardFolder

from .helpers import (
    BIG,
    SMALL,
    make_app,
    notices,
    open_experiment,
    screen_text,
    send_keys,
    wait_loaded,
    wait_until,
)


def first_hit(app) -> str:
    found = app.screen.query_one(CommandList)
    return str(found.get_option_at_index(0).prompt) if found.option_count else ""


async def run_command(pilot, name: str) -> None:
    app = pilot.app
    await send_keys(pilot, "ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await send_keys(pilot, *name)
    await wait_until(pilot, lambda: first_hit(app).startswith(name), what=name)
    await send_keys(pilot, "enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))


async def test_the_palette_exports_each_format_into_the_export_folder(demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(demo, export_dir=out)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        for label, name in (
            ("Markdown", "product-team-2026-11-27.md"),
            ("CSV", "product-team-2026-11-27.csv"),
            ("JSON", "product-team-2026-11-27.json"),
            ("JSONL", "product-team-2026-11-27.jsonl"),
        ):
            await run_command(pilot, f"Export board as {label}")
            await wait_until(pilot, lambda name=name: (out / name).exists(), what=name)
            assert any(str(out / name) in notice for notice in notices(app)), notices(app)
        # Again: a new file beside the first, never over it.
        (out / "product-team-2026-11-27.md").write_text("mine")
        await run_command(pilot, "Export board as Markdown")
        await wait_until(pilot, lambda: (out / "product-team-2026-11-27-2.md").exists())
    assert (out / "product-team-2026-11-27.md").read_text() == "mine"
    assert (
        (out / "product-team-2026-11-27-2.md")
        .read_text(encoding="utf-8")
        .startswith("# Product Team\n\nExported 2026-11-27 09:00 UTC")
    )
    assert (out / "product-team-2026-11-27.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert json.loads((out / "product-team-2026-11-27.json").read_text())["board"] == (
        "Product Team"
    )
    events = (out / "product-team-2026-11-27.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(events[0]) == {
        "teamboard": "board",
        "name": "Product Team",
        "founder": "maria",
    }
    assert len(events) == 1 + BoardFolder.open(demo).load().event_count


def experiment_in(root, stage: Stage):
    state = BoardFolder.open(root).load().state
    return next(e for e in state.active if e.stage is stage)


async def test_y_saves_the_success_story_of_an_experiment_in_success(demo, tmp_path):
    done = experiment_in(demo, Stage.SUCCESS)
    app = make_app(demo, "zoe", export_dir=tmp_path)  # anyone may save a colleague's story
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await open_experiment(pilot, done.id)
        assert "y Story" in screen_text(app)
        await send_keys(pilot, "y")
        await wait_until(pilot, lambda: list(tmp_path.glob("story-*.md")))
        (saved,) = tmp_path.glob("story-*.md")
        assert any(str(saved) in notice for notice in notices(app))
    text = saved.read_text(encoding="utf-8")
    assert text.startswith(f"# {done.title}\n")
    assert "## The evidence" in text


async def test_no_story_key_before_success(demo, tmp_path):
    goal = experiment_in(demo, Stage.GOAL)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(demo, goal.owner, export_dir=out)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await open_experiment(pilot, goal.id)
        assert "y Story" not in screen_text(app)
        screen = app.screen
        # `escape` after `y` closes the screen: once it has, `y` has been taken in too.
        await send_keys(pilot, "y", "escape")
        await wait_until(pilot, lambda: app.screen is not screen, what="escape to close it")
        assert list(out.iterdir()) == []
    assert list(out.iterdir()) == []


async def test_an_export_that_cannot_be_saved_says_why_and_the_app_goes_on(demo, tmp_path):
    app = make_app(demo, export_dir=tmp_path / "gone")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await run_command(pilot, "Export board as JSON")
        await wait_until(pilot, lambda: any("cannot write" in n for n in notices(app)))
        assert app.is_running
        (notice,) = [n for n in notices(app) if "cannot write" in n]
        assert str(tmp_path / "gone" / "product-team-2026-11-27.json") in notice


async def test_nothing_is_saved_inside_a_board_folder(demo, tmp_path):
    """Started in a board folder (this board's people/, or another board), the app saves
    no export and no story there: a notice says why, and every file stays as it was."""
    done = experiment_in(demo, Stage.SUCCESS)
    other = tmp_path / "other"
    shutil.copytree(demo, other)
    before = fingerprint(demo), fingerprint(other)
    app = make_app(demo, "zoe", export_dir=demo / "people")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await run_command(pilot, "Export board as JSONL")
        await wait_until(pilot, lambda: refusals(app) == 1, what="the export refused")
        app.export_dir = other
        await open_experiment(pilot, done.id)
        await send_keys(pilot, "y")
        await wait_until(pilot, lambda: refusals(app) == 2, what="the story refused")
        assert app.is_running
        export_notice, story_notice = [n for n in notices(app) if "Nothing was saved" in n]
    assert export_notice == (
        f"Nothing was saved: {demo / 'people' / 'product-team-2026-11-27.jsonl'} is inside "
        f"the board folder {demo.resolve()}, and exports are never written into a board. The "
        "app saves them in the folder it was started in: start it from a folder outside the "
        "board."
    )
    assert f"the board folder {other.resolve()}," in story_notice
    assert (fingerprint(demo), fingerprint(other)) == before


def refusals(app) -> int:
    return sum("Nothing was saved" in n for n in notices(app))


async def test_saved_files_get_0644_minus_the_umask_and_pass_by_links_and_pipes(demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "product-team-2026-11-27.md").symlink_to(tmp_path / "nowhere.md")
    os.mkfifo(out / "product-team-2026-11-27-2.md")
    taken = fingerprint(out)
    app = make_app(demo, export_dir=out)
    old = os.umask(0o002)
    try:
        async with app.run_test(size=BIG) as pilot:
            await wait_loaded(pilot)
            await run_command(pilot, "Export board as Markdown")
            saved = out / "product-team-2026-11-27-3.md"
            await wait_until(pilot, lambda: any(str(saved) in n for n in notices(app)))
    finally:
        os.umask(old)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o644
    assert saved.read_text(encoding="utf-8").startswith("# Product Team\n")
    _, now = fingerprint(out)
    assert {name: now[name] for name in taken[1]} == taken[1]  # the link and the pipe as they were
    assert not (tmp_path / "nowhere.md").exists()
