"""`inbox sync`'s core: delivered messages in, cases out.

Wherever the messages come from (a Maildir here, an IMAP server in
leadership/imap.py), ``sync`` takes them as ``(source_id, raw)`` pairs:
``source_id`` names the message where it was delivered (a Maildir unique
name, an IMAP URL ending ``;UIDVALIDITY=V/;UID=U``) so a later sync of the same folder skips it;
``raw`` is the message's bytes as delivered. Each one that is ours is opened
with leadership's identities, checked against the cases already kept, and
becomes a new case: one signed entry holding the message still sealed, the
day, its category and whether it carries contact details. The clear text is
never kept.

A follow-up (written from `grievance check` with the receipt, issue 23)
carries the follow-up tag its receipt derives, the same as the first
message's: it is filed under that case, as one more signed entry holding
the message still sealed and the day, and makes no new case. The tag says
only that both came from whoever holds the receipt.

What is kept of a source id is only an HMAC of it under the inbox key
(``seen.txt``, the latest ``MAX_SEEN_LINES`` of them): a Maildir name says
when and on which host a message arrived, and a case keeps nothing finer
than the day. The list only saves a decryption: when the cases file's seal
does not check (a case may have been removed on disk), every message is
opened again and one no case holds is taken again. Everything is written once, at
the end, under the inbox's lock: a sync that fails changes nothing, and one
cut off midway leaves the cases as they were or all of them written.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.codes import READABLE_ALPHABET
from peerpact.errors import NotFoundError, StorageError, UserInputError
from peerpact.i18n import _
from peerpact.leadership import casefile
from peerpact.leadership.mail import MAX_MESSAGE_BYTES, NotOurs, Opened, Refused, open_message

if TYPE_CHECKING:
    from pyrage import x25519

    from peerpact.record.keys import SigningKey

SEEN_FILE = "seen.txt"
MAX_SEEN_BYTES = 64 * 1024 * 1024
#: The seen list keeps the latest this many sources (33 bytes each: 6.6 MB);
#: an older one dropped is opened again at the next sync and kept out as a
#: duplicate by its digest (cases and tombstones keep them), so the bound
#: costs a decryption, never a second case.
MAX_SEEN_LINES = 200_000
_SEEN_DIGITS = 32
#: A case's name: ten readable letters and digits, random (says nothing of the message).
CASE_NAME_LENGTH = 10
#: Each byte to a letter of READABLE_ALPHABET, or "-" (dropped) for the few
#: bytes past the last whole round of it, which would favour the first letters.
_NAME_TABLE = bytes(
    ord(READABLE_ALPHABET[b % len(READABLE_ALPHABET)])
    if b < 256 - 256 % len(READABLE_ALPHABET)
    else ord("-")
    for b in range(256)
)


@dataclass(frozen=True)
class Refusal:
    """A message not taken, and why (one line of the sync report)."""

    source: str
    reason: str
    #: For a duplicate: the case that holds the same message already.
    duplicate_of: str = ""

    def as_json(self) -> dict[str, str]:
        found = {"source": self.source, "reason": self.reason}
        if self.duplicate_of:
            found["duplicate_of"] = self.duplicate_of
        return found


@dataclass
class SyncReport:
    """What one sync did: the cases it made and every message it did not take."""

    #: The new cases' names, in the order their messages came.
    taken: list[str] = field(default_factory=list)
    #: Follow-ups filed under an existing case: that case's name, once per message.
    follow_ups: list[str] = field(default_factory=list)
    #: Messages that could not be taken: not sealed to this leader, damaged, too large.
    refused: list[Refusal] = field(default_factory=list)
    #: Messages already kept in a case (the same sealed text), under another source.
    duplicates: list[Refusal] = field(default_factory=list)
    #: Messages an earlier sync took already (their source was seen).
    seen: int = 0
    #: Mail that is not a peerpact grievance: left alone.
    ignored: int = 0
    #: The cases file's seal did not check (a case removed or put back on
    #: disk): every message was opened again, and the file sealed anew.
    resealed: bool = False

    @property
    def failed(self) -> bool:
        """True when a message was refused: the command should exit non-zero."""
        return bool(self.refused)

    def as_json(self) -> dict[str, Any]:
        return {
            "taken": list(self.taken),
            "follow_ups": list(self.follow_ups),
            "refused": [item.as_json() for item in self.refused],
            "duplicates": [item.as_json() for item in self.duplicates],
            "seen": self.seen,
            "ignored": self.ignored,
            "resealed": self.resealed,
        }


def sync(
    folder: Path,
    identities: Sequence[x25519.Identity],
    messages: Iterable[tuple[str, bytes]],
    signer: SigningKey | None = None,
) -> SyncReport:
    """Take every new message into the inbox at ``folder`` (made on first use).

    ``identities`` open the messages and the inbox key; ``signer`` signs the
    new cases' first entries (this computer's key unless given). Raises a
    PeerpactError, having changed nothing, when the inbox cannot be opened.
    """
    from peerpact.files import ensure_private_dir, locked

    identities = list(identities)
    if not identities:
        raise UserInputError(_("No identity to open the messages with."))
    ensure_private_dir(folder)
    signer = signer or this_computers_key()
    with locked(folder / casefile.CASES_FILE):
        key = casefile.inbox_key(folder, identities, create=True)
        taking = _Taking(folder, key, identities, signer)
        for source, raw in messages:
            taking.take(source, raw)
        taking.save()
        return taking.report


def this_computers_key() -> SigningKey:
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_or_create_key

    return load_or_create_key(get_paths().key_file)


class _Taking:
    """One sync under way: what is kept already, and what this sync adds."""

    def __init__(
        self, folder: Path, key: bytes, identities: list[x25519.Identity], signer: SigningKey
    ) -> None:
        from peerpact.record.keyring import keyring

        self.folder, self.key, self.identities, self.signer = folder, key, identities, signer
        keys = keyring()
        keys.add(signer.public, _("this computer's key"), own=True)
        lines, self.intact = casefile.opened(folder, key)
        self.stored = [casefile.check(item, keys) for item in lines]
        self.names = {item.name for item in self.stored}
        verified = [item for item in self.stored if item.case is not None and not item.problems]
        #: Sealed text's digest -> the case holding it, first message or follow-up.
        self.digests = {
            digest: item.name for item in verified if item.case for digest in item.case.digests
        }
        # A forgotten case's messages are still known by their digests: one
        # left in the Maildir is a duplicate, never a new case.
        self.digests.update(
            (digest, item.name)
            for item in self.stored
            if item.forgotten and not item.problems
            for digest in item.digests
        )
        #: Follow-up tag -> the case it files a follow-up under.
        self.tags = {
            item.case.follow_up_tag: item.name
            for item in verified
            if item.case and item.case.follow_up_tag
        }
        self.records = {item.name: item.record for item in verified if item.record}
        self.seen = read_seen(folder)
        self.new_seen: list[str] = []
        #: The cases this sync makes or adds to: name -> the case's new line.
        self.changed: dict[str, bytes] = {}
        self.report = SyncReport(resealed=not self.intact)

    def take(self, source: str, raw: bytes) -> None:
        seen = source_tag(self.key, source)
        # A cases file whose seal does not check may have lost a case: its
        # message was seen, so every seen one is opened again to make sure.
        if seen in self.seen and self.intact:
            self.report.seen += 1
            return
        try:
            opened = open_message(raw, self.identities)
        except NotOurs:
            self.report.ignored += 1
            return
        except Refused as refused:
            self.report.refused.append(Refusal(source, str(refused)))
            return
        held = self.digests.get(opened.digest)
        if held and seen in self.seen:
            self.report.seen += 1  # opened again (above): its case is there
            return
        self._remember(seen)
        if held:
            reason = _("a duplicate of case {name}").format(name=held)
            self.report.duplicates.append(Refusal(source, reason, held))
            return
        followed = self.tags.get(opened.follow_up_tag) if opened.follow_up_tag else None
        name = followed or self._new_name()
        entry = follow_up(opened) if followed else received(opened)
        record, line = casefile.append(self.signer, self.key, name, self.records.get(name), entry)
        self.records[name] = record
        self.changed[name] = line
        self.names.add(name)
        self.digests[opened.digest] = name
        if followed:
            self.report.follow_ups.append(name)
            return
        if opened.follow_up_tag:
            self.tags[opened.follow_up_tag] = name
        self.report.taken.append(name)

    def _remember(self, seen: str) -> None:
        self.seen.add(seen)
        self.new_seen.append(seen)

    def _new_name(self) -> str:
        name = case_name()
        while name in self.names:  # pragma: no cover - 31**10 names
            name = case_name()
        return name

    def save(self) -> None:
        from peerpact.files import atomic_write

        if self.changed or not self.intact:
            kept = [self.changed.pop(item.name, item.line) for item in self.stored]
            casefile.save(self.folder, self.key, kept + list(self.changed.values()))
        if self.new_seen:
            lines = read_seen_bytes(self.folder).splitlines()[-MAX_SEEN_LINES:]
            lines = [*lines, *(tag.encode("ascii") for tag in self.new_seen)][-MAX_SEEN_LINES:]
            atomic_write(self.folder / SEEN_FILE, b"".join(line + b"\n" for line in lines))


def case_name() -> str:
    """Ten random letters and digits of READABLE_ALPHABET, each equally likely
    (a sync names a thousand cases at once: a few C calls each)."""
    import os

    name = os.urandom(20).translate(_NAME_TABLE).replace(b"-", b"")
    while len(name) < CASE_NAME_LENGTH:  # pragma: no cover - 20 bytes give 19 letters
        name += os.urandom(20).translate(_NAME_TABLE).replace(b"-", b"")
    return name[:CASE_NAME_LENGTH].decode("ascii")


def received(opened: Opened) -> dict[str, Any]:
    """A case's first entry: the message as delivered (sealed), and the day."""
    return {
        **_delivered("received", opened),
        "category": opened.category,
        "contact": opened.contact,
        "reply_recipient": opened.reply_recipient,
        "follow_up_tag": opened.follow_up_tag,
    }


