"""Signed, chained logs: each person's file is a feed, as in Secure Scuttlebutt or Hypercore.

Every event written since signing carries the hash of the event before it in the same
log (`prev`) and its author's Ed25519 signature over its own canonical form without the
signature (`sig`); the log's first signed event also declares the public key that signs
the log (`key`: trust on first use, which a manager can confirm). The canonical form is
JSON with sorted keys, no spaces, UTF-8 (`canonical`); a hash is SHA-256 in URL-safe
base64 without padding. Events written before signing (no `prev`, no `sig`) are
"unsigned": they count as before, and the first signed event chains them all (its `prev`
is a running hash over them), so a later change to one of them is seen too.

Checking a log (`verify_log`) walks its entries in the file's order: an entry belongs to
the log's chain when it follows the last one that does (its `prev` is that one's hash).
Checking the newest signature of the chain then proves every entry before it, so a log is
checked with one signature (two with its key's declaration) and one hash per entry. Only
when that signature fails is each entry's own checked. Entries not in the chain are left
out, each with why and the event that caused it:

- an entry not signed by the log's key (changed by hand, or written in its owner's name);
- an entry that does not follow the one before it (one was changed or removed before it:
  the chain breaks there, and what follows the break is left out with it);
- an unsigned entry after the key was declared (appended by hand).

What was checked of a file is kept (`ChainHead`, in its FileMark and so in this machine's
cache): a file that only grew is checked from there on, the new entries alone.

Crypto: `cryptography`'s Ed25519 (OpenSSL), never a hand-made primitive.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING

from teamboard.domain.authorship import public_key_bytes
from teamboard.domain.events import RawEvent

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# `cryptography` is imported where a key is first used (some 30 ms): a command that reads
# a board from this machine's cache, with no file changed, checks no signature.

_CANONICAL = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)


def canonical(doc: Mapping[str, object]) -> bytes:
    """An event's canonical form: JSON, sorted keys, no spaces, UTF-8."""
    return _CANONICAL.encode(doc).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def digest(data: bytes) -> str:
    """The hash of an event's canonical bytes, as a `prev` carries it (URL-safe base64 of
    SHA-256, without its padding: written out for speed, a board has 80,000)."""
    encoded = binascii.b2a_base64(hashlib.sha256(data).digest(), newline=False)
    return encoded[:43].translate(_URL_SAFE).decode("ascii")


def _running(head: str, data: bytes) -> str:
    """The hash over the unsigned events so far and the next one."""
    return digest(head.encode("ascii") + data)


class Signer:
    """A private key that signs one person's events."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self.private = private
        self.public = _b64(private.public_key().public_bytes_raw())

    @classmethod
    def new(cls) -> Signer:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls(Ed25519PrivateKey.generate())

    def sign(self, doc: RawEvent) -> str:
        """The signature of an event (its canonical form, without a signature)."""
        return _b64(self.private.sign(canonical(doc)))


def seal(docs: list[RawEvent], signer: Signer, head: ChainHead) -> ChainHead:
    """Sign `docs` (new events, in the order they are appended) onto a log whose checked
    end is `head`: each gets the hash of the one before, the first the key if the log
    has none yet, and a signature. Returns the log's head after them."""
    key, prev = head.key, head.head
    for doc in docs:
        doc.pop("sig", None)
        if not key:
            doc["key"] = key = signer.public
        if prev:
            doc["prev"] = prev
        doc["sig"] = signer.sign(doc)
        prev = digest(canonical(doc))
    return ChainHead(head.count + len(docs), prev, key, head.unsigned)


def signed_by(key: str, doc: Mapping[str, object]) -> bool:
    """Whether `doc`'s signature is `key`'s over the rest of it."""
    sig = doc.get("sig")
    if not isinstance(sig, str):
        return False
    rest = {name: value for name, value in doc.items() if name != "sig"}
    try:
        signed = canonical(rest)
    except (ValueError, RecursionError):  # NaN, a lone surrogate: nobody signed that
        return False
    return _verified(key, sig, signed)


