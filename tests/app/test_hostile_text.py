"""Names and titles that look like markup, emoji, right-to-left text and very long text
are shown literally, everywhere, and break nothing."""

from __future__ import annotations

import json

import pytest
from boards import new_board, write_events
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList, Static

from teamboard.domain import actions
from teamboard.domain.events import Stage
from teamboard.domain.state import Refused
from teamboard.store.folder import StoreError
from teamboard.store.live import LiveBoard
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.forms.entries import PracticeForm
from teamboard.tui.screens.forms.experiment import ExperimentForm
from teamboard.tui.screens.pickers import MemberPicker
from teamboard.tui.widgets.card_column import CARD_HEIGHT
from teamboard.tui.widgets.cells import terminal_safe

from .helpers import (
    BIG,
    SMALL,
    board_screen,
    column,
    column_text,
    make_app,
    screen_text,
    send_keys,
    wait_loaded,
    wait_until,
)

BOSS = "[bold]Boss[/]"
UNI = "🦄 Uni [0]"
RTL_NAME = "שלום עולם"
LONG = "L" * 4990 + " the end"
# Short enough to fit on a card at 80 columns.
IN_GOAL = {
    "slash": "[/",
    "bold": "[bold]x",
    "click": "[@click=app.quit]",
    "zero": "[0]",
}
IN_PRACTICE = {
    "emoji": "🎉 party 👩‍👩‍👧 ✓",
    "rtl": "مرحبا بالعالم",
    "long": LONG,
}
TITLES = IN_GOAL | IN_PRACTICE
OWNER = {key: ("boss", "uni", "rtl")[i % 3] for i, key in enumerate(TITLES)}


@pytest.fixture
def hostile(tmp_path):
    root = tmp_path / "hostile"
    board = new_board(root, "[red]Team[/] [@click=app.quit]", "boss", BOSS)
    write_events(board, "uni", {"type": "member_joined", "name": UNI})
    write_events(board, "rtl", {"type": "member_joined", "name": RTL_NAME})
    for key, title in TITLES.items():
        owner = OWNER[key]
        write_events(
            board, owner, {"type": "experiment_created", "experiment_id": key, "title": title}
        )
        if key in IN_PRACTICE:
            write_events(
                board, owner, {"type": "stage_moved", "experiment_id": key, "to": "practice"}
            )
    return root


def shows(line: str, title: str) -> bool:
    """The card line shows the title: whole, or cut to the card with an ellipsis (drawn
    with the characters whose width every terminal agrees on: 👩‍👩‍👧 as 👩👩👧)."""
    title = terminal_safe(title)
    if line == title:
        return True
    return line.endswith("…") and len(line) > 8 and title.startswith(line[:-1])


def all_columns_text(app) -> str:
    return "\n".join(column_text(column(app, stage)) for stage in Stage)


@pytest.mark.parametrize("size", [BIG, SMALL])
async def test_cards_show_titles_and_names_literally(hostile, size):
    app = make_app(hostile, "boss")
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        assert len(app.state.experiments) == len(TITLES)
        screen = board_screen(app)
        for key, title in TITLES.items():
            screen.jump_to(key)  # scrolls its card into view
            await pilot.pause()
            lines = [line.strip() for line in all_columns_text(app).splitlines()]
            assert any(shows(line, title) for line in lines), (key, lines)
        text = all_columns_text(app)
        for name in (BOSS, UNI, RTL_NAME):
            assert name in text, name
        # Every line is exactly as wide as its column: nothing spills over.
        for stage in Stage:
            col = column(app, stage)
            for y in range(col.size.height):
                assert col.render_line(y).cell_length == col.scrollable_content_region.width
        # The whole screen, board name included, shows the text as typed.
        everything = screen_text(app)
        assert "[red]Team[/]" in everything
        assert BOSS in everything
        assert "you: [bold]Boss[/]" in str(
            board_screen(app).query_one("#board-status", Static).content
        )
        assert app.is_running


async def test_clicking_a_title_that_looks_like_a_click_action_only_selects_it(hostile):
    app = make_app(hostile, "boss")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        goal = column(app, Stage.GOAL)
        index = [e.id for e in goal.experiments].index("click")
        for x in (2, 5, 10):
            await pilot.click(goal, offset=(x, index * CARD_HEIGHT + 1))
        assert app.is_running
        assert board_screen(app).selected_id == "click"
        assert isinstance(app.screen, BoardScreen)


@pytest.mark.parametrize("key", list(TITLES))
async def test_the_experiment_screen_opens_for_hostile_titles(hostile, key):
    app = make_app(hostile, "boss")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        board_screen(app).jump_to(key)
        await pilot.pause()
        assert board_screen(app).selected_id == key
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        await pilot.pause()
        text = screen_text(app)
        if key != "long":
            assert TITLES[key] in text
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert app.is_running


