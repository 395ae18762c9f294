"""Every built-in theme keeps the board readable, in true colour and in 256 colours, and
the theme chosen is the one the app starts with next time.

Contrast is measured here on the segments the board draws (tests/app/wcag.py: the WCAG
formula written out again, not the app's own helper, after rounding each colour as a
terminal with 256 colours does, the way such a terminal will show it).
"""

from __future__ import annotations

import itertools
import json

import pytest
from rich.segment import Segment
from textual.command import CommandList, CommandPalette
from wcag import SYSTEMS, TEXT, contrast, measurable, rgb

from teamboard.domain.events import Stage
from teamboard.store.local import preferences_file
from teamboard.tui.widgets.card_column import SELECTED_MARK
from teamboard.tui.widgets.footer import KeysFooter

from .helpers import BIG, column, make_app, send_keys, wait_loaded, wait_until

BORDER = 1.5  # a column's border must be seen (it was 1.0, white on white, in light themes)


def first_hit(app) -> str | None:
    """The first line of the palette's first hit, if it shows one."""
    if not isinstance(app.screen, CommandPalette):
        return None
    hits = app.screen.query_one(CommandList)
    if not hits.option_count:
        return None
    return str(hits.get_option_at_index(0).prompt).split("\n")[0]


def text_segments(strip) -> list[Segment]:
    return [s for s in strip if s.text.strip() and s.text != SELECTED_MARK]


async def test_every_theme_keeps_the_cards_readable(demo):
    """The facts line, the flags and the selected card read on their background, and the
    selected card stands out, in every built-in theme (the facts line was white on white
    in the light themes; the selected card lost its colour in 256 colours)."""
    app = make_app(demo)
    problems: list[str] = []
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        goal = column(app, Stage.GOAL)  # the cursor is on its first card
        practice = column(app, Stage.PRACTICE)
        assert goal.cursor == 0 and practice.cursor is None
        flagged = [  # unselected cards with a line of flags
            i
            for i in range(len(practice.experiments))
            if practice.render_line(i * 5 + 3).text.strip()
        ]
        themes = sorted(app.available_themes)
        assert {"textual-light", "catppuccin-latte", "solarized-light", "textual-dark"} <= set(
            themes
        )
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            await pilot.pause()
            lines = {
                "selected owner": goal.render_line(0),
                "selected title": goal.render_line(1),
                "selected facts": goal.render_line(2),
                "selected flags": goal.render_line(3),
                "owner": practice.render_line(0),
                "title": practice.render_line(1),
                "facts": practice.render_line(2),
                "flags": practice.render_line(flagged[0] * 5 + 3),
            }
            for name, strip in lines.items():
                assert text_segments(strip), (theme, name)
                # The selected card is marked at its left edge, whatever the colours.
                if name.startswith("selected") and not strip.text.startswith(SELECTED_MARK):
                    problems.append(f"{theme}: {name} has no mark")
                for segment in text_segments(strip):
                    if not measurable(segment):
                        continue
                    for system_name, system in SYSTEMS.items():
                        ratio = contrast(segment, system)
                        if ratio < TEXT:
                            problems.append(
                                f"{theme}, {system_name}: {name} {segment.text.strip()!r} "
                                f"has contrast {ratio:.1f}"
                            )
            # The selected card's background is not the other cards'.
            selected = text_segments(lines["selected owner"])[0].style
            other = text_segments(lines["owner"])[0].style
            assert selected is not None and other is not None
            for system_name, system in SYSTEMS.items():
                if measurable(Segment("x", selected)) and measurable(Segment("x", other)):
                    same = rgb(selected.bgcolor, system) == rgb(other.bgcolor, system)
                else:
                    same = selected.bgcolor == other.bgcolor
                if same:
                    problems.append(f"{theme}, {system_name}: the selected card looks like others")
            # The columns' borders are seen; the footer's keys are read.
            screen = app.screen._compositor.render_strips()
            # The columns' top border: under the status line and the summary strip.
            border = next(s for line in screen for s in line if s.text.startswith("╭"))
            footer = [s for s in text_segments(screen[-1]) if s.text.strip() != "▏"]
            for system_name, system in SYSTEMS.items():
                if measurable(border) and contrast(border, system) < BORDER:
                    problems.append(f"{theme}, {system_name}: column borders barely show")
                for segment in footer:
                    if measurable(segment) and contrast(segment, system) < TEXT:
                        problems.append(
                            f"{theme}, {system_name}: footer {segment.text.strip()!r} "
                            f"has contrast {contrast(segment, system):.1f}"
                        )
    assert not problems, "\n".join(problems)


