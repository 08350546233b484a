"""The record file format: revisions, canonical bytes, signatures, the chain.

A record is one TOML file: a header comment, ``format``, ``id``, then one
``[[revisions]]`` block per revision, oldest first. Each revision holds a
``payload`` table (what changed, when, by whom, and ``prev``: the hash of the
revision before), its ``hash`` and ``signature``. New revisions are appended as
text, so earlier bytes are never rewritten. docs/record-format.md is the spec.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from peerpact.agreement.state import Agreement, replay
from peerpact.errors import RecordError
from peerpact.record.keys import PublicKey, SigningKey
from peerpact.text import random_code
from peerpact.tomlfile import parse_toml

FORMAT = 1
MAX_RECORD_BYTES = 8 * 1024 * 1024
ID_LENGTH = 10

HEADER = """\
# peerpact agreement record. It is signed: do not edit it by hand, any change
# makes `peerpact verify` fail. Change it with `peerpact amend` or `peerpact end`.
# The format is specified by `peerpact docs record-format`.
"""


def new_record_id() -> str:
    """A random id that says nothing about the people in the record."""
    return random_code(ID_LENGTH)


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(key): _nfc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    if isinstance(value, bool | int):
        return value
    raise RecordError(f"A payload may hold only text, integers, lists and tables, not {value!r}.")


def canonical(payload: dict[str, Any]) -> bytes:
    """The signed bytes: NFC text, JSON with sorted keys and no spaces, UTF-8."""
    return json.dumps(
        _nfc(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(payload)).hexdigest()


@dataclass(frozen=True)
class Revision:
    payload: dict[str, Any]
    hash: str
    signature: str

    @property
    def number(self) -> int:
        number = self.payload.get("number")
        return number if isinstance(number, int) else 0


@dataclass(frozen=True)
class Record:
    id: str
    revisions: tuple[Revision, ...]

    def state(self, upto: int | None = None) -> Agreement:
        chosen = self.revisions if upto is None else self.revisions[:upto]
        return replay([(rev.payload, rev.hash) for rev in chosen])

    @property
    def head(self) -> Revision:
        return self.revisions[-1]


def sign_revision(
    key: SigningKey, record_id: str, prev: Revision | None, body: dict[str, Any]
) -> Revision:
    """Make the next revision: number, prev hash and signer are filled in here."""
    payload = _nfc(
        {
            **body,
            "record": record_id,
            "number": prev.number + 1 if prev else 1,
            "prev": prev.hash if prev else "",
            "signer": key.public.fingerprint,
        }
    )
    data = canonical(payload)
    signature = base64.b64encode(key.sign(data)).decode("ascii")
    return Revision(payload, hashlib.sha256(data).hexdigest(), signature)


def header_text(record_id: str) -> str:
    return f'{HEADER}\nformat = {FORMAT}\nid = "{record_id}"\n'


def revision_text(revision: Revision) -> str:
    """One ``[[revisions]]`` block, appended as-is to the record file."""
    import tomlkit

    block = {
        "revisions": [
            {"hash": revision.hash, "signature": revision.signature, "payload": revision.payload}
        ]
    }
    return "\n" + tomlkit.dumps(block)


def parse_record(data: bytes, source: str) -> Record:
    """Structure only: types and shapes. Signatures are checked by ``verify``."""
    doc = parse_toml(data, source, RecordError)
    if doc.get("format") != FORMAT:
        raise RecordError(
            f"{source}: not a peerpact record of format {FORMAT}.",
            "It may come from a newer peerpact; upgrade to read it.",
        )
    record_id = doc.get("id")
    revisions = doc.get("revisions")
    if not isinstance(record_id, str) or not isinstance(revisions, list) or not revisions:
        raise RecordError(f"{source}: has no id or no revisions.")
    parsed = []
    for index, raw in enumerate(revisions):
        if not isinstance(raw, dict):
            raise RecordError(f"{source}: revision {index + 1} is malformed.")
        payload, hash_, signature = raw.get("payload"), raw.get("hash"), raw.get("signature")
        if not (
            isinstance(payload, dict) and isinstance(hash_, str) and isinstance(signature, str)
        ):
            raise RecordError(f"{source}: revision {index + 1} is malformed.")
        parsed.append(Revision(payload, hash_, signature))
    return Record(record_id, tuple(parsed))


@dataclass(frozen=True)
class Problem:
    record: str
    revision: int | None
    what: str

    def __str__(self) -> str:
        where = f"revision {self.revision}" if self.revision else "record"
        return f"{self.record}: {where}: {self.what}"


def verify(record: Record, keys: dict[str, PublicKey], head: str | None = None) -> list[Problem]:
    """Every problem with a record's signatures and chain; empty when it holds.

    ``head`` is a (short) revision hash a party kept: it must still be in the
    record, or the record was rolled back.
    """
    problems: list[Problem] = []

    def fail(number: int | None, what: str) -> None:
        problems.append(Problem(record.id, number, what))

    prev = ""
    for index, revision in enumerate(record.revisions):
        number = index + 1
        payload = revision.payload
        if payload.get("number") != number:
            fail(number, f"is numbered {payload.get('number')!r}: a revision was removed or moved")
        if payload.get("record") != record.id:
            fail(number, "belongs to another record")
        if payload.get("prev") != prev:
            fail(number, "broken chain: does not follow the revision before it")
        try:
            data = canonical(payload)
        except RecordError as exc:
            fail(number, exc.message)
            prev = revision.hash
            continue
        actual = hashlib.sha256(data).hexdigest()
        if actual != revision.hash:
            fail(number, "its content was changed after it was signed (hash mismatch)")
        signer = payload.get("signer")
        key = keys.get(signer) if isinstance(signer, str) else None
        if key is None:
            fail(number, f"signed by an unknown key {signer!r}; pass it with --key")
        else:
            try:
                signature = base64.b64decode(revision.signature, validate=True)
            except (binascii.Error, ValueError):
                signature = b""
            if not key.verify(signature, data):
                fail(number, "bad signature")
        prev = actual
    if not problems:
        try:
            record.state()
        except RecordError as exc:
            fail(None, exc.message)
    if head is not None:
        wanted = head.strip().lower()
        if len(wanted) < 8 or not any(rev.hash.startswith(wanted) for rev in record.revisions):
            fail(None, f"revision {head} is no longer in the record (rolled back or replaced)")
    return problems
