"""The command palette (ctrl+p): actions, people and experiments by name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from teamboard.exchange.export import FORMATS
from teamboard.tui.screens.board import BoardScreen
from teamboard.tui.screens.common import OnBoard
from teamboard.tui.screens.sections import SECTION_BINDINGS

# Scoring every title of a big board on each key press would lag; above this many
# experiments only titles that contain the typed text are offered.
FUZZY_LIMIT = 2000
MAX_EXPERIMENT_HITS = 40
# The board's keys that are commands too, by action: each runs on the board, under the
# same rules as its key, from wherever the palette was opened. The sections' keys follow.
BOARD_COMMANDS = (
    "new_experiment",
    "only_mine",
    "clear_filters",
    "only_changed",
    "column_order",
    "presenter",
)
BOARD_SECTION = "app.switch_mode('board')"


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
    """The board's actions, its people and its experiments. The board's and the sections'
    commands are their keys' bindings, in the same words as on the help screen; each
    command is an action of the app's (`on_board` runs one of the board's own actions
    there, under the same rules as its key). Textual's own commands ("Theme", "Keys",
    "Quit"...) come from the app's system commands."""

    def _run(self, action: str, *params: object) -> Callable[[], Awaitable[object]]:
        return partial(self.app.run_action, ("", action, params))

    def _command(
        self, binding: Binding, run: Callable[[], object]
    ) -> tuple[str, Callable[[], object], str]:
        """A key as a command, in its tooltip's words (the help screen's): the part before
        a colon names it, the rest and the key are its help."""
        name, _, more = (binding.tooltip or binding.description).partition(": ")
        key = binding.key.split(",")[0].strip()
        shown = self.app.get_key_display(binding.with_key(key, binding.key_display))
        return (
            name[:1].upper() + name[1:],
            run,
            escape(f"{more} · key {shown}" if more else f"key {shown}"),
        )

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        board = {b.action: b for b in Binding.make_bindings(BoardScreen.BINDINGS) if b.description}
        return [
            *(
                self._command(board[action], self._run("on_board", action))
                for action in BOARD_COMMANDS
            ),
            *(
                # The board's section goes to the board itself, closing what was opened over
                # it: switching to the section one is in does nothing.
                self._command(
                    binding,
                    self._run("on_board")
                    if binding.action == BOARD_SECTION
                    else partial(self.app.run_action, binding.action),
                )
                for binding in SECTION_BINDINGS
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
