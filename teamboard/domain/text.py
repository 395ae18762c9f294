"""Text in words and characters, for every layer: which characters people's text may hold,
text made one line, counts in words ('1 day', '3 days'), and people's words in Markdown.

The one home of each: the events' rules (teamboard.domain.events), the exports, the
stand-up digest, the insights and the screens all use these.
"""

from __future__ import annotations

import re

# --- characters ---------------------------------------------------------------------------

# Text may hold any letter, emoji (with their joiners) or script, tabs and line breaks, but
# no other control characters: an escape sequence in a title would be sent to a
# colleague's terminal (clear the screen, set the window title, write the clipboard). Nor
# the bidirectional overrides and isolates, or the line and paragraph separators: they
# reorder or break what is shown, so that one name can pass for another. Checked by a
# pattern in pydantic's core, so a big board still opens quickly.
_C0_C1 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_REORDERING = "\u202a-\u202e\u2066-\u2069\u2028\u2029"
NO_CONTROL = f"^[^{_C0_C1}{_REORDERING}]*$"
# A one-line field (a name, a title) also has no tabs or line breaks.
ONE_LINE = f"^[^\x00-\x1f\x7f-\x9f{_REORDERING}]*$"
_UNSAFE = re.compile(f"[{_C0_C1}{_REORDERING}]")
_NOT_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_REORDERING}]")


def without_control(text: str) -> str:
    """Text from outside the events (the board's name, an error) made safe to show."""
    return _UNSAFE.sub("\ufffd", text)


def is_one_line(text: str) -> bool:
    """Whether the text fits a one-line field (ONE_LINE): no line breaks, tabs or controls."""
    return _NOT_ONE_LINE.search(text) is None


def one_line(text: str) -> str:
    """Text on one line: control codes dropped, line breaks, tabs and runs of spaces made
    one space, no space at either end. For pasted or typed text of a one-line field; for
    text from outside shown to a person, `one_line(without_control(text))` keeps a mark
    where a control code was."""
    return " ".join(_UNSAFE.sub("", text).split())


# --- counts in words ------------------------------------------------------------------------


def plural(n: int, one: str, many: str | None = None, *, grouped: bool = False) -> str:
    """'1 day', '3 days', '0 days': the count and its noun. An irregular plural is given
    (`plural(n, "person", "people")`, `plural(n, "experiment has", "experiments have")`);
    `grouped` writes the count with thousands separators ('1,200 experiments')."""
    count = f"{n:,}" if grouped else str(n)
    return f"{count} {one if n == 1 else many or one + 's'}"


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# --- Markdown -------------------------------------------------------------------------------

# What marks up text wherever it stands (a backslash makes each literal), an entity (its
# `&` is written `&amp;`), and what marks up a line at its start: a list item ('-', '+',
# '1.', '1)'), a setext underline ('=', '-'), a heading ('#'; '*', '>', '`', '~' and '<'
# are escaped wherever they stand). Lines are stripped: leading spaces would make code.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([#+=-])|^(\d+)([.)])")
# A heading's closing sequence: '#'s at the end of a line, after a space ('# C #' is 'C').
_CLOSING = re.compile(r"(?<=\s)(#+)$")
# What GitHub links in bare text (GFM's autolink extension): a URL, found at the ':' of
# its '://', and 'www.'. A backslash before that ':' or '.' keeps it text: the extension
# reads the source, where an escaped character is no longer the one it looks for. (An
# e-mail address it finds in the text as read, after escapes: no escape keeps it plain.)
_AUTOLINK = re.compile(r":(?=//)|(?<=www)\.", re.IGNORECASE)


def _literal_line(line: str) -> str:
    line = _ENTITY.sub("&amp;", _INLINE.sub(r"\\\1", line))
    line = _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)
    return _AUTOLINK.sub(r"\\\g<0>", _CLOSING.sub(r"\\\1", line))


def md_text(text: str, indent: str = "  ") -> str:
    """People's words in Markdown, shown as they wrote them: nothing they typed becomes a
    heading, a list, a link (nor a bare URL or 'www.' on GitHub), emphasis, code or HTML,
    at the start of a line or in it.
    Empty lines are dropped; lines after the first are indented by `indent` (to stay
    inside a list item: the width of its marker) and end in a hard line break."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()] or [""]
    return ("  \n" + indent).join(_literal_line(line) for line in lines)
