"""Who is at the keyboard: --as, TEAMBOARD_USER, a remembered choice, or the picker."""

from __future__ import annotations

import json

from textual.widgets import Input, OptionList, Static

from teamboard.domain.events import Role
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.identity import NEW, IdentityScreen

from .helpers import (
    BIG,
    SMALL,
    board_screen,
    events_on_disk,
    file_bytes,
    make_app,
    notices,
    on_disk,
    send_keys,
    wait_loaded,
    wait_until,
)


def status(app) -> str:
    return str(board_screen(app).query_one("#board-status", Static).content)


async def pick(pilot, option_id: str) -> None:
    """Choose an option in the identity picker with the keyboard."""
    options = pilot.app.screen.query_one("#who", OptionList)
    assert options.has_focus
    target = options.get_option_index(option_id)
    await send_keys(pilot, "home")
    await send_keys(pilot, *["down"] * target)
    assert options.highlighted == target
    await send_keys(pilot, "enter")


def join_box(app, which: str) -> Input:
    return app.screen.query_one(f"#join-{which}", Input)


def error(app, field: str) -> str:
    box = app.screen.query_one(f"#error-{field}", Static)
    return str(box.content) if box.has_class("shown") else ""


async def test_me_given_shows_my_name(demo, tmp_path):
    app = make_app(demo, "zoe", remember_file=tmp_path / "id.json")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert app.me == "zoe"
        assert isinstance(app.screen, BoardScreen)
        assert "you: Zoë Lambert" in status(app)
    # An explicit choice is not remembered.
    assert not (tmp_path / "id.json").exists()


async def test_teamboard_user_from_the_environment(demo, monkeypatch, tmp_path):
    monkeypatch.setenv("TEAMBOARD_USER", " Omer ")
    app = make_app(demo, None, remember_file=tmp_path / "id.json")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        assert app.me == "omer"
        assert isinstance(app.screen, BoardScreen)
        assert "you: Ömer Yıldız" in status(app)


async def test_the_as_argument_wins_over_the_environment(demo, monkeypatch):
    monkeypatch.setenv("TEAMBOARD_USER", "omer")
    app = make_app(demo, "jonas")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        assert app.me == "jonas"


async def test_the_picker_asks_once_and_the_choice_is_remembered(demo, tmp_path):
    remember = tmp_path / "id.json"
    app = make_app(demo, None, remember_file=remember)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        assert app.me is None
        assert "looking on" in status(app)
        await pick(pilot, "priya")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert app.me == "priya"
        assert "you: Priya Raman" in status(app)
    assert json.loads(remember.read_text()) == {str(demo.resolve()): "priya"}

    again = make_app(demo, None, remember_file=remember)
    async with again.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert again.me == "priya"
        assert isinstance(again.screen, BoardScreen)
        assert not any(isinstance(s, IdentityScreen) for s in again.screen_stack)


async def test_escape_in_the_picker_just_looks(demo, tmp_path):
    remember = tmp_path / "id.json"
    app = make_app(demo, None, remember_file=remember)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert app.me is None
        assert "looking on" in status(app)
        await wait_until(pilot, lambda: notices(app))
        assert any("You are looking on" in n for n in notices(app))
    assert not remember.exists()


async def test_joining_writes_member_joined_to_the_new_persons_file(demo, tmp_path):
    remember = tmp_path / "id.json"
    app = make_app(demo, None, remember_file=remember)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await pick(pilot, NEW)
        assert join_box(app, "name").has_focus
        await send_keys(pilot, *"Ada Lø")
        assert join_box(app, "id").value == "ada-l"  # suggested from the name
        await pilot.click("#join-button")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))

        assert app.me == "ada-l"
        assert "you: Ada Lø" in status(app)
    path = demo / "people" / "ada-l.json"
    assert path.exists()
    (event,) = [e for e in events_on_disk(demo) if e["author"] == "ada-l"]
    assert (event["type"], event["name"]) == ("member_joined", "Ada Lø")
    member = on_disk(demo).members["ada-l"]
    assert member.role is Role.EMPLOYEE
    assert json.loads(remember.read_text()) == {str(demo.resolve()): "ada-l"}


async def test_a_taken_or_bad_id_and_an_empty_name_are_shown_and_nothing_is_written(demo, tmp_path):
    app = make_app(demo, None, remember_file=tmp_path / "id.json")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        before = file_bytes(demo)
        await pick(pilot, NEW)

        await send_keys(pilot, "enter")  # nothing typed yet
        assert error(app, "name") == "must not be empty"
        assert error(app, "id")

        await send_keys(pilot, *"Zed")
        join_box(app, "id").value = ""
        join_box(app, "id").focus()
        await send_keys(pilot, *"zoe", "enter")
        assert error(app, "name") == ""
        assert error(app, "id") == "'zoe' is taken by Zoë Lambert"
        assert isinstance(app.screen, IdentityScreen)

        join_box(app, "id").value = ""
        await send_keys(pilot, *"-x")
        await send_keys(pilot, "enter")
        assert "lowercase letters" in error(app, "id")
        assert file_bytes(demo) == before
        assert app.me is None

        # Back to the list, and choose someone after all.
        await pilot.click("#join-back")
        assert app.screen.query_one("#who").display
        await pick(pilot, "kwame")
        await wait_until(pilot, lambda: app.me == "kwame")
        assert file_bytes(demo) == before


async def test_an_unknown_as_opens_the_join_form_with_that_id(demo, tmp_path):
    app = make_app(demo, "newbie", remember_file=tmp_path / "id.json")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        assert app.screen.query_one("#join").display
        assert join_box(app, "id").value == "newbie"
        await send_keys(pilot, *"Neo")
        assert join_box(app, "id").value == "newbie"  # the given id is kept
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: app.me == "newbie")
    assert on_disk(demo).members["newbie"].name == "Neo"


async def test_a_join_the_store_refuses_is_shown(demo, tmp_path):
    # The new person's file exists but is damaged: the app never writes over it.
    damaged = demo / "people" / "newbie.json"
    damaged.write_text('{"events": {"1": {"type": "member_jo')
    app = make_app(demo, "newbie", remember_file=tmp_path / "id.json")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await send_keys(pilot, *"Neo", "enter")
        assert isinstance(app.screen, IdentityScreen)
        assert app.me is None
        assert damaged.read_text() == '{"events": {"1": {"type": "member_jo'
        box = app.screen.query_one("#error-id", Static)
        # Its file exists (damaged or not): the id is taken, and the reason is shown.
        assert "has a file for it already" in str(box.content)
        assert box.has_class("shown")