def follow_up(opened: Opened) -> dict[str, Any]:
    """A follow-up's entry in its case: the message as delivered (sealed), and the day."""
    return _delivered("follow-up", opened)


def _delivered(kind: str, opened: Opened) -> dict[str, Any]:
    from peerpact.clock import today

    return {
        "kind": kind,
        "day": today().isoformat(),
        "message": opened.sealed,
        "digest": opened.digest,
    }


def source_tag(key: bytes, source: str) -> str:
    """What is kept of a source id: an HMAC under the inbox key, nothing to read."""
    named = b"peerpact inbox source\x00" + source.encode("utf-8", "replace")
    return hmac.digest(key, named, "sha256").hex()[:_SEEN_DIGITS]


def read_seen_bytes(folder: Path) -> bytes:
    from peerpact.files import read_bounded

    try:
        return read_bounded(folder / SEEN_FILE, MAX_SEEN_BYTES, _("seen list"), follow=False)
    except FileNotFoundError:
        return b""


def read_seen(folder: Path) -> set[str]:
    """The sources synced already (a damaged line is ignored: its message is
    then found again, and kept out as a duplicate)."""
    lines = read_seen_bytes(folder).decode("ascii", "replace").split()
    return {line for line in lines if len(line) == _SEEN_DIGITS}


