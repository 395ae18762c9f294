"""The people side, driven with the keyboard: praise, support notes and support links, the
recognition feed and its filters, the team screen, and praise arriving from elsewhere.

Real board folders in tmp_path, no watcher, and a fixed clock: the app shows the board at
NOW, and the store stamps what the app writes a few seconds after NOW ("just now")."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Select, Static

from teamboard.store.folder import BoardFolder
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.feed import FeedScreen
from teamboard.tui.screens.forms.base import DiscardScreen, FormScreen
from teamboard.tui.screens.forms.entries import CheckInForm
from teamboard.tui.screens.forms.people import PraiseForm, SupporterForm, SupportNoteForm
from teamboard.tui.screens.people import PeopleScreen
from teamboard.tui.screens.pickers import MemberPicker

from .helpers import (
    NOW,
    board_screen,
    choose,
    file_bytes,
    make_app,
    notices,
    on_disk,
    open_experiment,
    screen_text,
    send_keys,
    settled_notices,
    shown_ids,
    type_into,
    wait_loaded,
    wait_until,
)

SIZE = (100, 32)


def at(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


def build_team(root: Path, names: dict[str, str] | None = None, texts: dict | None = None) -> None:
    """Ann (the founder, a manager), Ben and Cy (employees).

    ben-1 "Listen first" (Goal, supported by Cy), ben-2 "Pair on reviews" (Practice, a
    first practice 5 days ago), cy-1 "Speak up in retros" (Goal), ann-1 "Delegate more".
    The feed, newest first: Ben's note on cy-1 (2 days ago), Ann's praise of Cy's effort
    on cy-1 (3 days ago), Ben's first practice (5 days ago)."""
    names = {"ann": "Ann Archer", "ben": "Ben Baker", "cy": "Cy Chen"} | (names or {})
    texts = {
        "ben-1": "Listen first",
        "ben-2": "Pair on reviews",
        "cy-1": "Speak up in retros",
        "ann-1": "Delegate more",
        "note": "Count me in",
        "praise": "Good retro",
    } | (texts or {})
    board = new_board(root, "Small Team", "ann", names["ann"], at=NOW - timedelta(60))
    write_events(board, "ben", {"type": "member_joined", "name": names["ben"], "at": at(days=59)})
    write_events(board, "cy", {"type": "member_joined", "name": names["cy"], "at": at(days=59)})

    def created(key: str, days: int) -> dict:
        return {
            "type": "experiment_created",
            "experiment_id": key,
            "title": texts[key],
            "at": at(days=days),
        }

    write_events(board, "cy", [created("cy-1", 40)])
    write_events(
        board,
        "ben",
        [
            created("ben-1", 50),
            created("ben-2", 10),
            {"type": "stage_moved", "experiment_id": "ben-2", "to": "practice", "at": at(days=9)},
            {
                "type": "practice_logged",
                "experiment_id": "ben-2",
                "entry_id": "p1",
                "on": "2026-11-22",
                "what": "paired with Cy",
                "at": at(days=5),
            },
            {
                "type": "support_noted",
                "experiment_id": "cy-1",
                "note_id": "n1",
                "text": texts["note"],
                "at": at(days=2),
            },
        ],
    )
    write_events(
        board,
        "cy",
        {"type": "support_added", "experiment_id": "ben-1", "supporter": "cy", "at": at(days=30)},
    )
    write_events(
        board,
        "ann",
        [
            created("ann-1", 20),
            {
                "type": "praise_posted",
                "praise_id": "k1",
                "to": "cy",
                "experiment_id": "cy-1",
                "message": texts["praise"],
                "kind": "effort",
                "at": at(days=3),
            },
        ],
    )


@pytest.fixture
def team(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    build_team(root)
    return root


# --- helpers ----------------------------------------------------------------------------


async def started(pilot) -> None:
    await wait_loaded(pilot)
    await wait_until(pilot, lambda: pilot.app.me is not None, what="an identity")


async def goto(pilot, key: str, cls: type[Screen]) -> Screen:
    await send_keys(pilot, key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, cls), what=cls.__name__)
    await pilot.pause()
    return pilot.app.screen


async def form_opened(pilot, cls: type[FormScreen]) -> FormScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, cls), what=cls.__name__)
    await pilot.pause()
    return pilot.app.screen


async def save(pilot, form: FormScreen) -> None:
    """Save a form that must close."""
    await send_keys(pilot, "ctrl+s")
    await wait_until(pilot, lambda: pilot.app.screen is not form, what="the form to close")
    await pilot.pause()


def choices(form: FormScreen, field: str) -> list[tuple[str, object]]:
    select = form.widget(field)
    assert isinstance(select, Select)
    return [(str(prompt), value) for prompt, value in select._options]


def shown_errors(form: FormScreen) -> dict[str, str]:
    return {
        str(box.id): str(box.content)
        for box in form.query(".field-error")
        if box.has_class("shown")
    }


def raw_events(root: Path, author: str, type_: str | None = None) -> list[dict]:
    """The events in one person's own file, as stored."""
    path = root / "people" / f"{author}.json"
    if not path.exists():
        return []
    docs = json.loads(path.read_text(encoding="utf-8"))["events"].values()
    return [d for d in docs if type_ is None or d["type"] == type_]


