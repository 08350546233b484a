"""Where leadership's cases are kept: one file, one encrypted line per case.

Each line is ``NAME BASE64`` where BASE64 is a random nonce and the case's
chain of signed entries (a record document, as JSON) encrypted with the
inbox key under AES-GCM, the case's name bound in as associated data, so a
line edited on disk, or moved to another name, does not open. The inbox key
is 32 random bytes, itself sealed with age to leadership's identities
(``key.age``): nothing here opens without a leader's identity. One file and
symmetric encryption keep a sync of many messages to one write (see
docs/performance.md); the sealed message inside each case stays as it was
delivered, so its clear text is never kept at all.

A line that does not open is kept exactly as it was, and said to be damaged:
nothing already kept is lost by a later change.

The file ends with a seal line, ``seal HEX``: an HMAC under the inbox key of
every line above it. Each line opens on its own, so without it a line
deleted, or put back as an older copy of itself, would pass unseen (and the
seen list and the IMAP state would keep its message from being taken
again). A file whose seal does not check is said so, and the next sync reads
every message again (leadership/sync.py). Putting back the whole folder as
it was (a backup) is not seen: nothing on this computer remembers later.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import InvalidError, RecordError, StorageError
from peerpact.files import atomic_write, read_bounded
from peerpact.i18n import _
from peerpact.leadership.cases import Case, replay
from peerpact.record.format import (
    LEGACY_FORMAT,
    Record,
    Revision,
    record_from_document,
    sign_revision,
    verify,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from pyrage import x25519

    from peerpact.record.keyring import Keyring
    from peerpact.record.keys import SigningKey

#: Cases are signed as record format 1 (one pure Ed25519 signature per entry)
#: rather than 2, whose second signature is the minisign trusted comment that
#: exported record signatures need: a case is never exported as one, and a
#: second signature per message was a third of a sync's time (docs/performance.md).
CASE_FORMAT = LEGACY_FORMAT
KEY_FILE = "key.age"
#: The one entry of a forgotten case (leadership/retention.py): its last head,
#: the day, and its sealed messages' digests; nothing of what they said.
TOMBSTONE = "forgotten"
CASES_FILE = "cases.txt"
MAX_CASES_BYTES = 256 * 1024 * 1024
MAX_KEY_BYTES = 4096
_NONCE = 12
_SEAL = b"seal "


@dataclass
class Stored:
    """One line of the cases file: what it holds, or why it does not open."""

    name: str
    line: bytes
    record: Record | None = None
    case: Case | None = None
    problems: list[str] = field(default_factory=list)
    #: A tombstone: the case was forgotten (`inbox forget`), this says so, signed.
    forgotten: bool = False
    #: For a tombstone: the day it was forgotten, and its messages' digests.
    forgotten_on: str = ""
    digests: tuple[str, ...] = ()


def inbox_key(folder: Path, identities: list[x25519.Identity], create: bool) -> bytes:
    """The inbox key, opened with leadership's identities (made on first use)."""
    import pyrage

    path = folder / KEY_FILE
    try:
        sealed = read_bounded(path, MAX_KEY_BYTES, _("inbox key"), follow=False)
    except FileNotFoundError:
        if not create or (folder / CASES_FILE).exists():
            raise StorageError(
                _("The inbox key {path} is missing; the cases cannot be opened.").format(path=path),
                _("Restore it from a backup of this computer."),
            ) from None
        key = os.urandom(32)
        recipients = [identity.to_public() for identity in identities]
        atomic_write(path, pyrage.encrypt(key, recipients))
        return key
    try:
        key = pyrage.decrypt(sealed, identities)
    except pyrage.DecryptError as exc:
        raise InvalidError(
            _("The inbox key {path} does not open with this identity.").format(path=path),
            _("Give the identity of a leader of this inbox with --identity FILE."),
        ) from exc
    if len(key) != 32:
        raise InvalidError(_("The inbox key {path} is damaged.").format(path=path))
    return bytes(key)


def _entry(rev: Revision, record_format: int) -> dict[str, Any]:
    if record_format == LEGACY_FORMAT:
        return {"hash": rev.hash, "signature": rev.signature, "payload": rev.payload}
    return {
        "hash": rev.hash,
        "signature": rev.signature,
        "trusted_signature": rev.trusted_signature,
        "payload": rev.payload,
    }


