"""The app's last drawing step (`ReadableText`) leaves every piece of text readable on its
own background, whatever the colours: measured with the WCAG formula written out again in
tests/app/wcag.py, in true colour and as a 256-colour terminal rounds them. Colours that
read already are left as they are."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.color import Color as TextualColor
from wcag import SYSTEMS, TEXT, contrast

from teamboard.tui.widgets.contrast import ReadableText

SETTINGS = settings(max_examples=300, derandomize=False, print_blob=True)
channel = st.integers(0, 255)
colour = st.builds(Color.from_rgb, channel, channel, channel)


def reads(text_colour: Color, background: Color) -> bool:
    """At least WCAG AA for text, in true colour and in 256 colours."""
    segment = Segment("word", Style(color=text_colour, bgcolor=background))
    return all(contrast(segment, system) >= TEXT for system in SYSTEMS.values())


@st.composite
def reading_pairs(draw: st.DrawFn) -> tuple[Color, Color]:
    """A text colour and a background it reads on: the background any colour, the text
    anywhere from nearly as far as it can go towards black or white (whichever reads
    better there) to all the way, and a few steps either way in each channel."""
    background = draw(colour)
    ends = (Color.from_rgb(255, 255, 255), Color.from_rgb(0, 0, 0))
    end = max(ends, key=lambda end: min(_ratios(end, background)))
    share = draw(st.floats(0.6, 1.0))
    start = background.get_truecolor()
    target = end.get_truecolor()
    rgb = [
        min(255, max(0, round(s + (t - s) * share) + draw(st.integers(-3, 3))))
        for s, t in zip(start, target, strict=True)
    ]
    text_colour = Color.from_rgb(*rgb)
    return text_colour, background


def _ratios(text_colour: Color, background: Color) -> list[float]:
    segment = Segment("word", Style(color=text_colour, bgcolor=background))
    return [contrast(segment, system) for system in SYSTEMS.values()]


@SETTINGS
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
        assert contrast(segment, system) >= TEXT


@SETTINGS
@given(reading_pairs().filter(lambda pair: reads(*pair)), st.booleans())
def test_text_that_reads_already_keeps_its_colours(
    pair: tuple[Color, Color], reverse: bool
) -> None:
    text_colour, background = pair
    if reverse:  # the terminal swaps them: the text is drawn in the background's colour
        text_colour, background = background, text_colour
    style = Style(color=text_colour, bgcolor=background, reverse=reverse)
    (segment,) = ReadableText().apply([Segment("word", style)], TextualColor(0, 0, 0))
    assert segment.style == style


def test_the_terminal_palette_is_left_as_it_is() -> None:
    style = Style(color="bright_black", bgcolor="black")
    (segment,) = ReadableText().apply([Segment("dim", style)], TextualColor(0, 0, 0))
    assert segment.style == style
