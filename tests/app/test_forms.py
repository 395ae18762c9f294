"""The forms: saving through the store, errors by the field, cancelling writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events
from textual.widgets import Input, Select, Static, TextArea

from teamboard.domain.events import ApplicationKind, CheckInKind, Stage
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.forms.base import DiscardScreen, FormScreen
from teamboard.tui.screens.forms.entries import (
    CheckInForm,
    ConfidenceForm,
    PracticeForm,
    ReflectionForm,
)
from teamboard.tui.screens.forms.experiment import ExperimentForm

from .helpers import (
    BIG,
    NOW,
    SMALL,
    choose,
    column,
    events_on_disk,
    file_bytes,
    make_app,
    on_disk,
    send_keys,
    small_board,
    titles,
    type_into,
    wait_loaded,
    wait_until,
)


@pytest.fixture
def small(tmp_path):
    root = tmp_path / "small"
    small_board(root)
    return root


def error_of(form: FormScreen, field: str) -> Static:
    return form.query_one(f"#error-{field}", Static)


def form_error(form: FormScreen) -> str:
    box = form.query_one("#form-error", Static)
    return str(box.content) if box.has_class("shown") else ""


def shown_errors(form: FormScreen) -> dict[str, str]:
    return {
        str(box.id): str(box.content)
        for box in form.query(".field-error")
        if box.has_class("shown")
    }


async def open_form(pilot, form: FormScreen) -> list:
    """Push a form; the returned list receives what it dismisses with."""
    results: list = []
    pilot.app.push_screen(form, results.append)
    await wait_until(pilot, lambda: pilot.app.screen is form and form.is_mounted)
    await pilot.pause()
    return results


# --- a new experiment -----------------------------------------------------------------


async def test_a_new_experiment_is_saved_and_appears_in_goal(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "n")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        await type_into(pilot, form, "title", "Stand-ups")
        await send_keys(pilot, "tab")
        assert form.widget("training").has_focus
        await send_keys(pilot, *"Facil")
        await type_into(pilot, form, "why_me", "I host")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))

        assert titles(app, Stage.GOAL).count("Stand-ups") == 1
        (created,) = [e for e in on_disk(demo).experiments.values() if e.title == "Stand-ups"]
        assert (created.title, created.training, created.owner) == (
            "Stand-ups",
            "Facil",
            "maria",
        )
        assert created.plan.why_me == "I host"
        assert created.stage is Stage.GOAL
        assert created.opportunity is None and created.target_date is None


async def test_a_new_experiment_with_an_opportunity_a_target_and_a_confidence(small):
    app = make_app(small, "ben")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        results = await open_form(pilot, ExperimentForm())
        form = app.screen
        await type_into(pilot, form, "title", "Pairing")
        await choose(pilot, form, "apply_kind", "a client case")
        await type_into(pilot, form, "apply_what", "Nordwind")
        await type_into(pilot, form, "target_date", "2026-12-31")
        await choose(pilot, form, "confidence", "4")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: results, what="the form to close")

        (event,) = results
        experiment = on_disk(small).experiments[event["experiment_id"]]
        assert experiment.owner == "ben"
        assert experiment.opportunity is not None
        assert experiment.opportunity.kind is ApplicationKind.CLIENT_CASE
        assert experiment.opportunity.what == "Nordwind"
        assert experiment.target_date == date(2026, 12, 31)
        assert experiment.current_confidence == 4
        assert "Pairing" in titles(app, Stage.GOAL)


async def test_typing_right_after_n_goes_into_the_title(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "n")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        await send_keys(pilot, *"Typed at once")
        assert form.text("title") == "Typed at once"


@pytest.mark.parametrize("title", ["", "   "])
async def test_an_empty_title_is_shown_by_the_field_and_nothing_is_written(demo, title):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(demo)
        await send_keys(pilot, "n")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        await type_into(pilot, form, "title", title)
        await type_into(pilot, form, "training", "Kept")
        await type_into(pilot, form, "must_deliver", "Less")
        await send_keys(pilot, "ctrl+s")

        assert app.screen is form  # still open
        assert shown_errors(form) == {"error-title": "must not be empty"}
        assert form.widget("title").has_focus  # the cursor goes to what is wrong
        # Everything typed is still there.
        assert form.text("training") == "Kept"
        assert form.text("must_deliver") == "Less"
        assert file_bytes(demo) == before

        # Fixing it clears the error and saves.
        await type_into(pilot, form, "title", "Short")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert "Short" in titles(app, Stage.GOAL)
        assert file_bytes(demo) != before


async def test_a_bad_target_date_is_shown_by_its_field(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(demo)
        await send_keys(pilot, "n")
        form = app.screen
        await type_into(pilot, form, "title", "Dates")
        await type_into(pilot, form, "target_date", "31/12/2026")
        await send_keys(pilot, "ctrl+s")

        assert app.screen is form
        assert shown_errors(form) == {
            "error-target_date": "'31/12/2026' is not a date like 2026-12-31"
        }
        # Next to its field: just below the date box.
        box, field = error_of(form, "target_date"), form.widget("target_date")
        assert box.region.y == field.region.bottom
        assert form.text("title") == "Dates"
        assert file_bytes(demo) == before


async def test_escape_cancels_a_new_experiment_and_writes_nothing(demo):
    app = make_app(demo)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(demo)
        # Nothing typed: escape closes at once.
        await send_keys(pilot, "n")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentForm))
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))

        # Something typed: escape asks first, and escape again keeps what was typed.
        await send_keys(pilot, "n")
        form = app.screen
        await type_into(pilot, form, "title", "Nope")
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DiscardScreen))
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is form)
        assert form.text("title") == "Nope"
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DiscardScreen))
        await send_keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert file_bytes(demo) == before
        assert "Nope" not in titles(app, Stage.GOAL)

        # The Cancel button, from a text area, likewise.
        await send_keys(pilot, "n")
        form = app.screen
        await type_into(pilot, form, "title", "Nope 2")
        await type_into(pilot, form, "why_me", "so")
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: isinstance(app.screen, DiscardScreen))
        await pilot.click("#yes")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert file_bytes(demo) == before


async def test_keys_typed_fast_land_in_their_own_fields(small):
    """A burst, as a fast typist or a paste of keys sends it: AAA<Tab>BBB<Tab>CCC. Each
    key goes in as the terminal driver sends it, none waiting for the one before."""
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "n")
        form = await_form = app.screen
        await wait_until(pilot, lambda: isinstance(await_form, ExperimentForm))
        await pilot.pause()
        for key in ["A", "A", "A", "tab", "B", "B", "B", "tab", "C", "C", "C"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        fields = ("title", "training", "why_me")
        await wait_until(
            pilot,
            lambda: sum(len(form.text(f)) for f in fields) >= 9,
            what="the nine letters to land in the form",
        )
        await pilot.pause()
        assert (form.text("title"), form.text("training"), form.text("why_me")) == (
            "AAA",
            "BBB",
            "CCC",
        )


async def test_the_save_button_saves(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "n")
        await type_into(pilot, app.screen, "title", "Button")
        await pilot.click("#save")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert "Button" in {e.title for e in on_disk(small).experiments.values()}


async def test_editing_the_plan_without_changes_says_so(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(small)
        await open_form(pilot, ExperimentForm(app.state.experiments["ann-1"]))
        form = app.screen
        assert form.text("title") == "Listen first"
        await send_keys(pilot, "ctrl+s")
        assert shown_errors(form) == {"error-title": "nothing changed"}
        assert file_bytes(small) == before

        await type_into(pilot, form, "team_goals", "Calm")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert on_disk(small).experiments["ann-1"].plan.team_goals == "Calm"


async def test_only_the_owner_may_edit_the_plan_and_the_form_says_why(small):
    app = make_app(small, "ben")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(small)
        await open_form(pilot, ExperimentForm(app.state.experiments["ann-1"]))
        form = app.screen
        await type_into(pilot, form, "title", " (Ben's)")
        await send_keys(pilot, "ctrl+s")
        assert app.screen is form
        assert "only Ann Archer (the owner) may edit the plan" in form_error(form)
        assert file_bytes(small) == before


# --- practice, reflection, confidence, check-in ----------------------------------------


async def test_practice_is_logged(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        results = await open_form(pilot, PracticeForm(app.state.experiments["ann-1"]))
        form = app.screen
        assert form.text("on") == NOW.astimezone().date().isoformat()  # the app's clock
        await type_into(pilot, form, "what", "Waited")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: results)
        (entry,) = on_disk(small).experiments["ann-1"].practice
        assert entry.what == "Waited"
        assert entry.on == NOW.astimezone().date()
        assert results[0]["type"] == "practice_logged"


async def test_practice_errors_are_shown_by_their_fields(small):
    app = make_app(small, "ann")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(small)
        await open_form(pilot, PracticeForm(app.state.experiments["ann-1"]))
        form = app.screen
        await send_keys(pilot, "ctrl+s")
        assert shown_errors(form) == {"error-what": "must not be empty"}

        await type_into(pilot, form, "what", "Tried")
        form.widget("on").clear()  # type: ignore[attr-defined]
        await type_into(pilot, form, "on", "soon")
        await send_keys(pilot, "ctrl+s")
        assert shown_errors(form) == {"error-on": "'soon' is not a date like 2026-12-31"}
        assert form.text("what") == "Tried"
        assert file_bytes(small) == before

        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DiscardScreen))
        await send_keys(pilot, "d")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert file_bytes(small) == before


async def test_only_the_owner_logs_practice(small):
    app = make_app(small, "ben")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(small)
        await open_form(pilot, PracticeForm(app.state.experiments["ann-1"]))
        form = app.screen
        await type_into(pilot, form, "what", "Nah")
        await send_keys(pilot, "ctrl+s")
        assert app.screen is form
        assert (
            form_error(form) == "only Ann Archer (the owner) may log practice for this experiment"
        )
        assert file_bytes(small) == before


async def test_a_reflection_with_all_four_answers_is_saved(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        results = await open_form(pilot, ReflectionForm(app.state.experiments["ann-1"]))
        form = app.screen
        form.widget("wanted").focus()
        for answer in ("hear", "did", "calm", "ask"):
            await send_keys(pilot, *answer, "tab")  # tab moves on from a text area
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: results)
        (reflection,) = on_disk(small).experiments["ann-1"].reflections
        assert (reflection.wanted, reflection.did, reflection.effect, reflection.next_time) == (
            "hear",
            "did",
            "calm",
            "ask",
        )
        assert reflection.complete


async def test_a_blank_reflection_is_refused_in_the_form(small):
    app = make_app(small, "ann")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(small)
        await open_form(pilot, ReflectionForm(app.state.experiments["ann-1"]))
        form = app.screen
        await send_keys(pilot, "ctrl+s")
        assert app.screen is form
        assert form_error(form) == "a reflection needs at least one answer"
        assert file_bytes(small) == before
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert file_bytes(small) == before


async def test_confidence_must_be_chosen_then_is_saved(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(small)
        results = await open_form(pilot, ConfidenceForm(app.state.experiments["ann-1"]))
        form = app.screen
        await send_keys(pilot, "ctrl+s")
        assert shown_errors(form) == {"error-value": "choose a rating from 1 to 5"}
        assert file_bytes(small) == before

        await choose(pilot, form, "value", "3")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: results)
        assert on_disk(small).experiments["ann-1"].current_confidence == 3
        # The card shows it at once.
        assert column(app, Stage.GOAL).experiments[0].current_confidence == 3


async def test_the_confidence_form_starts_at_the_current_rating_and_escape_cancels(demo):
    app = make_app(demo)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(demo)
        mine = next(e for e in app.state.experiments.values() if e.owner == "maria")
        await open_form(pilot, ConfidenceForm(mine))
        form = app.screen
        assert form.select("value") == mine.current_confidence
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert file_bytes(demo) == before


async def test_a_check_in_is_saved_and_the_next_one_is_long_term(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        results = await open_form(pilot, CheckInForm(app.state.experiments["ann-1"]))
        form = app.screen
        assert form.select("kind") == CheckInKind.SOON_AFTER.value
        await type_into(pilot, form, "notes", "paused")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: results)
        (check_in,) = on_disk(small).experiments["ann-1"].check_ins
        assert (check_in.kind, check_in.notes, check_in.author) == (
            CheckInKind.SOON_AFTER,
            "paused",
            "ann",
        )

        await open_form(pilot, CheckInForm(app.state.experiments["ann-1"]))
        assert app.screen.select("kind") == CheckInKind.LONG_TERM.value
        before = file_bytes(small)
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert file_bytes(small) == before


async def test_a_long_term_check_in_a_day_after_the_start_is_refused_beside_its_kind(small):
    app = make_app(small, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(small)
        await open_form(pilot, CheckInForm(app.state.experiments["ann-1"]))
        form = app.screen
        await choose(pilot, form, "kind", "long-term")
        await send_keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: shown_errors(form))
        assert shown_errors(form) == {
            "error-kind": "too early for the long-term check-in: it asks about results months "
            "after the training, from 2027-01-25 (two months after the start, 2026-11-26)"
        }
        assert app.screen is form
        assert file_bytes(small) == before


async def test_a_colleague_cannot_check_in_for_someone_else(small):
    app = make_app(small, "ben")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        before = file_bytes(small)
        await open_form(pilot, CheckInForm(app.state.experiments["ann-1"]))
        form = app.screen
        await send_keys(pilot, "ctrl+s")
        assert form_error(form) == "only the owner or a manager may record a check-in"
        assert file_bytes(small) == before


async def test_form_fields_survive_a_small_terminal(small):
    """At 80x24 the experiment form scrolls; every field is still reachable with tab."""
    app = make_app(small, "ann")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await open_form(pilot, ExperimentForm())
        form = app.screen
        seen = set()
        for _ in range(len(form._fields) + 3):
            focused = app.focused
            if isinstance(focused, Input | TextArea | Select):
                seen.add(focused.id)
                assert focused.region.height > 0  # scrolled into view
            await send_keys(pilot, "tab")
        expected = {f"field-{name}" for name in form._fields}
        assert expected <= seen
        assert events_on_disk(small)  # and nothing happened to the board