@pytest.mark.parametrize("key", ["click", "bold", "rtl", "long"])
async def test_forms_open_and_save_for_hostile_titles(hostile, key):
    app = make_app(hostile, OWNER[key])
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        experiment = app.state.experiments[key]
        form = ExperimentForm(experiment)
        app.push_screen(form)
        await wait_until(pilot, lambda: app.screen is form and form.is_mounted)
        await pilot.pause()
        assert form.query_one("#field-title", Input).value == TITLES[key]
        if key != "long":
            assert TITLES[key] in screen_text(app)
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))

        practice = PracticeForm(experiment)
        app.push_screen(practice)
        await wait_until(pilot, lambda: app.screen is practice and practice.is_mounted)
        practice.widget("what").focus()
        await send_keys(pilot, *"[/b]", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert app.state.experiments[key].practice[-1].what == "[/b]"
        assert app.is_running


async def test_hostile_text_typed_into_a_new_experiment_is_saved_as_typed(hostile):
    app = make_app(hostile, "uni")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "n")
        form = app.screen
        form.widget("title").focus()
        await send_keys(pilot, *"[@click=app.quit] [b")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        typed = [e for e in app.state.experiments.values() if e.title == "[@click=app.quit] [b"]
        assert len(typed) == 1
        assert "[@click=app.quit] [b" in column_text(column(app, Stage.GOAL))
        assert app.is_running


async def test_pickers_show_names_literally(hostile, tmp_path):
    app = make_app(hostile, None, remember_file=tmp_path / "id.json")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: app.screen.query("#who"))
        who = app.screen.query_one("#who", OptionList)
        prompts = [str(who.get_option_at_index(i).prompt) for i in range(who.option_count)]
        assert any(p.startswith(BOSS) for p in prompts)
        assert any(p.startswith(UNI) for p in prompts)
        assert BOSS in screen_text(app)
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))

        await send_keys(pilot, "@")
        await wait_until(pilot, lambda: isinstance(app.screen, MemberPicker))
        assert BOSS in screen_text(app)
        assert UNI in screen_text(app)
        members = app.screen.query_one(OptionList)
        await send_keys(pilot, *["down"] * members.get_option_index("member:boss"), "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert f"filter: {BOSS}" in str(
            board_screen(app).query_one("#board-status", Static).content
        )


def palette_hits(app) -> list[str]:
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("click", "Experiment: [@click=app.quit]"),
        ("[/", "Experiment: [/"),
        ("party", "Experiment: 🎉 party"),
        ("مرحبا", "Experiment: مرحبا بالعالم"),
        ("LLLL", "Experiment: LLLL"),
        ("Uni", "Person: 🦄 Uni [0]"),
        ("Boss", "Person: [bold]Boss[/]"),
    ],
)
async def test_the_command_palette_shows_hostile_text_literally(hostile, query, label):
    app = make_app(hostile, "boss")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await send_keys(pilot, *query)
        await wait_until(
            pilot, lambda: any(h.startswith(label) for h in palette_hits(app)), what=label
        )
        assert label in " ".join(screen_text(app).split())  # as drawn (wrapped) on screen
        # Choose that hit: it does what it says, and nothing else (no quit).
        hits = app.screen.query_one(CommandList)
        index = next(i for i, h in enumerate(palette_hits(app)) if h.startswith(label))
        hits.highlighted = index
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert app.is_running
        screen = board_screen(app)
        if label.startswith("Person: "):
            member = next(m for m in app.state.members.values() if label.endswith(m.name))
            assert screen.filter.member == member.id
        else:
            selected = app.state.experiments[screen.selected_id]
            assert label.removeprefix("Experiment: ") in selected.title
            assert screen.selected_id in {e.id for e in column(app, selected.stage).experiments}


ESCAPES = {"title": "Hi\x1b]0;pwned\x1b\\\x1b[2J", "name": "Ann\x1b[31m"}


def test_escape_sequences_are_refused_when_written(tmp_path) -> None:
    with pytest.raises(StoreError, match="control characters"):
        new_board(tmp_path / "a", "Team", "ann", ESCAPES["name"])
    live = LiveBoard.create(tmp_path / "b", "Team", "ann", "Ann")
    before = live.board.person_file("ann").read_bytes()
    with pytest.raises(Refused, match="control characters"):
        live.perform("ann", actions.create_experiment(ESCAPES["title"]))
    assert live.board.person_file("ann").read_bytes() == before


async def test_escape_sequences_written_into_a_file_never_reach_the_terminal(tmp_path) -> None:
    """Whoever can write the folder can put anything in a file: such events are left out
    (and listed by `teamboard check`), so they are never drawn."""
    root = tmp_path / "esc"
    board = new_board(root, "Team", "ann", "Ann")
    write_events(board, "ann", {"type": "experiment_created", "experiment_id": "ok", "title": "Hi"})
    path = board.person_file("ann")
    data = json.loads(path.read_text())
    forged = dict(
        data["events"]["2"],
        id="forged",
        seq=7,
        experiment_id="e2",
        title=ESCAPES["title"],
        at="2030-01-01T00:00:00+00:00",
    )
    renamed = dict(
        data["events"]["1"],
        id="renamed",
        seq=8,
        name=ESCAPES["name"],
        at="2030-01-01T00:00:01+00:00",
    )
    data["events"]["7"], data["events"]["8"] = forged, renamed
    path.write_text(json.dumps(data))
    app = make_app(root, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        goal = column(app, Stage.GOAL)
        assert "Hi" in column_text(goal)
        # What would be written to the terminal for the whole screen:
        output = app.screen._compositor.render_update(full=True).render_segments(app.console)
        for sequence in ("\x1b]0;pwned", "\x1b[2J", "Ann\x1b[31m"):
            assert sequence not in output
        assert "\x1b" not in column_text(goal)
        reasons = {r.event_id: r.reason for r in app.state.rejected}
        assert "control characters" in reasons["forged"]
        assert "control characters" in reasons["renamed"]
