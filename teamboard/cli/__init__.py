"""The command line: every board action as a scriptable command over the same rules.

Built on click. An error is one line on stderr and exit code 2, and nothing is written:
each command checks its event against the rules through the one write path
(LiveBoard.perform) before anything is written. `main(argv)` returns the exit code and
never exits the process itself (click runs with `standalone_mode=False`).

Shell completion (member ids, experiment ids, stages) reads the board through this
machine's cache and writes nothing; `teamboard completion SHELL` prints the script.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click
from click.shell_completion import CompletionItem
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from teamboard import __version__
from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    STAGES,
    ApplicationKind,
    CheckInKind,
    EntryKind,
    PlanField,
    PraiseKind,
    Role,
    Stage,
    check_member_id,
    local_day,
    utcnow,
    without_control,
)
from teamboard.domain.facts import days_in_stage, find_experiment
from teamboard.domain.rules import check_step
from teamboard.domain.state import BoardState, Experiment, Reflection, Refused
from teamboard.exchange import merge, sync
from teamboard.exchange.export import FORMATS, Scope, export_board
from teamboard.exchange.importing import IMPORT_LIMIT, read_events
from teamboard.exchange.saving import SaveError, write_file
from teamboard.exchange.story import success_story
from teamboard.store import local
from teamboard.store.folder import BOARD_FILE, BoardFolder, StoreError, read_regular
from teamboard.store.live import LiveBoard
from teamboard.store.paths import default_board_dir, default_cache_dir
from teamboard.views import standup
from teamboard.views.cards import flags_of
from teamboard.views.checkup import checkup
from teamboard.views.feed import (
    ACTIVITY,
    RECOGNITION,
    FeedItem,
    FeedKind,
    ago,
    feed_items,
    filter_feed,
    plain_headline,
)

PROG = "teamboard"
COMPLETE_VAR = "_TEAMBOARD_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
EXIT_USAGE = 2
EXIT_PROBLEMS = 1
EXIT_READER_GONE = 141  # as a program killed by SIGPIPE


class InputError(Exception):
    """Bad input from the person at the keyboard: one line, exit 2."""


class ReaderGone(Exception):
    """The program reading our output went away (`teamboard list | head`)."""


class Args(SimpleNamespace):
    """One command's options and arguments, with the board and who is acting."""

    board: str | None
    as_: str | None
    folder: BoardFolder | None


# --- helpers --------------------------------------------------------------------------


def _board(args: Args) -> BoardFolder:
    """The board named by --board, else TEAMBOARD_DIR, else the one in the data folder.
    When that default board does not exist yet, say how to make one."""
    if args.folder is None:
        if args.board:
            root = Path(args.board).expanduser()
        else:
            root = default_board_dir()
            board_file = root / BOARD_FILE
            if not board_file.exists() and not board_file.is_symlink():
                raise InputError(_newcomer(root))
        args.folder = BoardFolder.open(root)
    return args.folder


def _newcomer(root: Path) -> str:
    return (
        f"there is no board in {root} yet: make one with "
        f"'teamboard init --name \"My team\" --as {_suggested_id()}' "
        "(you become its first manager), or try 'teamboard demo'"
    )


def _suggested_id() -> str:
    """The login name when it makes a valid member id, else a placeholder."""
    try:
        return check_member_id(getpass.getuser().strip().lower())
    except Exception:
        return "yourname"


def _me(args: Args) -> str:
    """Who is acting: --as, then TEAMBOARD_USER, then the choice the app remembered for
    this board on this computer."""
    who = (args.as_ or os.environ.get("TEAMBOARD_USER", "")).strip()
    if not who:
        who = local.remembered_member(_board(args).root) or ""
    if not who:
        raise InputError(
            "who are you? pass --as MEMBER or set TEAMBOARD_USER (or open the board once "
            "with 'teamboard' and choose yourself: it is remembered for this board)"
        )
    try:
        return check_member_id(who.strip().lower())
    except ValueError as error:
        raise InputError(str(error)) from None


# A cache worth keeping: more files than this read afresh, and the next command would
# read them again.
_STALE_CACHE_FILES = 20


def _live(args: Args, warn: bool = True) -> LiveBoard:
    """The board as the app sees it: from this machine's cache, plus what changed."""
    live = LiveBoard(_board(args), cache_dir=default_cache_dir(), clock=utcnow)
    found = live.open()
    for problem in found.problems if warn else ():
        print(
            f"teamboard: warning: {_one_line(str(problem))} (left untouched; see "
            "'teamboard check')",
            file=sys.stderr,
        )
    return live


def _keep_cache(live: LiveBoard) -> None:
    if not live.cache_used or live.files_read > _STALE_CACHE_FILES:
        # No cache is no harm: the next command reads the board in full.
        with contextlib.suppress(OSError):
            live.save_cache()


Build = Payload | list[Payload] | Callable[[BoardState], Payload | list[Payload]]
# The first event an action wrote, as the messages read it (its fields depend on its type).
Written = Mapping[str, Any]


def _write(args: Args, action: Build) -> tuple[BoardState, Written]:
    """Check one action against the rules on the current board, then write it, through
    the one write path the app uses too. `action` may be a function of the board's state,
    so that finding the experiment and checking the action share one view of the board."""
    me = _me(args)
    live = _live(args, warn=False)
    performed = live.perform(me, action)
    _keep_cache(live)
    written: Written = performed.events[0]
    return live.state, written


def _one_line(text: str) -> str:
    """Errors quote what people wrote: keep them to one line, without control codes."""
    return " ".join(without_control(text).split())


def _short(experiment_id: str) -> str:
    return experiment_id[:8]


def _say(*parts: str | Text) -> None:
    """Print one line; user text goes in as Text so it is never read as markup."""
    line = Text()
    for part in parts:
        line.append(part)
    Console(highlight=False, soft_wrap=True).print(line)


def _console() -> Console:
    return Console(highlight=False)


def _to_terminal() -> bool:
    """Tables are fitted to a terminal's width; piped or redirected, nothing is cut."""
    return sys.stdout.isatty()


