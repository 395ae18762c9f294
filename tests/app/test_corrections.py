"""Corrections in the app: withdraw and restore (w), take back an entry (u), revise a
reflection (v, the form opens filled in), clear a plan field by emptying it (e)."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input

from teamboard.domain import actions
from teamboard.domain.events import EntryKind
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.forms.base import FormScreen
from teamboard.tui.screens.forms.corrections import TakeBackForm, WithdrawForm
from teamboard.tui.screens.forms.entries import ReflectionForm
from teamboard.tui.screens.forms.experiment import ExperimentForm
from teamboard.views.feed import FeedKind, feed_items

from .helpers import (
    BIG,
    NOW,
    board_screen,
    choose,
    make_app,
    on_disk,
    open_experiment,
    screen_text,
    send_keys,
    shown_ids,
    small_board,
    type_into,
    wait_loaded,
    wait_until,
)


async def opened(pilot, cls: type) -> object:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, cls), what=cls.__name__)
    await pilot.pause()
    return pilot.app.screen


async def test_withdraw_and_restore_from_the_experiment_screen(tmp_path) -> None:
    root = tmp_path / "board"
    small_board(root)
    app = make_app(root, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = await open_experiment(pilot, "ann-1")
        await send_keys(pilot, "w")
        form = await opened(pilot, WithdrawForm)
        await type_into(pilot, form, "reason", "a test entry")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        assert "Withdrawn on" in screen_text(app) and "a test entry" in screen_text(app)
        withdrawn = on_disk(root).experiments["ann-1"].withdrawn
        assert withdrawn is not None and withdrawn.reason == "a test entry"

        # Off the board; `w` on the board shows the withdrawn ones.
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert "ann-1" not in shown_ids(app)
        await send_keys(pilot, "w")
        assert shown_ids(app) == {"ann-1"}
        assert "filter: withdrawn" in screen_text(app)

        # Restore it: `w` again on its screen.
        await send_keys(pilot, "enter")
        screen = await opened(pilot, ExperimentScreen)
        await send_keys(pilot, "w")
        await opened(pilot, WithdrawForm)
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        assert on_disk(root).experiments["ann-1"].withdrawn is None
        words = [i.text for i in feed_items(app.state) if i.kind is FeedKind.CORRECTION]
        assert words == ["restored", "withdrew"]


async def test_take_back_a_practice_entry(tmp_path) -> None:
    root = tmp_path / "board"
    small_board(root)
    app = make_app(root, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        app.try_perform(actions.log_practice("ann-1", "Listened twice", NOW.date()))
        screen = await open_experiment(pilot, "ann-1")
        await send_keys(pilot, "u")
        form = await opened(pilot, TakeBackForm)
        await choose(pilot, form, "entry", "practice: ")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        (entry,) = on_disk(root).experiments["ann-1"].practice
        assert entry.taken_back is not None
        await send_keys(pilot, "2")
        await pilot.pause()
        assert "(taken back" in screen_text(app)
        # Nothing left to take back: the key is gone.
        assert not screen.check_action("take_back", ())


async def test_only_my_own_entries_are_offered_to_take_back(tmp_path) -> None:
    root = tmp_path / "board"
    small_board(root)
    app = make_app(root, "ben")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        app.try_perform(actions.note("ann-1", "Count me in"))
        screen = await open_experiment(pilot, "ann-1")
        assert screen.check_action("take_back", ())
        await send_keys(pilot, "u")
        form = await opened(pilot, TakeBackForm)
        assert [kind for kind in form.entries.values()] == [EntryKind.NOTE]


async def test_revise_a_reflection_in_a_form_that_opens_filled_in(tmp_path) -> None:
    root = tmp_path / "board"
    small_board(root)
    app = make_app(root, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        app.try_perform(actions.reflect("ann-1", wanted="listen", did="waited"))
        (old,) = app.state.experiments["ann-1"].reflections
        await open_experiment(pilot, "ann-1")
        await send_keys(pilot, "R")
        form = await opened(pilot, ReflectionForm)
        assert isinstance(form, FormScreen)
        assert form.text("wanted") == "listen" and form.text("did") == "waited"
        await type_into(pilot, form, "effect", "calmer")
        await type_into(pilot, form, "next_time", "ask first")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReflectionForm))
        (revised,) = on_disk(root).experiments["ann-1"].reflections
        assert revised.id == old.id and revised.complete
        assert (revised.wanted, revised.effect) == ("listen", "calmer")


async def test_emptying_the_target_date_and_the_opportunity_clears_them(tmp_path) -> None:
    root = tmp_path / "board"
    small_board(root)
    app = make_app(root, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        app.try_perform(
            actions.edit_experiment(
                "ann-1",
                target_date=(NOW + timedelta(days=20)).date(),
                applied=actions.opportunity("project", "Q1 launch"),
            )
        )
        await open_experiment(pilot, "ann-1")
        await send_keys(pilot, "e")
        form = await opened(pilot, ExperimentForm)
        form.query_one("#field-target_date", Input).value = ""
        form.query_one("#field-apply_what", Input).value = ""
        form.widget("apply_kind").clear()  # "not decided yet"
        await pilot.pause()
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExperimentForm))
        experiment = on_disk(root).experiments["ann-1"]
        assert experiment.target_date is None and experiment.opportunity is None
        (record,) = app.state.corrections
        assert record.kind == "cleared the target date and opportunity"
        assert board_screen(app) is not None


async def test_praise_about_no_experiment_is_taken_back_from_the_feed(tmp_path) -> None:
    root = tmp_path / "board"
    small_board(root)
    app = make_app(root, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        app.try_perform(actions.praise("ben", "Thanks for covering the on-call"))
        await send_keys(pilot, "f")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FeedScreen")
        await pilot.pause()
        assert app.screen.check_action("take_back", ())
        await send_keys(pilot, "u")
        form = await opened(pilot, TakeBackForm)
        await choose(pilot, form, "entry", "praise: ")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FeedScreen")
        (praise,) = on_disk(root).praise
        assert praise.taken_back is not None
        words = [i.text for i in feed_items(app.state) if i.kind is FeedKind.CORRECTION]
        assert words == ["took back praise"]


async def test_only_the_author_is_offered_to_take_back_from_the_feed(tmp_path) -> None:
    root = tmp_path / "board"
    small_board(root)
    app = make_app(root, "ben")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        app.live.perform("ann", actions.praise("ben", "Well done"))
        app.broadcast([])
        await send_keys(pilot, "f")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FeedScreen")
        await pilot.pause()
        assert not app.screen.check_action("take_back", ())
