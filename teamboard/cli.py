"""The command line: every board action as a scriptable command over the same rules.

An error is one line on stderr and exit code 2, and nothing is written: each command
checks its event against the rules (board.apply) before the store writes it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from teamboard import __version__
from teamboard.board import (
    BoardState,
    Refused,
    apply,
    days_in_stage,
    find_experiment,
)
from teamboard.cards import flags_of
from teamboard.feed import FeedKind, ago, feed_items, filter_feed
from teamboard.model import (
    STAGES,
    ApplicationKind,
    CheckInKind,
    Event,
    Experiment,
    PraiseKind,
    Role,
    Stage,
    check_member_id,
    new_id,
    utcnow,
    without_control,
)
from teamboard.paths import default_board_dir
from teamboard.store import BoardFolder, Loaded, StoreError

EXIT_USAGE = 2
EXIT_PROBLEMS = 1


class UsageError(Exception):
    """Bad input from the person at the keyboard: one line, exit 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse prints the whole usage on an error; we print one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


# --- helpers --------------------------------------------------------------------------


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-12-31") from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def _member_arg(value: str) -> str:
    try:
        return check_member_id(value.strip().lower())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _board(args: argparse.Namespace) -> BoardFolder:
    root = Path(args.board).expanduser() if args.board else default_board_dir()
    return BoardFolder.open(root)


def _me(args: argparse.Namespace) -> str:
    who = args.as_ or os.environ.get("TEAMBOARD_USER", "").strip()
    if not who:
        raise UsageError("who are you? pass --as MEMBER or set TEAMBOARD_USER")
    try:
        return check_member_id(who.lower())
    except ValueError as error:
        raise UsageError(str(error)) from None


def _load(board: BoardFolder, warn: bool = True) -> Loaded:
    loaded = board.load()
    for damaged in loaded.damaged if warn else ():
        print(
            f"teamboard: warning: {damaged} (left untouched; see 'teamboard check')",
            file=sys.stderr,
        )
    return loaded


Payload = dict | Callable[[BoardState], dict]


def _write(args: argparse.Namespace, payload: Payload) -> tuple[BoardState, Event]:
    """Check one action against the rules on the current board, then append it.

    `payload` may be a function of the board's state, so that finding the experiment and
    checking the action share one read of the board.
    """
    board = _board(args)
    me = _me(args)
    loaded = _load(board, warn=False)
    mine = board.person_file(me)
    for damaged in loaded.damaged:
        if damaged.path == mine:
            raise StoreError(f"{damaged}; nothing was written (see 'teamboard check')")
    state = loaded.state
    if callable(payload):
        payload = payload(state)
    if me not in state.members and payload["type"] != "member_joined":
        raise UsageError(
            f"{me!r} is not a member of this board; join with 'teamboard join --as {me} --name ...'"
        )
    (event,) = board.append(me, payload, check=lambda event: apply(state, event))
    return state, event


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


# --- commands ---------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    me = _me(args)
    name = (args.my_name or me.capitalize()).strip()
    board = BoardFolder.create(Path(args.dir), args.name, me, name)
    _say(f"Made board {board.meta.name!r} in {board.root}; {name} is its first manager.")
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    state, event = _write(args, {"type": "member_joined", "name": args.name})
    member = state.members[event.author]
    _say(f"{member.name} ({member.id}) is a member of the board as {member.role.value}.")
    return 0


def _plan_payload(args: argparse.Namespace) -> dict:
    fields = {
        "why_me": args.why_me,
        "must_deliver": args.deliver,
        "team_goals": args.team_goals,
        "personal_benefit": args.benefit,
    }
    return {k: v for k, v in fields.items() if v is not None}


def _opportunity(args: argparse.Namespace) -> dict | None:
    if args.apply is None and args.apply_what is None and args.apply_when is None:
        return None
    return {
        "kind": args.apply or ApplicationKind.OTHER.value,
        "what": args.apply_what or "",
        "when": args.apply_when or "",
    }


