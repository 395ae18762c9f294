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
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.widgets import Collapsible, OptionList, Static
from wcag import SYSTEMS, measurable, ratio

from teamboard.store.folder import BoardFolder
from teamboard.tui.screens import insights as insights_screen
from teamboard.tui.screens.experiment import CONFIDENCE_COLUMNS, ExperimentScreen
from teamboard.tui.screens.insights import (
    MAX_LISTED,
    BehindList,
    Detail,
    InsightsScreen,
    Levers,
)
from teamboard.tui.screens.pickers import MemberPicker
from teamboard.tui.widgets.charts import WeeklyChart, theme_colours
from teamboard.views.insights.formulas import confidence_by_day
from teamboard.views.insights.levers import insights
from teamboard.views.insights.signals import describe, spark, stretched, trend_spark

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


def lever_line(text: str, n: int, name: str) -> str:
    """The overview's line of lever n: its name, trend, verdict and number."""
    (line,) = [
        line for line in text.splitlines() if f"▶ {n} {name} " in line or f"▼ {n} {name} " in line
    ]
    return line.rstrip()


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
            line = lever_line(text, lever.number, lever.name)
            assert f"  {lever.verdict.value}  " in line, line
            assert line.rstrip().endswith(describe(lever.signals[0])), line
        assert "neglected" in lever_line(text, 4, "Practice and reflection")
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
        # Tab into the list, and enter opens the first experiment.
        await send_keys(pilot, "tab")
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
        assert "team 0.3" in text  # the team's number beside hers (0.25, rounded up)
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
            lambda: lever_line(screen_text(app), 7, "Colleagues").endswith("100% (12 of 12)"),
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
            drawn = chart.plot.render()
            assert chart.series, chart.id
            assert str(drawn).strip(), chart.id  # something is drawn, no error
        legend = str(screen.query_one("#flow-chart", WeeklyChart).legend.render())
        assert "Goal" in legend and "Success" in legend


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
        trend = app.screen.query_one("#confidence-trend", Static)
        assert trend.display
        by_day = confidence_by_day(rated, NOW)
        assert by_day[0] == 2 and by_day[-1] == 5
        drawn = str(trend.render())
        assert drawn == spark(stretched(by_day, CONFIDENCE_COLUMNS), (1, 5))
        # From 1 to 5: the first rating, 2, is a low bar, not the lowest (min to max).
        assert drawn[0] == "▃" and drawn[-1] == "█"
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


# --- moving through the levers ---------------------------------------------------------------


def lever_title(screen: InsightsScreen, n: int):
    return screen.query_one(f"#lever-{n}", Collapsible).query_one("CollapsibleTitle")


