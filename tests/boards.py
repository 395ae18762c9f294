"""Boards on disk for the tests: made through the app's own write path, and events written
into a person's file the way another machine's teamboard (or an older version, or a hand
edit) would put them there, without this machine's rules check, so that the fold's own
judgement can be tested. Signed with the author's key on this computer (the test's config
folder), as teamboard signs; `signed=False` writes them as teamboard did before signing,
or as a hand edit would."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from teamboard.domain import actions
from teamboard.domain.events import Event, new_id, parse_event, utcnow
from teamboard.store import journal, local
from teamboard.store.folder import BoardFolder
from teamboard.store.keys import Keyring
from teamboard.store.live import LiveBoard
from teamboard.store.signing import seal


def clock() -> datetime:
    """When a change written here happens, unless a test says (the app tests tie it to
    their fixed clock)."""
    return utcnow()


def new_board(
    root: Path, name: str, founder: str, founder_name: str, at: datetime | None = None
) -> BoardFolder:
    return LiveBoard.create(root, name, founder, founder_name, at=at or clock()).board


def write_events(
    board: BoardFolder,
    author: str,
    payloads: Mapping | list[Mapping],
    at: datetime | str | None = None,
    *,
    signed: bool = True,
) -> list[Event]:
    """Append events to `author`'s own file with the real locked, atomic write, but no
    rules check. Each payload may carry its own "at" (ISO text); else `at`, else now.
    Signed and chained with the author's key here (made if their log has none yet)."""
    if isinstance(payloads, Mapping):
        payloads = [payloads]
    path = board.person_file(author)
    last_seq = board.read_person(path).mark.last_seq if path.exists() else -1
    docs = []
    for i, payload in enumerate(payloads):
        if signed:  # as teamboard writes: the id of what it makes bound to its author
            payload = actions.bind_ids(author, dict(payload))
        when = payload.get("at", at) or clock()
        doc = {k: v for k, v in payload.items() if k != "at"} | {
            "id": payload.get("id") or new_id(),
            "at": when if isinstance(when, str) else when.isoformat(),
            "author": author,
            "seq": last_seq + 1 + i,
        }
        docs.append(doc)
    if signed:
        chain = board.settled_chain(path)
        keyring = Keyring.default()
        signer = keyring.for_key(author, chain.key) if chain.key else keyring.own(author)
        assert signer is not None, f"this computer holds no key for {author}"
        seal(docs, signer, chain)
    journal.append(board, author, docs, last_seq)
    return [_parsed(doc) for doc in docs]


def _parsed(doc: dict):
    """The event as the board reads it; as written when it is not valid (a test may
    write an invalid one on purpose)."""
    try:
        return parse_event(doc)
    except ValidationError:
        return doc


def fingerprint(path: Path) -> object:
    """What is at `path`, without following a link or opening a pipe: a file's bytes (or,
    for a big one, its size, time and inode), a link's target, a folder's listing."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISDIR(info.st_mode):
        listing = sorted(p for p in path.iterdir() if not p.name.endswith(".lock"))
        return ("folder", {p.name: fingerprint(p) for p in listing})
    if stat.S_ISREG(info.st_mode):
        if info.st_size > 1024 * 1024:
            return ("file", info.st_size, info.st_mtime_ns, info.st_ino)
        return ("file", path.read_bytes())
    return ("other", stat.S_IFMT(info.st_mode), info.st_mtime_ns, info.st_ino)


# --- keys: the demo's people's keys, for every test that copies a demo board -------------


def shared_keys(base: Path) -> Path:
    """Keys every test of this worker starts with (tests/conftest.py copies them into
    each test's own config folder): those of boards built once and copied by many."""
    return base / "shared-keys"


def share_keys(base: Path) -> None:
    """Share the keys this test's computer holds (a demo board just built, its people's)
    with every later test of this worker, as if all ran on one computer."""
    if local.keys_folder().is_dir():
        shutil.copytree(local.keys_folder(), shared_keys(base), dirs_exist_ok=True)
