"""The keys this computer holds: one Ed25519 private key per person it writes as.

Kept in the user's config folder (`local.keys_folder()`), never in a board folder:
`keys/<member id>/<16 hex digits>.key`, one file per key, in OpenSSH's private key format
(so `ssh-keygen -l -f FILE` prints the fingerprint `teamboard key show` prints), made
with mode 0600 in a folder of mode 0700. A person has one key for every board they are on
under that member id; a board's log says which key is theirs there (the key its first
signed event declares), and `for_key` finds it among those held. More than one key per
person is kept apart by name (for keys moved in from another computer, later).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from teamboard.domain.events import check_member_id
from teamboard.store import local
from teamboard.store.atomic import atomic_write_bytes
from teamboard.store.folder import StoreError
from teamboard.store.signing import Signer

KEY_FILE_MODE = 0o600
KEY_FOLDER_MODE = 0o700


class Keyring:
    """The private keys in one folder (by default this computer's, in the user's config
    folder), read when first asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._held: dict[str, list[Signer]] = {}

    @classmethod
    def default(cls) -> Keyring:
        return cls(local.keys_folder())

    def held(self, member: str) -> list[Signer]:
        """The keys held for `member`, oldest name first; files that are not keys are
        passed over."""
        if member not in self._held:
            found: list[Signer] = []
            person = self.folder / check_member_id(member)
            with contextlib.suppress(OSError):
                for path in sorted(person.glob("*.key")):
                    signer = _read_key(path)
                    if signer is not None:
                        found.append(signer)
            self._held[member] = found
        return self._held[member]

    def for_key(self, member: str, key: str) -> Signer | None:
        """The private half of `key` (a public key, as a log declares it), if held here."""
        return next((s for s in self.held(member) if s.public == key), None)

    def own(self, member: str) -> Signer:
        """`member`'s key on this computer: the first held, else a new one (kept)."""
        held = self.held(member)
        if not held:
            held.append(self._make(member))
        return held[0]

    def path_of(self, member: str, signer: Signer) -> Path:
        name = hashlib.sha256(signer.public.encode("ascii")).hexdigest()[:16]
        return self.folder / check_member_id(member) / f"{name}.key"

    def _make(self, member: str) -> Signer:
        from cryptography.hazmat.primitives import serialization

        signer = Signer.new()
        path = self.path_of(member, signer)
        data = signer.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
        try:
            for folder in (self.folder, path.parent):
                folder.mkdir(mode=KEY_FOLDER_MODE, parents=True, exist_ok=True)
                os.chmod(folder, KEY_FOLDER_MODE)
            atomic_write_bytes(path, data, new_mode=KEY_FILE_MODE, only_new=True)
        except OSError as error:
            raise StoreError(
                f"cannot keep a key for {member} in {path.parent}: {error.strerror or error}; "
                "nothing was written"
            ) from None
        return signer


def _read_key(path: Path) -> Signer | None:
    # (Imported here: only a write reads a key.)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        private = serialization.load_ssh_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return None
    return Signer(private) if isinstance(private, Ed25519PrivateKey) else None
