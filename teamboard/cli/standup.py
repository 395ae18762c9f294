"""`teamboard standup`: the digest of what changed since the last stand-up (for a chat
channel), and recording a stand-up's start and end."""

from __future__ import annotations

import sys
from datetime import date, datetime

import click

from teamboard.cli.context import InputError, Session, keep_cache, now
from teamboard.cli.output import say
from teamboard.cli.params import DATE, MEMBER, command
from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.state import BoardState
from teamboard.views.standup import (
    changes_since,
    digest,
    one_line_summary,
    running_standup,
    running_words,
    since_last_standup,
)


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
def standup(
    session: Session,
    step: str | None,
    fmt: str,
    since: date | None,
    attendees: tuple[str, ...],
    summary: str | None,
) -> int:
    if step != "end" and (attendees or summary is not None):
        raise InputError("--attendee and --summary go with 'teamboard standup end'")
    if step is not None and (since or fmt != "text"):
        raise InputError("--since and --format go with the digest: 'teamboard standup'")
    if step == "start":
        return _start(session)
    if step == "end":
        return _end(session, attendees, summary)
    live = session.live()
    at = now()
    given = datetime.combine(since, datetime.min.time()).astimezone() if since else None
    start = since_last_standup(live.state, at, given)
    if (running := running_standup(live.state, at)) is not None:
        # Beside the digest, not in it: the digest goes to a chat channel as it is.
        by = live.state.name_of(running.started_by)
        click.echo(
            f"A {running_words(running)} (started by {by}): `s` in the app joins it, "
            "`teamboard standup end` ends it.",
            err=True,
        )
    sys.stdout.write(digest(live.state, at, start, live.board.meta.name, fmt == "md"))
    keep_cache(live)
    return 0


def _start(session: Session) -> int:
    def build(state: BoardState) -> Payload:
        running = running_standup(state, now())
        if running is not None:
            raise InputError(
                f"a stand-up is running already, started by {state.name_of(running.started_by)}"
                f" at {running.started_at.astimezone():%H:%M}: end it with "
                "'teamboard standup end'"
            )
        return actions.start_standup()

    session.write(build)
    say(
        "Stand-up started. Walk the board ('teamboard standup' lists what changed), then "
        "'teamboard standup end'."
    )
    return 0


def _end(session: Session, attendees: tuple[str, ...], given: str | None) -> int:
    summary: list[str] = []

    def build(state: BoardState) -> Payload:
        for member in attendees:
            state.member(member)
        running = running_standup(state, now())
        if running is None:
            raise InputError("no stand-up is running: start one with 'teamboard standup start'")
        changes = changes_since(state, since_last_standup(state, now()))
        summary.append(given if given is not None else one_line_summary(changes, state, now()))
        return actions.end_standup(running.id, attendees=attendees, summary=summary[0])

    session.write(build)
    say("Stand-up ended: ", summary[0])
    return 0