def maildir_messages(maildir: Path, refused: list[Refusal]) -> Iterator[tuple[str, bytes]]:
    """Every message in a Maildir's ``new/`` and ``cur/``, by its unique name
    (the part before ``:``, which stays as a mail client moves and flags it).
    A link or anything but a plain file is not read: it goes in ``refused``.
    A folder that is no Maildir is refused before anything is read."""
    return _messages(maildir_folders(maildir), refused)


def _messages(folders: list[Path], refused: list[Refusal]) -> Iterator[tuple[str, bytes]]:
    import os

    for sub in folders:
        try:
            names = sorted(os.listdir(sub))
        except OSError as exc:
            raise StorageError(
                _("Could not read {what} {path}: {value}.").format(
                    what=_("Maildir"), path=sub, value=exc.strerror or exc
                )
            ) from exc
        for name in names:
            if name.startswith("."):
                continue
            source = name.split(":", 1)[0]
            data = _read_message(sub / name, source, refused)
            if data is not None:
                yield source, data


def maildir_folders(maildir: Path) -> list[Path]:
    if not maildir.is_dir():
        raise NotFoundError(
            _("No Maildir at {path}.").format(path=maildir),
            _("Give the folder your mail client keeps (it holds cur/ and new/) with --maildir."),
        )
    folders = [maildir / "new", maildir / "cur"]
    if not any(folder.is_dir() for folder in folders):
        raise UserInputError(
            _("{path} is not a Maildir: it has neither cur/ nor new/.").format(path=maildir),
            _("Give the folder your mail client keeps (it holds cur/ and new/) with --maildir."),
        )
    return [folder for folder in folders if folder.is_dir() and not folder.is_symlink()]


def _read_message(path: Path, source: str, refused: list[Refusal]) -> bytes | None:
    """The first MAX_MESSAGE_BYTES + 1 bytes of a plain file, never through a link."""
    from peerpact.files import open_own

    try:
        handle = open_own(path)
    except FileNotFoundError:
        return None  # moved by the mail client meanwhile: the next sync finds it
    except (OSError, UserInputError):
        refused.append(Refusal(source, _("not a plain file (a link, or a folder): not read")))
        return None
    # Not read_bounded: a message too large is one refusal, not a failed sync.
    try:
        with handle:
            return handle.read(MAX_MESSAGE_BYTES + 1)
    except OSError:
        refused.append(Refusal(source, _("could not be read")))
        return None


def sync_maildir(
    folder: Path,
    identities: Sequence[x25519.Identity],
    maildir: Path,
    signer: SigningKey | None = None,
) -> SyncReport:
    """``sync`` from a Maildir: what `inbox sync --maildir DIR` runs."""
    unreadable: list[Refusal] = []
    messages = maildir_messages(maildir, unreadable)  # refuses a non-Maildir now
    report = sync(folder, identities, messages, signer)
    report.refused[:0] = unreadable
    return report
