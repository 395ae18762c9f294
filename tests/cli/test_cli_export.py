"""`teamboard export`, `import` and `story` on real board folders: what they print or
write, the round trip through files, and refusals as one line with exit 2."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import boards
import pytest
from boards import fingerprint
from cli_runner import Cli

from teamboard.cli import context as cli_context
from teamboard.cli import main
from teamboard.demo import build_demo_board
from teamboard.domain.events import Stage
from teamboard.store.folder import BoardFolder

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "board"
    build_demo_board(root, now=NOW)
    boards.share_keys(tmp_path_factory.getbasetemp())
    return root


@pytest.fixture
def demo(tmp_path: Path, _template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cli_context, "utcnow", lambda: NOW)
    root = tmp_path / "board"
    shutil.copytree(_template, root)
    return root


def run(capsysbinary, *argv: str) -> tuple[int, bytes, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def refused(capsysbinary, *argv: str) -> str:
    code, out, err = run(capsysbinary, *argv)
    assert code == 2, (out, err)
    (line,) = err.strip().splitlines()
    assert line.startswith("teamboard: error: ")
    return line


def success_id(root: Path) -> str:
    state = BoardFolder.open(root).load().state
    return next(e.id for e in state.active if e.stage is Stage.SUCCESS)


def test_each_format_prints_to_stdout(demo, capsysbinary):
    for fmt, start in (
        ("md", b"# Product Team\n"),
        ("csv", b"\xef\xbb\xbfid,owner,owner name,title,"),
        ("json", b'{\n  "board": "Product Team",'),
        ("jsonl", b'{"teamboard":"board","name":"Product Team","founder":"maria"}\n{"at":'),
    ):
        code, out, err = run(capsysbinary, "export", "--format", fmt, "--board", str(demo))
        assert code == 0 and err == ""
        assert out.startswith(start), fmt
    code, out, _ = run(capsysbinary, "export", "--format", "csv", "--board", str(demo))
    rows = 1 + len(BoardFolder.open(demo).load().state.experiments)  # a header, experiments
    assert out.count(b"\r\n") == out.count(b"\n") == rows  # each line ending in CRLF


def test_export_import_export_through_files_gives_the_same_events_and_board(
    demo, tmp_path, capsysbinary
):
    first, second, copy = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "copy"
    loaded = BoardFolder.open(demo).load()
    events, experiments = loaded.event_count, len(loaded.state.active)
    code, out, _ = run(
        capsysbinary, "export", "--format", "jsonl", "--board", str(demo), "-o", str(first)
    )
    assert code == 0 and out == f"Wrote JSONL of {events} events to {first}.\n".encode()
    code, out, _ = run(capsysbinary, "import", str(first), "--into", str(copy))
    assert code == 0
    assert out.decode() == (
        f"Imported {events} changes of 6 people into {copy}: Product Team, "
        f"{experiments} experiments.\n"
    )
    run(capsysbinary, "export", "--format", "jsonl", "--board", str(copy), "-o", str(second))
    assert second.read_bytes() == first.read_bytes()
    _, one, _ = run(capsysbinary, "export", "--format", "json", "--board", str(demo))
    _, two, _ = run(capsysbinary, "export", "--format", "json", "--board", str(copy))
    assert json.loads(one) == json.loads(two)


def test_output_file_is_never_overwritten_without_force(demo, tmp_path, capsysbinary):
    target = tmp_path / "board.md"
    target.write_text("mine")
    line = refused(
        capsysbinary, "export", "--format", "md", "--board", str(demo), "-o", str(target)
    )
    assert line == f"teamboard: error: {target} exists; give --force to write over it"
    assert target.read_text() == "mine"
    code, _, _ = run(
        capsysbinary,
        "export",
        "--format",
        "md",
        "--board",
        str(demo),
        "-o",
        str(target),
        "--force",
    )
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# Product Team")


def out_argv(demo: Path, verb: str) -> list[str]:
    """`teamboard export` or `story` on the demo board, before its `-o FILE`."""
    if verb == "story":
        return ["story", success_id(demo)[:8], "--board", str(demo)]
    return ["export", "--format", "jsonl", "--board", str(demo)]


@pytest.mark.parametrize("verb", ["export", "story"])
def test_nothing_is_written_inside_a_board_folder_even_with_force(
    demo, tmp_path, capsysbinary, verb
):
    other = tmp_path / "other"  # another board
    shutil.copytree(demo, other)
    (demo / "notes" / "deep").mkdir(parents=True)
    into_people = tmp_path / "into-people"  # a link from outside into the board
    into_people.symlink_to(demo / "people", target_is_directory=True)
    before = fingerprint(demo), fingerprint(other)
    board, other_board = demo.resolve(), other.resolve()
    for target, holder in (
        (demo / "people" / "maria.json", board),  # her file: rewritten, she could not write
        (demo / "board.json", board),  # the whole board broken
        (demo / "people" / "new.json", board),
        (demo / "board.md", board),
        (demo / "notes" / "deep" / "board.md", board),  # at any depth
        (demo / "people" / ".." / "board.json", board),
        (into_people / "maria.json", board),
        (other / "people" / "zoe.json", other_board),
    ):
        for force in ([], ["--force"]):
            line = refused(capsysbinary, *out_argv(demo, verb), "-o", str(target), *force)
            assert line == (
                f"teamboard: error: {target} is inside the board folder {holder}; an export "
                "is never written into a board: name a file outside it"
            )
    assert (fingerprint(demo), fingerprint(other)) == before  # byte for byte, nothing new
    beside = tmp_path / "beside-the-board.md"
    assert run(capsysbinary, *out_argv(demo, verb), "-o", str(beside))[0] == 0
    assert beside.stat().st_size > 0


def make_device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, AttributeError) as error:
        pytest.skip(f"cannot make a device node here: {error}")


@pytest.mark.parametrize("verb", ["export", "story"])
@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("link", "a link (never followed"),
        ("dangling link", "a link (never followed"),
        ("pipe", "a pipe (never written into"),
        ("device", "a device (never written into"),
    ],
)
def test_a_link_a_pipe_or_a_device_is_refused_even_with_force(
    demo, tmp_path, capsysbinary, verb, kind, words
):
    real = tmp_path / "real.md"
    real.write_text("mine")
    real.chmod(0o600)
    target = tmp_path / "target.md"
    if kind == "link":
        target.symlink_to(real)
    elif kind == "dangling link":
        target.symlink_to(tmp_path / "nowhere.md")
    elif kind == "pipe":
        os.mkfifo(target)
    else:
        make_device(target)
    before = fingerprint(tmp_path)
    for force in ([], ["--force"]):
        line = refused(capsysbinary, *out_argv(demo, verb), "-o", str(target), *force)
        assert line == (
            f"teamboard: error: {target} is {words}, even with --force); name a regular file"
        )
    assert fingerprint(tmp_path) == before  # the link, its file, its mode: all as they were
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


@pytest.mark.parametrize("verb", ["export", "story"])
def test_a_folder_is_refused_even_with_force(demo, tmp_path, capsysbinary, verb):
    folder = tmp_path / "folder.md"
    folder.mkdir()
    (folder / "inside").write_text("mine")
    before = fingerprint(tmp_path)
    for force in ([], ["--force"]):
        refused(capsysbinary, *out_argv(demo, verb), "-o", str(folder), *force)
    assert fingerprint(tmp_path) == before


@pytest.fixture
def umask():
    """Set the process's umask for the test (`umask(0o027)`), put back after."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize("verb", ["export", "story"])
