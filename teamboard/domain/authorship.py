"""Who wrote what, as far as the events say it: ids bound to their author, and a key's
fingerprint. Pure functions (no I/O, no cryptography): the store signs and verifies
(store/signing.py); the fold only reads what the store has checked.

- A new experiment, practice entry, check-in, praise, support note, reflection or
  stand-up gets an id that carries its author: `<20 hex digits>-<member id>`. The random
  part comes first, so the short ids the command line shows (the first 8 characters)
  stay random. A signed event may create only ids bound to its own author, so a creation
  in another person's log with the same id is refused by construction. Ids of the old
  form (a uuid's 32 hex digits, what teamboard made before signing) are never created by
  a signed event: the experiments made before signing cannot be taken over either.
- A public key (Ed25519, 32 bytes, in URL-safe base64 without padding) is shown as ssh
  shows one: `SHA256:` and the base64 of the SHA-256 of its OpenSSH blob, so that
  `ssh-keygen -l -f` on the key file prints the same fingerprint.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

# The field of each kind of event that names the new entry it makes.
NEW_ID_FIELDS: dict[str, str] = {
    "experiment_created": "experiment_id",
    "practice_logged": "entry_id",
    "checked_in": "check_in_id",
    "praise_posted": "praise_id",
    "support_noted": "note_id",
    "reflection_written": "reflection_id",
    "standup_started": "standup_id",
}

_RANDOM_HEX = 20  # 80 bits: unique within one author's entries
_BOUND = re.compile(rf"([0-9a-f]{{{_RANDOM_HEX}}})-([a-z0-9][a-z0-9_-]{{0,39}})")
_OLD_FORM = re.compile(r"[0-9a-f]{32}")


def bound_id(author: str) -> str:
    """A new id that carries its author (at most 61 characters: ids hold 64)."""
    return f"{secrets.token_hex(_RANDOM_HEX // 2)}-{author}"


def id_author(value: str) -> str | None:
    """The member a bound id belongs to, or None for an id that is not bound."""
    found = _BOUND.fullmatch(value)
    return found.group(2) if found else None


def is_old_form(value: str) -> bool:
    """An id as teamboard made them before signing (a uuid's 32 hex digits)."""
    return _OLD_FORM.fullmatch(value) is not None


def _unpadded(data: bytes) -> bytes:
    return data + b"=" * (-len(data) % 4)


def public_key_bytes(key: str) -> bytes | None:
    """The 32 bytes of a public key as events carry it, or None if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(_unpadded(key.encode("ascii")))
    except (ValueError, UnicodeEncodeError):
        return None
    return raw if len(raw) == 32 else None


def fingerprint(key: str) -> str:
    """A public key's fingerprint as ssh prints it ("SHA256:..."), or "" if it is none."""
    raw = public_key_bytes(key)
    if raw is None:
        return ""
    kind = b"ssh-ed25519"
    blob = len(kind).to_bytes(4, "big") + kind + len(raw).to_bytes(4, "big") + raw
    digest = base64.b64encode(hashlib.sha256(blob).digest()).rstrip(b"=")
    return "SHA256:" + digest.decode("ascii")
