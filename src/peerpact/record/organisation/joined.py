"""The organisation this computer joined, and the pin that holds it to one key.

The pin (which organisation, which key, which serial, the file's digest) is
a file an attacker can edit like any other, so it is signed by this
computer's own signing key, and both the organisation file and the pin are
verified again on every read: only what is signed decides whom a grievance
is sealed to. A later file is taken only from the pinned key, or from a key
the pinned key rotated to, with a higher serial and the same organisation id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from peerpact.errors import ConflictError, InvalidError
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record.organisation.document import MAX_BYTES, Organisation, key_after, parse

if TYPE_CHECKING:
    from peerpact.config import Config
    from peerpact.record.keys import SigningKey

_PIN_CONTEXT = "peerpact organisation pin/1"
_MAX_PIN = 4096


@dataclass(frozen=True)
class Pin:
    org_id: str
    key: bytes
    serial: int
    digest: str


@dataclass(frozen=True)
class Joined:
    organisation: Organisation
    #: The serial this computer had before, or None on a first join.
    previous: int | None
    #: The file was the one already joined: nothing changed.
    unchanged: bool = False


def _pin_bytes(pin: Pin) -> bytes:
    import base64

    values = {
        "context": _PIN_CONTEXT,
        "id": pin.org_id,
        "key": base64.b64encode(pin.key).decode(),
        "serial": pin.serial,
        "digest": pin.digest,
    }
    return json.dumps(values, sort_keys=True, separators=(",", ":")).encode()


def _own_key() -> SigningKey:
    from peerpact.record.keys import load_or_create_key

    return load_or_create_key(get_paths().key_file)


def _write_pin(pin: Pin) -> None:
    import base64

    from peerpact.files import atomic_write

    key = _own_key()
    data = _pin_bytes(pin)
    signature = base64.b64encode(key.sign(data)).decode()
    atomic_write(get_paths().organisation_pin_file, data + b"\n" + signature.encode() + b"\n")


def _read_pin() -> Pin | None:
    import base64
    import binascii

    from peerpact.files import read_bounded
    from peerpact.record.keys import require_key

    path = get_paths().organisation_pin_file
    try:
        data = read_bounded(path, _MAX_PIN, _("organisation pin"), follow=False)
    except FileNotFoundError:
        return None
    broken = InvalidError(
        _("The organisation pin {path} is not signed by this computer's key.").format(path=path),
        _("Someone changed it; join again with `peerpact org join FILE`."),
    )
    try:
        text, signature = data.rstrip(b"\n").rsplit(b"\n", 1)
        values = json.loads(text)
        pin = Pin(values["id"], base64.b64decode(values["key"]), values["serial"], values["digest"])
        ok = require_key(get_paths().key_file).public.verify(base64.b64decode(signature), text)
    # RecursionError: a pin nested thousands deep (json.loads recurses).
    except (ValueError, KeyError, TypeError, binascii.Error, RecursionError) as exc:
        raise broken from exc
    if not ok or text != _pin_bytes(pin):
        raise broken
    return pin


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def join(data: bytes, source: str) -> Joined:
    """Take ``data`` as this computer's organisation file, when its signature,
    the pin and the serial allow; nothing changes otherwise."""
    from peerpact.files import atomic_write, locked

    path = get_paths().organisation_file
    org, __ = parse(data, source)
    with locked(path):
        pin = _read_pin()
        if pin is not None:
            _check_later(org, pin, data, source)
            if pin.digest == _digest(data):
                return Joined(org, pin.serial, unchanged=True)
        atomic_write(path, data)
        _write_pin(Pin(org.id, org.key, org.serial, _digest(data)))
    return Joined(org, pin.serial if pin else None)


def _check_later(org: Organisation, pin: Pin, data: bytes, source: str) -> None:
    again = _("Nothing was changed; ask leadership for their latest file.")
    if org.id != pin.org_id:
        raise ConflictError(
            _("{source} is another organisation's file; this computer joined another.").format(
                source=source
            ),
            again,
        )
    if key_after(org, pin.key) is None:
        raise ConflictError(
            _("{source} is signed by a key this computer does not trust for {name}.").format(
                source=source, name=org.name
            ),
            again,
        )
    if org.serial < pin.serial or (org.serial == pin.serial and pin.digest != _digest(data)):
        raise ConflictError(
            _("{source} is version {serial}; this computer already has version {pinned}.").format(
                source=source, serial=org.serial, pinned=pin.serial
            ),
            again,
        )


def joined() -> Organisation | None:
    """The organisation this computer joined, verified now (file and pin), or
    None when it joined none; InvalidError when either was tampered with."""
    from peerpact.files import read_bounded

    path = get_paths().organisation_file
    pin = _read_pin()
    try:
        data = read_bounded(path, MAX_BYTES, _("organisation file"), follow=False)
    except FileNotFoundError:
        data = None
    if pin is None and data is None:
        return None
    if pin is None or data is None or pin.digest != _digest(data):
        raise InvalidError(
            _("The organisation file {path} is not the one this computer joined.").format(
                path=path
            ),
            _("Join again with `peerpact org join FILE` (the file leadership handed out)."),
        )
    org, __ = parse(data, str(path))
    if org.key != pin.key or org.id != pin.org_id:
        raise InvalidError(
            _("The organisation file {path} does not match its pin.").format(path=path)
        )
    return org


def settled(config: Config) -> Config:
    """``config`` with the joined organisation's settings applied: the file
    decides what it gives; the config fills in the rest."""
    org = joined()
    if org is None:
        return config
    smtp = config.smtp
    if org.mail.host:
        # The user and the password command stay this computer's own: a
        # command is never something an organisation file can make us run.
        smtp = replace(
            smtp,
            host=org.mail.host,
            port=org.mail.port or smtp.port,
            starttls=org.mail.tls == "starttls",
            implicit_tls=org.mail.tls == "implicit",
        )
    variables = {**config.variables, "organization": org.name, "leadership_contact": org.email}
    return replace(
        config,
        variables=variables,
        organization_name=org.name,
        leadership_email=org.email,
        categories=org.categories or config.categories,
        smtp=smtp,
    )


def recipients(config: Config) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Whom a grievance is sealed to, and the names of who can read it: every
    leader in the joined file, else the recipient the config gives by hand."""
    org = joined()
    if org is not None:
        return org.recipients, tuple(leader.name for leader in org.leaders)
    if config.leadership_age_recipient:
        return (config.leadership_age_recipient,), ()
    return (), ()


def unsealed_allowed(config: Config) -> bool:
    """Whether messages may be filed unsealed: only when the organisation
    (its file, or this config where none was joined) says so explicitly."""
    org = joined()
    return org.allow_unsealed if org is not None else config.allow_unsealed
