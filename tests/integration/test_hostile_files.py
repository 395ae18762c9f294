"""Files that are damaged, odd or hostile.

Each one is named, on one line, by `teamboard check` (exit 1) and by every command that
reads the board; the rest of the board loads; its bytes stay as they are, also when its
owner tries to write (a clear refusal, one line); there is no traceback and no hang. Real
files, pipes, links and folders in a temporary folder; the real store, the real write path
and the real command line.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from boards import fingerprint, new_board, write_events

from teamboard.cli import main
from teamboard.domain import actions
from teamboard.domain.state import Refused
from teamboard.store.folder import (
    BOARD_FILE_LIMIT,
    PERSON_FILE_LIMIT,
    BoardFolder,
    DamagedFile,
    IgnoredFile,
    StoreError,
)
from teamboard.store.live import LiveBoard

REPO = Path(__file__).resolve().parents[2]
DEEP = 100_000
LONG = "9" * 5_000


# --- the board and what it holds ----------------------------------------------------------


def make_board(root: Path) -> BoardFolder:
    """ann (the founder), ben and cara, one experiment each; cara supports ann's, ben has
    logged a practice on his."""
    board = new_board(root, "Hostile", "ann", "Ann")
    write_events(board, "ben", {"type": "member_joined", "name": "Ben"})
    write_events(board, "cara", {"type": "member_joined", "name": "Cara"})
    for person in ("ann", "ben", "cara"):
        write_events(
            board,
            person,
            {
                "type": "experiment_created",
                "experiment_id": f"{person}-1",
                "title": f"{person.capitalize()}'s experiment",
            },
        )
    write_events(
        board, "cara", {"type": "support_added", "experiment_id": "ann-1", "supporter": "cara"}
    )
    write_events(
        board,
        "ben",
        {
            "type": "practice_logged",
            "experiment_id": "ben-1",
            "entry_id": "p1",
            "on": date.today().isoformat(),
            "what": "tried it",
        },
    )
    return board


@pytest.fixture
def board(tmp_path: Path) -> BoardFolder:
    return make_board(tmp_path / "board")


def folder_fingerprint(root: Path) -> dict[str, object]:
    """Everything in the board folder and next to it, but teamboard's own lock files."""
    found: dict[str, object] = {}
    for base in (root, root.parent):
        for entry in sorted(os.scandir(base), key=lambda e: e.name):
            if not entry.name.endswith(".lock") and entry.path != str(root):
                found[entry.path] = fingerprint(Path(entry.path))
    people = root / "people"
    if people.is_dir() and not people.is_symlink():
        for entry in sorted(os.scandir(people), key=lambda e: e.name):
            if not entry.name.endswith(".lock"):
                found[entry.path] = fingerprint(Path(entry.path))
    return found


class Hung(BaseException):
    """Not an OSError or an Exception: nothing in teamboard catches it."""


@contextlib.contextmanager
def deadline(seconds: float = 10.0) -> Iterator[None]:
    """Fail, rather than hang the test run, if reading waits on a pipe or a device."""

    def hung(signum, frame):
        raise Hung(f"still running after {seconds} s: teamboard hangs")

    old = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- running teamboard ----------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    """The command line in this process: exit code, lines on stdout, lines on stderr."""
    with deadline():
        code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.splitlines(), err.splitlines()


