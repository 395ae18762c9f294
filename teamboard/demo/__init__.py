"""A demo board: a product team of six, four months into learning after their trainings.

`build_demo_board` writes it through the one write path (`LiveBoard.perform`), event by
event in time order, so the demo is made of the same checked events a real team would
write, and it folds without a single rejected event. Every time is given relative to `now`,
so the board always looks current: experiments in every stage, practice, reflections,
check-ins (some due), praise, support, one experiment without a supporter, one stalled in
Practice and one person with no recent praise.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from teamboard.demo.script import Script
from teamboard.demo.team import jonas, kwame, maria, omer, priya, zoe
from teamboard.domain.events import Role, utcnow
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard

BOARD_NAME = "Product Team"
FOUNDER = "maria"
FOUNDER_NAME = "Maria Oliveira"
# The board is founded this many days before `now`; every demo event falls after it.
FOUNDED_DAYS_AGO = 125


def build_demo_board(root: Path, now: datetime | None = None) -> BoardFolder:
    """Create a demo board in `root` (which must not hold a board yet), dated before `now`."""
    now = utcnow() if now is None else now
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    script = Script(now)
    _team(script)
    live = LiveBoard.create(
        root,
        name=BOARD_NAME,
        founder=FOUNDER,
        founder_name=FOUNDER_NAME,
        at=script.when(FOUNDED_DAYS_AGO, "08:30"),
        clock=lambda: now,
    )
    for at, author, payload in script.in_order():
        live.perform(author, payload, at=at)
    return live.board


def _team(s: Script) -> None:
    """The team and their four months, written as a script of events (days before now)."""
    # Maria (head of product) founded the board; Kwame leads engineering and is made a
    # manager too. Zoë designs, Ömer builds the backend, Jonas analyses data and Priya
    # looks after the clients.
    s.join("kwame", "Kwame Mensah", 124, "09:10")
    s.join("zoe", "Zoë Lambert", 124, "10:05")
    s.join("omer", "Ömer Yıldız", 123, "08:45")
    s.join("jonas", "Jonas Becker", 123, "13:20")
    s.join("priya", "Priya Raman", 122, "09:30")
    s.set_role("maria", "kwame", Role.MANAGER, 122, "11:00")

    maria.write(s)
    kwame.write(s)
    zoe.write(s)
    omer.write(s)
    jonas.write(s)
    priya.write(s)
    _standups(s)


def _standups(s: Script) -> None:
    """The team walks the board in a stand-up now and then; since the last one, three days
    ago, Zoë gave her readout and Priya asked for help: a newcomer sees "new" marks at once."""
    everyone = ["maria", "kwame", "zoe", "omer", "jonas", "priya"]
    s.standup(
        "kwame",
        10,
        "09:00",
        "09:11",
        [m for m in everyone if m != "jonas"],
        "Zoë's readout is down to nine slides; Ömer needs a reviewer for the API guide.",
    )
    s.standup(
        "maria",
        3,
        "09:02",
        "09:13",
        everyone,
        "Priya starts on the help center; Jonas still needs a slot with the data team.",
    )
