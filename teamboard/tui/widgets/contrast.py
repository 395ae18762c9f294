"""Text colours that stay readable on their background, whatever the theme and the
terminal's colours.

The stylesheet picks colours by meaning ($text-muted, $text-warning, the cursor's colours);
most themes make them readable, a few do not everywhere (gruvbox's cursor text is cream on
sage green; atom-one-light's warning is yellow on white), and a terminal with 256 colours
rounds each colour to the nearest of its own, which can take a grey a step closer to its
background. `readable` checks the colours as a terminal draws them, in true colour and
in 256 colours alike (WCAG contrast), and only when they fall short in either, moves the
text colour towards black or white, keeping its hue, until they do not. Both, whatever this
terminal has: the screen is the same everywhere (and so are the snapshots). A terminal
with 16 colours draws them from its own palette, which cannot be measured.

`ReadableText` applies the same rule to everything the app draws, as a last step: the
screens ask for colours by meaning (teamboard.tui.widgets.tones), Textual's own widgets by
theirs, and where a theme, a highlighted row or 256 colours leave a piece of text too
faint on the background it lands on, it is moved just enough to read.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import ColorSystem, ColorType
from rich.segment import Segment
from rich.style import Style
from textual.color import BLACK, WHITE, Color
from textual.filter import LineFilter

TEXT_CONTRAST = 4.5  # WCAG AA for text
DRAWN_IN = (None, ColorSystem.EIGHT_BIT)  # true colour, 256 colours


def as_drawn(color: Color, system: ColorSystem | None = None) -> Color:
    """The colour a terminal with this colour system shows for `color`."""
    if system is None:
        return color
    triplet = color.rich_color.downgrade(system).get_truecolor()
    return Color(triplet.red, triplet.green, triplet.blue)


def luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def reads(color: Color, background: Color, minimum: float = TEXT_CONTRAST) -> bool:
    """Whether `color` on `background` has `minimum` contrast in true and 256 colours."""
    return all(
        contrast(as_drawn(color, system), as_drawn(background, system)) >= minimum
        for system in DRAWN_IN
    )


def _worst(color: Color, background: Color) -> float:
    return min(
        contrast(as_drawn(color, system), as_drawn(background, system)) for system in DRAWN_IN
    )


@lru_cache(maxsize=1024)
def readable(
    color: Color, background: Color, minimum: float = TEXT_CONTRAST
) -> tuple[Color, Color]:
    """`color` on `background`, or the nearest pair that reads with at least `minimum`
    contrast in true colour and in 256 colours: the text moves towards black or white
    first; on a background so mid-toned that neither is enough (catppuccin-latte's purple
    cursor, in 256 colours), the background moves the other way too."""
    if color.ansi is not None or background.ansi is not None:
        return color, background  # the terminal's own palette: nothing to measure
    if reads(color, background, minimum):
        return color, background
    target = max((BLACK, WHITE), key=lambda end: _worst(end, background))
    for step in range(1, 21):
        candidate = color.blend(target, step / 20)
        if reads(candidate, background, minimum):
            return candidate, background
    away = WHITE if target == BLACK else BLACK
    for step in range(1, 21):
        moved = background.blend(away, step / 20)
        if reads(target, moved, minimum):
            return target, moved
    return target, away


# Text colours of a theme and the backgrounds they are drawn on. A theme's own values are
# used where they read; where they do not (the footer keys of atom-one-light and
# catppuccin-latte, gruvbox's cursor), they are moved as `readable` moves them.
VARIABLE_PAIRS = (
    ("footer-key-foreground", ("footer-background",)),
    ("footer-description-foreground", ("footer-background",)),
    ("footer-foreground", ("footer-background",)),
    ("block-cursor-foreground", ("block-cursor-background",)),
    ("text-primary", ("surface", "background")),
    ("text-secondary", ("surface", "background")),
    ("text-accent", ("surface", "background")),
    ("text-warning", ("surface", "background")),
    ("text-error", ("surface", "background")),
    ("text-success", ("surface", "background")),
)


def _solid(value: str | None) -> Color | None:
    try:
        color = Color.parse(value) if value else None
    except Exception:  # a variable that is not a plain colour ("auto 87%", "transparent")
        return None
    return color if color is not None and color.a == 1 and not color.auto else None


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """A theme's CSS variables with each text colour in VARIABLE_PAIRS readable on its
    backgrounds (only solid colours are changed; the text stays as it is on a background
    that cannot be measured)."""
    out = dict(variables)
    for name, backgrounds in VARIABLE_PAIRS:
        color = _solid(out.get(name))
        if color is None:
            continue
        fixed = color
        for background_name in backgrounds:
            background = _solid(out.get(background_name))
            if background is not None:
                fixed = readable(fixed, background)[0]
        if fixed != color:
            out[name] = fixed.hex
    return out


# --- every piece of text the app draws ------------------------------------------------------

_OWN_COLOURS = (ColorType.TRUECOLOR, ColorType.EIGHT_BIT)  # not the terminal's palette


def is_text(characters: str) -> bool:
    """Letters, digits, marks: anything but spaces, and the lines and blocks (U+2500 to
    U+259F) that draw borders, rules, scroll bars and bars, which need not read as text."""
    return any(not c.isspace() and not 0x2500 <= ord(c) <= 0x259F for c in characters)


@lru_cache(maxsize=4096)
def readable_style(style: Style) -> Style:
    """`style` with its text readable on its own background (see `readable`); the same
    style when it already is, or when either colour is the terminal's own."""
    color, background = style.color, style.bgcolor
    if color is None or background is None:
        return style
    if color.type not in _OWN_COLOURS or background.type not in _OWN_COLOURS:
        return style
    if style.reverse:  # the terminal swaps them
        color, background = background, color
    text, behind = Color.from_rich_color(color), Color.from_rich_color(background)
    new_text, new_behind = readable(text, behind)
    if (new_text, new_behind) == (text, behind):
        return style
    if style.reverse:
        new_text, new_behind = new_behind, new_text
    return style + Style(color=new_text.rich_color, bgcolor=new_behind.rich_color)


class ReadableText(LineFilter):
    """A line filter (after Textual's own): each segment of text drawn readable on its own
    background, in true colour and in 256 colours. Lines, blocks and spaces are left as
    they are: a faint border or scroll bar is not text."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, readable_style(style), control)
            if style is not None and is_text(text)
            else Segment(text, style, control)
            for text, style, control in segments
        ]
