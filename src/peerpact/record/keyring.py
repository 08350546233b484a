"""The keys this computer trusts when it verifies: its own, and those it was told to.

Like ssh's allowed_signers, trust is explicit: this computer's signing key,
its earlier keys (kept when ``peerpact key rotate`` retires them, so what they
signed still verifies and can still be amended), and the keys a person added
with ``peerpact key trust FILE``. ``verify --key FILE`` trusts that key and no
other, so a key planted on this computer cannot vouch for a record.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peerpact.clock import now
from peerpact.errors import NotFoundError, RecordError, UserInputError
from peerpact.files import atomic_write, locked
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record.keys import PublicKey, SigningKey, load_key, load_or_create_key
from peerpact.text import clean_line
from peerpact.tomlfile import load_toml, parse_toml

_MAX_TRUSTED_FILE = 1024 * 1024
_HEADER = """\
# Keys this computer trusts when it verifies records. Change it with
# `peerpact key trust FILE`, `peerpact key untrust FINGERPRINT` and `peerpact key rotate`.
"""


@dataclass(frozen=True)
class TrustedKey:
    public: PublicKey
    name: str
    #: Marked as one of this computer's own earlier signing keys; believed
    #: only under ``statement`` (see ``_own_chain``).
    own: bool
    added: str = ""
    #: When it was retired, the key that took over, and that key's signature
    #: of both (``retirement``): what makes an earlier key this computer's.
    retired: str = ""
    successor: str = ""
    statement: str = ""

    @property
    def label(self) -> str:
        if self.own:
            return _("this computer's earlier key")
        return _("trusted key {name!r}").format(name=self.name)


class Keyring(dict[str, PublicKey]):
    """Public keys by fingerprint, each with a label saying why it is trusted."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}
        #: Fingerprints of this computer's own keys, current and earlier.
        self.own: set[str] = set()
        #: This computer's earlier keys by when each was retired: what one
        #: signed later than that is not believed.
        self.retired: dict[str, str] = {}
        #: This computer's signing key, when it is in the ring: what it signed
        #: is checked by signing again (see ``SigningKey.signed``).
        self.signing_key: SigningKey | None = None

    def add(self, public: PublicKey, label: str, own: bool = False) -> None:
        self.setdefault(public.fingerprint, public)
        self.labels.setdefault(public.fingerprint, label)
        if own:
            self.own.add(public.fingerprint)

    def describe(self, fingerprint: str) -> str:
        return f"{fingerprint} ({self.labels.get(fingerprint, _('unknown key'))})"


def trusted_keys() -> list[TrustedKey]:
    """The trusted-keys file; every entry's fingerprint must match its key."""
    path = get_paths().trusted_keys_file
    if not path.exists():
        return []
    doc = load_toml(path, _MAX_TRUSTED_FILE, _("trusted-keys file"), RecordError, follow=False)
    return _entries(doc, str(path))


def trusted_in(data: bytes, source: str) -> dict[str, PublicKey]:
    """The public keys of a trusted-keys file's bytes (one in a backup, say)."""
    return {entry.public.fingerprint: entry.public for entry in entries_in(data, source)}


def entries_in(data: bytes, source: str) -> list[TrustedKey]:
    """The entries of a trusted-keys file's bytes, each checked as on this computer."""
    if len(data) > _MAX_TRUSTED_FILE:
        raise RecordError(_("{source} is too large for a trusted-keys file.").format(source=source))
    return _entries(parse_toml(data, source, RecordError), source)


def _entries(doc: dict[str, Any], path: str) -> list[TrustedKey]:
    entries = doc.get("keys", [])
    if set(doc) - {"keys"} or not isinstance(entries, list):
        raise RecordError(
            _("{path} is not a trusted-keys file.").format(path=path),
            _("Move it away and trust again."),
        )
    found = []
    for index, entry in enumerate(entries, start=1):
        where = f"{path}: key {index}"
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(field), str) for field in ("fingerprint", "public_key", "name")
        ):
            raise RecordError(_("{where} is malformed.").format(where=where))
        public = PublicKey.from_text(entry["public_key"], where)
        if public.fingerprint != entry["fingerprint"]:
            raise RecordError(
                _("{where}: its fingerprint does not match its key.").format(where=where)
            )
        found.append(
            TrustedKey(
                public, entry["name"], entry.get("own") is True, str(entry.get("added", "")),
                *(str(entry.get(field, "")) for field in ("retired", "successor", "statement")),
            )
        )  # fmt: skip
    return found


def keyring(pinned: list[Path] | None = None) -> Keyring:
    """The keys to verify with: exactly ``pinned`` when given, else this
    computer's own keys and the ones it trusts."""
    ring = Keyring()
    if pinned:
        for path in pinned:
            ring.add(PublicKey.from_file(path), f"--key {path}")
        return ring
    return ring_of(load_key(get_paths().key_file), trusted_keys())


def ring_of(own: SigningKey | None, entries: list[TrustedKey]) -> Keyring:
    """The keyring that ``own`` as this computer's key and ``entries`` as its
    trusted-keys file make: what a restore checks a backup against, too."""
    ring = Keyring()
    if own is not None:
        ring.add(own.public, _("this computer's key"), own=True)
        ring.signing_key = own
    _own_chain(ring, entries)
    for entry in entries:
        if entry.public.fingerprint not in ring.own:
            label = _("trusted key {name!r}").format(name=entry.name)
            if entry.own:
                label = _("key {name!r}, marked as this computer's but not signed as one").format(
                    name=entry.name
                )
            ring.add(entry.public, label)
    return ring


