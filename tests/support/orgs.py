"""Organisation files for tests: signed as `org init` signs them, with the
leaders' identities kept in memory, and a way to join one through the CLI."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import x25519

from peerpact.record.organisation.document import (
    Leader,
    Mail,
    Organisation,
    Rotation,
    body,
    canonical,
    dump,
    rotation_bytes,
)


@dataclass(frozen=True)
class Org:
    organisation: Organisation
    key: Ed25519PrivateKey
    identities: tuple[x25519.Identity, ...]

    def signed(self) -> bytes:
        return dump(self.organisation, self.key.sign(canonical(body(self.organisation))))

    def write(self, path: Path) -> Path:
        path.write_bytes(self.signed())
        return path

    def later(self, **changes: object) -> Org:
        """The next version (serial + 1), signed by the same key."""
        changes = {"serial": self.organisation.serial + 1, **changes}
        org = replace(self.organisation, **changes)  # type: ignore[arg-type]
        return replace(self, organisation=org)

    def rotated(self) -> Org:
        """The next version, signed by a new key the old one handed over to."""
        new = Ed25519PrivateKey.generate()
        old_raw, new_raw = _raw(self.key), _raw(new)
        hand_over = Rotation(
            old_raw, new_raw, self.key.sign(rotation_bytes(self.organisation.id, old_raw, new_raw))
        )
        org = replace(
            self.organisation,
            serial=self.organisation.serial + 1,
            key=new_raw,
            rotations=(*self.organisation.rotations, hand_over),
        )
        return Org(org, new, self.identities)


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def make_org(
    names: tuple[str, ...] = ("Sam", "Ana"), name: str = "Harbour Peers", **settings: object
) -> Org:
    key = Ed25519PrivateKey.generate()
    identities = tuple(x25519.Identity.generate() for __ in names)
    org = Organisation(
        id=secrets.token_hex(16),
        serial=1,
        issued="2026-01-05",
        name=name,
        email="leads@example.org",
        leaders=tuple(
            Leader(who, str(identity.to_public()))
            for who, identity in zip(names, identities, strict=True)
        ),
        categories=("feedback", "safety concern"),
        mail=Mail("mail.example.org", 587, "starttls", ""),
        key=_raw(key),
    )
    return Org(replace(org, **settings), key, identities)  # type: ignore[arg-type]


def joined_org(peerpact: object, folder: Path, **settings: object) -> Org:
    """An organisation this computer has joined (`peerpact org join`)."""
    org = make_org(**settings)  # type: ignore[arg-type]
    peerpact("org", "join", str(org.write(folder / "organisation.toml")))  # type: ignore[operator]
    return org


def allow_plain(home: Path) -> None:
    """This computer's config allows unsealed messages (`organization.allow_unsealed`),
    for tests about the text itself (redaction, headers) that read it in clear."""
    import tomlkit

    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    doc = tomlkit.parse(config.read_text("utf-8")) if config.exists() else tomlkit.document()
    doc.setdefault("organization", tomlkit.table())["allow_unsealed"] = True
    config.write_text(tomlkit.dumps(doc), "utf-8")
