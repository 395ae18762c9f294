"""Text fitted to a width in cells, drawn only with characters whose width terminals agree
on (teamboard.tui.widgets.cells; Rich only, no Textual)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from teamboard.tui.widgets.cells import ELLIPSIS, fit, terminal_safe

PIECES = [
    "a",
    "Zoë",
    "e\u0301",
    "中",
    "🇩🇪",
    "🇩",
    "👍🏽",
    "👩\u200d💻",
    "❤\ufe0f",
    "1\ufe0f\u20e3",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "\u200b",
    "\u00ad",
    " ",
]
UNSURE = {"\u200d", "\ufe0f", "\ufe0e", "\u200b", "\u00ad", *map(chr, range(0x1F3FB, 0x1F400))}


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("Flags 🇩🇪🇫🇷", "Flags 🇩🇪🇫🇷"),  # two cells each, in Rich and in terminals
        ("Thumbs 👍🏽", "Thumbs 👍"),  # tmux draws 👍🏽 four cells wide, kitty two
        ("Pair 👩\u200d💻", "Pair 👩💻"),  # xterm draws four cells, kitty two
        ("Love ❤\ufe0f", "Love ❤"),  # tmux draws one cell, Rich counts two
        ("1\ufe0f\u20e3 keycap", "1\u20e3 keycap"),
        ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f x", "🏴 x"),
        ("lone 🇩 x", "lone  x"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        ("café 中文 e\u0301", "café 中文 e\u0301"),  # kept as they are
        ("plain ascii", "plain ascii"),
    ],
)
def test_terminal_safe_keeps_what_terminals_agree_on(text, safe):
    assert terminal_safe(text) == safe


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.integers(0, 30))
def test_fit_is_exactly_the_width_in_cells(text, width):
    fitted = fit(text, width)
    assert cell_len(fitted) == width
    assert not UNSURE & set(fitted)
    safe = terminal_safe(text)
    if cell_len(safe) <= width:
        assert fitted.rstrip(" ") == safe.rstrip(" ")
    elif width:
        # Cut with an ellipsis, after a whole part of the text: never half a flag.
        head = fitted.rstrip(" ")
        assert head.endswith(ELLIPSIS)
        assert safe.startswith(head[: -len(ELLIPSIS)])
        assert sum(0x1F1E6 <= ord(c) < 0x1F200 for c in head) % 2 == 0


def test_fit_cuts_a_wide_character_it_cannot_hold_whole():
    assert fit("中文字", 4) == "中… "
    assert fit("🇩🇪🇫🇷", 3) == "🇩🇪…"
    assert fit("🇩🇪🇫🇷", 2) == "… "
    assert fit("anything", 0) == ""