def retirement(public: PublicKey, retired: str, successor: str) -> bytes:
    """What a successor signs about the key it took over from."""
    import json

    body = {"kind": "retired", "key": public.base64, "retired": retired, "successor": successor}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")


def _own_chain(ring: Keyring, entries: list[TrustedKey]) -> None:
    """The earlier keys that are this computer's: each one's retirement signed
    by a key already known to be its own, back from the current one. The
    ``own`` flag alone is an edit anyone could make, so it decides nothing."""
    import binascii

    found = True
    while found:
        found = False
        for entry in entries:
            fingerprint = entry.public.fingerprint
            successor = ring.get(entry.successor) if entry.successor in ring.own else None
            if fingerprint in ring.own or not entry.own or successor is None:
                continue
            try:
                signature = base64.b64decode(entry.statement, validate=True)
            except (binascii.Error, ValueError):
                continue
            if successor.verify(
                signature, retirement(entry.public, entry.retired, entry.successor)
            ):
                ring.add(entry.public, entry.label, own=True)
                ring.retired[fingerprint] = entry.retired
                found = True


def own_keyring() -> Keyring:
    """This computer's own keys, current and earlier: the only ones that may
    sign its witness log."""
    return own_part(keyring())


def own_part(ring: Keyring) -> Keyring:
    """Only the keys of ``ring`` that are this computer's own."""
    own = Keyring()
    for fingerprint in ring.own:
        own.add(ring[fingerprint], ring.labels[fingerprint], own=True)
    own.retired = ring.retired
    return own


def signed_in_time(keys: object, fingerprint: str, time: object) -> bool:
    """False when ``fingerprint`` is an earlier key of this computer and
    ``time`` (what it signed says) is after the day it was retired."""
    retired = getattr(keys, "retired", {}).get(fingerprint)
    return not retired or (isinstance(time, str) and time <= retired)


def save(entries: list[TrustedKey]) -> None:
    """Write the trusted-keys file (under its lock, taken by the caller)."""
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment(_HEADER.splitlines()[0][2:]))
    doc.add(tomlkit.comment(_HEADER.splitlines()[1][2:]))
    table = tomlkit.aot()
    for entry in entries:
        table.append(
            tomlkit.item(
                {
                    "fingerprint": entry.public.fingerprint,
                    "public_key": entry.public.base64,
                    "name": entry.name,
                    "own": entry.own,
                    "added": entry.added,
                    "retired": entry.retired,
                    "successor": entry.successor,
                    "statement": entry.statement,
                }
            )
        )
    doc["keys"] = table
    atomic_write(get_paths().trusted_keys_file, tomlkit.dumps(doc).encode("utf-8"))


def trust(public: PublicKey, name: str) -> TrustedKey:
    """Trust another key (a colleague's, leadership's) when verifying."""
    name = clean_line(name)
    if not name or len(name) > 200:
        raise UserInputError(_("Give the key a name of 1 to 200 characters (--name)."))
    with locked(get_paths().trusted_keys_file):
        entries = trusted_keys()
        own = load_key(get_paths().key_file)
        if own is not None and own.public.fingerprint == public.fingerprint:
            raise UserInputError(
                _("{fingerprint} is this computer's own key.").format(
                    fingerprint=public.fingerprint
                )
            )
        if any(e.public.fingerprint == public.fingerprint for e in entries):
            raise UserInputError(
                _("Key {fingerprint} is trusted already.").format(fingerprint=public.fingerprint)
            )
        entry = TrustedKey(public, name, own=False, added=now())
        save([*entries, entry])
    return entry


def untrust(fingerprint: str) -> TrustedKey:
    """Stop trusting a key; records it signed then fail verification."""
    wanted = fingerprint.strip().upper()
    with locked(get_paths().trusted_keys_file):
        entries = trusted_keys()
        match = [e for e in entries if e.public.fingerprint == wanted]
        if not match:
            raise NotFoundError(
                _("No trusted key {fingerprint!r}.").format(fingerprint=fingerprint),
                _("See `peerpact key list` for fingerprints."),
            )
        save([e for e in entries if e.public.fingerprint != wanted])
    return match[0]


def rotate() -> tuple[SigningKey, SigningKey]:
    """A new signing key; the old public key stays trusted as this computer's own.

    The old private key is deleted (rotation usually follows a worry that it
    leaked); what it signed still verifies, and records it signed can be
    amended with the new key.
    """
    from peerpact.record.keys import create_key

    paths = get_paths()
    old = load_or_create_key(paths.key_file)
    with locked(paths.trusted_keys_file):
        entries = trusted_keys()
        entries = [e for e in entries if e.public.fingerprint != old.public.fingerprint]
        day = now()
        entries.append(TrustedKey(old.public, "retired", own=True, added=day))
        save(entries)  # first, so no moment exists where the old key is trusted nowhere
        new = create_key(paths.key_file, replace=True)
        # The new key signs the old one's retirement: only that makes it this
        # computer's earlier key (a crash before this leaves it a trusted one).
        signed = new.sign(retirement(old.public, day, new.public.fingerprint))
        entries[-1] = TrustedKey(old.public, "retired", True, day, day, new.public.fingerprint,
                                 base64.b64encode(signed).decode("ascii"))  # fmt: skip
        save(entries)
    return old, new


def entries_as_json(ring: Keyring) -> list[dict[str, Any]]:
    return [
        {"fingerprint": fp, "trusted_as": ring.labels[fp], "own": fp in ring.own} for fp in ring
    ]
