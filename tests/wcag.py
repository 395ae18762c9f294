"""WCAG contrast of what the app draws, measured on the rendered segments.

The formula is written out here again (not the app's own helper, teamboard.tui.widgets.contrast),
and each colour is rounded as a terminal with 256 colours does (Rich's downgrade), the way
such a terminal shows it.
"""

from __future__ import annotations

from rich.color import Color, ColorSystem, ColorType
from rich.segment import Segment

TEXT = 4.5  # WCAG AA for text
SYSTEMS = {"true colour": None, "256 colours": ColorSystem.EIGHT_BIT}


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def rgb(color: Color, system: ColorSystem | None) -> tuple[int, int, int]:
    if system is not None:
        color = color.downgrade(system)
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def ratio(a: Color, b: Color, system: ColorSystem | None) -> float:
    high, low = sorted((_luminance(rgb(a, system)), _luminance(rgb(b, system))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def drawn_colors(segment: Segment) -> tuple[Color, Color]:
    """The text's colour and the background it is drawn on (reverse swaps them)."""
    style = segment.style
    assert style is not None and style.color is not None and style.bgcolor is not None
    if style.reverse:
        return style.bgcolor, style.color
    return style.color, style.bgcolor


def contrast(segment: Segment, system: ColorSystem | None) -> float:
    return ratio(*drawn_colors(segment), system)


def measurable(segment: Segment) -> bool:
    """A segment in colours of its own (an ANSI theme's are the terminal's palette)."""
    style = segment.style
    return (
        style is not None
        and style.color is not None
        and style.bgcolor is not None
        and style.color.type in (ColorType.TRUECOLOR, ColorType.EIGHT_BIT)
        and style.bgcolor.type in (ColorType.TRUECOLOR, ColorType.EIGHT_BIT)
    )
