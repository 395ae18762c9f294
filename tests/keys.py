"""Keys for the Pilot tests, sent as a terminal sends them while someone types.

Pilot's `press` waits for the whole process to look idle twice after every key, and for
any animation to end: about 65 ms a key, most of it asleep. `send_keys` puts a run of
keys on the app's queue one after the other, as the terminal driver does, waits until
the app has taken every one of them (failing, loudly, after a timeout), and then lets
the screen handle them, once.

Keys that change the screen or the focus (a form opening, a dialog closing) are sent
in runs of their own, followed by a wait for what they do (`wait_until` in
tests/app/helpers.py): the app would hand the keys after them to a screen that is not
ready for them yet, as a real terminal can.
"""

from __future__ import annotations

import asyncio
import unicodedata

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

TAKEN_WITHIN_S = 10.0


def key_event(app: App[object], key: str) -> events.Key:
    """The event the driver makes of a key, named as Pilot's `press` names it ("a",
    "enter", "ctrl+s", "#" or "number_sign")."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    return event


async def send_keys(pilot: Pilot, *keys: str) -> None:
    """Send `keys` one after the other, none waiting for the app to be idle; wait until
    the app has taken them all, then pause once for the screen to handle them."""
    app = pilot.app
    driver = app._driver
    assert driver is not None, "the app is not running"
    for key in keys:
        driver.send_message(key_event(app, key))
    # A callback queued behind the keys, by the same way: when it runs, the app has taken
    # every key before it (and run its own bindings, or passed the key on).
    taken = asyncio.Event()
    driver.send_message(events.Callback(callback=taken.set))
    try:
        await asyncio.wait_for(taken.wait(), TAKEN_WITHIN_S)
    except TimeoutError:
        raise AssertionError(
            f"the app did not take the keys {keys!r} within {TAKEN_WITHIN_S}s"
        ) from None
    await pilot.pause()
