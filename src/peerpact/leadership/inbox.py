"""Leadership's inbox, the use cases after a sync: list, show, ack, review,
note, reply, withdraw, close and due.

Every command opens the inbox with leadership's identities (the inbox key is
sealed to them), verifies every case it reads (record/format.py's chain and
signatures, by this computer's keys) and changes a case only by appending
one signed entry, under the inbox's lock, the whole cases file written at
once. A case whose line was edited on disk, or whose entries do not verify,
is a clear error and is never changed; the others are as they were.

What ``ack``, ``reply`` and ``note(for_reporter=True)`` say to the reporter
is sealed for them as the entry is made, and kept in it (leadership/answers.py),
under the lock and before anything is written, so an answer that cannot be
sealed (too long) changes nothing. ``reply`` also writes an e-mail into the
outbox when the reporter gave an address.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import InvalidError, NotFoundError
from peerpact.i18n import _
from peerpact.leadership import answers, casefile
from peerpact.leadership.cases import (
    Case,
    Due,
    Entry,
    all_due,
    check_change,
    check_note,
    check_outcome,
)

if TYPE_CHECKING:
    from pyrage import x25519

    from peerpact.record.keyring import Keyring
    from peerpact.record.keys import SigningKey


@dataclass(frozen=True)
class Changed:
    """One change made: the case as it stands now, and its new entry."""

    case: Case
    entry: Entry
    #: Whether the change was meant for the reporter (an acknowledgement, a
    #: reply, a note for them), and how it reaches them.
    for_reporter: bool = False
    reached: answers.Reached = field(default_factory=answers.Reached)


@dataclass
class Inbox:
    """The inbox opened: its key, its cases verified, and what signs changes."""

    folder: Path
    key: bytes
    identities: list[x25519.Identity]
    stored: list[casefile.Stored]
    keys: Keyring
    signer: SigningKey | None = None
    #: Whether a change was made (and the cases file is to be written).
    changed: bool = False
    #: Whether the cases file's seal checks (no case removed or put back on disk).
    intact: bool = True

    @property
    def cases(self) -> list[Case]:
        """The cases that verify, oldest first (forgotten ones are not cases)."""
        return [item.case for item in self.stored if item.case is not None and not item.problems]

    @property
    def forgotten(self) -> list[casefile.Stored]:
        """The tombstones that verify: cases forgotten on purpose (`inbox forget`)."""
        return [item for item in self.stored if item.forgotten and not item.problems]

    @property
    def damaged(self) -> list[casefile.Stored]:
        return [item for item in self.stored if item.problems]

    def find(self, name: str) -> casefile.Stored:
        """The case called ``name``; NotFoundError, or InvalidError when it does not verify."""
        wanted = name.strip().lower()
        for item in self.stored:
            if item.name == wanted and not item.forgotten:
                if item.problems or item.case is None:
                    raise damaged_error(item)
                return item
        raise NotFoundError(
            _("No case {name} in this inbox.").format(name=name),
            _("See the cases with `peerpact inbox list`."),
        )


def damaged_error(item: casefile.Stored) -> InvalidError:
    return InvalidError(
        _("Case {name} does not verify: {problem}.").format(
            name=item.name, problem="; ".join(item.problems)
        ),
        _("Nothing was changed. Restore the inbox folder from a backup to get the case back."),
    )


def unsealed_error() -> InvalidError:
    return InvalidError(
        _(
            "The cases file was changed outside peerpact: a case may have been removed, "
            "or put back as it was before."
        ),
        _(
            "`peerpact inbox sync` reads every message again and takes back any whose case "
            "is gone; a backup of the inbox folder has the cases' history."
        ),
    )


def inbox_folder() -> Path:
    from peerpact.paths import get_paths

    return get_paths().inbox_dir


def read(identities: Sequence[x25519.Identity], folder: Path | None = None) -> Inbox:
    """The inbox as it stands, every case verified (nothing is written)."""
    from peerpact.record.keyring import keyring

    folder = folder or inbox_folder()
    if not (folder / casefile.CASES_FILE).exists() and not (folder / casefile.KEY_FILE).exists():
        raise NotFoundError(
            _("The inbox is empty: no message was taken into it yet."),
            _("Take the messages delivered to leadership with `peerpact inbox sync`."),
        )
    identities = list(identities)
    key = casefile.inbox_key(folder, identities, create=False)
    keys = keyring()
    lines, intact = casefile.opened(folder, key)
    stored = [casefile.check(item, keys) for item in lines]
    return Inbox(folder, key, identities, stored, keys, intact=intact)


@contextmanager
def changing(identities: Sequence[x25519.Identity], folder: Path | None = None) -> Iterator[Inbox]:
    """The inbox, read and held under its lock for one change; written when
    the block ends without an error."""
    from peerpact.files import locked
    from peerpact.leadership.sync import this_computers_key

    folder = folder or inbox_folder()
    # Made (or loaded) before the keyring is read, so the keyring holds it as
    # this computer's own key already: what it signs here verifies there.
    signer = this_computers_key()
    with locked(folder / casefile.CASES_FILE):
        inbox = read(identities, folder)
        inbox.signer = signer
        yield inbox
        if inbox.changed:
            casefile.save(folder, inbox.key, [item.line for item in inbox.stored])


def append(
    inbox: Inbox, name: str, body: dict[str, Any], answer: str | None = None, emailed_to: str = ""
) -> Changed:
    """One more signed entry on case ``name`` (checked against its status first);
    ``answer``, when given, is what the reporter reads of it, sealed into the
    entry when their message carried a reply recipient."""
    from peerpact.clock import today
    from peerpact.leadership.cases import replay

    item = inbox.find(name)
    assert item.case is not None and item.record is not None and inbox.signer is not None
    check_change(item.case, str(body["kind"]), str(body.get("status", "")))
    entry_body = {**body, "day": today().isoformat()}
    sealed = answer is not None and item.case.answerable
    if sealed:
        leaders = answers.leaders(inbox.identities)
        entry_body[answers.ANSWER] = answers.seal(item.case, entry_body, answer or "", leaders)
    record, line = casefile.append(inbox.signer, inbox.key, item.name, item.record, entry_body)
    case = replay(item.name, [rev.payload for rev in record.revisions])
    reached = answers.Reached(sealed, emailed_to)
    item.record, item.line, item.case = record, line, case
    inbox.changed = True
    return Changed(case, case.history[-1], answer is not None, reached)


def opened(identities: Sequence[x25519.Identity], name: str) -> tuple[Case, str]:
    """Case ``name`` and its message's text, opened with leadership's identity;
    the first time, an ``opened`` entry is signed (as GlobaLeaks marks a report)."""
    with changing(identities) as inbox:
        item = inbox.find(name)
        assert item.case is not None
        text = message_text(item.case, inbox.identities)
        if item.case.opened is None:
            return append(inbox, name, {"kind": "opened"}).case, text
        return item.case, text


def message_text(case: Case, identities: Sequence[x25519.Identity]) -> str:
    """The message's text, opened from its sealed form (never kept opened)."""
    import pyrage

    try:
        return bytes(pyrage.decrypt(case.message.encode("ascii"), list(identities))).decode("utf-8")
    except (pyrage.DecryptError, UnicodeError) as exc:
        raise InvalidError(
            _("Case {name}'s message does not open with this identity.").format(name=case.name),
            _("Give the identity of a leader it was sealed to with --identity FILE."),
        ) from exc


