"""`peerpact outbox send` against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import mailbox
import socket
from pathlib import Path

import pytest

from support.grievances import contains_word
from support.smtp import LEADS, file_notes, free_port, send, statuses

#: These tests read the text itself, so messages are filed unsealed, as an
#: organisation that allows it has them (sealing: tests/test_grievance_sealed.py).
pytestmark = pytest.mark.usefixtures("plain_messages")


def test_every_message_is_delivered_once(peerpact, peerpact_home, smtp_server):
    inbox, port = smtp_server
    file_notes(peerpact, "First note.", "Second note.")
    result = send(peerpact, port)
    assert result.stdout.count("Sent ") == 2
    assert len(inbox.messages) == 2
    assert statuses(peerpact) == ["sent", "sent"]

    bodies = b"".join(content for _, _, content in inbox.messages)
    assert b"First note." in bodies and b"Second note." in bodies
    assert all(rcpt == [LEADS] for _, rcpt, _ in inbox.messages)
    # Nothing about this machine in the greeting either.
    assert inbox.greetings == ["[127.0.0.1]", "[127.0.0.1]"]
    assert not contains_word(bodies.decode(), socket.gethostname())

    # Delivered messages live in cur/, flagged passed-on and seen.
    box = mailbox.Maildir(peerpact_home / "data" / "outbox", create=False)
    assert sorted((m.get_subdir(), m.get_flags()) for m in box) == [("cur", "PS"), ("cur", "PS")]

    again = send(peerpact, port)
    assert "Nothing waiting to send." in again.stdout
    assert len(inbox.messages) == 2

    file_notes(peerpact, "Third note.")
    send(peerpact, port)
    assert len(inbox.messages) == 3
    assert b"Third note." in inbox.messages[-1][2]


def test_refused_connection_leaves_everything_waiting(peerpact):
    file_notes(peerpact, "A note.")
    port = free_port()  # nothing listens there
    result = send(peerpact, port, expect=7)
    assert f"127.0.0.1:{port}" in result.stderr and "refused" in result.stderr.lower()
    assert "still waiting" in result.stderr
    assert "Traceback" not in result.output
    assert statuses(peerpact) == ["waiting"]


def test_refused_recipient_says_why_and_retries_later(peerpact, smtp_server):
    inbox, port = smtp_server
    file_notes(peerpact, "A note.")
    inbox.refuse = True
    result = send(peerpact, port, expect=7)
    assert "550" in result.stderr and "still waiting" in result.stderr
    assert statuses(peerpact) == ["waiting"]
    inbox.refuse = False
    send(peerpact, port)
    assert statuses(peerpact) == ["sent"]
    assert len(inbox.messages) == 1


def test_starttls_is_required_unless_turned_off(peerpact, smtp_server):
    _, port = smtp_server
    file_notes(peerpact, "A note.")
    result = peerpact(
        "outbox", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port), expect=7
    )
    assert "does not offer STARTTLS" in result.stderr
    assert statuses(peerpact) == ["waiting"]


def test_login_without_a_password_says_where_to_put_one(peerpact, smtp_server):
    inbox, port = smtp_server
    file_notes(peerpact, "A note.")
    result = peerpact(
        "outbox", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
        "--no-starttls", "--insecure-plaintext", "--smtp-user", "me@space.example", expect=2,
    )  # fmt: skip
    assert "smtp.password_command" in result.stderr and "keyring" in result.stderr
    assert inbox.messages == []


def test_without_a_leadership_address_nothing_is_sent(peerpact, smtp_server):
    inbox, port = smtp_server
    peerpact("grievance", "--no-input", "--text", "A note.")
    result = send(peerpact, port, expect=2)
    assert "organization.leadership_email" in result.stderr
    assert inbox.messages == []


def test_send_with_an_empty_outbox(peerpact, smtp_server, peerpact_home: Path):
    _, port = smtp_server
    peerpact("config", "set", "organization.leadership_email", LEADS)
    assert "Nothing waiting to send." in send(peerpact, port).stdout


def test_leaderships_e_mail_to_a_reporter_goes_to_its_own_to(peerpact, smtp_server):
    # What `inbox reply` files for a reporter who gave an address.
    from peerpact.feedback import outbox
    from peerpact.feedback.message import compose_reply

    inbox, port = smtp_server
    file_notes(peerpact, "A grievance.")
    outbox.file(compose_reply("robin@example.net", LEADS, "Your message", "We will call."))
    send(peerpact, port)
    envelopes = {
        bytes(content).count(b"We will call."): rcpt for _, rcpt, content in inbox.messages
    }
    assert envelopes == {1: ["robin@example.net"], 0: [LEADS]}


def test_a_grievance_goes_to_leadership_whatever_its_file_says(
    peerpact, peerpact_home, smtp_server
):
    # Someone who can edit the outbox marks a grievance as a reply to themselves:
    # a message from the anonymous sender still goes to leadership alone.
    inbox, port = smtp_server
    file_notes(peerpact, "A grievance.")
    [path] = (peerpact_home / "data" / "outbox" / "new").iterdir()
    marked = b"X-Peerpact-Reply: contact\nTo: watcher@example.net\n"
    path.write_bytes(path.read_bytes().replace(b"To: " + LEADS.encode() + b"\n", marked, 1))
    assert b"watcher@example.net" in path.read_bytes()
    send(peerpact, port)
    assert [rcpt for _, rcpt, _ in inbox.messages] == [[LEADS]]
