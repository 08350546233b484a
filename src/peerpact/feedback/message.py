"""One message to leadership, built exactly as it will be filed and sent.

The person approves the message before it is saved, so it is composed in
full here, once: what they see is the bytes that go into the outbox and,
later, to the mail server. Nothing in it may point at a person or a machine:
no names, ids, keys, host or user names, paths, exact time or sequence. The
date is the day at midnight UTC; Message-IDs are random. When leadership
has an age key, the text is sealed to it so that only they can read it,
wherever the file travels, and then every header outside the seal is the
same for every message but the Message-ID and the day: the category, any
contact details and the key answers are sealed to (derived from the
person's receipt, feedback/receipt.py) are all inside. The receipt itself
is in no message, sealed or not.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.errors import UserInputError
from peerpact.files import read_given
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.feedback.receipt import Derived
    from peerpact.record.folding import Lookup

MAX_TEXT_CHARS = 50_000
ANONYMOUS_FROM = "Anonymous <anonymous@peerpact.invalid>"
SEALED_SUBJECT = "[peerpact] sealed message"
PLACEHOLDER_TO = "Leadership <leadership@peerpact.invalid>"
#: Every Message-ID peerpact writes ends so; the outbox knows its own by it.
MESSAGE_ID_DOMAIN = "@peerpact.invalid>"
#: Inside the seal: the age recipient leadership seals answers to, and the tag
#: a follow-up carries, both derived from the person's receipt.
REPLY_RECIPIENT = "Reply-Recipient"
FOLLOW_UP_TAG = "Follow-up-Tag"
#: Marks leadership's e-mail to a reporter's own address (`inbox reply`):
#: `outbox send` delivers such a message to its To, any other to leadership.
REPLY_HEADER = "X-Peerpact-Reply"
_REPLY_LINE = re.compile(rf"({REPLY_RECIPIENT}|{FOLLOW_UP_TAG}): ([0-9a-z]+)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Grievance:
    """What the person chose to file: the redacted text, and what they added."""

    text: str
    category: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Composed:
    """A message ready to file: its exact bytes, and the text sealed inside it."""

    day: datetime
    data: bytes
    sealed: bool
    inner: str
    #: Whether answers can reach the person (a receipt was made for it).
    answerable: bool = False

    @property
    def shown(self) -> str:
        """The sealed text as the person is shown it: without the key and tag
        lines, which mean nothing to them and must not sit on a screen."""
        if reply_fields(self.inner) is None:
            return self.inner
        return self.inner.split("\n", 2)[2]


def midnight_utc(moment: datetime | None = None) -> datetime:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def categories(configured: tuple[str, ...]) -> tuple[str, ...]:
    """Categories to offer: config's, else the default template's, else ours."""
    from peerpact.agreement.library import DEFAULT_TEMPLATE, template_categories
    from peerpact.config import DEFAULT_CATEGORIES
    from peerpact.errors import PeerpactError

    if not configured:
        try:
            configured = template_categories(DEFAULT_TEMPLATE) or DEFAULT_CATEGORIES
        except PeerpactError:
            configured = DEFAULT_CATEGORIES
    # A category becomes a mail header: refuse a bad one before anyone writes.
    return tuple(header_value(_("category"), category) for category in configured)


def match_category(given: str, categories: tuple[str, ...]) -> str:
    """The configured category ``given`` names (case does not matter)."""
    for known in categories:
        if given.strip().casefold() == known.casefold():
            return known
    raise UserInputError(
        _("Unknown category {given!r}.").format(given=given),
        _("Choose one of: {categories}.").format(categories=", ".join(categories)),
    )


def check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        # Undecodable bytes reach us as lone surrogates (from argv or stdin).
        raise UserInputError(
            _("The text is not valid UTF-8."), _("Save it as UTF-8 text and try again.")
        ) from exc
    if not text.strip():
        raise UserInputError(
            _("There is no text to file."), _("Write what happened, then try again.")
        )
    if len(text) > MAX_TEXT_CHARS:
        raise UserInputError(
            _("The text is {text} characters; the limit is {MAX_TEXT_CHARS}.").format(
                text=len(text), MAX_TEXT_CHARS=MAX_TEXT_CHARS
            ),
            _("Shorten it, or send the rest separately."),
        )


def read_text_file(path: Path) -> str:
    data = read_given(path, MAX_TEXT_CHARS * 4, _("text file"))
    return decode_text(data, str(path))


def decode_text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserInputError(
            _("{source} is not UTF-8 text (byte {start}).").format(source=source, start=exc.start)
        ) from exc


def identifying_terms() -> tuple[Lookup, list[str], list[str]]:
    """What this computer knows that could identify someone in a grievance:
    every party's name in its records, and the record ids, the key's
    fingerprint, the host name, the user name and the home folder; and the
    host names too short to look for as words ("pc", "vm"), which redaction
    finds only where they stand as a host, in a link or a path."""
    import getpass
    import socket

    from peerpact.config import load_config
    from peerpact.errors import PeerpactError
    from peerpact.record.index.names import redaction_names
    from peerpact.record.keyring import keyring

    supporter = load_config().supporter_name
    # The ids come with the names, from the same pass over the records.
    names, terms = redaction_names([supporter] if supporter else [])
    # Every key this computer knows: its own, earlier ones, and trusted ones.
    # A key refused for its permissions still must not stop a grievance.
    with contextlib.suppress(PeerpactError):
        terms.extend(keyring())
    with contextlib.suppress(OSError, KeyError):
        terms.append(getpass.getuser())
    host = socket.gethostname()
    terms += [host, host.split(".")[0], str(Path.home())]
    short = [name for name in {host, host.split(".")[0]} if 0 < len(name) < 3]
    return names, [term for term in terms if len(term) >= 3], short


def reply_to(contact: str) -> str:
    """The e-mail address in the contact details, if they hold one."""
    match = _ADDRESS.search(contact)
    return match.group() if match else ""


def header_value(what: str, value: str) -> str:
    """``value``, refused clearly if it cannot be one line of a mail header."""
    if _CONTROL.search(value):
        raise UserInputError(
            _(
                "The {what} {value!r} contains a line break or control character; it "
                "cannot go in a message header."
            ).format(what=what, value=value),
            _("Give the {what} on one line (check the config file and the template).").format(
                what=what
            ),
        )
    return value


def inner_text(grievance: Grievance, sealed: bool = False, reply: Derived | None = None) -> str:
    """The body leadership reads (sealed, when a recipient is set).

    Sealed, it starts with the Reply-To line that a plain message carries
    as a header, so that nothing about the sender shows outside the seal,
    and with the key answers are sealed to and the follow-up tag.
    """
    lines = []
    if sealed and reply:
        lines += [f"{REPLY_RECIPIENT}: {reply.recipient}", f"{FOLLOW_UP_TAG}: {reply.tag}"]
    if sealed and reply_to(grievance.contact):
        lines.append(f"Reply-To: {reply_to(grievance.contact)}")
    if grievance.contact:
        contact = f"Contact details (the sender chose to give them):\n{grievance.contact}"
    else:
        contact = "Contact details: none. The sender chose to stay anonymous."
    lines += [
        f"Category: {grievance.category or '(none chosen)'}",
        contact,
        "",
        grievance.text.strip("\n"),
    ]
    return "\n".join(lines) + "\n"


def reply_fields(inner: str) -> tuple[str, str] | None:
    """The reply recipient and follow-up tag a sealed text carries, if any."""
    # Only the first two lines, where compose puts them: the person's own
    # words (contact details, the text) cannot pose as them.
    first = inner.split("\n", 2)[:2]
    found = [_REPLY_LINE.fullmatch(line) for line in first]
    if len(found) == 2 and found[0] and found[1]:
        names = (found[0].group(1), found[1].group(1))
        if names == (REPLY_RECIPIENT, FOLLOW_UP_TAG):
            return found[0].group(2), found[1].group(2)
    return None


def seal(text: str, recipients: tuple[str, ...]) -> str:
    """``text`` encrypted to every age recipient given, ASCII-armored."""
    import pyrage

    from peerpact.config import age_recipient

    keys = [age_recipient(recipient) for recipient in recipients]
    armored: bytes = pyrage.encrypt(text.encode("utf-8"), keys, armored=True)
    return armored.decode("ascii")


def compose(
    grievance: Grievance,
    to: str,
    recipients: tuple[str, ...] = (),
    moment: datetime | None = None,
    reply: Derived | None = None,
) -> Composed:
    """Build the message exactly as it will be filed (and later sent): sealed
    to every one of ``recipients``, or plain when there are none; ``reply``
    (derived from the person's receipt) goes inside the seal, never outside."""
    from email.message import EmailMessage
    from email.policy import default
    from email.utils import format_datetime

    day = midnight_utc(moment)
    sealed = bool(recipients)
    inner = inner_text(grievance, sealed, reply)
    # 7-bit transfer encoding: any SMTP server takes it unchanged.
    message = EmailMessage(policy=default.clone(cte_type="7bit"))
    message["From"] = ANONYMOUS_FROM
    message["To"] = header_value(_("leadership address"), to or PLACEHOLDER_TO)
    if sealed:
        # Nothing here may differ between two sealed messages but the
        # random Message-ID and the day.
        message["Subject"] = SEALED_SUBJECT
        message["Date"] = format_datetime(day)
        message["Message-ID"] = f"<{secrets.token_hex(16)}{MESSAGE_ID_DOMAIN}"
        message["X-Peerpact-Sealed"] = "age"
        message.set_content(seal(inner, recipients))
        return Composed(day, message.as_bytes(), sealed, inner, reply is not None)
    category = header_value(_("category"), grievance.category)
    message["Subject"] = f"[peerpact] {category or 'message'}"
    # Without these the receiving server may add its own, with the exact time.
    message["Date"] = format_datetime(day)
    message["Message-ID"] = f"<{secrets.token_hex(16)}{MESSAGE_ID_DOMAIN}"
    if reply_to(grievance.contact):
        message["Reply-To"] = reply_to(grievance.contact)
    if category:
        message["X-Peerpact-Category"] = category
    message.set_content(inner)
    return Composed(day, message.as_bytes(), sealed, inner)


def compose_reply(to: str, sender: str, subject: str, text: str) -> Composed:
    """An ordinary e-mail from leadership (``sender``) to the address a
    reporter gave, as `inbox reply` files it in leadership's outbox."""
    from email.message import EmailMessage
    from email.policy import default
    from email.utils import format_datetime

    day = midnight_utc()
    message = EmailMessage(policy=default)
    message["From"] = header_value(_("leadership address"), sender)
    message["To"] = header_value(_("contact address"), to)
    message["Subject"] = header_value(_("subject"), subject)
    message["Date"] = format_datetime(day)
    message["Message-ID"] = f"<{secrets.token_hex(16)}{MESSAGE_ID_DOMAIN}"
    message[REPLY_HEADER] = "contact"
    message.set_content(text)
    return Composed(day, message.as_bytes(), False, text)
