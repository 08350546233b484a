"""`grievance check` offers a follow-up: written as a grievance is, sealed
with the reply key and follow-up tag the receipt derives, so leadership's
inbox files it under the first message's case; nothing else written holds
the receipt or anything derived from it."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pyrage
import pytest

from peerpact.feedback import replies
from peerpact.feedback.message import reply_fields
from peerpact.feedback.receipt import derive
from peerpact.leadership.sync import sync
from support.grievances import message_files, parsed, write_until_filing
from support.inbox import sealed_message
from support.pty import screen, spawn_peerpact
from support.replies import Leadership

RECEIPT = "abacus zebra yoga cheese driver alarm"
REPLY = replies.Answer("reply", "2026-12-01", "We spoke with the rota team.")


@pytest.fixture
def leadership() -> Leadership:
    return Leadership()


def files(home: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}


def check_and_follow_up(bundle: Path, receipt: str, *extra: str) -> tuple[str, str]:
    """`grievance check` in a pty, the receipt typed, a follow-up written and
    filed; what the screen showed, and the outbox id."""
    child = spawn_peerpact("grievance", "check", str(bundle), *extra)
    child.expect_exact("Your receipt (six words, not shown): ")
    child.sendline(receipt)
    child.expect_exact("Write a follow-up to leadership with this receipt?")
    child.sendline("y")
    write_until_filing(child, "It happened again on Thursday.")
    shown = screen(child)
    child.sendline("y")
    child.expect(r"Filed in the outbox as ([0-9a-f]{8})\.")
    outbox_id = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return shown, outbox_id


def test_a_follow_up_joins_the_case_and_leaks_nothing(
    peerpact, peerpact_home, leadership, tmp_path
):
    peerpact("config", "set", "organization.leadership_age_recipient", leadership.recipients[0])
    bundle = leadership.publish(tmp_path / "replies.json", leadership.sealed(RECEIPT, REPLY))
    before = files(peerpact_home)
    shown, outbox_id = check_and_follow_up(bundle, RECEIPT)
    assert "Reply-Recipient" not in shown and "Follow-up-Tag" not in shown

    derived = derive(RECEIPT, leadership.organisation)
    secrets = [RECEIPT, RECEIPT.replace(" ", "-"), "abacus zebra", derived.identity]
    secrets += [derived.recipient, derived.tag, REPLY.text]
    written = {p: data for p, data in files(peerpact_home).items() if before.get(p) != data}
    [message] = message_files(peerpact_home)
    assert message in written
    for path, data in written.items():
        text = data.decode("utf-8", "replace").lower()
        assert not [secret for secret in secrets if secret.lower() in text], path
        assert not any(word in str(path.relative_to(peerpact_home)) for word in RECEIPT.split())
        assert path.stat().st_mtime % 86400 == 0, path
    listing = peerpact("outbox", "list").stdout + peerpact("outbox", "list", "--json").stdout
    assert outbox_id in listing and not [secret for secret in secrets if secret in listing]

    # Inside the seal: the same reply key and tag as the first message's.
    inner = pyrage.decrypt(parsed(message).get_content().encode(), leadership.leaders[:1]).decode()
    assert reply_fields(inner) == (derived.recipient, derived.tag)
    assert "It happened again on Thursday." in inner

    inbox = tmp_path / "inbox"
    first = sync(
        inbox, leadership.leaders, [("a", sealed_message(leadership.recipients, reply=derived))]
    )
    report = sync(inbox, leadership.leaders, [("b", message.read_bytes())])
    assert first.taken and report.follow_ups == first.taken and not report.taken


def test_a_follow_up_needs_a_leaders_key_known_beforehand(
    peerpact, peerpact_home, leadership, tmp_path
):
    bundle = leadership.publish(tmp_path / "replies.json", leadership.sealed(RECEIPT, REPLY))
    child = spawn_peerpact("grievance", "check", str(bundle))
    child.expect_exact("Your receipt (six words, not shown): ")
    child.sendline(RECEIPT)
    child.expect_exact("Write a follow-up to leadership with this receipt?")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3 and "could be sealed to a stranger" in child.before
    assert "Traceback" not in child.before and not message_files(peerpact_home)


def test_with_the_organisations_key_given_a_follow_up_is_sealed_to_its_leaders(
    peerpact_home, leadership, tmp_path
):
    bundle = leadership.publish(tmp_path / "replies.json", leadership.sealed(RECEIPT, REPLY))
    check_and_follow_up(bundle, RECEIPT, "--org-key", leadership.public_key)
    [message] = message_files(peerpact_home)
    sealed = parsed(message).get_content().encode()
    for leader in leadership.leaders:  # each one opens it
        assert b"Thursday" in pyrage.decrypt(sealed, [leader])


def test_a_wrong_receipt_is_offered_the_same_follow_up(peerpact, leadership, tmp_path):
    bundle = leadership.publish(tmp_path / "replies.json", leadership.sealed(RECEIPT, REPLY))
    screens = []
    for receipt in (RECEIPT.replace("alarm", "zoom"), "cradle walnut oasis tinsel wobble zebra"):
        child = spawn_peerpact("grievance", "check", str(bundle))
        child.expect_exact("Your receipt (six words, not shown): ")
        child.sendline(receipt)
        child.expect_exact("Write a follow-up to leadership with this receipt?")
        screens.append(screen(child).strip())
        child.sendline("n")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    assert screens[0] == screens[1] and "No answers for this receipt yet." in screens[0]


def test_a_follow_up_is_not_told_nobody_can_reply(peerpact, peerpact_home, leadership, tmp_path):
    # Not joined (a key set by hand makes no receipt for a first message),
    # yet a follow-up carries the receipt's reply key: answers reach it.
    peerpact("config", "set", "organization.leadership_age_recipient", leadership.recipients[0])
    bundle = leadership.publish(tmp_path / "replies.json", leadership.sealed(RECEIPT, REPLY))
    child = spawn_peerpact("grievance", "check", str(bundle))
    child.expect_exact("Your receipt (six words, not shown): ")
    child.sendline(RECEIPT)
    child.expect_exact("Write a follow-up to leadership with this receipt?")
    child.sendline("y")
    child.expect_exact("Number or name, or Enter to skip")
    child.sendline("")
    child.expect_exact("> ")
    child.sendline("It happened again on Thursday.")
    child.expect_exact("> ")
    child.sendline(".")
    child.expect_exact("Add contact details?")
    said = " ".join(screen(child).split())
    assert "nobody can reply" not in said
    assert "Without them, leadership's answers still reach you through your receipt." in said
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