def feed_lines(app) -> list[str]:
    """What the feed's OptionList draws, line by line, trailing spaces cut."""
    feed = app.screen.query_one("#feed", OptionList)
    return [feed.render_line(y).text.rstrip() for y in range(feed.size.height)]


def feed_text(app) -> str:
    return "\n".join(feed_lines(app))


def feed_heads(app) -> list[str]:
    """The first line of each item: its mark, who did what, and when."""
    return [line for line in feed_lines(app) if line[:1] and line[:1] in "★♦◆"]


def widget_lines(widget) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def person_details(app) -> str:
    return "\n".join(line.strip() for line in widget_lines(app.screen.query_one("#person")))


async def support_tab_shows(pilot, screen: ExperimentScreen, text: str) -> bool:
    await send_keys(pilot, "5")
    await pilot.pause()
    return text in "\n".join(widget_lines(screen.query_one("#body-support")))


async def ask_a_colleague(pilot, name: str) -> None:
    """The owner's `s`: the form, a colleague chosen by name, saved."""
    await send_keys(pilot, "s")
    form = await form_opened(pilot, SupporterForm)
    await choose(pilot, form, "supporter", name)
    await save(pilot, form)


def footer_text(app) -> str:
    return screen_text(app).splitlines()[-1]


def has_key(app, key: str) -> bool:
    """Whether this key acts here (a key the rules refuse is bound only to say why)."""
    active = app.active_bindings.get(key)
    return active is not None and not active.binding.action.startswith(("why_not", "try_"))


# --- praise ------------------------------------------------------------------------------


