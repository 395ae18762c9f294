"""One stage of the board: a scrolling column of cards that draws only what is visible.

A column may hold thousands of experiments; mounting a widget per card would take
seconds, so this is a line-API widget: it keeps the list of experiments and builds the
few lines on screen when Textual asks for them.

Colours come from the stylesheet (styles/app.tcss) through the component classes, each
worked out against the card's own background (`get_visual_style`), so that a muted colour
such as `$text-muted` ("auto 60%") is a grey readable on that background in every theme,
light or dark. The selected card takes the theme's cursor colours (the ones OptionList and
DataTable use) and a bar at its left edge, so it stands out in 256 colours and without
colour too. Every line is made of characters terminals agree on the width of
(`teamboard.widgets.cells`) and is exactly the column's width in cells.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from teamboard.cards import Card
from teamboard.model import Stage
from teamboard.state import Experiment
from teamboard.widgets.cells import fit, terminal_safe
from teamboard.widgets.contrast import readable

CARD_LINES = 4  # owner, title, facts, flags
CARD_HEIGHT = CARD_LINES + 1  # and a blank line between cards
# The part of the card each of its lines is drawn with (the title has the card's own).
LINE_PARTS = ("card--owner", None, "card--facts", "card--flags")
SELECTED_MARK = "▌"  # at the left edge of each line of the selected card


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
        if not self.experiments:
            if y == 1:
                return self._strip(self.empty_text, width, self._style(None, "card--empty"))
            return Strip.blank(width, self.rich_style)
        if index >= len(self.experiments) or row == CARD_LINES:
            return Strip.blank(width, self.rich_style)
        card = self._card_of(self.experiments[index])
        card_part = "card--selected" if index == self.cursor else "card"
        return self._strip(
            self._card_line(card, row),
            width,
            self._style(card_part, LINE_PARTS[row]),
            self._style(card_part, None),
            mark=SELECTED_MARK if index == self.cursor else " ",
        )

    def _card_line(self, card: Card, row: int) -> str:
        # User text is drawn as plain segments: never parsed as markup.
        if row == 0:
            return card.owner
        if row == 1:
            return " ".join(card.title.split())
        if row == 2:
            confidence = f"{card.confidence}/5" if card.confidence else "–/5"
            if self.size.width >= 26:
                return f"{card.days}d · {card.supporters} sup · {card.praise} ♥ · {confidence}"
            # A narrow terminal: the same facts, tighter.
            return f"{card.days}d {card.supporters}sup {card.praise}♥ {confidence}"
        if card.flags:
            return "! " + " ".join(flag.short for flag in card.flags)
        return ""

    def _style(self, card_part: str | None, part: str | None) -> Style:
        """The Rich style of a part of a card (or of the card itself), with its colour
        worked out against the card's background. On the selected card every part takes
        the cursor's colours (only its text style, such as bold, stays)."""
        names: tuple[str, ...]
        if card_part == "card--selected":
            names = (part, card_part) if part else (card_part,)
        else:
            names = tuple(name for name in (card_part, part) if name)
        visual = self.get_visual_style(*names)
        style = visual.rich_style
        background, foreground = visual.background, visual.foreground
        if background is None or foreground is None or background.a < 1:
            return style
        # What the stylesheet asks for, made readable where a theme (or the terminal's
        # 256 colours) would leave it too faint: see teamboard.widgets.contrast.
        drawn = background + foreground
        color, behind = readable(drawn, background)
        if (color, behind) == (drawn, background):
            return style
        return style + Style(color=color.rich_color, bgcolor=behind.rich_color)

    def _strip(
        self, text: str, width: int, style: Style, line_style: Style | None = None, mark: str = " "
    ) -> Strip:
        """One line: the mark (or a space), the text cut or padded to the width, and a
        space before the border."""
        if width <= 0:
            return Strip([Segment("")], 0)
        line_style = line_style or style
        segments = [Segment(mark, line_style)]
        if width > 1:
            segments.append(Segment(fit(text, width - 2), style))
            segments.append(Segment(" ", line_style))
        return Strip(segments, width)

    # --- mouse --------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        line = event.y + int(self.scroll_offset.y)
        index, row = divmod(line, CARD_HEIGHT)
        if index < len(self.experiments) and row < CARD_LINES:
            event.stop()
            self.post_message(self.Selected(self, index, open=event.chain >= 2))


class ColumnTitle(Widget):
    """A stage's name and how many cards it holds, on one line at any width: the count
    always shows, the name is cut (with an ellipsis) when the column is too narrow."""

    DEFAULT_CSS = """
    ColumnTitle {
        height: 1;
    }
    """

    def __init__(self, label: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.count: int | None = None

    def show(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.refresh()

    def render(self) -> Text:
        return title_text(self.label, self.count, self.content_region.width)


def title_text(label: str, count: int | None, width: int) -> Text:
    """`label  count` in at most `width` cells, the name cut first, then the gap."""
    label = terminal_safe(label)
    number = "" if count is None else str(count)
    if not number:
        return Text(fit(label, width).rstrip(), style="bold")
    for gap in ("  ", " "):
        if cell_len(label) + len(gap) + len(number) <= width:
            return Text.assemble((label, "bold"), gap + number)
    room = width - len(number) - 1
    if room < 2:
        return Text(number[:width])
    return Text.assemble((fit(label, room).rstrip(), "bold"), " " + number)
