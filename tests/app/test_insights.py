"""The insights screen, driven with the keyboard on the demo board at a fixed clock: the
seven levers with the numbers `views.insights.levers` works out, a lever opened to its chart and
the experiments behind its number, one person beside the team, a change arriving from
elsewhere, and the charts drawn in a light and a dark theme."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from boards import new_board, write_events
from textual.color import Color
from textual.widgets import Collapsible, OptionList, Sparkline, Static

from teamboard.store.folder import BoardFolder
from teamboard.tui.screens import insights as insights_screen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.insights import MAX_LISTED, InsightsScreen
from teamboard.tui.screens.pickers import MemberPicker
from teamboard.tui.widgets.charts import WeeklyChart, theme_colours
from teamboard.views.insights.formulas import confidence_by_day
from teamboard.views.insights.levers import insights
from teamboard.views.insights.signals import describe

from .helpers import NOW, make_app, screen_text, send_keys, wait_loaded, wait_until
from .test_palette import search

SIZE = (100, 40)


async def open_insights(pilot) -> InsightsScreen:
    await wait_loaded(pilot)
    await send_keys(pilot, "i")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, InsightsScreen))
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.shown is not None, what="the insights")
    await pilot.pause()
    return screen


async def open_lever(pilot, screen: InsightsScreen, n: int) -> Collapsible:
    """Walk down to lever n's title with the arrow keys and open it with enter."""
    lever = screen.query_one(f"#lever-{n}", Collapsible)
    title = lever.query_one("CollapsibleTitle")
    for _ in range(12):
        if pilot.app.focused is title:
            break
        await send_keys(pilot, "down")
    assert pilot.app.focused is title
    await send_keys(pilot, "enter")
    await wait_until(pilot, lambda: not lever.collapsed)
    await pilot.pause()
    return lever


async def test_i_shows_the_seven_levers_worked_out_off_the_ui_thread(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    states: list[tuple] = []

    def recorded(*args):
        threads.append(threading.current_thread())
        states.append(args)
        return insights(*args)

    monkeypatch.setattr(insights_screen, "insights", recorded)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_insights(pilot)
        expected = insights(app.state, NOW)
        text = screen_text(app)
        assert "Insights  ·  the team  ·  12 experiments" in text
        for lever in expected.levers:
            line = f"{lever.number} {lever.name} · {lever.verdict.value} · "
            assert line + describe(lever.signals[0]) in text
        assert "4 Practice and reflection · neglected" in text
        assert threads and threading.main_thread() not in threads
        # The thread read a snapshot of the board, never the live state itself.
        assert all(state is not app.live.state for state, *_ in states)


async def test_a_lever_opens_to_its_signals_chart_and_the_experiments_behind_it(
    demo: Path,
) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot)
        await open_lever(pilot, screen, 4)
        text = screen_text(app)
        assert "practice per person per week" in text
        assert "Make room for it" in text
        assert "practice entries" in text  # the chart's legend
        behind = screen.query_one("#lever-4-behind", OptionList)
        expected = insights(app.state, NOW).levers[3].experiments
        assert [behind.get_option_at_index(i).id for i in range(behind.option_count)] == list(
            expected
        )
        assert "Behind the number: 3 experiments" in text
        # Down into the list, and enter opens the first experiment.
        await send_keys(pilot, "down")
        assert app.focused is behind
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        assert app.screen.experiment_id == expected[0]
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_one_person_beside_the_team_and_back(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot)
        await send_keys(pilot, "@")
        await wait_until(pilot, lambda: isinstance(app.screen, MemberPicker))
        picker = app.screen.query_one(OptionList)
        for _ in range(10):
            option = picker.get_option_at_index(picker.highlighted or 0)
            if option.id == "member:zoe":
                break
            await send_keys(pilot, "down")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: screen.shown is not None and screen.shown[1] is not None)
        await pilot.pause()
        assert screen.member == "zoe"
        text = screen_text(app)
        assert "Zoë Lambert and the team  ·  2 experiments" in text
        await open_lever(pilot, screen, 4)
        text = screen_text(app)
        zoe = insights(app.state, NOW, "zoe").levers[3].signals[0]
        assert describe(zoe) in text
        assert "team 0.2" in text  # the team's number beside hers
        assert "this person" in text and "team" in text  # both series in the chart
        await send_keys(pilot, "escape")  # the team's again
        await wait_until(pilot, lambda: screen.shown is not None and screen.shown[1] is None)
        await pilot.pause()
        assert screen.member is None
        assert "the team  ·  12 experiments" in screen_text(app)