async def test_a_manager_praises_from_the_feed_and_it_lands_in_her_own_file(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await goto(pilot, "f", FeedScreen)
        assert has_key(app, "g") and "g Praise" in footer_text(app)
        # The highlighted item is Ben's note on Cy's experiment: the praise is for Cy.
        before = file_bytes(team)
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        assert (form.select("to"), form.select("about")) == ("cy", "cy-1")
        await type_into(pilot, form, "message", "Great")
        await save(pilot, form)

        assert isinstance(app.screen, FeedScreen)
        (praise,) = [p for p in raw_events(team, "ann", "praise_posted") if p["praise_id"] != "k1"]
        assert (praise["author"], praise["to"], praise["experiment_id"], praise["kind"]) == (
            "ann",
            "cy",
            "cy-1",
            "effort",
        )
        assert praise["message"] == "Great"
        after = file_bytes(team)
        assert {name for name in after if after[name] != before.get(name)} == {"ann.json"}

        heads = feed_heads(app)
        assert heads[0] == "★ Ann Archer (manager) praised the effort of Cy Chen  ·  just now"
        assert "Great" in feed_text(app)
        assert len(heads) == 4


async def test_a_manager_praises_the_selected_card_on_the_board(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        board = board_screen(app)
        board.jump_to("ben-2")
        await pilot.pause()
        assert board.selected_id == "ben-2"
        assert has_key(app, "g")
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        assert (form.select("to"), form.select("about")) == ("ben", "ben-2")
        await choose(pilot, form, "kind", "a result")
        await type_into(pilot, form, "message", "Faster")
        await save(pilot, form)

        assert isinstance(app.screen, BoardScreen)
        praise = raw_events(team, "ann", "praise_posted")[-1]
        assert (praise["to"], praise["experiment_id"], praise["kind"], praise["message"]) == (
            "ben",
            "ben-2",
            "result",
            "Faster",
        )
        assert on_disk(team).praise[-1].message == "Faster"
        await goto(pilot, "f", FeedScreen)
        assert feed_heads(app)[0] == (
            "★ Ann Archer (manager) praised the result of Ben Baker  ·  just now"
        )
        lines = [line.strip() for line in feed_lines(app)]
        assert lines[1:3] == ["Pair on reviews", "Faster"]


async def test_praise_on_the_managers_own_card_asks_whom_to_praise(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        board_screen(app).jump_to("ann-1")
        await pilot.pause()
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        assert form.select("to") is None
        assert form.select("about") == ""
        assert [value for _, value in choices(form, "to")][1:] == ["ben", "cy"]  # not herself
        before = file_bytes(team)
        await send_keys(pilot, "ctrl+s")
        assert app.screen is form
        assert shown_errors(form) == {"error-to": "choose whom to praise"}
        assert file_bytes(team) == before


async def test_a_manager_praises_from_the_experiment_screen(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "ben-1")
        assert has_key(app, "g") and "g Praise" in footer_text(app)
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        assert (form.select("to"), form.select("about")) == ("ben", "ben-1")
        await type_into(pilot, form, "message", "Calm")
        await save(pilot, form)

        assert app.screen is screen
        praise = raw_events(team, "ann", "praise_posted")[-1]
        assert (praise["to"], praise["experiment_id"]) == ("ben", "ben-1")
        # The experiment's praise tab counts and shows it.
        tabs = screen.query_one("#experiment-tabs")
        assert str(tabs.get_tab("tab-praise").label) == "Praise (1)"
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await goto(pilot, "f", FeedScreen)
        assert "Calm" in feed_text(app)


async def test_a_manager_cannot_praise_her_own_experiment_from_its_screen(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "ann-1")
        assert not has_key(app, "g")
        assert screen.check_action("praise", ()) is False
        await send_keys(pilot, "g")
        await pilot.pause()
        assert app.screen is screen


async def test_the_experiment_choices_follow_the_chosen_person(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await goto(pilot, "f", FeedScreen)
        await send_keys(pilot, "down", "down")  # Ben's first practice: about Ben, on ben-2
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        assert (form.select("to"), form.select("about")) == ("ben", "ben-2")
        # Ben's experiments, by stage: Listen first (Goal), Pair on reviews (Practice).
        assert choices(form, "about") == [
            ("(not about one experiment)", ""),
            ("Listen first  Goal", "ben-1"),
            ("Pair on reviews  Practice", "ben-2"),
        ]
        await choose(pilot, form, "to", "Cy Chen")
        assert choices(form, "about") == [
            ("(not about one experiment)", ""),
            ("Speak up in retros  Goal", "cy-1"),
        ]
        assert form.select("about") == ""  # ben-2 is not Cy's
        await choose(pilot, form, "about", "Speak up")
        assert form.select("about") == "cy-1"
        await choose(pilot, form, "to", "Ben Baker")
        assert [value for _, value in choices(form, "about")] == ["", "ben-1", "ben-2"]
        assert form.select("about") == ""
        await type_into(pilot, form, "message", "Thanks")
        await save(pilot, form)
        praise = raw_events(team, "ann", "praise_posted")[-1]
        assert praise["to"] == "ben"
        assert "experiment_id" not in praise  # in general, not about one experiment


@pytest.mark.parametrize("message", ["", "   "])
async def test_an_empty_praise_shows_its_error_by_the_field_and_writes_nothing(team, message):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await goto(pilot, "f", FeedScreen)
        before = file_bytes(team)
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        if message:
            await type_into(pilot, form, "message", message)
        await send_keys(pilot, "ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert shown_errors(form) == {"error-message": "must not be empty"}
        box, field = form.query_one("#error-message", Static), form.widget("message")
        assert box.region.y == field.region.bottom  # just below the text box
        assert field.has_focus
        assert file_bytes(team) == before

        # Escape asks before throwing away what was typed (spaces), or closes the form.
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is not form, what="the form to ask or close")
        await send_keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedScreen))
        assert file_bytes(team) == before
        assert len(feed_heads(app)) == 3


async def test_escape_cancels_praise_and_writes_nothing(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        before = file_bytes(team)
        await goto(pilot, "t", PeopleScreen)
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        assert form.select("to") is None  # Ann herself is highlighted: not her own praise
        await choose(pilot, form, "to", "Ben")
        await type_into(pilot, form, "message", "Nope")
        await send_keys(pilot, "escape")  # something typed: it asks before throwing it away
        await wait_until(pilot, lambda: isinstance(app.screen, DiscardScreen))
        await send_keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        assert file_bytes(team) == before
        assert len(app.state.praise) == 1


async def test_praise_from_the_team_screen_is_for_the_highlighted_person(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "t", PeopleScreen)
        await send_keys(pilot, "down")  # Ben
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        assert (form.select("to"), form.select("about")) == ("ben", "")
        await type_into(pilot, form, "message", "Steady")
        await save(pilot, form)
        assert app.screen is screen
        table = screen.query_one("#people", DataTable)
        assert table.get_row("ben")[4] == "1"  # praise in the last 30 days


@pytest.mark.parametrize("section", ["board", "feed", "team", "experiment"])
async def test_an_employee_has_no_praise_key(team, section):
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        before = file_bytes(team)
        if section == "feed":
            await goto(pilot, "f", FeedScreen)
        elif section == "team":
            await goto(pilot, "t", PeopleScreen)
        elif section == "experiment":
            await open_experiment(pilot, "cy-1")
        screen = app.screen
        assert screen.check_action("praise", ()) is False
        assert not has_key(app, "g")
        assert "Praise" not in footer_text(app)
        await send_keys(pilot, "g")
        await pilot.pause()
        assert app.screen is screen
        assert not isinstance(app.screen, PraiseForm)
        assert file_bytes(team) == before


# --- support notes and support links ------------------------------------------------------


async def test_an_employee_adds_a_support_note_from_the_experiment_screen(team):
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "ben-2")
        assert has_key(app, "n")
        await send_keys(pilot, "n")
        form = await form_opened(pilot, SupportNoteForm)
        await type_into(pilot, form, "text", "Friday")
        await save(pilot, form)

        assert app.screen is screen
        (note,) = raw_events(team, "cy", "support_noted")
        assert (note["author"], note["experiment_id"], note["text"]) == (
            "cy",
            "ben-2",
            "Friday",
        )
        assert [n.text for n in on_disk(team).experiments["ben-2"].support_notes] == ["Friday"]
        assert await support_tab_shows(pilot, screen, "Cy Chen: Friday")

        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await goto(pilot, "f", FeedScreen)
        assert feed_heads(app)[0] == "♦ Cy Chen wrote a support note for Ben Baker  ·  just now"


async def test_an_empty_support_note_is_refused_by_its_field(team):
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_experiment(pilot, "ben-2")
        before = file_bytes(team)
        await send_keys(pilot, "n")
        form = await form_opened(pilot, SupportNoteForm)
        await send_keys(pilot, "ctrl+s")
        await pilot.pause()
        assert shown_errors(form) == {"error-text": "must not be empty"}
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        assert file_bytes(team) == before


async def test_the_owner_may_leave_a_support_note_too(team):
    """A thank-you or a reply: the board's rule allows the owner a note, and so do the app
    and the CLI (one rule, board.check_note)."""
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_experiment(pilot, "ben-2")
        assert has_key(app, "n")
        await send_keys(pilot, "n")
        form = await form_opened(pilot, SupportNoteForm)
        await type_into(pilot, form, "text", "Thanks, Cy!")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, SupportNoteForm))
        (note,) = on_disk(team).experiments["ben-2"].support_notes
        assert (note.author, note.text) == ("ben", "Thanks, Cy!")