def _plain_table(
    title: str | None,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    right: Collection[int] = (),
) -> None:
    """A table for a pipe or a file: the columns aligned, nothing cut, no styles, no
    trailing spaces. A cell may hold several lines. (Much faster than rich's layout on a
    board of thousands of experiments.)"""
    grid = [[cell.expandtabs(8).splitlines() or [""] for cell in row] for row in rows]
    widths = [cell_len(header) for header in headers]
    for row in grid:
        for i, lines in enumerate(row):
            for line in lines:
                if (width := cell_len(line)) > widths[i]:
                    widths[i] = width
    out: list[str] = [title] if title is not None else []

    def emit(cells: list[list[str]]) -> None:
        for k in range(max(len(lines) for lines in cells)):
            parts = []
            for i, lines in enumerate(cells):
                text = lines[k] if k < len(lines) else ""
                pad = " " * (widths[i] - cell_len(text))
                parts.append(pad + text if i in right else text + pad)
            out.append("  ".join(parts).rstrip())

    emit([[header] for header in headers])
    for cells in grid:
        emit(cells)
    sys.stdout.write("\n".join(out) + "\n")


def _print_json(data: Any) -> None:
    """JSON as UTF-8 (the user's text as it is, never escaped or marked up)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _person(state: BoardState, member_id: str | None) -> dict[str, str] | None:
    if member_id is None:
        return None
    return {"id": member_id, "name": state.name_of(member_id)}


# --- completion -----------------------------------------------------------------------
# Completions read the board named so far on the command line (or the default one) through
# this machine's cache, write nothing, and on any trouble offer nothing.


def _completion_state(ctx: click.Context) -> BoardState | None:
    try:
        given = ctx.meta.get(_BOARD)
        root = Path(given).expanduser() if given else default_board_dir()
        live = LiveBoard(BoardFolder.open(root), cache_dir=default_cache_dir())
        live.open()
        return live.state
    except Exception:
        return None


def _help_text(text: str, limit: int = 70) -> str:
    text = _one_line(text)
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
        shorts[_short(key)] = shorts.get(_short(key), 0) + 1
    items = []
    for e in state.experiments.values():
        if withdrawn is not None and (e.withdrawn is not None) != withdrawn:
            continue
        value = _short(e.id) if shorts[_short(e.id)] == 1 and len(start) <= 8 else e.id
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


class DateType(click.ParamType):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-12-31", param, ctx)


class PositiveType(click.ParamType):
    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            self.fail(f"{value!r} is not a whole number of 1 or more", param, ctx)
        return number


class MemberType(click.ParamType):
    """A member id; completes from the board's members. `strict` checks its form."""

    name = "member"

    def __init__(self, strict: bool = True) -> None:
        self.strict = strict

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
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


class ExperimentType(click.ParamType):
    """An experiment's id or the start of it; completes from the board's experiments."""

    name = "experiment"

    def __init__(self, withdrawn: bool | None = False) -> None:
        self.withdrawn = withdrawn

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return complete_experiments(ctx, incomplete, self.withdrawn)


class StageType(click.ParamType):
    """A stage, next or back (checked by the command, which says what is allowed)."""

    name = "stage"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return complete_stages(ctx, incomplete)


class FolderType(click.ParamType):
    name = "folder"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return [CompletionItem(incomplete, type="dir")]


DATE = DateType()
MEMBER = MemberType()
EXPERIMENT = ExperimentType()
FOLDER = FolderType()


# --- the command tree -----------------------------------------------------------------------

_BOARD = "teamboard.board"
_AS = "teamboard.as"


