"""The app's last drawing step (`ReadableText`) leaves every piece of text readable on its
own background, whatever the colours: measured with the WCAG formula written out again in
tests/app/wcag.py, in true colour and as a 256-colour terminal rounds them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.color import Color as TextualColor
from wcag import SYSTEMS, TEXT, contrast

from teamboard.tui.widgets.contrast import ReadableText

channel = st.integers(0, 255)
colour = st.builds(Color.from_rgb, channel, channel, channel)


@given(colour, colour, st.booleans(), st.text(min_size=1, max_size=5))
def test_any_text_on_any_background_reads_after_the_filter(
    text_colour: Color, background: Color, reverse: bool, text: str
) -> None:
    style = Style(color=text_colour, bgcolor=background, reverse=reverse)
    (segment,) = ReadableText().apply([Segment(text, style)], TextualColor(0, 0, 0))
    if text.isspace() or all(0x2500 <= ord(c) <= 0x259F or c.isspace() for c in text):
        assert segment.style == style  # lines, blocks and spaces are not text
        return
    for system in SYSTEMS.values():
        assert contrast(segment, system) >= TEXT - 0.01


@given(colour, colour)
def test_text_that_reads_already_keeps_its_colours(text_colour: Color, background: Color) -> None:
    style = Style(color=text_colour, bgcolor=background)
    (segment,) = ReadableText().apply([Segment("word", style)], TextualColor(0, 0, 0))
    if all(contrast(Segment("word", style), system) >= TEXT for system in SYSTEMS.values()):
        assert segment.style == style


def test_the_terminal_palette_is_left_as_it_is() -> None:
    style = Style(color="bright_black", bgcolor="black")
    (segment,) = ReadableText().apply([Segment("dim", style)], TextualColor(0, 0, 0))
    assert segment.style == style
