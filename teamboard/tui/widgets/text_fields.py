"""Text fields that take a paste whole: in order, without control codes, fitted to the field.

A bracketed paste reaches a field as one `events.Paste` holding exactly what the terminal
sent (see `teamboard.tui.terminal_input`), escape codes included. Before Textual's own Input
and TextArea insert it, `clean_paste` makes it text the board accepts:

- An escape sequence is removed whole, not just its ESC: a CSI sequence (colours, cursor
  moves: ESC [ ... final byte), a string sequence up to its BEL or ST (OSC window titles,
  clipboard writes and hyperlinks, DCS, SOS, PM, APC; their text is a command, not content),
  and the short ESC sequences (ESC ( B, ESC 7). An ESC that starts none of these goes alone,
  and so does the opening of a string sequence that never ends: what follows stays visible.
- Every other character the model's NO_CONTROL rule refuses (other control characters,
  direction overrides) is removed too. Letters, emoji with their joiners and variation
  selectors, and every script are kept as they are.
- Line breaks (CR LF, CR, NEL, U+2028, U+2029) become LF. A one-line field joins the lines
  with one space each (blank lines dropped, each line trimmed) and turns tabs into spaces.

When it removed codes or joined lines, the field says so in a short notice (markup=False),
so nothing is changed silently. Ctrl+V, which pastes the app's own clipboard, goes the
same way.

ManyLinesArea, the TextArea, is in `text_area.py`: TextArea takes a tenth of the app's
imports, and the board's first screen has only one-line fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input

from teamboard.domain.text import NO_CONTROL

if TYPE_CHECKING:
    from textual.widgets import TextArea

_ESCAPE_SEQUENCE = re.compile(
    # CSI: ESC [ (or its one-character form), parameters, intermediates, one final byte.
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    # OSC, DCS, SOS, PM, APC: everything up to the BEL or the string terminator (ST).
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    # Any other escape sequence: ESC, intermediates, one final byte.
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
_LINE_BREAK = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_ALLOWED = re.compile(NO_CONTROL)


@dataclass(frozen=True)
class CleanPaste:
    text: str
    removed_codes: bool = False
    joined_lines: int = 0  # how many lines became one (0: none were joined)

    @property
    def notice(self) -> str:
        said = []
        if self.joined_lines:
            said.append(f"Pasted {self.joined_lines} lines as one: this field takes one line.")
        if self.removed_codes:
            said.append("Removed control codes (such as colours or escape sequences).")
        return " ".join(said)


def without_codes(text: str) -> str:
    """The text without escape sequences or other control codes; line breaks become LF."""
    text = _LINE_BREAK.sub("\n", _ESCAPE_SEQUENCE.sub("", text))
    if _ALLOWED.fullmatch(text):
        return text
    return "".join(ch for ch in text if _ALLOWED.fullmatch(ch))


def clean_paste(text: str, *, one_line: bool) -> CleanPaste:
    """What a field inserts for a paste of `text`, and what it changed on the way."""
    kept = without_codes(text)
    removed = _LINE_BREAK.sub("\n", text) != kept
    joined = 0
    if one_line:
        kept = kept.replace("\t", " ")
        if "\n" in kept:
            lines = [line.strip() for line in kept.split("\n")]
            lines = [line for line in lines if line]
            joined = len(lines) if len(lines) > 1 else 0
            kept = " ".join(lines)
    return CleanPaste(kept, removed, joined)


def take_paste(field: Input | TextArea, event: events.Paste, *, one_line: bool) -> None:
    """Put the clean text in the event for the Textual widget's own handler to insert.

    Textual runs a message's handlers from the subclass up the class hierarchy, so the
    subclasses' `_on_paste` (below, and in text_area.py) runs first, and Input's or
    TextArea's own `_on_paste` then inserts the clean text (over the selection, with undo).
    A paste that leaves nothing ends here, so that it does not clear a selection.

    The paste goes no further up: TextArea lets it bubble, and a paste that reached the
    field directly (Ctrl+V below) would bubble to the App, which sends it back to the
    focused field, to be inserted twice.
    """
    event.stop()
    clean = clean_paste(event.text, one_line=one_line)
    event.text = clean.text
    if clean.notice:
        field.notify(clean.notice, markup=False)
    if not clean.text:
        event.prevent_default()


class OneLineInput(Input):
    """An Input for one line of text: a pasted text's lines are joined with spaces."""

    def _on_paste(self, event: events.Paste) -> None:
        take_paste(self, event, one_line=True)

    def action_paste(self) -> None:
        """Ctrl+V: the app's own clipboard, cleaned like any other paste."""
        if self.app.clipboard:
            self.post_message(events.Paste(self.app.clipboard))