async def test_s_supports_and_s_again_stops(team):
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "cy-1")
        await send_keys(pilot, "s")
        await pilot.pause()
        assert app.screen is screen  # no form: Ben supports it himself
        link = on_disk(team).experiments["cy-1"].supporters["ben"]
        assert link.added_by == "ben"
        assert str(screen.query_one("#experiment-tabs").get_tab("tab-support").label) == (
            "Support (1)"
        )

        await send_keys(pilot, "s")
        await pilot.pause()
        assert on_disk(team).experiments["cy-1"].supporters == {}
        types = [e["type"] for e in raw_events(team, "ben")]
        assert types[-2:] == ["support_added", "support_removed"]
        assert all(e["supporter"] == "ben" for e in raw_events(team, "ben")[-2:])


async def test_the_supporter_form_offers_colleagues_and_builds_the_owners_request(team):
    """What the owner's form offers and asks for."""
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_experiment(pilot, "cy-1")
        assert has_key(app, "s")
        assert not has_key(app, "x")  # nobody supports cy-1 yet
        await send_keys(pilot, "s")
        form = await form_opened(pilot, SupporterForm)
        assert form.title_text == "Ask a colleague for support"
        # Everyone but the owner herself, by name.
        assert choices(form, "supporter")[1:] == [("Ann Archer", "ann"), ("Ben Baker", "ben")]
        await choose(pilot, form, "supporter", "Ben Baker")
        assert form.payload() == {
            "type": "support_requested",
            "experiment_id": "cy-1",
            "supporter": "ben",
        }


async def test_the_remove_form_offers_only_the_current_supporters(team):
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_experiment(pilot, "ben-1")  # supported by Cy
        assert has_key(app, "x")
        await send_keys(pilot, "x")
        form = await form_opened(pilot, SupporterForm)
        assert form.title_text == "Take a supporter off"
        assert choices(form, "supporter")[1:] == [("Cy Chen", "cy")]
        await choose(pilot, form, "supporter", "Cy Chen")
        assert form.payload() == {
            "type": "support_removed",
            "experiment_id": "ben-1",
            "supporter": "cy",
        }


async def test_the_owner_asks_a_named_colleague_with_s(team):
    """The owner's ask is a request: Ben is asked, and no supporter until he says yes."""
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "cy-1")
        before = file_bytes(team)
        await ask_a_colleague(pilot, "Ben Baker")

        assert app.screen is screen
        (asked,) = raw_events(team, "cy", "support_requested")[-1:]
        assert (asked["author"], asked["supporter"], asked["experiment_id"]) == (
            "cy",
            "ben",
            "cy-1",
        )
        after = file_bytes(team)
        assert {name for name in after if after[name] != before.get(name)} == {"cy.json"}
        assert on_disk(team).experiments["cy-1"].supporters == {}
        assert str(screen.query_one("#experiment-tabs").get_tab("tab-support").label) == (
            "Support (0)"
        )
        assert await support_tab_shows(pilot, screen, "Ben Baker  asked ")
        assert await support_tab_shows(pilot, screen, "waiting for the answer")
        # Asked once: the form no longer offers him.
        await send_keys(pilot, "s")
        form = await form_opened(pilot, SupporterForm)
        assert choices(form, "supporter")[1:] == [("Ann Archer", "ann")]
    assert app.return_code in (None, 0)


async def test_the_owner_removes_a_supporter_with_x(team):
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "ben-1")
        await send_keys(pilot, "x")
        form = await form_opened(pilot, SupporterForm)
        await choose(pilot, form, "supporter", "Cy Chen")
        await save(pilot, form)

        assert app.screen is screen
        removed = raw_events(team, "ben", "support_removed")
        assert [(e["supporter"], e["experiment_id"]) for e in removed] == [("cy", "ben-1")]
        assert on_disk(team).experiments["ben-1"].supporters == {}
        # Nobody left to remove: the key is gone.
        assert not has_key(app, "x")
    assert app.return_code in (None, 0)


async def test_escape_closes_the_supporter_form_and_writes_nothing(team):
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "cy-1")
        before = file_bytes(team)
        await send_keys(pilot, "s")
        await form_opened(pilot, SupporterForm)
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the form to close")
        await pilot.pause()
        assert file_bytes(team) == before
    assert app.return_code in (None, 0)


async def test_only_the_owner_has_the_remove_supporter_key(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "ben-1")  # supported by Cy, owned by Ben
        assert screen.check_action("remove_supporter", ()) is False
        assert not has_key(app, "x")
        await send_keys(pilot, "x")
        await pilot.pause()
        assert app.screen is screen