@functools.lru_cache(maxsize=4)
def _cipher(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def seal_line(key: bytes, record: Record) -> bytes:
    document = {
        "format": record.format,
        "id": record.id,
        "revisions": [_entry(rev, record.format) for rev in record.revisions],
    }
    nonce = os.urandom(_NONCE)
    data = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    sealed = _cipher(key).encrypt(nonce, data, record.id.encode("ascii"))
    return record.id.encode("ascii") + b" " + base64.b64encode(nonce + sealed) + b"\n"


def open_line(key: bytes, line: bytes, number: int) -> Stored:
    """One line, opened: its record, or what is wrong with it (never raised)."""
    from cryptography.exceptions import InvalidTag

    name_bytes, _space, body = line.rstrip(b"\n").partition(b" ")
    name = name_bytes.decode("ascii", "replace")[:40]
    stored = Stored(name if name.isalnum() else f"line-{number}", line)
    try:
        raw = base64.b64decode(body, validate=True)
        data = _cipher(key).decrypt(raw[:_NONCE], raw[_NONCE:], name_bytes)
        document: Any = json.loads(data)
        if not isinstance(document, dict):
            raise ValueError(document)
        stored.record = record_from_document(document, stored.name, expected_id=name)
    except (binascii.Error, ValueError, InvalidTag, RecordError):
        stored.problems.append(
            _("changed on disk, or damaged: it does not open with the inbox key")
        )
    return stored


def load(folder: Path, key: bytes) -> list[Stored]:
    """Every line of the cases file, in order, opened (not yet verified)."""
    return opened(folder, key)[0]


def opened(folder: Path, key: bytes) -> tuple[list[Stored], bool]:
    """``load``'s lines, and whether the file's seal checks (True for no file)."""
    try:
        data = read_bounded(folder / CASES_FILE, MAX_CASES_BYTES, _("cases file"), follow=False)
    except FileNotFoundError:
        return [], True
    body, intact = _unsealed(key, data)
    lines = [
        open_line(key, line, number)
        for number, line in enumerate(body.splitlines(keepends=True), start=1)
        if line.strip()
    ]
    return lines, intact


def intact(folder: Path, key: bytes) -> bool:
    """Whether the cases file's seal checks: no case was removed or put back."""
    try:
        data = read_bounded(folder / CASES_FILE, MAX_CASES_BYTES, _("cases file"), follow=False)
    except FileNotFoundError:
        return True
    return _unsealed(key, data)[1]


def _seal(key: bytes, body: bytes) -> bytes:
    return hmac.digest(key, b"peerpact cases\x00" + body, "sha256").hex().encode("ascii")


def _unsealed(key: bytes, data: bytes) -> tuple[bytes, bool]:
    """The lines above the seal, and whether the seal checks (a file without
    one, as an edit may leave it, does not)."""
    body, _newline, last = data.rstrip(b"\n").rpartition(b"\n")
    if not last.startswith(_SEAL):
        return data, False
    body += b"\n" if body else b""
    return body, hmac.compare_digest(last.removeprefix(_SEAL), _seal(key, body))


def check(stored: Stored, keys: Keyring) -> Stored:
    """Verify a case's chain and signatures, and replay it."""
    if stored.record is None:
        return stored
    verdict = verify(stored.record, keys, agreement=False)
    stored.problems += [problem.what for problem in verdict.problems]
    payloads = [rev.payload for rev in stored.record.revisions]
    if len(payloads) == 1 and payloads[0].get("kind") == TOMBSTONE:
        stored.forgotten = True
        stone = payloads[0]
        stored.forgotten_on = str(stone.get("day", ""))[:10]
        digests = stone.get("digests")
        if isinstance(digests, list):
            stored.digests = tuple(str(digest) for digest in digests)
        return stored
    try:
        stored.case = replay(stored.name, payloads)
    except (ValueError, TypeError):
        stored.problems.append(_("its entries do not make a case"))
    return stored


def append(
    signer: SigningKey, key: bytes, name: str, prev: Record | None, body: dict[str, Any]
) -> tuple[Record, bytes]:
    """``prev`` (or a new case) with one more signed entry, and its new line."""
    head: Revision | None = prev.head if prev else None
    record_format = prev.format if prev else CASE_FORMAT
    revision = sign_revision(signer, name, head, body, record_format)
    record = Record(name, (*(prev.revisions if prev else ()), revision), record_format)
    return record, seal_line(key, record)


def save(folder: Path, key: bytes, lines: list[bytes]) -> None:
    """The whole cases file, written at once (atomic; 0600 in a 0700 folder),
    sealed."""
    body = b"".join(lines)
    atomic_write(folder / CASES_FILE, body + _SEAL + _seal(key, body) + b"\n")
