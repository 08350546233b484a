"""Leadership's answers through the CLI: `inbox ack`, `reply` and `note
--for-reporter` seal what they say for the reporter's receipt and keep it in
the case; `inbox publish` writes the bundle `grievance check` reads; `inbox
withdraw` takes an answer out of later bundles; a case without a receipt is
told so, and `reply` e-mails a reporter who gave an address."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from peerpact.feedback import replies
from peerpact.feedback.receipt import derive, new_receipt
from support.grievances import parsed
from support.identities import write_identity
from support.inbox import deliver, maildir, sealed_message

PASS = "correct horse battery staple"


@pytest.fixture
def org(peerpact, peerpact_home, monkeypatch, tmp_path) -> dict[str, object]:
    """This computer made the organisation file (`org init`); the inbox is
    opened with a plain identity file (-i), which a passphrase need not open
    for each command."""
    monkeypatch.setenv("PEERPACT_PASSPHRASE", PASS)
    done = peerpact(
        "org", "init", "--name", "Harbour Peers", "--email", "leads@example.org",
        "--leader", "Sam", "--json",
    )  # fmt: skip
    made: dict[str, object] = json.loads(done.stdout)
    made["leader"] = write_identity(tmp_path / "leader.txt", passphrase=None)
    return made


def recipients(org: dict[str, object]) -> tuple[str, ...]:
    return (org["leader"].recipient,)  # type: ignore[attr-defined]


def inbox(peerpact, org, *args: str, expect: int = 0):
    return peerpact("inbox", *args, "-i", str(org["leader"].path), expect=expect)  # type: ignore[attr-defined]


def one_case(peerpact, tmp_path: Path, org, receipt: str | None = None, contact: str = "") -> str:
    mail = maildir(tmp_path / "Mail")
    reply = derive(receipt, str(org["id"])) if receipt else None
    message = sealed_message(
        recipients(org), contact=contact, reply=reply, answerable=bool(receipt)
    )
    deliver(mail, message)
    result = inbox(peerpact, org, "sync", "--maildir", str(mail), "--json")
    [name] = json.loads(result.stdout)["taken"]
    return str(name)


def publish(peerpact, org, tmp_path: Path, name: str = "replies.json") -> Path:
    path = tmp_path / name
    inbox(peerpact, org, "publish", "-o", str(path))
    return path


def check(peerpact, bundle: Path, receipt: str, tmp_path: Path, expect: int = 0):
    secret = tmp_path / "receipt.txt"
    secret.write_text(receipt)
    return peerpact(
        "grievance", "check", str(bundle), "--receipt-file", str(secret),
        "--org-key", org_key(), expect=expect,
    )  # fmt: skip


def org_key() -> str:
    from peerpact.leadership.founding import issued

    return base64.b64encode(issued()[0].key).decode()


def test_ack_and_reply_are_sealed_for_the_receipt_and_published(peerpact, tmp_path, org):
    receipt = new_receipt()
    name = one_case(peerpact, tmp_path, org, receipt)
    acked = inbox(peerpact, org, "ack", name).stdout
    assert "Sealed for the reporter's receipt" in acked
    said = inbox(peerpact, org, "reply", name, "--message", "We spoke with the rota team.").stdout
    assert "Sealed for the reporter's receipt" in said and "e-mail" not in said
    inbox(peerpact, org, "note", name, "Internal: call the facilitator.")
    bundle = publish(peerpact, org, tmp_path)
    document = json.loads(bundle.read_text())
    assert document["organisation"] == org["id"] and len(document["answers"]) == 2
    shown = check(peerpact, bundle, receipt, tmp_path).stdout
    assert "Received: leadership has your message." in shown
    assert "We spoke with the rota team." in shown and "Internal" not in shown
    # The wrong receipt: the very screen of no answer at all.
    wrong = check(peerpact, bundle, new_receipt(), tmp_path).stdout
    assert "No answers for this receipt yet." in wrong and "rota" not in wrong


def test_on_one_day_the_acknowledgement_is_read_before_the_reply(
    peerpact, tmp_path, org, monkeypatch
):
    # The bundle is shuffled; here the shuffle puts the reply first.
    monkeypatch.setattr(replies.random.SystemRandom, "shuffle", lambda self, items: items.reverse())
    receipt = new_receipt()
    name = one_case(peerpact, tmp_path, org, receipt)
    inbox(peerpact, org, "ack", name)
    inbox(peerpact, org, "reply", name, "--message", "We spoke with the rota team.")
    shown = check(peerpact, publish(peerpact, org, tmp_path), receipt, tmp_path).stdout
    assert shown.index("Received: leadership has your message.") < shown.index("rota team")


def test_the_leader_reads_what_was_sealed(peerpact, tmp_path, org):
    import pyrage

    from peerpact.leadership.identity import leadership_identities

    name = one_case(peerpact, tmp_path, org, new_receipt())
    inbox(peerpact, org, "reply", name, "--message", "Leaders can read this too.")
    [sealed] = json.loads(publish(peerpact, org, tmp_path).read_text())["answers"]
    framed = base64.b64decode(sealed)
    assert len(framed) == replies.SEALED_BYTES
    inner = framed[4 : 4 + int.from_bytes(framed[:4], "big")]
    # Every leader reads it: the one named in the organisation file, and the
    # one whose identity opened the inbox.
    for identity in (*leadership_identities(lambda path: PASS, None), org["leader"].identity):
        plain = pyrage.decrypt(inner, [identity])
        assert b"Leaders can read this too." in plain and len(plain) == replies.ANSWER_BYTES


def test_a_withdrawn_answer_leaves_later_bundles(peerpact, tmp_path, org):
    receipt = new_receipt()
    name = one_case(peerpact, tmp_path, org, receipt)
    inbox(peerpact, org, "reply", name, "--message", "Sent to the wrong case.")
    inbox(peerpact, org, "reply", name, "--message", "The right answer.")
    history = json.loads(inbox(peerpact, org, "show", name, "--json").stdout)["history"]
    wrong = next(item["entry"] for item in history if item["kind"] == "reply")
    inbox(peerpact, org, "withdraw", name, str(wrong))
    again = inbox(peerpact, org, "withdraw", name, str(wrong), expect=5)
    assert "withdrawn already" in again.stderr
    assert "not an answer" in inbox(peerpact, org, "withdraw", name, "1", expect=3).stderr
    shown = check(peerpact, publish(peerpact, org, tmp_path), receipt, tmp_path).stdout
    assert "The right answer." in shown and "wrong case" not in shown


def test_an_answer_too_long_is_refused_with_the_limit(peerpact, tmp_path, org):
    name = one_case(peerpact, tmp_path, org, new_receipt())
    result = inbox(peerpact, org, "reply", name, "--message", "é" * 1800, expect=2)
    assert f"at most {replies.MAX_ANSWER_TEXT_BYTES} bytes" in result.stderr
    assert "(this one is 3600)" in result.stderr
    history = json.loads(inbox(peerpact, org, "show", name, "--json").stdout)["history"]
    assert [item["kind"] for item in history] == ["received", "opened"]


def test_a_case_without_a_receipt_says_so(peerpact, tmp_path, org):
    name = one_case(peerpact, tmp_path, org)  # a message from before receipts
    acked = inbox(peerpact, org, "ack", name).stdout
    assert "carried no receipt, so the reporter cannot read this" in acked
    result = inbox(peerpact, org, "reply", name, "--message", "Hello?", expect=2)
    assert "carried no receipt" in result.stderr and "internal note" in result.stderr
    note = inbox(peerpact, org, "note", name, "Hello?", "--for-reporter", expect=2)
    assert "carried no receipt" in note.stderr


def test_reply_e_mails_the_address_the_reporter_gave(peerpact, tmp_path, org, peerpact_home):
    name = one_case(peerpact, tmp_path, org, contact="Robin, robin@example.net")
    said = inbox(peerpact, org, "reply", name, "--message", "Thank you; we will call.").stdout
    assert "An e-mail to robin@example.net waits in the outbox" in said
    [sent] = [p for p in (peerpact_home / "data" / "outbox" / "new").iterdir()]
    email = parsed(sent)
    assert email["To"] == "robin@example.net" and email["From"] == "leads@example.org"
    assert "Thank you; we will call." in email.get_content()
    shown = inbox(peerpact, org, "show", name).stdout
    assert "reply, e-mailed to robin@example.net: Thank you; we will call." in shown
