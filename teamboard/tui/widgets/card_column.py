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
(`teamboard.tui.widgets.cells`) and is exactly the column's width in cells.

A card changed since the last stand-up carries a "new" mark at the right of its owner's
line. In the presenter view (a shared screen) cards are taller: the title on up to three
lines, and a line saying what changed; `card_height` is the column's own.
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

from teamboard.domain.events import Stage
from teamboard.domain.state import Experiment
from teamboard.domain.text import one_line
from teamboard.tui.widgets.cells import fit, terminal_safe, wrap
from teamboard.tui.widgets.contrast import readable
from teamboard.views.cards import Card, new_mark, new_words

# The lines of a card, in the normal view and in the presenter view.
CARD_ROWS = ("owner", "title", "facts", "flags")
PRESENTER_ROWS = ("owner", "title", "title", "title", "facts", "flags", "new")
# Where the tall cards leave fewer than PRESENTER_CARDS in sight (80x24): two title lines,
# and what changed on the owner's line, as in the normal view.
PRESENTER_SHORT_ROWS = ("owner", "title", "title", "facts", "flags")
PRESENTER_CARDS = 3
CARD_LINES = len(CARD_ROWS)
CARD_HEIGHT = CARD_LINES + 1  # and a blank line between cards (in the normal view)
# The part of the card each kind of line is drawn with (the title has the card's own).
LINE_PARTS: dict[str, str | None] = {
    "owner": "card--owner",
    "title": None,
    "facts": "card--facts",
    "flags": "card--flags",
    "new": "card--new",
}
SELECTED_MARK = "▌"  # at the left edge of each line of the selected card


class CardColumn(ScrollView, can_focus=False):
    COMPONENT_CLASSES = {
        "card",
        "card--selected",
        "card--owner",
        "card--facts",
        "card--flags",
        "card--new",
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
        self.presenter = False  # taller cards, for a shared screen

    @property
    def rows(self) -> tuple[str, ...]:
        """The kinds of line a card is drawn with, top to bottom."""
        if not self.presenter:
            return CARD_ROWS
        height = self.size.height
        if height and PRESENTER_CARDS * (len(PRESENTER_ROWS) + 1) - 1 > height:
            return PRESENTER_SHORT_ROWS
        return PRESENTER_ROWS

    @property
    def card_lines(self) -> int:
        return len(self.rows)

    @property
    def card_height(self) -> int:
        """Lines a card takes, with the blank line after it."""
        return self.card_lines + 1

    def on_resize(self) -> None:
        if self.presenter:  # the card's rows follow the column's height
            self.show(self.experiments, self.cursor)

    def set_presenter(self, presenter: bool) -> None:
        """Taller cards (the presenter view) or the normal ones."""
        if presenter != self.presenter:
            self.presenter = presenter
            self.show(self.experiments, self.cursor)

    # --- content ------------------------------------------------------------------------

    def show(self, experiments: list[Experiment], cursor: int | None) -> None:
        self.experiments = experiments
        self.cursor = cursor
        self.virtual_size = Size(self.size.width, len(experiments) * self.card_height)
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
            Region(0, index * self.card_height, 1, self.card_height), animate=animate, force=True
        )

    def _card_region(self, index: int) -> Region:
        height = self.card_height
        top = index * height - round(self.scroll_offset.y)
        return Region(0, top, self.size.width, height)

    @property
    def visible_cards(self) -> range:
        height = self.card_height
        first = int(self.scroll_offset.y) // height
        last = (int(self.scroll_offset.y) + self.size.height) // height
        return range(first, min(last + 1, len(self.experiments)))

    # --- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_offset.y)
        rows = self.rows
        index, row = divmod(line, len(rows) + 1)
        if not self.experiments:
            if y == 1:
                return self._strip(self.empty_text, width, self._style(None, "card--empty"))
            return Strip.blank(width, self.rich_style)
        if index >= len(self.experiments) or row == len(rows):
            return Strip.blank(width, self.rich_style)
        card = self._card_of(self.experiments[index])
        card_part = "card--selected" if index == self.cursor else "card"
        kind = rows[row]
        line_style = self._style(card_part, None)
        mark = SELECTED_MARK if index == self.cursor else " "
        if kind == "owner" and card.new and width > 2:
            return self._owner_line(card, width, card_part, mark)
        if kind == "title" and self.presenter:
            first = rows.index("title")
            lines = wrap(card.title, max(width - 2, 1), rows.count("title"))
            text = lines[row - first] if row - first < len(lines) else ""
        else:
            text = self._card_line(card, kind)
        return self._strip(
            text, width, self._style(card_part, LINE_PARTS[kind]), line_style, mark=mark
        )

    def _card_line(self, card: Card, kind: str) -> str:
        # User text is drawn as plain segments: never parsed as markup.
        if kind == "owner":
            return card.owner
        if kind == "title":
            return one_line(card.title)
        if kind == "facts":
            confidence = f"{card.confidence}/5" if card.confidence else "–/5"
            if self.size.width >= 26:
                return f"{card.days}d · {card.supporters} sup · {card.praise} ♥ · {confidence}"
            # A narrow terminal: the same facts, tighter.
            return f"{card.days}d {card.supporters}sup {card.praise}♥ {confidence}"
        if kind == "flags":
            if not card.flags:
                return ""
            # The ask for help, in the owner's words, after the flags' short names.
            ask = f" “{' '.join(card.help.split())}”" if card.help else ""
            return "! " + " ".join(flag.short for flag in card.flags) + ask
        if kind == "new" and card.new:
            return f"• new: {new_words(card)}"
        return ""

    def _owner_line(self, card: Card, width: int, card_part: str, mark: str) -> Strip:
        """The owner's name and, at the right, the card's "new" mark: the longest that
        leaves the whole name (people look for their own cards by it); else just the dot,
        with the name cut."""
        room = width - 2
        owner = terminal_safe(card.owner)
        marks = new_mark(card)
        if "new" in self.rows:
            marks = marks[1:]  # what changed has a line of its own
        name = cell_len(owner)
        chosen = next((m for m in marks if cell_len(m) + 1 + name <= room), marks[-1])
        if cell_len(chosen) + 1 >= room:
            chosen = ""  # no room for the name and the dot: the name
        used = cell_len(chosen) + 1 if chosen else 0
        line_style = self._style(card_part, None)
        segments = [
            Segment(mark, line_style),
            Segment(fit(owner, room - used), self._style(card_part, "card--owner")),
        ]
        if chosen:
            segments.append(Segment(" " + chosen, self._style(card_part, "card--new")))
        segments.append(Segment(" ", line_style))
        return Strip(segments, width)

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
        # 256 colours) would leave it too faint: see teamboard.tui.widgets.contrast.
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
        index, row = divmod(line, self.card_height)
        if index < len(self.experiments) and row < self.card_lines:
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
