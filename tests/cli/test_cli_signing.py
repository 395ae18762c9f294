"""Who wrote this? Each attack of issue 18, tried as a teammate would, from two computers
(two config folders, so two sets of keys) sharing one board folder: nothing is written in
someone else's name, and every change to a log is left out and named by `check`."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from boards import write_events
from cli_runner import snapshot

from teamboard.cli import main
from teamboard.domain import actions
from teamboard.domain.authorship import fingerprint
from teamboard.domain.events import Stage, utcnow
from teamboard.store import journal
from teamboard.store.folder import BoardFolder, person_file_bytes
from teamboard.store.keys import Keyring
from teamboard.store.signing import Signer, seal

# Before the real clock (what the commands read here): the old board's events, forged lines.
NOW = utcnow() - timedelta(hours=1)


class Computer:
    """One person's computer: its own config folder (its keys) and cache, the board
    folder shared (a network share, or a clone kept in step)."""

    def __init__(self, home: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.home, self.root, self.capsys = home, root, capsys

    def use(self) -> None:
        os.environ["XDG_CONFIG_HOME"] = str(self.home / "config")
        os.environ["XDG_CACHE_HOME"] = str(self.home / "cache")

    def __call__(self, *args: str, as_: str) -> tuple[int, str, str]:
        self.use()
        code = main([*args, "--board", str(self.root), "--as", as_])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str, as_: str) -> str:
        code, out, err = self(*args, as_=as_)
        assert code == 0, err
        return out


@pytest.fixture
def team(tmp_path: Path, capsys, monkeypatch) -> dict[str, Computer]:
    """Maria (founder, manager), Kwame, Bob and Carol, each on a computer of their own."""
    root = tmp_path / "board"
    computers = {
        name: Computer(tmp_path / name, root, capsys) for name in ("maria", "kwame", "bob", "carol")
    }
    computers["maria"].use()
    assert main(["init", str(root), "--name", "Team", "--as", "maria", "--my-name", "Maria"]) == 0
    for name in ("kwame", "bob", "carol"):
        computers[name].ok("join", "--name", name.title(), as_=name)
    capsys.readouterr()
    return computers


def board_of(team: dict[str, Computer]) -> BoardFolder:
    return BoardFolder.open(team["maria"].root)


def check(team: dict[str, Computer]) -> tuple[int, str]:
    code, out, _ = team["maria"]("check", as_="maria")
    return code, out


def events_of(board: BoardFolder, member: str) -> list[dict]:
    return list(json.loads(board.person_file(member).read_bytes())["events"].values())


def rewrite(board: BoardFolder, member: str, docs: list[dict]) -> None:
    """A person's file written again by hand, holding `docs`."""
    table = {str(n): doc for n, doc in enumerate(docs, 1)}
    board.person_file(member).write_bytes(person_file_bytes({"events": table}))


def state_of(board: BoardFolder):
    return BoardFolder.open(board.root).load().state


# --- 1. forging with --as ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("praise", "kwame", "Well done"),
        ("role", "kwame", "manager"),
        ("key", "confirm", "kwame", "SHA256:" + "A" * 43),
    ],
)
def test_writing_as_someone_whose_key_is_on_another_computer_is_refused(team, args) -> None:
    """Issue 18: `--as maria praise ...` from Kwame's computer gave a manager's praise in
    her name. Now it is refused before anything is written."""
    before = snapshot(team["kwame"].root)
    code, _, err = team["kwame"](*args, as_="maria")
    assert code == 2
    assert err.startswith("teamboard: error: you hold no key for maria on this computer")
    assert snapshot(team["kwame"].root) == before
    assert not (team["kwame"].home / "config" / "teamboard" / "keys" / "maria").exists()


def test_an_event_signed_with_another_key_is_left_out_and_the_real_author_writes_on(team) -> None:
    """Kwame signs a praise in Maria's file with a key of his own (a forgery that passes
    the rules): left out and named; Maria's own next change follows her chain."""
    board = board_of(team)
    forged = [
        actions.praise("kwame", "Forged", experiment_id=None)
        | {"id": "f0rged", "at": NOW.isoformat(), "author": "maria", "seq": 1}
    ]
    seal(forged, Signer.new(), board.settled_chain(board.person_file("maria")))
    journal.append(board, "maria", forged, 0)
    code, out = check(team)
    assert code == 1
    assert "event f0rged (praise_posted) by maria: not signed by the key of maria's log" in out
    assert state_of(board).praise == []
    team["maria"].ok("praise", "kwame", "Really well done", as_="maria")
    state = state_of(board)
    assert [p.message for p in state.praise] == ["Really well done"]
    assert [r.event_id for r in state.rejected] == ["f0rged"]


# --- 2. hand edits, hand appends, removals --------------------------------------------------