def _kept_in(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """--board and --as may come before or after the command: the last one given wins."""

    def keep(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            ctx.meta[key] = value
        return value

    return keep


def _common_options() -> list[click.Parameter]:
    return [
        click.Option(
            ["--board"],
            metavar="DIR",
            type=FOLDER,
            expose_value=False,
            callback=_kept_in(_BOARD),
            help="The board folder (default: $TEAMBOARD_DIR, else your data folder).",
        ),
        click.Option(
            ["--as", "as_"],
            metavar="MEMBER",
            type=MemberType(strict=False),
            expose_value=False,
            callback=_kept_in(_AS),
            help="Who you are (default: $TEAMBOARD_USER, else who you chose for this board).",
        ),
    ]


def _args(ctx: click.Context, values: dict[str, Any]) -> Args:
    return Args(board=ctx.meta.get(_BOARD), as_=ctx.meta.get(_AS), folder=None, **values)


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they are made, not alphabetical


@click.group(
    cls=_Group,
    name=PROG,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="A team's learning experiments, from Goal to Success. With no command, opens the board.",
)
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
@click.option(
    "--ask-who",
    is_flag=True,
    help=(
        "Ask who you are, whatever $TEAMBOARD_USER or the remembered choice say, and "
        "remember nothing (how 'teamboard serve' opens each browser session)."
    ),
)
@click.pass_context
def cli(ctx: click.Context, ask_who: bool) -> int | None:
    if ctx.invoked_subcommand is None:
        return cmd_open(_args(ctx, {"ask_who": ask_who}))
    return None


cli.params.extend(_common_options())


def command(name: str, help: str) -> Callable[[Callable[[Args], int]], click.Command]:
    """Make `func` (with its click options and arguments) the command `name`."""

    def make(func: Callable[[Args], int]) -> click.Command:
        params = list(reversed(getattr(func, "__click_params__", [])))

        def run(**values: Any) -> int:
            try:
                return func(_args(click.get_current_context(), values))
            except BrokenPipeError:
                raise ReaderGone() from None  # not an OSError: click would exit the process

        made = click.Command(name, callback=run, params=params + _common_options(), help=help)
        cli.add_command(made)
        return made

    return make


def _json_option(func: Callable) -> Callable:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON for scripts (see the README)."
    )(func)


def _experiment_fields(func: Callable) -> Callable:
    for option in reversed(
        [
            click.option("--training", help="The training or course it comes from."),
            click.option("--why-me", help="Why you take this training."),
            click.option("--deliver", help="What it must deliver."),
            click.option("--team-goals", help="How it serves the team's goals."),
            click.option("--benefit", help="Your personal benefit."),
            click.option(
                "--apply",
                type=click.Choice([k.value for k in ApplicationKind]),
                help="Where you will apply it.",
            ),
            click.option("--apply-what", help="The project, case or occasion."),
            click.option("--apply-when", help="When that happens."),
            click.option("--target", type=DATE, metavar="DATE", help="Target date, YYYY-MM-DD."),
        ]
    ):
        func = option(func)
    return func


# --- commands ---------------------------------------------------------------------------


@command(
    "init", "Make a new board in DIR (default: your default board); you are its first manager."
)
@click.argument("dir", metavar="[DIR]", required=False, type=FOLDER)
@click.option("--name", required=True, help="The board's name, e.g. your team's.")
@click.option("--my-name", help="Your display name (default: your member id).")
@click.option(
    "--git",
    "in_git",
    is_flag=True,
    help="Keep it in git: 'git init' if needed, set up the merge driver, commit the board.",
)
def cmd_init(args: Args) -> int:
    who = (args.as_ or os.environ.get("TEAMBOARD_USER", "")).strip()
    if not who:
        raise InputError(
            "who are you? pass --as MEMBER (the member id you choose, e.g. "
            f"{_suggested_id()}) or set TEAMBOARD_USER"
        )
    try:
        me = check_member_id(who.lower())
    except ValueError as error:
        raise InputError(str(error)) from None
    given = args.dir or args.board
    root = Path(given).expanduser() if given else default_board_dir()
    name = (args.my_name or me.capitalize()).strip()
    if args.in_git:
        sync.check_git(root)
    live = LiveBoard.create(root, args.name, me, name, cache_dir=default_cache_dir())
    _say(
        "Made board ",
        Text(live.board.meta.name),
        f" in {live.root}; ",
        Text(name),
        " is its first manager.",
        "" if given else " It is your default board: 'teamboard' opens it.",
    )
    if args.in_git:
        for note in sync.init_repo(live.board, me):
            _say(note)
    return 0


@command("join", "Join the board (or change your display name).")
@click.option("--name", required=True, help="Your display name.")
def cmd_join(args: Args) -> int:
    state, event = _write(args, actions.join(args.name))
    member = state.members[event["author"]]
    _say(f"{member.name} ({member.id}) is a member of the board as {member.role.value}.")
    return 0


def _plan(args: Args) -> dict[str, str]:
    fields = {
        "why_me": args.why_me,
        "must_deliver": args.deliver,
        "team_goals": args.team_goals,
        "personal_benefit": args.benefit,
    }
    return {k: v for k, v in fields.items() if v is not None}


def _applied(args: Args) -> Payload | None:
    if args.apply is None and args.apply_what is None and args.apply_when is None:
        return None
    return actions.opportunity(args.apply, args.apply_what or "", args.apply_when or "")


@command("add", "Add an experiment (your own learning goal) with its transfer plan.")
@click.argument("title")
@_experiment_fields
@click.option("--confidence", type=int, metavar="1-5", help="How confident you feel, 1 to 5.")
def cmd_add(args: Args) -> int:
    payload = actions.create_experiment(
        args.title,
        training=args.training or "",
        plan=_plan(args),
        applied=_applied(args),
        target_date=args.target,
        confidence=args.confidence,
    )
    _, event = _write(args, payload)
    _say(f"Added experiment {_short(event['experiment_id'])} ", Text(event["title"]), " (Goal).")
    return 0


_CLEARABLE = {"target": PlanField.TARGET_DATE, "apply": PlanField.OPPORTUNITY}


@command("edit", "Change your experiment's title or plan.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--title", help="The new title.")
@_experiment_fields
@click.option(
    "--clear",
    multiple=True,
    type=click.Choice(sorted(_CLEARABLE)),
    help="Clear the target date or where you will apply it (repeat for both).",
)
def cmd_edit(args: Args) -> int:
    cleared = list(dict.fromkeys(_CLEARABLE[name] for name in args.clear or ()))
    plan = _plan(args)
    applying = not (args.apply is None and args.apply_what is None and args.apply_when is None)
    # "" is a change too (it empties a text field): only what is not given stays.
    changes = (
        args.title is not None
        or args.training is not None
        or bool(plan)
        or applying
        or args.target is not None
    )
    if not changes and not cleared:
        raise InputError("nothing to change: give at least one field, e.g. --title or --clear")

    def build(state: BoardState) -> list[Payload]:
        experiment = find_experiment(state, args.experiment)
        payloads = []
        if changes:
            old = experiment.opportunity
            # What is not given of where it is applied stays as it was.
            applied = (
                actions.opportunity(
                    args.apply or (old.kind if old else None),
                    args.apply_what if args.apply_what is not None else (old.what if old else ""),
                    args.apply_when if args.apply_when is not None else (old.when if old else ""),
                )
                if applying
                else None
            )
            payloads.append(
                actions.edit_experiment(
                    experiment.id,
                    title=args.title,
                    training=args.training,
                    plan=plan,
                    applied=applied,
                    target_date=args.target,
                )
            )
        if cleared:
            payloads.append(actions.clear_plan(experiment.id, cleared))
        return payloads

    _, event = _write(args, build)
    _say(f"Updated experiment {_short(event['experiment_id'])}.")
    return 0


def _target_stage(state: BoardState, experiment: Experiment, where: str, me: str) -> Stage:
    where = where.lower()
    if where in ("next", "forward"):
        return check_step(state, experiment, 1, me)
    if where in ("back", "previous"):
        return check_step(state, experiment, -1, me)
    try:
        return Stage(where)
    except ValueError:
        names = ", ".join(s.value for s in STAGES)
        raise InputError(f"unknown stage {where!r}: use {names}, next or back") from None


@command("move", "Move an experiment one stage forward or back.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("stage", metavar="STAGE", type=StageType())
def cmd_move(args: Args) -> int:
    me = _me(args)

    def build(state: BoardState) -> Payload:
        experiment = find_experiment(state, args.experiment)
        return actions.move(experiment.id, _target_stage(state, experiment, args.stage, me))

    _, event = _write(args, build)
    _say(f"Moved {_short(event['experiment_id'])} to {event['to'].label}.")
    return 0


def _on_experiment(args: Args, build: Callable[[str], Payload]) -> tuple[BoardState, Written]:
    """Write one action about the experiment named on the command line."""
    return _write(args, lambda state: build(find_experiment(state, args.experiment).id))


@command("practice", "Log a practice.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("what")
@click.option("--on", type=DATE, metavar="DATE", help="When, YYYY-MM-DD (default: today).")
def cmd_practice(args: Args) -> int:
    on = args.on or local_day(utcnow())
    _, event = _on_experiment(args, lambda eid: actions.log_practice(eid, args.what, on))
    _say(f"Logged practice on {on.isoformat()} for {_short(event['experiment_id'])}.")
    return 0


def _reflection_to_revise(experiment: Experiment, ref: str) -> Reflection:
    standing = experiment.reflections
    if not standing:
        raise Refused("there is no reflection to revise yet; write one without --revise")
    if ref == "last":
        return standing[-1]
    matches = [r for r in standing if r.id.startswith(ref.lower())]
    if len(matches) != 1:
        raise Refused(f"no single reflection starts with {ref!r} ('teamboard show' lists them)")
    return matches[0]


@command("reflect", "Write a reflection (the four questions).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--wanted", help="What did you want to apply?")
@click.option("--did", help="What did you do?")
@click.option("--effect", help="What was the effect?")
@click.option("--next", help="What will you do differently next time?")
@click.option(
    "--revise",
    is_flag=False,
    flag_value="last",
    default=None,
    metavar="[ID]",
    help="Revise a reflection (the last, or the one with this id); what you leave out stays.",
)
def cmd_reflect(args: Args) -> int:
    given = {"wanted": args.wanted, "did": args.did, "effect": args.effect, "next_time": args.next}

    def build(state: BoardState) -> Payload:
        experiment = find_experiment(state, args.experiment)
        answers = {k: v or "" for k, v in given.items()}
        revising = None
        if args.revise:
            old = _reflection_to_revise(experiment, args.revise)
            revising = old.id
            # What is not given stays as it was.
            answers = {k: getattr(old, k) if v is None else v for k, v in given.items()}
        return actions.reflect(experiment.id, revising=revising, **answers)

    _, event = _write(args, build)
    verb = "Revised the" if args.revise else "Saved a"
    _say(f"{verb} reflection on {_short(event['experiment_id'])}.")
    return 0


@command("confidence", "Rate your confidence, 1 to 5.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("value", type=int, metavar="1-5")
def cmd_confidence(args: Args) -> int:
    _, event = _on_experiment(args, lambda eid: actions.rate_confidence(eid, args.value))
    _say(f"Confidence {args.value}/5 recorded for {_short(event['experiment_id'])}.")
    return 0


@command("checkin", "Record a check-in (owner or manager).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--kind", required=True, type=click.Choice([k.value for k in CheckInKind]))
@click.option("--notes", help="What was said.")
def cmd_checkin(args: Args) -> int:
    _, event = _on_experiment(
        args, lambda eid: actions.check_in(eid, CheckInKind(args.kind), args.notes or "")
    )
    _say(f"Recorded a {args.kind} check-in on {_short(event['experiment_id'])}.")
    return 0


@command("praise", "Praise a colleague (managers).")
@click.argument("member", metavar="MEMBER", type=MEMBER)
@click.argument("message")
@click.option("--about", metavar="EXPERIMENT", type=EXPERIMENT, help="The experiment it is about.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in PraiseKind]),
    default=PraiseKind.EFFORT.value,
    help="Praise the effort (default) or a result.",
)
def cmd_praise(args: Args) -> int:
    def build(state: BoardState) -> Payload:
        about = find_experiment(state, args.about).id if args.about else None
        return actions.praise(
            args.member, args.message, kind=PraiseKind(args.kind), experiment_id=about
        )

    state, event = _write(args, build)
    _say(
        "Praise posted for ",
        Text(state.name_of(args.member)),
        f" (id {_short(event['praise_id'])}: 'teamboard take-back praise ID' takes it back).",
    )
    return 0


@command("support", "Support an experiment (or, as its owner, ask someone).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--member", type=MEMBER, help="The supporter (default: you).")
@click.option("--remove", is_flag=True, help="Stop supporting.")
def cmd_support(args: Args) -> int:
    supporter = args.member or _me(args)
    build = actions.stop_support if args.remove else actions.support
    state, event = _on_experiment(args, lambda eid: build(eid, supporter))
    verb = "no longer supports" if args.remove else "now supports"
    title = state.experiments[event["experiment_id"]].title
    _say(Text(state.name_of(supporter)), f" {verb} ", Text(title), ".")
    return 0


@command("note", "Add a support note to an experiment.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("text")
def cmd_note(args: Args) -> int:
    _, event = _on_experiment(args, lambda eid: actions.note(eid, args.text))
    _say(f"Added a support note to {_short(event['experiment_id'])}.")
    return 0


@command("role", "Make a member a manager or an employee (managers).")
@click.argument("member", metavar="MEMBER", type=MEMBER)
@click.argument("role", type=click.Choice([r.value for r in Role]))
def cmd_role(args: Args) -> int:
    state, _ = _write(args, actions.set_role(args.member, Role(args.role)))
    _say(Text(state.name_of(args.member)), f" is now {args.role}.")
    return 0


@command("withdraw", "Take your experiment off the board (kept in the history).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--reason", help="Why, in a few words.")
def cmd_withdraw(args: Args) -> int:
    _, event = _on_experiment(args, lambda eid: actions.withdraw(eid, args.reason or ""))
    _say(
        f"Withdrew {_short(event['experiment_id'])}: it is off the board and stays in the "
        f"history ('teamboard restore {_short(event['experiment_id'])}' brings it back)."
    )
    return 0


@command("restore", "Bring a withdrawn experiment back to the board.")
@click.argument("experiment", metavar="EXPERIMENT", type=ExperimentType(withdrawn=True))
def cmd_restore(args: Args) -> int:
    _, event = _on_experiment(args, lambda eid: actions.restore(eid))
    _say(f"Restored {_short(event['experiment_id'])} to the board.")
    return 0


def _find_entry(state: BoardState, kind: EntryKind, ref: str) -> tuple[str, str | None]:
    """(entry id, its experiment id) for an entry named by its id or the start of it."""
    ref = ref.strip().lower()
    if len(ref) < 4:
        raise InputError(f"give at least 4 characters of the {kind.value}'s id")
    found: list[tuple[str, str | None]] = []
    if kind is EntryKind.PRAISE:
        found = [(p.id, p.experiment_id) for p in state.praise if p.id.startswith(ref)]
    else:
        for e in state.experiments.values():
            entries = e.practice if kind is EntryKind.PRACTICE else e.support_notes
            found += [(x.id, e.id) for x in entries if x.id.startswith(ref)]
    if len(found) != 1:
        many = f"{len(found)} entries start" if found else "no entry starts"
        raise Refused(f"{many} with {ref!r} ('teamboard show EXPERIMENT' lists their ids)")
    return found[0]


@command("take-back", "Take back your own practice entry, support note or praise.")
@click.argument("kind", type=click.Choice([k.value for k in EntryKind]))
@click.argument("entry", metavar="ID")
@click.option("--reason", help="Why, in a few words.")
def cmd_take_back(args: Args) -> int:
    kind = EntryKind(args.kind)

    def build(state: BoardState) -> Payload:
        entry_id, experiment_id = _find_entry(state, kind, args.entry)
        return actions.take_back(
            kind, entry_id, experiment_id=experiment_id, reason=args.reason or ""
        )

    _write(args, build)
    _say(f"Took back the {kind.value}; the history keeps it, marked as taken back.")
    return 0


def _flags(experiment: Experiment, now: datetime) -> str:
    return " · ".join(flag.value for flag in flags_of(experiment, now))


_STAGE_ORDER = {stage: i for i, stage in enumerate(STAGES)}
_LIST_HEADERS = ("id", "stage", "owner", "experiment / needs attention", "days", "conf", "supp")


@command("list", "List the experiments, with what needs attention.")
@click.option("--stage", type=click.Choice([s.value for s in STAGES]))
@click.option("--member", type=MEMBER, help="Only this member's experiments.")
@click.option("--withdrawn", is_flag=True, help="The withdrawn experiments instead.")
@_json_option
def cmd_list(args: Args) -> int:
    live = _live(args)
    state = live.state
    now = utcnow()
    pool = [e for e in state.experiments.values() if (e.withdrawn is not None) == args.withdrawn]
    experiments = sorted(
        pool, key=lambda e: (_STAGE_ORDER[e.stage], state.name_of(e.owner), e.title)
    )
    if args.stage:
        experiments = [e for e in experiments if e.stage.value == args.stage]
    if args.member:
        state.member(args.member)
        experiments = [e for e in experiments if e.owner == args.member]
    if args.as_json:
        _print_json(
            {
                "board": live.board.meta.name,
                "experiments": [_experiment_json(state, e, now) for e in experiments],
            }
        )
        _keep_cache(live)
        return 0
    title = live.board.meta.name + (": withdrawn experiments" if args.withdrawn else "")
    rows = [
        (
            _short(e.id),
            e.stage.label,
            state.name_of(e.owner),
            e.title,
            _flags(e, now) if e.withdrawn is None else "",
            str(days_in_stage(e, now)),
            str(e.current_confidence or "-"),
            str(len(e.supporters)),
        )
        for e in experiments
    ]
    if _to_terminal():
        _list_table(title, rows)
    else:
        _plain_table(
            title,
            _LIST_HEADERS,
            ((i, s, o, t + (f"\n! {f}" if f else ""), d, c, n) for i, s, o, t, f, d, c, n in rows),
            right=(4, 5, 6),
        )
    if not experiments:
        print(
            "No experiments match."
            if state.experiments
            else "No experiments yet: add one with 'teamboard add'."
        )
    _keep_cache(live)
    return 0


def _list_table(title: str, rows: Sequence[Sequence[str]]) -> None:
    """The list fitted to the terminal: long titles and names end in an ellipsis."""
    table = Table(
        title=Text(title),
        title_justify="left",
        box=None,
        header_style="bold underline",
        pad_edge=False,
        expand=True,
    )
    table.add_column("id", no_wrap=True, style="dim", min_width=8)
    table.add_column("stage", no_wrap=True, min_width=10)
    table.add_column("owner", no_wrap=True, min_width=6, max_width=16, overflow="ellipsis")
    # Long titles are cut with an ellipsis so each experiment stays on one line.
    table.add_column("experiment / needs attention", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column("days", justify="right", no_wrap=True)
    table.add_column("conf", justify="right", no_wrap=True)
    table.add_column("supp", justify="right", no_wrap=True)
    for short, stage, owner, experiment_title, flags, days, conf, supp in rows:
        cell = Text(experiment_title)
        if flags:
            cell.append(f"\n! {flags}", style="yellow")
        table.add_row(Text(short), stage, Text(owner), cell, days, conf, supp)
    _console().print(table)


def _experiment_json(state: BoardState, e: Experiment, now: datetime) -> dict[str, Any]:
    withdrawn = None
    if e.withdrawn is not None:
        withdrawn = {"at": e.withdrawn.at.isoformat(), "reason": e.withdrawn.reason}
    return {
        "id": e.id,
        "title": e.title,
        "owner": _person(state, e.owner),
        "stage": e.stage.value,
        "days_in_stage": days_in_stage(e, now),
        "confidence": e.current_confidence,
        "supporters": [_person(state, member_id) for member_id in e.supporters],
        "flags": [] if e.withdrawn is not None else [f.short for f in flags_of(e, now)],
        "withdrawn": withdrawn,
    }


@command("show", "One experiment in full, with the ids of its entries.")
@click.argument("experiment", metavar="EXPERIMENT", type=ExperimentType(withdrawn=None))
def cmd_show(args: Args) -> int:
    """One experiment in full, with the ids of its entries (to take one back)."""
    live = _live(args)
    state = live.state
    e = find_experiment(state, args.experiment)
    out = Text()

    def line(*parts: str | Text, style: str = "") -> None:
        for part in parts:
            out.append(part if isinstance(part, Text) else Text(part, style=style))
        out.append("\n")

    line(Text(e.title, style="bold"))
    line(
        f"{_short(e.id)} · {state.name_of(e.owner)} · {e.stage.label} · "
        f"{days_in_stage(e, utcnow())} days in this stage"
    )
    if e.withdrawn is not None:
        reason = e.withdrawn.reason or "(no reason given)"
        line(f"withdrawn {e.withdrawn.at.date().isoformat()}: {reason}", style="yellow")
    if e.training:
        line("training: ", Text(e.training))
    for label, value in (
        ("why me", e.plan.why_me),
        ("must deliver", e.plan.must_deliver),
        ("team goals", e.plan.team_goals),
        ("personal benefit", e.plan.personal_benefit),
    ):
        line(f"{label}: ", Text(value or "—"))
    if e.opportunity is not None:
        line(
            f"apply in {e.opportunity.kind.value}: ",
            Text(e.opportunity.what),
            " ",
            Text(e.opportunity.when),
        )
    if e.target_date is not None:
        line(f"target date: {e.target_date.isoformat()}")
    for entry in e.practice:
        mark = " (taken back)" if entry.taken_back else ""
        line(f"practice {_short(entry.id)} {entry.on.isoformat()}{mark}: ", Text(entry.what))
    for reflection in e.reflections:
        line(f"reflection {_short(reflection.id)} {reflection.at.date().isoformat()}:")
        for label, value in (
            ("  wanted", reflection.wanted),
            ("  did", reflection.did),
            ("  effect", reflection.effect),
            ("  next time", reflection.next_time),
        ):
            line(f"{label}: ", Text(value or "—"))
    for note in e.support_notes:
        mark = " (taken back)" if note.taken_back else ""
        line(f"note {_short(note.id)} by {state.name_of(note.author)}{mark}: ", Text(note.text))
    for praise in state.praise:
        if praise.experiment_id == e.id:
            mark = " (taken back)" if praise.taken_back else ""
            line(
                f"praise {_short(praise.id)} by {state.name_of(praise.author)}{mark}: ",
                Text(praise.message),
            )
    _console().print(out, end="", soft_wrap=True)
    _keep_cache(live)
    return 0


@command("members", "List the members.")
@_json_option
def cmd_members(args: Args) -> int:
    live = _live(args)
    state = live.state
    members = sorted(state.members.values(), key=lambda m: m.name.lower())
    counts: dict[str, int] = {}
    for e in state.active:
        counts[e.owner] = counts.get(e.owner, 0) + 1
    if args.as_json:
        _print_json(
            {
                "board": live.board.meta.name,
                "members": [
                    {
                        "id": m.id,
                        "name": m.name,
                        "role": m.role.value,
                        "experiments": counts.get(m.id, 0),
                    }
                    for m in members
                ],
            }
        )
    elif _to_terminal():
        table = Table(expand=False)
        table.add_column("id", no_wrap=True)
        table.add_column("name", overflow="ellipsis", max_width=40)
        table.add_column("role")
        table.add_column("experiments", justify="right")
        for m in members:
            table.add_row(m.id, Text(m.name), m.role.value, str(counts.get(m.id, 0)))
        _console().print(table)
    else:
        _plain_table(
            None,
            ("id", "name", "role", "experiments"),
            ((m.id, m.name, m.role.value, str(counts.get(m.id, 0))) for m in members),
            right=(3,),
        )
    _keep_cache(live)
    return 0


# The feed's kinds as the command line spells them (--kind and --json): "support-note".
_FEED_KINDS = {kind: kind.value.replace(" ", "-") for kind in FeedKind}


def _feed_json(item: FeedItem) -> dict[str, Any]:
    return {
        "kind": _FEED_KINDS[item.kind],
        "at": item.at.isoformat(),
        "who": item.who,
        "about": item.about,
        "experiment_id": item.experiment_id,
        "text": item.text,
        "detail": item.detail,
    }


@command(
    "feed",
    "The recognition feed, newest first: praise, support notes, help asked, milestones "
    "(with --all, every change on the board).",
)
@click.option("--kind", type=click.Choice(list(_FEED_KINDS.values())))
@click.option("--all", "everything", is_flag=True, help="Every kind of change: the activity log.")
@click.option("--member", type=MEMBER, help="Only what concerns this member.")
@click.option("--about-me", is_flag=True, help="Only what is about you.")
@click.option("--limit", type=PositiveType(), default=30, help="How many (default 30).")
@_json_option
def cmd_feed(args: Args) -> int:
    live = _live(args)
    state = live.state
    now = utcnow()
    kind = FeedKind(args.kind.replace("-", " ")) if args.kind else None
    if args.member:
        state.member(args.member)
    about = _me(args) if args.about_me else None
    kinds = ACTIVITY if args.everything else RECOGNITION
    if kind is not None and kind not in kinds:
        raise InputError(
            f"--kind {_FEED_KINDS[kind]} is in the activity log, not the feed: add --all"
        )
    items = filter_feed(
        feed_items(state, kinds=kinds), kind=kind, member=args.member, about_me=about
    )
    shown = items[: args.limit]
    if args.as_json:
        _print_json(
            {
                "board": live.board.meta.name,
                "items": [_feed_json(item) for item in shown],
                "older": len(items) - len(shown),
            }
        )
        _keep_cache(live)
        return 0
    rows = []
    for item in shown:
        what = f"praise ({item.detail})" if item.kind is FeedKind.PRAISE else item.kind.value
        if args.everything:
            what = plain_headline(item, state)
        who = state.name_of(item.who) if item.who else "(the board)"
        experiment = state.experiments.get(item.experiment_id or "")
        rows.append(
            (
                ago(item.at, now),
                what,
                who,
                state.name_of(item.about),
                experiment.title if experiment else "—",
                " ".join(item.text.split()),
            )
        )
    title = f"{live.board.meta.name}: recognition feed"
    if _to_terminal():
        _feed_table(title, rows)
    else:
        _plain_table(
            title,
            ("when", "what", "from → for", "experiment / message"),
            (
                (when, what, f"{who}\n→ {to}", f"{t}\n{text}")
                for when, what, who, to, t, text in rows
            ),
        )
    if not items:
        print(
            "Nothing in the feed yet." if not (kind or args.member or about) else "Nothing matches."
        )
    elif len(items) > args.limit:
        print(f"… and {len(items) - args.limit} older (see --limit)")
    _keep_cache(live)
    return 0


def _feed_table(title: str, rows: Sequence[Sequence[str]]) -> None:
    table = Table(
        title=Text(title),
        title_justify="left",
        box=None,
        header_style="bold underline",
        pad_edge=False,
        expand=True,
    )
    table.add_column("when", no_wrap=True)
    table.add_column("what", no_wrap=True)
    table.add_column("from → for", no_wrap=True, max_width=22, overflow="ellipsis")
    table.add_column("experiment / message", ratio=1, overflow="ellipsis", no_wrap=True)
    for when, what, who, to, experiment_title, text in rows:
        people = Text(who)
        people.append("\n→ ")
        people.append(to)
        body = Text(experiment_title, style="bold")
        body.append("\n")
        body.append(text)
        table.add_row(when, what, people, body)
    _console().print(table)


@command("insights", "Insights per lever: is what the team learned showing up in its work?")
@click.option("--member", type=MEMBER, help="One member's insights instead of the team's.")
@_json_option
def cmd_insights(args: Args) -> int:
    from teamboard.views.insights.levers import insights
    from teamboard.views.insights.report import insights_json, insights_lines

    live = _live(args)
    state = live.state
    if args.member:
        state.member(args.member)
    found = insights(state, utcnow(), args.member)
    if args.as_json:
        _print_json(insights_json(found, state, live.board.meta.name))
    else:
        sys.stdout.write("\n".join(insights_lines(found, state, live.board.meta.name)) + "\n")
    _keep_cache(live)
    return 0


_CHECK_ORDER = ("damaged", "ignored", "rejected", "ahead", "out of order")


def _slug(kind: str) -> str:
    return kind.replace(" ", "-")


@command(
    "standup",
    "The stand-up: with no STEP, print what changed since the last one, per person, and "
    "the wins (for a chat channel); 'start' and 'end' record one.",
)
@click.argument("step", required=False, type=click.Choice(["start", "end"]))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md"]),
    default="text",
    help="The digest as plain text (default) or Markdown.",
)
@click.option(
    "--since",
    type=DATE,
    metavar="DATE",
    help="Count from the start of this day instead of the last stand-up.",
)
@click.option(
    "--attendee",
    "attendees",
    type=MEMBER,
    multiple=True,
    help="With 'end': who was there (repeat it).",
)
@click.option("--summary", help="With 'end': one line on how it went (default: the counts).")
def cmd_standup(args: Args) -> int:
    if args.step != "end" and (args.attendees or args.summary is not None):
        raise InputError("--attendee and --summary go with 'teamboard standup end'")
    if args.step is not None and (args.since or args.fmt != "text"):
        raise InputError("--since and --format go with the digest: 'teamboard standup'")
    if args.step == "start":
        return _start_standup(args)
    if args.step == "end":
        return _end_standup(args)
    live = _live(args)
    now = utcnow()
    given = datetime.combine(args.since, datetime.min.time()).astimezone() if args.since else None
    since = standup.since_last_standup(live.state, now, given)
    text = standup.digest(live.state, now, since, live.board.meta.name, args.fmt == "md")
    sys.stdout.write(text)
    _keep_cache(live)
    return 0


def _start_standup(args: Args) -> int:
    def build(state: BoardState) -> Payload:
        running = standup.running_standup(state, utcnow())
        if running is not None:
            raise InputError(
                f"a stand-up is running already, started by {state.name_of(running.started_by)}"
                f" at {running.started_at.astimezone():%H:%M}: end it with "
                "'teamboard standup end'"
            )
        return actions.start_standup()

    _write(args, build)
    _say(
        "Stand-up started. Walk the board ('teamboard standup' lists what changed), then "
        "'teamboard standup end'."
    )
    return 0


def _end_standup(args: Args) -> int:
    summary: list[str] = []

    def build(state: BoardState) -> Payload:
        for member in args.attendees:
            state.member(member)
        running = standup.running_standup(state, utcnow())
        if running is None:
            raise InputError("no stand-up is running: start one with 'teamboard standup start'")
        since = standup.since_last_standup(state, utcnow())
        changes = standup.changes_since(state, since)
        summary.append(
            args.summary
            if args.summary is not None
            else standup.one_line_summary(changes, state, utcnow())
        )
        return actions.end_standup(running.id, attendees=args.attendees, summary=summary[0])

    _write(args, build)
    _say("Stand-up ended: ", summary[0])
    return 0


@command("ask-help", "Ask the team for help on your experiment (or --clear it).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("ask", required=False)
@click.option("--clear", is_flag=True, help="The help is no longer needed.")
def cmd_ask_help(args: Args) -> int:
    if args.clear == (args.ask is not None):
        raise InputError("say what you need help with, in a few words, or pass --clear")
    if args.clear:
        _state, written = _on_experiment(args, actions.clear_help)
        _say("Help cleared on ", _short(written["experiment_id"]), ".")
        return 0
    _state, written = _on_experiment(args, lambda eid: actions.ask_help(eid, args.ask))
    _say("Help asked on ", _short(written["experiment_id"]), ": ", written["ask"])
    return 0


@command("check", "Check the board: damaged files, refused changes, clocks (exit 1 if any).")
@_json_option
def cmd_check(args: Args) -> int:
    board = _board(args)
    result = checkup(board, utcnow())
    loaded = result.loaded
    state = loaded.state
    findings = [f for kind in _CHECK_ORDER for f in result.findings if f.kind == kind]
    code = EXIT_PROBLEMS if result.findings else 0
    if args.as_json:
        _print_json(
            {
                "board": str(board.root),
                "findings": [{"kind": _slug(f.kind), "text": f.text} for f in findings],
                "summary": {
                    "members": len(state.members),
                    "experiments": len(state.active),
                    "events": loaded.event_count,
                    "files": loaded.file_count,
                    **{_slug(kind): result.count(kind) for kind in _CHECK_ORDER},
                },
            }
        )
        return code
    for finding in findings:
        print(_one_line(f"{finding.kind}: {finding.text}"))
    summary = (
        f"{board.root}: {len(state.members)} members, {len(state.active)} experiments, "
        f"{loaded.event_count} events in {loaded.file_count} files"
    )
    if result.findings:
        counts = ", ".join(
            f"{result.count(kind)} {kind}" for kind in _CHECK_ORDER if result.count(kind)
        )
        print(f"{summary}; {counts}")
    else:
        print(f"{summary}; all good")
    return code


def _output_options(func: Callable) -> Callable:
    func = click.option("--force", is_flag=True, help="Write over FILE if it exists.")(func)
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Write to FILE (default: print it).",
    )(func)


def _put(args: Args, text: str, what: str) -> None:
    """Print the text (as UTF-8 bytes, line ends as they are), or write it to -o FILE."""
    data = text.encode("utf-8")
    if args.output is None:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            buffer.write(data)
            buffer.flush()
        return
    try:
        path = write_file(args.output, data, force=args.force)
    except SaveError as error:
        raise InputError(str(error)) from None
    _say(f"Wrote {what} to {path}.")


@command(
    "export",
    "Export the board: Markdown to read, CSV for a spreadsheet, JSON of the board, "
    "or JSONL of every change (which 'teamboard import' reads).",
)
@click.option("--format", "format_name", required=True, type=click.Choice(list(FORMATS)))
@click.option("--since", type=DATE, metavar="DATE", help="Only what happened on DATE or later.")
@click.option("--until", type=DATE, metavar="DATE", help="Only what happened on DATE or before.")
@click.option("--member", type=MEMBER, help="Only this member's experiments (JSONL: changes).")
@_output_options
def cmd_export(args: Args) -> int:
    live = _live(args)
    scope = Scope(args.since, args.until, args.member)
    exported = export_board(
        live.state,
        args.format_name,
        live.board.meta.name,
        utcnow(),
        scope,
        live.board.raw_events(),
    )
    if exported.left_out:
        print(
            f"teamboard: warning: {exported.left_out} stored change(s) are not on the board "
            "(the rules refuse them, or they cannot be read) and are left out; "
            "'teamboard check' lists them",
            file=sys.stderr,
        )
    if exported.moved:
        print(
            f"teamboard: warning: without them, {exported.moved} change(s) count at another "
            "time (their author's log is out of time order), so a board imported from this "
            "export may differ from this one",
            file=sys.stderr,
        )
    _put(args, exported.text, exported.what)
    _keep_cache(live)
    return 0


@command("import", "Make a new board in DIR from the events of a JSONL export.")
@click.argument("file", metavar="FILE.jsonl", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", required=True, type=FOLDER, metavar="DIR", help="A new or empty folder.")
@click.option("--name", help="The new board's name (default: the exported board's).")
def cmd_import(args: Args) -> int:
    path = Path(args.file).expanduser()
    data = read_regular(path, IMPORT_LIMIT)
    imported = read_events(data, utcnow(), name=path.name)
    live = LiveBoard.import_board(
        Path(args.into),
        args.name or imported.name or path.stem,
        imported,
        cache_dir=default_cache_dir(),
    )
    _say(
        f"Imported {imported.count} changes of {len(imported.logs)} people into {live.root}: ",
        Text(live.board.meta.name),
        f", {len(live.state.active)} experiments.",
    )
    return 0


@command("story", "Tell an experiment in Success as a one-page success story (Markdown).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@_output_options
def cmd_story(args: Args) -> int:
    live = _live(args)
    experiment = find_experiment(live.state, args.experiment)
    _put(args, success_story(live.state, experiment), "the success story")
    _keep_cache(live)
    return 0


@command("sync", "Share the board through git: commit your own file, pull (rebase), push.")
@click.option(
    "--setup",
    is_flag=True,
    help="Once per board: name the merge driver in .gitattributes, set it up in this "
    "clone and commit the board's own files; then sync.",
)
def cmd_sync(args: Args) -> int:
    board = _board(args)
    me = _me(args)
    notes = sync.setup(board) if args.setup else []
    done = sync.sync(board, me)
    for note in [*notes, *done.notes]:
        print(_one_line(note))
    for warning in done.warnings:
        print(f"teamboard: warning: {_one_line(warning)}", file=sys.stderr)
    if done.committed is not None:
        new = sync.counted(done.committed, "new event")
        print(_one_line(f"Committed {done.file}: {new} ({done.total} in all)."))
    elif done.total:
        print(_one_line(f"{done.file}: nothing new of yours to commit."))
    if done.pushed_to is None:
        print("No remote: committed here only (add one with 'git remote add origin URL').")
        return 0
    came = [
        f"{sync.counted(n, 'event')} from {'you (another computer)' if who == me else who}"
        for who, n in sorted(done.came_in.items(), key=lambda item: (item[0] == me, item[0]))
    ]
    print(f"Came in: {', '.join(came)}." if came else "Nothing new came in.")
    retried = f" (try {done.tries}: others pushed meanwhile)" if done.tries > 1 else ""
    print(f"Pushed to {done.pushed_to}{retried}.")
    return 0


@command("merge-file", "git's merge driver for people's files (set up by 'sync --setup').")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.argument("path", required=False)
def cmd_merge_file(args: Args) -> int:
    try:
        merge.merge_file(
            Path(args.base), Path(args.ours), Path(args.theirs), args.path or args.ours
        )
    except merge.MergeConflict as error:
        # git leaves the conflict for the person (any exit status but 0 says so).
        print(f"teamboard: conflict: {_one_line(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    return 0


@command("demo", "Make a demo board with a realistic team and open it.")
@click.option("--dir", type=FOLDER, help="Where to make it (default: a new temporary folder).")
@click.option("--no-open", is_flag=True, help="Make it, but do not open the app.")
def cmd_demo(args: Args) -> int:
    from teamboard.demo import build_demo_board

    root = (
        Path(args.dir).expanduser()
        if args.dir
        else Path(tempfile.mkdtemp(prefix="teamboard-demo-"))
    )
    board = build_demo_board(root)
    me = args.as_ or os.environ.get("TEAMBOARD_USER") or board.meta.founder
    if args.no_open:
        print(f"Demo board made in {board.root}")
        return 0
    code = _run_app(board.root, me)
    print(
        f"The demo board stays in {board.root}; open it again with: "
        f"teamboard --board {board.root} --as {me}"
    )
    return code


def cmd_open(args: Args) -> int:
    board = _board(args)
    if args.ask_who:
        if args.as_:
            raise InputError("--as and --ask-who do not go together: choose one")
        return _run_app(board.root, None, ask_who=True)
    me = args.as_ or os.environ.get("TEAMBOARD_USER") or None
    return _run_app(board.root, me)


def _run_app(root: Path, me: str | None, ask_who: bool = False) -> int:
    from teamboard.tui.app import TeamboardApp  # textual is only loaded for the app

    TeamboardApp(root, me, ask_who=ask_who).run()
    return 0


@command("serve", "Serve the board to web browsers; each browser session chooses who it is.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The port."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; only this computer can connect to the default.",
)
def cmd_serve(args: Args) -> int:
    if args.as_:
        raise InputError("serve takes no --as: each browser session chooses who it is")
    board = _board(args)
    from teamboard.tui.serve import address, check_address, is_local, serve  # aiohttp, only here

    host = args.host.strip().removeprefix("[").removesuffix("]")  # [::1] as ::1
    try:
        check_address(host, args.port)
    except OSError as error:
        why = error.strerror or str(error)
        raise InputError(f"cannot serve on {address(host, args.port)}: {why}") from None
    if not is_local(host):
        print(
            f"teamboard: warning: serving on {host}: anyone who can reach port "
            f"{args.port} can act on the board as anyone",
            file=sys.stderr,
        )
    serve(board.root.resolve(), board.meta.name, host, args.port)
    return 0


@command("completion", "Print the shell completion script for bash, zsh or fish.")
@click.argument("shell", type=click.Choice(SHELLS))
def cmd_completion(args: Args) -> int:
    from click.shell_completion import get_completion_class

    complete = get_completion_class(args.shell)
    assert complete is not None  # the choice allows only the shells click knows
    sys.stdout.write(complete(cli, {}, PROG, COMPLETE_VAR).source())
    return 0


# --- running -----------------------------------------------------------------------------


def _usage_line(error: click.UsageError) -> str:
    """click's usage error as one line, with the hint to --help."""
    message = _one_line(error.format_message()).rstrip(".")
    message = message[:1].lower() + message[1:]
    where = error.ctx.command_path if error.ctx is not None else PROG
    return f"{message} (see '{where} --help')"


def _complete(instruction: str) -> int:
    """Answer the shell's completion request; on any trouble, offer nothing."""
    from click.shell_completion import shell_complete

    try:
        return shell_complete(cli, {}, PROG, COMPLETE_VAR, instruction)
    except Exception:
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (never exits the process)."""
    if instruction := os.environ.get(COMPLETE_VAR):
        return _complete(instruction)  # the shell asks (the words are in its variables)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=args, prog_name=PROG, standalone_mode=False)
        return code if isinstance(code, int) else 0
    except click.UsageError as error:
        print(f"teamboard: error: {_usage_line(error)}", file=sys.stderr)
        return EXIT_USAGE
    except click.ClickException as error:
        print(f"teamboard: error: {_one_line(error.format_message())}", file=sys.stderr)
        return EXIT_USAGE
    except (InputError, Refused, StoreError) as error:
        print(f"teamboard: error: {_one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except (ReaderGone, BrokenPipeError):
        # Not an error to report: stop quietly, and let nothing else write to the pipe.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_READER_GONE
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(f"teamboard: error:{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except (click.Abort, KeyboardInterrupt):
        return 130
