"""A writer killed with SIGKILL never leaves a broken or shortened file, nor loses an
event it acknowledged.

The writer process appends one event per call and prints the id of each event the store
acknowledged. One test kills it inside its write, at each step of the atomic write (the
writer says when it is there, and waits); the other kills it at random moments, many
times. After every kill the person's file must be whole JSON holding every acknowledged
event (and at most one more: the one whose acknowledgement the kill cut off).
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from boards import new_board, write_events

from teamboard.store.folder import BoardFolder

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(signal, "SIGKILL"),
    reason="needs SIGKILL and select() on pipes",
)

WRITER = Path(__file__).with_name("_board_writer.py")
REPO = Path(__file__).resolve().parents[2]
ROUNDS = 25
PREFILL = 300
TEXT_SIZE = 1500
MAX_KILL_DELAY = 0.05


class Writer:
    """One writer process, with its stdout read line by line without blocking forever."""

    def __init__(self, root: Path, person: str, tag: str, hold: str = "") -> None:
        """`hold`: WHERE:N, to stop inside the Nth write (tests/integration/_board_writer.py)."""
        env = dict(os.environ, PYTHONPATH=str(REPO))
        if hold:
            env["HOLD_INSIDE_WRITE"] = hold
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(root), person, tag, "0", str(TEXT_SIZE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        assert self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()
        self.buffer = b""
        self.lines: list[str] = []
        self.eof = False

    def pump(self, timeout: float) -> None:
        """Read whatever arrives within `timeout` seconds (or until end of output)."""
        deadline = time.monotonic() + timeout
        while not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.eof = True
                break
            self.buffer += chunk
            *complete, self.buffer = self.buffer.split(b"\n")
            self.lines.extend(line.decode() for line in complete)

    def wait_for(self, predicate, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if self.eof or time.monotonic() > deadline:
                pytest.fail(
                    f"writer never {what}: its last lines {self.lines[-5:]!r} "
                    f"of {len(self.lines)}\n{self.stderr()}"
                )
            self.pump(0.05)

    def start(self) -> None:
        self.wait_for(lambda: "ready" in self.lines, 30, "became ready")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"go\n")
        self.proc.stdin.flush()

    def acked(self) -> list[str]:
        return [line.split()[1] for line in self.lines if line.startswith("ack ")]

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        # Lines the writer printed before it died were acknowledged too.
        self.pump(5)
        assert self.eof

    def stderr(self) -> str:
        if self.proc.poll() is None or self.proc.stderr is None:
            return ""
        return self.proc.stderr.read().decode(errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


def file_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    events = list(data["events"].values())
    seqs = sorted(event["seq"] for event in events)
    assert seqs == list(range(len(events))), f"{path.name}: seq numbers broken"
    return [event["id"] for event in events]


def prefilled_board(root: Path, prefill: int) -> BoardFolder:
    """Ann's board, and Ben's file with his join and `prefill` experiments."""
    board = new_board(root, "Crashes", "ann", "Ann")
    write_events(board, "ben", {"type": "member_joined", "name": "Ben"})
    filler = "x" * TEXT_SIZE
    write_events(
        board,
        "ben",
        [
            {
                "type": "experiment_created",
                "experiment_id": f"pre-{i}",
                "title": f"prefilled {i}",
                "training": filler,
            }
            for i in range(prefill)
        ],
    )
    assert len(file_ids(board.person_file("ben"))) == prefill + 1
    return board


def temp_files(path: Path) -> list[Path]:
    """The atomic write's temp files for this person's file."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


@pytest.mark.parametrize("where", ["half", "before-rename", "after-rename"])
def test_a_writer_killed_inside_its_write_leaves_the_file_whole(tmp_path: Path, where) -> None:
    """Killed inside its third write: half the new file in the temp file, or all of it
    not yet renamed over the file, or renamed but not yet acknowledged."""
    board = prefilled_board(tmp_path / "board", 20)
    path = board.person_file("ben")
    known = file_ids(path)
    writer = Writer(board.root, "ben", "held", hold=f"{where}:2")
    try:
        writer.start()
        writer.wait_for(lambda: f"inside {where}" in writer.lines, 30, f"got {where} in a write")
        writer.kill()
        assert writer.proc.returncode == -signal.SIGKILL, writer.stderr()
        acked = writer.acked()
    finally:
        writer.close()
    assert len(acked) == 2  # its first two writes

    ids = file_ids(path)  # raises if the file is not whole JSON
    assert ids[: len(known)] == known
    assert set(acked) <= set(ids)
    temps = temp_files(path)
    if where == "after-rename":
        # Stored, though never acknowledged; nothing left over.
        assert len(ids) == len(known) + 3
        assert temps == []
    else:
        # The kill landed inside the write: its temp file is left behind, and the file is
        # as it was before that write.
        assert len(ids) == len(known) + 2
        (temp,) = temps
        written = temp.read_bytes()
        if where == "half":
            with pytest.raises(json.JSONDecodeError):
                json.loads(written)
        else:
            whole = json.loads(written)["events"]
            assert len(whole) == len(ids) + 1  # the new event, renamed over the file never
    loaded = board.load()
    assert loaded.damaged == []
    assert loaded.state.rejected == []
    assert [p.name for p in board.person_files()] == ["ann.json", "ben.json"]

    # Ben writes on: the temp file is cleared away, and nothing was lost.
    [event] = write_events(
        board,
        "ben",
        {"type": "experiment_created", "experiment_id": "after", "title": "after the crash"},
    )
    assert temp_files(path) == []
    assert file_ids(path) == [*ids, event["id"]]
    assert board.load().state.experiments["after"].owner == "ben"


