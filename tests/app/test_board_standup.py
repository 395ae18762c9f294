"""The board at a glance for the stand-up: the summary strip under the header, the "new"
marks on the cards changed since the last stand-up, the key that shows only them, the
column orders (remembered per board), and the presenter view for a shared screen.

A board built here with known events, read at the tests' fixed clock (NOW, a Friday
09:00 UTC): the last stand-up ended two days before.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events

from teamboard.domain import actions
from teamboard.domain.events import Stage
from teamboard.store.folder import BoardFolder
from teamboard.store.local import preferences_file, remembered_for_board
from teamboard.tui.widgets.card_column import CARD_HEIGHT, PRESENTER_ROWS, CardColumn
from teamboard.tui.widgets.footer import KeysFooter
from teamboard.tui.widgets.summary_strip import SummaryStrip
from teamboard.views.cards import ColumnOrder

from .helpers import (
    BIG,
    NOW,
    SMALL,
    board_screen,
    column,
    column_text,
    make_app,
    open_filter_box,
    screen_text,
    send_keys,
    titles,
    wait_loaded,
    wait_until,
)


def at(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


COACH, PAIR, LISTEN = "Coach in one-to-ones", "Pair on reviews", "Listen first"
STANDUP_ENDED = NOW - timedelta(days=2) + timedelta(minutes=10)  # Wed 25 Nov 09:10
ASK = "someone to watch my demo on Thursday"


def build(root: Path) -> None:
    """Ann (the founder, a manager), Ben and Cy; a stand-up Wednesday 09:00-09:10.

    - ben-1 "Listen first": 20 days old, supported by Cy, moved to Practice yesterday,
      praised by Ann an hour ago; its first check-in is due.
    - ben-2 "Pair on reviews": in Practice 39 days without practice (stuck), nobody
      supports it (alone), its first check-in overdue.
    - cy-1 "Speak up in retros": 3 days old, alone; Cy asked for help 12 hours ago.
    - ann-1 "Delegate more": reached Success 6 hours ago (a win), supported by Ben.
    - ann-2 "Coach in one-to-ones": in Practice 9 days, supported by Ben: nothing needed.

    Since the stand-up: 2 cards moved (ben-1, ann-1), 2 wins (Success, the praise);
    now: 1 help asked, 1 stalled, 2 alone, 1 check-in overdue, 1 due."""
    board = new_board(root, "Small Team", "ann", "Ann Archer", at=NOW - timedelta(60))
    write_events(board, "ben", {"type": "member_joined", "name": "Ben Baker", "at": at(days=59)})
    write_events(board, "cy", {"type": "member_joined", "name": "Cy Chen", "at": at(days=59)})

    def created(key: str, title: str, days: float) -> dict:
        return {
            "type": "experiment_created",
            "experiment_id": key,
            "title": title,
            "at": at(days=days),
        }

    def moved(key: str, to: str, **delta: float) -> dict:
        return {"type": "stage_moved", "experiment_id": key, "to": to, "at": at(**delta)}

    def supported(key: str, supporter: str, **delta: float) -> dict:
        return actions.support(key, supporter) | {"at": at(**delta)}

    write_events(
        board,
        "ben",
        [
            # In the order they happened: a person's file holds its events in time order.
            created("ben-2", "Pair on reviews", 40),
            moved("ben-2", "practice", days=39),
            created("ben-1", "Listen first", 20),
            supported("ann-1", "ben", days=9),
            supported("ann-2", "ben", days=9),
            moved("ben-1", "practice", days=1),
        ],
    )
    write_events(
        board,
        "cy",
        [
            {
                "type": "support_added",
                "experiment_id": "ben-1",
                "supporter": "cy",
                "at": at(days=19),
            },
            created("cy-1", "Speak up in retros", 3),
            {"type": "help_asked", "experiment_id": "cy-1", "ask": ASK, "at": at(hours=12)},
        ],
    )
    write_events(
        board,
        "ann",
        [
            created("ann-1", "Delegate more", 10),
            created("ann-2", "Coach in one-to-ones", 10),
            moved("ann-1", "practice", days=9),
            moved("ann-2", "practice", days=9),
            {
                "type": "practice_logged",
                "experiment_id": "ann-1",
                "entry_id": "p1",
                "on": (NOW - timedelta(days=8)).date().isoformat(),
                "what": "handed the release notes to Ben",
                "at": at(days=8),
            },
            moved("ann-1", "reflection", days=5),
            {
                "type": "reflection_written",
                "experiment_id": "ann-1",
                "reflection_id": "r1",
                "wanted": "To let go of the release notes.",
                "did": "Handed them to Ben with an example.",
                "effect": "They were out a day early.",
                "next_time": "Hand over the next task sooner.",
                "at": at(days=4),
            },
            {"type": "standup_started", "standup_id": "s1", "at": at(days=2)},
            {
                "type": "standup_ended",
                "standup_id": "s1",
                "attendees": ["ann", "ben", "cy"],
                "summary": "Cy starts on retros.",
                "at": STANDUP_ENDED.isoformat(),
            },
            moved("ann-1", "success", hours=6),
            {
                "type": "praise_posted",
                "praise_id": "k1",
                "to": "ben",
                "experiment_id": "ben-1",
                "message": "You listened first in the planning",
                "kind": "effort",
                "at": at(hours=1),
            },
        ],
    )


@pytest.fixture
def team(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    build(root)
    return root


def strip_text(app) -> str:
    return board_screen(app).query_one("#board-summary", SummaryStrip).text


def status_text(app) -> str:
    return board_screen(app).query_one("#board-status").render().plain  # type: ignore[union-attr]


def all_column_text(app) -> str:
    return "\n".join(column_text(c) for c in board_screen(app).columns)


# --- the summary strip ------------------------------------------------------------------------


async def test_the_strip_counts_what_changed_and_what_is_needed(team):
    app = make_app(team, "ann")
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        assert not app.state.rejected, app.state.rejected
        assert strip_text(app) == (
            "Since the last stand-up (Wed 09:10): 2 moved · 2 wins  ·  needs: "
            "1 help asked · 1 stalled · 2 alone · 1 check-in overdue · 1 check-in due"
        )


async def test_the_strip_is_shorter_at_80_columns_and_says_nothing_twice(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        lines = strip_text(app).splitlines()
        assert lines == [
            "Since the last stand-up (Wed 09:10): 2 moved · 2 wins",
            "Needs: 1 help · 1 stalled · 2 alone · 1 overdue · 1 due",
        ]
        assert all(len(line) <= 78 for line in lines)
        # The strip is on screen, under the status line.
        shown = screen_text(app).splitlines()
        assert shown[1].strip() == lines[0] and shown[2].strip() == lines[1]


async def test_the_strip_follows_the_board_and_drops_zero_counts_when_short(team):
    app = make_app(team, "cy")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        # Support offered answers Cy's call for help: one fewer asking, one fewer alone.
        app.live.perform("ben", actions.support("cy-1", "ben"))
        app.broadcast([])
        await pilot.pause()
        text = strip_text(app)
        assert "help" not in text and "1 alone" in text
        assert "Needs: 1 stalled · 1 alone · 1 overdue · 1 due" in text


async def test_with_no_stand_up_recorded_the_strip_says_the_last_24_hours(tmp_path):
    root = tmp_path / "fresh"
    board = new_board(root, "Fresh", "ann", "Ann Archer", at=NOW - timedelta(days=3))
    write_events(
        board,
        "ann",
        {
            "type": "experiment_created",
            "experiment_id": "a",
            "title": "Ask more",
            "at": at(hours=2),
        },
    )
    app = make_app(root, "ann")
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        assert strip_text(app).startswith(
            "In the last 24 hours (no stand-up recorded yet): 0 moved · 0 wins"
        )
        assert "• new experiment" in column_text(column(app, Stage.GOAL))


# --- the "new" marks and the filter -------------------------------------------------------------


async def test_cards_changed_since_the_last_stand_up_carry_a_new_mark(team):
    app = make_app(team, "ann")
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        practice = column_text(column(app, Stage.PRACTICE)).splitlines()
        # In Practice, "Listen first" moved (and was praised); the other two not.
        assert titles(app, Stage.PRACTICE) == [COACH, PAIR, LISTEN]
        assert practice[0].strip() == "Ann Archer"
        assert practice[CARD_HEIGHT].strip() == "Ben Baker"
        assert practice[2 * CARD_HEIGHT].split() == [
            *("Ben", "Baker", "•", "moved", "Goal", "→", "Practice", "+1")
        ]
        success = column_text(column(app, Stage.SUCCESS)).splitlines()
        # No room for "moved Reflection → Success" next to the name: fewer words.
        assert success[0].split() == ["Ann", "Archer", "•", "→", "Success"]
        goal = column_text(column(app, Stage.GOAL)).splitlines()
        # Cy's call for help: on the card, in her words, after the flags.
        assert goal[0].rstrip().endswith("• help asked")
        assert goal[3].strip() == "! help alone no-use “someone to wat…"


async def test_at_80_columns_the_mark_is_short_and_the_owner_stays_readable(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        first = column_text(column(app, Stage.PRACTICE)).splitlines()[2 * CARD_HEIGHT]
        assert first.split() == ["Ben", "Baker", "•", "new"]
        assert len(first) == column(app, Stage.PRACTICE).size.width


async def test_the_changed_key_shows_only_what_changed_and_escape_clears_it(team):
    app = make_app(team, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)
        assert sum(len(c.experiments) for c in screen.columns) == 5
        await send_keys(pilot, "c")
        shown = {e.id for c in screen.columns for e in c.experiments}
        assert shown == {"ben-1", "cy-1", "ann-1"}
        assert "filter: changed (3 of 5) · esc clears" in status_text(app)
        await send_keys(pilot, "c")
        assert sum(len(c.experiments) for c in screen.columns) == 5
        await send_keys(pilot, "c", "escape")
        assert sum(len(c.experiments) for c in screen.columns) == 5
        assert "filter" not in status_text(app)


# --- the column order ---------------------------------------------------------------------------


async def test_the_order_key_cycles_the_column_order_and_it_is_remembered(team, tmp_path):
    build(tmp_path / "other")  # another board keeps its own order
    app = make_app(team, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)
        assert screen.order is ColumnOrder.OWNER
        # By owner (then the oldest first): Ann's, then Ben's two.
        assert titles(app, Stage.PRACTICE) == [COACH, PAIR, LISTEN]
        assert "first" not in status_text(app)
        await send_keys(pilot, "o")  # attention first: stuck, alone and overdue; a due one; none
        assert screen.order is ColumnOrder.ATTENTION
        assert titles(app, Stage.PRACTICE) == [PAIR, LISTEN, COACH]
        assert "attention first" in status_text(app)
        await send_keys(pilot, "o")  # the longest in their stage first: 39, 9 and 1 days
        assert screen.order is ColumnOrder.DAYS
        assert titles(app, Stage.PRACTICE) == [PAIR, COACH, LISTEN]
        assert "longest in stage first" in status_text(app)
        await send_keys(pilot, "o", "o")  # by owner again, then attention first
        assert screen.order is ColumnOrder.ATTENTION
    assert remembered_for_board(team, "column_order") == "attention"
    assert remembered_for_board(tmp_path / "other", "column_order") is None
    data = json.loads(preferences_file().read_text())
    assert data["boards"][str(team.resolve())] == {"column_order": "attention"}

    again = make_app(team, "ben")
    async with again.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert board_screen(again).order is ColumnOrder.ATTENTION
        assert titles(again, Stage.PRACTICE) == [PAIR, LISTEN, COACH]

    other = make_app(tmp_path / "other", "ann")
    async with other.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert board_screen(other).order is ColumnOrder.OWNER


async def test_attention_first_puts_the_call_for_help_on_top(team):
    app = make_app(team, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        # Ann asks for help on hers (which needed nothing): above Ben's due check-in.
        app.try_perform(actions.ask_help("ann-2", "a listener"))
        await send_keys(pilot, "o")
        assert titles(app, Stage.PRACTICE) == [PAIR, COACH, LISTEN]


# --- the presenter view ------------------------------------------------------------------------


async def test_the_presenter_view_has_taller_cards_and_no_personal_chrome(team):
    long_title = (
        "Speak up in retros with one concrete observation and one question "
        "for the team, every second week"
    )
    app = make_app(team, "ann")
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        app.live.perform("cy", actions.edit_experiment("cy-1", title=long_title))
        app.broadcast([])
        await pilot.pause()
        goal = column(app, Stage.GOAL)
        assert "you: Ann Archer" in status_text(app)
        footer = board_screen(app).query_one(KeysFooter)
        assert footer.display
        normal = column_text(goal).splitlines()
        assert normal[1].strip().endswith("…")  # the title cut at one line

        await send_keys(pilot, "v")
        assert goal.card_height == len(PRESENTER_ROWS) + 1 > CARD_HEIGHT
        lines = column_text(goal).splitlines()
        assert lines[0].split()[:2] == ["Cy", "Chen"]
        title_lines = [line.strip() for line in lines[1:4]]
        assert " ".join(title_lines).rstrip("…").strip() in long_title
        assert all(title_lines) and len(" ".join(title_lines)) > len(normal[1].strip())
        assert lines[5].strip().startswith("! help alone")
        assert lines[6].strip() == "• new: help asked"
        assert "you:" not in status_text(app) and "presenter view" in status_text(app)
        assert not footer.display
        hint = screen_text(app).splitlines()[-1]
        assert "v: back to your own view" in hint
        # Paging goes by the taller cards.
        assert isinstance(goal, CardColumn)

        await send_keys(pilot, "v")
        assert goal.card_height == CARD_HEIGHT
        assert "you: Ann Archer" in status_text(app)
        assert footer.display
        assert "v: back" not in screen_text(app)


async def test_the_presenter_view_at_80x24_keeps_the_cursor_in_sight(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SMALL) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "v", "l", "j")
        practice = column(app, Stage.PRACTICE)
        assert practice.cursor == 1
        await wait_until(pilot, lambda: "Pair on reviews" in column_text(practice))


async def test_at_50_columns_the_strip_says_since_when_in_short(team):
    app = make_app(team, "ann")
    async with app.run_test(size=(50, 20)) as pilot:
        await wait_loaded(pilot)
        lines = strip_text(app).splitlines()
        assert lines[0] == "Since Wed 09:10: 2 moved · 2 wins"
        assert lines[1].startswith("Needs: 1 help · 1 stalled") and len(lines[1]) <= 48


async def test_the_strip_is_counted_once_per_change_of_the_board_not_per_key(team, monkeypatch):
    """On a big board the count walks every experiment: filtering, moving the cursor and
    changing the order reuse it; a change of the board counts again."""
    import teamboard.tui.screens.board as board_module
    from teamboard.views import standup

    counted = []
    real = standup.summary

    def counting(*args):
        counted.append(1)
        return real(*args)

    # Counted as the board loads (the app's loading thread), then by the screen.
    monkeypatch.setattr(standup, "summary", counting)
    monkeypatch.setattr(board_module, "summary", counting)
    app = make_app(team, "ann")
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert len(counted) == 1
        await open_filter_box(pilot)
        await send_keys(pilot, *"listen", "enter", "escape", "c", "c", "o", "j", "l", "v")
        await send_keys(pilot, "v")
        assert len(counted) == 1
        app.try_perform(actions.ask_help("ann-2", "a listener"))
        await pilot.pause()
        assert len(counted) == 2
        assert "2 help · 1 stalled" in strip_text(app)


async def test_a_big_board_comes_with_its_numbers_and_is_counted_again_beside_the_screen(
    team, monkeypatch
):
    """Above SUMMARY_INLINE experiments the strip is counted in a thread: the board is
    drawn at once, the counts follow, and a change of the board counts again."""
    import teamboard.tui.screens.board as board_module

    monkeypatch.setattr(board_module, "SUMMARY_INLINE", 0)
    app = make_app(team, "ann")
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        # The first numbers were counted as the board loaded: painted with the board.
        assert "counting" not in strip_text(app)
        assert strip_text(app).endswith("1 check-in overdue · 1 check-in due")
        assert "1 help asked" in strip_text(app)
        app.try_perform(actions.ask_help("ann-2", "a listener"))
        await wait_until(pilot, lambda: "2 help asked" in strip_text(app), what="a recount")
        # Meanwhile the strip kept the last counts (it never went blank).
        assert strip_text(app).startswith("Since the last stand-up (Wed 09:10): 2 moved")


async def test_a_big_board_is_counted_from_a_snapshot_the_board_never_changes(team, monkeypatch):
    """The count's thread reads a snapshot made on the app's thread, never the live state:
    a change written while it counts leaves what it reads as it was."""
    import threading

    import teamboard.tui.screens.board as board_module
    from teamboard.views.standup import summary

    monkeypatch.setattr(board_module, "SUMMARY_INLINE", 0)
    monkeypatch.setattr(board_module, "COUNT_AFTER_S", 0.01)
    counting, go_on = threading.Event(), threading.Event()
    read: list[tuple[object, int]] = []

    def held_summary(state, now, changes):
        read.append((state, len(state.experiments["ann-2"].help_asks)))
        counting.set()
        go_on.wait(10)
        return summary(state, now, changes)

    monkeypatch.setattr(board_module, "summary", held_summary)
    app = make_app(team, "ann")
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        # The first count came with the board; a change starts one in the screen's thread.
        app.try_perform(actions.rate_confidence("ann-2", 4))
        await wait_until(pilot, counting.is_set, what="the count to start")
        state, asks = read[0]
        assert state is not app.live.state
        app.try_perform(actions.ask_help("ann-2", "a listener"))  # while it counts
        assert len(app.state.experiments["ann-2"].help_asks) == asks + 1
        assert len(state.experiments["ann-2"].help_asks) == asks  # the snapshot's own
        go_on.set()
        await wait_until(pilot, lambda: "2 help asked" in strip_text(app), what="a recount")
        assert all(seen is not app.live.state for seen, _ in read)


async def test_a_standup_left_running_is_shown_on_the_strip_and_in_the_footer(team):
    """A colleague started a stand-up and left it running: the board says so, and `s`
    says it joins it; once it ends, both are as before."""
    app = make_app(team, "ann")

    def footer_text(app) -> str:
        return screen_text(app).splitlines()[-1]

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        assert "running" not in strip_text(app)
        assert "s Stand-up" in footer_text(app)
        started = app.try_perform(actions.start_standup())
        at = started["at"]
        moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        since = moment.astimezone().strftime("%H:%M")
        await wait_until(pilot, lambda: "running" in strip_text(app), what="the strip")
        assert strip_text(app).splitlines()[0] == f"Stand-up running since {since} · s joins"
        await wait_until(pilot, lambda: "s Join " in footer_text(app), what="the footer")
        app.try_perform(actions.end_standup(str(started["standup_id"]), attendees=["ann"]))
        await wait_until(pilot, lambda: "running" not in strip_text(app), what="it ended")
        await wait_until(pilot, lambda: "s Stand-up" in footer_text(app), what="the footer")


async def test_the_presenter_view_at_80x24_shows_three_cards_a_column(team):
    """A shared screen at 80x24 fitted about two tall cards a column: where the full
    presenter card leaves fewer than three, the cards drop a title line and put what
    changed on the owner's line, as the normal view does."""
    board = BoardFolder.open(team)
    write_events(board, "ann", [actions.create_experiment(f"Extra {i}") for i in range(4)])
    app = make_app(team, "ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "v")
        goal = column(app, Stage.GOAL)
        assert len(goal.experiments) >= 3
        await wait_until(pilot, lambda: goal.presenter, what="the presenter view")
        assert 3 * goal.card_height - 1 <= goal.size.height
        lines = column_text(goal).splitlines()
        owners = [goal._card_of(e).owner for e in goal.experiments[:3]]
        for n, owner in enumerate(owners):
            assert lines[n * goal.card_height].split()[:2] == owner.split()[:2]
    async with make_app(team, "ann").run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "v")
        goal = column(pilot.app, Stage.GOAL)
        await wait_until(pilot, lambda: goal.presenter, what="the presenter view")
        assert goal.card_height == len(PRESENTER_ROWS) + 1  # room for the tall cards