async def test_the_owner_cannot_support_their_own_experiment(team):
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "cy-1")
        before = file_bytes(team)
        # Asked for directly, the rules refuse it with a notice.
        assert (
            app.perform({"type": "support_added", "experiment_id": "cy-1", "supporter": "cy"})
            is None
        )
        await pilot.pause()
        assert "the owner cannot be their own supporter" in notices(app)
        assert app.screen is screen
        # s never supports her own: it opens the form, which never offers her...
        await send_keys(pilot, "s")
        form = await form_opened(pilot, SupporterForm)
        assert "cy" not in [value for _, value in choices(form, "supporter")]
        # ...and saving without a choice asks for one.
        await send_keys(pilot, "ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert shown_errors(form) == {"error-supporter": "choose someone"}
        assert file_bytes(team) == before
        assert on_disk(team).experiments["cy-1"].supporters == {}


# --- the feed: filters and opening ------------------------------------------------------


async def test_the_feed_shows_items_newest_first(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await goto(pilot, "f", FeedScreen)
        assert [line.strip() for line in feed_lines(app)[:11]] == [
            "♦ Ben Baker wrote a support note for Cy Chen  ·  2 days ago",
            "Speak up in retros",
            "Count me in",
            "",
            "★ Ann Archer (manager) praised the effort of Cy Chen  ·  3 days ago",
            "Speak up in retros",
            "Good retro",
            "",
            "◆ Ben Baker logged a first practice  ·  5 days ago",
            "Pair on reviews",
            "",
        ]


async def test_the_feed_filters_by_kind_person_and_about_me(team):
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "f", FeedScreen)
        feed = screen.query_one("#feed", OptionList)
        all_three = feed_heads(app)
        assert len(all_three) == feed.option_count == 3

        def status() -> str:
            return widget_lines(screen.query_one("#feed-status"))[0]

        await send_keys(pilot, "#")  # praise
        assert [h.split("  ·  ")[0] for h in feed_heads(app)] == [
            "★ Ann Archer (manager) praised the effort of Cy Chen"
        ]
        assert "praise · esc clears" in status()
        await send_keys(pilot, "#")  # support notes
        assert [h[0] for h in feed_heads(app)] == ["♦"]
        await send_keys(pilot, "#")  # milestones
        assert [h.split("  ·  ")[0] for h in feed_heads(app)] == [
            "◆ Ben Baker logged a first practice"
        ]
        await send_keys(pilot, "#")  # calls for help: none yet
        assert feed_heads(app) == []
        assert "help asked · esc clears" in status()
        await send_keys(pilot, "#")  # corrections: none yet
        assert feed_heads(app) == []
        await send_keys(pilot, "#")  # everything again
        assert feed_heads(app) == all_three

        # A person: what Ann wrote or what is about her: the praise she wrote.
        await send_keys(pilot, "@")
        picker = await form_opened(pilot, MemberPicker)  # type: ignore[arg-type]
        members = picker.query_one("#members", OptionList)
        members.highlighted = members.get_option_index("member:ann")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert feed.option_count == 1
        assert feed_heads(app)[0].startswith("★ Ann Archer")
        assert "Ann Archer · esc clears" in status()
        await send_keys(pilot, "escape")
        assert feed_heads(app) == all_three

        # About me (Cy): the note on her experiment and her praise, not Ben's milestone.
        await send_keys(pilot, "m")
        assert [h[0] for h in feed_heads(app)] == ["♦", "★"]
        assert "about me" in status()
        # Combined with a kind.
        await send_keys(pilot, "#", "#", "#")  # milestones about me: none
        assert feed.option_count == 0
        assert "nothing matches" in status()
        await send_keys(pilot, "escape")
        assert feed_heads(app) == all_three
        assert "esc clears" not in status()


async def test_the_person_picker_can_go_back_to_everyone(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "f", FeedScreen)
        screen.member = "cy"
        screen.show()
        await pilot.pause()
        assert len(feed_heads(app)) == 2
        await send_keys(pilot, "@")
        picker = await form_opened(pilot, MemberPicker)  # type: ignore[arg-type]
        members = picker.query_one("#members", OptionList)
        assert members.highlighted == members.get_option_index("member:cy")
        members.highlighted = 0  # Everyone
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert screen.member is None
        assert len(feed_heads(app)) == 3


async def test_enter_on_a_feed_item_opens_its_experiment(team):
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        feed = await goto(pilot, "f", FeedScreen)
        await send_keys(pilot, "down", "down")  # the milestone on ben-2
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        await pilot.pause()
        assert app.screen.experiment_id == "ben-2"
        opened = [s for s in app.screen_stack if isinstance(s, ExperimentScreen)]
        assert len(opened) == 1  # one screen, however many handlers saw the key
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is feed)
        await send_keys(pilot, "up", "enter")  # Ann's praise, on cy-1
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        assert app.screen.experiment_id == "cy-1"


# --- the team screen ----------------------------------------------------------------------