def acknowledge(identities: Sequence[x25519.Identity], name: str) -> Changed:
    """Mark receipt acknowledged (Directive 2019/1937 Art. 9(1)(b))."""
    from peerpact.errors import ConflictError

    with changing(identities) as inbox:
        case = inbox.find(name).case
        if case is not None and case.acknowledged is not None:
            raise ConflictError(
                _("Case {name} was acknowledged on {day}.").format(
                    name=case.name, day=case.acknowledged.isoformat()
                )
            )
        # The reporter's own peerpact says "received" in their language: no text.
        body = {"kind": "status", "status": "acknowledged"}
        return append(inbox, name, body, "")


def review(identities: Sequence[x25519.Identity], name: str) -> Changed:
    """Mark the case in review (it is acknowledged too, when it was not yet)."""
    with changing(identities) as inbox:
        return append(inbox, name, {"kind": "status", "status": "in review"})


def note(
    identities: Sequence[x25519.Identity], name: str, text: str, for_reporter: bool = False
) -> Changed:
    """A note on the case: internal, or meant for the reporter (sealed for them)."""
    text = check_note(text)
    if for_reporter:
        answers.check_length(text)
    with changing(identities) as inbox:
        case = inbox.find(name).case
        if for_reporter and case is not None and not case.answerable:
            raise answers.unreachable(case)
        body = {"kind": "note", "text": text, "for_reporter": for_reporter}
        return append(inbox, name, body, text if for_reporter else None)


