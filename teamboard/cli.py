"""The command line: every board action as a scriptable command over the same rules.

An error is one line on stderr and exit code 2, and nothing is written: each command
checks its event against the rules (board.apply) before the store writes it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from teamboard import __version__, actions
from teamboard.actions import Payload
from teamboard.board import (
    check_step,
    days_in_stage,
    find_experiment,
)
from teamboard.cards import flags_of
from teamboard.checkup import checkup
from teamboard.feed import FeedKind, ago, feed_items, filter_feed
from teamboard.live import LiveBoard
from teamboard.model import (
    STAGES,
    ApplicationKind,
    CheckInKind,
    EntryKind,
    Event,
    PlanField,
    PraiseKind,
    Role,
    Stage,
    check_member_id,
    utcnow,
    without_control,
)
from teamboard.paths import default_board_dir, default_cache_dir
from teamboard.state import BoardState, Experiment, Reflection, Refused
from teamboard.store import BoardFolder, StoreError

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


# A cache worth keeping: more files than this read afresh, and the next command would
# read them again.
_STALE_CACHE_FILES = 20


def _live(args: argparse.Namespace, warn: bool = True) -> LiveBoard:
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


def _write(args: argparse.Namespace, action: Build) -> tuple[BoardState, Event]:
    """Check one action against the rules on the current board, then write it, through
    the one write path the app uses too. `action` may be a function of the board's state,
    so that finding the experiment and checking the action share one view of the board."""
    me = _me(args)
    live = _live(args, warn=False)
    performed = live.perform(me, action)
    _keep_cache(live)
    return live.state, performed.events[0]


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
    live = LiveBoard.create(Path(args.dir), args.name, me, name, cache_dir=default_cache_dir())
    _say(
        "Made board ",
        Text(live.board.meta.name),
        f" in {live.root}; ",
        Text(name),
        " is its first manager.",
    )
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    state, event = _write(args, actions.join(args.name))
    member = state.members[event["author"]]
    _say(f"{member.name} ({member.id}) is a member of the board as {member.role.value}.")
    return 0


def _plan(args: argparse.Namespace) -> dict[str, str]:
    fields = {
        "why_me": args.why_me,
        "must_deliver": args.deliver,
        "team_goals": args.team_goals,
        "personal_benefit": args.benefit,
    }
    return {k: v for k, v in fields.items() if v is not None}


def _applied(args: argparse.Namespace) -> Payload | None:
    if args.apply is None and args.apply_what is None and args.apply_when is None:
        return None
    return actions.opportunity(args.apply, args.apply_what or "", args.apply_when or "")


def cmd_add(args: argparse.Namespace) -> int:
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


def cmd_edit(args: argparse.Namespace) -> int:
    fields = dict(
        title=args.title, training=args.training, plan=_plan(args), applied=_applied(args)
    )
    cleared = [_CLEARABLE[name] for name in args.clear or ()]
    changes = any(v for v in fields.values()) or args.target is not None
    if not changes and not cleared:
        raise UsageError("nothing to change: give at least one field, e.g. --title or --clear")

    def build(state: BoardState) -> list[Payload]:
        experiment_id = find_experiment(state, args.experiment).id
        payloads = []
        if changes:
            payloads.append(
                actions.edit_experiment(experiment_id, target_date=args.target, **fields)
            )
        if cleared:
            payloads.append(actions.clear_plan(experiment_id, cleared))
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
        raise UsageError(f"unknown stage {where!r}: use {names}, next or back") from None


def cmd_move(args: argparse.Namespace) -> int:
    me = _me(args)

    def build(state: BoardState) -> Payload:
        experiment = find_experiment(state, args.experiment)
        return actions.move(experiment.id, _target_stage(state, experiment, args.stage, me))

    _, event = _write(args, build)
    _say(f"Moved {_short(event['experiment_id'])} to {event['to'].label}.")
    return 0


def _on_experiment(
    args: argparse.Namespace, build: Callable[[str], Payload]
) -> tuple[BoardState, Event]:
    """Write one action about the experiment named on the command line."""
    return _write(args, lambda state: build(find_experiment(state, args.experiment).id))


def cmd_practice(args: argparse.Namespace) -> int:
    on = args.on or utcnow().date()
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


def cmd_reflect(args: argparse.Namespace) -> int:
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


def cmd_confidence(args: argparse.Namespace) -> int:
    _, event = _on_experiment(args, lambda eid: actions.rate_confidence(eid, args.value))
    _say(f"Confidence {args.value}/5 recorded for {_short(event['experiment_id'])}.")
    return 0


def cmd_checkin(args: argparse.Namespace) -> int:
    _, event = _on_experiment(
        args, lambda eid: actions.check_in(eid, CheckInKind(args.kind), args.notes or "")
    )
    _say(f"Recorded a {args.kind} check-in on {_short(event['experiment_id'])}.")
    return 0


def cmd_praise(args: argparse.Namespace) -> int:
    def build(state: BoardState) -> Payload:
        about = find_experiment(state, args.about).id if args.about else None
        return actions.praise(
            args.member, args.message, kind=PraiseKind(args.kind), experiment_id=about
        )

    state, _ = _write(args, build)
    _say("Praise posted for ", Text(state.name_of(args.member)), ".")
    return 0


def cmd_support(args: argparse.Namespace) -> int:
    supporter = args.member or _me(args)
    build = actions.stop_support if args.remove else actions.support
    state, event = _on_experiment(args, lambda eid: build(eid, supporter))
    verb = "no longer supports" if args.remove else "now supports"
    title = state.experiments[event["experiment_id"]].title
    _say(Text(state.name_of(supporter)), f" {verb} ", Text(title), ".")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    _, event = _on_experiment(args, lambda eid: actions.note(eid, args.text))
    _say(f"Added a support note to {_short(event['experiment_id'])}.")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    state, _ = _write(args, actions.set_role(args.member, Role(args.role)))
    _say(Text(state.name_of(args.member)), f" is now {args.role}.")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    _, event = _on_experiment(args, lambda eid: actions.withdraw(eid, args.reason or ""))
    _say(
        f"Withdrew {_short(event['experiment_id'])}: it is off the board and stays in the "
        f"history ('teamboard restore {_short(event['experiment_id'])}' brings it back)."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _, event = _on_experiment(args, lambda eid: actions.restore(eid))
    _say(f"Restored {_short(event['experiment_id'])} to the board.")
    return 0


def _find_entry(state: BoardState, kind: EntryKind, ref: str) -> tuple[str, str | None]:
    """(entry id, its experiment id) for an entry named by its id or the start of it."""
    ref = ref.strip().lower()
    if len(ref) < 4:
        raise UsageError(f"give at least 4 characters of the {kind.value}'s id")
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


def cmd_take_back(args: argparse.Namespace) -> int:
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


def cmd_list(args: argparse.Namespace) -> int:
    live = _live(args)
    state = live.state
    now = utcnow()
    pool = [e for e in state.experiments.values() if (e.withdrawn is not None) == args.withdrawn]
    experiments = sorted(pool, key=lambda e: (e.stage.index, state.name_of(e.owner), e.title))
    if args.stage:
        experiments = [e for e in experiments if e.stage.value == args.stage]
    if args.member:
        state.member(args.member)
        experiments = [e for e in experiments if e.owner == args.member]
    title = Text(live.board.meta.name)
    if args.withdrawn:
        title.append(": withdrawn experiments")
    table = Table(
        title=title,
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
        cell = Text(e.title)
        if e.withdrawn is None and (flags := _flags(e, now)):
            cell.append(f"\n! {flags}", style="yellow")
        table.add_row(
            Text(_short(e.id)),
            e.stage.label,
            Text(state.name_of(e.owner)),
            cell,
            str(days_in_stage(e, now)),
            str(e.current_confidence or "-"),
            str(len(e.supporters)),
        )
    _console().print(table)
    if not experiments:
        print(
            "No experiments match."
            if state.experiments
            else "No experiments yet: add one with 'teamboard add'."
        )
    _keep_cache(live)
    return 0


def _console() -> Console:
    return Console(highlight=False)


def cmd_show(args: argparse.Namespace) -> int:
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


def cmd_members(args: argparse.Namespace) -> int:
    live = _live(args)
    state = live.state
    table = Table(expand=False)
    table.add_column("id", no_wrap=True)
    table.add_column("name", overflow="ellipsis", max_width=40)
    table.add_column("role")
    table.add_column("experiments", justify="right")
    for member in sorted(state.members.values(), key=lambda m: m.name.lower()):
        count = sum(e.owner == member.id for e in state.active)
        table.add_row(member.id, Text(member.name), member.role.value, str(count))
    _console().print(table)
    _keep_cache(live)
    return 0


_FEED_WORDS = {
    FeedKind.NOTE: "support note",
    FeedKind.MILESTONE: "milestone",
    FeedKind.CORRECTION: "correction",
}


def cmd_feed(args: argparse.Namespace) -> int:
    live = _live(args)
    state = live.state
    now = utcnow()
    kind = FeedKind(args.kind.replace("-", " ")) if args.kind else None
    if args.member:
        state.member(args.member)
    about = _me(args) if args.about_me else None
    items = filter_feed(feed_items(state), kind=kind, member=args.member, about_me=about)
    table = Table(
        title=Text(f"{live.board.meta.name}: recognition feed"),
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
        what = f"praise ({item.detail})" if item.kind is FeedKind.PRAISE else _FEED_WORDS[item.kind]
        people = Text(state.name_of(item.who) if item.who else "(the board)")
        people.append("\n→ ")
        people.append(state.name_of(item.about))
        experiment = state.experiments.get(item.experiment_id or "")
        body = Text(experiment.title if experiment else "—", style="bold")
        body.append("\n")
        body.append(" ".join(item.text.split()))
        table.add_row(ago(item.at, now), what, people, body)
    _console().print(table)
    if not items:
        print(
            "Nothing in the feed yet." if not (kind or args.member or about) else "Nothing matches."
        )
    elif len(items) > args.limit:
        print(f"… and {len(items) - args.limit} older (see --limit)")
    _keep_cache(live)
    return 0


_CHECK_ORDER = ("damaged", "ignored", "rejected", "ahead", "out of order")


def cmd_check(args: argparse.Namespace) -> int:
    board = _board(args)
    result = checkup(board, utcnow())
    for kind in _CHECK_ORDER:
        for finding in result.findings:
            if finding.kind == kind:
                print(_one_line(f"{kind}: {finding.text}"))
    loaded = result.loaded
    state = loaded.state
    summary = (
        f"{board.root}: {len(state.members)} members, {len(state.active)} experiments, "
        f"{loaded.event_count} events in {loaded.file_count} files"
    )
    if result.findings:
        counts = ", ".join(
            f"{result.count(kind)} {kind}" for kind in _CHECK_ORDER if result.count(kind)
        )
        print(f"{summary}; {counts}")
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
    p.add_argument(
        "--clear",
        action="append",
        choices=sorted(_CLEARABLE),
        help="clear the target date or where you will apply it (repeat for both)",
    )

    p = command("withdraw", cmd_withdraw, "take your experiment off the board (kept in history)")
    p.add_argument("experiment", metavar="EXPERIMENT")
    p.add_argument("--reason", help="why, in a few words")

    p = command("restore", cmd_restore, "bring a withdrawn experiment back to the board")
    p.add_argument("experiment", metavar="EXPERIMENT")

    p = command(
        "take-back", cmd_take_back, "take back your own practice entry, support note or praise"
    )
    p.add_argument("kind", choices=[k.value for k in EntryKind])
    p.add_argument("entry", metavar="ID", help="the entry's id or its start ('show' lists them)")
    p.add_argument("--reason", help="why, in a few words")

    p = command("show", cmd_show, "one experiment in full, with the ids of its entries")
    p.add_argument("experiment", metavar="EXPERIMENT")

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
    p.add_argument(
        "--revise",
        nargs="?",
        const="last",
        metavar="ID",
        help="revise a reflection (the last, or the one with this id); what you leave out stays",
    )

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
    p.add_argument("--withdrawn", action="store_true", help="the withdrawn experiments instead")

    command("members", cmd_members, "list the members")

    p = command("feed", cmd_feed, "the recognition feed: praise, support notes, milestones")
    p.add_argument("--kind", choices=["praise", "support-note", "milestone", "correction"])
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
