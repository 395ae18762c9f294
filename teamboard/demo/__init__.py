"""A demo board: a product team of six, four months into learning after their trainings.

The team is data: `team.toml` holds the board's name, its founder and every step the
people take, and `loading.py` plays those steps into a `Script` (one method per kind of
action). `build_demo_board` writes them through the one write path (`LiveBoard.perform`),
event by event in time order, so the demo is made of the same checked events a real team
would write, and it folds without a single rejected event. Every time is given relative to
`now`, so the board always looks current: experiments in every stage, practice,
reflections, check-ins (some due), praise, support, one experiment without a supporter, one
stalled in Practice and one person with no recent praise.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from teamboard.demo.loading import Team, play, read_team
from teamboard.demo.script import Script
from teamboard.domain.events import utcnow
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard


def build_demo_board(
    root: Path, now: datetime | None = None, team: Team | None = None
) -> BoardFolder:
    """Create a demo board of `team` in `root` (which must not hold a board yet), dated
    before `now`: by default the team of `team.toml`, read when first needed."""
    team = read_team() if team is None else team
    now = utcnow() if now is None else now
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    script = Script(now)
    play(team, script)
    live = LiveBoard.create(
        root,
        name=team.board.name,
        founder=team.board.founder,
        founder_name=team.board.founder_name,
        at=script.when(team.board.founded_days_ago, team.board.founded_clock),
        clock=lambda: now,
    )
    for at, author, payload in script.in_order():
        live.perform(author, payload, at=at)
    return live.board
