"""A bracketed paste reaches the app whole, as one `events.Paste`, in the order it was sent.

Why this exists: Textual's own parser (textual/_xterm_parser.py, `XTermParser.parse`)
collects a bracketed paste only up to the first ESC inside it. From that ESC on it reads
the paste as if it were an escape sequence, and when the next ESC comes (or 32 characters
pass) it gives up and reissues what it read as *key presses*, each ESC as the key `^`. Those
keys go out at once; the `Paste` with the text before the first ESC goes out only at the
end of the paste. So a paste of `Plain ESC[1mbold ESC[0m end` arrives as the keys
`^[1mbold^[0m end` and then `Paste("Plain ")`: scrambled, and, worse, what follows an ESC
acts as typing: a line break as Enter (which submits a form), a letter as a key binding.

The fix is the least we could do from outside Textual: `PasteSafeXTermParser` takes the
paste markers and what lies between them out of the input stream before Textual's parser
sees it and sends that text as one `Paste`, exactly as the terminal sent it (escape codes
included); all other input goes to Textual's parser unchanged. What a field does with the
codes is the field's business (`teamboard.tui.widgets.text_fields` removes them and says so).

The drivers build their parser inside their input threads from the name `XTermParser` in
their own modules, with no way to hand them another, so `use_paste_safe_parser` points that
name at the subclass for the driver the app runs with (`TeamboardApp.get_driver_class`).
Should a Textual release stop building its parser that way, nothing is replaced and pastes
behave as Textual makes them; `tests/app/test_paste.py` checks that the name is still there.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable

from textual import constants, events
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


def _marker_start_at_end(text: str, marker: str, shortest: int) -> int:
    """The length of the longest end of `text` (at least `shortest`) that begins `marker`."""
    for size in range(min(len(marker) - 1, len(text)), shortest - 1, -1):
        if marker.startswith(text[len(text) - size :]):
            return size
    return 0


class PasteSafeXTermParser(XTermParser):
    """Textual's parser, with bracketed pastes taken out of the stream first."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._paste: list[str] | None = None  # the paste so far, while inside one
        # The end of the last chunk when it may be the start of a paste marker split
        # between two reads: it waits for the next chunk (outside a paste, only briefly).
        self._held = ""
        self._held_since = 0.0

    def feed(self, data: str) -> Iterable[Message]:
        if not data:
            return self._end_of_input()
        out: list[Message] = []
        text, self._held = self._held + data, ""
        while text:
            if self._paste is None:
                start = text.find(PASTE_START)
                if start < 0:
                    # A lone ESC at the end is not held back: it may be the escape key,
                    # which must not wait (a start marker split right after its ESC is
                    # then left to Textual, as before).
                    keep = _marker_start_at_end(text, PASTE_START, shortest=2)
                    out += self._to_textual(text[: len(text) - keep])
                    self._hold(text[len(text) - keep :])
                    break
                out += self._to_textual(text[:start])
                self._paste = []
                text = text[start + len(PASTE_START) :]
            else:
                end = text.find(PASTE_END)
                if end < 0:
                    keep = _marker_start_at_end(text, PASTE_END, shortest=1)
                    self._paste.append(text[: len(text) - keep])
                    self._hold(text[len(text) - keep :])
                    break
                self._paste.append(text[:end])
                out.append(self._pasted())
                text = text[end + len(PASTE_END) :]
        return out

    def tick(self) -> Iterable[Message]:
        # Held outside a paste and nothing came after it: it was typed, not a marker.
        if (
            self._held
            and self._paste is None
            and time.monotonic() - self._held_since >= constants.ESCAPE_DELAY
        ):
            held, self._held = self._held, ""
            yield from self._to_textual(held)
        yield from super().tick()

    def _hold(self, text: str) -> None:
        self._held = text
        self._held_since = time.monotonic()

    def _to_textual(self, text: str) -> list[Message]:
        # Never feed Textual's parser "": to a parser that means the end of input.
        return list(super().feed(text)) if text else []

    def _pasted(self) -> events.Paste:
        text = "".join(self._paste or [])
        self._paste = None
        # Textual drops NUL from pastes too (textual issue #1661).
        return events.Paste(text.replace("\x00", ""))

    def _end_of_input(self) -> list[Message]:
        held, self._held = self._held, ""
        out: list[Message] = []
        if self._paste is not None:
            self._paste.append(held)
            out.append(self._pasted())
        else:
            out += self._to_textual(held)
        return out + list(super().feed(""))


def use_paste_safe_parser(driver_class: type[Driver]) -> None:
    """Make the driver (and the drivers it is built on) read input with the subclass."""
    names = {cls.__module__ for cls in driver_class.__mro__}
    names.add("textual.drivers.win32")  # the Windows driver's input thread lives there
    for name in names:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "XTermParser", None) is XTermParser:
            module.__dict__["XTermParser"] = PasteSafeXTermParser
