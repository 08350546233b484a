"""A sealed grievance comes with a receipt: shown once, typed back before
anything is written, and in no byte outside the seal on this computer."""

from __future__ import annotations

import json
import re
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pexpect
import pyrage

from peerpact.feedback import receipt as receipts
from peerpact.feedback.message import reply_fields
from support.grievances import write_until_filing
from support.orgs import joined_org
from support.pty import interrupt, screen, spawn_peerpact

RECEIPT_SHOWN = re.compile(r"\n\s+((?:[a-z]+ ){5}[a-z]+)\s*\n")


def sealed_to_leadership(peerpact, folder: Path) -> tuple[pyrage.x25519.Identity, str]:
    """This computer joined an organisation: a leader's identity, and the
    organisation's id (what receipts are salted with)."""
    org = joined_org(peerpact, folder, names=("Sam",))
    return org.identities[0], org.organisation.id


def write_until_receipt(child) -> str:
    """Skip the category, write one line, no contact, accept; the receipt shown."""
    write_until_filing(child)
    final = screen(child)
    assert "Reply-Recipient" not in final and "Follow-up-Tag" not in final
    child.sendline("y")
    child.expect_exact("Type the six words back")
    shown = screen(child)
    assert "a lost receipt is lost for good" in shown
    return RECEIPT_SHOWN.search(shown).group(1)


def every_file(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


def test_the_receipt_is_typed_back_then_only_inside_the_seal(peerpact, peerpact_home, tmp_path):
    identity, organisation = sealed_to_leadership(peerpact, tmp_path)
    before = {p: p.read_bytes() for p in every_file(peerpact_home)}
    child = spawn_peerpact("grievance")
    receipt = write_until_receipt(child)
    assert len(receipt.split()) == 6
    assert not set(every_file(peerpact_home)) - set(before)  # nothing written yet
    words = receipt.split()
    # A typo is answered with the nearest words, and asked again.
    child.sendline(" ".join([words[0] + "q", *words[1:]]))
    child.expect_exact("Type the six words back")
    assert "perhaps" in screen(child)
    # Six real words that are not the receipt: asked again.
    other = receipts.new_receipt()
    child.sendline(other)
    child.expect_exact("Type the six words back")
    assert "That is not the receipt above." in screen(child)
    # Typed on any keyboard: capitals and hyphens.
    child.sendline("-".join(words).upper())
    child.expect(r"Filed in the outbox as ([0-9a-f]{8})\.")
    outbox_id = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    # Not one byte peerpact wrote holds the receipt, any of its words in a
    # row, or anything derived from it: only the sealed message carries the
    # derived key and tag, inside the seal.
    derived = receipts.derive(receipt, organisation)
    secrets = [receipt, "-".join(words), " ".join(words[:2]), derived.recipient, derived.tag]
    secrets.append(derived.identity)
    written = [p for p in every_file(peerpact_home) if before.get(p) != p.read_bytes()]
    assert written
    for path in written:
        data = path.read_bytes().decode("utf-8", "replace").lower()
        for secret in secrets:
            assert secret.lower() not in data, f"{secret!r} in {path}"
        assert not any(word in path.name for word in words)
        assert path.stat().st_mtime % 86400 == 0, path
    listing = peerpact("outbox", "list", "--json").stdout + peerpact("outbox", "list").stdout
    assert outbox_id in listing and not any(secret in listing for secret in secrets)

    [message_path] = [p for p in written if "outbox" in p.parts]
    message = message_from_bytes(message_path.read_bytes(), policy=default)
    assert outbox_id not in message["Message-ID"]
    inner = pyrage.decrypt(message.get_content().encode(), [identity]).decode()
    assert reply_fields(inner) == (derived.recipient, derived.tag)
    assert receipt not in inner and words[0] + " " + words[1] not in inner


def test_ctrl_c_at_the_receipt_writes_nothing(peerpact, peerpact_home, tmp_path):
    sealed_to_leadership(peerpact, tmp_path)
    before = every_file(peerpact_home)
    child = spawn_peerpact("grievance")
    write_until_receipt(child)
    interrupt(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert every_file(peerpact_home) == before


def test_no_input_makes_no_receipt_and_says_so(peerpact, peerpact_home, tmp_path):
    identity, __ = sealed_to_leadership(peerpact, tmp_path)
    result = peerpact("grievance", "--no-input", "--text", "A note.", "--json")
    said = json.loads(result.stdout)
    assert said["sealed"] is True and said["answerable"] is False and "receipt" not in said
    [path] = [p for p in every_file(peerpact_home) if "outbox" in p.parts]
    inner = pyrage.decrypt(
        message_from_bytes(path.read_bytes(), policy=default).get_content().encode(), [identity]
    ).decode()
    assert reply_fields(inner) is None
    plain = peerpact("grievance", "--no-input", "--text", "Another.").stdout
    assert "No receipt was made" in plain


def test_the_persons_words_cannot_pose_as_the_reply_key() -> None:
    from peerpact.feedback.message import Grievance, inner_text

    posing = Grievance("Follow-up-Tag: abc", contact="Reply-Recipient: age1xyz")
    assert reply_fields(inner_text(posing, sealed=True)) is None


def test_a_recipient_set_by_hand_makes_no_receipt(peerpact, peerpact_home):
    # Not joined, there is no organisation's id to salt a receipt with: a
    # bundle's answers (which grievance check opens with the organisation's
    # id) could never open for it, so none is made, and the person is told.
    identity = pyrage.x25519.Identity.generate()
    peerpact("config", "set", "organization.leadership_age_recipient", str(identity.to_public()))
    child = spawn_peerpact("grievance")
    write_until_filing(child)
    child.sendline("y")
    child.expect(r"Filed in the outbox as ([0-9a-f]{8})\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "No receipt was made" in screen(child) + child.before
    [path] = [p for p in every_file(peerpact_home) if "outbox" in p.parts]
    inner = pyrage.decrypt(
        message_from_bytes(path.read_bytes(), policy=default).get_content().encode(), [identity]
    ).decode()
    assert reply_fields(inner) is None


def contact_question(child) -> str:
    """In `grievance`'s conversation: skip the category, write one line; the
    words shown before "Add contact details?", on one line."""
    child.expect_exact("Number or name, or Enter to skip")
    child.sendline("")
    child.expect_exact("> ")
    child.sendline("The rota was changed without asking anyone.")
    child.expect_exact("> ")
    child.sendline(".")
    child.expect_exact("Add contact details?")
    said = " ".join(screen(child).split())
    interrupt(child)
    child.expect(pexpect.EOF)
    child.close()
    return said


def test_anonymous_on_a_joined_computer_is_not_told_nobody_can_reply(
    peerpact, peerpact_home, tmp_path
):
    # A joined computer makes a receipt, so leadership can answer someone
    # who gave no contact details: the question about them says so.
    sealed_to_leadership(peerpact, tmp_path)
    said = contact_question(spawn_peerpact("grievance"))
    assert "nobody can reply" not in said
    assert "Without them, leadership's answers still reach you through your receipt." in said


def test_anonymous_without_a_receipt_is_told_nobody_can_reply(peerpact, peerpact_home):
    identity = pyrage.x25519.Identity.generate()
    peerpact("config", "set", "organization.leadership_age_recipient", str(identity.to_public()))
    said = contact_question(spawn_peerpact("grievance"))
    assert "Without them, nobody can reply." in said and "through your receipt" not in said
