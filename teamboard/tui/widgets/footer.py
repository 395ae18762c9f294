"""The footer, fitted to the terminal's width.

Textual's footer lays its keys out in a row and docks the palette key (^p) to the right;
when the row is wider than the terminal, the keys run on under the palette key and the
last cell shows a stray letter of one of them ("^p palettee"). So the footer shows only
what fits: first the palette key goes (ctrl+p still opens it, and the help lists it),
then keys from the end of the row, never the help key (?), which lists every key.
Hidden keys still work.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTIONS = {"help", "app.help"}


class KeysFooter(Footer):
    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_keys)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self.fit_keys)

    def fit_keys(self) -> None:
        """Show the keys that fit in the footer's width (see the module)."""
        width = self.size.width
        keys = [key for key in self.query(FooterKey) if key.parent is self]
        palette = [key for key in keys if key.has_class("-command-palette")]
        row = [key for key in keys if not key.has_class("-command-palette")]
        if not width:
            return
        shown = list(row)
        used = sum(_width(key) for key in shown)
        room_for_palette = used + sum(_width(key) for key in palette) <= width
        while used > width and shown:
            # The last key that is not the help key goes first.
            candidates = [key for key in shown if key.action not in HELP_ACTIONS]
            if not candidates:
                break
            dropped = candidates[-1]
            shown.remove(dropped)
            used -= _width(dropped)
        for key in row:
            key.display = key in shown
        for key in palette:
            key.display = room_for_palette


def _width(key: FooterKey) -> int:
    """Cells a key takes in the row: its text, padding, border and margins."""
    text = cell_len(key.key_display)
    if key.description:
        text += 1 + cell_len(key.description)
    styles = key.styles
    return text + styles.gutter.width + styles.margin.width
