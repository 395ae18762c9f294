"""Damaged files, events from a newer teamboard and events in the wrong file.

A file that cannot be read is reported by path, the rest of the board still loads, and
nothing ever writes over it. A document the store does not understand is kept exactly as
it is, even when its owner appends after it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from boards import new_board, write_events

from teamboard.store.folder import BoardFolder, DamagedFile, StoreError
from teamboard.store.live import LiveBoard


def make_board(root: Path) -> BoardFolder:
    """ann (the founder), ben and cara, each with experiments; cara supports ann."""
    board = new_board(root, "Damage", "ann", "Ann")
    write_events(board, "ben", {"type": "member_joined", "name": "Ben"})
    write_events(board, "cara", {"type": "member_joined", "name": "Cara"})
    for person in ("ann", "ben", "cara"):
        write_events(
            board,
            person,
            [
                {
                    "type": "experiment_created",
                    "experiment_id": f"{person}-{i}",
                    "title": f"{person}'s experiment {i}",
                }
                for i in range(3)
            ],
        )
    write_events(
        board,
        "ben",
        {
            "type": "practice_logged",
            "experiment_id": "ben-0",
            "entry_id": "p1",
            "on": date.today().isoformat(),
            "what": "tried it",
        },
    )
    write_events(
        board, "cara", {"type": "support_added", "experiment_id": "ann-1", "supporter": "cara"}
    )
    loaded = board.load()
    assert loaded.damaged == [] and loaded.state.rejected == []
    assert len(loaded.state.experiments) == 9
    return board


def raw_file(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def write_raw(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def truncate_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


DAMAGE = {
    "truncated": truncate_half,
    "empty": lambda data: b"",
    "blank": lambda data: b"  \n",
    "not json": lambda data: b"\x00\xff garbage \xfe",
    "json list": lambda data: b"[1, 2, 3]",
    "events not a table": lambda data: b'{"events": [1, 2]}',
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_file_is_reported_and_never_written_over(tmp_path: Path, damage: str) -> None:
    board = make_board(tmp_path / "board")
    path = board.person_file("ben")
    damaged_bytes = DAMAGE[damage](path.read_bytes())
    path.write_bytes(damaged_bytes)

    loaded = board.load()
    assert [Path(d.path) for d in loaded.damaged] == [path]
    assert str(path) in str(loaded.damaged[0])
    assert loaded.file_count == 3
    # Everyone else is there.
    state = loaded.state
    assert sorted(state.members) == ["ann", "cara"]
    assert sorted(state.experiments) == [f"{p}-{i}" for p in ("ann", "cara") for i in range(3)]
    assert "cara" in state.experiments["ann-1"].supporters
    assert state.rejected == []
    assert path.read_bytes() == damaged_bytes

    # The damaged person cannot write over their file, and is told which file it is.
    payload = {"type": "experiment_created", "experiment_id": "ben-new", "title": "new"}
    with pytest.raises(StoreError) as caught:
        write_events(board, "ben", payload)
    assert isinstance(caught.value, DamagedFile)
    assert Path(caught.value.path) == path
    assert str(path) in str(caught.value)
    assert path.read_bytes() == damaged_bytes
    # The lock was released: a second try fails the same way, not with a lock timeout.
    with pytest.raises(DamagedFile):
        write_events(board, "ben", payload)
    assert path.read_bytes() == damaged_bytes
    assert list(path.parent.glob(".ben.json.*.tmp")) == []

    # The others carry on writing.
    write_events(
        board, "cara", {"type": "experiment_created", "experiment_id": "cara-new", "title": "n"}
    )
    loaded = board.load()
    assert "cara-new" in loaded.state.experiments
    assert [Path(d.path) for d in loaded.damaged] == [path]
    assert path.read_bytes() == damaged_bytes


def test_unknown_event_type_survives_appends_and_is_reported(tmp_path: Path) -> None:
    board = make_board(tmp_path / "board")
    path = board.person_file("cara")
    data = raw_file(path)
    table = data["events"]
    last = max(table.values(), key=lambda doc: doc["seq"])
    key = str(max(int(k) for k in table) + 1)
    future = {
        "id": "f" * 32,
        "at": last["at"],
        "author": "cara",
        "seq": last["seq"] + 1,
        "type": "mood_logged",
        "mood": "sunny",
        "details": {"scale": [1, 2, 3], "note": "written by teamboard 9", "ok": None},
        "unicode": "Grüße ✓ [bold]",
    }
    table[key] = future
    write_raw(path, data)
    snapshot = json.loads(json.dumps(future))

    [event] = write_events(
        board, "cara", {"type": "experiment_created", "experiment_id": "cara-9", "title": "later"}
    )
    assert event["seq"] == future["seq"] + 1
    after = raw_file(path)["events"]
    assert after[key] == snapshot
    assert sum(doc.get("type") == "mood_logged" for doc in after.values()) == 1
    assert len(after) == len(table) + 1

    loaded = board.load()
    assert loaded.damaged == []
    assert "cara-9" in loaded.state.experiments
    [rejected] = loaded.state.rejected
    assert rejected.event_id == future["id"]
    assert rejected.type == "mood_logged"
    assert rejected.author == "cara"
    assert "unknown event type" in rejected.reason
    assert Path(rejected.source) == path
    # And once more, with several events in one append.
    write_events(
        board,
        "cara",
        [
            {"type": "confidence_rated", "experiment_id": "cara-9", "value": 3},
            {"type": "confidence_rated", "experiment_id": "cara-9", "value": 4},
        ],
    )
    assert raw_file(path)["events"][key] == snapshot
    assert [r.type for r in board.load().state.rejected] == ["mood_logged"]


def test_event_in_someone_elses_file_is_rejected(tmp_path: Path) -> None:
    board = make_board(tmp_path / "board")
    path = board.person_file("cara")
    data = raw_file(path)
    table = data["events"]
    last = max(table.values(), key=lambda doc: doc["seq"])
    forged = {
        "id": "b" * 32,
        "at": last["at"],
        "author": "ben",
        "seq": 99,
        "type": "experiment_created",
        "experiment_id": "forged",
        "title": "ben's, but in cara's file",
    }
    key = str(max(int(k) for k in table) + 1)
    table[key] = forged
    write_raw(path, data)

    loaded = board.load()
    assert loaded.damaged == []
    assert "forged" not in loaded.state.experiments
    [rejected] = loaded.state.rejected
    assert rejected.event_id == forged["id"]
    assert rejected.author == "ben"
    assert "ben" in rejected.reason and "cara" in rejected.reason
    assert Path(rejected.source) == path
    # Everyone's own events still count.
    assert len(loaded.state.experiments) == 9

    # It stays on disk, untouched, when cara appends after it.
    write_events(
        board, "cara", {"type": "experiment_created", "experiment_id": "cara-9", "title": "x"}
    )
    assert raw_file(path)["events"][key] == forged
    loaded = board.load()
    assert "cara-9" in loaded.state.experiments
    assert "forged" not in loaded.state.experiments
    assert [r.event_id for r in loaded.state.rejected] == [forged["id"]]


ODD_DOCUMENTS = {
    "document not an object": {"9": "hello"},
    "document a list": {"9": [1, 2]},
    "key not a number": {
        "x9": {
            "id": "z" * 32,
            "type": "mood_logged",
            "author": "cara",
            "seq": 50,
            "at": "2024-01-01T00:00:00+00:00",
        }
    },
}


@pytest.mark.parametrize("odd", list(ODD_DOCUMENTS))
def test_odd_document_is_kept_and_append_is_a_store_error(tmp_path: Path, odd: str) -> None:
    board = make_board(tmp_path / "board")
    path = board.person_file("cara")
    data = raw_file(path)
    data["events"].update(ODD_DOCUMENTS[odd])
    write_raw(path, data)
    before = path.read_bytes()

    loaded = board.load()
    assert loaded.damaged == []
    assert len(loaded.state.rejected) == 1
    assert path.read_bytes() == before

    # An append would have TinyDB write the odd entry back changed (every document a
    # table, every key a number): refused, naming the file and the entry, nothing written.
    payload = {"type": "experiment_created", "experiment_id": "cara-9", "title": "later"}
    (key,) = ODD_DOCUMENTS[odd]
    with pytest.raises(StoreError) as caught:
        write_events(board, "cara", payload)
    assert not isinstance(caught.value, DamagedFile)  # the file reads; it is not damaged
    assert str(path) in str(caught.value)
    assert f"entry {key!r} is not an event teamboard can keep" in str(caught.value)
    assert path.read_bytes() == before
    assert list(path.parent.glob(".cara.json.*.tmp")) == []
    # And through the board's one write path, as the app and the command line write.
    live = LiveBoard(BoardFolder.open(board.root))
    live.load()
    with pytest.raises(StoreError, match=re.escape(str(path))):
        live.perform("cara", payload)
    assert path.read_bytes() == before


def test_keys_tinydb_would_merge_are_refused_before_writing(tmp_path: Path) -> None:
    board = new_board(tmp_path / "b", "T", "ann", "Ann")
    path = board.person_file("ann")
    data = json.loads(path.read_text())
    data["events"]["02"] = dict(data["events"]["1"], id="twin", seq=5)
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="'02'"):
        write_events(
            board, "ann", {"type": "experiment_created", "experiment_id": "e", "title": "t"}
        )
    assert path.read_bytes() == before
