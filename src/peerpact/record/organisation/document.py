"""The organisation file leadership signs and facilitators join.

TOML, so a person can read what they are asked to trust; every value is
checked against a strict schema and the file is bounded in size. The
signature is an Ed25519 signature, by leadership's key named in the file,
over canonical bytes: the parsed values as sorted, compact JSON, with the
``[signature]`` table left out. Re-spacing the file changes nothing;
changing any value breaks the signature.

A key rotation travels in the file: ``[[rotations]]`` entries, each signed
by the key before it, lead from the organisation's first key to the one that
signs this file, so a computer that pinned an older key can follow them.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any

from peerpact.errors import InvalidError
from peerpact.i18n import _

FORMAT = "peerpact-organisation/1"
#: A name, a few leaders, a few categories: anything larger is not one.
MAX_BYTES = 64 * 1024
MAX_LEADERS = 32
MAX_CATEGORIES = 32
MAX_ROTATIONS = 64
MAX_TEXT = 200
DEFAULT_RETENTION_DAYS = 90
TLS_MODES = ("starttls", "implicit", "none")
_ROTATION_CONTEXT = b"peerpact organisation key rotation/1\0"
_ID = re.compile(r"^[0-9a-f]{32}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Leader:
    name: str
    recipient: str


@dataclass(frozen=True)
class Mail:
    """Where grievances are sent from; never a password."""

    host: str = ""
    port: int = 0
    tls: str = "starttls"
    sender: str = ""


@dataclass(frozen=True)
class Rotation:
    """``old`` handing the organisation to ``new``, signed by ``old``."""

    old: bytes
    new: bytes
    signature: bytes


@dataclass(frozen=True)
class Organisation:
    id: str
    serial: int
    issued: str
    name: str
    email: str
    leaders: tuple[Leader, ...]
    categories: tuple[str, ...]
    retention_days: int = DEFAULT_RETENTION_DAYS
    allow_unsealed: bool = False
    mail: Mail = field(default_factory=Mail)
    #: The raw Ed25519 public key that signs this file.
    key: bytes = b""
    rotations: tuple[Rotation, ...] = ()

    @property
    def recipients(self) -> tuple[str, ...]:
        return tuple(leader.recipient for leader in self.leaders)

    @property
    def fingerprint(self) -> str:
        from peerpact.record.keys import PublicKey

        return PublicKey(self.key).fingerprint


def rotation_bytes(org_id: str, old: bytes, new: bytes) -> bytes:
    """What the old key signs to hand the organisation to the new one."""
    return _ROTATION_CONTEXT + org_id.encode("ascii") + b"\0" + old + new


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def body(org: Organisation) -> dict[str, Any]:
    """The signed values, as the file holds them."""
    return {
        "format": FORMAT,
        "id": org.id,
        "serial": org.serial,
        "issued": org.issued,
        "name": org.name,
        "email": org.email,
        "retention_days": org.retention_days,
        "allow_unsealed": org.allow_unsealed,
        "categories": list(org.categories),
        "key": _b64(org.key),
        "mail": {
            "host": org.mail.host,
            "port": org.mail.port,
            "tls": org.mail.tls,
            "from": org.mail.sender,
        },
        "leaders": [{"name": lead.name, "recipient": lead.recipient} for lead in org.leaders],
        "rotations": [
            {"old": _b64(r.old), "new": _b64(r.new), "signature": _b64(r.signature)}
            for r in org.rotations
        ],
    }


def canonical(values: dict[str, Any]) -> bytes:
    """The bytes the signature covers: the values, sorted and compact."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def dump(org: Organisation, signature: bytes) -> bytes:
    """The file's text: the values, then the signature over them."""
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment("peerpact organisation file, signed by leadership."))
    doc.add(tomlkit.comment("Facilitators join it with `peerpact org join FILE`."))
    for key, value in body(org).items():
        doc[key] = value
    doc["signature"] = {"ed25519": _b64(signature)}
    return tomlkit.dumps(doc).encode("utf-8")


def parse(data: bytes, source: str, verify: bool = True) -> tuple[Organisation, bytes]:
    """The organisation in ``data`` and its signature, checked against the
    schema and verified against the key it names (unless ``verify`` is False:
    a version about to be signed); InvalidError otherwise."""
    from peerpact.record.keys import PublicKey
    from peerpact.tomlfile import parse_toml

    if len(data) > MAX_BYTES:
        raise InvalidError(
            _("{source} is larger than an organisation file can be ({limit} bytes).").format(
                source=source, limit=MAX_BYTES
            ),
            _("Ask leadership for the file `peerpact org export` wrote."),
        )
    doc = parse_toml(data, source, InvalidError)
    signed = doc.pop("signature", None)
    if not isinstance(signed, dict) or set(signed) != {"ed25519"}:
        raise _bad(source, _("it has no [signature]"))
    signature = _raw(signed["ed25519"], 64, source, "signature")
    org = _organisation(doc, source)
    if canonical(body(org)) != canonical(doc):
        raise _bad(source, _("it holds values an organisation file does not"))
    if verify and not PublicKey(org.key).verify(signature, canonical(doc)):
        raise InvalidError(
            _(
                "{source}: the signature does not match the file; it was changed after signing."
            ).format(source=source),
            _("Ask leadership for a fresh copy (`peerpact org export`)."),
        )
    return org, signature


