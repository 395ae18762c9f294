"""The commands that read the board and write nothing (but this machine's cache): the list of
experiments, the members, the feed, the insights and the check (one experiment in full:
showing).

Each prints a table fitted to the terminal, or, to a pipe or a file, a plain one that cuts
nothing; with --json, JSON for scripts."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime

import click
from rich.table import Table
from rich.text import Text

from teamboard.cli.context import EXIT_PROBLEMS, InputError, Session, keep_cache, now
from teamboard.cli.output import (
    console,
    fitted_table,
    one_line,
    plain_table,
    print_json,
    short,
    to_terminal,
)
from teamboard.cli.params import MEMBER, PositiveType, command, json_option
from teamboard.cli.progress import working
from teamboard.cli.showing import experiment_json
from teamboard.domain.events import STAGES
from teamboard.domain.facts import days_in_stage
from teamboard.domain.state import Experiment
from teamboard.views import feed as board_feed
from teamboard.views.cards import flags_of
from teamboard.views.checkup import checkup

# --- the experiments -------------------------------------------------------------------------


def _flags(experiment: Experiment, at: datetime) -> str:
    return " · ".join(flag.value for flag in flags_of(experiment, at))


_STAGE_ORDER = {stage: i for i, stage in enumerate(STAGES)}
_LIST_HEADERS = ("id", "stage", "owner", "experiment / needs attention", "days", "conf", "supp")


@command("list", "List the experiments, with what needs attention.")
@click.option("--stage", type=click.Choice([s.value for s in STAGES]))
@click.option("--member", type=MEMBER, help="Only this member's experiments.")
@click.option("--withdrawn", is_flag=True, help="The withdrawn experiments instead.")
@json_option
def list_experiments(
    session: Session, stage: str | None, member: str | None, withdrawn: bool, as_json: bool
) -> int:
    live = session.live()
    state = live.state
    at = now()
    pool = [e for e in state.experiments.values() if (e.withdrawn is not None) == withdrawn]
    experiments = sorted(
        pool, key=lambda e: (_STAGE_ORDER[e.stage], state.name_of(e.owner), e.title)
    )
    if stage:
        experiments = [e for e in experiments if e.stage.value == stage]
    if member:
        state.member(member)
        experiments = [e for e in experiments if e.owner == member]
    if as_json:
        print_json(
            {
                "board": live.board.meta.name,
                "experiments": [experiment_json(state, e, at) for e in experiments],
            }
        )
        keep_cache(live)
        return 0
    title = live.board.meta.name + (": withdrawn experiments" if withdrawn else "")
    rows = [
        (
            short(e.id),
            e.stage.label,
            state.name_of(e.owner),
            e.title,
            _flags(e, at) if e.withdrawn is None else "",
            str(days_in_stage(e, at)),
            str(e.current_confidence or "-"),
            str(len(e.supporters)),
        )
        for e in experiments
    ]
    if to_terminal():
        _list_table(title, rows)
    else:
        plain_table(
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
    keep_cache(live)
    return 0


def _list_table(title: str, rows: Sequence[Sequence[str]]) -> None:
    """The list fitted to the terminal: long titles and names end in an ellipsis."""
    table = fitted_table(title)
    table.add_column("id", no_wrap=True, style="dim", min_width=8)
    table.add_column("stage", no_wrap=True, min_width=10)
    table.add_column("owner", no_wrap=True, min_width=6, max_width=16, overflow="ellipsis")
    # Long titles are cut with an ellipsis so each experiment stays on one line.
    table.add_column("experiment / needs attention", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column("days", justify="right", no_wrap=True)
    table.add_column("conf", justify="right", no_wrap=True)
    table.add_column("supp", justify="right", no_wrap=True)
    for short_id, stage, owner, experiment_title, flags, days, conf, supp in rows:
        cell = Text(experiment_title)
        if flags:
            cell.append(f"\n! {flags}", style="yellow")
        table.add_row(Text(short_id), stage, Text(owner), cell, days, conf, supp)
    console().print(table)


# --- the members ------------------------------------------------------------------------------


@command("members", "List the members.")
@json_option
def members(session: Session, as_json: bool) -> int:
    live = session.live()
    state = live.state
    ordered = sorted(state.members.values(), key=lambda m: m.name.lower())
    counts: dict[str, int] = {}
    for e in state.active:
        counts[e.owner] = counts.get(e.owner, 0) + 1
    if as_json:
        print_json(
            {
                "board": live.board.meta.name,
                "members": [
                    {
                        "id": m.id,
                        "name": m.name,
                        "role": m.role.value,
                        "experiments": counts.get(m.id, 0),
                    }
                    for m in ordered
                ],
            }
        )
    elif to_terminal():
        table = Table(expand=False)
        table.add_column("id", no_wrap=True)
        table.add_column("name", overflow="ellipsis", max_width=40)
        table.add_column("role")
        table.add_column("experiments", justify="right")
        for m in ordered:
            table.add_row(m.id, Text(m.name), m.role.value, str(counts.get(m.id, 0)))
        console().print(table)
    else:
        plain_table(
            None,
            ("id", "name", "role", "experiments"),
            ((m.id, m.name, m.role.value, str(counts.get(m.id, 0))) for m in ordered),
            right=(3,),
        )
    keep_cache(live)
    return 0


# --- the feed ---------------------------------------------------------------------------------

# The feed's kinds as the command line spells them (--kind and --json): "support-note".
_FEED_KINDS = {kind: kind.value.replace(" ", "-") for kind in board_feed.FeedKind}


def _feed_json(item: board_feed.FeedItem) -> dict[str, object]:
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
@json_option
def feed(
    session: Session,
    kind: str | None,
    everything: bool,
    member: str | None,
    about_me: bool,
    limit: int,
    as_json: bool,
) -> int:
    live = session.live()
    state = live.state
    at = now()
    only = board_feed.FeedKind(kind.replace("-", " ")) if kind else None
    if member:
        state.member(member)
    about = session.me() if about_me else None
    kinds = board_feed.ACTIVITY if everything else board_feed.RECOGNITION
    if only is not None and only not in kinds:
        raise InputError(
            f"--kind {_FEED_KINDS[only]} is in the activity log, not the feed: add --all"
        )
    items = board_feed.filter_feed(
        board_feed.feed_items(state, kinds=kinds), kind=only, member=member, about_me=about
    )
    shown = items[:limit]
    if as_json:
        print_json(
            {
                "board": live.board.meta.name,
                "items": [_feed_json(item) for item in shown],
                "older": len(items) - len(shown),
            }
        )
        keep_cache(live)
        return 0
    rows = []
    for item in shown:
        what = (
            f"praise ({item.detail})"
            if item.kind is board_feed.FeedKind.PRAISE
            else item.kind.value
        )
        if everything:
            what = board_feed.plain_headline(item, state)
        who = state.name_of(item.who) if item.who else "(the board)"
        experiment = state.experiments.get(item.experiment_id or "")
        rows.append(
            (
                board_feed.ago(item.at, at),
                what,
                who,
                state.name_of(item.about),
                experiment.title if experiment else "—",
                " ".join(item.text.split()),
            )
        )
    title = f"{live.board.meta.name}: recognition feed"
    if to_terminal():
        _feed_table(title, rows)
    else:
        plain_table(
            title,
            ("when", "what", "from → for", "experiment / message"),
            (
                (when, what, f"{who}\n→ {to}", f"{t}\n{text}")
                for when, what, who, to, t, text in rows
            ),
        )
    if not items:
        print("Nothing in the feed yet." if not (only or member or about) else "Nothing matches.")
    elif len(items) > limit:
        print(f"… and {len(items) - limit} older (see --limit)")
    keep_cache(live)
    return 0


def _feed_table(title: str, rows: Sequence[Sequence[str]]) -> None:
    table = fitted_table(title)
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
    console().print(table)


# --- the insights and the check ---------------------------------------------------------------


@command("insights", "Insights per lever: is what the team learned showing up in its work?")
@click.option("--member", type=MEMBER, help="One member's insights instead of the team's.")
@json_option
def insights(session: Session, member: str | None, as_json: bool) -> int:
    from teamboard.views.insights.levers import insights as lever_insights
    from teamboard.views.insights.report import insights_json, insights_lines

    live = session.live()
    state = live.state
    if member:
        state.member(member)
    found = lever_insights(state, now(), member)
    if as_json:
        print_json(insights_json(found, state, live.board.meta.name))
    else:
        sys.stdout.write("\n".join(insights_lines(found, state, live.board.meta.name)) + "\n")
    keep_cache(live)
    return 0


_CHECK_ORDER = ("damaged", "lost", "ignored", "rejected", "ahead", "out of order")


def _slug(kind: str) -> str:
    return kind.replace(" ", "-")


@command(
    "check",
    "Check the board: damaged files, events lost since this computer saw them, refused "
    "changes, clocks (exit 1 if any).",
)
@json_option
def check(session: Session, as_json: bool) -> int:
    board = session.folder()
    with working("Checking every file of the board"):
        result = checkup(board, now())
    loaded = result.loaded
    state = loaded.state
    findings = [f for kind in _CHECK_ORDER for f in result.findings if f.kind == kind]
    code = EXIT_PROBLEMS if result.findings else 0
    if as_json:
        print_json(
            {
                "board": str(board.root),
                "findings": [{"kind": _slug(f.kind), "text": f.text} for f in findings],
                "summary": {
                    "members": len(state.members),
                    "experiments": len(state.active),
                    "events": loaded.event_count,
                    "files": loaded.file_count,
                    "unsigned": loaded.unsigned,
                    **{_slug(kind): result.count(kind) for kind in _CHECK_ORDER},
                },
            }
        )
        return code
    for finding in findings:
        print(one_line(f"{finding.kind}: {finding.text}"))
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
    if loaded.unsigned:
        # Not a problem: what was written before signing, counted (issue 18, item 8).
        print(f"unsigned: {loaded.unsigned} events written before signing")
    return code
