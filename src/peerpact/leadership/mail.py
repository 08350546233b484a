"""One delivered message, opened with leadership's identities.

What peerpact's `grievance` sealed (feedback/message.py) carries the header
``X-Peerpact-Sealed: age`` and an armored age message as its body; anything
else in a mailbox is not ours and is left alone. The headers are read
without the full e-mail parser (a sync reads every message), which is used
only when a server re-encoded the body.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peerpact.i18n import _

if TYPE_CHECKING:
    from pyrage import x25519

#: A sealed grievance is at most 50,000 characters: a megabyte is not one.
MAX_MESSAGE_BYTES = 1024 * 1024
#: What the sealed text says when the sender gave contact details.
CONTACT_MARKER = "Contact details (the sender chose to give them):\n"
_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_END = b"-----END AGE ENCRYPTED FILE-----"
_SEALED = re.compile(rb"^x-peerpact-sealed:[ \t]*age[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_ENCODED = re.compile(
    rb"^content-transfer-encoding:[ \t]*(base64|quoted-printable)", re.IGNORECASE | re.MULTILINE
)


class NotOurs(Exception):
    """Not a peerpact grievance: left alone, not reported."""


class Refused(Exception):
    """A grievance that cannot be taken; its words go in the sync report."""


@dataclass(frozen=True)
class Opened:
    #: The age message as delivered (armored), kept sealed in the case.
    sealed: str
    digest: str
    category: str
    contact: bool
    #: The age recipient answers are sealed to, and the follow-up tag, both
    #: derived from the reporter's receipt (feedback/receipt.py); empty when
    #: the message came without them (no answer can reach its sender).
    reply_recipient: str = ""
    follow_up_tag: str = ""


def sealed_body(data: bytes) -> bytes:
    """The armored age message in a sealed grievance; NotOurs for other mail."""
    end = min((i for i in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if i >= 0), default=-1)
    headers = data[: end + 1] if end >= 0 else data
    if not _SEALED.search(headers):
        raise NotOurs
    if len(data) > MAX_MESSAGE_BYTES:
        # A reader may give only the first MAX_MESSAGE_BYTES + 1 bytes.
        raise Refused(
            _("too large for a grievance (more than {limit} KiB)").format(
                limit=MAX_MESSAGE_BYTES // 1024
            )
        )
    if _ENCODED.search(headers):
        import email
        from email.message import Message

        try:
            message = email.message_from_bytes(data)
        except RecursionError as exc:  # multiparts nested thousands deep
            raise not_all_there() from exc
        payload = message.get_payload(decode=True) if isinstance(message, Message) else None
        body = payload if isinstance(payload, bytes) else b""
    else:
        body = data[end:]
    start, stop = body.find(_BEGIN), body.find(_END)
    if start < 0 or stop < start:
        raise not_all_there()
    return body[start : stop + len(_END)].replace(b"\r\n", b"\n") + b"\n"


def not_all_there() -> Refused:
    return Refused(_("damaged: its sealed text is not all there"))


def open_message(data: bytes, identities: list[x25519.Identity]) -> Opened:
    """The grievance in ``data``; NotOurs or Refused (with its reason)."""
    import pyrage

    armored = sealed_body(data)
    try:
        inner = pyrage.decrypt(armored, identities)
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).casefold():
            raise Refused(_("not sealed to this leader's identity")) from exc
        raise Refused(_("damaged: it does not decrypt")) from exc
    try:
        text = inner.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(_("damaged: its text is not UTF-8")) from exc
    return opened(armored, text)


def opened(armored: bytes, text: str) -> Opened:
    """What a case keeps of an opened message's text (never the text itself)."""
    from peerpact.feedback.message import reply_fields

    fields: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        # The first of each: contact details below may hold anything.
        key, sep, value = line.partition(": ")
        if sep:
            fields.setdefault(key, value)
    if "Category" not in fields:
        raise Refused(_("damaged: it is not a grievance peerpact wrote"))
    category = fields["Category"]
    recipient, tag = reply_fields(text) or ("", "")
    return Opened(
        armored.decode("ascii"),
        hashlib.sha256(armored).hexdigest(),
        "" if category == "(none chosen)" else category[:200],
        CONTACT_MARKER in text,
        recipient,
        tag,
    )


def contact_details(text: str) -> tuple[str, str]:
    """(the contact details the sender gave, their e-mail address) from the opened text."""
    from peerpact.feedback.message import reply_to

    if CONTACT_MARKER not in text:
        return "", ""
    details = text.split(CONTACT_MARKER, 1)[1].split("\n\n", 1)[0].strip()
    return details, reply_to(details)
