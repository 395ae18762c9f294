"""How the command line is read: the parameter types, their shell completion, the options
every command takes (--board, --as), and `command`, which makes a typed function a click
command.

Completions read the board named so far on the command line (or the default one) through
this machine's cache, write nothing, and on any trouble offer nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import click
from click.shell_completion import CompletionItem

from teamboard.cli.context import ReaderGone, Session
from teamboard.cli.output import one_line, short
from teamboard.domain.events import STAGES, check_member_id
from teamboard.domain.state import BoardState
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.store.paths import default_cache_dir

# A command as written: the session first, then click's parameters by name, typed.
Verb = Callable[..., int]

# --- completion -----------------------------------------------------------------------


def _completion_state(ctx: click.Context) -> BoardState | None:
    try:
        live = LiveBoard(BoardFolder.open(Session.of(ctx).root()), cache_dir=default_cache_dir())
        live.open()
        return live.state
    except Exception:
        return None


def _help_text(text: str, limit: int = 70) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def complete_members(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    state = _completion_state(ctx)
    if state is None:
        return []
    start = incomplete.strip().lower()
    return [
        CompletionItem(m.id, help=_help_text(m.name))
        for m in sorted(state.members.values(), key=lambda m: m.id)
        if m.id.startswith(start)
    ]


def complete_experiments(
    ctx: click.Context, incomplete: str, withdrawn: bool | None = False
) -> list[CompletionItem]:
    """The experiments' short ids (as `teamboard list` shows them), titles as help: those
    on the board, or only the withdrawn ones (for `restore`), or all (None)."""
    state = _completion_state(ctx)
    if state is None:
        return []
    start = incomplete.strip().lower()
    shorts: dict[str, int] = {}
    for key in state.experiments:
        shorts[short(key)] = shorts.get(short(key), 0) + 1
    items = []
    for e in state.experiments.values():
        if withdrawn is not None and (e.withdrawn is not None) != withdrawn:
            continue
        value = short(e.id) if shorts[short(e.id)] == 1 and len(start) <= 8 else e.id
        if value.startswith(start):
            items.append((value, e.title))
    items.sort()
    return [CompletionItem(value, help=_help_text(title)) for value, title in items]


_MOVES = {"next": "one stage forward", "back": "one stage back"}


def complete_stages(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    start = incomplete.strip().lower()
    choices = [(s.value, s.label) for s in STAGES] + list(_MOVES.items())
    return [
        CompletionItem(value, help=label) for value, label in choices if value.startswith(start)
    ]


# --- parameter types ---------------------------------------------------------------------


class DateType(click.ParamType[date]):
    name = "date"

    def convert(
        self, value: str | date, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-12-31", param, ctx)


class PositiveType(click.ParamType[int]):
    name = "number"

    def convert(
        self, value: str | int, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            self.fail(f"{value!r} is not a whole number of 1 or more", param, ctx)
        return number


class MemberType(click.ParamType[str]):
    """A member id; completes from the board's members. `strict` checks its form."""

    name = "member"

    def __init__(self, strict: bool = True) -> None:
        self.strict = strict

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if not self.strict:
            return value
        try:
            return check_member_id(value.strip().lower())
        except ValueError as error:
            self.fail(str(error), param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return complete_members(ctx, incomplete)


Completer = Callable[[click.Context, str], list[CompletionItem]]


class Completing(click.ParamType[str]):
    """A word taken as it is (the command checks it and says what is allowed), completed
    by `complete` from the board: an experiment's id or the start of it, a stage, a
    folder."""

    def __init__(self, name: str, complete: Completer) -> None:
        self.name = name
        self.complete = complete

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return self.complete(ctx, incomplete)


def experiment_type(withdrawn: bool | None = False) -> Completing:
    """Experiments on the board (False), withdrawn ones (True) or both (None)."""
    return Completing("experiment", partial(complete_experiments, withdrawn=withdrawn))


def _complete_folder(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(incomplete, type="dir")]


STAGE = Completing("stage", complete_stages)


DATE = DateType()
MEMBER = MemberType()
EXPERIMENT = experiment_type()
FOLDER = Completing("folder", _complete_folder)


# --- the options of every command, and the commands ---------------------------------------


def _keep_board(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        Session.of(ctx).board = value


def _keep_as(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        Session.of(ctx).as_ = value


def common_options() -> list[click.Parameter]:
    """--board and --as, on the group and on each command: the last one given wins."""
    return [
        click.Option(
            ["--board"],
            metavar="DIR",
            type=FOLDER,
            expose_value=False,
            callback=_keep_board,
            help="The board folder (default: $TEAMBOARD_DIR, else your data folder).",
        ),
        click.Option(
            ["--as", "as_"],
            metavar="MEMBER",
            type=MemberType(strict=False),
            expose_value=False,
            callback=_keep_as,
            help="Who you are (default: $TEAMBOARD_USER, else who you chose for this board).",
        ),
    ]


def command(name: str, help: str, epilog: str | None = None) -> Callable[[Verb], click.Command]:
    """Make `verb` (with its click options and arguments) the command `name`: it is called
    with the Session, then its parameters by name. `epilog` ends its --help."""

    def make(verb: Verb) -> click.Command:
        params = list(reversed(getattr(verb, "__click_params__", [])))

        def run(**values: object) -> int:
            try:
                return verb(Session.of(click.get_current_context()), **values)
            except BrokenPipeError:
                raise ReaderGone() from None  # not an OSError: click would exit the process

        return click.Command(
            name, callback=run, params=params + common_options(), help=help, epilog=epilog
        )

    return make


def json_option(verb: Verb) -> Verb:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON for scripts (see the README)."
    )(verb)
