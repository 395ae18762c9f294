"""Colours by meaning for the text the screens build themselves (Rich `Text`).

A screen never names a colour: it asks for a tone, and the tone is the current theme's own
colour for that meaning, the one the stylesheet's variables give ($text-muted,
$text-warning, $text-error), made readable on the theme's background
(teamboard.tui.widgets.contrast). A screen builds its text again when the theme changes
(teamboard.tui.screens.common.StateView). Wherever the text lands on another background (a
panel, a highlighted row), the app's `ReadableText` filter keeps it readable there too.

In an ANSI theme, whose colours are the terminal's own, muted is the terminal's dim.
Meaning never rests on colour alone: the words say it too ("check-in overdue", "! ", "taken back").
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from rich.style import Style
from textual.app import App
from textual.color import Color

from teamboard.tui.widgets.contrast import readable

BOLD = Style(bold=True)


@dataclass(frozen=True)
class Tones:
    muted: Style  # less to read: dates, labels, hints, what is empty
    warning: Style  # needs attention
    error: Style  # late or wrong


_made: WeakKeyDictionary[App[object], tuple[str, Tones]] = WeakKeyDictionary()


def tones(app: App[object]) -> Tones:
    """The tones of the app's current theme."""
    made = _made.get(app)
    if made is not None and made[0] == app.theme:
        return made[1]
    variables = app.get_css_variables()
    made_now = Tones(
        muted=_muted(variables),
        warning=_color(variables, "text-warning", "warning"),
        error=_color(variables, "text-error", "error"),
    )
    _made[app] = (app.theme, made_now)
    return made_now


def _parse(value: str | None) -> Color | None:
    try:
        return Color.parse(value) if value else None
    except Exception:  # not a plain colour ("ansi_default 50%")
        return None


def _muted(variables: dict[str, str]) -> Style:
    background = _parse(variables.get("background"))
    muted = _parse(variables.get("text-muted"))
    if background is None or muted is None or background.ansi is not None:
        return Style(dim=True)
    color = background + muted
    return Style(color=readable(color, background)[0].rich_color)


def _color(variables: dict[str, str], *names: str) -> Style:
    for name in names:
        color = _parse(variables.get(name))
        if color is not None and color.a == 1:
            return Style(color=color.rich_color)
    return BOLD  # no colour for it: bold, and the words say the rest
