"""The pieces of the board at a glance that need no app: titles wrapped on up to three
lines (the presenter view), a card's "new" words, the column orders, and the column order
remembered per board (teamboard.store.local)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from teamboard.store.local import (
    remember_for_board,
    remember_theme,
    remembered_for_board,
    remembered_theme,
)
from teamboard.tui.widgets.cells import ELLIPSIS, terminal_safe, wrap
from teamboard.views.cards import Card, ColumnOrder, change_words, main_change, new_mark, new_words
from teamboard.views.feed import FeedItem, FeedKind

from .test_cells import PIECES

AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

# --- wrapping a title -------------------------------------------------------------------------


def test_a_title_wraps_at_spaces_and_the_rest_is_cut_on_the_last_line():
    title = "Explaining numbers to people who are not analysts, in five minutes or less"
    assert wrap(title, 16, 3) == [
        "Explaining      ",
        "numbers to      ",
        "people who are …",
    ]
    assert wrap("Short", 10, 3) == ["Short     "]
    assert wrap("a" * 20 + " b", 8, 3) == ["aaaaaaaa", "aaaaaaaa", "aaaa b  "]


@given(
    st.lists(st.sampled_from([*PIECES, "word", "longerword"]), max_size=30).map("".join),
    st.integers(1, 40),
    st.integers(1, 4),
)
def test_wrapped_lines_fit_exactly_and_keep_the_words_that_fit(text, width, lines):
    wrapped = wrap(text, width, lines)
    assert 1 <= len(wrapped) <= lines
    assert all(cell_len(line) == width for line in wrapped)
    shown = " ".join(line.strip() for line in wrapped)
    if not shown.endswith(ELLIPSIS):
        # Nothing cut: every character shown, in order (a long word split across lines).
        assert "".join(shown.split()) == "".join(terminal_safe(text).split())


# --- a card's "new" words -------------------------------------------------------------------


def item(kind: FeedKind, detail: str = "", text: str = "") -> FeedItem:
    return FeedItem(kind, AT, "ann", "ann", "e1", text, detail)


def card(*new: FeedItem) -> Card:
    return Card("e1", "Ann Archer", "Listen first", 3, 1, 0, None, (), new=new)


def test_a_card_says_its_most_telling_change_and_how_many_more():
    moved = item(FeedKind.MOVE, "Goal → Practice")
    praised = item(FeedKind.PRAISE, "effort", "Well done")
    assert change_words(moved) == "moved Goal → Practice"
    assert main_change([praised, moved]) is moved
    assert new_words(card(praised, moved)) == "moved Goal → Practice +1"
    assert new_mark(card(praised)) == ["• praised", "• new", "•"]
    assert new_mark(card(moved, praised)) == [
        "• moved Goal → Practice +1",
        "• → Practice +1",
        "• new",
        "•",
    ]
    assert new_mark(card()) == []
    assert change_words(item(FeedKind.CONFIDENCE, "3 → 4")) == "confidence 3 → 4"


def test_every_change_on_a_card_has_words():
    for kind in FeedKind:
        assert change_words(item(kind, "x → y", "reached Success"))


def test_the_column_orders_cycle():
    assert [ColumnOrder.OWNER.next, ColumnOrder.ATTENTION.next, ColumnOrder.DAYS.next] == [
        ColumnOrder.ATTENTION,
        ColumnOrder.DAYS,
        ColumnOrder.OWNER,
    ]
    assert {order.label for order in ColumnOrder} == {
        "by owner",
        "attention first",
        "longest in stage first",
    }


# --- remembered per board -------------------------------------------------------------------


def test_the_column_order_is_remembered_per_board(tmp_path: Path):
    prefs = tmp_path / "config" / "preferences.json"
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    assert remembered_for_board(one, "column_order", prefs) is None
    remember_theme("nord", prefs)
    remember_for_board(one, "column_order", "attention", prefs)
    remember_for_board(two, "column_order", "days", prefs)
    assert remembered_for_board(one, "column_order", prefs) == "attention"
    assert remembered_for_board(two, "column_order", prefs) == "days"
    assert remembered_theme(prefs) == "nord"  # other preferences stay
    # The same board by another path (relative, through a symlink) is the same board.
    link = tmp_path / "link"
    link.symlink_to(one)
    assert remembered_for_board(link, "column_order", prefs) == "attention"
    # A choice of another name for the same board stays apart.
    remember_for_board(one, "turn_order", "alphabetical", prefs)
    assert remembered_for_board(one, "turn_order", prefs) == "alphabetical"
    assert remembered_for_board(one, "column_order", prefs) == "attention"


def test_an_unreadable_or_odd_preferences_file_remembers_nothing(tmp_path: Path):
    prefs = tmp_path / "preferences.json"
    board = tmp_path / "board"
    for content in ("not json", "[]", '{"boards": []}', '{"boards": {"x": 3}}'):
        prefs.write_text(content)
        assert remembered_for_board(board, "column_order", prefs) is None
        remember_for_board(board, "column_order", "days", prefs)  # and writing it over still works
        assert remembered_for_board(board, "column_order", prefs) == "days"
    data = json.loads(prefs.read_text())
    assert data["boards"][str(board.resolve())] == {"column_order": "days"}
