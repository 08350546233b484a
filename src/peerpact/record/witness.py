"""This computer's witness: an append-only, signed log of every head it wrote.

A record's own chain proves that nothing in it was changed; it cannot prove
that nothing was cut off the end, that the file is the one this computer
wrote, or that a record is still there. The witness can. Every time peerpact
writes a revision it appends a line naming the record, the revision number
and its hash; `verify` then compares each record with the last head this
computer witnessed for it (git's reflog and Certificate Transparency's signed
tree heads are the models).

Each line is JSON: ``{"entry": {...}, "chain": HEX, "signature": B64}``. The
chain hash of line n is SHA-256 of the chain hash of line n-1, a newline, and
the entry's canonical bytes; the signature is the signing key's Ed25519
signature of ``b"peerpact witness " + chain``. A line is therefore bound to
every line before it, and only the last line's signature needs checking:
editing, removing or reordering any earlier line breaks the chain. Appending
reads only the last line, so a write costs the same however long the log is.
What the log cannot catch is said in docs/threat-model.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from peerpact.clock import now
from peerpact.errors import PeerpactError, RecordError
from peerpact.files import describe_os_error, ensure_private_dir, locked, open_own
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record.format import ID_PATTERN, canonical
from peerpact.record.keys import PublicKey, SigningKey

WROTE = "wrote"
FORGOTTEN = "forgotten"
#: A head a repair (record/witness_repair.py) read in a line it could not
#: verify: held against the record like ``wrote``, so a repair never makes a
#: check looser, but said as unverified.
UNVERIFIED = "unverified"
_EVENTS = (WROTE, FORGOTTEN, UNVERIFIED)
_ENTRY_FIELDS = frozenset({"seq", "time", "event", "record", "number", "head", "signer"})
#: A line is a few hundred bytes; anything longer was not written by peerpact.
MAX_LINE = 4096
#: About three million lines; a log this large is refused rather than read.
MAX_LOG_BYTES = 1024 * 1024 * 1024
_DOMAIN = b"peerpact witness "
_CHAIN = re.compile(r"[0-9a-f]{64}")
#: A forgotten record too damaged to read has no head.
_HEAD = re.compile(r"(?:[0-9a-f]{64})?")


@dataclass(frozen=True, slots=True)
class Seen:
    """The last thing this computer witnessed of one record."""

    event: str
    number: int
    head: str
    time: str


class Heads(Mapping[str, Seen]):
    """Each record's last witnessed entry, kept as one string a record and
    read back as a ``Seen``: with 100,000 records, a ``Seen`` and its three
    strings each would cost about 15 MiB more (`verify --all` holds them all)."""

    __slots__ = ("_packed",)

    def __init__(self) -> None:
        self._packed: dict[str, str] = {}

    def put(self, record: str, seen: Seen) -> None:
        # The time goes last: only it could hold the separator (it is any ASCII).
        self._packed[record] = f"{seen.event}\0{seen.number}\0{seen.head}\0{seen.time}"

    def __getitem__(self, record: str) -> Seen:
        event, number, head, time = self._packed[record].split("\0", 3)
        return Seen(event, int(number), head, time)

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


@dataclass
class Witness:
    """The log as read: each record's last witnessed head, or what is wrong."""

    exists: bool = False
    entries: int = 0
    chain: str = ""
    heads: Heads = field(default_factory=Heads)
    #: Set when the log itself was tampered with; then ``heads`` is empty.
    damage: str = ""


def chain_of(previous: str, entry: dict[str, Any]) -> str:
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical(entry)).hexdigest()


