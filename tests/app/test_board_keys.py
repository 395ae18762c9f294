"""The board driven from the keyboard and the mouse, against a real board folder."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from teamboard.domain.events import Stage
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.forms.experiment import ExperimentForm
from teamboard.tui.screens.help import HelpScreen
from teamboard.tui.screens.pickers import MemberPicker
from teamboard.tui.widgets.card_column import CARD_HEIGHT
from teamboard.views.cards import Flag

from .helpers import (
    BIG,
    SMALL,
    board_screen,
    by_title,
    column,
    column_text,
    events_on_disk,
    file_bytes,
    make_app,
    notices,
    on_disk,
    open_filter_box,
    screen_text,
    send_keys,
    shown_ids,
    titles,
    wait_loaded,
    wait_until,
)

# The demo board, as the columns sort it (by the owner's name, then by age):
JONAS_GOAL = "Explaining numbers to people who are not analysts"
MARIA_GOAL = "Saying no to roadmap requests with a clear reason"
PRIYA_GOAL = "Writing help-center articles in plain language"
KWAME_PRACTICE = "Writing clear incident reports"
OMER_PRACTICE = "Code review comments that teach"


def selected_title(app) -> str | None:
    screen = board_screen(app)
    return screen.selected.title if screen.selected else None


def cursors(app) -> dict[Stage, int | None]:
    return {stage: column(app, stage).cursor for stage in Stage}


async def test_the_board_opens_with_every_stage_and_the_cursor_on_the_first_card(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert titles(app, Stage.GOAL) == [JONAS_GOAL, MARIA_GOAL, PRIYA_GOAL]
        assert titles(app, Stage.PRACTICE) == [KWAME_PRACTICE, OMER_PRACTICE]
        assert len(shown_ids(app)) == 12
        assert selected_title(app) == JONAS_GOAL
        assert cursors(app) == {
            Stage.GOAL: 0,
            Stage.PRACTICE: None,
            Stage.REFLECTION: None,
            Stage.SUCCESS: None,
        }


async def test_cards_show_facts_worked_out_at_the_apps_clock(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)
        omer = screen.card_of(by_title(demo, OMER_PRACTICE))
        priya = screen.card_of(by_title(demo, PRIYA_GOAL))
        assert Flag.STALLED in omer.flags
        assert Flag.NO_SUPPORTER in priya.flags and Flag.NO_APPLICATION in priya.flags
        assert priya.days == 5  # created five days before NOW
        assert "! stalled" in column_text(column(app, Stage.PRACTICE))
        assert "! help alone no-use" in column_text(column(app, Stage.GOAL))


async def test_arrows_and_hjkl_move_the_cursor(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)

        await send_keys(pilot, "j")
        assert selected_title(app) == MARIA_GOAL
        assert column(app, Stage.GOAL).cursor == 1

        await send_keys(pilot, "down")
        assert selected_title(app) == PRIYA_GOAL
        await send_keys(pilot, "down")  # the last card: the cursor stays
        assert selected_title(app) == PRIYA_GOAL
        assert column(app, Stage.GOAL).cursor == 2

        await send_keys(pilot, "k", "up")
        assert selected_title(app) == JONAS_GOAL
        await send_keys(pilot, "up")  # the first card: the cursor stays
        assert column(app, Stage.GOAL).cursor == 0

        await send_keys(pilot, "j", "l")
        assert selected_title(app) == KWAME_PRACTICE
        assert screen.column_index == 1
        assert cursors(app)[Stage.GOAL] is None
        assert cursors(app)[Stage.PRACTICE] == 0

        await send_keys(pilot, "down", "down")  # the last card: the cursor stays
        assert selected_title(app) == OMER_PRACTICE
        assert column(app, Stage.PRACTICE).cursor == 1

        # Back to Goal: its row was remembered.
        await send_keys(pilot, "left")
        assert selected_title(app) == MARIA_GOAL
        assert cursors(app) == {
            Stage.GOAL: 1,
            Stage.PRACTICE: None,
            Stage.REFLECTION: None,
            Stage.SUCCESS: None,
        }

        await send_keys(pilot, "h")  # the first column: the cursor stays
        assert screen.column_index == 0
        assert selected_title(app) == MARIA_GOAL

        await send_keys(pilot, "right", "l", "l", "right")  # the last column: it stays
        assert screen.column_index == 3
        assert column(app, Stage.SUCCESS).cursor == 0
        assert screen.selected_id == column(app, Stage.SUCCESS).experiments[0].id

        await send_keys(pilot, "end")
        assert column(app, Stage.SUCCESS).cursor == 2
        await send_keys(pilot, "home")
        assert column(app, Stage.SUCCESS).cursor == 0


async def test_bracket_keys_move_the_card_through_the_store_and_the_cursor_follows(demo):
    app = make_app(demo)  # Maria, a manager: she may move anyone's card
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)
        moved = by_title(demo, JONAS_GOAL)
        assert screen.selected_id == moved.id

        await send_keys(pilot, "right_square_bracket")
        assert app.state.experiments[moved.id].stage is Stage.PRACTICE
        assert on_disk(demo).experiments[moved.id].stage is Stage.PRACTICE
        assert screen.selected_id == moved.id
        assert screen.column_index == 1
        practice = column(app, Stage.PRACTICE)
        assert practice.cursor == [e.id for e in practice.experiments].index(moved.id)
        assert column(app, Stage.GOAL).cursor is None
        assert moved.id not in {e.id for e in column(app, Stage.GOAL).experiments}

        # The event is in Maria's own file, not Jonas's.
        last = [e for e in events_on_disk(demo) if e["type"] == "stage_moved"][-1]
        assert (last["author"], last["experiment_id"], last["to"]) == (
            "maria",
            moved.id,
            Stage.PRACTICE,
        )

        await send_keys(pilot, "left_square_bracket")
        assert app.state.experiments[moved.id].stage is Stage.GOAL
        assert on_disk(demo).experiments[moved.id].stage is Stage.GOAL
        assert screen.selected_id == moved.id
        assert screen.column_index == 0
        goal = column(app, Stage.GOAL)
        assert goal.cursor == [e.id for e in goal.experiments].index(moved.id)


async def test_shift_arrows_move_the_card_too(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)
        await send_keys(pilot, "l", "j")  # Ömer's card in Practice; he has logged practice
        moved = by_title(demo, OMER_PRACTICE)
        assert screen.selected_id == moved.id

        await send_keys(pilot, "shift+right")
        assert on_disk(demo).experiments[moved.id].stage is Stage.REFLECTION
        assert screen.column_index == 2
        assert screen.selected_id == moved.id
        reflection = column(app, Stage.REFLECTION)
        assert reflection.experiments[reflection.cursor].id == moved.id

        await send_keys(pilot, "shift+left")
        assert on_disk(demo).experiments[moved.id].stage is Stage.PRACTICE
        assert screen.column_index == 1
        assert screen.selected_id == moved.id


async def test_a_refused_move_says_why_and_writes_nothing(demo):
    app = make_app(demo, "jonas")  # an employee
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)
        mine = by_title(demo, JONAS_GOAL)

        # Goal -> Practice is allowed for the owner...
        await send_keys(pilot, "]")
        assert on_disk(demo).experiments[mine.id].stage is Stage.PRACTICE
        assert screen.selected_id == mine.id

        # ...Practice -> Reflection without any practice logged is not.
        before = file_bytes(demo)
        await send_keys(pilot, "]")
        await wait_until(pilot, lambda: notices(app), what="a notice")
        assert any("log at least one practice" in n for n in notices(app)), notices(app)
        assert file_bytes(demo) == before
        assert app.state.experiments[mine.id].stage is Stage.PRACTICE
        assert screen.selected_id == mine.id

        # Someone else's card, as an employee.
        app.clear_notifications()
        await send_keys(pilot, "left")  # Jonas's card has left Goal: Maria's is first now
        assert selected_title(app) == MARIA_GOAL
        await send_keys(pilot, "]")
        await wait_until(pilot, lambda: notices(app), what="a notice")
        assert any("only the owner or a manager" in n for n in notices(app)), notices(app)
        assert file_bytes(demo) == before
        assert on_disk(demo).experiments[by_title(demo, MARIA_GOAL).id].stage is Stage.GOAL

        # Nowhere to go back to from Goal.
        app.clear_notifications()
        await send_keys(pilot, "[")
        await wait_until(pilot, lambda: notices(app), what="a notice")
        assert any("Goal is the first stage" in n for n in notices(app)), notices(app)
        assert file_bytes(demo) == before


async def test_moving_while_only_looking_on_says_choose_who_you_are(demo, tmp_path):
    app = make_app(demo, None, remember_file=tmp_path / "id.json")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "escape")  # "just look" in the identity picker
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        app.clear_notifications()
        before = file_bytes(demo)
        await send_keys(pilot, "]")
        await wait_until(pilot, lambda: notices(app), what="a notice")
        assert any("choose who you are" in n for n in notices(app)), notices(app)
        assert file_bytes(demo) == before


async def test_n_opens_a_new_experiment_form(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "n")
        assert isinstance(app.screen, ExperimentForm)
        assert app.screen.experiment is None


async def test_enter_opens_the_selected_experiment(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "l", "j", "enter")
        assert isinstance(app.screen, ExperimentScreen)
        assert app.screen.experiment_id == by_title(demo, OMER_PRACTICE).id


async def test_slash_filters_by_text_and_escape_clears(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)
        box = screen.query_one("#filter-input", Input)
        assert not box.display

        await send_keys(pilot, "slash")
        assert box.display
        assert box.has_focus
        # Letters of the board's keys (n, m, p, q) go into the box, not to the board.
        await send_keys(pilot, *"numbers")
        assert isinstance(app.screen, BoardScreen)
        assert screen.filter.text == "numbers"
        assert titles(app, Stage.GOAL) == [JONAS_GOAL]
        assert all(not column(app, s).experiments for s in Stage if s is not Stage.GOAL)
        assert screen.selected_id == by_title(demo, JONAS_GOAL).id

        await send_keys(pilot, "escape")
        assert not box.display
        assert screen.filter.text == ""
        assert len(shown_ids(app)) == 12

        # A person's name filters too (Zoë has two experiments), and enter keeps it.
        await open_filter_box(pilot)
        await send_keys(pilot, *"zoë", "enter")
        assert not box.display
        owners = {e.owner for c in screen.columns for e in c.experiments}
        assert owners == {"zoe"}
        assert len(shown_ids(app)) == 2

        await send_keys(pilot, "escape")
        assert len(shown_ids(app)) == 12


async def test_a_filter_that_matches_nothing_empties_every_column(demo):
    app = make_app(demo)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await open_filter_box(pilot)
        await send_keys(pilot, *"zzzz-nothing")
        assert shown_ids(app) == set()
        assert board_screen(app).selected_id is None
        # Keys that act on the selection do nothing (and do not fail) with none.
        await send_keys(pilot, "enter")
        await send_keys(pilot, "escape")
        assert len(shown_ids(app)) == 12


async def test_m_shows_only_mine(demo):
    app = make_app(demo, "zoe")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "m")
        assert {e.owner for c in board_screen(app).columns for e in c.experiments} == {"zoe"}
        assert len(shown_ids(app)) == 2
        await send_keys(pilot, "m")
        assert len(shown_ids(app)) == 12
        await send_keys(pilot, "m", "escape")
        assert len(shown_ids(app)) == 12


async def test_at_picks_a_member_to_filter_by(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "@")
        assert isinstance(app.screen, MemberPicker)
        options = app.screen.query_one(OptionList)
        target = options.get_option_index("member:priya")
        await send_keys(pilot, *["down"] * (target - (options.highlighted or 0)))
        assert options.highlighted == target
        await send_keys(pilot, "enter")
        assert isinstance(app.screen, BoardScreen)
        assert board_screen(app).filter.member == "priya"
        assert {e.owner for c in board_screen(app).columns for e in c.experiments} == {"priya"}
        assert len(shown_ids(app)) == 2

        # Escape in the picker changes nothing; "Everyone" clears the filter.
        await send_keys(pilot, "@")
        await wait_until(pilot, lambda: isinstance(app.screen, MemberPicker), what="the picker")
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), what="the board")
        assert board_screen(app).filter.member == "priya"
        await send_keys(pilot, "@")
        await wait_until(pilot, lambda: isinstance(app.screen, MemberPicker), what="the picker")
        await send_keys(pilot, "home", "enter")
        assert board_screen(app).filter.member is None
        assert len(shown_ids(app)) == 12


async def test_question_mark_opens_help_and_escape_closes_it(demo):
    app = make_app(demo)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "move the card forward a stage" in screen_text(app)
        app.action_help()  # asked again (the palette's "Keys"): not a second one on top
        await pilot.pause()
        assert sum(isinstance(s, HelpScreen) for s in app.screen_stack) == 1
        await send_keys(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)
        await send_keys(pilot, "question_mark")  # ? toggles it
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        await send_keys(pilot, "question_mark")
        assert isinstance(app.screen, BoardScreen)


async def test_q_quits(demo):
    app = make_app(demo)
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "q")
        await wait_until(pilot, lambda: not app.is_running, what="the app to quit")
    assert app.return_code == 0


async def test_a_click_selects_a_card_and_a_double_click_opens_it(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        practice = column(app, Stage.PRACTICE)
        second_card = (3, CARD_HEIGHT + 1)  # the title line of the second card
        await pilot.click(practice, offset=second_card)
        assert board_screen(app).selected_id == by_title(demo, OMER_PRACTICE).id
        assert practice.cursor == 1
        assert column(app, Stage.GOAL).cursor is None
        assert isinstance(app.screen, BoardScreen)

        # The blank line between cards selects nothing.
        await pilot.click(column(app, Stage.GOAL), offset=(3, CARD_HEIGHT - 1))
        assert practice.cursor == 1

        await pilot.click(column(app, Stage.GOAL), offset=(3, 2 * CARD_HEIGHT), times=2)
        assert isinstance(app.screen, ExperimentScreen)
        assert app.screen.experiment_id == by_title(demo, PRIYA_GOAL).id
