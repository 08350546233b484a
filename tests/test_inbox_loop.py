"""One real loop (issue 22), with real parts: a facilitator who joined the
organisation files a grievance and sends it by SMTP over TLS (aiosmtpd on
loopback, delivering into a Dovecot user's Maildir); the leader takes it with
`inbox sync --imap` (over IMAPS, the password from a password command),
acknowledges and closes the case; stock `age -d -i` opens the message the
case keeps. Then the whole way round with a receipt (issue 23): answers
published, read with the receipt alone, and a follow-up filed in the same case."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from peerpact.leadership import casefile
from peerpact.leadership.inbox import inbox_folder
from peerpact.record.keyring import keyring
from support.dovecot import ImapAccount
from support.identities import identity_text
from support.orgs import joined_org
from support.smtp import free_port
from support.tls import make_certificate, server_context

TEXT = "The Thursday circle started forty minutes late again."


class IntoMaildir:
    """An SMTP server's handler that delivers each message to the IMAP user."""

    def __init__(self, account: ImapAccount) -> None:
        self.account = account

    async def handle_DATA(self, server, session, envelope):
        self.account.deliver(envelope.original_content)
        return "250 Message accepted"


@pytest.fixture
def smtps(imap_account: ImapAccount, tmp_path: Path, monkeypatch) -> int:
    """An SMTP server speaking TLS from the first byte; the facilitator trusts it."""
    certificate = make_certificate(tmp_path)
    port = free_port()
    controller = Controller(
        IntoMaildir(imap_account),
        hostname="127.0.0.1",
        port=port,
        ssl_context=server_context(certificate),
    )
    controller.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    yield port
    controller.stop()


def test_a_grievance_goes_from_facilitator_to_closed_case(
    peerpact, imap_account: ImapAccount, smtps: int, tmp_path: Path, monkeypatch
) -> None:
    # The facilitator's computer.
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "facilitator"))
    org = joined_org(peerpact, tmp_path, names=("Sam",))
    peerpact("grievance", "--no-input", "--text", TEXT)
    sent = peerpact(
        "outbox", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(smtps),
        "--implicit-tls", "--json",
    )  # fmt: skip
    assert len(json.loads(sent.stdout)["sent"]) == 1
    assert len(list((imap_account.maildir / "new").iterdir())) == 1

    # The leader's computer: its identity file as `age` keeps one.
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "leader"))
    identity = tmp_path / "sam.txt"
    identity.write_text(identity_text(org.identities[0]))
    identity.chmod(0o600)
    imap_account.configure(peerpact, tmp_path / "imap-password.txt")
    synced = peerpact("inbox", "sync", "--imap", "-i", str(identity), "--json")
    [name] = json.loads(synced.stdout)["taken"]
    again = json.loads(peerpact("inbox", "sync", "--imap", "-i", str(identity), "--json").stdout)
    assert again["taken"] == [] and again["seen"] == 0
    assert TEXT in peerpact("inbox", "show", name, "-i", str(identity)).stdout
    peerpact("inbox", "ack", name, "-i", str(identity))
    closed = peerpact(
        "inbox", "close", name, "--outcome", "resolved", "-i", str(identity), "--json"
    )
    assert json.loads(closed.stdout)["status"] == "closed"

    # Stock age opens the message the case keeps, with the same identity file.
    if shutil.which("age") is None:
        pytest.skip("age is not installed (apt-get install age)")
    [case] = _kept(org.identities[0])
    sealed = tmp_path / "kept.age"
    sealed.write_text(case.message)
    opened = subprocess.run(
        ["age", "-d", "-i", str(identity), str(sealed)], capture_output=True, check=True
    )
    assert TEXT in opened.stdout.decode()


def _filed_and_sent(peerpact, child, smtps: int) -> None:
    """The interview in ``child`` ends filed, then the outbox goes over SMTPS."""
    import pexpect

    child.expect(r"Filed in the outbox")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    peerpact(
        "outbox", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(smtps), "--implicit-tls"
    )  # fmt: skip