def cmd_add(args: argparse.Namespace) -> int:
    payload: dict = {
        "type": "experiment_created",
        "experiment_id": new_id(),
        "title": args.title,
        "training": args.training or "",
        "plan": _plan_payload(args),
    }
    if (opportunity := _opportunity(args)) is not None:
        payload["opportunity"] = opportunity
    if args.target:
        payload["target_date"] = args.target.isoformat()
    if args.confidence is not None:
        payload["confidence"] = args.confidence
    _, event = _write(args, payload)
    _say(f"Added experiment {_short(event.experiment_id)} ", event.title, " (Goal).")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    payload: dict = {"type": "experiment_edited"}
    payload |= {
        k: v for k, v in (("title", args.title), ("training", args.training)) if v is not None
    }
    payload |= _plan_payload(args)
    if (opportunity := _opportunity(args)) is not None:
        payload["opportunity"] = opportunity
    if args.target:
        payload["target_date"] = args.target.isoformat()
    if len(payload) == 1:
        raise UsageError("nothing to change: give at least one field, e.g. --title")

    def build(state: BoardState) -> dict:
        return payload | {"experiment_id": find_experiment(state, args.experiment).id}

    _, event = _write(args, build)
    _say(f"Updated experiment {_short(event.experiment_id)}.")
    return 0


def _target_stage(experiment: Experiment, where: str) -> Stage:
    where = where.lower()
    if where in ("next", "forward"):
        if experiment.stage is Stage.SUCCESS:
            raise Refused("the experiment is in Success already, the last stage")
        return STAGES[experiment.stage.index + 1]
    if where in ("back", "previous"):
        if experiment.stage is Stage.GOAL:
            raise Refused("the experiment is in Goal already, the first stage")
        return STAGES[experiment.stage.index - 1]
    try:
        return Stage(where)
    except ValueError:
        names = ", ".join(s.value for s in STAGES)
        raise UsageError(f"unknown stage {where!r}: use {names}, next or back") from None


def cmd_move(args: argparse.Namespace) -> int:
    def build(state: BoardState) -> dict:
        experiment = find_experiment(state, args.experiment)
        to = _target_stage(experiment, args.stage)
        return {"type": "stage_moved", "experiment_id": experiment.id, "to": to.value}

    _, event = _write(args, build)
    _say(f"Moved {_short(event.experiment_id)} to {event.to.label}.")
    return 0


def _on_experiment(
    args: argparse.Namespace, event_type: str, **fields: object
) -> tuple[BoardState, Event]:
    """Write one event about the experiment named on the command line."""

    def build(state: BoardState) -> dict:
        experiment = find_experiment(state, args.experiment)
        return {"type": event_type, "experiment_id": experiment.id, **fields}

    return _write(args, build)


def cmd_practice(args: argparse.Namespace) -> int:
    on = args.on or utcnow().date()
    _, event = _on_experiment(
        args, "practice_logged", entry_id=new_id(), on=on.isoformat(), what=args.what
    )
    _say(f"Logged practice on {on.isoformat()} for {_short(event.experiment_id)}.")
    return 0


def cmd_reflect(args: argparse.Namespace) -> int:
    _, event = _on_experiment(
        args,
        "reflection_written",
        reflection_id=new_id(),
        wanted=args.wanted or "",
        did=args.did or "",
        effect=args.effect or "",
        next_time=args.next or "",
    )
    _say(f"Saved a reflection on {_short(event.experiment_id)}.")
    return 0


def cmd_confidence(args: argparse.Namespace) -> int:
    _, event = _on_experiment(args, "confidence_rated", value=args.value)
    _say(f"Confidence {args.value}/5 recorded for {_short(event.experiment_id)}.")
    return 0


def cmd_checkin(args: argparse.Namespace) -> int:
    _, event = _on_experiment(
        args, "checked_in", check_in_id=new_id(), kind=args.kind, notes=args.notes or ""
    )
    _say(f"Recorded a {args.kind} check-in on {_short(event.experiment_id)}.")
    return 0