async def test_a_change_from_elsewhere_updates_the_numbers(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot)
        (alone,) = insights(app.state, NOW).levers[6].experiments
        owner = app.state.experiments[alone].owner
        helper = next(m for m in app.state.members if m != owner)
        board = BoardFolder.open(demo)
        write_events(
            board, helper, {"type": "support_added", "experiment_id": alone, "supporter": helper}
        )
        app.take_changes([board.person_file(helper)])
        await wait_until(
            pilot,
            lambda: "7 Colleagues · working · 100% (12 of 12)" in screen_text(app),
            what="the colleagues lever to count the new supporter",
        )
        title = screen.query_one("#lever-7-behind-title", Static)
        assert "Nothing behind this number" in str(title.render())


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_every_chart_is_drawn_in_a_light_and_a_dark_theme(demo: Path, theme: str) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        screen = await open_insights(pilot)
        for collapsible in screen.query(Collapsible):
            collapsible.collapsed = False
        await pilot.pause()
        charts = list(screen.query(WeeklyChart))
        assert len(charts) == 8
        colours = theme_colours(app.get_css_variables())
        assert colours[0] == Color.parse(app.current_theme.primary).rgb  # the theme's own
        for chart in charts:
            chart.scroll_visible(animate=False)
            await pilot.pause()
            drawn = chart.render()
            assert chart.series, chart.id
            assert str(drawn).strip(), chart.id  # something is drawn, no error
        assert "Goal" in str(screen.query_one("#flow-chart", WeeklyChart).render())


async def test_the_experiment_screen_draws_confidence_over_time(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        (rated,) = [
            e for e in app.state.experiments.values() if e.title == "Giving feedback that lands"
        ]
        app.push_screen(ExperimentScreen(rated.id))
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        await pilot.pause()
        trend = app.screen.query_one("#confidence-trend", Sparkline)
        assert trend.display
        assert list(trend.data) == confidence_by_day(rated, NOW)
        assert trend.data[0] == 2 and trend.data[-1] == 5
        text = screen_text(app)
        assert "Confidence" in text and "2 → 5" in text
        assert "rated 4 times since" in text


async def test_the_palette_switches_to_insights(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await search(pilot, "Switch to insights", "Switch to insights")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InsightsScreen))
        await wait_until(pilot, lambda: app.screen.shown is not None)
        assert app.current_mode == "insights"


async def test_a_long_list_behind_a_number_shows_the_first_hundred(tmp_path: Path) -> None:
    root = tmp_path / "board"
    board = new_board(root, "Big", "ann", "Ann", at=NOW - timedelta(days=10))
    write_events(
        board,
        "ann",
        [
            {
                "type": "experiment_created",
                "experiment_id": f"exp{i:04d}",
                "title": f"Experiment {i}",
                "at": (NOW - timedelta(days=5)).isoformat(),
            }
            for i in range(105)
        ],
    )
    app = make_app(root, me="ann")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot)
        listing = screen.query_one("#lever-7-behind", OptionList)
        assert listing.option_count == MAX_LISTED == 100
        title = str(screen.query_one("#lever-7-behind-title", Static).render())
        assert "Behind the number: 105 experiments, the first 100 here" in title
