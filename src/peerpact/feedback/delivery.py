"""Sending the outbox to leadership by SMTP: the one place peerpact uses the network.

Filing and sending are separate steps so that a message can wait, be read
again or removed, or leave on a USB stick instead. Sending holds the outbox
lock and marks each message sent the moment the server takes it, so two runs
cannot both send it and a failed one stays waiting. The SMTP greeting gives a
loopback address, never this machine's name.

The connection is encrypted as mail software does it: implicit TLS on port
465 (or when asked), STARTTLS required otherwise, and a password is never
sent over an unencrypted connection unless the person passes
``insecure_plaintext``. Once the whole message has gone to the server, a
connection lost before its answer leaves the message "maybe sent": the
server may have kept it, so it is not sent again unless asked (SMTP has no
way to ask the server whether it did).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from peerpact.errors import DeliveryError, UserInputError
from peerpact.feedback import outbox
from peerpact.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from peerpact.config import Config, SmtpSettings
    from peerpact.passwords import Ask

IMPLICIT_TLS_PORT = 465
#: Kept for scripts and CI, whose secrets arrive as environment variables;
#: a person uses a password command, the keyring or the prompt (passwords.py).
SMTP_PASSWORD_ENV = "PEERPACT_SMTP_PASSWORD"  # noqa: S105 (a variable's name)


@dataclass(frozen=True)
class SendReport:
    sent: list[str]
    failed: list[tuple[str, str]]
    #: Sent whole, but the connection was lost before the server said it took them.
    maybe_sent: list[str] = field(default_factory=list)

    def check_confirmed(self) -> None:
        """DeliveryError (exit 7) unless every message was confirmed sent."""
        maybe = _(
            "%(id)s: may have been delivered (the connection was lost before the server "
            "confirmed it); it will not be sent again unless you pass --resend %(id)s"
        )
        problems = [maybe % {"id": outbox_id} for outbox_id in self.maybe_sent]
        waiting = _("%(id)s: %(reason)s, still waiting")
        problems += [waiting % {"id": i, "reason": reason} for i, reason in self.failed]
        if problems:
            raise DeliveryError(
                _("%(n)s message(s) not confirmed sent. %(problems)s.")
                % {"n": len(problems), "problems": "; ".join(problems)},
                _(
                    "Ask leadership whether a maybe-sent message arrived before resending it; "
                    "run `peerpact outbox send` again once any problem is fixed."
                ),
            )

    def as_json(self) -> dict[str, object]:
        failed = [{"id": outbox_id, "reason": reason} for outbox_id, reason in self.failed]
        return {"sent": list(self.sent), "maybe_sent": list(self.maybe_sent), "failed": failed}


@dataclass(frozen=True)
class Sending:
    """`outbox send`'s use case, ready to run: where, how, and what again."""

    settings: SmtpSettings
    to: str
    #: Asks a person for the password; None where there is no terminal.
    ask: Ask | None
    insecure_plaintext: bool = False
    resend: tuple[str, ...] = ()

    @property
    def in_the_clear(self) -> bool:
        """The password and messages would cross the network unencrypted, as asked."""
        return bool(self.settings.user) and self.insecure_plaintext and not encrypted(self.settings)

    def run(self) -> SendReport:
        return send_waiting(
            self.settings, self.to, self.password, self.insecure_plaintext, self.resend
        )

    def password(self) -> str:
        """The password, asked for only once a message is ready to go: from
        PEERPACT_SMTP_PASSWORD when set, else as peerpact.passwords finds it."""
        import os

        from peerpact.passwords import Account, password

        given = os.environ.get(SMTP_PASSWORD_ENV)
        if given:
            return given
        settings = self.settings
        account = Account("smtp", settings.host, settings.user, settings.password_command)
        return password(account, self.ask)


def sending(
    config: Config,
    overrides: dict[str, Any],
    ask: Ask | None,
    insecure_plaintext: bool = False,
    resend: tuple[str, ...] = (),
) -> Sending:
    """The config's SMTP settings with the command line's ``overrides`` (those
    not None); the password is found when needed (``Sending.password``)."""
    from dataclasses import replace

    given = {name: value for name, value in overrides.items() if value is not None}
    return Sending(
        replace(config.smtp, **given), config.leadership_email, ask, insecure_plaintext, resend
    )


