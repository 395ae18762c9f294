"""What this computer has seen of a person's file (store.seen), read by the board as it
reads the file: a random story of appends, cuts, edits, merges that number the log
again and restores, each written as teamboard writes a file; after each step a loss is
named exactly when an event ever seen is missing or changed (its seq aside), and counted
right. Real files in a temp folder; the memory in a folder of its own.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from teamboard.store.folder import BoardFolder, BoardMeta, person_file_bytes
from teamboard.store.seen import MAGIC, Seen

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["append", "cut", "edit", "merge", "restore"]),
        st.integers(0, 10_000),
    ),
    max_size=25,
)


def write(path: Path, log: list[dict]) -> None:
    events = {str(i + 1): {**doc, "seq": i} for i, doc in enumerate(log)}
    path.write_bytes(person_file_bytes({"events": events}))


@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_a_loss_is_named_exactly_when_an_event_seen_is_missing_or_changed(
    tmp_path_factory, steps
) -> None:
    root = tmp_path_factory.mktemp("board")
    (root / "people").mkdir()
    seen_in = tmp_path_factory.mktemp("seen")
    board = BoardFolder(root, BoardMeta("B", "cara", ""), Seen(seen_in))
    path = root / "people" / "cara.json"
    log: list[dict] = []
    seen: dict[str, str] = {}  # id -> what it said when first seen
    taken: list[dict] = []  # events cut, to restore
    count = 0
    for step, draw in steps:
        rng = random.Random(draw)
        if step == "append" or not log:
            for _ in range(rng.randint(1, 3)):
                count += 1
                log.append({"id": f"e{count}", "type": "note", "text": f"said {count}"})
        elif step == "cut":
            taken.append(log.pop(rng.randrange(len(log))))
        elif step == "edit":
            i = rng.randrange(len(log))
            log[i] = {**log[i], "text": log[i]["text"] + " (edited)"}
        elif step == "merge":  # the driver interleaves and numbers the log again
            rng.shuffle(log)
        elif step == "restore" and taken:
            back = taken.pop()
            log = [doc for doc in log if doc["id"] != back["id"]] + [back]
        write(path, log)

        lost = board.read_person(path).lost

        now = {doc["id"]: json.dumps(doc, sort_keys=True) for doc in log}
        for doc in log:
            seen.setdefault(doc["id"], json.dumps(doc, sort_keys=True))
        missing = sum(key not in now for key in seen)
        changed = sum(key in now and now[key] != said for key, said in seen.items())
        if missing or changed:
            assert lost is not None and (lost.missing, lost.changed) == (missing, changed)
        else:
            assert lost is None


def test_the_memory_is_small_and_an_edit_behind_what_was_seen_is_found(tmp_path: Path) -> None:
    """16 bytes an event, and a digest of the bytes up to the last one: a file that only
    grew still starts with them (its new events alone are digested); an edit within them
    is found."""
    (tmp_path / "people").mkdir()
    seen = Seen(tmp_path / "seen")
    board = BoardFolder(tmp_path, BoardMeta("B", "cara", ""), seen)
    path = tmp_path / "people" / "cara.json"
    log = [{"id": f"e{i}", "type": "note", "text": "x" * 50} for i in range(100)]
    write(path, log)
    assert board.read_person(path).lost is None
    memory = seen.folder / "cara.seen"
    assert memory.stat().st_size == len(MAGIC) + 48 + 100 * 16

    log.append({"id": "e100", "type": "note", "text": "y"})
    write(path, log)
    data = path.read_bytes()
    assert board.read_person(path).lost is None
    assert memory.stat().st_size == len(MAGIC) + 48 + 101 * 16

    path.write_bytes(data.replace(b'"e5"', b'"e5x"'))
    lost = board.read_person(path).lost
    assert lost is not None and (lost.missing, lost.changed) == (1, 0)
