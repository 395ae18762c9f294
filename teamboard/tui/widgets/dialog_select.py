"""A Select whose list opens inside its dialog.

Textual's Select opens its list (an overlay, up to 12 lines) below itself and keeps it on
the screen, not in the dialog: at 80x24 the list of a Select near the bottom of a form
covers the form's buttons, its border and the footer below the dialog. This one opens the
list below itself when it fits in the dialog, else above, else on the side with more
room, as tall as that room (the list scrolls).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import SelectOverlay, SelectType

MAX_LIST_HEIGHT = 12  # Textual's own max-height for the list


class DialogSelect(Select[SelectType]):
    def watch_expanded(self, expanded: bool) -> None:
        if expanded:
            self.place_list()

    def dialog(self) -> Widget | None:
        """The container the list must stay in: the outermost one on the screen."""
        for ancestor in self.ancestors:
            if isinstance(ancestor.parent, Screen) and isinstance(ancestor, Widget):
                return ancestor
        return None

    def place_list(self) -> None:
        """Put the list below or above the Select, inside the dialog (see the module)."""
        dialog = self.dialog()
        if dialog is None:
            return
        overlay = self.query_one(SelectOverlay)
        inside = dialog.content_region
        top = self.region.y  # the line that shows the current choice
        below = inside.bottom - (top + 1)
        above = top - inside.y
        border = overlay.styles.gutter.height
        wanted = min(MAX_LIST_HEIGHT, overlay.option_count + border)
        if below >= wanted:
            height, offset = wanted, 0
        elif above >= wanted:
            height, offset = wanted, -(wanted + 1)
        elif below >= above:
            height, offset = below, 0
        else:
            height, offset = above, -(above + 1)
        overlay.styles.max_height = max(height, 1)
        overlay.styles.offset = (0, offset)
