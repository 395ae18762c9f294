"""What a pull brings in for my own file never takes anything of mine away: a teammate
who removes, edits, damages, links or renames cara's file with plain git and pushes finds
it back as cara had it after her next sync, which says so. A link or a folder that comes
into people/ for someone else is named and never followed. Real git: a bare repository
and clones.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from gitteam import Team


def events(path: Path) -> list[dict]:
    return list(json.loads(path.read_bytes())["events"].values())


def titles(team: Team, clone: Path, who: str) -> list[str]:
    listed = json.loads(team.ok(clone, who, "list", "--json"))
    return sorted(e["title"] for e in listed["experiments"])


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    team = Team(tmp_path, monkeypatch)
    team.found("ana")
    return team


@pytest.mark.parametrize("pending", [False, True], ids=["nothing-pending", "a-change-pending"])
def test_events_of_mine_removed_or_edited_upstream_are_put_back(team: Team, pending: bool) -> None:
    cara = team.join("cara")
    team.add(cara, "cara", "Pair on the release")
    team.add(cara, "cara", "Write the runbook")
    team.ok(cara, "cara", "sync")
    mine = cara / "people" / "cara.json"
    had = events(mine)

    # A teammate drops cara's last event and edits an earlier one, with plain git.
    ben = team.join("ben")
    theirs = ben / "people" / "cara.json"
    tables = json.loads(theirs.read_bytes())
    log = tables["events"]
    del log[max(log, key=int)]
    first = next(e for e in log.values() if e["type"] == "experiment_created")
    first["title"] = "Something cara never wrote"
    theirs.write_text(json.dumps(tables, indent=1))
    team.push_by_hand(ben, "tidy cara's file")
    if pending:
        team.add(cara, "cara", "Written meanwhile")

    out = team.ok(cara, "cara", "sync")

    # With a change of hers pending, git's merge runs the merge driver, which keeps
    # every event of both sides (the one dropped too) but takes an edit made on one side.
    said = (
        "1 of your events was changed in what came in; yours is back."
        if pending
        else "1 of your events was missing from what came in and 1 changed; yours are back."
    )
    assert said in out.splitlines()
    assert out.splitlines()[-1] == "Pushed to origin/main."
    assert events(mine)[: len(had)] == had
    on_server = json.loads(team.git(team.remote, "show", "main:people/cara.json"))
    assert list(on_server["events"].values()) == events(mine)
    expected = ["Pair on the release", "Write the runbook"]
    expected += ["Written meanwhile"] if pending else []
    assert titles(team, cara, "cara") == expected
    assert team.git(cara, "status", "--porcelain") == ""
    # The teammate gets it back with their next sync.
    team.ok(ben, "ben", "sync")
    assert titles(team, ben, "ben") == expected


def test_only_a_missing_event_says_so_in_its_own_words(team: Team) -> None:
    """The issue's case: the last event gone; before, sync said "Nothing new came in"."""
    cara = team.join("cara")
    team.add(cara, "cara", "Pair on the release")
    team.ok(cara, "cara", "sync")
    ben = team.join("ben")
    theirs = ben / "people" / "cara.json"
    tables = json.loads(theirs.read_bytes())
    del tables["events"][max(tables["events"], key=int)]
    theirs.write_text(json.dumps(tables, indent=1))
    team.push_by_hand(ben, "drop one")

    out = team.ok(cara, "cara", "sync").splitlines()

    assert out[-3:] == [
        "Came in: 1 event from ben.",  # his joining
        "1 of your events was missing from what came in; it is back.",
        "Pushed to origin/main.",
    ]
    assert titles(team, cara, "cara") == ["Pair on the release"]


def _garbage(path: Path) -> None:
    path.write_bytes(b"{ not a log at all")


def _link(path: Path) -> None:
    path.unlink()
    os.symlink("/etc/passwd", path)


def _renamed(path: Path) -> None:
    path.rename(path.with_name("cara-old.json"))


@pytest.mark.parametrize("pending", [False, True], ids=["nothing-pending", "a-change-pending"])
@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (_garbage, "people/cara.json as it came in is not valid JSON at line 1"),
        (_link, "people/cara.json came in as a link (to /etc/passwd)"),
        (_renamed, "people/cara.json was missing from what came in (deleted or renamed)"),
    ],
    ids=["garbage", "link", "renamed"],
)
def test_my_file_replaced_by_garbage_a_link_or_renamed_away_is_put_back(
    team: Team, spoil, said: str, pending: bool
) -> None:
    cara = team.join("cara")
    team.add(cara, "cara", "Pair on the release")
    team.ok(cara, "cara", "sync")
    mine = cara / "people" / "cara.json"
    ben = team.join("ben")
    spoil(ben / "people" / "cara.json")
    team.push_by_hand(ben, "spoil cara's file")
    if pending:
        team.add(cara, "cara", "Written meanwhile")
    had = mine.read_bytes()

    out = team.ok(cara, "cara", "sync")

    count = 3 if pending else 2
    (line,) = [line for line in out.splitlines() if "your file is back" in line]
    assert line.startswith(said) and line.endswith(f"; your file is back ({count} events)."), out
    assert not mine.is_symlink() and mine.read_bytes() == had
    assert team.git(team.remote, "show", "main:people/cara.json").encode() == had.strip()
    assert team.git(team.remote, "ls-tree", "main", "people/cara.json").startswith("100644 ")
    assert team.git(cara, "status", "--porcelain") == ""
    expected = ["Pair on the release"] + (["Written meanwhile"] if pending else [])
    assert titles(team, cara, "cara") == expected


def test_a_link_or_a_folder_that_comes_in_for_someone_else_is_named_never_followed(
    team: Team,
) -> None:
    ana = team.tmp / "ana"
    ben = team.join("ben")
    cara = team.join("cara")
    team.ok(ana, "ana", "sync")
    theirs = cara / "people" / "ben.json"
    theirs.unlink()
    os.symlink("/etc/passwd", theirs)
    os.symlink("../../../../../../etc/hostname", cara / "people" / "eve.json")
    (cara / "people" / "zed.json").mkdir()
    (cara / "people" / "zed.json" / "inside.json").write_text("{}")
    team.push_by_hand(cara, "links")

    done = team.run(ana, "ana", "sync")

    assert done.returncode == 0, done.stderr
    assert sorted(done.stderr.splitlines()) == [
        "teamboard: warning: people/ben.json came in as a link (to /etc/passwd): refused, "
        "teamboard does not read it and never follows it (see 'teamboard check')",
        "teamboard: warning: people/eve.json came in as a link (to "
        "../../../../../../etc/hostname): refused, teamboard does not read it and never "
        "follows it (see 'teamboard check')",
        "teamboard: warning: people/zed.json came in as a folder: refused, teamboard does "
        "not read it and never follows it (see 'teamboard check')",
    ]
    check = team.run(ana, "ana", "check")
    assert check.returncode == 1
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    assert passwd not in check.stdout + check.stderr
    for name, target in (("ben", "/etc/passwd"), ("eve", "../../../../../../etc/hostname")):
        assert (
            f"damaged: {ana}/people/{name}.json: is a link (to {target}); teamboard reads "
            "only regular files, never a link"
        ) in check.stdout.splitlines()
    # Ben's own next sync puts his file back.
    assert "people/ben.json came in as a link (to /etc/passwd)" in team.ok(ben, "ben", "sync")
    team.ok(ana, "ana", "sync")
    assert not (ana / "people" / "ben.json").is_symlink()
