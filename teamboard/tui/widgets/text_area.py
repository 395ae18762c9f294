"""A TextArea for notes and answers that takes a paste whole (see `text_fields`): apart,
so that the app imports TextArea when a form first needs it, not at start."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from teamboard.tui.widgets.text_fields import take_paste


class ManyLinesArea(TextArea):
    """A TextArea for notes and answers: a paste keeps its lines, loses its control codes."""

    async def _on_paste(self, event: events.Paste) -> None:
        # Async as TextArea's own handler is (Textual runs it after this one, unless the
        # paste was cleaned down to nothing).
        take_paste(self, event, one_line=False)

    def action_paste(self) -> None:
        """Ctrl+V: the app's own clipboard, cleaned like any other paste."""
        if self.app.clipboard and not self.read_only:
            self.post_message(events.Paste(self.app.clipboard))
