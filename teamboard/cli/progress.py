"""Signs of life for long work on a terminal: a bar on stderr, as rich draws it, saying
what is being done and how far it has come.

Only where a person watches: stdout and stderr both a terminal, and no --json asked. It
shows after a moment (work that ends sooner shows nothing) and is gone when done."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from teamboard.store.folder import Progress as Told

if TYPE_CHECKING:
    from rich.progress import Progress

SHOW_AFTER_S = 0.3


def watched() -> bool:
    """A person at a terminal reads both outputs, and no program asked for JSON."""
    ctx = click.get_current_context(silent=True)
    as_json = bool(ctx is not None and ctx.params.get("as_json"))
    return not as_json and sys.stdout.isatty() and sys.stderr.isatty()


@contextmanager
def reading_the_board() -> Iterator[Told | None]:
    """A `progress(done, total)` for reading every person's file, or None (not watched)."""
    if not watched():
        yield None
        return
    started = time.monotonic()
    bar: Progress | None = None
    task = None

    def told(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if time.monotonic() - started < SHOW_AFTER_S:
                return
            # rich's progress only when shown: most commands never need it.
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            task = bar.add_task("Reading the board", total=total)
        assert task is not None
        bar.update(task, completed=done, total=total)

    try:
        yield told
    finally:
        if bar is not None:
            bar.stop()


@contextmanager
def working(what: str) -> Iterator[None]:
    """A spinner with `what` ("Writing the export") while the work runs, where watched."""
    if not watched():
        yield
        return
    from rich.console import Console

    status = Console(stderr=True).status(what)
    later = threading.Timer(SHOW_AFTER_S, status.start)  # work that ends sooner shows nothing
    later.start()
    try:
        yield
    finally:
        later.cancel()
        later.join()
        status.stop()
