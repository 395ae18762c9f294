"""The board going out and coming in: exports, imports, a success story, sharing through git
(sync) and git's merge driver for people's files."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click
from rich.text import Text

from teamboard.cli.context import EXIT_PROBLEMS, InputError, Session, keep_cache, now
from teamboard.cli.output import one_line, say, write_utf8
from teamboard.cli.params import DATE, EXPERIMENT, FOLDER, MEMBER, Verb, command
from teamboard.cli.progress import working
from teamboard.domain.facts import find_experiment
from teamboard.domain.text import plural
from teamboard.exchange import merge, sync
from teamboard.exchange.export import FORMATS, Scope, export_board
from teamboard.exchange.importing import IMPORT_LIMIT, read_events
from teamboard.exchange.saving import SaveError, save_file
from teamboard.exchange.story import success_story
from teamboard.store.folder import open_regular
from teamboard.store.live import LiveBoard
from teamboard.store.paths import default_cache_dir


def _output_options(verb: Verb) -> Verb:
    verb = click.option(
        "--force", is_flag=True, help="Write over FILE if it exists (a regular file only)."
    )(verb)
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Write to FILE (default: print it).",
    )(verb)


def _put(text: str, what: str, output: Path | None, force: bool) -> None:
    """Print the text (as UTF-8 bytes, line ends as they are), or write it to -o FILE."""
    if output is None:
        write_utf8(text)
        return
    try:
        path = save_file(output, text.encode("utf-8"), force=force)
    except SaveError as error:
        raise InputError(str(error)) from None
    say(f"Wrote {what} to {path}.")


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
def export(
    session: Session,
    format_name: str,
    since: date | None,
    until: date | None,
    member: str | None,
    output: Path | None,
    force: bool,
) -> int:
    live = session.live()
    with working("Exporting the board"):
        exported = export_board(
            live.state,
            format_name,
            live.board.meta.name,
            now(),
            Scope(since, until, member),
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
    _put(exported.text, exported.what, output, force)
    keep_cache(live)
    return 0


@command("import", "Make a new board in DIR from the events of a JSONL export.")
@click.argument("file", metavar="FILE.jsonl", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", required=True, type=FOLDER, metavar="DIR", help="A new or empty folder.")
@click.option("--name", help="The new board's name (default: the exported board's).")
def import_board(session: Session, file: Path, into: str, name: str | None) -> int:
    path = file.expanduser()
    with open_regular(path, IMPORT_LIMIT) as stream:
        imported = read_events(stream, now(), name=path.name)
    live = LiveBoard.import_board(
        Path(into),
        name or imported.name or path.stem,
        imported,
        cache_dir=default_cache_dir(),
    )
    say(
        f"Imported {imported.count} changes of {len(imported.logs)} people into {live.root}: ",
        Text(live.board.meta.name),
        f", {plural(len(live.state.active), 'experiment')}.",
    )
    return 0


@command("story", "Tell an experiment in Success as a one-page success story (Markdown).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@_output_options
def story(session: Session, experiment: str, output: Path | None, force: bool) -> int:
    live = session.live()
    found = find_experiment(live.state, experiment)
    _put(success_story(live.state, found), "the success story", output, force)
    keep_cache(live)
    return 0


@command("sync", "Share the board through git: commit your own file, pull (rebase), push.")
@click.option(
    "--setup",
    is_flag=True,
    help="Once per board: name the merge driver in .gitattributes, set it up in this "
    "clone and commit the board's own files; then sync.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=sync.TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop a step over the network (the fetch, the push) that takes longer.",
)
def sync_board(session: Session, setup: bool, timeout: float) -> int:
    board = session.folder()
    me = session.me()
    with _ended_by_signals():
        notes = sync.setup(board) if setup else []
        done = sync.sync(board, me, timeout=timeout)
    for note in [*notes, *done.notes]:
        print(one_line(note))
    for warning in done.warnings:
        print(f"teamboard: warning: {one_line(warning)}", file=sys.stderr)
    if done.committed is not None:
        new = plural(done.committed, "new event")
        print(one_line(f"Committed {done.file}: {new} ({done.total} in all)."))
    elif done.total:
        print(one_line(f"{done.file}: nothing new of yours to commit."))
    if done.pushed_to is None:
        print("No remote: committed here only (add one with 'git remote add origin URL').")
        return 0
    came = [
        f"{plural(n, 'event')} from {'you (another computer)' if who == me else who}"
        for who, n in sorted(done.came_in.items(), key=lambda item: (item[0] == me, item[0]))
    ]
    print(f"Came in: {', '.join(came)}." if came else "Nothing new came in.")
    for note in done.put_back:
        print(one_line(f"{note}."))
    retried = f" (try {done.tries}: others pushed meanwhile)" if done.tries > 1 else ""
    print(f"Pushed to {done.pushed_to}{retried}.")
    return 0


@contextlib.contextmanager
def _ended_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end a sync as ctrl+c does, through its clean-up: the git it
    runs (in a process group of its own, out of the terminal's reach) is ended with it,
    and its locks are let go."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {}
    with contextlib.suppress(ValueError):  # not the main thread: nothing to catch there
        for signum in wanted:
            before[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


@command("merge-file", "git's merge driver for people's files (set up by 'sync --setup').")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.argument("path", required=False)
def merge_file(session: Session, base: str, ours: str, theirs: str, path: str | None) -> int:
    try:
        merge.merge_file(Path(base), Path(ours), Path(theirs), path or ours)
    except merge.MergeConflict as error:
        # git leaves the conflict for the person (any exit status but 0 says so).
        print(f"teamboard: conflict: {one_line(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    return 0
