"""A real SMTP server on loopback (aiosmtpd), and sending the outbox to it."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

LEADS = "leads@space.example"


@dataclass
class Inbox:
    """What the server received: envelopes, and the name each client greeted with."""

    refuse: bool = False
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    greetings: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.greetings.append(session.host_name)
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.original_content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def send(peerpact, port: int, expect: int = 0):
    return peerpact(
        "outbox", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--no-starttls",
        expect=expect,
    )  # fmt: skip


def file_notes(peerpact, *texts: str) -> None:
    peerpact("config", "set", "organization.leadership_email", LEADS)
    for text in texts:
        peerpact("grievance", "--no-input", "--text", text)


def statuses(peerpact) -> list[str]:
    return sorted(row["status"] for row in json.loads(peerpact("outbox", "list", "--json").stdout))
