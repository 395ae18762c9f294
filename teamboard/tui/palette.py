"""The command palette (ctrl+p): actions, people and experiments by name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from teamboard.exchange.export import FORMATS
from teamboard.tui.screens.common import OnBoard

# Scoring every title of a big board on each key press would lag; above this many
# experiments only titles that contain the typed text are offered.
FUZZY_LIMIT = 2000
MAX_EXPERIMENT_HITS = 40


def literal_highlight(matcher: Matcher, label: str) -> Content:
    """Like Matcher.highlight, but the label is never read as markup: it holds names and
    titles that people typed."""
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            # Offsets come from a lower-cased copy, which can be longer ("İ" -> "i̇").
            if offset < len(label) and not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class TeamboardCommands(OnBoard, Provider):
    """The board's actions, its people and its experiments. Each command is an action of
    the app's (`on_board` runs one of the board's own actions there, under the same rules
    as its key); Textual's own commands ("Theme", "Keys", "Quit"...) come from the app's
    system commands."""

    def _run(self, action: str, *params: object) -> Callable[[], Awaitable[object]]:
        return partial(self.app.run_action, ("", action, params))

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        return [
            (
                "New experiment",
                self._run("on_board", "new_experiment"),
                "add your own learning goal and plan",
            ),
            (
                "Toggle only my experiments",
                self._run("on_board", "only_mine"),
                "show just yours, or everyone's",
            ),
            (
                "Show everyone's experiments",
                self._run("on_board", "clear_filters"),
                "clear every filter",
            ),
            (
                "Toggle only what changed since the last stand-up",
                self._run("on_board", "only_changed"),
                "the cards marked • new, or all of them",
            ),
            (
                "Order the cards",
                self._run("on_board", "column_order"),
                "by owner, attention first, longest in stage first (remembered)",
            ),
            (
                "Toggle the presenter view",
                self._run("on_board", "presenter"),
                "larger cards and no personal keys, for a shared screen",
            ),
            (
                "Start the stand-up",
                self._run("standup"),
                "one person at a time, then the wins (joins the one running)",
            ),
            ("Switch to the board", self._run("on_board"), "the four stages"),
            (
                "Switch to the feed",
                self._run("switch_mode", "feed"),
                "praise, support notes and milestones",
            ),
            (
                "Switch to the team",
                self._run("switch_mode", "team"),
                "who supports whom, and what needs attention",
            ),
            (
                "Switch to insights",
                self._run("switch_mode", "insights"),
                "which of the seven levers is working, with charts",
            ),
            ("Who am I", self._run("who_am_i"), "choose yourself, or join the board"),
            *(
                (
                    f"Export board as {fmt.label}",
                    self._run("export", fmt.name),
                    f"{fmt.purpose}; saved in the start folder",
                )
                for fmt in FORMATS.values()
            ),
        ]

    async def discover(self) -> Hits:
        for name, action, help_text in self._actions():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._actions():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_text)
        state = self.board_app.state
        for member in state.members.values():
            label = f"Person: {member.name}"
            if (score := matcher.match(label)) > 0:
                yield Hit(
                    score,
                    literal_highlight(matcher, label),
                    self._run("on_board", "show_member", member.id),
                    text=label,
                    help="show only their experiments",
                )
        needle = query.strip().casefold()
        experiments = state.active
        if len(experiments) > FUZZY_LIMIT:
            experiments = [e for e in experiments if needle in e.title.casefold()]
        hits = 0
        for experiment in experiments:
            label = f"Experiment: {experiment.title[:120]}"
            if (score := matcher.match(label)) > 0:
                # Only our own words go into `help`: the palette reads it as markup.
                owner = Content(f"  · {state.name_of(experiment.owner)}").stylize("dim")
                yield Hit(
                    score,
                    literal_highlight(matcher, label) + owner,
                    self._run("on_board", "jump_to", experiment.id),
                    text=label,
                    help=f"in {experiment.stage.label}",
                )
                hits += 1
                if hits >= MAX_EXPERIMENT_HITS:
                    break
