"""The feed for the stand-up: a divider where what is new since the last stand-up ends,
the "all activity" view grouped by day with its own kinds to filter by, and each item's
sentence from teamboard.views.feed.headline (one mark per kind).

The board of tests/app/test_board_standup.py: the last stand-up Wednesday 09:00-09:10,
read at NOW (Friday 09:00 UTC)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events
from textual.widgets import OptionList

from teamboard.domain import actions
from teamboard.tui.screens.feed import MARK, FeedScreen
from teamboard.views.feed import ACTIVITY, FeedKind

from .helpers import NOW, make_app, send_keys, wait_loaded, wait_until
from .test_board_standup import at, build

SIZE = (100, 60)
DIVIDER = "── ↑ new since the last stand-up (Wed 09:10) ──"


@pytest.fixture
def team(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    build(root)
    return root


def feed_lines(app) -> list[str]:
    feed = app.screen.query_one("#feed", OptionList)
    return [feed.render_line(y).text.strip() for y in range(feed.size.height)]


def heads(app) -> list[str]:
    """The first line of each item (its mark, the sentence, when), the day headings and
    the divider."""
    marks = tuple(MARK.values())
    return [
        line.split("  ·  ")[0]
        for line in feed_lines(app)
        if line.startswith(marks) or line.startswith(("──", "Today", "Yesterday", "Wed", "Tue"))
    ]


def status(app) -> str:
    return app.screen.query_one("#feed-status").render().plain


async def open_feed(pilot) -> FeedScreen:
    app = pilot.app
    await wait_loaded(pilot)
    await send_keys(pilot, "f")
    await wait_until(pilot, lambda: isinstance(app.screen, FeedScreen), what="the feed")
    await pilot.pause()
    assert isinstance(app.screen, FeedScreen)
    return app.screen


def test_every_kind_of_item_has_its_mark():
    assert set(MARK) == set(FeedKind)
    assert len(set(MARK.values())) == len(MARK)


async def test_the_feed_divides_what_is_new_since_the_last_stand_up(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_feed(pilot)
        assert heads(app) == [
            "★ Ann Archer (manager) praised the effort of Ben Baker",
            "◆ Ann Archer reached Success",
            "? Cy Chen asked for help",
            DIVIDER,
            "◆ Ann Archer logged a first practice",
        ]
        # Her ask, under the sentence and the experiment's title.
        lines = feed_lines(app)
        ask = lines.index("? Cy Chen asked for help  ·  12 hours ago")
        assert lines[ask + 1 : ask + 3] == [
            "Speak up in retros",
            "someone to watch my demo on Thursday",
        ]
        # The divider is read, never highlighted: the cursor steps over it.
        assert screen.selected is not None and screen.selected.kind is FeedKind.PRAISE
        await send_keys(pilot, "down", "down", "down")
        assert screen.selected is not None
        assert screen.selected.text == "logged a first practice"
        await send_keys(pilot, "up")
        assert screen.selected.kind is FeedKind.HELP


async def test_with_nothing_new_there_is_no_divider_and_the_status_says_so(tmp_path):
    root = tmp_path / "quiet"
    board = new_board(root, "Quiet", "ann", "Ann Archer", at=NOW - timedelta(days=9))
    write_events(board, "ben", {"type": "member_joined", "name": "Ben Baker", "at": at(days=8)})
    write_events(board, "ann", actions.praise("ben", "Thanks for the cover") | {"at": at(days=3)})
    app = make_app(root, "ann")
    async with app.run_test(size=SIZE) as pilot:
        await open_feed(pilot)
        assert heads(app) == ["★ Ann Archer (manager) praised the effort of Ben Baker"]
        assert status(app).endswith("nothing new in the last 24 hours (no stand-up recorded yet)")


async def test_all_activity_is_grouped_by_day_with_the_divider_in_its_place(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_feed(pilot)
        await send_keys(pilot, "v")
        assert screen.activity
        assert status(app).startswith("All activity")
        shown = heads(app)
        assert shown[:9] == [
            "Today, Fri 27 Nov",
            "★ Ann Archer (manager) praised the effort of Ben Baker",
            "→ Ann Archer moved it Reflection → Success",
            "Yesterday, Thu 26 Nov",
            "? Cy Chen asked for help",
            "→ Ben Baker moved it Goal → Practice",
            DIVIDER,
            "Wed 25 Nov",
            "◎ Ann Archer ended a stand-up (3 present)",
        ]
        assert "Mon 23 Nov" not in shown or shown.index("Mon 23 Nov") > 8
        assert "¶ Ann Archer wrote a reflection" in shown
        assert "✎ Ann Archer logged practice (on 2026-11-19)" in shown
        # Milestones repeat a move or a practice: not in the activity log.
        assert not any(line.startswith("◆") for line in shown)
        # The first highlighted row is an item, not the day's heading.
        assert screen.selected is not None and screen.selected.kind is FeedKind.PRAISE

        # The recognition feed again.
        await send_keys(pilot, "v")
        assert not screen.activity
        assert status(app).startswith("Recognition feed")
        assert "Today, Fri 27 Nov" not in heads(app)


async def test_the_activity_log_filters_by_its_own_kinds_person_and_about_me(team):
    app = make_app(team, "ben")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_feed(pilot)
        await send_keys(pilot, "v")
        # The kinds key goes through the activity log's kinds, to the moves.
        await send_keys(pilot, *["#"] * (ACTIVITY.index(FeedKind.MOVE) + 1))
        assert screen.kind is FeedKind.MOVE
        assert "move · esc clears" in status(app)
        items = [line for line in heads(app) if line[:1] in MARK.values()]
        assert items and all(line.startswith("→") for line in items)
        assert len(items) == 6  # Ann's four moves and Ben's two
        # About me: Ben's own moves only.
        await send_keys(pilot, "m")
        items = [line for line in heads(app) if line[:1] in MARK.values()]
        assert items == ["→ Ben Baker moved it Goal → Practice"] * 2
        # Back in the recognition feed a move is no kind to filter by: that filter goes.
        await send_keys(pilot, "v")
        assert screen.kind is None and screen.about_me
        await send_keys(pilot, "escape")
        assert not screen.about_me
        await send_keys(pilot, "v", "#")
        assert screen.kind is ACTIVITY[0]


async def test_praise_is_taken_back_from_the_activity_log_too(team):
    app = make_app(team, "ann")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_feed(pilot)
        await send_keys(pilot, "v")
        assert screen.selected is not None and screen.selected.kind is FeedKind.PRAISE
        assert screen.check_action("take_back", ())
        assert screen.check_action("praise", ())
        await send_keys(pilot, "down")
        assert screen.selected.kind is FeedKind.MOVE
        assert not screen.check_action("take_back", ())
