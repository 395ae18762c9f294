"""The app as it opens today: experiments by stage, damaged files reported, q quits."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, OptionList

from teamboard.app import StageColumn, TeamboardApp
from teamboard.demo import build_demo_board
from teamboard.model import STAGES
from teamboard.store import BoardFolder

HOSTILE = [
    "[/",
    "[bold]not bold",
    "[@click=app.quit]click me[/]",
    "[0]",
    "🙂 emoji 👩🏽‍💻",
    "שלום עולם مرحبا",
    "x" * 5000,
]


def column_texts(app: TeamboardApp) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for column in app.query(StageColumn):
        options = column.query_one(OptionList)
        texts[column.stage.value] = [
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        ]
    return texts


async def test_demo_board_opens_with_every_stage_and_quits_on_q(tmp_path: Path) -> None:
    board = build_demo_board(tmp_path / "demo")
    state = board.load().state
    app = TeamboardApp(board.root, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        texts = column_texts(app)
        for stage in STAGES:
            expected = [e for e in state.experiments.values() if e.stage is stage]
            assert len(texts[stage.value]) == len(expected) > 0
            title = app.query_one(f"#column-{stage.value} Label", Label)
            assert f"({len(expected)})" in str(title.render())
        assert "Maria" in app.sub_title
        await pilot.press("q")
    assert app.return_code == 0


async def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    board = BoardFolder.create(tmp_path / "b", "[bold]Board", "ana", "[@click=app.quit]Ana")
    for n, title in enumerate(HOSTILE):
        board.append(
            "ana", {"type": "experiment_created", "experiment_id": f"e{n}", "title": title}
        )
    app = TeamboardApp(board.root, "ana")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        goal = column_texts(app)["goal"]
        for title in HOSTILE:
            assert any(title in text for text in goal), title
        # What is drawn on screen, not only what was handed over, keeps the brackets.
        options = app.query_one("#column-goal OptionList", OptionList)
        drawn = "\n".join(options.render_line(y).text for y in range(options.size.height))
        for title in HOSTILE[:4]:  # the short ones, all on screen
            assert title in drawn, (title, drawn)
        assert "[@click=app.quit]Ana" in drawn
        await pilot.click(OptionList)  # a click on literal "[@click=...]" text must not quit
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")


async def test_a_damaged_file_is_named_and_left_untouched(tmp_path: Path) -> None:
    board = build_demo_board(tmp_path / "demo")
    victim = board.person_file("jonas")
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])
    before = victim.read_bytes()
    app = TeamboardApp(board.root, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any(str(victim) in m for m in messages), messages
        owners = {e.owner for e in app.loaded.state.experiments.values()}
        assert "jonas" not in owners and {"maria", "zoe"} <= owners
        await pilot.press("q")
    assert victim.read_bytes() == before