def _bad(source: str, what: str) -> InvalidError:
    return InvalidError(
        _("{source} is not a valid organisation file: {what}.").format(source=source, what=what),
        _("Ask leadership for the file `peerpact org export` wrote."),
    )


def _raw(value: Any, size: int, source: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(str(value), validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size:
        raise _bad(source, _("`{what}` is not valid").format(what=what))
    return raw


def _text(doc: dict[str, Any], key: str, source: str, empty: bool = False) -> str:
    value = doc.get(key)
    if (
        not isinstance(value, str)
        or len(value) > MAX_TEXT
        or _CONTROL.search(value)
        or not (empty or value.strip())
    ):
        raise _bad(source, _("`{key}` is missing or not one line of text").format(key=key))
    return value


def _number(doc: dict[str, Any], key: str, low: int, high: int, source: str) -> int:
    value = doc.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _bad(
            source,
            _("`{key}` must be a whole number from {low} to {high}").format(
                key=key, low=low, high=high
            ),
        )
    return value


def _list(doc: dict[str, Any], key: str, limit: int, source: str) -> list[Any]:
    value = doc.get(key)
    if not isinstance(value, list) or len(value) > limit:
        raise _bad(
            source, _("`{key}` must be a list of at most {limit}").format(key=key, limit=limit)
        )
    return value


def _organisation(doc: dict[str, Any], source: str) -> Organisation:
    import pyrage

    if doc.get("format") != FORMAT:
        raise _bad(source, _("it is not in the format {format}").format(format=FORMAT))
    org_id = _text(doc, "id", source)
    if not _ID.match(org_id):
        raise _bad(source, _("`id` is not an organisation id"))
    issued = _text(doc, "issued", source)
    if not _DAY.match(issued):
        raise _bad(source, _("`issued` is not a date (YYYY-MM-DD)"))
    email = _text(doc, "email", source)
    if not _EMAIL.match(email):
        raise _bad(source, _("`email` is not an e-mail address"))
    if not isinstance(doc.get("allow_unsealed"), bool):
        raise _bad(source, _("`allow_unsealed` must be true or false"))
    leaders = []
    for entry in _list(doc, "leaders", MAX_LEADERS, source):
        if not isinstance(entry, dict):
            raise _bad(source, _("a leader is not a table"))
        recipient = _text(entry, "recipient", source)
        try:
            pyrage.x25519.Recipient.from_str(recipient)
        except (pyrage.RecipientError, ValueError) as exc:
            raise _bad(source, _("a leader's recipient is not an age public key")) from exc
        leaders.append(Leader(_text(entry, "name", source), recipient))
    if not leaders:
        raise _bad(source, _("it names no leader"))
    categories = tuple(_list(doc, "categories", MAX_CATEGORIES, source))
    if not all(isinstance(c, str) and c.strip() and not _CONTROL.search(c) for c in categories):
        raise _bad(source, _("a category is not one line of text"))
    mail = doc.get("mail")
    if not isinstance(mail, dict):
        raise _bad(source, _("it has no [mail] table"))
    tls = _text(mail, "tls", source)
    if tls not in TLS_MODES:
        raise _bad(source, _("`mail.tls` must be one of starttls, implicit, none"))
    rotations = []
    for entry in _list(doc, "rotations", MAX_ROTATIONS, source):
        if not isinstance(entry, dict):
            raise _bad(source, _("a rotation is not a table"))
        rotations.append(
            Rotation(
                _raw(entry.get("old"), 32, source, "rotations.old"),
                _raw(entry.get("new"), 32, source, "rotations.new"),
                _raw(entry.get("signature"), 64, source, "rotations.signature"),
            )
        )
    return Organisation(
        id=org_id,
        serial=_number(doc, "serial", 1, 2**53, source),
        issued=issued,
        name=_text(doc, "name", source),
        email=email,
        leaders=tuple(leaders),
        categories=categories,
        retention_days=_number(doc, "retention_days", 1, 36500, source),
        allow_unsealed=doc["allow_unsealed"],
        mail=Mail(
            _text(mail, "host", source, empty=True),
            _number(mail, "port", 0, 65535, source),
            tls,
            _text(mail, "from", source, empty=True),
        ),
        key=_raw(doc.get("key"), 32, source, "key"),
        rotations=tuple(rotations),
    )


def key_after(org: Organisation, pinned: bytes) -> bytes | None:
    """The key ``pinned`` hands over to through the file's rotations, each
    signed by the key before it; None when the chain does not lead from
    ``pinned`` to the key that signs the file."""
    from peerpact.record.keys import PublicKey

    current = pinned
    for rotation in org.rotations:
        if rotation.old != current:
            continue
        if not PublicKey(current).verify(
            rotation.signature, rotation_bytes(org.id, rotation.old, rotation.new)
        ):
            return None
        current = rotation.new
    return current if current == org.key else None
