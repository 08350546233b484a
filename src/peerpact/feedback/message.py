"""One message to leadership, built exactly as it will be filed and sent.

The person approves the message before it is saved, so it is composed in
full here, once: what they see is the bytes that go into the outbox and,
later, to the mail server. Nothing in it may point at a person or a machine:
no names, ids, keys, host or user names, paths, exact time or sequence. The
date is the day at midnight UTC; receipts and Message-IDs are random. When
leadership has an age key, the text is sealed to it so that only they can
read it, wherever the file travels, and then every header outside the seal
is the same for every message but the Message-ID and the day: the category,
the receipt and any contact details are all inside.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.codes import READABLE_ALPHABET, random_code
from peerpact.errors import NotFoundError, UserInputError
from peerpact.files import read_bounded
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.record.folding import Lookup

MAX_TEXT_CHARS = 50_000
ANONYMOUS_FROM = "Anonymous <anonymous@peerpact.invalid>"
SEALED_SUBJECT = "[peerpact] sealed message"
PLACEHOLDER_TO = "Leadership <leadership@peerpact.invalid>"
#: A receipt code, with or without its dash; the groups are its two halves.
RECEIPT = re.compile(rf"^([{READABLE_ALPHABET}]{{4}})-?([{READABLE_ALPHABET}]{{4}})$")
#: A sealed message's Message-ID starts with its receipt (both are random),
#: so the outbox can find it without a header of its own.
SEALED_ID = re.compile(rf"^<([{READABLE_ALPHABET}]{{4}}-[{READABLE_ALPHABET}]{{4}})\.[0-9a-f]+@")
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

    receipt: str
    day: datetime
    data: bytes
    sealed: bool
    inner: str


def new_receipt() -> str:
    """A random code (about 40 bits), linked to nothing but the message itself."""
    code = random_code(8)
    return f"{code[:4]}-{code[4:]}"


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
    try:
        data = read_bounded(path, MAX_TEXT_CHARS * 4, _("text file"))
    except FileNotFoundError as exc:
        raise NotFoundError(_("No file at {path}.").format(path=path)) from exc
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


def inner_text(grievance: Grievance, receipt: str, sealed: bool = False) -> str:
    """The body leadership reads (sealed, when a recipient is set).

    Sealed, it starts with the Reply-To line that a plain message carries
    as a header, so that nothing about the sender shows outside the seal.
    """
    lines = []
    if sealed and reply_to(grievance.contact):
        lines.append(f"Reply-To: {reply_to(grievance.contact)}")
    if grievance.contact:
        contact = f"Contact details (the sender chose to give them):\n{grievance.contact}"
    else:
        contact = "Contact details: none. The sender chose to stay anonymous."
    lines += [
        f"Receipt: {receipt}",
        f"Category: {grievance.category or '(none chosen)'}",
        contact,
        "",
        grievance.text.strip("\n"),
    ]
    return "\n".join(lines) + "\n"


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
) -> Composed:
    """Build the message exactly as it will be filed (and later sent): sealed
    to every one of ``recipients``, or plain when there are none."""
    from email.message import EmailMessage
    from email.policy import default
    from email.utils import format_datetime

    receipt = new_receipt()
    day = midnight_utc(moment)
    sealed = bool(recipients)
    inner = inner_text(grievance, receipt, sealed)
    # 7-bit transfer encoding: any SMTP server takes it unchanged.
    message = EmailMessage(policy=default.clone(cte_type="7bit"))
    message["From"] = ANONYMOUS_FROM
    message["To"] = header_value(_("leadership address"), to or PLACEHOLDER_TO)
    if sealed:
        # Nothing here may differ between two sealed messages but the
        # random Message-ID and the day.
        message["Subject"] = SEALED_SUBJECT
        message["Date"] = format_datetime(day)
        message["Message-ID"] = f"<{receipt}.{secrets.token_hex(12)}@peerpact.invalid>"
        message["X-Peerpact-Sealed"] = "age"
        message.set_content(seal(inner, recipients))
        return Composed(receipt, day, message.as_bytes(), sealed, inner)
    category = header_value(_("category"), grievance.category)
    message["Subject"] = f"[peerpact] {category or 'message'}, receipt {receipt}"
    # Without these the receiving server may add its own, with the exact time.
    message["Date"] = format_datetime(day)
    message["Message-ID"] = f"<{secrets.token_hex(16)}@peerpact.invalid>"
    if reply_to(grievance.contact):
        message["Reply-To"] = reply_to(grievance.contact)
    message["X-Peerpact-Receipt"] = receipt
    if category:
        message["X-Peerpact-Category"] = category
    message.set_content(inner)
    return Composed(receipt, day, message.as_bytes(), sealed, inner)
