"""Messages the app sends its screens."""

from __future__ import annotations

from textual.message import Message

from teamboard.domain.events import Event


class BoardChanged(Message):
    """The state changed: by my action, another person's, or a fresh load."""

    def __init__(self, events: list[Event], reloaded: bool = False) -> None:
        super().__init__()
        self.events = events
        self.reloaded = reloaded