def test_killed_writer_never_loses_acknowledged_events(tmp_path: Path) -> None:
    seed = int(os.environ.get("TEAMBOARD_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    root = tmp_path / "board"
    # A file of some size, so that a write takes long enough to be cut off midway.
    board = prefilled_board(root, PREFILL)
    path = board.person_file("ben")
    known = file_ids(path)
    total_acked = 0

    for round_no in range(ROUNDS):
        where = f"round {round_no} (TEAMBOARD_CRASH_SEED={seed})"
        writer = Writer(root, "ben", f"r{round_no}")
        try:
            writer.start()
            if round_no % 2:
                # Kill only once the writer has had at least one event acknowledged.
                writer.wait_for(lambda w=writer: bool(w.acked()), 30, "acknowledged an event")
            writer.pump(rng.uniform(0, MAX_KILL_DELAY))
            writer.kill()
            assert writer.proc.returncode == -signal.SIGKILL, (
                f"{where}: the writer ended by itself:\n{writer.stderr()}"
            )
            acked = writer.acked()
        finally:
            writer.close()

        ids = file_ids(path)  # raises if the file is not whole JSON
        assert len(ids) == len(set(ids)), f"{where}: an event is stored twice"
        now = set(ids)
        lost_earlier = set(known) - now
        assert not lost_earlier, f"{where}: {len(lost_earlier)} earlier events are gone"
        lost_acked = set(acked) - now
        assert not lost_acked, f"{where}: acknowledged events missing: {sorted(lost_acked)}"
        added = len(ids) - len(known)
        assert added in (len(acked), len(acked) + 1), (
            f"{where}: {len(acked)} acknowledged but {added} added"
        )
        total_acked += len(acked)
        loaded = board.load()
        assert loaded.damaged == [], where
        assert loaded.state.rejected == [], where
        known = ids

    assert total_acked > 0, "no round got as far as an acknowledged event"

    [event] = write_events(
        board,
        "ben",
        {"type": "experiment_created", "experiment_id": "after", "title": "after the crashes"},
    )
    assert temp_files(path) == []
    ids = file_ids(path)
    assert set(ids) == set(known) | {event["id"]}
    loaded = board.load()
    assert loaded.damaged == []
    assert loaded.state.rejected == []
    assert loaded.state.experiments["after"].owner == "ben"
    assert len(loaded.state.experiments) == len(ids) - 1  # all but ben's join


# An import that stops inside its staging folder (there, it writes the board's files) and
# says where it is; it waits there until killed, or until its input closes.
STAGING_IMPORT = """
import sys
from teamboard.store import staging
with staging.staged(staging.import_place(sys.argv[1])) as building:
    (building / "board.json").write_text("{")
    print(building, flush=True)
    sys.stdin.read()
"""


def test_an_import_killed_midway_leaves_a_folder_the_next_import_removes(tmp_path: Path) -> None:
    """A killed import's hidden staging folder goes with the next import into the same
    folder; one that another import is building meanwhile stays."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    imports = [
        subprocess.Popen(
            [sys.executable, "-c", STAGING_IMPORT, str(tmp_path / name)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        for name in ("killed", "running")
    ]
    try:
        where = []
        for child in imports:
            assert child.stdout is not None
            ready, _, _ = select.select([child.stdout], [], [], 60)
            assert ready, "the import never reached its staging folder"
            where.append(Path(child.stdout.readline().decode().strip()))
        killed, running = where
        assert killed.parent == running.parent == tmp_path
        assert killed.name.startswith(".killed.import-")
        imports[0].send_signal(signal.SIGKILL)
        imports[0].wait(timeout=30)
        assert killed.is_dir()  # what a kill leaves

        founder = {
            "type": "member_joined",
            "id": "ann-0",
            "at": "2024-03-04T09:00:00+00:00",
            "author": "ann",
            "seq": 0,
            "name": "Ann",
        }
        events = tmp_path / "events.jsonl"
        events.write_text(json.dumps(founder) + "\n", encoding="utf-8")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "teamboard",
                "import",
                str(events),
                "--into",
                str(tmp_path / "copy"),
            ],
            check=True,
            env=env,
            capture_output=True,
            timeout=120,
        )

        assert not killed.exists()
        assert not Path(f"{killed}.lock").exists()
        assert running.is_dir()  # its import still holds it
        assert BoardFolder.open(tmp_path / "copy").load().state.members["ann"].name == "Ann"
        stdin = imports[1].stdin
        assert stdin is not None
        stdin.close()  # the running import goes on: its own folder goes with it
        assert imports[1].wait(timeout=30) == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == ["copy", "events.jsonl"]
    finally:
        for child in imports:
            if child.poll() is None:
                child.kill()
                child.wait()
            for stream in (child.stdin, child.stdout):
                if stream is not None:
                    stream.close()