async def test_the_chosen_theme_is_the_one_the_app_starts_with(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "textual-dark"
        # Chosen the way a person does: the palette, "theme", then the theme's name.
        await send_keys(pilot, "ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await send_keys(pilot, *"theme")
        await wait_until(pilot, lambda: first_hit(app) == "Theme", what="the Theme command")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: first_hit(app) is not None, what="the themes")
        await send_keys(pilot, *"catppuccin-latte")
        await wait_until(pilot, lambda: first_hit(app) == "catppuccin-latte", what="the theme")
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: app.theme == "catppuccin-latte", what="the theme")
        await wait_until(pilot, preferences_file().exists, what="the theme to be remembered")
    assert json.loads(preferences_file().read_text())["theme"] == "catppuccin-latte"

    again = make_app(demo)
    async with again.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert again.theme == "catppuccin-latte"


async def test_a_theme_chosen_just_before_quitting_is_remembered(demo):
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert json.loads(preferences_file().read_text())["theme"] == "nord"


@pytest.mark.parametrize(
    "content", ['{"theme": "no-such-theme"}', "not json", '["nord"]', '{"theme": 7}']
)
async def test_an_unknown_or_unreadable_remembered_theme_is_left_aside(demo, content):
    preferences_file().parent.mkdir(parents=True, exist_ok=True)
    preferences_file().write_text(content)
    app = make_app(demo)
    async with app.run_test(size=BIG) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "textual-dark"
        assert app.is_running


def footer_problems(app, width: int) -> list[str]:
    """What is wrong with the footer as drawn at this width (nothing, once it fits)."""
    footer = app.screen.query_one(KeysFooter)
    shown = [key for key in footer.children if key.display]
    regions = sorted((key.region for key in shown), key=lambda r: r.x)
    line = app.screen._compositor.render_strips()[-1].text
    row, _, palette = line.partition("▏")
    entries = [
        f"{key.key_display} {key.description}".strip()
        for key in shown
        if not key.has_class("-command-palette")
    ]
    problems = []
    if not regions or not entries:
        problems.append("no keys shown")
    problems += [
        f"{left} runs on under {right}"
        for left, right in itertools.pairwise(regions)
        if left.right > right.x
    ]
    problems += [f"{r} runs past the edge" for r in regions if r.right > width]
    # Whole entries, one space apart, and nothing after them: no stray letters.
    if row.rstrip() != " ".join(entries):
        problems.append(f"the row is not the keys one space apart: {line!r}")
    if entries and entries[-1] != "? Keys":
        problems.append(f"the help key is not last: {line!r}")
    # The palette key shows whole where it fits after the keys, or not at all (its key
    # is in help; at 80 columns the board's own keys fill the footer).
    if palette.strip() not in ("", "^p palette"):
        problems.append(f"the palette key is cut: {line!r}")
    if bool(palette) != (len(row.rstrip()) + 12 <= width):
        problems.append(
            f"the palette key shows where it does not fit, or not where it does: {line!r}"
        )
    return problems


async def wait_footer_fits(pilot, width: int) -> None:
    """The footer fits its keys once it is drawn at this width: wait for that, and say
    what is wrong with it if it never does."""
    app = pilot.app
    await wait_until(pilot, lambda: app.me == "maria", what="who I am to be known")
    problems: list[str] = []

    def fits() -> bool:
        problems[:] = footer_problems(app, width)
        return not problems

    try:
        await wait_until(pilot, fits, what=f"the footer to fit {width} columns")
    except AssertionError as timeout:
        raise AssertionError(f"{timeout}: {problems}") from None


async def test_the_footer_offers_its_keys_on_the_footer_only_as_they_fit(demo):
    """No key runs on under another (it garbled the footer below 80 columns); the help
    key, which lists every key, always shows."""
    for width in (120, 80, 79, 70, 60, 59, 50, 40):
        app = make_app(demo)
        async with app.run_test(size=(width, 20)) as pilot:
            await wait_loaded(pilot)
            await wait_footer_fits(pilot, width)
