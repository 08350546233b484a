"""`peerpact grievance` in a real pseudo-terminal, read as the person sees it."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pexpect
import pytest

from support.pty import interrupt, screen, spawn_peerpact

#: These tests read the text itself, so messages are filed unsealed, as an
#: organisation that allows it has them (sealing: tests/test_grievance_sealed.py).
pytestmark = pytest.mark.usefixtures("plain_messages")


def answer(child, prompt: str, reply: str) -> None:
    child.expect_exact(prompt)
    child.sendline(reply)


def filed(home: Path) -> list[Path]:
    outbox = home / "data" / "outbox"
    return sorted(p for p in outbox.rglob("*") if p.is_file()) if outbox.exists() else []


def start_and_write(child) -> None:
    """Read the note, pick a category, type two paragraphs naming Robin."""
    child.expect_exact("What is this about?")
    note = screen(child)
    assert "anonymously unless you choose otherwise" in note
    assert "your wording, and the details of what happened, can still" in note
    answer(child, "Number or name, or Enter to skip", "2")
    answer(child, "> ", "Robin said to call (201) 555-0123 or mail robin@example.org.")
    answer(child, "> ", "")
    answer(child, "> ", "It was in the kitchen.")
    answer(child, "> ", ".")


def test_redaction_preview_keep_undo_and_file(peerpact, record_id, peerpact_home):
    child = spawn_peerpact("grievance")
    start_and_write(child)
    answer(child, "Add contact details?", "")
    child.expect_exact("to edit: ")
    preview = screen(child)
    assert "[name 1] said to call [phone 2] or mail [email 3]." in preview
    assert "1  Robin  ->  becomes [name]" in preview
    assert "3  robin@example.org  ->  becomes [email]" in preview
    child.sendline("k 1")
    child.expect_exact("to edit: ")
    assert "Robin<kept 1> said to call [phone 2]" in screen(child)
    assert "1  Robin  ->  kept as written" in screen(child)
    child.sendline("k 1")  # changed their mind: remove it after all
    child.expect_exact("to edit: ")
    assert "[name 1] said to call" in screen(child)
    child.sendline("")

    child.expect_exact("File this in the outbox?")
    final = screen(child)
    assert "Exactly what will be filed" in final
    assert "From: Anonymous <anonymous@peerpact.invalid>" in final
    assert "Subject: [peerpact] grievance\n" in final
    assert "[name] said to call [phone] or mail [email].\n\nIt was in the kitchen." in final
    assert "Robin" not in final
    child.sendline("y")
    child.expect(r"Filed in the outbox as ([0-9a-f]{8})\.")
    outbox_id = child.match.group(1)
    # Unsealed (leadership has no key here), so no receipt: anyone at this
    # computer could read the answers it would open.
    child.expect_exact("No receipt was made")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    [path] = filed(peerpact_home)
    message = message_from_bytes(path.read_bytes(), policy=default)
    assert path.name.startswith(outbox_id) and outbox_id not in path.read_text()
    # What was shown is what was filed.
    assert f"Subject: {message['Subject']}" in final
    assert message.get_content() in final


def test_contact_details_only_when_asked_for(peerpact, peerpact_home):
    child = spawn_peerpact("grievance")
    start_and_write(child)
    answer(child, "Add contact details?", "y")
    # The question ends in its own words, no stray "()".
    answer(
        child,
        "How leadership can reach you (e-mail, phone, in person): ",
        "Sam, via the front desk",
    )
    answer(child, "to edit: ", "")
    child.expect_exact("File this in the outbox?")
    assert "Contact details (the sender chose to give them):\nSam, via the front desk" in (
        screen(child)
    )
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [path] = filed(peerpact_home)
    assert b"Sam, via the front desk" in path.read_bytes()


def test_edit_the_text_from_the_preview(peerpact, peerpact_home):
    child = spawn_peerpact("grievance")
    start_and_write(child)
    answer(child, "Add contact details?", "n")
    answer(child, "to edit: ", "e")
    child.expect_exact("type the whole text again")
    answer(child, "> ", "Only this, and no details.")
    answer(child, "> ", ".")
    child.expect_exact("to edit: ")
    assert "Nothing found to remove" in screen(child)
    child.sendline("")
    answer(child, "File this in the outbox?", "y")
    child.expect(pexpect.EOF)
    child.close()
    [path] = filed(peerpact_home)
    body = message_from_bytes(path.read_bytes(), policy=default).get_content()
    assert "Only this, and no details." in body and "kitchen" not in body


def test_declining_at_the_end_writes_nothing(peerpact, peerpact_home):
    child = spawn_peerpact("grievance")
    start_and_write(child)
    answer(child, "Add contact details?", "")
    answer(child, "to edit: ", "")
    answer(child, "File this in the outbox?", "n")
    child.expect_exact("Not filed. Nothing was written.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4
    assert filed(peerpact_home) == []


def test_ctrl_c_while_typing_writes_nothing(peerpact, peerpact_home):
    child = spawn_peerpact("grievance")
    child.expect_exact("Number or name")
    child.sendline("")
    answer(child, "> ", "Robin said something I did not like.")
    child.expect_exact("> ")
    interrupt(child)
    child.expect_exact("Stopped. Nothing was written.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert filed(peerpact_home) == []
    assert "Traceback" not in child.before