def _kept(identity) -> list:
    folder = inbox_folder()
    key = casefile.inbox_key(folder, [identity], create=False)
    checked = [casefile.check(item, keyring()) for item in casefile.load(folder, key)]
    return [item.case for item in checked if item.case]


def test_the_whole_way_round_with_a_receipt(
    peerpact, imap_account: ImapAccount, smtps: int, tmp_path: Path, monkeypatch
) -> None:
    """Issue 23's "Done when": an anonymous grievance with a receipt -> outbox
    send -> inbox sync --imap -> ack and reply -> publish -> grievance check
    with the receipt shows both; a wrong receipt shows the screen of no answer;
    a follow-up written from grievance check lands in the same case."""
    import re

    from support.grievances import write_until_filing
    from support.pty import screen, spawn_peerpact

    # The leader's computer makes the organisation file; the facilitator joins it.
    leader, facilitator = tmp_path / "leader", tmp_path / "facilitator"
    monkeypatch.setenv("PEERPACT_HOME", str(leader))
    monkeypatch.setenv("PEERPACT_PASSPHRASE", "correct horse battery staple")
    made = json.loads(
        peerpact(
            "org", "init", "--name", "Harbour Peers", "--email", "leads@example.org",
            "--leader", "Sam", "--json",
        ).stdout
    )  # fmt: skip
    org_file = tmp_path / "organisation.toml"
    org_file.write_bytes(Path(made["file"]).read_bytes())
    monkeypatch.setenv("PEERPACT_HOME", str(facilitator))
    peerpact("org", "join", str(org_file))

    # The anonymous grievance: the receipt shown once and typed back.
    child = spawn_peerpact("grievance", timeout=60)
    write_until_filing(child, TEXT)
    child.sendline("y")
    child.expect_exact("Type the six words back")
    receipt = re.search(r"\n\s+((?:[a-z]+ ){5}[a-z]+)\s*\n", screen(child)).group(1)
    child.sendline(receipt)
    _filed_and_sent(peerpact, child, smtps)

    # Leadership takes it in, acknowledges and answers, and publishes.
    monkeypatch.setenv("PEERPACT_HOME", str(leader))
    imap_account.configure(peerpact, tmp_path / "imap-password.txt")
    [name] = json.loads(peerpact("inbox", "sync", "--imap", "--json").stdout)["taken"]
    empty = tmp_path / "before.json"
    peerpact("inbox", "publish", "-o", str(empty))
    assert "Sealed for the reporter's receipt" in peerpact("inbox", "ack", name).stdout
    peerpact("inbox", "reply", name, "--message", "We spoke with the rota team.")
    bundle = tmp_path / "replies.json"
    peerpact("inbox", "publish", "-o", str(bundle))

    # The reporter, on the facilitator's computer, with the receipt alone.
    monkeypatch.setenv("PEERPACT_HOME", str(facilitator))
    secret = tmp_path / "receipt.txt"

    def check(path: Path, typed: str) -> str:
        secret.write_text(typed)
        return str(peerpact("grievance", "check", str(path), "--receipt-file", str(secret)).stdout)

    shown = check(bundle, receipt)
    assert "Received: leadership has your message." in shown
    assert "We spoke with the rota team." in shown
    from peerpact.feedback.receipt import new_receipt

    assert check(bundle, new_receipt()) == check(empty, receipt)
    assert "No answers for this receipt yet." in check(empty, receipt)

    # A follow-up, written from grievance check, lands in the same case.
    secret.write_text(receipt)
    child = spawn_peerpact("grievance", "check", str(bundle), "--receipt-file", str(secret))
    child.expect_exact("Write a follow-up to leadership with this receipt?")
    child.sendline("y")
    write_until_filing(child, "It happened again on Thursday.")
    child.sendline("y")
    _filed_and_sent(peerpact, child, smtps)
    monkeypatch.setenv("PEERPACT_HOME", str(leader))
    synced = json.loads(peerpact("inbox", "sync", "--imap", "--json").stdout)
    assert synced["follow_ups"] == [name] and synced["taken"] == []
