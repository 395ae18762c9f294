"""`teamboard support`, as typed: a colleague offers support; the owner asks a colleague
(--member), who answers with --accept or --decline; only the colleague's own yes makes
them a supporter and answers a call for help."""

from __future__ import annotations

from datetime import timedelta

import pytest
from boards import write_events
from cli_runner import Cli

from teamboard.store.folder import BoardFolder


@pytest.fixture
def ref(cli: Cli) -> str:
    cli.ok("add", "Pair programming with juniors", as_="ben")
    return cli.only_experiment().id[:8]


def test_the_owner_asks_and_the_colleague_accepts(cli: Cli, ref: str) -> None:
    cli.ok("ask-help", ref, "a reviewer for Friday", as_="ben")
    out = cli.ok("support", ref, "--member", "cara", as_="ben")
    assert out.strip() == (
        "Asked Cara to support Pair programming with juniors: Cara becomes a supporter on "
        f"saying yes ('teamboard support {ref} --accept', or --decline)."
    )
    experiment = cli.only_experiment()
    assert experiment.supporters == {}  # not before she says yes
    assert experiment.help is not None  # the owner's request answers nothing
    (request,) = experiment.requests_waiting
    assert (request.supporter, request.asked_by) == ("cara", "ben")
    assert "already" in cli.refused("support", ref, "--member", "cara", as_="ben")

    out = cli.ok("support", ref, "--accept", as_="cara")
    assert out.strip() == ("Cara now supports Pair programming with juniors (asked by Ben Okafor).")
    experiment = cli.only_experiment()
    assert experiment.supporters["cara"].added_by == "ben"
    assert experiment.help is None and experiment.help_asks[0].cleared_by == "cara"
    activity = cli.ok("feed", "--all")
    assert "Ben Okafor asked Cara to support it" in activity
    assert "Cara supports it, asked by Ben Okafor" in activity


def test_the_colleague_declines(cli: Cli, ref: str) -> None:
    cli.ok("ask-help", ref, "a reviewer for Friday", as_="ben")
    cli.ok("support", ref, "--member", "cara", as_="ben")
    out = cli.ok("support", ref, "--decline", as_="cara")
    assert out.strip() == (
        "You declined to support Pair programming with juniors; Ben Okafor sees your answer."
    )
    experiment = cli.only_experiment()
    assert experiment.supporters == {} and experiment.requests_waiting == []
    assert experiment.help is not None
    assert "nobody asked you" in cli.refused("support", ref, "--decline", as_="cara")
    assert "Cara declined to support it" in cli.ok("feed", "--all", "--kind", "support-request")


def test_support_offered_while_asked_is_the_yes(cli: Cli, ref: str) -> None:
    cli.ok("support", ref, "--member", "cara", as_="ben")
    cli.ok("support", ref, as_="cara")
    experiment = cli.only_experiment()
    assert experiment.supporters["cara"].added_by == "ben"
    assert experiment.requests_waiting == []


@pytest.mark.parametrize(
    ("args", "as_", "expected"),
    [
        (("--accept",), "cara", "nobody asked you to support this"),
        (("--decline",), "ana", "nobody asked you to support this"),
        (("--accept", "--decline"), "cara", "--accept, --decline and --remove: one at a time"),
        (("--accept", "--remove"), "cara", "--accept, --decline and --remove: one at a time"),
        (("--accept", "--member", "ana"), "cara", "--accept and --decline answer for you"),
        (("--member", "ana"), "cara", "only Ben Okafor (the owner) asks someone"),
        (("--member", "ben"), "ben", "their own supporter"),
    ],
)
def test_refused_support_commands(
    cli: Cli, ref: str, args: tuple[str, ...], as_: str, expected: str
) -> None:
    assert expected in cli.refused("support", ref, *args, as_=as_)


def test_an_old_board_keeps_the_supporter_the_owner_added(cli: Cli, ref: str) -> None:
    """Before requests the owner's support_added made a colleague a supporter: an old
    board still shows them as one."""
    experiment = cli.only_experiment()
    board = BoardFolder.open(cli.root)
    write_events(
        board,
        "ben",
        {"type": "support_added", "experiment_id": experiment.id, "supporter": "cara"},
        at=experiment.created_at + timedelta(seconds=1),
    )
    assert list(cli.only_experiment().supporters) == ["cara"]
    assert cli.state().rejected == []
    assert "no supporter" not in cli.ok("list")