async def test_the_team_screen_shows_each_member_with_flags_and_details(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "t", PeopleScreen)
        table = screen.query_one("#people", DataTable)
        rows = {
            key: [cell.plain if hasattr(cell, "plain") else cell for cell in table.get_row(key)]
            for key in ("ann", "ben", "cy")
        }
        assert rows == {
            "ann": ["Ann Archer", "manager", "1/0/0/0", "0/0", "0", "alone, gives none, no praise"],
            "ben": ["Ben Baker", "employee", "1/1/0/0", "0/1", "0", "alone, gives none, no praise"],
            "cy": ["Cy Chen", "employee", "1/0/0/0", "1/0", "1", "alone"],
        }
        assert [str(k.value) for k in table.rows] == ["ann", "ben", "cy"]
        status = widget_lines(screen.query_one("#people-status"))[0]
        assert "3 people  ·  3 experiments without a supporter" in status

        assert person_details(app).startswith("Ann Archer  manager")
        await send_keys(pilot, "down")
        details = person_details(app).splitlines()
        assert details[:5] == [
            "Ben Baker  employee",
            "! has experiments without a supporter",
            "! supports nobody",
            "! no praise in 30 days",
            "Goal       Listen first",
        ]
        assert "Practice   Pair on reviews  (no supporter)" in details
        assert "Supports: nobody yet" in details
        assert "Supported by: Cy Chen" in details
        assert "Praise in the last 30 days: 0" in details

        await send_keys(pilot, "down")
        details = person_details(app).splitlines()
        assert details[:2] == ["Cy Chen  employee", "! has experiments without a supporter"]
        assert "Supports: Ben Baker: Listen first" in details
        assert "Praise in the last 30 days: 1" in details


async def test_the_check_ins_due_box_is_for_managers_only(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "t", PeopleScreen)
        box = screen.query_one("#due-box")
        assert box.display is True
        title = " ".join(widget_lines(screen.query_one("#due-title")))
        assert title.startswith("Check-ins to hold  2 check-ins overdue, 1 check-in due")
        due = [" ".join(line.split()) for line in widget_lines(screen.query_one("#due"))]
        text = " ".join(line for line in due if line)
        # Overdue first, then by date: ben-1 (made 50 days ago) and cy-1 (40), then ann-1 (20).
        assert text.index("Ben Baker: Listen first") < text.index("Cy Chen: Speak up")
        assert text.index("Cy Chen: Speak up") < text.index("Ann Archer: Delegate more")
        # The board's words for them, as on the cards, in the stand-up and in `list`.
        assert text.count("check-in overdue soon-after due") == 2
        assert "check-in due soon-after due 2026-11-21 Ann Archer" in text
        assert "OVERDUE" not in text

        # Each one opens its experiment, to record the check-in there.
        await send_keys(pilot, "d")
        assert app.focused is screen.query_one("#due")
        await send_keys(pilot, "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        assert app.screen.experiment_id == "cy-1"

    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "t", PeopleScreen)
        assert screen.query_one("#due-box").display is False
        assert "Check-ins to hold" not in screen_text(app)


async def test_enter_on_a_member_shows_their_experiments_on_the_board(team):
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await goto(pilot, "t", PeopleScreen)
        await send_keys(pilot, "down")  # Ben
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.pause()
        assert app.current_mode == "board"
        assert len(app.screen_stack) == 1  # the board, home: nothing opened over it
        board = board_screen(app)
        assert board.filter.member == "ben"
        assert shown_ids(app) == {"ben-1", "ben-2"}
        status = "\n".join(widget_lines(board.query_one("#board-status")))
        assert "filter: Ben Baker (2 of 4)" in status


async def test_b_f_t_switch_sections(team):
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        # Each section is a mode of the app, with its own stack; the board is home.
        home = app.screen
        assert (app.current_mode, app.screen_stack) == ("board", [home])
        feed = await goto(pilot, "f", FeedScreen)
        assert (app.current_mode, app.screen_stack) == ("feed", [feed])
        team = await goto(pilot, "t", PeopleScreen)
        assert (app.current_mode, app.screen_stack) == ("team", [team])
        # A section is kept while another is shown: the same screen comes back.
        assert await goto(pilot, "f", FeedScreen) is feed
        assert await goto(pilot, "b", BoardScreen) is home
        assert app.screen_stack == [home]
        await goto(pilot, "t", PeopleScreen)
        await goto(pilot, "b", BoardScreen)
        assert (app.current_mode, app.screen_stack) == ("board", [home])
        # From an experiment opened in the feed, the feed's section key still works after
        # going back.
        await goto(pilot, "f", FeedScreen)
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        assert [type(s) for s in app.screen_stack] == [FeedScreen, ExperimentScreen]
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedScreen))
        await send_keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedScreen))
        await goto(pilot, "t", PeopleScreen)
        assert app.screen_stack == [team]


async def test_a_held_check_in_leaves_the_managers_due_box(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)

        async def due_text() -> str:
            screen = await goto(pilot, "t", PeopleScreen)
            lines = widget_lines(screen.query_one("#due"))
            await goto(pilot, "b", BoardScreen)
            return " ".join(" ".join(lines).split())

        assert (
            "check-in overdue soon-after due 2026-10-22 Ben Baker: Listen first" in await due_text()
        )
        screen = await open_experiment(pilot, "ben-1")
        assert has_key(app, "d")  # a manager checks in on someone else's experiment
        await send_keys(pilot, "d")
        form = await form_opened(pilot, CheckInForm)
        assert form.select("kind") == "soon-after"
        await type_into(pilot, form, "notes", "Good")
        await save(pilot, form)
        assert app.screen is screen
        (held,) = on_disk(team).experiments["ben-1"].check_ins
        assert (held.author, held.kind.value) == ("ann", "soon-after")
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        text = await due_text()
        assert "Listen first" not in text
        assert "Cy Chen: Speak up in retros" in text


