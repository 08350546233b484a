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
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from peerpact.agreement.state import Agreement
from peerpact.codes import random_code
from peerpact.errors import RecordError
from peerpact.i18n import _
from peerpact.record.keys import PublicKey, SigningKey
from peerpact.record.payload.check import check_payload
from peerpact.record.payload.replay import apply, replay
from peerpact.tomlfile import parse_toml

#: Format 2 signs minisign's prehashed "ED" way and stores the trusted comment's
#: signature, so exports carry the signatures made when each revision was
#: agreed; format 1 (pure Ed25519, peerpact 0.1) is still read and amended.
FORMAT = 2
LEGACY_FORMAT = 1
FORMATS = (LEGACY_FORMAT, FORMAT)
MAX_RECORD_BYTES = 8 * 1024 * 1024
ID_LENGTH = 10
#: What any record id may be: it becomes a file name, so nothing else is allowed.
ID_PATTERN = re.compile(r"[a-z0-9]{1,40}")

HEADER = """\
# peerpact agreement record. It is signed: do not edit it by hand, any change
# makes `peerpact verify` fail. Change it with `peerpact amend` or `peerpact end`.
# The format is specified by `peerpact docs record-format`.
"""


def new_record_id() -> str:
    """A random id that says nothing about the people in the record."""
    return random_code(ID_LENGTH)


def _nfc(value: Any, changed: list[bool] | None = None) -> Any:
    """``value`` with every string in NFC; ``changed`` gets True appended when
    any string was not NFC already."""
    if isinstance(value, str):
        if value.isascii():
            return value  # ASCII is NFC: no need to look (most of a sealed case)
        normal = unicodedata.normalize("NFC", value)
        if changed is not None and normal != value:
            changed.append(True)
        return normal
    if isinstance(value, dict):
        # ASCII keys and values, integers and booleans are as they are: not
        # a call each (a sealed case's entry is almost all of them).
        return {
            key if type(key) is str and key.isascii() else _nfc(key, changed): item
            if (type(item) is str and item.isascii()) or type(item) in (int, bool)
            else _nfc(item, changed)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_nfc(item, changed) for item in value]
    if isinstance(value, bool | int):
        return value
    raise RecordError(
        _("A payload may hold only text, integers, lists and tables, not %(value)r.")
        % {"value": value}
    )


def canonical(payload: dict[str, Any], changed: list[bool] | None = None) -> bytes:
    """The signed bytes: NFC text, JSON with sorted keys and no spaces, UTF-8."""
    return _encoded(_nfc(payload, changed))


def _encoded(payload: dict[str, Any]) -> bytes:
    """JSON with sorted keys and no spaces, UTF-8: the one spelling signed."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class Revision:
    payload: dict[str, Any]
    hash: str
    signature: str
    #: Format 2: the signature of the minisign trusted comment (see ``trusted_comment``).
    trusted_signature: str = ""

    @property
    def number(self) -> int:
        number = self.payload.get("number")
        return number if isinstance(number, int) else 0


@dataclass(frozen=True)
class Record:
    id: str
    revisions: tuple[Revision, ...]
    format: int = FORMAT

    def state(self, upto: int | None = None) -> Agreement:
        chosen = self.revisions if upto is None else self.revisions[:upto]
        return replay([(rev.payload, rev.hash) for rev in chosen])

    @property
    def head(self) -> Revision:
        return self.revisions[-1]


def prehash(data: bytes) -> bytes:
    """What minisign's "ED" algorithm signs: BLAKE2b-512 of the message."""
    return hashlib.blake2b(data, digest_size=64).digest()


def trusted_comment(record_id: str, number: int, hash_: str) -> str:
    """The minisign trusted comment of a revision, made from what it signs."""
    return f"peerpact record {record_id} revision {number} {hash_}"


