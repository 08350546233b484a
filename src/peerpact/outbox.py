"""Anonymous messages to leadership: compose, seal, file in a Maildir, deliver.

The outbox is a Maildir (``tmp/``, ``new/``, ``cur/``) that any mail client can
open. A filed message carries nothing that points at a person or a machine:
no names, ids, keys, host or user names, paths, exact time or sequence. The
date is the day at midnight UTC, in the Date header and the file's times
alike; file names, receipts and Message-IDs are random.

Waiting messages sit in ``new/``; a delivered one moves to ``cur/`` with the
Maildir flags ``P`` (passed on) and ``S`` (seen), which is what "sent" means.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import DeliveryError, NotFoundError, UserInputError
from peerpact.paths import get_paths
from peerpact.store import (
    atomic_write,
    describe_os_error,
    ensure_private_dir,
    fsync_dir,
    read_bounded,
)

if TYPE_CHECKING:
    from email.message import EmailMessage

    from peerpact.config import SmtpSettings

#: A grievance message is a few KiB; anything far larger in the outbox was
#: not written by peerpact and is not read whole.
MAX_MESSAGE_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 50_000
ANONYMOUS_FROM = "Anonymous <anonymous@peerpact.invalid>"
CONTACT_FROM = "Sender who gave contact details <grievance@peerpact.invalid>"
PLACEHOLDER_TO = "Leadership <leadership@peerpact.invalid>"
_RECEIPT_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # nothing to misread aloud
_RECEIPT = re.compile(rf"^([{_RECEIPT_ALPHABET}]{{4}})-?([{_RECEIPT_ALPHABET}]{{4}})$")
# Maildir: "unique[:2,FLAGS]"; peerpact's unique part is 32 random hex digits.
_NAME = re.compile(r"^([0-9a-f]{32})(?::2,([A-Z]*))?$")


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


@dataclass(frozen=True)
class Entry:
    receipt: str
    date: str
    category: str
    status: str
    sealed: bool
    path: Path

    def as_json(self) -> dict[str, Any]:
        category = self.category or None
        return {
            "receipt": self.receipt,
            "date": self.date,
            "category": category,
            "status": self.status,
            "sealed": self.sealed,
        }


@dataclass(frozen=True)
class SendReport:
    sent: list[str]
    failed: list[tuple[str, str]]


def new_receipt() -> str:
    """A random code (about 40 bits), linked to nothing but the message itself."""
    code = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def midnight_utc(moment: datetime | None = None) -> datetime:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def match_category(given: str, categories: tuple[str, ...]) -> str:
    """The configured category ``given`` names (case does not matter)."""
    for known in categories:
        if given.strip().casefold() == known.casefold():
            return known
    raise UserInputError(f"Unknown category {given!r}.", f"Choose one of: {', '.join(categories)}.")


def check_text(text: str) -> None:
    if not text.strip():
        raise UserInputError("There is no text to file.", "Write what happened, then try again.")
    if len(text) > MAX_TEXT_CHARS:
        raise UserInputError(
            f"The text is {len(text)} characters; the limit is {MAX_TEXT_CHARS}.",
            "Shorten it, or send the rest separately.",
        )


def read_text_file(path: Path) -> str:
    try:
        data = read_bounded(path, MAX_TEXT_CHARS * 4, "text file")
    except FileNotFoundError as exc:
        raise NotFoundError(f"No file at {path}.") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserInputError(f"{path} is not UTF-8 text (byte {exc.start}).") from exc


def inner_text(grievance: Grievance, receipt: str) -> str:
    """The body leadership reads (sealed, when a recipient is set)."""
    if grievance.contact:
        contact = f"Contact details (the sender chose to give them):\n{grievance.contact}"
    else:
        contact = "Contact details: none. The sender chose to stay anonymous."
    lines = [
        f"Receipt: {receipt}",
        f"Category: {grievance.category or '(none chosen)'}",
        contact,
        "",
        grievance.text.strip("\n"),
    ]
    return "\n".join(lines) + "\n"


def seal(text: str, recipient: str) -> str:
    """``text`` encrypted to an age recipient, ASCII-armored."""
    import pyrage

    from peerpact.config import age_recipient

    key = age_recipient(recipient)
    armored: bytes = pyrage.encrypt(text.encode("utf-8"), [key], armored=True)
    return armored.decode("ascii")


def compose(
    grievance: Grievance, to: str, age_recipient: str = "", moment: datetime | None = None
) -> Composed:
    """Build the message exactly as it will be filed (and later sent)."""
    from email.message import EmailMessage
    from email.policy import default
    from email.utils import format_datetime

    receipt = new_receipt()
    day = midnight_utc(moment)
    inner = inner_text(grievance, receipt)
    sealed = bool(age_recipient)
    # 7-bit transfer encoding: any SMTP server takes it unchanged.
    message = EmailMessage(policy=default.clone(cte_type="7bit"))
    message["From"] = CONTACT_FROM if grievance.contact else ANONYMOUS_FROM
    message["To"] = to or PLACEHOLDER_TO
    about = "sealed message" if sealed else grievance.category or "message"
    message["Subject"] = f"[peerpact] {about}, receipt {receipt}"
    # Without these the receiving server may add its own, with the exact time.
    message["Date"] = format_datetime(day)
    message["Message-ID"] = f"<{secrets.token_hex(16)}@peerpact.invalid>"
    message["X-Peerpact-Receipt"] = receipt
    if sealed:
        message["X-Peerpact-Sealed"] = "age"
        message.set_content(seal(inner, age_recipient))
    else:
        if grievance.category:
            message["X-Peerpact-Category"] = grievance.category
        message.set_content(inner)
    return Composed(receipt, day, message.as_bytes(), sealed, inner)


def readable(data: bytes) -> str:
    """A message as a person reads it: every header, then the decoded body."""
    message = _parse(data)
    headers = "".join(f"{name}: {value}\n" for name, value in message.items())
    return f"{headers}\n{message.get_content()}"


def _parse(data: bytes) -> EmailMessage:
    from email import message_from_bytes
    from email.message import EmailMessage
    from email.policy import default

    message: EmailMessage = message_from_bytes(data, _class=EmailMessage, policy=default)
    return message


def outbox_dir(create: bool = False) -> Path:
    root = get_paths().outbox_dir
    if create:
        for folder in (root, root / "tmp", root / "new", root / "cur"):
            ensure_private_dir(folder)
    return root


def file(composed: Composed) -> Path:
    """Write the message into ``new/`` by the Maildir protocol: tmp/, fsync, rename."""
    root = outbox_dir(create=True)
    stamp = composed.day.timestamp()
    name = secrets.token_hex(16)
    tmp, final = root / "tmp" / name, root / "new" / name
    done = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(composed.data)
            handle.flush()
            os.fsync(handle.fileno())
        os.utime(tmp, (stamp, stamp))
        os.rename(tmp, final)
        done = True
        fsync_dir(final.parent)
        # A folder's own times would tell when the last message arrived.
        for folder in (root / "tmp", root / "new", root / "cur", root):
            os.utime(folder, (stamp, stamp))
    except OSError as exc:
        raise describe_os_error(exc, final) from exc
    finally:
        # Ctrl-C or a full disk mid-write leaves nothing behind.
        if not done:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return final


def _files() -> Iterator[tuple[Path, str]]:
    root = outbox_dir()
    for sub in ("new", "cur"):
        folder = root / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            match = _NAME.match(path.name)
            if match and path.is_file():
                yield path, match.group(2) or ""


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MESSAGE_BYTES + 1)
    except OSError as exc:
        raise describe_os_error(exc, path) from exc
    if len(data) > MAX_MESSAGE_BYTES:
        raise UserInputError(f"{path.name} in the outbox is too large to be a peerpact message.")
    return data


def entries() -> list[Entry]:
    """Every message peerpact filed, oldest day first."""
    from email.utils import parsedate_to_datetime

    found = []
    for path, flags in _files():
        try:
            message = _parse(_read(path))
        except UserInputError:
            continue  # too large to be one of ours
        receipt = str(message.get("X-Peerpact-Receipt", ""))
        if not _RECEIPT.match(receipt):
            continue  # not one of ours; leave it alone
        try:
            date = parsedate_to_datetime(str(message["Date"])).date().isoformat()
        except (TypeError, ValueError):
            date = ""
        found.append(
            Entry(
                receipt=receipt,
                date=date,
                category=str(message.get("X-Peerpact-Category", "")),
                status="sent" if path.parent.name == "cur" and "P" in flags else "waiting",
                sealed="X-Peerpact-Sealed" in message,
                path=path,
            )
        )
    found.sort(key=lambda entry: (entry.date, entry.receipt))
    return found


def find(spec: str) -> Entry:
    match = _RECEIPT.match(spec.strip().lower())
    if not match:
        raise UserInputError(
            f"{spec!r} is not a receipt code.", "A receipt looks like k7qm-3xhp (8 letters)."
        )
    receipt = f"{match.group(1)}-{match.group(2)}"
    for entry in entries():
        if entry.receipt == receipt:
            return entry
    raise NotFoundError(f"No message with receipt {receipt} in the outbox.")


def show(spec: str) -> tuple[Entry, str | None]:
    """The entry, and its readable text unless it is sealed to leadership."""
    entry = find(spec)
    return entry, None if entry.sealed else readable(_read(entry.path))


def remove(spec: str) -> Entry:
    entry = find(spec)
    try:
        entry.path.unlink()
        fsync_dir(entry.path.parent)
    except OSError as exc:
        raise describe_os_error(exc, entry.path) from exc
    return entry


def export(folder: Path) -> list[Path]:
    """Copy every message, byte for byte, to ``folder`` as RECEIPT.eml."""
    written = []
    for entry in entries():
        target = folder / f"{entry.receipt}.eml"
        atomic_write(target, _read(entry.path), mtime=entry.path.stat().st_mtime, private_dir=False)
        written.append(target)
    return written


def _mark_sent(path: Path) -> None:
    root = outbox_dir()
    unique, _, flags = path.name.partition(":2,")
    target = root / "cur" / f"{unique}:2,{''.join(sorted(set(flags) | {'P', 'S'}))}"
    os.rename(path, target)
    fsync_dir(target.parent)


def send_waiting(settings: SmtpSettings, to: str, password: str | None) -> SendReport:
    """Deliver every waiting message to ``to``; each one sent is marked at once.

    Holding the outbox lock, two runs at the same time cannot both send a
    message. A crash between the server's "OK" and the rename would send that
    one message again next time: SMTP offers no way to ask.
    """
    from peerpact.store import locked

    if not to:
        raise UserInputError(
            "There is no leadership address to send to.",
            "Set it with `peerpact config set organization.leadership_email ADDRESS`.",
        )
    if settings.user and password is None:
        raise UserInputError(
            f"The SMTP user is {settings.user!r} but PEERPACT_SMTP_PASSWORD is not set.",
            "Set it in the environment for this command; peerpact never stores it.",
        )
    root = outbox_dir(create=True)
    with locked(root):
        waiting = [entry for entry in entries() if entry.status == "waiting"]
        if not waiting:
            return SendReport([], [])
        report = SendReport([], [])
        with _connect(settings, password) as smtp:
            sender = settings.user if "@" in settings.user else to
            for entry in waiting:
                reason = _deliver(smtp, sender, to, entry.path)
                if reason:
                    report.failed.append((entry.receipt, reason))
                else:
                    _mark_sent(entry.path)
                    report.sent.append(entry.receipt)
        return report


def _deliver(smtp: Any, sender: str, to: str, path: Path) -> str:
    """Send one message; the reason it failed, or "" when the server took it."""
    import smtplib

    # Maildir files end lines with LF; SMTP wants CRLF, and servers refuse bare LF.
    data = re.sub(rb"\r?\n", b"\r\n", _read(path))
    try:
        smtp.sendmail(sender, [to], data)
    except smtplib.SMTPRecipientsRefused as exc:
        code, refusal = next(iter(exc.recipients.values()))
        return f"the server refused {to}: {code} {refusal.decode('utf-8', 'replace')}"
    except smtplib.SMTPResponseException as exc:
        said = exc.smtp_error
        text = said.decode("utf-8", "replace") if isinstance(said, bytes) else said
        return f"the server said {exc.smtp_code} {text}"
    except (smtplib.SMTPException, OSError) as exc:
        return f"the connection failed: {exc}"
    return ""


@contextlib.contextmanager
def _connect(settings: SmtpSettings, password: str | None) -> Iterator[Any]:
    import smtplib
    import ssl

    where = f"{settings.host}:{settings.port}"
    unsent = "Nothing was sent; every message is still waiting."
    try:
        # The greeting names the client: the machine's own name would identify it.
        smtp = smtplib.SMTP(settings.host, settings.port, local_hostname="[127.0.0.1]", timeout=30)
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise DeliveryError(
            f"Could not connect to the mail server at {where}: {reason}.", unsent
        ) from exc
    try:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, password or "")
    except smtplib.SMTPNotSupportedError as exc:
        smtp.close()
        raise DeliveryError(
            f"The mail server at {where} does not offer STARTTLS. {unsent}",
            "Use another server, or --no-starttls only on a network you trust.",
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        smtp.close()
        raise DeliveryError(f"The mail server at {where} refused us: {exc}.", unsent) from exc
    try:
        yield smtp
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.quit()
