"""One stage of the board: a scrolling column of cards that draws only what is visible.

A column may hold thousands of experiments; mounting a widget per card would take
seconds, so this is a line-API widget: it keeps the list of experiments and builds the
few lines on screen when Textual asks for them.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from teamboard.cards import Card
from teamboard.model import Stage
from teamboard.state import Experiment

CARD_LINES = 4  # owner, title, facts, flags
CARD_HEIGHT = CARD_LINES + 1  # and a blank line between cards


class CardColumn(ScrollView, can_focus=False):
    COMPONENT_CLASSES = {
        "card",
        "card--selected",
        "card--owner",
        "card--facts",
        "card--flags",
        "card--empty",
    }

    DEFAULT_CSS = """
    CardColumn {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    """

    class Selected(Message):
        """A card was clicked (twice, to open it)."""

        def __init__(self, column: CardColumn, index: int, open: bool) -> None:
            super().__init__()
            self.column = column
            self.index = index
            self.open = open

    def __init__(self, stage: Stage, card_of: Callable[[Experiment], Card], **kwargs) -> None:
        super().__init__(**kwargs)
        self.stage = stage
        self._card_of = card_of
        self.experiments: list[Experiment] = []
        self.cursor: int | None = None  # the selected card, when this column has focus
        self.empty_text = "nothing here yet"

    # --- content ------------------------------------------------------------------------

    def show(self, experiments: list[Experiment], cursor: int | None) -> None:
        self.experiments = experiments
        self.cursor = cursor
        self.virtual_size = Size(self.size.width, len(experiments) * CARD_HEIGHT)
        self.refresh()
        if cursor is not None:
            self.scroll_to_card(cursor, animate=False)

    def set_cursor(self, cursor: int | None) -> None:
        if cursor != self.cursor:
            old, self.cursor = self.cursor, cursor
            for index in (old, cursor):
                if index is not None:
                    self.refresh(self._card_region(index))
        if cursor is not None:
            self.scroll_to_card(cursor)

    def scroll_to_card(self, index: int, animate: bool = False) -> None:
        self.scroll_to_region(
            Region(0, index * CARD_HEIGHT, 1, CARD_HEIGHT), animate=animate, force=True
        )

    def _card_region(self, index: int) -> Region:
        top = index * CARD_HEIGHT - round(self.scroll_offset.y)
        return Region(0, top, self.size.width, CARD_HEIGHT)

    @property
    def visible_cards(self) -> range:
        first = int(self.scroll_offset.y) // CARD_HEIGHT
        last = (int(self.scroll_offset.y) + self.size.height) // CARD_HEIGHT
        return range(first, min(last + 1, len(self.experiments)))

    # --- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_offset.y)
        index, row = divmod(line, CARD_HEIGHT)
        base = self.rich_style
        if not self.experiments:
            if y == 1:
                text = Text(self.empty_text, style=self._part("card--empty"))
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        if index >= len(self.experiments) or row == CARD_LINES:
            return Strip.blank(width, base)
        card = self._card_of(self.experiments[index])
        style = self.get_component_rich_style("card--selected" if index == self.cursor else "card")
        return self._strip(self._card_line(card, row), width, base + style)

    def _card_line(self, card: Card, row: int) -> Text:
        # User text goes into Text as plain strings: never parsed as markup.
        if row == 0:
            return Text(card.owner, style=self._part("card--owner"))
        if row == 1:
            return Text(" ".join(card.title.split()))
        if row == 2:
            confidence = f"{card.confidence}/5" if card.confidence else "–/5"
            if self.size.width >= 26:
                facts = f"{card.days}d · {card.supporters} sup · {card.praise} ♥ · {confidence}"
            else:  # a narrow terminal: the same facts, tighter
                facts = f"{card.days}d {card.supporters}sup {card.praise}♥ {confidence}"
            return Text(facts, style=self._part("card--facts"))
        if card.flags:
            return Text(
                "! " + " ".join(flag.short for flag in card.flags),
                style=self._part("card--flags"),
            )
        return Text("")

    def _part(self, name: str) -> Style:
        # Only what the part sets itself, so the card's background shows through.
        return self.get_component_rich_style(name, partial=True)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        padded = Text(" ")
        padded.append_text(text)
        padded.truncate(width - 1, overflow="ellipsis")
        segments = list(padded.render(self.app.console))
        strip = Strip(segments).crop(0, width)
        return strip.extend_cell_length(width).apply_style(style) if width else Strip([Segment("")])

    # --- mouse --------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        line = event.y + int(self.scroll_offset.y)
        index, row = divmod(line, CARD_HEIGHT)
        if index < len(self.experiments) and row < CARD_LINES:
            event.stop()
            self.post_message(self.Selected(self, index, open=event.chain >= 2))
