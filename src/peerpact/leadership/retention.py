"""`inbox forget`: a closed case kept past the organisation's retention days
is removed, and a signed tombstone says so.

What decides is only what is signed: the retention days come from the
organisation file, verified now against leadership's key (the one this
computer issued, else the one it joined), and a case's close date from its
own chain, verified with every other case as the inbox is opened. A case
that does not verify, is not closed, or was closed too recently is never
removed, whatever any file beside it says.

A forgotten case's line in the cases file becomes a tombstone: a chain of one
signed entry (record/format.py's, as every case entry) holding the case's
last head, the day it was forgotten and the digests of the sealed messages it
held (hashes of ciphertext, which say nothing of the text), so that a message
still in the Maildir is known as a duplicate and never becomes a case again.
The sealed message, the notes and the history go.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from peerpact.errors import ConflictError, NotFoundError, UserInputError
from peerpact.i18n import _
from peerpact.leadership import casefile

if TYPE_CHECKING:
    from pyrage import x25519

    from peerpact.leadership.cases import Case
    from peerpact.leadership.inbox import Inbox


@dataclass(frozen=True)
class Going:
    """A case that is due to be forgotten, and since when."""

    case: Case
    #: The first day it may be forgotten: its close date plus the retention days.
    after: date


def retention_days() -> int:
    """Days a closed case is kept, from the organisation file verified now:
    the one this computer issued (`org init`), else the one it joined."""
    from peerpact.leadership.founding import issued, issued_path
    from peerpact.record.organisation.joined import joined

    if issued_path().exists():
        return issued()[0].retention_days
    org = joined()
    if org is None:
        raise UserInputError(
            _("No organisation file says how long closed cases are kept, so nothing is due."),
            _("Make one with `peerpact org init`, or join one with `peerpact org join FILE`."),
        )
    return org.retention_days


def forget_after(case: Case, days: int) -> date | None:
    """The day from which a closed case may be forgotten; None when it is open."""
    return case.closed + timedelta(days=days) if case.closed is not None else None


def choose(inbox: Inbox, names: Sequence[str], is_due: bool, today: date, days: int) -> list[Going]:
    """The cases named (each must be due), or every case that is due."""
    if bool(names) == is_due:
        raise UserInputError(_("Name the cases to forget, or use --due."))
    if is_due:
        found = [Going(case, after) for case in inbox.cases if (after := _due(case, days, today))]
        return sorted(found, key=lambda going: (going.after, going.case.name))
    chosen: dict[str, Going] = {}
    for name in names:
        chosen.setdefault(name, _named(inbox, name, today, days))
    return list(chosen.values())


def _due(case: Case, days: int, today: date) -> date | None:
    after = forget_after(case, days)
    return after if after is not None and after <= today else None


def _named(inbox: Inbox, name: str, today: date, days: int) -> Going:
    if any(item.forgotten and item.name == name.strip().lower() for item in inbox.stored):
        raise NotFoundError(_("Case {name} was forgotten already.").format(name=name))
    item = inbox.find(name)  # refuses a case that does not verify
    assert item.case is not None
    after = forget_after(item.case, days)
    if after is None:
        raise ConflictError(
            _("Case {name} is not closed; only a closed case is forgotten.").format(name=name),
            _("Close it first with `peerpact inbox close {name} --outcome OUTCOME`.").format(
                name=item.name
            ),
        )
    if after > today:
        raise ConflictError(
            _("Case {name} was closed on {closed}; it is kept until {after}.").format(
                name=item.name, closed=_iso(item.case.closed), after=after.isoformat()
            ),
            _("The organisation file keeps closed cases {days} days.").format(days=days),
        )
    return Going(item.case, after)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def forget(
    identities: Sequence[x25519.Identity],
    names: Sequence[str],
    is_due: bool,
    confirm: Callable[[list[Going]], None] | None = None,
) -> list[str]:
    """Forget the cases chosen, under the inbox's lock; ``confirm`` (given
    what goes) may still stop it, having changed nothing. Their names."""
    from peerpact.clock import today
    from peerpact.leadership.inbox import changing

    days = retention_days()
    day = today()
    with changing(identities) as inbox:
        going = choose(inbox, names, is_due, day, days)
        if going and confirm is not None:
            confirm(going)
        for each in going:
            _bury(inbox, each.case.name, day)
        return [each.case.name for each in going]


def _bury(inbox: Inbox, name: str, day: date) -> None:
    """Case ``name``'s line replaced by its tombstone, signed."""
    item = inbox.find(name)
    assert item.record is not None and item.case is not None and inbox.signer is not None
    body = {
        "kind": casefile.TOMBSTONE,
        "day": day.isoformat(),
        "head": item.record.head.hash,
        "digests": item.case.digests,
    }
    record, line = casefile.append(inbox.signer, inbox.key, item.name, None, body)
    item.record, item.line, item.case, item.forgotten = record, line, None, True
    inbox.changed = True