def open_log(path: Path) -> BinaryIO:
    try:
        return open_own(path)
    except PeerpactError as exc:  # not a plain file: the log was tampered with
        raise RecordError(
            _("The witness log {path} is not a plain file.").format(path=path)
        ) from exc


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Complete lines only: a last line with no newline is a write cut short by a
    crash, and never counted."""
    with open_log(path) as handle:
        if os.fstat(handle.fileno()).st_size > MAX_LOG_BYTES:
            raise RecordError(
                _("The witness log {path} is larger than any peerpact writes.").format(path=path)
            )
        for number, line in enumerate(iter(lambda: handle.readline(MAX_LINE + 1), b""), 1):
            if not line.endswith(b"\n"):
                if len(line) > MAX_LINE:
                    raise RecordError(
                        _("line {number} is longer than any peerpact writes").format(number=number)
                    )
                return
            yield number, line


def parse(line: bytes, where: str) -> tuple[dict[str, Any], str, str]:
    try:
        doc = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise RecordError(_("{where} is not JSON").format(where=where)) from exc
    if not isinstance(doc, dict) or set(doc) != {"entry", "chain", "signature"}:
        raise RecordError(_("{where} is malformed").format(where=where))
    entry, chain, signature = doc["entry"], doc["chain"], doc["signature"]
    if not (
        isinstance(entry, dict)
        and set(entry) == _ENTRY_FIELDS
        and entry["event"] in _EVENTS
        and isinstance(entry["record"], str)
        and ID_PATTERN.fullmatch(entry["record"])
        and all(isinstance(entry[k], int) for k in ("seq", "number"))
        and all(isinstance(entry[k], str) and entry[k].isascii() for k in ("time", "signer"))
        and isinstance(entry["head"], str)
        and _HEAD.fullmatch(entry["head"])
        and isinstance(chain, str)
        and _CHAIN.fullmatch(chain)
        and isinstance(signature, str)
        and signature.isascii()
    ):
        raise RecordError(_("{where} is malformed").format(where=where))
    return entry, chain, signature


def signed(entry: dict[str, Any], chain: str, signature: str, own: Mapping[str, PublicKey]) -> bool:
    """Whether one of ``own`` signed ``chain``, and was not retired by the
    line's time (a retired key's line after its retirement is not its)."""
    from peerpact.record.keyring import signed_in_time

    key = own.get(entry["signer"])
    if key is None or not signed_in_time(own, entry["signer"], entry.get("time")):
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
    except ValueError:
        return False
    return key.verify(raw, _DOMAIN + chain.encode("ascii"))


def _check_signature(
    entry: dict[str, Any], chain: str, signature: str, own: Mapping[str, PublicKey]
) -> None:
    if not signed(entry, chain, signature, own):
        raise RecordError(_("its last entry is not signed by this computer's key"))


def read(own: Mapping[str, PublicKey]) -> Witness:
    """The whole log, checked: the chain line by line, the last line's signature.

    ``own`` maps this computer's key fingerprints (current and earlier) to
    their public keys.
    """
    path = get_paths().witness_file
    witness = Witness(exists=path.exists())
    if not witness.exists:
        return witness
    last: tuple[dict[str, Any], str, str] | None = None
    try:
        for number, line in _lines(path):
            entry, chain, signature = parse(line, _("line {number}").format(number=number))
            if entry["seq"] != number or chain_of(witness.chain, entry) != chain:
                raise RecordError(
                    _("line {number} was changed, removed or moved").format(number=number)
                )
            witness.chain, witness.entries, last = chain, number, (entry, chain, signature)
            witness.heads.put(
                entry["record"], Seen(entry["event"], entry["number"], entry["head"], entry["time"])
            )
        if last is not None:
            _check_signature(*last, own)
    except RecordError as exc:
        return Witness(
            exists=True,
            damage=_("The witness log {path} is damaged: {problem}.").format(
                path=path, problem=exc.message
            ),
        )
    except OSError as exc:
        return Witness(
            exists=True,
            damage=_("The witness log {path} cannot be read: {problem}.").format(
                path=path, problem=exc.strerror or exc
            ),
        )
    return witness


def _last_line(path: Path) -> tuple[int, bytes | None]:
    """The size of the complete lines, and the last of them (None for none)."""
    with open_log(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        handle.seek(max(0, size - 2 * MAX_LINE))
        tail = handle.read()
    end = tail.rfind(b"\n") + 1  # past the last complete line
    complete = size - len(tail) + end
    lines = tail[:end].splitlines(keepends=True)
    return complete, (lines[-1] if lines else None)


def append(
    key: SigningKey,
    own: Mapping[str, PublicKey],
    record_id: str,
    number: int,
    head: str,
    event: str = WROTE,
) -> None:
    """Witness one head. Only the last line is read: it must be this
    computer's, or the log was tampered with and nothing is signed onto it."""
    append_many(key, own, [(record_id, number, head)], event)


def append_many(
    key: SigningKey,
    own: Mapping[str, PublicKey],
    heads: Iterable[tuple[str, int, str]],
    event: str = WROTE,
) -> None:
    """Witness (record id, number, head) triples in one write and one fsync:
    starting the log over many records must not cost a disk flush each."""
    path = get_paths().witness_file
    ensure_private_dir(path.parent)
    with locked(path):
        previous, seq, complete = "", 0, 0
        if path.exists():
            complete, line = _last_line(path)
            if line is not None:
                entry, previous, signature = parse(line, _("its last line"))
                _check_signature(entry, previous, signature, own)
                seq = entry["seq"]
        data = signed_lines(key, previous, seq, ((now(), event, *head) for head in heads))[0]
        if data:
            _append_bytes(path, complete, data)


def signed_lines(
    key: SigningKey, previous: str, seq: int, entries: Iterable[tuple[str, str, str, int, str]]
) -> tuple[bytes, str]:
    """(time, event, record id, number, head) entries as lines chained on
    ``previous`` from line ``seq`` + 1, each signed with ``key``; and the
    last chain hash."""
    lines = []
    for time, event, record_id, number, head in entries:
        seq += 1
        entry = {
            "seq": seq,
            "time": time,
            "event": event,
            "record": record_id,
            "number": number,
            "head": head,
            "signer": key.public.fingerprint,
        }
        previous = chain_of(previous, entry)
        signature = base64.b64encode(key.sign(_DOMAIN + previous.encode("ascii"))).decode()
        lines.append(json.dumps({"entry": entry, "chain": previous, "signature": signature}))
    return ("".join(line + "\n" for line in lines)).encode("ascii"), previous


def _append_bytes(path: Path, complete: int, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.ftruncate(fd, complete)  # drop a line a crash cut short
            os.lseek(fd, complete, os.SEEK_SET)
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise describe_os_error(exc, path) from exc


def compare(seen: Seen | None, hashes: list[str]) -> str:
    """What is wrong with a record whose revisions hash to ``hashes``, given
    what this computer last witnessed of it; "" when nothing is."""
    if seen is None or seen.event == FORGOTTEN:
        return ""
    # A head a repair kept unverified is held to the same check, said as such.
    said = "" if seen.event == WROTE else " (by a witness line the repair could not verify)"
    if seen.number > len(hashes):
        return (
            f"rolled back: this computer wrote revision {seen.number} "
            f"(head {seen.head[:16]}), but the record ends at revision {len(hashes)}{said}"
        )
    if hashes[seen.number - 1] != seen.head:
        if seen.number == 1:
            return f"replaced: this is not the record this computer created under this id{said}"
        return (
            f"forked: revision {seen.number} is not the one this computer wrote "
            f"(expected head {seen.head[:16]}){said}"
        )
    return ""