def reply(identities: Sequence[x25519.Identity], name: str, text: str) -> Changed:
    """An answer to the reporter, however it can reach them: sealed for the
    bundle when their message carried a reply recipient, and an e-mail in the
    outbox when they gave an address; the case's history says which."""
    from peerpact.feedback import outbox

    text = check_note(text)
    with changing(identities) as inbox:
        case = inbox.find(name).case
        assert case is not None
        if case.answerable:
            answers.check_length(text)
        address = answers.contact_address(message_text(case, inbox.identities))
        if not case.answerable and not address:
            raise answers.unreachable(case) if not case.contact else answers.no_address(case)
        body = {"kind": "reply", "text": text, "emailed_to": address}
        changed = append(inbox, name, body, text if case.answerable else None, address)
        if address:
            outbox.file(answers.contact_email(address, text))
        return changed


def withdraw(identities: Sequence[x25519.Identity], name: str, number: int) -> Changed:
    """Take answer entry ``number`` out of every later bundle (one signed entry)."""
    with changing(identities) as inbox:
        case = inbox.find(name).case
        assert case is not None
        answers.check_withdraw(case, number)
        return append(inbox, name, {"kind": answers.WITHDRAW, "entry": number})


def close(identities: Sequence[x25519.Identity], name: str, outcome: str) -> Changed:
    outcome = check_outcome(outcome)
    with changing(identities) as inbox:
        return append(inbox, name, {"kind": "closed", "outcome": outcome})


def due(inbox: Inbox) -> list[Due]:
    """What every open case waits for, and by when, the earliest first."""
    return all_due(inbox.cases)


def forgotten_json(item: casefile.Stored) -> dict[str, Any]:
    """A forgotten case as `inbox list --json` gives it: the keys of a case,
    only the name and the day it was forgotten kept."""
    empty = dict.fromkeys(Case(item.name, date.min).as_json(), None)
    return {**empty, "case": item.name, "status": "forgotten", "forgotten": item.forgotten_on}


def statuses(cases: list[Case], status: str | None) -> list[Case]:
    """``cases`` with ``status`` (every case when None; none for "forgotten"),
    the newest first."""
    from peerpact.errors import UserInputError
    from peerpact.leadership.cases import STATUSES

    if status == "forgotten":
        return []
    if status is not None and status not in STATUSES:
        raise UserInputError(
            _("Unknown status {status!r}.").format(status=status),
            _("Choose one of: {statuses}.").format(statuses=", ".join(STATUSES)),
        )
    chosen = [case for case in cases if status is None or case.status == status]
    return sorted(chosen, key=lambda case: (case.day, case.name), reverse=True)