async def test_a_change_works_out_the_attention_of_the_cards_it_touched_not_every_card(
    team, monkeypatch
):
    """Sorting by attention weighed every experiment again after each change (100-200 ms
    on 10,000, on the app's thread): a change now weighs only the experiments it touched;
    a fresh load or a new hour weighs them all."""
    import teamboard.views.cards as cards_module

    weighed: list[str] = []
    real = cards_module.attention

    def counting(experiment, now):
        weighed.append(experiment.id)
        return real(experiment, now)

    monkeypatch.setattr(cards_module, "attention", counting)
    app = make_app(team, "ann")
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        if board_screen(app).order is not ColumnOrder.ATTENTION:
            board_screen(app).order = ColumnOrder.ATTENTION
            board_screen(app).refresh_board()
        everyone = len(app.state.experiments)
        assert len(set(weighed)) >= everyone - len(
            [e for e in app.state.experiments.values() if e.withdrawn]
        )
        weighed.clear()
        app.perform(actions.ask_help("ann-2", "a listener"))
        await wait_until(pilot, lambda: "2 help asked" in strip_text(app), what="the change")
        assert set(weighed) == {"ann-2"}


async def test_a_first_open_says_how_far_reading_the_files_has_come(team, monkeypatch):
    """Without this computer's cache every file is read: the status line says how many."""
    import teamboard.tui.app as app_module
    from teamboard.tui.screens.board import BoardScreen

    monkeypatch.setattr(app_module, "LOADING_SHOWN_EVERY_S", 0)
    shown: list[str] = []
    real = BoardScreen.show_loading

    def spied(self, words: str) -> None:
        shown.append(words)
        real(self, words)
        shown.append(status_text(self.app))

    monkeypatch.setattr(BoardScreen, "show_loading", spied)
    app = make_app(team, "ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        files = len(list((team / "people").glob("*.json")))
        assert f"{files} of {files} files read" in shown
        assert any(f"opening the board… {files} of {files} files read" in s for s in shown)
        assert "files read" not in status_text(app)  # loaded: the status as always
