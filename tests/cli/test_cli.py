"""The command line, driven as a person would: real board folders, exit codes, files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Cli, snapshot

from teamboard.cli import main


def test_init_makes_a_board_folder_with_its_founder_as_manager(cli: Cli) -> None:
    assert json.loads((cli.root / "board.json").read_text())["name"] == "Platform Team"
    assert (cli.root / ".gitignore").read_text().count(".lock") == 1
    assert sorted(p.name for p in (cli.root / "people").glob("*.json")) == [
        "ana.json",
        "ben.json",
        "cara.json",
    ]
    state = cli.state()
    assert state.members["ana"].role.value == "manager"
    assert state.members["ben"].role.value == "employee"


def test_init_refuses_an_existing_board(cli: Cli) -> None:
    line = cli.refused("init", str(cli.root), "--name", "Again")
    assert "holds a board already" in line


def test_a_whole_experiment_from_goal_to_success(cli: Cli) -> None:
    out = cli.ok(
        "add",
        "Run retros that end in actions",
        "--training",
        "Facilitation course",
        "--why-me",
        "I run our retros",
        "--deliver",
        "Two actions per retro",
        "--apply",
        "improvement",
        "--apply-what",
        "Sprint retros",
        "--target",
        "2027-01-31",
        "--confidence",
        "2",
        as_="ben",
    )
    experiment = cli.only_experiment()
    assert experiment.id[:8] in out
    assert experiment.plan.why_me == "I run our retros"
    assert experiment.opportunity.kind.value == "improvement"
    ref = experiment.id[:6]
    cli.ok("move", ref, "next", as_="ben")
    cli.ok("practice", ref, "Ran the retro with a timeline", as_="ben")
    cli.ok("move", ref, "reflection", as_="ben")
    cli.ok(
        "reflect",
        ref,
        "--wanted",
        "actions",
        "--did",
        "dot voting",
        "--effect",
        "3 actions",
        "--next",
        "timebox",
        as_="ben",
    )
    cli.ok("confidence", ref, "4", as_="ben")
    cli.ok("support", ref, as_="cara")
    cli.ok("note", ref, "Nice facilitation!", as_="cara")
    cli.ok("checkin", ref, "--kind", "soon-after", "--notes", "Going well")
    cli.ok("praise", "ben", "Great retro", "--about", ref, "--kind", "result")
    cli.ok("move", ref, "next")  # a manager may move it too
    cli.ok("edit", ref, "--title", "Retros that end in actions", as_="ben")
    experiment = cli.only_experiment()
    assert experiment.stage.value == "success"
    assert [v.stage.value for v in experiment.history] == [
        "goal",
        "practice",
        "reflection",
        "success",
    ]
    assert experiment.title == "Retros that end in actions"
    assert experiment.current_confidence == 4
    assert list(experiment.supporters) == ["cara"]
    assert experiment.check_ins[0].author == "ana"
    assert experiment.support_notes[0].text == "Nice facilitation!"
    assert cli.state().praise[0].kind.value == "result"
    cli.ok("support", ref, "--remove", as_="cara")
    assert cli.only_experiment().supporters == {}
    assert cli.state().rejected == []


def test_list_members_and_check(cli: Cli) -> None:
    cli.ok("add", "[bold]Do[/] it", as_="ben")
    out = cli.ok("list")
    assert "[bold]Do[/] it" in out
    assert "no supporter" in out
    assert "Ben Okafor" in cli.ok("members")
    code, out, _ = cli("check")
    assert code == 0 and "all good" in out


def test_role_is_set_by_a_manager(cli: Cli) -> None:
    cli.ok("role", "cara", "manager")
    assert cli.state().is_manager("cara")
    line = cli.refused("role", "ana", "employee", as_="ben")
    assert "only a manager" in line


@pytest.mark.parametrize(
    ("args", "as_", "expected"),
    [
        (("add", ""), "ben", "title: must not be empty"),
        (("add", "   "), "ben", "title: must not be empty"),
        (("add", "Goal", "--confidence", "9"), "ben", "confidence"),
        (("add", "Goal", "--target", "someday"), "ben", "not a date"),
        (("add", "Goal"), "zed", "'zed' is not a member"),
        (("add", "Goal"), None, "who are you"),
        (("add", "Goal"), "Not An Id", "member id"),
        (("praise", "ben", "Well done"), "cara", "only a manager may post praise"),
        (("praise", "zed", "Well done"), "ana", "no member 'zed'"),
        (("praise", "ana", "Well done"), "ana", "someone else"),
        (("praise", "ben", ""), "ana", "message: must not be empty"),
        (("move", "ffffffff", "next"), "ben", "no experiment"),
        (("move", "ab", "next"), "ben", "at least 4 characters"),
        (("confidence", "ffffffff", "3"), "ben", "no experiment"),
        (("role", "zed", "manager"), "ana", "no member 'zed'"),
        (("frobnicate",), "ana", "no such command 'frobnicate'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    cli: Cli, args: tuple[str, ...], as_: str | None, expected: str
) -> None:
    assert expected in cli.refused(*args, as_=as_)


@pytest.mark.parametrize(
    ("args", "as_", "expected"),
    [
        (("move", "{ref}", "reflection"), "ben", "one stage at a time"),
        (("move", "{ref}", "back"), "ben", "Goal is the first stage"),
        (("move", "{ref}", "sideways"), "ben", "unknown stage"),
        (("move", "{ref}", "next"), "cara", "only the owner or a manager"),
        (("confidence", "{ref}", "9"), "ben", "value: must be from 1 to 5"),
        (("confidence", "{ref}", "0"), "ben", "value: must be from 1 to 5"),
        (("confidence", "{ref}", "3"), "cara", "only Ben Okafor (the owner)"),
        (("practice", "{ref}", ""), "ben", "must not be empty"),
        (("practice", "{ref}", "x", "--on", "2026-02-30"), "ben", "not a date"),
        (("reflect", "{ref}"), "ben", "at least one answer"),
        (("checkin", "{ref}", "--kind", "soon-after"), "cara", "owner or a manager"),
        (("checkin", "{ref}", "--kind", "yearly"), "ana", "'yearly' is not one of"),
        (("support", "{ref}"), "ben", "their own supporter"),
        (("support", "{ref}", "--member", "ana"), "cara", "you can add yourself"),
        (("support", "{ref}", "--remove"), "cara", "does not support"),
        (("praise", "cara", "Thanks", "--about", "{ref}"), "ana", "belongs to Ben Okafor"),
        (("edit", "{ref}"), "ben", "nothing to change"),
        (("edit", "{ref}", "--title", "Mine now"), "cara", "the owner"),
    ],
)
def test_refused_actions_on_an_experiment(
    cli: Cli, args: tuple[str, ...], as_: str | None, expected: str
) -> None:
    cli.ok("add", "Give feedback that lands", as_="ben")
    ref = cli.only_experiment().id[:8]
    args = tuple(a.replace("{ref}", ref) for a in args)
    assert expected in cli.refused(*args, as_=as_)


def test_success_needs_a_complete_reflection(cli: Cli) -> None:
    cli.ok("add", "Pair on code reviews", as_="ben")
    ref = cli.only_experiment().id[:8]
    cli.ok("move", ref, "next", as_="ben")
    cli.ok("practice", ref, "Paired with Cara", as_="ben")
    cli.ok("move", ref, "next", as_="ben")
    cli.ok("reflect", ref, "--wanted", "pairing", "--did", "one session", as_="ben")
    assert "all four questions" in cli.refused("move", ref, "next", as_="ben")


def test_board_comes_from_the_environment(cli: Cli, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TEAMBOARD_DIR", str(cli.root))
    monkeypatch.setenv("TEAMBOARD_USER", "ben")
    assert main(["add", "From the environment"]) == 0
    assert cli.only_experiment().title == "From the environment"


def test_missing_board_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["list", "--board", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a teamboard board" in err[0]


def test_python_dash_m_runs_the_cli_in_a_real_process(cli: Cli) -> None:
    before = snapshot(cli.root)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "teamboard",
            "praise",
            "ana",
            "hi",
            "--board",
            str(cli.root),
            "--as",
            "ben",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "only a manager" in result.stderr
    assert snapshot(cli.root) == before


def test_a_damaged_file_is_named_by_list_and_check_and_never_written(cli: Cli) -> None:
    cli.ok("add", "Give feedback that lands", as_="ben")
    cli.ok("add", "Plan the quarter", as_="cara")
    victim = cli.root / "people" / "ben.json"
    victim.write_bytes(victim.read_bytes()[:-40])
    before = victim.read_bytes()

    code, out, err = cli("list")
    assert code == 0
    assert str(victim) in err and "Plan the quarter" in out

    code, out, _ = cli("check")
    assert code == 1
    assert f"damaged: {victim}" in out

    line = cli.refused("practice", "ffff", "x", as_="ben")
    assert str(victim) in line
    assert victim.read_bytes() == before


def test_check_lists_a_rejected_event(cli: Cli) -> None:
    path = cli.root / "people" / "cara.json"
    data = json.loads(path.read_text())
    data["events"]["99"] = {
        "type": "mood_logged",
        "id": "m1",
        "author": "cara",
        "seq": 99,
        "at": "2026-01-01T00:00:00+00:00",
    }
    path.write_text(json.dumps(data))
    code, out, _ = cli("check")
    assert code == 1
    assert "rejected:" in out and "mood_logged" in out and "unknown event type" in out


def test_the_owner_may_leave_a_support_note_as_in_the_app(cli: Cli) -> None:
    """One rule (board.check_note) for the fold, the app's keys and the CLI."""
    cli.ok("add", "Give feedback that lands", as_="ben")
    ref = cli.only_experiment().id[:8]
    cli.ok("note", ref, "Thanks for the offer, Cara!", as_="ben")
    (note,) = cli.only_experiment().support_notes
    assert (note.author, note.text) == ("ben", "Thanks for the offer, Cara!")