def test_a_replaced_file_keeps_its_mode_a_new_one_gets_0644_minus_the_umask(
    demo, tmp_path, capsysbinary, umask, verb
):
    for mask, mode in ((0o002, 0o644), (0o027, 0o640), (0o077, 0o600)):
        umask(mask)
        new = tmp_path / f"new-{mask:o}.md"
        assert run(capsysbinary, *out_argv(demo, verb), "-o", str(new))[0] == 0
        assert stat.S_IMODE(new.stat().st_mode) == mode, f"umask {mask:o}"
    umask(0o022)
    kept = tmp_path / "kept.md"
    kept.write_text("old")
    kept.chmod(0o604)
    twin = tmp_path / "twin.md"  # another name of the same file
    os.link(kept, twin)
    assert run(capsysbinary, *out_argv(demo, verb), "-o", str(kept), "--force")[0] == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604
    assert kept.read_text(encoding="utf-8") != "old"
    # Written beside it and renamed into place: the other name keeps the old file.
    assert twin.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_filters_by_member_and_window(demo, capsysbinary):
    def zoes_rows(since: str) -> list[str]:
        code, out, _ = run(
            capsysbinary,
            *("export", "--format", "csv", "--member", "zoe", "--since", since),
            *("--board", str(demo)),
        )
        assert code == 0
        return out.decode("utf-8-sig").splitlines()[1:]

    rows = zoes_rows("2026-11-01")
    assert len(rows) == 2  # both of hers had news since November
    assert all(",zoe,Zoë Lambert," in row for row in rows)
    assert zoes_rows("2026-11-27") == []  # nothing happened on the demo's last day
    code, out, _ = run(
        capsysbinary, "export", "--format", "jsonl", "--member", "priya", "--board", str(demo)
    )
    authors = {json.loads(line)["author"] for line in out.splitlines()[1:]}
    assert code == 0 and authors == {"priya"}
    assert "no member 'zed'" in refused(
        capsysbinary, "export", "--format", "md", "--member", "zed", "--board", str(demo)
    )
    assert "--until 2026-01-01 is before --since 2026-02-01" in refused(
        capsysbinary,
        "export",
        "--format",
        "md",
        "--since",
        "2026-02-01",
        "--until",
        "2026-01-01",
        "--board",
        str(demo),
    )
    assert "'pdf' is not one of" in refused(
        capsysbinary, "export", "--format", "pdf", "--board", str(demo)
    )