def cmd_praise(args: argparse.Namespace) -> int:
    def build(state: BoardState) -> dict:
        payload: dict = {
            "type": "praise_posted",
            "praise_id": new_id(),
            "to": args.member,
            "message": args.message,
            "kind": args.kind,
        }
        if args.about:
            payload["experiment_id"] = find_experiment(state, args.about).id
        return payload

    state, _ = _write(args, build)
    _say("Praise posted for ", state.name_of(args.member), ".")
    return 0


def cmd_support(args: argparse.Namespace) -> int:
    supporter = args.member or _me(args)
    kind = "support_removed" if args.remove else "support_added"
    state, event = _on_experiment(args, kind, supporter=supporter)
    verb = "no longer supports" if args.remove else "now supports"
    title = state.experiments[event.experiment_id].title
    _say(state.name_of(supporter), f" {verb} ", title, ".")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    _, event = _on_experiment(args, "support_noted", note_id=new_id(), text=args.text)
    _say(f"Added a support note to {_short(event.experiment_id)}.")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    state, _ = _write(args, {"type": "role_set", "member": args.member, "role": args.role})
    _say(state.name_of(args.member), f" is now {args.role}.")
    return 0


def _flags(experiment: Experiment, now: datetime) -> str:
    return " · ".join(flag.value for flag in flags_of(experiment, now))


