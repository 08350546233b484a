"""Leadership's side of the organisation file: `org init`, `update`,
`rotate-key` and `export`.

Leadership's signing key (Ed25519, 0600) and the file it last issued live in
``paths.leadership_dir``. Every change re-reads that file and verifies it
against the key before signing the next version: only what was just verified
is signed again.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.errors import ConflictError, NotFoundError
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record.organisation.document import (
    DEFAULT_RETENTION_DAYS,
    Leader,
    Mail,
    Organisation,
    Rotation,
    dump,
    parse,
    rotation_bytes,
)

if TYPE_CHECKING:
    from peerpact.leadership.identity_files import Written
    from peerpact.record.keys import SigningKey


@dataclass(frozen=True)
class Settings:
    """What leadership chose; None leaves a value as it was (`update`)."""

    name: str | None = None
    email: str | None = None
    categories: tuple[str, ...] | None = None
    retention_days: int | None = None
    allow_unsealed: bool | None = None
    mail: Mail | None = None


@dataclass(frozen=True)
class Founded:
    organisation: Organisation
    path: Path
    identities: tuple[Written, ...]


def key_path() -> Path:
    return get_paths().leadership_dir / "signing.key"


def issued_path() -> Path:
    """The organisation file leadership issued last (what `export` hands out)."""
    return get_paths().leadership_dir / "organisation.toml"


def _write(org: Organisation, key: SigningKey) -> Path:
    from peerpact.files import atomic_write
    from peerpact.record.organisation.document import body, canonical

    path = issued_path()
    atomic_write(path, dump(org, key.sign(canonical(body(org)))))
    return path


def init(
    settings: Settings, leaders: list[tuple[str, str]], today: str, categories: tuple[str, ...]
) -> Founded:
    """Leadership's key, one identity per (name, passphrase), and the first
    signed organisation file; refused when this computer made one already."""
    from peerpact.files import ensure_private_dir, locked
    from peerpact.leadership.identity_files import check_passphrase, write_identity
    from peerpact.record.keys import create_key

    for __, passphrase in leaders:
        check_passphrase(passphrase)
    ensure_private_dir(get_paths().leadership_dir)
    with locked(key_path()):
        if key_path().exists() or issued_path().exists():
            raise ConflictError(
                _("This computer already made an organisation file ({path}).").format(
                    path=issued_path()
                ),
                _("Change it with `peerpact org update`; hand it out with `peerpact org export`."),
            )
        written = [write_identity(get_paths().identities_dir, p, today) for __, p in leaders]
        key = create_key(key_path())
        org = Organisation(
            id=secrets.token_hex(16),
            serial=1,
            issued=today,
            name=settings.name or "",
            email=settings.email or "",
            leaders=tuple(
                Leader(n, w.recipient) for (n, __), w in zip(leaders, written, strict=True)
            ),
            categories=settings.categories or categories,
            retention_days=settings.retention_days or DEFAULT_RETENTION_DAYS,
            allow_unsealed=bool(settings.allow_unsealed),
            mail=settings.mail or Mail(),
            key=key.public.raw,
        )
        _check(org)
        return Founded(org, _write(org, key), tuple(written))


def _check(org: Organisation) -> None:
    """The new version as a facilitator will read it: a bad value fails here."""
    parse(dump(org, bytes(64)), _("the new organisation file"), verify=False)


def issued() -> tuple[Organisation, SigningKey]:
    """The file leadership issued last, verified against leadership's key."""
    org, key, __ = _issued()
    return org, key


def _issued() -> tuple[Organisation, SigningKey, bytes]:
    from peerpact.files import read_bounded
    from peerpact.record.keys import require_key
    from peerpact.record.organisation.document import MAX_BYTES

    try:
        data = read_bounded(issued_path(), MAX_BYTES, _("organisation file"), follow=False)
    except FileNotFoundError as exc:
        raise NotFoundError(
            _("This computer has made no organisation file."),
            _("Make one with `peerpact org init`."),
        ) from exc
    key = require_key(key_path())
    org, __ = parse(data, str(issued_path()))
    if org.key != key.public.raw:
        raise ConflictError(
            _("{path} is not signed by leadership's key on this computer.").format(
                path=issued_path()
            )
        )
    return org, key, data


def update(
    settings: Settings, today: str, new_leaders: tuple[tuple[str, str], ...] = ()
) -> Founded:
    """The next version, with a higher serial, signed by leadership's key."""
    from peerpact.files import locked
    from peerpact.leadership.identity_files import check_passphrase, write_identity

    for __, passphrase in new_leaders:
        check_passphrase(passphrase)
    with locked(key_path()):
        org, key = issued()
        written = [write_identity(get_paths().identities_dir, p, today) for __, p in new_leaders]
        changes = {k: v for k, v in vars(settings).items() if v is not None}
        added = tuple(
            Leader(n, w.recipient) for (n, __), w in zip(new_leaders, written, strict=True)
        )
        org = replace(
            org, **changes, serial=org.serial + 1, issued=today, leaders=org.leaders + added
        )
        _check(org)
        return Founded(org, _write(org, key), tuple(written))


def rotate_key(today: str) -> Founded:
    """A new signing key; the old one signs the hand-over, which travels in
    every later file, so facilitators who pinned the old key follow."""
    from peerpact.files import locked
    from peerpact.record.keys import create_key

    with locked(key_path()):
        org, old = issued()
        following = key_path().with_name("signing.key.next")
        new = create_key(following, replace=True)
        rotation = Rotation(
            old.public.raw,
            new.public.raw,
            old.sign(rotation_bytes(org.id, old.public.raw, new.public.raw)),
        )
        org = replace(
            org,
            serial=org.serial + 1,
            issued=today,
            key=new.public.raw,
            rotations=(*org.rotations, rotation),
        )
        path = _write(org, new)
        os.replace(following, key_path())
        return Founded(org, path, ())


def export() -> tuple[Organisation, bytes]:
    """The issued file's bytes, verified just now, to hand out."""
    org, __, data = _issued()
    return org, data
