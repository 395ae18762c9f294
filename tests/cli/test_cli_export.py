"""`teamboard export`, `import` and `story` on real board folders: what they print or
write, the round trip through files, and refusals as one line with exit 2."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import boards
import pytest
from boards import fingerprint

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
