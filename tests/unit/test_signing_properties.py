"""Signed logs, as a property: for random histories, after random forgeries, hand edits and
removals, every event the fold accepts was signed by its log's key, every change is named
(`check` lists the fold's refusals), and a board that takes the changes in on top of this
computer's cache folds them as a fresh read does."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from boards import write_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamboard.store.folder import BoardFolder, person_file_bytes
from teamboard.store.keys import Keyring
from teamboard.store.live import LiveBoard
from teamboard.store.signing import Signer, canonical, digest, signed_by

from .factories import dump

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MEMBERS = ("ann", "ben")
TEXT = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=12).map(str.strip).filter(bool)

history = st.lists(st.tuples(st.sampled_from(MEMBERS), TEXT), min_size=1, max_size=8)
attacks = st.lists(
    st.tuples(
        st.sampled_from(["edit", "remove", "forge", "unsigned"]),
        st.sampled_from(MEMBERS),
        st.integers(min_value=0, max_value=20),
        TEXT,
    ),
    min_size=1,
    max_size=4,
)
_boards = itertools.count()


def docs_of(board: BoardFolder, member: str) -> list[dict]:
    return list(json.loads(board.person_file(member).read_bytes())["events"].values())


def write_docs(board: BoardFolder, member: str, docs: list[dict]) -> None:
    table = {str(n): doc for n, doc in enumerate(docs, 1)}
    board.person_file(member).write_bytes(person_file_bytes({"events": table}))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("signed")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=history, attacks=attacks)
def test_what_the_fold_accepts_was_signed_by_its_logs_key_and_every_change_is_named(
    base: Path, history: list[tuple[str, str]], attacks: list[tuple[str, str, int, str]]
) -> None:
    root = base / f"b{next(_boards)}"
    live = LiveBoard.create(root, "Team", "ann", "Ann", at=T0, cache_dir=base / "cache")
    board = live.board
    for n, (member, name) in enumerate(history, 1):
        write_events(board, member, {"type": "member_joined", "name": name}, at=T0 + timedelta(n))
    live.catch_up()
    keys = {m: Keyring.default().own(m).public for m in MEMBERS}

    # The attacks, on the files as a hand or another program would make them.
    named: set[str] = set()  # ids that `check` must name
    for n, (kind, member, place, text) in enumerate(attacks):
        if not board.person_file(member).exists():
            continue
        docs = docs_of(board, member)
        place %= len(docs) + (1 if kind in ("forge", "unsigned") else 0)
        if kind == "edit":
            docs[place] = dict(docs[place], name=f"{text}!{n}")
            named.add(docs[place]["id"])
        elif kind == "remove":
            if place in (0, len(docs) - 1):
                # The end of a log cut off, or its start (its key's declaration): a log
                # truncated, or put back to before signing, is for a later change (item 5).
                continue
            gone = docs.pop(place)["id"]
            named.discard(gone)  # what is gone cannot be named
            if not gone.startswith("forged"):  # the one after it no longer follows
                named.add(docs[place]["id"])
        else:
            forged = {
                "type": "member_joined",
                "name": text,
                "id": f"forged{n}",
                "at": (T0 + timedelta(days=30 + n)).isoformat(),
                "author": member,
                "seq": 1000 + n,
            }
            if kind == "forge":  # a well-formed link, signed with another key
                if place:
                    forged["prev"] = digest(canonical(docs[place - 1]))
                forged["sig"] = Signer.new().sign(forged)
            docs.insert(place, forged)
            named.add(forged["id"])
        write_docs(board, member, docs)

    fresh = BoardFolder.open(root).load()
    state = fresh.state
    refused = {r.event_id for r in state.rejected}
    # Every event the fold accepts was signed by the key of the log it stands in.
    for member in MEMBERS:
        if not board.person_file(member).exists():
            continue
        for doc in docs_of(board, member):
            if doc["id"] in state.event_ids and doc["id"] not in refused:
                assert doc["author"] == member
                assert signed_by(keys[member], doc), doc
    # Every change is named.
    assert named <= refused, (named - refused, state.rejected)
    # Taken in on top of what this computer had read (its marks: only new entries are
    # checked where a file only grew), the board is the same.
    live.catch_up()
    assert dump(live.state) == dump(state)
    assert sorted(map(repr, live.state.rejected)) == sorted(map(repr, state.rejected))
