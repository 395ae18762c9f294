"""What every command works with: the board named on the command line (or the default one),
who is acting, the board as the app sees it, and the one write path (LiveBoard.perform).

Also the errors a command raises for `main` to report, its exit codes, and the clock every
command reads (`now`; tests set `teamboard.cli.context.utcnow`).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from teamboard.cli.output import one_line
from teamboard.cli.progress import reading_the_board
from teamboard.domain.actions import Action, Payload
from teamboard.domain.events import check_member_id, utcnow
from teamboard.domain.facts import find_experiment
from teamboard.domain.state import BoardState
from teamboard.store import local
from teamboard.store.folder import BOARD_FILE, BoardFolder
from teamboard.store.live import LiveBoard
from teamboard.store.paths import default_board_dir, default_cache_dir

EXIT_USAGE = 2
EXIT_PROBLEMS = 1
EXIT_READER_GONE = 141  # as a program killed by SIGPIPE

# A cache worth keeping: more files than this read afresh, and the next command would
# read them again.
_STALE_CACHE_FILES = 20

# The first event an action wrote, as the messages read it (its fields depend on its type).
Written = Mapping[str, Any]


class InputError(Exception):
    """Bad input from the person at the keyboard: one line, exit 2."""


class ReaderGone(Exception):
    """The program reading our output went away (`teamboard list | head`)."""


def now() -> datetime:
    """The time, for every command (one clock for the tests to set)."""
    return utcnow()


def member_id(who: str) -> str:
    """A member id as typed, checked: an InputError says what is wrong with it."""
    try:
        return check_member_id(who.strip().lower())
    except ValueError as error:
        raise InputError(str(error)) from None


def suggested_id() -> str:
    """The login name when it makes a valid member id, else a placeholder."""
    try:
        return check_member_id(getpass.getuser().strip().lower())
    except Exception:
        return "yourname"


def _newcomer(root: Path) -> str:
    return (
        f"there is no board in {root} yet: make one with "
        f"'teamboard init --name \"My team\" --as {suggested_id()}' "
        "(you become its first manager), or try 'teamboard demo'"
    )


def keep_cache(live: LiveBoard) -> None:
    """Save this machine's cache of the board when the next command would gain by it."""
    if not live.cache_used or live.files_read > _STALE_CACHE_FILES:
        # No cache is no harm: the next command reads the board in full.
        with contextlib.suppress(OSError):
            live.save_cache()


@dataclass
class Session:
    """The options every command takes, --board and --as (given before the command or
    after it: the last one given wins), and the board folder once it is opened. Kept in
    the click context's `obj`, which the command's context shares with the group's."""

    board: str | None = None
    as_: str | None = None
    _folder: BoardFolder | None = field(default=None, repr=False)

    @classmethod
    def of(cls, ctx: click.Context) -> Session:
        return ctx.ensure_object(cls)

    def root(self) -> Path:
        """The board named by --board, else the default one (which may not exist yet)."""
        return Path(self.board).expanduser() if self.board else default_board_dir()

    def folder(self) -> BoardFolder:
        """The board named by --board, else TEAMBOARD_DIR, else the one in the data folder.
        When that default board does not exist yet, say how to make one."""
        if self._folder is None:
            root = self.root()
            if not self.board:
                board_file = root / BOARD_FILE
                if not board_file.exists() and not board_file.is_symlink():
                    raise InputError(_newcomer(root))
            self._folder = BoardFolder.open(root, remember_in=default_cache_dir())
        return self._folder

    def named(self) -> str | None:
        """Who the command line or the environment says is acting (unchecked)."""
        return self.as_ or os.environ.get("TEAMBOARD_USER") or None

    def me(self) -> str:
        """Who is acting: --as, then TEAMBOARD_USER, then the choice the app remembered for
        this board on this computer."""
        who = (self.named() or "").strip()
        if not who:
            who = local.remembered_member(self.folder().root) or ""
        if not who:
            raise InputError(
                "who are you? pass --as MEMBER or set TEAMBOARD_USER (or open the board "
                "once with 'teamboard' and choose yourself: it is remembered for this board)"
            )
        return member_id(who)

    def live(self, warn: bool = True) -> LiveBoard:
        """The board as the app sees it: from this machine's cache, plus what changed."""
        live = LiveBoard(self.folder(), cache_dir=default_cache_dir(), clock=now)
        with reading_the_board() as progress:
            found = live.open(progress)
        for problem in found.problems if warn else ():
            print(
                f"teamboard: warning: {one_line(str(problem))} (left untouched; see "
                "'teamboard check')",
                file=sys.stderr,
            )
        return live

    def write(self, action: Action) -> tuple[BoardState, Written]:
        """Check one action against the rules on the current board, then write it, through
        the one write path the app uses too. `action` may be a function of the board's
        state, so that finding the experiment and checking the action share one view of
        the board."""
        me = self.me()
        live = self.live(warn=False)
        performed = live.perform(me, action)
        keep_cache(live)
        written: Written = performed.events[0]
        return live.state, written

    def on_experiment(
        self, experiment: str, build: Callable[[str], Payload]
    ) -> tuple[BoardState, Written]:
        """Write one action about the experiment named on the command line (`build` takes
        its full id)."""
        return self.write(lambda state: build(find_experiment(state, experiment).id))