def test_import_refuses_a_rule_breaking_line_by_number_and_writes_nothing(
    demo, tmp_path, capsysbinary
):
    events = tmp_path / "events.jsonl"
    run(capsysbinary, "export", "--format", "jsonl", "--board", str(demo), "-o", str(events))
    lines = events.read_text(encoding="utf-8").splitlines()
    # Zoë's first change after joining becomes praise: only managers may post praise.
    number = next(
        n
        for n, line in enumerate(lines)
        if (json.loads(line).get("author"), json.loads(line).get("seq")) == ("zoe", 1)
    )
    changed = json.loads(lines[number])
    lines[number] = json.dumps(
        {
            "type": "praise_posted",
            "praise_id": "forged",
            "to": "maria",
            "message": "hi",
            **{k: changed[k] for k in ("id", "at", "seq")},
            "author": changed["author"],
        }
    )
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy = tmp_path / "copy"
    line = refused(capsysbinary, "import", str(events), "--into", str(copy))
    assert line.startswith(
        f"teamboard: error: events.jsonl, line {number + 1}: breaks the board's rules: "
        "only a manager may post praise"
    )
    assert line.endswith("; nothing was imported")
    assert not copy.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    line = refused(capsysbinary, "import", str(tmp_path / "none.jsonl"), "--into", str(copy))
    assert "none.jsonl" in line and "No such file" in line
    good = tmp_path / "good.jsonl"
    run(capsysbinary, "export", "--format", "jsonl", "--board", str(demo), "-o", str(good))
    assert "holds a board already" in refused(
        capsysbinary, "import", str(good), "--into", str(demo)
    )