def test_a_hand_edit_of_an_old_praise_is_named_and_what_follows_it_is_left_out(team) -> None:
    for words in ("First praise", "Second praise"):
        team["maria"].ok("praise", "kwame", words, as_="maria")
    board = board_of(team)
    path = board.person_file("maria")
    path.write_bytes(path.read_bytes().replace(b"First praise", b"Fine praise!"))
    code, out = check(team)
    assert code == 1
    docs = events_of(board, "maria")
    edited, after = docs[1], docs[2]
    assert f"event {edited['id']} (praise_posted) by maria: not signed by the key" in out
    assert (
        f"event {after['id']} (praise_posted) by maria: does not follow the event before it" in out
    )
    # The break is named: right after Maria's join.
    assert f"because of event {docs[0]['id']} (member_joined)" in out
    assert state_of(board).praise == []


def test_a_hand_appended_event_with_the_right_seq_is_left_out(team) -> None:
    team["maria"].ok("praise", "kwame", "Real", as_="maria")
    board = board_of(team)
    docs = events_of(board, "maria")
    last = docs[-1]
    unsigned = actions.praise("bob", "Appended by hand") | {
        "id": "byhand",
        "at": NOW.isoformat(),
        "author": "maria",
        "seq": last["seq"] + 1,
    }
    rewrite(board, "maria", [*docs, unsigned])
    code, out = check(team)
    assert code == 1
    assert (
        "event byhand (praise_posted) by maria: unsigned, in maria's log whose key is declared"
        in out
    )
    assert [p.message for p in state_of(board).praise] == ["Real"]


def test_removing_an_event_in_the_middle_leaves_out_what_follows_and_names_it(team) -> None:
    for words in ("One", "Two", "Three"):
        team["maria"].ok("praise", "kwame", words, as_="maria")
    board = board_of(team)
    docs = events_of(board, "maria")
    rewrite(board, "maria", [docs[0], docs[1], docs[3]])  # "Two" removed
    code, out = check(team)
    assert code == 1
    assert f"event {docs[3]['id']} (praise_posted) by maria: does not follow" in out
    assert f"because of event {docs[1]['id']} (praise_posted)" in out
    assert [p.message for p in state_of(board).praise] == ["One"]


def test_an_event_in_the_wrong_persons_file_is_left_out(team) -> None:
    """Bob writes a praise by "maria" into his own file, signed with his own key."""
    board = board_of(team)
    chain = board.settled_chain(board.person_file("bob"))
    forged = [
        actions.praise("bob", "Me, by Maria")
        | {"id": "inbobs", "at": NOW.isoformat(), "author": "maria", "seq": 1}
    ]
    seal(forged, Signer.new(), chain)
    docs = events_of(board, "bob")
    rewrite(board, "bob", [*docs, *forged])
    code, out = check(team)
    assert code == 1
    assert "event inbobs (praise_posted) by maria: written by 'maria' into the file of 'bob'" in out


# --- 7. a back-dated line, a forged creation ------------------------------------------------


def test_a_forged_creation_with_anothers_id_is_refused_and_a_back_dated_line_moves_nothing(
    team,
) -> None:
    """Issue 18: Bob hand-writes (and signs, with his own key) an experiment_created with
    Carol's experiment id, and one more line dated 10 days back. Carol's experiment stays
    hers, her later changes count, and each refusal names its cause."""
    out = team["carol"].ok("add", "Ask open questions", as_="carol")
    state = state_of(board_of(team))
    (experiment,) = state.experiments.values()
    assert experiment.id.endswith("-carol") and experiment.id[:8] in out
    board = board_of(team)
    team["bob"].use()  # on Bob's computer, signed with his own key
    (forged,) = write_events(
        board,
        "bob",
        {"type": "experiment_created", "experiment_id": experiment.id, "title": "Mine now"},
        at=utcnow() + timedelta(minutes=1),
    )
    write_events(
        board, "bob", actions.note(experiment.id, "back-dated"), at=utcnow() - timedelta(days=10)
    )
    team["carol"].ok("move", experiment.id[:8], "practice", as_="carol")
    team["carol"].ok("practice", experiment.id[:8], "Asked three", as_="carol")
    state = state_of(board)
    assert state.experiments[experiment.id].owner == "carol"
    assert state.experiments[experiment.id].stage is Stage.PRACTICE
    assert len(state.experiments[experiment.id].practice) == 1
    (refused,) = state.rejected
    assert refused.event_id == forged["id"]
    assert "belongs to carol's entries, not to bob's" in refused.reason
    assert refused.cause == experiment.event_id
    # The back-dated note counts no earlier than Bob's forged line before it.
    (note,) = state.experiments[experiment.id].support_notes
    assert note.at == forged["at"]
    _, out = check(team)
    assert f"because of event {experiment.event_id} (experiment_created) by carol" in out


def test_a_signed_event_may_not_create_an_id_of_the_form_made_before_signing(team) -> None:
    """Experiments made before signing have a uuid's 32 hex digits: none can be made again
    by a signed event, so none can be taken over."""
    board = board_of(team)
    team["bob"].use()
    old_id = "0123456789abcdef0123456789abcdef"
    forged = {"type": "experiment_created", "experiment_id": old_id, "title": "Old?"}
    forged |= {"id": "oldform", "at": utcnow().isoformat(), "author": "bob", "seq": 1}
    seal([forged], Keyring.default().own("bob"), board.settled_chain(board.person_file("bob")))
    journal.append(board, "bob", [forged], 0)
    (refused,) = state_of(board).rejected
    assert refused.event_id == forged["id"] and "form made before signing" in refused.reason