class _MaybeDelivered(Exception):
    """The message went whole; the server's answer never came."""


def implicit_tls(settings: SmtpSettings) -> bool:
    return settings.implicit_tls or settings.port == IMPLICIT_TLS_PORT


def encrypted(settings: SmtpSettings) -> bool:
    return implicit_tls(settings) or settings.starttls


def send_waiting(
    settings: SmtpSettings,
    to: str,
    password: Callable[[], str],
    insecure_plaintext: bool = False,
    resend: tuple[str, ...] = (),
) -> SendReport:
    """Deliver every waiting message to ``to``; each one sent is marked at once.

    ``password`` is called, once, only when a message is ready to go and
    the settings name a user. ``resend`` names "maybe sent" messages to send
    again. Holding the outbox lock, two runs at the same time cannot both send a message. A crash
    between the server's "OK" and the rename would send that one message
    again next time: SMTP offers no way to ask.
    """
    from peerpact.files import locked

    if settings.user and not encrypted(settings) and not insecure_plaintext:
        raise UserInputError(
            _("Without TLS the SMTP password would cross the network in the clear."),
            _("Use STARTTLS or port 465, or --insecure-plaintext on a network you trust."),
        )
    root = outbox.outbox_dir(create=True)
    with locked(root):
        for spec in resend:
            entry = outbox.find(spec)
            if entry.status != "maybe-sent":
                raise UserInputError(
                    _("{id} is {status}, not maybe-sent; --resend is for those.").format(
                        id=entry.id, status=entry.status
                    ),
                )
            outbox.mark_waiting(entry.path)
        report = SendReport([], [])
        waiting = []
        for entry in outbox.entries():
            if entry.status == "waiting":
                data = outbox.read_message(entry.path)
                waiting.append((entry, data, *envelope(data, to, settings.user)))
        if not waiting:
            return report
        if not all(recipient for _entry, _data, _sender, recipient in waiting):
            raise UserInputError(
                _("There is no leadership address to send to."),
                _("Set it with `peerpact config set organization.leadership_email ADDRESS`."),
            )
        if not settings.host:
            raise UserInputError(
                _("No mail server is set, so nothing was sent; every message is still waiting."),
                _(
                    "Join your organisation (`peerpact org join FILE`), which sets it, or set "
                    "one: `peerpact config set smtp.host HOST`."
                ),
            )
        with _connect(settings, password() if settings.user else "") as smtp:
            for entry, data, sender, recipient in waiting:
                try:
                    reason = _deliver(smtp, sender, recipient, data)
                except _MaybeDelivered:
                    outbox.mark_maybe_sent(entry.path)
                    report.maybe_sent.append(entry.id)
                    continue
                if reason:
                    report.failed.append((entry.id, reason))
                else:
                    outbox.mark_sent(entry.path)
                    report.sent.append(entry.id)
        return report


def envelope(data: bytes, leadership: str, user: str) -> tuple[str, str]:
    """A message's envelope sender and recipient, from one parse of it.

    The sender: the SMTP user when it is an address, else ``leadership``,
    else the message's From. The recipient: leadership's e-mail to a reporter
    (`inbox reply`, marked so and never sealed) goes to its own To, one
    address; anything else, a grievance above all, to ``leadership`` whatever
    its To says ("" when there is no such address)."""
    from email.utils import getaddresses, parseaddr

    from peerpact.feedback.message import REPLY_HEADER, reply_to
    from peerpact.feedback.wording import ANONYMOUS_ADDRESS

    message = outbox.parse(data)
    sender = user if "@" in user else leadership or parseaddr(str(message.get("From", "")))[1]
    # The display name is in the organisation's language; the address is one.
    anonymous = parseaddr(str(message.get("From", "")))[1] == ANONYMOUS_ADDRESS
    headers = ("X-Peerpact-Sealed" in message, anonymous)
    if REPLY_HEADER not in message or any(headers):
        return sender, leadership
    found = getaddresses([str(message.get("To", ""))])
    address = found[0][1] if len(found) == 1 else ""
    return sender, address if address and reply_to(address) == address else leadership


