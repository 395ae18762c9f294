"""`teamboard standup` (the digest, start, end) and `teamboard ask-help`, as typed."""

from __future__ import annotations

import pytest
from cli_runner import Cli


@pytest.fixture
def experiment(cli: Cli) -> str:
    cli.ok("add", "Pair programming with juniors", as_="ben")
    return cli.only_experiment().id


def test_a_stand_up_is_started_and_ended_by_anyone(cli: Cli, experiment: str) -> None:
    assert "Stand-up started" in cli.ok("standup", "start", as_="cara")
    refused = cli.refused("standup", "start", as_="ben")
    assert "a stand-up is running already, started by Cara" in refused
    out = cli.ok("standup", "end", "--attendee", "ana", "--attendee", "cara", as_="ben")
    assert out.startswith("Stand-up ended: ")
    (held,) = cli.state().standups
    assert (held.started_by, held.ended_by, held.attendees) == ("cara", "ben", ["ana", "cara"])
    assert held.summary == out.removeprefix("Stand-up ended: ").strip()
    assert "no stand-up is running" in cli.refused("standup", "end")


def test_the_digest_counts_from_the_last_stand_up(cli: Cli, experiment: str) -> None:
    first = cli.ok("standup")
    assert "in the last 24 hours (no stand-up recorded yet)" in first
    assert "Ben Okafor started a new experiment" in first
    cli.ok("standup", "start")
    cli.ok("standup", "end", "--summary", "short one")
    cli.ok("practice", experiment[:8], "paired on the login bug", as_="ben")
    after = cli.ok("standup", "--format", "md")
    assert after.startswith("# Stand-up: Platform Team, since the last stand-up (")
    assert "## Ben Okafor" in after
    assert "logged practice" in after and "paired on the login bug" in after
    assert "started a new experiment" not in after  # before the stand-up
    everything = cli.ok("standup", "--since", "2000-01-01")
    assert "since Sat 01 Jan 00:00" in everything
    assert "started a new experiment" in everything


@pytest.mark.parametrize(
    "args, words",
    [
        (("standup", "start", "--attendee", "ana"), "--attendee and --summary go with"),
        (("standup", "--summary", "x"), "--attendee and --summary go with"),
        (("standup", "end", "--since", "2026-01-01"), "--since and --format go with"),
        (("standup", "--since", "yesterday"), "is not a date"),
        (("standup", "end", "--attendee", "nobody"), "no member 'nobody'"),
    ],
)
def test_bad_stand_up_commands_are_one_line(cli: Cli, args: tuple[str, ...], words: str) -> None:
    if args[:2] == ("standup", "end") and "--attendee" in args:
        cli.ok("standup", "start")
    assert words in cli.refused(*args)


def test_help_is_asked_and_cleared_by_the_owner(cli: Cli, experiment: str) -> None:
    out = cli.ok("ask-help", experiment[:8], "someone to watch my demo on Thursday", as_="ben")
    assert out.strip() == f"Help asked on {experiment[:8]}: someone to watch my demo on Thursday"
    assert cli.only_experiment().help.ask == "someone to watch my demo on Thursday"
    assert "only Ben Okafor (the owner)" in cli.refused("ask-help", experiment[:8], "--clear")
    assert "say what you need help with" in cli.refused("ask-help", experiment[:8], as_="ben")
    long_ask = "x" * 121
    assert "at most 120 characters" in cli.refused("ask-help", experiment[:8], long_ask, as_="ben")
    assert "one line" in cli.refused("ask-help", experiment[:8], "two\nlines", as_="ben")
    cli.ok("ask-help", experiment[:8], "--clear", as_="ben")
    assert cli.only_experiment().help is None
    feed = cli.ok("feed")
    assert "help asked" in feed and "someone to watch my demo" in feed


def test_support_offered_answers_the_call_for_help(cli: Cli, experiment: str) -> None:
    cli.ok("ask-help", experiment[:8], "a reviewer", as_="ben")
    cli.ok("support", experiment[:8], as_="cara")
    (ask,) = cli.only_experiment().help_asks
    assert ask.answered and ask.cleared_by == "cara"
    activity = cli.ok("feed", "--all")
    assert "Cara offered support to Ben Okafor" in activity
    assert "--kind move is in the activity log" in cli.refused("feed", "--kind", "move")


def test_the_digest_says_beside_it_that_a_stand_up_is_running(cli: Cli, experiment: str) -> None:
    code, out, err = cli("standup")
    assert code == 0 and "running" not in err
    cli.ok("standup", "start", as_="cara")
    code, out, err = cli("standup")
    assert code == 0
    (started,) = cli.state().standups
    since = started.started_at.astimezone().strftime("%H:%M")
    assert err == (
        f"A stand-up running since {since} (started by Cara): `s` in the app joins it, "
        "`teamboard standup end` ends it.\n"
    )
    assert "running" not in out  # the digest itself, for a chat channel, as it was