def sign_revision(
    key: SigningKey,
    record_id: str,
    prev: Revision | None,
    body: dict[str, Any],
    format: int = FORMAT,
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
    # canonical(payload) without a second pass of _nfc: payload is NFC already.
    data = _encoded(payload)
    hash_ = hashlib.sha256(data).hexdigest()
    if format == LEGACY_FORMAT:
        return Revision(payload, hash_, _b64(key.sign(data)))
    signature = key.sign(prehash(data))
    comment = trusted_comment(record_id, payload["number"], hash_)
    trusted = key.sign(signature + comment.encode("utf-8"))
    return Revision(payload, hash_, _b64(signature), _b64(trusted))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return b""


def header_text(record_id: str) -> str:
    return f'{HEADER}\nformat = {FORMAT}\nid = "{record_id}"\n'


def revision_text(revision: Revision) -> str:
    """One ``[[revisions]]`` block, appended as-is to the record file."""
    import tomlkit

    block: dict[str, Any] = {"hash": revision.hash, "signature": revision.signature}
    if revision.trusted_signature:
        block["trusted_signature"] = revision.trusted_signature
    block["payload"] = revision.payload
    return "\n" + tomlkit.dumps({"revisions": [block]})


_REVISION_KEYS = {LEGACY_FORMAT: {"hash", "signature", "payload"}}
_REVISION_KEYS[FORMAT] = _REVISION_KEYS[LEGACY_FORMAT] | {"trusted_signature"}


def parse_record(data: bytes, source: str, expected_id: str | None = None) -> Record:
    """Structure only: types and shapes. Signatures are checked by ``verify``.

    ``expected_id`` is the id the file's name gives it: a file whose id says
    otherwise was copied over another record, and is refused.
    """
    return record_from_document(parse_toml(data, source, RecordError), source, expected_id)


def record_from_document(
    doc: Mapping[str, Any], source: str, expected_id: str | None = None
) -> Record:
    """A record from its parsed document (TOML on disk; the inbox keeps the
    same document as JSON inside its encryption): structure only."""
    record_format = doc.get("format")
    if record_format not in FORMATS or isinstance(record_format, bool):
        raise RecordError(
            _("%(file)s: not a peerpact record of format %(formats)s.")
            % {"file": source, "formats": _(" or ").join(map(str, FORMATS))},
            _("It may come from a newer peerpact; upgrade to read it."),
        )
    if set(doc) != {"format", "id", "revisions"}:
        raise RecordError(
            _("%(file)s: has fields a record does not have, or lacks some.") % {"file": source}
        )
    record_id = doc["id"]
    revisions = doc["revisions"]
    if not isinstance(record_id, str) or not ID_PATTERN.fullmatch(record_id):
        raise RecordError(
            _("%(file)s: its id is not a record id (a-z and 0-9 only).") % {"file": source}
        )
    if expected_id is not None and record_id != expected_id:
        raise RecordError(
            _("%(file)s: holds record %(id)s, not %(expected)s: another record was copied over it.")
            % {"file": source, "id": record_id, "expected": expected_id}
        )
    if not isinstance(revisions, list) or not revisions:
        raise RecordError(_("%(file)s: has no revisions.") % {"file": source})
    parsed = []
    for index, raw in enumerate(revisions):
        if not isinstance(raw, dict) or set(raw) != _REVISION_KEYS[record_format]:
            raise RecordError(
                _("%(file)s: revision %(n)s is malformed.") % {"file": source, "n": index + 1}
            )
        payload, hash_, signature = raw["payload"], raw["hash"], raw["signature"]
        trusted = raw.get("trusted_signature", "")
        if not (
            isinstance(payload, dict)
            and isinstance(hash_, str)
            and isinstance(signature, str)
            and isinstance(trusted, str)
        ):
            raise RecordError(
                _("%(file)s: revision %(n)s is malformed.") % {"file": source, "n": index + 1}
            )
        parsed.append(Revision(payload, hash_, signature, trusted))
    return Record(record_id, tuple(parsed), record_format)


@dataclass(frozen=True)
class Problem:
    record: str
    revision: int | None
    what: str

    def __str__(self) -> str:
        where = _("revision %(n)s") % {"n": self.revision} if self.revision else _("record")
        return f"{self.record}: {where}: {self.what}"


@dataclass
class Verdict:
    """What verifying one record found."""

    record: str
    problems: list[Problem] = field(default_factory=list)
    #: Every revision's hash, recomputed from its content (never the stored one).
    hashes: list[str] = field(default_factory=list)
    #: The fingerprints that signed, in order of first use.
    signers: list[str] = field(default_factory=list)
    #: The agreement as it stands, when every revision replayed.
    state: Agreement | None = None
    #: False when the file could not be read as a record at all.
    readable: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def head(self) -> str:
        return self.hashes[-1] if self.hashes else ""

    def fail(self, revision: int | None, what: str) -> None:
        self.problems.append(Problem(self.record, revision, what))


def verify(record: Record, keys: Mapping[str, PublicKey], agreement: bool = True) -> Verdict:
    """Check every signature, the chain and a strict replay of every payload.

    Each revision is checked on its own, so every problem is reported with
    its revision, not only the first. ``agreement=False`` checks the chain
    and signatures alone, for chains whose payloads are not an agreement's
    (leadership's cases replay their own).
    """
    verdict = Verdict(record.id)
    state: Agreement | None = None
    replaying = agreement
    prev = ""
    for number, revision in enumerate(record.revisions, start=1):
        payload = revision.payload
        if payload.get("number") != number:
            verdict.fail(
                number,
                _("is numbered %(n)r: a revision was removed or moved")
                % {"n": payload.get("number")},
            )
        if payload.get("record") != record.id:
            verdict.fail(number, _("belongs to another record"))
        if payload.get("prev") != prev:
            verdict.fail(number, _("broken chain: does not follow the revision before it"))
        not_nfc: list[bool] = []
        try:
            data = canonical(payload, not_nfc)
        except RecordError as exc:
            verdict.fail(number, exc.message)
            replaying = False
            prev = revision.hash
            continue
        if not_nfc:
            # peerpact writes NFC; other forms hash alike but read differently.
            verdict.fail(number, _("holds text that is not in Unicode NFC form"))
        actual = hashlib.sha256(data).hexdigest()
        verdict.hashes.append(actual)
        if actual != revision.hash:
            verdict.fail(number, _("its content was changed after it was signed (hash mismatch)"))
        _check_signature(verdict, record, revision, number, actual, data, keys)
        if replaying:
            try:
                check_payload(payload, state)
                state = apply(state, payload, actual)
            except RecordError as exc:
                verdict.fail(number, exc.message)
                replaying = False
        prev = actual
    verdict.state = state if replaying and not verdict.problems else None
    return verdict


def _check_signature(
    verdict: Verdict,
    record: Record,
    revision: Revision,
    number: int,
    actual: str,
    data: bytes,
    keys: Mapping[str, PublicKey],
) -> None:
    signer = revision.payload.get("signer")
    key = keys.get(signer) if isinstance(signer, str) else None
    if key is None:
        verdict.fail(
            number,
            _(
                "signed by an unknown key %(key)r: not this computer's, nor one it trusts "
                "(peerpact key trust FILE, or verify --key FILE)"
            )
            % {"key": signer},
        )
        return
    from peerpact.record.keyring import signed_in_time

    if not signed_in_time(keys, str(signer), revision.payload.get("time")):
        verdict.fail(number, _("signed by an earlier key of this computer after it was retired"))
        return
    if signer not in verdict.signers:
        verdict.signers.append(str(signer))
    signature = _unb64(revision.signature)
    own = getattr(keys, "signing_key", None)
    check = own.signed if own is not None and own.public == key else key.verify
    if record.format == LEGACY_FORMAT:
        good = check(signature, data)
    else:
        comment = trusted_comment(record.id, number, actual).encode("utf-8")
        good = check(signature, prehash(data)) and check(
            _unb64(revision.trusted_signature), signature + comment
        )
    if not good:
        verdict.fail(number, _("bad signature"))


def head_matches(verdict: Verdict, head: str) -> bool:
    """Whether a head a party kept (at least 12 hex digits) is still in the record."""
    return any(digest.startswith(head) for digest in verdict.hashes)