def cmd_list(args: argparse.Namespace) -> int:
    board = _board(args)
    state = _load(board).state
    now = utcnow()
    experiments = sorted(
        state.experiments.values(), key=lambda e: (e.stage.index, state.name_of(e.owner), e.title)
    )
    if args.stage:
        experiments = [e for e in experiments if e.stage.value == args.stage]
    if args.member:
        state.member(args.member)
        experiments = [e for e in experiments if e.owner == args.member]
    console = Console(highlight=False)
    table = Table(
        title=Text(board.meta.name),
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
    for e in experiments:
        title = Text(e.title)
        if flags := _flags(e, now):
            title.append(f"\n! {flags}", style="yellow")
        table.add_row(
            Text(_short(e.id)),
            e.stage.label,
            Text(state.name_of(e.owner)),
            title,
            str(days_in_stage(e, now)),
            str(e.current_confidence or "-"),
            str(len(e.supporters)),
        )
    console.print(table)
    if not experiments:
        print(
            "No experiments match."
            if state.experiments
            else "No experiments yet: add one with 'teamboard add'."
        )
    return 0


def cmd_members(args: argparse.Namespace) -> int:
    state = _load(_board(args)).state
    table = Table(expand=False)
    table.add_column("id", no_wrap=True)
    table.add_column("name", overflow="ellipsis", max_width=40)
    table.add_column("role")
    table.add_column("experiments", justify="right")
    for member in sorted(state.members.values(), key=lambda m: m.name.lower()):
        count = sum(e.owner == member.id for e in state.experiments.values())
        table.add_row(member.id, Text(member.name), member.role.value, str(count))
    Console(highlight=False).print(table)
    return 0


def cmd_feed(args: argparse.Namespace) -> int:
    board = _board(args)
    state = _load(board).state
    now = utcnow()
    kind = FeedKind(args.kind.replace("-", " ")) if args.kind else None
    if args.member:
        state.member(args.member)
    about = _me(args) if args.about_me else None
    items = filter_feed(feed_items(state), kind=kind, member=args.member, about_me=about)
    table = Table(
        title=Text(f"{board.meta.name}: recognition feed"),
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
    for item in items[: args.limit]:
        what = {
            FeedKind.PRAISE: f"praise ({item.detail})",
            FeedKind.NOTE: "support note",
            FeedKind.MILESTONE: "milestone",
        }[item.kind]
        people = Text(state.name_of(item.who) if item.who else "(the board)")
        people.append("\n→ ")
        people.append(state.name_of(item.about))
        experiment = state.experiments.get(item.experiment_id or "")
        body = Text(experiment.title if experiment else "—", style="bold")
        body.append("\n")
        body.append(" ".join(item.text.split()))
        table.add_row(ago(item.at, now), what, people, body)
    Console(highlight=False).print(table)
    if not items:
        print(
            "Nothing in the feed yet." if not (kind or args.member or about) else "Nothing matches."
        )
    elif len(items) > args.limit:
        print(f"… and {len(items) - args.limit} older (see --limit)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    board = _board(args)
    loaded = board.load()
    state = loaded.state
    for damaged in loaded.damaged:
        print(_one_line(f"damaged: {damaged}"))
    for rejected in state.rejected:
        where = f"{rejected.source}: " if rejected.source else ""
        print(
            _one_line(
                f"rejected: {where}event {rejected.event_id} ({rejected.type}) by "
                f"{rejected.author}: {rejected.reason}"
            )
        )
    problems = len(loaded.damaged) + len(state.rejected)
    summary = (
        f"{board.root}: {len(state.members)} members, {len(state.experiments)} experiments, "
        f"{loaded.event_count} events in {loaded.file_count} files"
    )
    if problems:
        print(
            f"{summary}; {len(loaded.damaged)} damaged files, {len(state.rejected)} rejected events"
        )
        return EXIT_PROBLEMS
    print(f"{summary}; all good")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
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


def cmd_open(args: argparse.Namespace) -> int:
    board = _board(args)
    me = args.as_ or os.environ.get("TEAMBOARD_USER") or None
    return _run_app(board.root, me)


def _run_app(root: Path, me: str | None) -> int:
    from teamboard.app import TeamboardApp  # textual is only loaded for the app

    TeamboardApp(root, me).run()
    return 0


# --- the parser -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = OneLineParser(add_help=False)
    common.add_argument(
        "--board",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the board folder (default: $TEAMBOARD_DIR, else your data folder)",
    )
    common.add_argument(
        "--as",
        dest="as_",
        metavar="MEMBER",
        default=argparse.SUPPRESS,
        help="who you are (default: $TEAMBOARD_USER)",
    )

    parser = OneLineParser(
        prog="teamboard",
        parents=[common],
        description="A team's learning experiments, from Goal to Success. "
        "With no command, opens the board.",
    )
    # No defaults for --board/--as here: the parent's actions are shared with every
    # subcommand, and a default set on one would hide a value given before the command.
    parser.set_defaults(func=cmd_open)
    parser.add_argument("--version", action="version", version=f"teamboard {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=OneLineParser)

    def command(name: str, func: Callable, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(func=func)
        return p

    p = command("init", cmd_init, "make a new board folder; you become its first manager")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--name", required=True, help="the board's name, e.g. your team's")
    p.add_argument("--my-name", help="your display name (default: your member id)")

    p = command("demo", cmd_demo, "make a demo board with a realistic team and open it")
    p.add_argument("--dir", help="where to make it (default: a new temporary folder)")
    p.add_argument("--no-open", action="store_true", help="make it, but do not open the app")

    p = command("join", cmd_join, "join the board (or change your display name)")
    p.add_argument("--name", required=True, help="your display name")

    def experiment_fields(p: argparse.ArgumentParser) -> None:
        p.add_argument("--training", help="the training or course it comes from")
        p.add_argument("--why-me", help="why you take this training")
        p.add_argument("--deliver", help="what it must deliver")
        p.add_argument("--team-goals", help="how it serves the team's goals")
        p.add_argument("--benefit", help="your personal benefit")
        p.add_argument(
            "--apply", choices=[k.value for k in ApplicationKind], help="where you will apply it"
        )
        p.add_argument("--apply-what", help="the project, case or occasion")
        p.add_argument("--apply-when", help="when that happens")
        p.add_argument("--target", type=_date, help="target date, YYYY-MM-DD")

    p = command("add", cmd_add, "add an experiment (your own learning goal)")
    p.add_argument("title")
    experiment_fields(p)
    p.add_argument("--confidence", type=int, metavar="1-5", help="how confident you feel, 1 to 5")

    p = command("edit", cmd_edit, "change your experiment's title or plan")
    p.add_argument("experiment", metavar="EXPERIMENT", help="its id or the start of it")
    p.add_argument("--title")
    experiment_fields(p)

    p = command("move", cmd_move, "move an experiment one stage forward or back")
    p.add_argument("experiment", metavar="EXPERIMENT")
    p.add_argument(
        "stage", metavar="STAGE", help="goal, practice, reflection, success, next or back"
    )

    p = command("practice", cmd_practice, "log a practice")
    p.add_argument("experiment", metavar="EXPERIMENT")
    p.add_argument("what", help="what you tried")
    p.add_argument("--on", type=_date, help="when, YYYY-MM-DD (default: today)")

    p = command("reflect", cmd_reflect, "write a reflection (the four questions)")
    p.add_argument("experiment", metavar="EXPERIMENT")
    p.add_argument("--wanted", help="what did you want to apply?")
    p.add_argument("--did", help="what did you do?")
    p.add_argument("--effect", help="what was the effect?")
    p.add_argument("--next", help="what will you do differently next time?")

    p = command("confidence", cmd_confidence, "rate your confidence, 1 to 5")
    p.add_argument("experiment", metavar="EXPERIMENT")
    p.add_argument("value", type=int, metavar="1-5")

    p = command("checkin", cmd_checkin, "record a check-in (owner or manager)")
    p.add_argument("experiment", metavar="EXPERIMENT")
    p.add_argument("--kind", required=True, choices=[k.value for k in CheckInKind])
    p.add_argument("--notes", help="what was said")

    p = command("praise", cmd_praise, "praise a colleague (managers)")
    p.add_argument("member", type=_member_arg, metavar="MEMBER")
    p.add_argument("message")
    p.add_argument("--about", metavar="EXPERIMENT", help="the experiment it is about")
    p.add_argument(
        "--kind",
        choices=[k.value for k in PraiseKind],
        default=PraiseKind.EFFORT.value,
        help="praise the effort (default) or a result",
    )

    p = command("support", cmd_support, "support an experiment (or, as its owner, ask someone)")
    p.add_argument("experiment", metavar="EXPERIMENT")
    p.add_argument("--member", type=_member_arg, help="the supporter (default: you)")
    p.add_argument("--remove", action="store_true", help="stop supporting")

    p = command("note", cmd_note, "add a support note to an experiment")
    p.add_argument("experiment", metavar="EXPERIMENT")
    p.add_argument("text")

    p = command("role", cmd_role, "make a member a manager or an employee (managers)")
    p.add_argument("member", type=_member_arg, metavar="MEMBER")
    p.add_argument("role", choices=[r.value for r in Role])

    p = command("list", cmd_list, "list the experiments")
    p.add_argument("--stage", choices=[s.value for s in STAGES])
    p.add_argument("--member", type=_member_arg)

    command("members", cmd_members, "list the members")

    p = command("feed", cmd_feed, "the recognition feed: praise, support notes, milestones")
    p.add_argument("--kind", choices=["praise", "support-note", "milestone"])
    p.add_argument("--member", type=_member_arg, help="only what concerns this member")
    p.add_argument("--about-me", action="store_true", help="only what is about you")
    p.add_argument("--limit", type=_positive, default=30, help="how many (default 30)")
    command("check", cmd_check, "check the board: damaged files and rejected events (exit 1)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        args.board = getattr(args, "board", None)
        args.as_ = getattr(args, "as_", None)
        return args.func(args)
    except (UsageError, Refused, StoreError) as error:
        print(f"teamboard: error: {_one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(f"teamboard: error:{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