async def test_a_colleague_has_no_check_in_key_on_someone_elses_experiment(team):
    app = make_app(team, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_experiment(pilot, "ben-1")
        assert not has_key(app, "d")
        await send_keys(pilot, "d")
        await pilot.pause()
        assert app.screen is screen
        await send_keys(pilot, "escape")
        await open_experiment(pilot, "cy-1")
        assert has_key(app, "d")  # her own


async def test_the_feed_status_counts_one_item_in_the_singular(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "f", FeedScreen)
        await send_keys(pilot, "#")  # praise: one item
        assert len(feed_heads(app)) == 1
        status = widget_lines(screen.query_one("#feed-status"))[0]
        assert "  ·  1 item" in status and "1 items" not in status


async def test_the_team_status_counts_one_person_in_the_singular(tmp_path):
    root = tmp_path / "solo"
    new_board(root, "Solo", "ann", "Ann Archer", at=NOW - timedelta(days=1))
    app = make_app(root, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "t", PeopleScreen)
        status = widget_lines(screen.query_one("#people-status"))[0]
        assert "Team  ·  1 person  ·  0 experiments without a supporter" in status


# --- changes from elsewhere -------------------------------------------------------------


async def test_praise_for_me_from_another_process_shows_a_notice_and_reaches_the_feed(team):
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await goto(pilot, "f", FeedScreen)
        board = BoardFolder.open(team)
        write_events(
            board,
            "ann",
            {
                "type": "praise_posted",
                "praise_id": "k2",
                "to": "ben",
                "experiment_id": "ben-1",
                "message": "You listened",
                "kind": "result",
            },
        )
        app.take_changes([board.person_file("ann")])
        await pilot.pause()
        assert "Ann Archer praised your result for “Listen first”: You listened" in notices(app)
        assert feed_heads(app)[0] == (
            "★ Ann Archer (manager) praised the result of Ben Baker  ·  just now"
        )

        # Praise for someone else is in the feed, without a notice for me.
        write_events(
            board,
            "ann",
            {"type": "praise_posted", "praise_id": "k3", "to": "cy", "message": "Kind words"},
        )
        app.take_changes([board.person_file("ann")])
        assert not any("Kind words" in notice for notice in await settled_notices(pilot))
        assert "Kind words" in feed_text(app)


async def test_the_team_screen_follows_changes_from_elsewhere(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "t", PeopleScreen)
        board = BoardFolder.open(team)
        write_events(
            board, "ann", {"type": "support_added", "experiment_id": "ben-2", "supporter": "ann"}
        )
        app.take_changes([board.person_file("ann")])
        await pilot.pause()
        table = screen.query_one("#people", DataTable)
        assert table.get_row("ann")[3] == "1/0"
        assert table.get_row("ann")[5].plain == "alone, no praise"
        assert table.get_row("ben")[5].plain == "gives none, no praise"


async def test_the_feed_keeps_the_highlight_on_the_same_item_when_a_new_one_arrives(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "f", FeedScreen)
        await send_keys(pilot, "down")
        assert screen.selected is not None and screen.selected.text == "Good retro"
        board = BoardFolder.open(team)
        write_events(
            board,
            "cy",
            {"type": "support_noted", "experiment_id": "ben-1", "note_id": "n2", "text": "New"},
        )
        app.take_changes([board.person_file("cy")])
        await pilot.pause()
        assert feed_heads(app)[0].startswith("♦ Cy Chen wrote a support note")
        assert screen.selected.text == "Good retro"


async def test_the_team_screen_keeps_the_cursor_on_the_same_person_when_someone_joins(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await goto(pilot, "t", PeopleScreen)
        await send_keys(pilot, "down", "down")
        assert person_details(app).startswith("Cy Chen")
        board = BoardFolder.open(team)
        write_events(board, "abe", {"type": "member_joined", "name": "Abe Able"})
        app.take_changes([board.person_file("abe")])
        await pilot.pause()
        assert person_details(app).startswith("Cy Chen")


# --- hostile text -----------------------------------------------------------------------

HOSTILE = {
    "slash": "[/",
    "bold": "[bold]x",
    "click": "[@click=app.quit]",
    "emoji": "🎉 bravo ✓",
    "rtl": "مرحبا بالعالم",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The team board with markup-like names, titles, a praise message and a note."""
    root = tmp_path / "hostile"
    build_team(
        root,
        names={"ann": "[bold]Boss[/]", "ben": "[@click=app.quit]Ben", "cy": "שלום Cy"},
        texts={
            "ben-1": "[/",
            "ben-2": "[bold]x",
            "cy-1": "🎉 bravo ✓",
            "ann-1": "[0]",
            "note": "[@click=app.quit] مرحبا بالعالم",
            "praise": "[bold]x[/] and [/ 🎉",
        },
    )
    return root


async def test_hostile_praise_and_notes_show_literally_in_the_feed(hostile):
    app = make_app(hostile, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await goto(pilot, "f", FeedScreen)
        lines = [line.strip() for line in feed_lines(app)]
        assert lines[:8] == [
            "♦ [@click=app.quit]Ben wrote a support note for שלום Cy  ·  2 days ago",
            "🎉 bravo ✓",
            "[@click=app.quit] مرحبا بالعالم",
            "",
            "★ [bold]Boss[/] (manager) praised the effort of שלום Cy  ·  3 days ago",
            "🎉 bravo ✓",
            "[bold]x[/] and [/ 🎉",
            "",
        ]
        assert "◆ [@click=app.quit]Ben logged a first practice  ·  5 days ago" in lines
        assert "[bold]x" in lines  # the milestone's experiment title

        # Hostile strings written through the praise form, one a line, come back as typed.
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        form.widget("message").text = "\n".join(HOSTILE.values())  # type: ignore[attr-defined]
        await save(pilot, form)
        assert on_disk(hostile).praise[-1].message == "\n".join(HOSTILE.values())
        lines = [line.strip() for line in feed_lines(app)]
        assert lines[:8] == [
            "★ [bold]Boss[/] (manager) praised the effort of שלום Cy  ·  just now",
            "🎉 bravo ✓",
            *HOSTILE.values(),
            "",
        ]
        assert app.is_running


async def test_hostile_support_note_typed_in_the_form_shows_literally(hostile):
    app = make_app(hostile, "cy")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_experiment(pilot, "ben-2")
        await send_keys(pilot, "n")
        form = await form_opened(pilot, SupportNoteForm)
        form.widget("text").text = "\n".join(HOSTILE.values())  # type: ignore[attr-defined]
        await save(pilot, form)
        (note,) = on_disk(hostile).experiments["ben-2"].support_notes
        assert note.text.splitlines() == list(HOSTILE.values())
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await goto(pilot, "f", FeedScreen)
        await send_keys(pilot, "#", "#")  # support notes only
        lines = [line.strip() for line in feed_lines(app)]
        for text in HOSTILE.values():
            assert text in lines, (text, lines)
        assert "♦ שלום Cy wrote a support note for [@click=app.quit]Ben  ·  just now" in lines
        assert app.is_running


async def test_hostile_names_and_titles_show_literally_in_the_team_screen(hostile):
    app = make_app(hostile, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await goto(pilot, "t", PeopleScreen)
        table = screen.query_one("#people", DataTable)
        assert [table.get_row(k)[0].plain for k in ("ben", "ann", "cy")] == [
            "[@click=app.quit]Ben",
            "[bold]Boss[/]",
            "שלום Cy",
        ]
        texts = {}
        for _ in range(3):
            details = person_details(app)
            texts[details.splitlines()[0]] = details
            await send_keys(pilot, "down")
        ben = texts["[@click=app.quit]Ben  employee"]
        assert "Goal       [/" in ben
        assert "Practice   [bold]x  (no supporter)" in ben
        assert "Supported by: שלום Cy" in ben
        cy = texts["שלום Cy  employee"]
        assert "Goal       🎉 bravo ✓  (no supporter)" in cy
        assert "Supports: [@click=app.quit]Ben: [/" in cy
        boss = texts["[bold]Boss[/]  manager"]
        assert "Goal       [0]  (no supporter)" in boss
        due = "\n".join(widget_lines(screen.query_one("#due")))
        assert "[@click=app.quit]Ben: [/" in due
        assert app.is_running


async def test_a_hostile_praise_notice_shows_literally(hostile):
    app = make_app(hostile, "ben")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        board = BoardFolder.open(hostile)
        write_events(
            board,
            "ann",
            {
                "type": "praise_posted",
                "praise_id": "k9",
                "to": "ben",
                "experiment_id": "ben-2",
                "message": "[@click=app.quit] [bold]x 🎉",
            },
        )
        app.take_changes([board.person_file("ann")])
        await pilot.pause()
        assert "[bold]Boss[/] praised your effort for “[bold]x”: [@click=app.quit] [bold]x 🎉" in (
            notices(app)
        )
        assert app.is_running


async def test_praise_from_a_card_starts_at_the_words_so_typing_goes_there(team):
    """Opened from a card, who and which experiment are known: the form starts at the first
    field still to fill, so a manager types her words at once and saves."""
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        board_screen(app).jump_to("ben-2")
        await send_keys(pilot, "g")
        form = await form_opened(pilot, PraiseForm)
        await send_keys(pilot, *"Well done", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is not form, what="the form to close")
        praise = raw_events(team, "ann", "praise_posted")[-1]
        assert (praise["to"], praise["experiment_id"], praise["message"]) == (
            "ben",
            "ben-2",
            "Well done",
        )


async def test_praise_from_the_people_screen_without_a_person_starts_at_who(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.push_screen(PraiseForm())
        form = await form_opened(pilot, PraiseForm)
        assert form.focused is form.query_one("#field-to")


@pytest.mark.parametrize("width", [80, 60, 40])
async def test_the_team_header_fits_its_width(team, width):
    """At 80 columns the header ran past the edge ("? explains the" and no more)."""
    app = make_app(team, "ann")
    async with app.run_test(size=(width, 24)) as pilot:
        await started(pilot)
        screen = await goto(pilot, "t", PeopleScreen)
        status = widget_lines(screen.query_one("#people-status"))[0].rstrip()
        assert status.startswith("Team  ·  3 people  ·  ")
        assert len(status) <= width - 1 and not status.endswith(("the", "·"))
        assert "3 experiments without a supporter" in status or width < 60
