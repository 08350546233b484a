"""A case: what leadership does with one grievance, replayed from its entries.

Each change is one signed, hash-chained entry (record/format.py's revisions:
the same chain, the same signatures). An entry's ``kind`` says what it is;
kinds this version does not know (answers to the reporter, from later
versions) are kept in the history and change nothing here. Every date is a
day: no case says when in the day anything happened.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from peerpact.errors import ConflictError, UserInputError
from peerpact.i18n import _

STATUSES = ("new", "acknowledged", "in review", "closed")
OUTCOMES = ("resolved", "no action", "withdrawn", "referred")
#: Directive 2019/1937 Art. 9(1)(b): acknowledge within seven days of receipt.
ACKNOWLEDGE_DAYS = 7
#: Art. 9(1)(f): feedback within three months of the acknowledgement.
ANSWER_MONTHS = 3
MAX_NOTE_CHARS = 20_000


@dataclass
class Entry:
    number: int
    kind: str
    day: str
    payload: dict[str, Any]


@dataclass
class Case:
    name: str
    day: date
    category: str = ""
    status: str = "new"
    outcome: str = ""
    contact: bool = False
    opened: date | None = None
    acknowledged: date | None = None
    answered: date | None = None
    closed: date | None = None
    #: The message as it was delivered: still sealed to leadership.
    message: str = ""
    digest: str = ""
    #: Where answers go (issue 23): the age recipient derived from the
    #: reporter's receipt, and the tag a follow-up carries; empty when none.
    reply_recipient: str = ""
    follow_up_tag: str = ""
    history: list[Entry] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        """Whether an answer can reach the reporter (a receipt was made for it)."""
        return bool(self.reply_recipient)

    @property
    def notes(self) -> list[Entry]:
        return [entry for entry in self.history if entry.kind == "note"]

    @property
    def follow_ups(self) -> list[Entry]:
        """Later messages from whoever holds the receipt (sync files them here)."""
        return [entry for entry in self.history if entry.kind == "follow-up"]

    @property
    def digests(self) -> list[str]:
        """The sealed texts' digests: the first message's and every follow-up's."""
        later = (str(entry.payload.get("digest", "")) for entry in self.follow_ups)
        return [digest for digest in (self.digest, *later) if digest]

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.name,
            "day": self.day.isoformat(),
            "category": self.category,
            "status": self.status,
            "outcome": self.outcome or None,
            "opened": _iso(self.opened),
            "acknowledged": _iso(self.acknowledged),
            "answered": _iso(self.answered),
            "closed": _iso(self.closed),
            "forgotten": None,
            "contact": self.contact,
            "answerable": self.answerable,
            "notes": len(self.notes),
        }


def _iso(when: date | None) -> str | None:
    return when.isoformat() if when else None


def day(text: object) -> date:
    if not isinstance(text, str):
        raise ValueError(text)
    return date.fromisoformat(text)


def replay(name: str, payloads: list[dict[str, Any]]) -> Case:
    """The case its entries make; ValueError when they do not make one."""
    first = payloads[0] if payloads else {}
    if first.get("kind") != "received":
        raise ValueError(first)  # the first entry must be the message received
    case = Case(
        name,
        day(first.get("day")),
        str(first.get("category", "")),
        contact=first.get("contact") is True,
        message=str(first.get("message", "")),
        digest=str(first.get("digest", "")),
        reply_recipient=str(first.get("reply_recipient", "")),
        follow_up_tag=str(first.get("follow_up_tag", "")),
    )
    for number, payload in enumerate(payloads, start=1):
        kind = str(payload.get("kind", ""))
        when = day(payload.get("day"))
        case.history.append(Entry(number, kind, when.isoformat(), payload))
        if kind == "opened" and case.opened is None:
            case.opened = when
        elif kind == "status" and payload.get("status") in STATUSES[1:3]:
            case.status = str(payload["status"])
            if case.acknowledged is None:
                case.acknowledged = when
        elif _answers(kind, payload) and case.answered is None:
            case.answered = when
        elif kind == "closed" and payload.get("outcome") in OUTCOMES:
            case.status, case.outcome, case.closed = "closed", str(payload["outcome"]), when
    return case


def _answers(kind: str, payload: dict[str, Any]) -> bool:
    """Whether an entry is feedback to the reporter (Art. 9(1)(f)): a reply, or
    a note meant for them."""
    return kind == "reply" or (kind == "note" and payload.get("for_reporter") is True)


def check_change(case: Case, kind: str, status: str = "") -> None:
    """Refuse a change the case's status does not allow (nothing is written);
    a closed case's answers can still be withdrawn from later bundles."""
    if case.status == "closed" and kind not in ("opened", "withdraw"):
        raise ConflictError(
            _("Case {name} is closed ({outcome}); it does not change any more.").format(
                name=case.name, outcome=_(case.outcome)
            )
        )
    if kind == "status" and case.status == status:
        raise ConflictError(
            _("Case {name} is {status} already.").format(name=case.name, status=_(status))
        )


def check_outcome(outcome: str) -> str:
    if outcome not in OUTCOMES:
        raise UserInputError(
            _("Unknown outcome {outcome!r}.").format(outcome=outcome),
            _("Choose one of: {outcomes}.").format(outcomes=", ".join(OUTCOMES)),
        )
    return outcome


def check_note(text: str) -> str:
    from peerpact.text import clean_line

    text = clean_line(text)  # NFC, as all other signed text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, from bytes that were not UTF-8
        raise UserInputError(
            _("The text is not valid UTF-8."), _("Save it as UTF-8 text and try again.")
        ) from exc
    if not text:
        raise UserInputError(_("The note is empty."), _("Write the note, then try again."))
    if len(text) > MAX_NOTE_CHARS:
        raise UserInputError(
            _("The note is {count} characters; the limit is {limit}.").format(
                count=len(text), limit=MAX_NOTE_CHARS
            )
        )
    return text


def add_months(start: date, months: int) -> date:
    """``start`` plus calendar months, on the month's last day when it is shorter."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    case: Case
    #: "acknowledge" or "answer".
    what: str
    by: date

    def overdue(self, today: date) -> bool:
        return self.by < today

    def as_json(self, today: date) -> dict[str, Any]:
        return {
            "case": self.case.name,
            "due": self.what,
            "by": self.by.isoformat(),
            "overdue": self.overdue(today),
            "days_left": (self.by - today).days,
        }


def due(case: Case) -> Due | None:
    """What the case waits for, and by when: none once closed or answered."""
    if case.status == "new":
        return Due(case, "acknowledge", case.day + timedelta(days=ACKNOWLEDGE_DAYS))
    if case.status != "closed" and case.answered is None:
        start = case.acknowledged or case.day + timedelta(days=ACKNOWLEDGE_DAYS)
        return Due(case, "answer", add_months(start, ANSWER_MONTHS))
    return None


def all_due(cases: list[Case]) -> list[Due]:
    """Every deadline, the earliest (so the overdue) first."""
    found = [item for item in map(due, cases) if item is not None]
    return sorted(found, key=lambda item: (item.by, item.case.name))