def test_story_prints_or_saves_a_success_and_refuses_anything_else(demo, tmp_path, capsysbinary):
    done = success_id(demo)
    code, out, _ = run(capsysbinary, "story", done[:8], "--board", str(demo))
    assert code == 0
    text = out.decode("utf-8")
    assert text.startswith("# ") and "## What was learned" in text and "## What helped" in text
    target = tmp_path / "story.md"
    code, out, _ = run(capsysbinary, "story", done[:8], "--board", str(demo), "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == text
    assert out.decode() == f"Wrote the success story to {target}.\n"
    state = BoardFolder.open(demo).load().state
    goal = next(e for e in state.active if e.stage is Stage.GOAL)
    line = refused(capsysbinary, "story", goal.id[:8], "--board", str(demo))
    assert line == (
        "teamboard: error: a success story is told of an experiment in Success; this one is in Goal"
    )


def test_a_real_process_writes_the_csv_bytes_unchanged_to_a_pipe(demo):
    done = subprocess.run(
        [sys.executable, "-m", "teamboard", "export", "--format", "csv", "--board", str(demo)],
        capture_output=True,
        check=True,
    )
    assert done.stdout.startswith(b"\xef\xbb\xbfid,")
    rows = 1 + len(BoardFolder.open(demo).load().state.experiments)
    assert done.stdout.count(b"\r\n") == done.stdout.count(b"\n") == rows
    assert "Zoë Lambert".encode() in done.stdout


def test_import_reads_the_file_as_a_stream(demo, tmp_path, capsysbinary):
    """Memory is bounded by about a line, not the file: 32 MB of blank lines (a file of
    newlines once took 1.8 GB) before the demo's changes, and 64 MB of nothing else."""
    events = tmp_path / "events.jsonl"
    run(capsysbinary, "export", "--format", "jsonl", "--board", str(demo), "-o", str(events))
    exported = events.read_bytes()
    padded, blank = tmp_path / "padded.jsonl", tmp_path / "blank.jsonl"
    padded.write_bytes(b"\n" * (32 * 2**20) + exported.replace(b"\n", b"\r\n \n"))
    blank.write_bytes(b"\n \t\n" * (16 * 2**20))
    peaks = []
    for file, copy in ((padded, tmp_path / "copy"), (blank, tmp_path / "none")):
        tracemalloc.start()
        try:
            code, _, err = run(capsysbinary, "import", str(file), "--into", str(copy))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert code == (0 if file is padded else 2), err
    assert err == "teamboard: error: blank.jsonl holds no events; nothing was imported\n"
    assert max(peaks) < 8 * 2**20, [f"{peak / 2**20:.1f} MB" for peak in peaks]
    again = tmp_path / "again.jsonl"
    run(
        capsysbinary,
        "export",
        "--format",
        "jsonl",
        "--board",
        str(tmp_path / "copy"),
        "-o",
        str(again),
    )
    assert again.read_bytes() == exported
    # A line is still named by its number in the file, blank lines counted.
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\n" * (3 * 2**20 + 5) + b"{oops\n")
    assert refused(capsysbinary, "import", str(broken), "--into", str(copy)) == (
        f"teamboard: error: broken.jsonl, line {3 * 2**20 + 6}: is not valid JSON "
        "(truncated or damaged?); nothing was imported"
    )


def test_import_goes_only_to_a_place_of_its_own(demo, tmp_path, capsysbinary):
    """Never into a link (even one that leads nowhere), never inside a board (this one or
    another, by its path or through a link), and no folder made through a link."""
    good = tmp_path / "good.jsonl"
    run(capsysbinary, "export", "--format", "jsonl", "--board", str(demo), "-o", str(good))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "to-folder").symlink_to(elsewhere)
    (tmp_path / "to-nowhere").symlink_to(tmp_path / "gone" / "deeper")
    (tmp_path / "to-board").symlink_to(demo)
    maria = demo / "people" / "maria.json"
    before = maria.read_bytes()
    cases = {
        "to-folder": "is a link; import into a new or empty folder",
        "to-nowhere": "is a link; import into a new or empty folder",
        "board/people/zed.json": f"is inside the board in {demo}; import into a folder",
        "board/people/maria.json": "exists and is not a folder",
        "board/notes/new": f"is inside the board in {demo}; import into a folder",
        "to-board/sub": f"is inside the board in {tmp_path / 'to-board'}; import into",
        "to-nowhere/copy": "teamboard makes no folder through it",
        "to-folder/a/b": "teamboard makes no folder through it",
    }
    for into, words in cases.items():
        line = refused(capsysbinary, "import", str(good), "--into", str(tmp_path / into))
        assert words in line, (into, line)
        assert line.endswith("nothing was imported"), line
    assert not (tmp_path / "gone").exists()
    assert list(elsewhere.iterdir()) == []
    assert maria.read_bytes() == before
    assert sorted(p.name for p in demo.iterdir()) == sorted(
        p.name for p in BoardFolder.open(demo).root.iterdir()
    )
    assert not (demo / "notes").exists() and not (demo / "people" / "zed.json").exists()
    # Into a link's folder (not making one through it), and missing folders made: fine.
    code, _, err = run(
        capsysbinary, "import", str(good), "--into", str(tmp_path / "to-folder" / "copy")
    )
    assert code == 0, err
    assert (elsewhere / "copy" / "board.json").is_file()
    code, _, err = run(capsysbinary, "import", str(good), "--into", str(tmp_path / "a" / "b" / "c"))
    assert code == 0, err


def test_a_boards_name_is_held_to_a_persons_names_rule(tmp_path, capsysbinary):
    escape = "\x1b[31mX"
    line = refused(capsysbinary, "init", str(tmp_path / "b"), "--name", escape, "--as", "ana")
    assert line == (
        "teamboard: error: the board's name: must be one line, without tabs, control "
        "characters or direction overrides"
    )
    line = refused(
        capsysbinary, "init", str(tmp_path / "b"), "--name", "T", "--my-name", escape, "--as", "ana"
    )
    assert line == (
        "teamboard: error: your name: must be one line, without tabs, control characters "
        "or direction overrides"
    )
    assert not (tmp_path / "b").exists()
    line = refused(capsysbinary, "init", str(tmp_path / "b"), "--name", "T" * 201, "--as", "ana")
    assert line == "teamboard: error: the board's name: at most 200 characters"


def test_an_import_removes_what_a_killed_import_left_beside_it(demo, tmp_path, capsysbinary):
    """A staging folder as a killed import leaves it (its lock free): the next import into
    the same folder removes it. (tests/integration/test_crash_safety.py kills one.)"""
    good = tmp_path / "good.jsonl"
    run(capsysbinary, "export", "--format", "jsonl", "--board", str(demo), "-o", str(good))
    left = tmp_path / ".old.import-0123456789ab"
    (left / "people").mkdir(parents=True)
    (left / "board.json").write_text("{")
    odd = tmp_path / ".notes.import-mine"  # not a name an import gives: not touched
    odd.mkdir()
    code, _, err = run(capsysbinary, "import", str(good), "--into", str(tmp_path / "copy"))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".notes.import-mine",
        "board",
        "copy",
        "good.jsonl",
    ]


def test_an_export_named_board_json_does_not_make_its_folder_a_board(
    cli: Cli, tmp_path: Path
) -> None:
    """Found reading the README: after `export --format json -o board.json` every later
    export into that folder was refused as "inside the board folder"."""
    out = tmp_path / "exports"
    out.mkdir()
    cli.ok("export", "--format", "json", "-o", str(out / "board.json"))
    cli.ok("export", "--format", "jsonl", "-o", str(out / "board.jsonl"))
    assert (out / "board.jsonl").is_file()