def test_an_owner_refusal_names_the_creation_that_made_the_owner(team) -> None:
    """Issue 18: when the owner check refused Carol's move, `check` named no cause."""
    board = board_of(team)
    team["bob"].use()
    (created,) = write_events(
        board, "bob", {"type": "experiment_created", "experiment_id": "bobs", "title": "Bob's"}
    )
    team["carol"].use()
    (move,) = write_events(board, "carol", actions.move("bobs", Stage.PRACTICE))
    (refused,) = state_of(board).rejected
    assert refused.event_id == move["id"] and refused.cause == created["id"]
    _, out = check(team)
    assert f"because of event {created['id']} (experiment_created) by bob" in out


# --- 8. boards made before signing ----------------------------------------------------------


def old_board(root: Path) -> BoardFolder:
    """A board as teamboard wrote it before signing: unsigned events, files indented."""
    journal.create_board_files(root, "Old team", "maria", NOW - timedelta(days=30))
    board = BoardFolder.open(root)
    logs = {
        "maria": [
            {"type": "member_joined", "name": "Maria"},
            {"type": "praise_posted", "praise_id": "p1", "to": "kwame", "message": "Early days"},
        ],
        "kwame": [
            {"type": "member_joined", "name": "Kwame"},
            {"type": "experiment_created", "experiment_id": "e1", "title": "Listen"},
        ],
    }
    for member, payloads in logs.items():
        table = {
            str(n + 1): payload
            | {
                "id": f"{member}-{n}",
                "at": (NOW - timedelta(days=20 - n, hours=len(member))).isoformat(),
                "author": member,
                "seq": n,
            }
            for n, payload in enumerate(payloads)
        }
        text = json.dumps({"events": table}, ensure_ascii=False, indent=1)
        board.person_file(member).write_text(text, encoding="utf-8")
    return board


def test_a_board_made_before_signing_opens_counts_its_unsigned_events_and_signs_from_now(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    board = old_board(tmp_path / "board")
    maria = Computer(tmp_path / "maria", board.root, capsys)
    code, out, _ = maria("check", as_="maria")
    assert code == 0
    assert out.splitlines()[-2].endswith("4 events in 2 files; all good")
    assert out.splitlines()[-1] == "unsigned: 4 events written before signing"
    # Maria's first signed change declares her key (trust on first use).
    maria.ok("praise", "kwame", "Signed now", as_="maria")
    docs = events_of(board, "maria")
    assert "sig" not in docs[1] and "key" in docs[2] and "prev" in docs[2]
    assert maria.ok("check", as_="maria").splitlines()[-1] == (
        "unsigned: 4 events written before signing"
    )
    state = state_of(board)
    assert state.keys["maria"].fingerprint == fingerprint(docs[2]["key"])
    assert [p.message for p in state.praise] == ["Early days", "Signed now"]
    # Kwame's log is still unsigned: writing as him from here is trust on first use too.
    assert "kwame" not in state.keys
    # A change to an unsigned event after the declaration is seen: the declaration chains
    # them. Which one changed cannot be told: all of them are left out, and named.
    path = board.person_file("maria")
    path.write_bytes(path.read_bytes().replace(b"Early days", b"Early daze"))
    code, out, _ = maria("check", as_="maria")
    assert code == 1
    for left in ("maria-0 (member_joined)", "maria-1 (praise_posted)"):
        assert f"event {left} by maria: changed, removed or added after maria's key" in out
    assert "Early daze" not in [p.message for p in state_of(board).praise]


# --- the keys on this computer ---------------------------------------------------------------


def test_keys_are_kept_in_the_config_folder_for_the_owner_alone(team) -> None:
    keys = team["kwame"].home / "config" / "teamboard" / "keys"
    (key_file,) = (keys / "kwame").iterdir()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((keys / "kwame").stat().st_mode) == 0o700
    assert not list(team["kwame"].root.rglob("*.key"))
    out = team["kwame"].ok("key", "show", as_="kwame")
    state = state_of(board_of(team))
    assert out.startswith(f"kwame: {state.keys['kwame'].fingerprint}, not confirmed")
    assert str(key_file) in out


def test_a_manager_confirms_a_members_fingerprint_and_a_wrong_one_is_refused(team) -> None:
    shown = team["kwame"].ok("key", "show", as_="kwame")
    real = shown.split()[1].rstrip(",")
    code, _, err = team["maria"]("key", "confirm", "kwame", "SHA256:" + "B" * 43, as_="maria")
    assert code == 2 and "is not the key Kwame's log declares" in err
    team["maria"].ok("key", "confirm", "kwame", real, as_="maria")
    assert (
        team["kwame"]
        .ok("key", "show", as_="kwame")
        .startswith(f"kwame: {real}, confirmed by Maria")
    )
    code, _, err = team["bob"]("key", "confirm", "kwame", real, as_="bob")
    assert code == 2 and "only a manager may confirm" in err
