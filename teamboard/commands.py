"""The command palette (ctrl+p): actions, people and experiments by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

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


class TeamboardCommands(Provider):
    def _board(self):
        from teamboard.screens.board import BoardScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, BoardScreen):
                return screen
        return None

    def _to_board(self, then: Callable[..., None], *args: object) -> None:
        board = self._board()
        if board is None:
            return
        while self.app.screen is not board and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        then(board, *args)

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        from teamboard.screens.board import BoardScreen

        app = self.app
        return [
            (
                "New experiment",
                partial(self._to_board, BoardScreen.action_new_experiment),
                "add your own learning goal and plan",
            ),
            (
                "Toggle only my experiments",
                partial(self._to_board, BoardScreen.action_only_mine),
                "show just yours, or everyone's",
            ),
            (
                "Show everyone's experiments",
                partial(self._to_board, BoardScreen.action_clear_filters),
                "clear every filter",
            ),
            ("Switch to the board", partial(self._to_board, lambda board: None), "the four stages"),
            ("Who am I", app.action_who_am_i, "choose yourself, or join the board"),
            ("Change theme", app.action_change_theme, "light, dark and more"),
            ("Help: keys and card marks", app.action_help, "what every key and mark means"),
        ]

    async def discover(self) -> Hits:
        for name, action, help_text in self._actions():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        from teamboard.screens.board import BoardScreen

        matcher = self.matcher(query)
        for name, action, help_text in self._actions():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_text)
        state = self.app.state
        for member in state.members.values():
            label = f"Person: {member.name}"
            if (score := matcher.match(label)) > 0:
                yield Hit(
                    score,
                    literal_highlight(matcher, label),
                    partial(self._to_board, BoardScreen.show_member, member.id),
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
                    partial(self._to_board, BoardScreen.jump_to, experiment.id),
                    text=label,
                    help=f"in {experiment.stage.label}",
                )
                hits += 1
                if hits >= MAX_EXPERIMENT_HITS:
                    break