async def test_after_enter_the_arrows_and_j_k_still_move_between_levers(demo: Path) -> None:
    """Opening a lever dropped the next ↓ into its list, where ↑ ↓ moved in the list and j
    k went to the scrolling area behind, from which enter did nothing."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot)
        lever = await open_lever(pilot, screen, 4)
        assert app.focused is lever_title(screen, 4)
        for key, n in [("down", 5), ("j", 6), ("up", 5), ("k", 4), ("k", 3), ("j", 4)]:
            await send_keys(pilot, key)
            assert app.focused is lever_title(screen, n), (key, app.focused)
        assert not lever.collapsed  # still open: enter closes it, and the cursor stays
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: lever.collapsed)
        assert app.focused is lever_title(screen, 4)
        # At the ends the cursor stays (it went round to the top, through the lists).
        await open_lever(pilot, screen, 7)
        await send_keys(pilot, "down")
        assert app.focused is lever_title(screen, 7)
        # pgup pgdn scroll what an open lever shows below its title.
        levers = screen.query_one(Levers)
        before = levers.scroll_y
        await send_keys(pilot, "pageup")
        assert levers.scroll_y < before
        await send_keys(pilot, "pagedown")
        assert levers.scroll_y == before
        assert app.focused is lever_title(screen, 7)


async def test_tab_goes_into_the_list_enter_opens_one_and_esc_goes_back(demo: Path) -> None:
    """Lever 7 lists one experiment (nobody supports it): tab reaches it, enter opens it
    (it did nothing), esc goes back from the list to the lever."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot)
        (alone,) = insights(app.state, NOW).levers[6].experiments
        await open_lever(pilot, screen, 7)
        behind = screen.query_one("#lever-7-behind", BehindList)
        await send_keys(pilot, "tab")
        assert app.focused is behind
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen))
        assert app.screen.experiment_id == alone
        # Back from the experiment: in the list, to open the next one.
        await send_keys(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert app.focused is behind
        # j k move in the list, as the arrows do (one experiment: it stays).
        await send_keys(pilot, "j", "k")
        assert app.focused is behind
        await send_keys(pilot, "escape")
        assert app.focused is lever_title(screen, 7)
        await send_keys(pilot, "up")
        assert app.focused is lever_title(screen, 6)


async def test_leaving_for_another_section_and_back_starts_at_the_levers(demo: Path) -> None:
    """In a lever's list, b then i came back in the list."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot)
        await open_lever(pilot, screen, 4)
        await send_keys(pilot, "tab")
        assert isinstance(app.focused, BehindList)
        await send_keys(pilot, "b")
        await wait_until(pilot, lambda: app.current_mode == "board")
        await send_keys(pilot, "i")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert app.focused is lever_title(screen, 4)
        await send_keys(pilot, "down")
        assert app.focused is lever_title(screen, 5)


# --- the overview ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(160, 45), (120, 40)])
async def test_a_big_screen_shows_each_levers_trend_verdict_advice_and_signals(
    demo: Path, size: tuple[int, int]
) -> None:
    """At 160x45 the overview was eight closed lines over an empty screen."""
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        screen = await open_insights(pilot)
        expected = insights(app.state, NOW)
        text = screen_text(app)
        flat = " ".join(text.split())  # the advice, however it wraps
        for lever in expected.levers:
            line = lever_line(text, lever.number, lever.name)
            assert trend_spark(lever.signals[0]) in line
            assert lever.verdict.value in line
            assert lever.signals[0].label in line  # what the number counts
            assert " ".join(lever.advice.split()) in flat
            for signal in lever.signals[1:]:
                assert f"{trend_spark(signal)}  {describe(signal)}" in text
        assert screen.detail is Detail.SPACED
        # All of it at once, without scrolling.
        assert screen.query_one(Levers).max_scroll_y == 0


async def test_a_small_screen_shows_each_levers_line_and_advice_without_scrolling(
    demo: Path,
) -> None:
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        expected = insights(app.state, NOW)
        text = screen_text(app)
        for lever in expected.levers:
            line = lever_line(text, lever.number, lever.name)
            assert trend_spark(lever.signals[0]) in line and lever.verdict.value in line
            assert f"→ {lever.advice[:40]}" in text  # its advice, cut to one line
        assert screen.detail is Detail.ADVICE_LINE
        assert screen.query_one(Levers).max_scroll_y == 0
        # An open lever shows all of it, not its overview lines.
        await open_lever(pilot, screen, 2)
        assert not screen.query_one("#lever-2-summary").display
        assert screen.query_one("#lever-3-summary").display


# --- the charts' colours ---------------------------------------------------------------------

GRAPHIC = 3.0  # WCAG 1.4.11: bars, lines, marks against what is next to them
# What plotext draws data with: bars and the quarter blocks of its lines and points.
DATA_GLYPHS = set("█▀▄▌▐▖▗▘▙▚▛▜▝▞▟")


def data_segments(chart: WeeklyChart, app) -> list[Segment]:
    """The segments of the plot that draw data (bars, lines, points), as the terminal gets
    them, and the legend's marks."""
    drawn = [*chart.plot.render().render(app.console), *chart.legend_text.render(app.console)]
    return [
        s
        for s in drawn
        if s.text.strip() and set(s.text.strip()) <= DATA_GLYPHS and s.style is not None
    ]


async def test_every_charts_colours_stand_out_from_its_background_in_every_theme(
    demo: Path,
) -> None:
    """3:1 at least (WCAG 1.4.11, for what is not text), in true colour and in 256 colours:
    catppuccin-latte's orange "result" bars had 2.2:1."""
    app = make_app(demo)
    problems: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_insights(pilot)
        for collapsible in screen.query(Collapsible):
            collapsible.collapsed = collapsible.id not in ("flow", "lever-2", "lever-6")
        await pilot.pause()
        charts = [
            screen.query_one(f"#{name}-chart", WeeklyChart)
            for name in ("flow", "lever-2", "lever-6")
        ]
        themes = [name for name in sorted(app.available_themes) if not app.get_theme(name).ansi]
        assert "catppuccin-latte" in themes and len(themes) > 15
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            background = Color.parse(app.get_css_variables()["surface"]).rich_color
            for chart in charts:
                segments = data_segments(chart, app)
                colours = {s.style.color for s in segments}
                # Every series is drawn: the flow's four stages, two kinds of praise, a line.
                assert len(colours) >= min(len(chart.series), 4), (theme, chart.id, colours)
                for segment in segments:
                    colour = segment.style.color
                    behind = segment.style.bgcolor or background
                    if not measurable(Segment("x", RichStyle(color=colour, bgcolor=behind))):
                        continue
                    for system_name, system in SYSTEMS.items():
                        found = ratio(colour, behind, system)
                        if found < GRAPHIC:
                            problems.append(
                                f"{theme}, {system_name}: {chart.id} {colour.name} on "
                                f"{behind.name} has {found:.1f}:1"
                            )
    assert not problems, "\n".join(sorted(set(problems)))


def y_ticks(chart: WeeklyChart) -> list[str]:
    """The labels on the plot's y axis, top to bottom."""
    lines = chart.plot.render().plain.splitlines()
    return [line.split("┤")[0].strip() for line in lines if "┤" in line]


async def test_the_charts_axes_say_what_the_text_says_and_the_legend_covers_nothing(
    demo: Path,
) -> None:
    """Shares were drawn from 0.00 to 1.00 beside "83%", ratings had ticks at 3.67 and
    4.33, and the legend sat on the first week's bar and on a line at 1.00."""
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_insights(pilot)
        for collapsible in screen.query(Collapsible):
            collapsible.collapsed = collapsible.id not in ("lever-1", "lever-2", "lever-4")
        await pilot.pause()
        share = screen.query_one("#lever-1-chart", WeeklyChart)
        assert y_ticks(share) == ["100%", "75%", "50%", "25%", "0%"]
        assert "83%" in screen_text(app)  # the same number, in the same unit
        rating = screen.query_one("#lever-2-chart", WeeklyChart)
        assert y_ticks(rating) == ["5", "4", "3", "2", "1"]
        counts = screen.query_one("#lever-4-chart", WeeklyChart)
        assert all(tick.isdigit() for tick in y_ticks(counts))
        for chart in (share, rating, counts):
            plot = chart.plot.render().plain
            for name, _ in chart.series:
                assert name not in plot, (chart.id, name)  # not over the data
                assert name in chart.legend_text.plain  # below it
