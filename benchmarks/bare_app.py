"""A bare Textual app of the board's shape, the baseline for the app's start figures.

Four columns, each a title over a line-API scroll view of blank lines: what the board is
without its cards, its stylesheet and its data. It imports Textual and nothing else, so
the baseline pays what any Textual app pays (the interpreter, Textual, the first frame)
and no more. `q` quits.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Label

STAGE_LABELS = ("Goal", "Practice", "Reflection", "Success")


class EmptyColumn(ScrollView, can_focus=False):
    """What CardColumn is without cards: a line-API scroll view drawing blank lines."""

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)


class BareApp(App[None]):
    # The sizes that teamboard's app.tcss and CardColumn give the board.
    CSS = """
    #board { height: 1fr; }
    .stage { width: 1fr; height: 1fr; border: round $panel-lighten-2; }
    .stage-title { width: 1fr; padding: 0 1; background: $boost; }
    EmptyColumn { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    """
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Horizontal(id="board"):
            for label in STAGE_LABELS:
                with Vertical(classes="stage"):
                    yield Label(f"{label}  0", classes="stage-title")
                    yield EmptyColumn()


if __name__ == "__main__":
    BareApp().run()