def _verified(key: str, sig: str, signed: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = public_key_bytes(key)
    if raw is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(_unb64(sig), signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def _line_signed_by(key: str, line: bytes, sig: object) -> bool | None:
    """`signed_by` on an event's canonical line: the line less its signature is what was
    signed (keys sorted: "sig" is never the first). None if the line does not hold it."""
    if not isinstance(sig, str) or not sig.isascii():
        return None
    field = b',"sig":"' + sig.encode("ascii") + b'"'
    if line.count(field) != 1:
        return None
    return _verified(key, sig, line.replace(field, b"", 1))


# --- checking a log -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChainHead:
    """What was checked of one person's log: how many entries (in the file's order), the
    hash the next signed entry must carry as `prev` (before the key: the running hash of
    the unsigned entries), the log's key once declared, and how many entries are
    unsigned. `settled` is False when the unsigned entries were not hashed (a file in the
    old layout, read for speed): the next check then starts from the beginning."""

    count: int = 0
    head: str = ""
    key: str = ""
    unsigned: int = 0
    settled: bool = True


@dataclass
class Verdict:
    """A log checked: the entries left out (by their place: why, and the event that
    caused it) and the head to go on from."""

    head: ChainHead
    left_out: dict[int, tuple[str, str]] = field(default_factory=dict)


class Entries:
    """One log's entries for `verify_log`: their fields (validated events or raw
    documents) and their canonical bytes, given (`lines`: the journal writes each event
    as its canonical form on a line of its own) or made from the raw documents."""

    def __init__(
        self,
        docs: Sequence[Mapping[str, object]],
        lines: Sequence[bytes] | None = None,
        raw: Sequence[RawEvent] | None = None,
        read_raw: Callable[[], Sequence[RawEvent]] | None = None,
    ) -> None:
        self.docs = docs
        self.lines = lines
        self.raw = raw
        self.read_raw = read_raw  # the raw documents, read when the lines are not enough

    @property
    def hashable(self) -> bool:
        return self.lines is not None or self.raw is not None

    def bytes_of(self, place: int) -> bytes:
        if self.lines is not None:
            return self.lines[place]
        assert self.raw is not None
        return canonical(self.raw[place])

    def document(self, place: int) -> Mapping[str, object]:
        """The entry as stored (for its signature): parsed from its line when given."""
        if self.raw is not None:
            return self.raw[place]
        parsed: dict[str, object] = json.loads(self.bytes_of(place))
        return parsed


def verify_log(owner: str, entries: Entries, since: ChainHead | None = None) -> Verdict:
    """Check a log from `since` (what was checked of it before, when the file only grew)
    on. See the module's docstring for what is left out."""
    start = since if since is not None and since.settled else ChainHead()
    if start.count > len(entries.docs) or (
        # The first signed entries of a log: its unsigned ones are judged again with them.
        not start.key and any(_signed_looking(d) for d in entries.docs[start.count :])
    ):
        start = ChainHead()
    verdict = _fast(entries, start)
    if verdict is None:
        verdict = _walk(owner, entries, start, each=False)
    if verdict.head.key and not _tip_signed(entries, verdict, start):
        verdict = _walk(owner, entries, start, each=True)
    if verdict.left_out and entries.lines is not None and entries.read_raw is not None:
        # A line that is not its event's canonical form (spaces added by hand) would break
        # the chain where nothing changed: judged again from the documents themselves.
        raw = entries.read_raw()
        verdict = verify_log(owner, Entries(entries.docs, None, raw), start)
    return verdict


def _fast(entries: Entries, start: ChainHead) -> Verdict | None:
    """The common case, at C's speed (a board has 80,000 entries): every new entry
    carries the hash of the one before it (the first, if the log starts here, declares
    the key), so that the newest one's signature, which the caller checks, covers them
    all. None when any is otherwise: `_walk` then judges them one by one."""
    docs, lines = entries.docs, entries.lines
    if lines is None:
        return None
    key, head, begin = start.key, start.head, start.count
    if not key:
        if start.unsigned or begin >= len(docs):
            return None
        first = docs[begin]
        declared = first.get("key")
        if "prev" in first or "sig" not in first or not isinstance(declared, str):
            return None
        key, head, begin = declared, digest(lines[begin]), begin + 1
    new = docs[begin:]
    if not new:
        return Verdict(ChainHead(len(docs), head, key, start.unsigned, True))
    # Each entry carries the hash of the one before it: then the newest one's signature
    # (checked by the caller) covers them all, so each one's own is not looked at, nor
    # whether one declares another key (the key's holder never writes that).
    try:
        carried = "A".join(map(_PREV, new)) + "A"
        digests = list(map(_DIGEST, map(hashlib.sha256, lines[begin:])))
        # Each hash in URL-safe base64 is the first 43 characters of the base64 of its 32
        # bytes and a zero byte (44 characters, the last an "A"): so all of them at once.
        hashes = binascii.b2a_base64(b"\0".join(digests) + b"\0", newline=False)
        expected = head.encode("ascii") + b"A" + hashes[:-44].translate(_URL_SAFE)
        if carried.encode("ascii") != expected:
            return None
    except (KeyError, TypeError, UnicodeEncodeError):  # one without a prev, or an odd one
        return None
    last = hashes[-44:-1].translate(_URL_SAFE).decode("ascii")
    return Verdict(ChainHead(len(docs), last, key, start.unsigned, True))


_DIGEST = methodcaller("digest")
_PREV = itemgetter("prev")


def _signed_looking(doc: Mapping[str, object]) -> bool:
    return "sig" in doc or "prev" in doc or "key" in doc


def _tip_signed(entries: Entries, verdict: Verdict, since: ChainHead) -> bool:
    """Whether the newest entry of the chain (if new) carries the key's signature."""
    tip = _last_in_chain(entries, verdict, since)
    if tip is None:
        return True
    if entries.lines is not None:
        found = _line_signed_by(verdict.head.key, entries.lines[tip], entries.docs[tip].get("sig"))
        if found is not None:
            return found
    return signed_by(verdict.head.key, entries.document(tip))


def _last_in_chain(entries: Entries, verdict: Verdict, since: ChainHead) -> int | None:
    for place in range(len(entries.docs) - 1, since.count - 1, -1):
        if place not in verdict.left_out and "sig" in entries.docs[place]:
            return place
    return None


def _walk(owner: str, entries: Entries, start: ChainHead, each: bool) -> Verdict:
    """One pass over the entries after `start`; with `each`, every signature is checked
    (else only the declaration's, and the caller checks the newest)."""
    docs = entries.docs
    key, head, unsigned = start.key, start.head, start.unsigned
    settled = start.settled and entries.hashable
    left: dict[int, tuple[str, str]] = {}
    last_id = ""  # the last entry in the chain: a break is right after it
    seen: dict[str, str] = {}  # hash -> id, of entries left out (to name what follows them)
    for place in range(start.count, len(docs)):
        doc = docs[place]
        this_id = str(doc.get("id", "?"))
        if not key:
            if not _signed_looking(doc):
                unsigned += 1  # written before signing
                if settled:
                    head = _running(head, entries.bytes_of(place))
                last_id = this_id
                continue
            # (A log with signed entries comes with their bytes: its unsigned ones are
            # hashed from the start, as verify_log starts over where they were not.)
            assert settled, "signed entries come with their bytes"
            declared = doc.get("key")
            if not isinstance(declared, str) or not signed_by(declared, entries.document(place)):
                left[place] = (
                    f"signed, but not by a key it declares for {owner}'s log (the first "
                    "signed event of a log declares its key)",
                    "",
                )
                continue
            if doc.get("prev", "") != head:
                # The key's own signature stands; the unsigned events are not those it
                # was written after: each of them is left out.
                for earlier in range(place):
                    if earlier not in left:
                        left[earlier] = (
                            f"changed, removed or added after {owner}'s key was declared "
                            "(the unsigned events before the declaration are not those "
                            "it was signed after)",
                            this_id,
                        )
            key = declared
            head, last_id = digest(entries.bytes_of(place)), this_id
            continue
        reason = _break(owner, doc, key, head, seen)
        if reason is None and each and not signed_by(key, entries.document(place)):
            reason = (
                f"not signed by the key of {owner}'s log: changed by hand, or written in "
                f"{owner}'s name",
                "",
            )
        if reason is not None:
            words, cause = reason
            left[place] = (words, last_id if cause is _AFTER_LAST else cause)
            if entries.hashable:
                seen[digest(entries.bytes_of(place))] = this_id
            continue
        head, last_id = digest(entries.bytes_of(place)), this_id
    if not key and left:
        # Signed entries, and none declares the log's key: the log is not one written
        # before signing, so its unsigned entries are not taken on trust either.
        for place in range(start.count, len(docs)):
            if place not in left:
                left[place] = (
                    f"unsigned, in {owner}'s log that holds signed events but no valid "
                    "declaration of its key",
                    "",
                )
        unsigned = 0
    return Verdict(ChainHead(len(docs), head, key, unsigned, settled), left)


def _break(
    owner: str, doc: Mapping[str, object], key: str, head: str, seen: Mapping[str, str]
) -> tuple[str, str] | None:
    """Why an entry after the key's declaration is not in the chain, or None if it
    follows the chain's last entry (its signature aside)."""
    if doc.get("sig") is None:
        return (
            f"unsigned, in {owner}'s log whose key is declared: written by hand, not by teamboard",
            "",
        )
    declared = doc.get("key")
    if declared is not None and declared != key:
        return (
            f"declares another key than the one {owner}'s log has (a new key needs a "
            "manager's word, which this version cannot give yet)",
            "",
        )
    prev = doc.get("prev")
    if prev == head:
        return None
    if isinstance(prev, str) and prev in seen:
        return (f"follows an event of {owner}'s log that is left out", seen[prev])
    return (
        f"does not follow the event before it in {owner}'s log: an event before it was "
        "changed or removed (the chain breaks after the event named)",
        _AFTER_LAST,
    )


# A cause to be filled in: the last entry of the chain before the break.
_AFTER_LAST = "\0after"


# --- the journal's layout: one event a line ---------------------------------------------------

_OPEN = b'{"events":{'
_CLOSE = b"}}"


def journal_bytes(events: Mapping[str, RawEvent]) -> bytes:
    """A person's events table as the journal writes it: each event's canonical form on
    a line of its own, its number on the line before (so each event's line is what its
    hash and signature are over, a file is cut into them at once, and git shows one
    changed line per changed event)."""
    if not events:
        return _OPEN + _CLOSE + b"\n"
    parts = [_OPEN]
    for number, doc in events.items():
        parts.append((b',"' if len(parts) > 1 else b'"') + str(number).encode() + b'":')
        parts.append(canonical(doc))
    parts.append(_CLOSE)
    return b"\n".join(parts) + b"\n"


def journal_lines(data: bytes, count: int) -> list[bytes] | None:
    """Each event's bytes in a file of the journal's layout, or None when the file is not
    in it (the old indented layout, an edit by hand): then the raw documents are used.
    A line that is not an event's canonical form is found by its hash, and then judged
    from the raw documents too (verify_log)."""
    lines = data.split(b"\n")
    if count == 0:
        return [] if data == _OPEN + _CLOSE + b"\n" else None
    if len(lines) != 2 * count + 3 or lines[0] != _OPEN or lines[-2:] != [_CLOSE, b""]:
        return None
    return lines[2:-2:2]
