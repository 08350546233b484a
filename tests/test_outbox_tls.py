"""`peerpact outbox send` as mail software sends: implicit TLS, STARTTLS before any
password, and a connection lost around the server's answer (aiosmtpd on loopback)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from support.smtp import LEADS, Inbox, file_notes, free_port, statuses
from support.tls import make_certificate, server_context

PASSWORD = "correct horse"

#: These tests are about the connection; the messages are filed unsealed.
pytestmark = pytest.mark.usefixtures("plain_messages")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, and its key."""
    return make_certificate(tmp_path_factory.mktemp("tls"))


class AuthInbox(Inbox):
    """An inbox that also records logins, and whether each came over TLS."""

    def __init__(self) -> None:
        super().__init__()
        self.logins: list[tuple[bytes, bool]] = []

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.logins.append((auth_data.login, session.ssl is not None))
        return AuthResult(success=auth_data.password == PASSWORD.encode())


@pytest.fixture
def serve() -> Iterator:
    """Start an aiosmtpd server on loopback with the given options."""
    started: list[Controller] = []

    def start(handler: Inbox, **options) -> int:
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return port

    yield start
    for controller in started:
        controller.stop()


def send(peerpact, port: int, *extra: str, expect: int = 0):
    return peerpact(
        "outbox", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port), *extra,
        expect=expect,
    )  # fmt: skip


def trust(monkeypatch, certificate: tuple[Path, Path]) -> None:
    # OpenSSL reads SSL_CERT_FILE when peerpact builds its default context.
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))


def test_implicit_tls_sends_over_tls_from_the_first_byte(peerpact, serve, certificate, monkeypatch):
    inbox = Inbox()
    port = serve(inbox, ssl_context=server_context(certificate))
    trust(monkeypatch, certificate)
    file_notes(peerpact, "Over TLS.")
    result = send(peerpact, port, "--implicit-tls")
    assert "Sent " in result.stdout
    assert len(inbox.messages) == 1 and b"Over TLS." in inbox.messages[0][2]
    assert statuses(peerpact) == ["sent"]


def test_port_465_means_implicit_tls(peerpact):
    from peerpact.config import SmtpSettings
    from peerpact.feedback.delivery import encrypted, implicit_tls

    assert implicit_tls(SmtpSettings(port=465, starttls=False))
    assert encrypted(SmtpSettings(port=465, starttls=False))
    assert not implicit_tls(SmtpSettings(port=587))
    peerpact("config", "set", "smtp.implicit_tls", "true")
    assert '"smtp.implicit_tls": true' in peerpact("config", "show", "--json").stdout


def test_a_certificate_nobody_vouches_for_is_refused(peerpact, serve, certificate):
    inbox = Inbox()
    port = serve(inbox, ssl_context=server_context(certificate))
    file_notes(peerpact, "Over TLS.")
    result = send(peerpact, port, "--implicit-tls", expect=7)
    assert "TLS with the mail server" in result.stderr and "certificate" in result.stderr
    assert "Traceback" not in result.output
    assert inbox.messages == [] and statuses(peerpact) == ["waiting"]


def test_starttls_comes_before_the_password(peerpact, serve, certificate, monkeypatch):
    inbox = AuthInbox()
    port = serve(
        inbox,
        tls_context=server_context(certificate),
        require_starttls=True,
        authenticator=inbox.authenticate,
        auth_require_tls=True,
    )
    trust(monkeypatch, certificate)
    # The password as msmtp's passwordeval gives it: a command's first line.
    peerpact("config", "set", "smtp.password_command", f"echo '{PASSWORD}'")
    file_notes(peerpact, "Logged in.")
    send(peerpact, port, "--smtp-user", "me@space.example")
    assert inbox.logins == [(b"me@space.example", True)]
    assert len(inbox.messages) == 1 and statuses(peerpact) == ["sent"]


def test_no_password_in_the_clear_without_insecure_plaintext(peerpact, serve, monkeypatch):
    inbox = AuthInbox()
    port = serve(inbox, authenticator=inbox.authenticate, auth_require_tls=False)
    monkeypatch.setenv("PEERPACT_SMTP_PASSWORD", PASSWORD)
    file_notes(peerpact, "A note.")
    user = ("--no-starttls", "--smtp-user", "me@space.example")
    refused = send(peerpact, port, *user, expect=2)
    assert "in the clear" in refused.stderr and "--insecure-plaintext" in refused.stderr
    assert "Traceback" not in refused.output
    assert inbox.logins == [] and inbox.messages == []
    assert statuses(peerpact) == ["waiting"]

    allowed = send(peerpact, port, *user, "--insecure-plaintext")
    assert "Warning" in allowed.stderr and "unencrypted" in allowed.stderr
    assert inbox.logins == [(b"me@space.example", False)]
    assert len(inbox.messages) == 1 and statuses(peerpact) == ["sent"]


class DropsBeforeAnswering(Inbox):
    """Keeps the message, then cuts the line before saying so."""

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.original_content))
        server.transport.abort()
        return "250 Message accepted"


class DropsAfterAnswering(Inbox):
    """Says OK, then cuts the line."""

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.original_content))
        asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted"


def test_lost_before_the_answer_is_maybe_sent_and_not_sent_again(peerpact, serve):
    inbox = DropsBeforeAnswering()
    port = serve(inbox)
    file_notes(peerpact, "Did it arrive?")
    [row] = peerpact_list(peerpact)
    result = send(peerpact, port, "--no-starttls", expect=7)
    assert f"{row['id']}: may have been delivered" in result.stderr
    assert f"--resend {row['id']}" in result.stderr
    assert "Traceback" not in result.output
    assert statuses(peerpact) == ["maybe-sent"]
    assert len(inbox.messages) == 1

    again = send(peerpact, port, "--no-starttls")
    assert "Nothing waiting to send." in again.stdout
    assert len(inbox.messages) == 1, "sent twice without being asked"

    ordinary = Inbox()
    port = serve(ordinary)
    resent = send(peerpact, port, "--no-starttls", "--resend", row["id"])
    assert f"Sent {row['id']}." in resent.stdout
    assert len(ordinary.messages) == 1 and statuses(peerpact) == ["sent"]
    refused = send(peerpact, port, "--no-starttls", "--resend", row["id"], expect=2)
    assert "not maybe-sent" in refused.stderr


def test_lost_after_the_answer_is_sent_once(peerpact, serve):
    inbox = DropsAfterAnswering()
    port = serve(inbox)
    file_notes(peerpact, "First.", "Second.")
    result = send(peerpact, port, "--no-starttls", expect=7)
    assert result.stdout.count("Sent ") == 1 and "still waiting" in result.stderr
    assert sorted(statuses(peerpact)) == ["sent", "waiting"]
    send(peerpact, port, "--no-starttls")
    assert statuses(peerpact) == ["sent", "sent"]
    bodies = sorted(content.split(b"\r\n\r\n")[-1] for _, _, content in inbox.messages)
    assert len(inbox.messages) == 2 and len(set(bodies)) == 2, "a message went twice"
    assert all(rcpt == [LEADS] for _, rcpt, _ in inbox.messages)


def peerpact_list(peerpact) -> list[dict]:
    import json

    return json.loads(peerpact("outbox", "list", "--json").stdout)
