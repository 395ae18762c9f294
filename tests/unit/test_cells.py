"""Text fitted to a width in cells, drawn only with characters whose width terminals agree
on (teamboard.tui.widgets.cells; Rich only, no Textual).

The properties draw any text: hand-picked pieces (emoji sequences, flags, accents, wide
characters, invisible ones), what a terminal acts on (escape sequences, control
characters, tabs and line breaks, direction overrides and isolates, line and paragraph
separators) and any code point at all."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size

from teamboard.domain.text import one_line
from teamboard.tui.widgets.cells import ELLIPSIS, fit, terminal_safe, wrap

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
# What a terminal acts on, or draws in its own way.
HOSTILE = [
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b",
    "\t",
    "\n",
    "\r\n",
    "\x00",
    "\x7f",
    "\x85",
    "\x9b31m",
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200f",  # right-to-left mark
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\ufeff",
    "\u3164",  # Hangul filler: a letter that shows nothing
    "\u115f",
    "\u3000",  # ideographic space
    "\u00a0",
    "\u0301",  # a combining accent with nothing before it
    "שלום",
    "مرحبا",
    "[bold]x[/]",
]
UNSURE = {"\u200d", "\ufe0f", "\ufe0e", "\u200b", "\u00ad", *map(chr, range(0x1F3FB, 0x1F400))}
# Any text: the pieces above (test_board_at_a_glance draws the first ones too), and any
# code point at all (surrogates aside: not text).
TEXT = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES + HOSTILE), st.text(max_size=2)), max_size=12).map(
        "".join
    ),
    st.text(max_size=30),
)
SETTINGS = settings(max_examples=300, derandomize=False, print_blob=True)


def agreed(text: str) -> list[str]:
    """What in `text` a terminal may act on or draw at another width than Rich measures:
    control and format characters, separators, the unsure ones, and a character of zero
    width that is not a mark on the character before it (a mark at the start of a line
    marks the border before it, in Rich and in terminals alike)."""
    wrong = []
    for char in text:
        category = unicodedata.category(char)
        if (
            category in ("Cc", "Cf", "Cs", "Zl", "Zp")
            or char in UNSURE
            or (get_character_cell_size(char) == 0 and not category.startswith("M"))
        ):
            wrong.append(char)
    return wrong


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
        ("café 中文 e\u0301", "café 中文 é"),  # composed where Unicode has one character
        ("Zoë 中文 x\u0301", "Zoë 中文 x\u0301"),  # the rest kept as it is
        ("\u1112\u1161\u11ab", "한"),  # a syllable written as its letters: one syllable
        ("line\u2028para\u2029end", "lineparaend"),  # separators: a line break somewhere
        ("\u3164filler \ufffd \x1b[2J", "filler \ufffd [2J"),  # shows nothing; the escape
        ("plain ascii", "plain ascii"),
    ],
)
def test_terminal_safe_keeps_what_terminals_agree_on(text, safe):
    assert terminal_safe(text) == safe


@SETTINGS
@given(TEXT, st.integers(0, 30))
def test_fit_is_exactly_the_width_in_cells(text, width):
    fitted = fit(text, width)
    assert cell_len(fitted) == width
    assert agreed(fitted) == []
    safe = terminal_safe(text)
    assert agreed(safe) == []
    if not width:
        assert fitted == ""  # nothing at all, not even a mark of no width
    elif cell_len(safe) <= width:
        assert fitted.rstrip(" ") == safe.rstrip(" ")
    else:
        # Cut with an ellipsis, after a whole part of the text: never half a flag.
        head = fitted.rstrip(" ")
        assert head.endswith(ELLIPSIS)
        assert safe.startswith(head[: -len(ELLIPSIS)])
        assert sum(0x1F1E6 <= ord(c) < 0x1F200 for c in head) % 2 == 0


@SETTINGS
@given(TEXT, st.integers(0, 30), st.integers(0, 4))
def test_wrap_breaks_into_lines_exactly_the_width_in_cells(text, width, lines):
    """At most `lines` lines (at least one), each exactly `width` cells, of characters
    terminals agree on; together, the text's words (made one line: a tab or a line break
    parts words) in order, all of them or the first ones and an ellipsis."""
    wrapped = wrap(text, width, lines)
    assert 1 <= len(wrapped) <= max(lines, 1)
    if not width or not lines:
        assert wrapped == [""] * max(lines, 1)
        return
    for line in wrapped:
        assert cell_len(line) == width
        assert agreed(line) == []
    words = "".join(terminal_safe(one_line(text)).split())
    shown = "".join("".join(wrapped).split())
    if shown != words:
        assert shown.endswith(ELLIPSIS), (shown, words)
        assert words.startswith(shown[: -len(ELLIPSIS)])


def test_fit_cuts_a_wide_character_it_cannot_hold_whole():
    assert fit("中文字", 4) == "中… "
    assert fit("🇩🇪🇫🇷", 3) == "🇩🇪…"
    assert fit("🇩🇪🇫🇷", 2) == "… "
    assert fit("anything", 0) == ""


def test_a_mark_after_a_dropped_character_is_composed_with_the_letter_before():
    """Found by the wrap property: a, a zero width no-break space, ◌́ became a + ◌́, which a
    second pass composed to á, so fitting a safe text changed it."""
    assert terminal_safe("a\ufeff\u0301") == "\u00e1"
    assert terminal_safe(terminal_safe("a\ufeff\u0301")) == "\u00e1"