def _deliver(smtp: Any, sender: str, to: str, data: bytes) -> str:
    """Send one message; the reason it failed, or "" when the server took it.

    Raises _MaybeDelivered when the connection is lost after the whole
    message went and before the server's answer.
    """
    import smtplib

    # Maildir files end lines with LF; SMTP wants CRLF, and servers refuse bare LF.
    data = re.sub(rb"\r?\n", b"\r\n", data)
    try:
        smtp.ehlo_or_helo_if_needed()
        code, said = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, said, sender)
        code, said = smtp.rcpt(to)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({to: (code, said)})
        _data(smtp, data)
    except smtplib.SMTPRecipientsRefused as exc:
        _reset(smtp)
        code, refusal = next(iter(exc.recipients.values()))
        return _("the server refused {to}: {code} {refusal}").format(
            to=to, code=code, refusal=refusal.decode("utf-8", "replace")
        )
    except smtplib.SMTPResponseException as exc:
        _reset(smtp)
        said = exc.smtp_error
        text = said.decode("utf-8", "replace") if isinstance(said, bytes) else said
        return _("the server said {code} {text}").format(code=exc.smtp_code, text=text)
    except (smtplib.SMTPException, OSError) as exc:
        return _("the connection failed: {exc}").format(exc=exc)
    return ""


def _data(smtp: Any, data: bytes) -> None:
    """SMTP DATA as smtplib sends it, told apart: a connection lost while the
    message is still being handed over means the final dot never left, so no
    server took it; lost after, it may have been. A cut in the middle of the
    server's reading usually looks like the second case, because the system
    buffers the whole message at once: the client cannot see how far the
    server read, so it says "maybe sent" rather than risk sending twice
    (docs/anonymity.md)."""
    import smtplib

    smtp.putcmd("data")
    code, said = smtp.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, said)
    quoted = re.sub(rb"(?m)^\.", b"..", data)
    if not quoted.endswith(b"\r\n"):
        quoted += b"\r\n"
    smtp.send(quoted + b".\r\n")
    try:
        code, said = smtp.getreply()
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        raise _MaybeDelivered from exc
    if code != 250:
        raise smtplib.SMTPDataError(code, said)


def _reset(smtp: Any) -> None:
    import smtplib

    with contextlib.suppress(smtplib.SMTPException, OSError):
        smtp.rset()


@contextlib.contextmanager
def _connect(settings: SmtpSettings, password: str) -> Iterator[Any]:
    import smtplib
    import ssl

    where = f"{settings.host}:{settings.port}"
    unsent = _("Nothing was sent; every message is still waiting.")
    context = ssl.create_default_context()
    try:
        # The greeting names the client: the machine's own name would identify it.
        if implicit_tls(settings):
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, local_hostname="[127.0.0.1]", timeout=30,
                context=context,
            )  # fmt: skip
        else:
            smtp = smtplib.SMTP(
                settings.host, settings.port, local_hostname="[127.0.0.1]", timeout=30
            )
    except ssl.SSLError as exc:
        raise DeliveryError(
            _("TLS with the mail server at {where} failed: {value}.").format(
                where=where, value=exc.reason or exc
            ),
            _("{unsent} Check that the port speaks TLS (465) and the server's certificate.").format(
                unsent=unsent
            ),
        ) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise DeliveryError(
            _("Could not connect to the mail server at {where}: {reason}.").format(
                where=where, reason=reason
            ),
            unsent,
        ) from exc
    try:
        if settings.starttls and not implicit_tls(settings):
            smtp.starttls(context=context)
        if settings.user:
            smtp.login(settings.user, password)
    except smtplib.SMTPNotSupportedError as exc:
        smtp.close()
        raise DeliveryError(
            _("The mail server at {where} does not offer STARTTLS. {unsent}").format(
                where=where, unsent=unsent
            ),
            _("Use another server or port 465, or --no-starttls only on a network you trust."),
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        smtp.close()
        raise DeliveryError(
            _("The mail server at {where} refused us: {exc}.").format(where=where, exc=exc), unsent
        ) from exc
    try:
        yield smtp
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.quit()
