"""What is drawn fits where it is drawn: cards with emoji titles end at their column's
border, a column's title keeps to one line, a Select's list opens inside its form."""

from __future__ import annotations

import pytest
from boards import write_events
from rich.cells import cell_len
from textual.widgets._select import SelectCurrent, SelectOverlay

from teamboard.domain.events import STAGES, Stage
from teamboard.tui.screens.forms.experiment import ExperimentForm
from teamboard.tui.widgets.card_column import ColumnTitle, title_text
from teamboard.tui.widgets.dialog_select import DialogSelect

from .helpers import (
    BIG,
    SMALL,
    board_screen,
    column,
    make_app,
    send_keys,
    small_board,
    wait_loaded,
    wait_until,
)

# Each a cluster terminals draw at different widths: a flag, skin tones, ZWJ sequences,
# emoji presentation selectors, a keycap, a subdivision flag; and CJK and an accent.
EMOJI_TITLES = {
    "flags": "Flags 🇩🇪🇫🇷🇮🇹 for the Berlin, Paris and Rome offices",
    "skin": "Thumbs 👍🏽 up 👍🏿 for 👍🏻 review comments",
    "zwj": "Pair 👩‍💻 coding 👨‍👩‍👧 with the whole team",
    "vs16": "Hearts ❤️ and ⚠️ warnings ✔️ in 1️⃣ place",
    "mixed": "🏴󠁧󠁢󠁳󠁣󠁴󠁿 中文 café 👩🏽‍🚀 🇯🇵",
    "short": "👍🏽",
}
INVISIBLE = {"\u200d", "\ufe0f", "\ufe0e", *map(chr, range(0x1F3FB, 0x1F400))}


@pytest.fixture
def emoji_board(tmp_path):
    root = tmp_path / "emoji"
    board = small_board(root)
    write_events(board, "ben", {"type": "member_joined", "name": "Ben 👨🏾‍🦱 Baker"})
    for i, (key, title) in enumerate(EMOJI_TITLES.items()):
        author = ("ann", "ben")[i % 2]
        write_events(
            board,
            author,
            {"type": "experiment_created", "experiment_id": key, "title": title},
        )
        if i % 3 == 1:
            write_events(
                board, author, {"type": "stage_moved", "experiment_id": key, "to": "practice"}
            )
    return root


def cells_at(line: str, char: str) -> list[int]:
    """The cell offsets at which `char` is drawn in `line`."""
    offsets, x = [], 0
    for c in line:
        if c == char:
            offsets.append(x)
        x += cell_len(c)
    return offsets


@pytest.mark.parametrize("size", [BIG, SMALL])
async def test_cards_with_emoji_titles_end_at_their_column_border(emoji_board, size):
    app = make_app(emoji_board, "ann")
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        for key in EMOJI_TITLES:
            board_screen(app).jump_to(key)  # scrolls its card into view
            await pilot.pause()
            for stage in STAGES:
                col = column(app, stage)
                width = col.scrollable_content_region.width
                for y in range(col.size.height):
                    strip = col.render_line(y)
                    # Exactly the column's width, measured segment by segment and whole.
                    assert strip.cell_length == width, (key, stage, y, strip.text)
                    assert cell_len(strip.text) == width, (key, stage, y, strip.text)
                    # Drawn only with characters every terminal gives the same width.
                    assert not INVISIBLE & set(strip.text), (key, stage, y, strip.text)
            # And so the borders line up down the whole board.
            lines = [s.text for s in app.screen._compositor.render_strips()]
            top = next(i for i, line in enumerate(lines) if line.startswith("╭"))
            bottom = next(i for i, line in enumerate(lines) if line.startswith("╰"))
            borders = cells_at(lines[top + 1], "│")
            assert len(borders) == 2 * len(STAGES)
            for line in lines[top + 1 : bottom]:
                assert cells_at(line, "│") == borders, (key, line)
        shown = "\n".join(
            column(app, stage).render_line(y).text
            for stage in STAGES
            for y in range(column(app, stage).size.height)
        )
        assert "Ben 👨🦱 Baker" in shown  # a name too, drawn without its skin tone and joiner


@pytest.mark.parametrize(
    ("label", "count", "width", "shown"),
    [
        ("Reflection", 3, 30, "Reflection  3"),
        ("Reflection", 4, 12, "Reflection 4"),  # 60 columns: one space, still whole
        ("Reflection", 12, 12, "Reflecti… 12"),
        ("Reflection", 3, 9, "Reflec… 3"),
        ("Goal", 120, 4, "120"),
        ("Practice", None, 5, "Prac…"),
    ],
)
def test_a_column_title_fits_its_width(label, count, width, shown):
    text = title_text(label, count, width)
    assert text.plain == shown
    assert text.cell_len <= width


async def test_at_60x20_every_column_title_is_one_line_and_the_cards_start_level(demo):
    app = make_app(demo)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot)
        screen = board_screen(app)
        titles = list(screen.query(ColumnTitle))
        assert len(titles) == len(STAGES)
        for title in titles:
            assert title.size.height == 1
            rendered = title.render().plain
            assert cell_len(rendered) <= title.content_region.width
            assert rendered.endswith(f" {title.count}"), rendered
        assert titles[2].render().plain == "Reflection 4"
        tops = {column(app, stage).region.y for stage in Stage}
        assert len(tops) == 1, tops


@pytest.mark.parametrize("size", [SMALL, (60, 20)])
@pytest.mark.parametrize("field", ["apply_kind", "confidence"])
async def test_a_select_list_opens_inside_its_form(demo, size, field):
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "n")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentForm))
        form = app.screen
        select = form.widget(field)
        assert isinstance(select, DialogSelect)
        select.focus()
        await pilot.pause()
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: select.expanded)
        await pilot.pause()
        overlay = select.query_one(SelectOverlay)
        dialog = form.query_one(".form").content_region
        shown = overlay.region
        assert shown.height >= 3, shown
        assert dialog.contains_region(shown), (dialog, shown)
        assert not shown.overlaps(select.query_one(SelectCurrent).region), "it hides the choice"
        # Every option can be reached, the list scrolls when it is short of room.
        await send_keys(pilot, "end", "enter")
        await wait_until(pilot, lambda: not select.expanded)
        assert select.value is not select.NULL
