"""`teamboard key`: the key that signs what you write, and a manager's word on a colleague's.

`key show` prints the fingerprint of your key on this board as ssh prints one
(`SHA256:...`), for you to read out to a manager, who checks it against the board with
`key confirm MEMBER FINGERPRINT` (an event in the manager's own log; the team screen
shows who is confirmed). Your key is made on your first write since signing, or here.
"""

from __future__ import annotations

import click
from rich.text import Text

from teamboard.cli.context import Session, keep_cache
from teamboard.cli.output import say
from teamboard.cli.params import MEMBER, command
from teamboard.domain import actions
from teamboard.domain.authorship import fingerprint
from teamboard.store.keys import Keyring
from teamboard.store.signing import Signer
from teamboard.views.people import key_words


@command("show", "Print your key's fingerprint on this board, to read out to a manager.")
def show(session: Session) -> int:
    me = session.me()
    live = session.live()
    keyring = Keyring.default()
    declared = live.state.keys.get(me)
    signer: Signer | None
    if declared is None:
        signer = keyring.own(me)
        say(
            f"{me}: {fingerprint(signer.public)}, made on this computer: your next change "
            "on this board declares it"
        )
    else:
        signer = keyring.for_key(me, declared.key)
        say(f"{me}: {declared.fingerprint}, ", key_words(live.state, me))
        if signer is None:
            say(
                f"this computer holds no key for {me}: changes as {me} are refused here "
                "(write from the computer that holds it)"
            )
    if signer is not None:
        say(f"kept in {keyring.path_of(me, signer)}")
    keep_cache(live)
    return 0


@command("confirm", "Confirm a colleague's key: the fingerprint they read out to you (managers).")
@click.argument("member", metavar="MEMBER", type=MEMBER)
@click.argument("fingerprint_", metavar="FINGERPRINT")
def confirm(session: Session, member: str, fingerprint_: str) -> int:
    state, _ = session.write(actions.confirm_key(member, fingerprint_))
    say("Confirmed ", Text(state.name_of(member)), f"'s key {fingerprint_.strip()}.")
    return 0


key = click.Group(
    "key",
    help="The key that signs what you write: show its fingerprint, confirm a colleague's.",
    commands=[show, confirm],
)