def run_apart(*argv: str) -> tuple[int, list[str], list[str]]:
    """The command line in a second process, with a time limit: a hang fails the test."""
    done = subprocess.run(
        [sys.executable, "-m", "teamboard", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines(), done.stderr.splitlines()


def check_names(lines: list[str], kind: str, where: Path | str, *words: str) -> str:
    """The one line of `teamboard check` about `where`; it says `kind` and `words`."""
    about = [line for line in lines if str(where) in line]
    assert len(about) == 1, lines
    (line,) = about
    assert line.startswith(f"{kind}: "), line
    for word in words:
        assert word in line, line
    return line


def one_line_error(err: list[str], *words: str) -> str:
    assert len(err) == 1, err
    (line,) = err
    assert line.startswith("teamboard: error: "), line
    for word in words:
        assert word in line, line
    return line


def refused_to(root: Path, who: str, action: dict, *words: str) -> str:
    """`who` writes through the one write path (LiveBoard.perform): it is refused, with a
    one-line reason that holds `words`."""
    with deadline():
        live = LiveBoard(BoardFolder.open(root))
        live.load()
        with pytest.raises((Refused, StoreError)) as caught:
            live.perform(who, action)
    message = str(caught.value)
    assert "\n" not in message, message
    for word in words:
        assert word in message, message
    return message


def others_still_there(root: Path) -> None:
    """Ann's and Cara's part of the board loads, and they can still write."""
    with deadline():
        state = BoardFolder.open(root).load().state
        assert {"ann-1", "cara-1"} <= set(state.experiments)
        assert "cara" in state.experiments["ann-1"].supporters
        live = LiveBoard(BoardFolder.open(root))
        live.load()
        live.perform("cara", actions.log_practice("cara-1", "still here", date.today()))
        assert BoardFolder.open(root).load().state.experiments["cara-1"].practice


# --- a person's file -------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:  # the journal writes each event compact, on a line of its own
        old = old.replace('": ', '":')
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def key_twice_in_an_event(board: BoardFolder, path: Path) -> None:
    # A hand-resolved git conflict that kept both sides' line.
    edit(
        path,
        '"title": "Ben\'s experiment"',
        '"title": "Ben\'s plan",\n   "title": "Ben\'s experiment"',
    )


def key_twice_one_spaced(board: BoardFolder, path: Path) -> None:
    # Written by hand, with a space before the colon.
    edit(
        path,
        '"title": "Ben\'s experiment"',
        '"title" : "Ben\'s plan", "title": "Ben\'s experiment"',
    )


def entry_twice_in_the_table(board: BoardFolder, path: Path) -> None:
    table = json.loads(path.read_text())["events"]
    edit(path, '"events": {', '"events": {\n  "2": ' + json.dumps(table["2"]) + ",")


def table_twice(board: BoardFolder, path: Path) -> None:
    text = path.read_text().rstrip()
    path.write_text(text[:-1] + ',\n "events": {}\n}\n')


def nested_deep(board: BoardFolder, path: Path) -> None:
    edit(path, '"name": "Ben"', '"name": "Ben", "mood": ' + "[" * DEEP + "]" * DEEP)


def digits_5000(board: BoardFolder, path: Path) -> None:
    edit(path, '"seq": 0', f'"seq": {LONG}')


def seq_1e999(board: BoardFolder, path: Path) -> None:
    edit(path, '"seq": 0', '"seq": 1e999')


def newer_field_1e999(board: BoardFolder, path: Path) -> None:
    # A field teamboard does not know is ignored when read, but written back when its
    # owner appends: as `Infinity`, which is not JSON.
    edit(path, '"name": "Ben"', '"name": "Ben", "mood": 1e999')


def newer_field_nan(board: BoardFolder, path: Path) -> None:
    edit(path, '"name": "Ben"', '"name": "Ben", "mood": NaN')


def lone_surrogate(board: BoardFolder, path: Path) -> None:
    # Valid JSON, but not text: it cannot be written back as UTF-8.
    edit(path, '"name": "Ben"', '"name": "Ben", "nick": "\\ud800"')


def a_pipe(board: BoardFolder, path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def a_folder(board: BoardFolder, path: Path) -> None:
    data = path.read_bytes()
    path.unlink()
    path.mkdir()
    (path / "events.json").write_bytes(data)


def link_to_dev_zero(board: BoardFolder, path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def link_to_anns_file(board: BoardFolder, path: Path) -> None:
    path.unlink()
    path.symlink_to(board.person_file("ann"))


def dangling_link(board: BoardFolder, path: Path) -> None:
    path.unlink()
    path.symlink_to(board.root.parent / "gone.json")


def too_big(board: BoardFolder, path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(PERSON_FILE_LIMIT + 1)  # sparse: no 64 MB written


PERSON_DAMAGE: dict[str, tuple[Callable[[BoardFolder, Path], None], tuple[str, ...]]] = {
    "the same key twice in an event": (key_twice_in_an_event, ("'title'", "twice")),
    "the same key twice, one spaced": (key_twice_one_spaced, ("'title'", "twice")),
    "the same entry twice in the table": (entry_twice_in_the_table, ("'2'", "twice")),
    "the events table twice": (table_twice, ("'events'", "twice")),
    "nested 100,000 levels deep": (nested_deep, ("nested too deeply",)),
    "an integer of 5,000 digits": (digits_5000, ("number too long",)),
    "1e999 as a seq": (seq_1e999, ("1e999",)),
    "1e999 in a field of a newer teamboard": (newer_field_1e999, ("1e999",)),
    "NaN in a field of a newer teamboard": (newer_field_nan, ("NaN",)),
    "a lone surrogate": (lone_surrogate, ("not valid Unicode",)),
    "a pipe": (a_pipe, ("a pipe",)),
    "a folder": (a_folder, ("a folder",)),
    "a link to /dev/zero": (link_to_dev_zero, ("a link",)),
    "a link to another person's file": (link_to_anns_file, ("a link",)),
    "a dangling link": (dangling_link, ("a link",)),
    "more than the size limit": (too_big, ("67,108,865 bytes", "64 MB")),
}
# Reading these would wait forever (a pipe) or never end (/dev/zero): the command line runs
# in a second process with a time limit.
MIGHT_HANG = {"a pipe", "a link to /dev/zero"}


@pytest.mark.parametrize("case", list(PERSON_DAMAGE))
def test_a_hostile_person_file_is_named_left_out_and_never_written(
    board: BoardFolder, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    damage, words = PERSON_DAMAGE[case]
    root, path = board.root, board.person_file("ben")
    damage(board, path)
    before = folder_fingerprint(root)
    cli = run_apart if case in MIGHT_HANG else lambda *argv: run(capsys, *argv)

    # check names the file, on one line, and exits 1.
    code, out, err = cli("check", "--board", str(root))
    assert code == 1, out + err
    check_names(out, "damaged", path, *words)
    assert out[-1].endswith("1 damaged"), out
    assert err == []

    # Reading commands warn about it, on one line, and show the rest.
    code, out, err = cli("list", "--board", str(root))
    assert code == 0, err
    (warning,) = err
    assert warning.startswith("teamboard: warning: ") and str(path) in warning
    assert "Ann's experiment" in "\n".join(out)

    # The rest of the board loads; the file is named, once, as damaged.
    with deadline():
        loaded = BoardFolder.open(root).load()
    assert [(type(p), p.path) for p in loaded.problems] == [(DamagedFile, path)]
    assert set(loaded.state.experiments) == {"ann-1", "cara-1"}
    assert "cara" in loaded.state.experiments["ann-1"].supporters
    with deadline():
        live = LiveBoard(BoardFolder.open(root))
        opened = live.open()
    assert [p.path for p in opened.problems] == [path]

    # Its owner's write is refused with the reason, through the one write path ...
    refused_to(root, "ben", actions.create_experiment("Written over?"), str(path), *words)
    # ... and on the command line: exit 2, one line.
    code, out, err = cli("practice", "ben-1", "again", "--board", str(root), "--as", "ben")
    assert code == 2
    assert out == []
    one_line_error(err, str(path))

    # Nothing was written over, or through a link.
    assert folder_fingerprint(root) == before
    assert not (root.parent / "gone.json").exists()
    # The others carry on.
    others_still_there(root)
    assert fingerprint(path) == before[str(path)]


# --- the same event stored twice --------------------------------------------------------------


def store_practice_twice(path: Path) -> dict:
    """A hand-resolved merge kept both copies of Ben's practice entry."""
    data = json.loads(path.read_text())
    table = data["events"]
    practice = next(doc for doc in table.values() if doc["type"] == "practice_logged")
    table[str(len(table) + 1)] = dict(practice)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return practice


def test_an_event_stored_twice_counts_once_is_named_and_not_written_after(
    board: BoardFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    root, path = board.root, board.person_file("ben")
    practice = store_practice_twice(path)
    before = folder_fingerprint(root)

    code, out, err = run(capsys, "check", "--board", str(root))
    assert code == 1, out
    line = check_names(out, "rejected", path, practice["id"], "twice")
    assert "practice_logged" in line
    assert line.endswith(f"(it is stored 2 times, in {path})"), line
    assert out[-1].endswith("1 rejected")

    # Shown once, everywhere.
    state = BoardFolder.open(root).load().state
    assert [p.id for p in state.experiments["ben-1"].practice] == ["p1"]
    assert {"ann-1", "ben-1", "cara-1"} <= set(state.experiments)
    code, out, _ = run(capsys, "show", "ben-1", "--board", str(root))
    assert code == 0
    assert "\n".join(out).count("tried it") == 1

    # Ben is told to remove one copy before he writes again; nothing is written.
    refused_to(
        root, "ben", actions.log_practice("ben-1", "again", date.today()), str(path), practice["id"]
    )
    code, out, err = run(capsys, "practice", "ben-1", "again", "--board", str(root), "--as", "ben")
    assert code == 2
    one_line_error(err, str(path), practice["id"])
    assert folder_fingerprint(root) == before
    others_still_there(root)


def test_an_event_stored_twice_while_the_board_is_open_counts_once(board: BoardFolder) -> None:
    live = LiveBoard(BoardFolder.open(board.root))
    live.load()
    path = board.person_file("ben")
    practice = store_practice_twice(path)

    live.refresh([path])
    assert [p.id for p in live.state.experiments["ben-1"].practice] == ["p1"]
    assert [r.event_id for r in live.state.rejected] == [practice["id"]]


def test_an_event_id_in_two_peoples_files_is_named(
    board: BoardFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cara's file holds an event of hers with the id of one of Ben's."""
    bens = json.loads(board.person_file("ben").read_text())["events"]
    practice = next(doc for doc in bens.values() if doc["type"] == "practice_logged")
    path = board.person_file("cara")
    data = json.loads(path.read_text())
    cara_practice = dict(practice, author="cara", experiment_id="cara-1", seq=99)
    data["events"]["99"] = cara_practice
    path.write_text(json.dumps(data, indent=1))

    code, out, _ = run(capsys, "check", "--board", str(board.root))
    assert code == 1
    lines = [line for line in out if practice["id"] in line]
    # (Left out as unsigned in Cara's signed log, a copy made by hand.)
    assert len(lines) == 1 and lines[0].startswith("rejected: ") and "2 times" in lines[0], out
    # Both places are named, so that the copy can be found.
    assert f"in {board.person_file('ben')}, {path})" in lines[0], lines[0]
    state = board.load().state
    entries = state.experiments["ben-1"].practice + state.experiments["cara-1"].practice
    assert [p.id for p in entries] == ["p1"]


# --- things in people/ that are not a person's file -------------------------------------------

IGNORED = {
    "Eve.json": "'Eve' is not a member id",
    "eve.json.bak": "only <member-id>.json",
    "notes.txt": "only <member-id>.json",
    "-eve.json": "'-eve' is not a member id",
    "ben\n.json": "'ben\\n' is not a member id",
    "\x1b[2Jeve.json": "is not a member id",
}


@pytest.mark.parametrize("name", list(IGNORED))
def test_a_file_in_people_that_is_not_a_member_id_is_named_and_not_read(
    board: BoardFolder, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = board.root
    stray = board.people_dir / name
    # A copy of Ben's file: were it read, his events would count (or be refused) twice.
    stray.write_bytes(board.person_file("ben").read_bytes())
    before = fingerprint(stray)

    code, out, err = run(capsys, "check", "--board", str(root))
    assert code == 1, out
    assert "\x1b" not in "".join(out + err)
    lines = [line for line in out if IGNORED[name] in line]
    assert len(lines) == 1, out
    assert lines[0].startswith(f"ignored: {board.people_dir}/"), lines[0]
    assert out[-1].endswith("1 ignored"), out
    assert not [line for line in out if line.startswith("rejected")], out

    loaded = board.load()
    assert [(type(p), p.path) for p in loaded.problems] == [(IgnoredFile, stray)]
    assert set(loaded.state.experiments) == {"ann-1", "ben-1", "cara-1"}
    assert loaded.state.rejected == []
    code, out, err = run(capsys, "list", "--board", str(root))
    assert code == 0
    assert len(err) == 1 and "warning" in err[0] and "\x1b" not in err[0]

    # Members write as usual; the stray file is not touched.
    code, _, err = run(capsys, "practice", "ben-1", "again", "--board", str(root), "--as", "ben")
    assert code == 0, err
    others_still_there(root)
    assert fingerprint(stray) == before


# --- people/ that is not a folder -------------------------------------------------------------


def people_a_file(root: Path) -> None:
    for path in (root / "people").iterdir():
        path.unlink()
    (root / "people").rmdir()
    (root / "people").write_text("not a folder\n")


def people_a_link(root: Path) -> None:
    elsewhere = root.parent / "elsewhere"
    (root / "people").rename(elsewhere)
    (root / "people").symlink_to(elsewhere, target_is_directory=True)


PEOPLE_DAMAGE = {"a file": people_a_file, "a link to a folder": people_a_link}


@pytest.mark.parametrize("case", list(PEOPLE_DAMAGE))
def test_people_that_is_not_a_folder_is_named_and_never_written_through(
    board: BoardFolder, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root, people = board.root, board.people_dir
    PEOPLE_DAMAGE[case](root)
    before = folder_fingerprint(root)

    code, out, err = run(capsys, "check", "--board", str(root))
    assert code == 1, out + err
    check_names(out, "damaged", f"{people}:", "folder")
    loaded = BoardFolder.open(root).load()
    assert [p.path for p in loaded.problems] == [people]
    assert loaded.state.experiments == {}

    refused_to(root, "ann", actions.create_experiment("Written through?"), str(people), "folder")
    code, out, err = run(capsys, "practice", "ann-1", "x", "--board", str(root), "--as", "ann")
    assert code == 2
    one_line_error(err, str(people), "folder")
    code, out, err = run(capsys, "join", "--name", "Dan", "--board", str(root), "--as", "dan")
    assert code == 2
    one_line_error(err, str(people), "folder")
    assert folder_fingerprint(root) == before


def test_a_folder_in_place_of_the_board_lock_is_a_clear_refusal(
    board: BoardFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = board.people_dir / ".board.lock"
    with contextlib.suppress(FileNotFoundError):
        lock.unlink()
    lock.mkdir()
    before = folder_fingerprint(board.root)
    refused_to(board.root, "ann", actions.create_experiment("Locked out?"), str(lock))
    code, _, err = run(capsys, "add", "Locked out?", "--board", str(board.root), "--as", "ann")
    assert code == 2
    one_line_error(err, str(lock))
    assert folder_fingerprint(board.root) == before


# --- board.json ----------------------------------------------------------------------------------


def board_json_edit(change: Callable[[dict], str]) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        path = root / "board.json"
        path.write_text(change(json.loads(path.read_text())))

    return damage


def with_raw(key: str, raw: str) -> Callable[[Path], None]:
    """board.json with `key` set to the JSON text `raw`, as written by hand."""

    def change(meta: dict) -> str:
        meta[key] = "@@"
        return json.dumps(meta, indent=1).replace('"@@"', raw)

    return board_json_edit(change)


def board_json_a_folder(root: Path) -> None:
    (root / "board.json").unlink()
    (root / "board.json").mkdir()


def board_json_a_link(root: Path) -> None:
    other = root.parent / "other-board.json"
    (root / "board.json").rename(other)
    (root / "board.json").symlink_to(other)


def board_json_too_big(root: Path) -> None:
    with (root / "board.json").open("r+b") as handle:
        handle.truncate(BOARD_FILE_LIMIT + 1)


BOARD_DAMAGE: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "a founder that is not a member id": (
        board_json_edit(lambda meta: json.dumps(dict(meta, founder="Ann Smith"))),
        ("founder", "'Ann Smith'"),
    ),
    "1e999 as the format": (with_raw("format", "1e999"), ("1e999",)),
    "1e999 as the creation time": (with_raw("created_at", "1e999"), ("1e999",)),
    "-1e999 in a field of a newer teamboard": (with_raw("colour", "-1e999"), ("1e999",)),
    "nested 100,000 levels deep": (
        with_raw("name", "[" * DEEP + "]" * DEEP),
        ("nested too deeply",),
    ),
    "an integer of 5,000 digits": (with_raw("format", LONG), ("number too long",)),
    "the same key twice": (with_raw("name", '"A",\n "name": "B"'), ("'name'", "twice")),
    "a folder": (board_json_a_folder, ("a folder",)),
    "a link": (board_json_a_link, ("a link",)),
    "more than the size limit": (board_json_too_big, ("1,048,577 bytes", "1 MB")),
}

COMMANDS = (
    ("check",),
    ("list",),
    ("members",),
    ("feed",),
    ("show", "ann-1"),
    ("practice", "ann-1", "x", "--as", "ann"),
    ("add", "New", "--as", "ann"),
    ("join", "--name", "Dan", "--as", "dan"),
)


@pytest.mark.parametrize("case", list(BOARD_DAMAGE))
def test_a_hostile_board_json_stops_every_command_with_one_line(
    board: BoardFolder, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    damage, words = BOARD_DAMAGE[case]
    root = board.root
    damage(root)
    before = folder_fingerprint(root)
    for argv in COMMANDS:
        code, out, err = run(capsys, *argv, "--board", str(root))
        assert code == 2, (argv, out, err)
        assert out == [], (argv, out)
        one_line_error(err, str(root / "board.json"), *words)
    with pytest.raises(StoreError, match=r"board\.json"):
        BoardFolder.open(root)
    assert folder_fingerprint(root) == before


def test_board_json_that_is_a_pipe_stops_every_command_without_waiting(
    board: BoardFolder,
) -> None:
    root = board.root
    (root / "board.json").unlink()
    os.mkfifo(root / "board.json")
    for argv in (("check",), ("list",), ("practice", "ann-1", "x", "--as", "ann")):
        code, out, err = run_apart(*argv, "--board", str(root))
        assert code == 2, (argv, out, err)
        one_line_error(err, str(root / "board.json"), "a pipe")


# --- what is not hostile stays readable --------------------------------------------------------


def test_texts_that_look_like_json_are_read_and_kept_as_they_are(
    board: BoardFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Quotes, colons, braces and escapes in a text are text: nothing is reported, and the
    owner writes after them."""
    title = 'He said "no": {"title": "x"} \\ud800 [1e999] "seq": 1'
    live = LiveBoard(BoardFolder.open(board.root))
    live.load()
    [created] = live.perform("ben", actions.create_experiment(title)).events
    live.perform("ben", actions.log_practice(created["experiment_id"], title, date.today()))

    code, out, _ = run(capsys, "check", "--board", str(board.root))
    assert code == 0, out
    state = board.load().state
    assert state.experiments[created["experiment_id"]].title == title
    assert state.experiments[created["experiment_id"]].practice[0].what == title


def test_a_file_teamboard_wrote_is_read_in_one_go(board: BoardFolder) -> None:
    """The checks that send an odd file to the strict, slower reading leave a file that
    teamboard wrote (every kind of field, nested ones too) on the quick one."""
    live = LiveBoard(BoardFolder.open(board.root))
    live.load()
    plan = {"why_me": "a", "must_deliver": "b", "team_goals": "c", "personal_benefit": "d"}
    [created] = live.perform(
        "ann",
        actions.create_experiment(
            "Everything",
            training="T",
            plan=plan,
            applied=actions.opportunity("project", "p", "soon"),
            target_date=date.today(),
            confidence=3,
        ),
    ).events
    eid = created["experiment_id"]
    live.perform("ann", actions.edit_experiment(eid, applied=actions.opportunity("other")))
    live.perform("ann", actions.clear_plan(eid, ["target_date"]))
    path = board.person_file("ann")
    assert board.read_person(path).raw is None  # read in one go: the quick reading
