"""The help screen (?) is built from the screens' bindings: every key a screen shows in
its footer is explained there, under that screen's title."""

from __future__ import annotations

from textual.binding import Binding

from teamboard.tui.app import TeamboardApp, section_screen
from teamboard.tui.screens.experiment import ExperimentScreen
from teamboard.tui.screens.help import SCREENS, HelpScreen, key_rows

from .helpers import make_app, screen_text, send_keys, wait_loaded

TALL = (120, 160)  # the whole help at once, with no scrolling


def _sections(text: str) -> dict[str, list[str]]:
    """The help's lines under each of its titles."""
    titles = [title for title, _ in SCREENS] + ["Keys everywhere", "Columns on the team"]
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        # Inside the dialog's frame (the board shows beside it, where it is narrower).
        inside = line.split("█")
        words = (inside[1] if len(inside) > 2 else line).strip(" █│")
        if words in titles:
            current = found.setdefault(words, [])
        elif current is not None:
            current.append(words)
    return found


def _explains(lines: list[str], keys: str, what: str) -> bool:
    return any(keys in line and what[:30] in line for line in lines)


async def test_every_shown_binding_of_each_screen_is_in_the_help(demo):
    app = make_app(demo)
    async with app.run_test(size=TALL) as pilot:
        await wait_loaded(pilot)
        await send_keys(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        sections = _sections(screen_text(app))
        checked = 0
        for title, screen in SCREENS:
            assert sections.get(title), f"no {title!r} in the help"
            for binding in Binding.make_bindings(screen.BINDINGS):
                if not binding.show:
                    continue
                what = binding.tooltip or binding.description
                keys = app.get_key_display(binding)
                assert _explains(sections[title], keys, what), (title, keys, what)
                checked += 1
        assert checked > 20
        # The app's own keys (?, the palette, quit), hidden from the footer or not.
        for binding in Binding.make_bindings(TeamboardApp.BINDINGS):
            what = binding.tooltip or binding.description
            keys = app.get_key_display(binding)
            assert _explains(sections["Keys everywhere"], keys, what), (keys, what)


def test_the_help_lists_every_section_and_the_experiment():
    listed = {screen for _, screen in SCREENS}
    sections = {section_screen(mode) for mode in TeamboardApp.MODES}
    assert len(sections) == len(TeamboardApp.MODES) == 4
    assert sections | {ExperimentScreen} <= listed


def test_a_new_binding_is_in_the_help_by_itself():
    moves = Binding.Group("move")
    rows = key_rows(
        [
            Binding("left,h", "cursor(-1)", "Left", show=False, group=moves),
            Binding("right,l", "cursor(1)", "Right", show=False, group=moves),
            Binding("z", "zoom", "Zoom"),
            Binding("x,shift+x", "cut", "Cut", key_display="✂", tooltip="cut the card"),
            Binding("z", "why_not('zoom')", show=False),  # no description: left out
        ],
        lambda binding: binding.key_display or binding.key,
    )
    assert rows == [("left h right l", "move"), ("z", "Zoom"), ("✂ shift+x", "cut the card")]
