"""Text that every terminal draws as wide as we measure it, fitted to a width in cells.

Rich (and so Textual) measures a cluster like 👩‍💻, 👍🏽 or ❤️ as two cells; terminals do
not agree: tmux 3.3 draws 👍🏽 four cells wide and ❤️ one, xterm and VTE draw 👩‍💻 as two
emoji (four cells), kitty and WezTerm as one (two). A line measured one way and drawn the
other pushes everything after it, a column's right border included, out of line.

So a line that must end exactly at a border (a card on the board) is first made of
characters whose width terminals agree on, then measured and cut by cells:

- the zero width joiner goes, so a ZWJ sequence shows as its emoji side by side
  (👩‍💻 becomes 👩💻, four cells everywhere);
- skin-tone modifiers go (👍🏽 becomes 👍, two cells everywhere);
- variation selectors go, so a character takes its default width (❤️ becomes ❤, one cell);
- tag characters (subdivision flags 🏴󠁧󠁢󠁳󠁣󠁴󠁿 -> 🏴), other invisible format characters
  (zero width space, direction marks, soft hyphen), the line and paragraph separators and
  control characters go;
- so does any other character Rich measures as zero width that is no mark on the
  character before it (a Hangul filler, a character newer than this Python's Unicode):
  terminals draw those at widths of their own;
- text is composed (NFC), before and after the rest: a Hangul syllable written as its
  letters (as macOS writes file names) becomes the one syllable (two cells everywhere),
  e + ◌́ becomes é;
- a flag (two regional indicators, two cells in Rich and in terminals alike) stays whole,
  and a cut never splits one; a lone regional indicator goes.

Letters of every script, CJK (two cells), combining accents and single emoji stay as
they are. The full text is shown elsewhere (the experiment screen); this is only for
lines that must line up.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size

from teamboard.domain.text import one_line

ELLIPSIS = "…"

_SKIN_TONES = range(0x1F3FB, 0x1F400)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def _dropped(char: str) -> bool:
    code = ord(char)
    if code < 0x7F:
        return code < 0x20
    if code in _SKIN_TONES or any(code in selectors for selectors in _VARIATION_SELECTORS):
        return True
    # Cc: control characters; Cf: format characters (joiners, tags, direction marks, soft
    # hyphen, zero width space...); Zl, Zp: the line and paragraph separators: invisible,
    # and measured differently by terminals (or taken as a line break).
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zl", "Zp"):
        return True
    # Zero cells in Rich, but no mark on the character before it: a terminal draws it as
    # one cell, two or none.
    return get_character_cell_size(char) == 0 and not category.startswith("M")


def _is_regional(char: str) -> bool:
    return ord(char) in _REGIONAL_INDICATORS


@lru_cache(maxsize=4096)
def terminal_safe(text: str) -> str:
    """`text` with only characters whose width terminals agree on (see the module)."""
    if text.isascii() and text.isprintable():
        return text
    kept = [char for char in unicodedata.normalize("NFC", text) if not _dropped(char)]
    # Regional indicators pair up into flags from the left; one left over goes.
    out: list[str] = []
    index = 0
    while index < len(kept):
        char = kept[index]
        if _is_regional(char):
            if index + 1 < len(kept) and _is_regional(kept[index + 1]):
                out += [char, kept[index + 1]]
                index += 2
                continue
            index += 1
            continue
        out.append(char)
        index += 1
    # Composed again: a mark that followed a dropped character now follows a letter
    # (a + zero width no-break space + ◌́ is á), so the result is safe to make safe again.
    return unicodedata.normalize("NFC", "".join(out))


def _clusters(text: str) -> list[tuple[str, int]]:
    """`text` (already terminal-safe) as pieces a cut must not split, with their widths:
    a character with the zero-width marks after it, or a flag."""
    pieces: list[tuple[str, int]] = []
    index = 0
    while index < len(text):
        char = text[index]
        if _is_regional(char) and index + 1 < len(text) and _is_regional(text[index + 1]):
            piece = text[index : index + 2]
            index += 2
        else:
            piece = char
            index += 1
        while index < len(text) and get_character_cell_size(text[index]) == 0:
            piece += text[index]
            index += 1
        pieces.append((piece, cell_len(piece)))
    return pieces


def fit(text: str, width: int) -> str:
    """`text` made terminal-safe and exactly `width` cells wide: cut with an ellipsis when
    it is longer, padded with spaces when it is shorter."""
    if width <= 0:
        return ""
    text = terminal_safe(text)
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    room = width - 1  # for the ellipsis
    used = 0
    out = []
    for piece, cells in _clusters(text):
        if used + cells > room:
            break
        out.append(piece)
        used += cells
    return "".join(out) + ELLIPSIS + " " * (room - used)


def wrap(text: str, width: int, lines: int) -> list[str]:
    """`text` made terminal-safe and broken at spaces into at most `lines` lines, each
    exactly `width` cells wide (a word longer than a line is cut where it must be; what
    does not fit in the last line ends with an ellipsis). At least one line."""
    if width <= 0 or lines <= 0:
        return [""] * max(lines, 1)
    words = terminal_safe(one_line(text)).split(" ")
    out: list[str] = []

    def ending(rest: list[str]) -> list[str]:
        """The lines so far, and the rest on the last line, cut."""
        return [fit(line, width) for line in [*out, " ".join(rest).strip()]]

    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if len(out) == lines - 1:
            return ending([current, *words[index:]])
        if current:
            out.append(current)
        current = word
        while cell_len(current) > width:
            # A word longer than the line: as much of it as fits, the rest on the next.
            head, used = "", 0
            for piece, cells in _clusters(current):
                if used + cells > width:
                    break
                head += piece
                used += cells
            if len(out) == lines - 1 or not head:
                return ending([current, *words[index + 1 :]])
            out.append(head)
            current = current[len(head) :]
    out.append(current)
    return [fit(line, width) for line in out]
