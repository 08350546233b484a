"""Sending the outbox to leadership by SMTP: the one place peerpact uses the network.

Filing and sending are separate steps so that a message can wait, be read
again or removed, or leave on a USB stick instead. Sending holds the outbox
lock and marks each message sent the moment the server takes it, so two runs
cannot both send it and a failed one stays waiting. The SMTP greeting gives a
loopback address, never this machine's name.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import DeliveryError, UserInputError
from peerpact.feedback import outbox

if TYPE_CHECKING:
    from peerpact.config import SmtpSettings


@dataclass(frozen=True)
class SendReport:
    sent: list[str]
    failed: list[tuple[str, str]]


def send_waiting(settings: SmtpSettings, to: str, password: str | None) -> SendReport:
    """Deliver every waiting message to ``to``; each one sent is marked at once.

    Holding the outbox lock, two runs at the same time cannot both send a
    message. A crash between the server's "OK" and the rename would send that
    one message again next time: SMTP offers no way to ask.
    """
    from peerpact.files import locked

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
    root = outbox.outbox_dir(create=True)
    with locked(root):
        waiting = [entry for entry in outbox.entries() if entry.status == "waiting"]
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
                    outbox.mark_sent(entry.path)
                    report.sent.append(entry.receipt)
        return report


def _deliver(smtp: Any, sender: str, to: str, path: Path) -> str:
    """Send one message; the reason it failed, or "" when the server took it."""
    import smtplib

    # Maildir files end lines with LF; SMTP wants CRLF, and servers refuse bare LF.
    data = re.sub(rb"\r?\n", b"\r\n", outbox.read_message(path))
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
