"""`peerpact grievance check BUNDLE`: the answers a receipt opens, on any
computer, with nothing written; a wrong receipt looks like no answer yet."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pexpect
import pytest

from peerpact.feedback import replies
from peerpact.feedback.receipt import new_receipt
from support.pty import screen, spawn_peerpact
from support.replies import Leadership

RECEIPT = "abacus zebra yoga cheese driver alarm"
ACK = replies.Answer("ack", "2026-11-26", "")
REPLY = replies.Answer("reply", "2026-12-01", "We spoke with the rota team; it changes back.")


@pytest.fixture
def leadership() -> Leadership:
    return Leadership()


@pytest.fixture
def bundle(leadership: Leadership, tmp_path: Path) -> Path:
    others = leadership.sealed(new_receipt(), replies.Answer("reply", "2026-12-01", "Not yours."))
    return leadership.publish(
        tmp_path / "replies.json", leadership.sealed(RECEIPT, ACK, REPLY) + others
    )


def check(peerpact, bundle: Path, receipt: str, *extra: str, expect: int = 0):
    return peerpact(
        "grievance", "check", str(bundle), "--receipt-file", "-", *extra,
        input=receipt, expect=expect,
    )  # fmt: skip


def files_under(home: Path) -> dict[Path, tuple[bytes, float]]:
    return {p: (p.read_bytes(), p.stat().st_mtime) for p in home.rglob("*") if p.is_file()}


def test_the_receipt_opens_its_answers_and_only_them(peerpact, bundle, peerpact_home):
    before = files_under(peerpact_home)
    shown = check(peerpact, bundle, "ABACUS-zebra-yoga cheese driver alarm\n").stdout
    assert "2026-11-26  Received: leadership has your message." in shown
    assert "2026-12-01  Reply" in shown and "it changes back." in shown
    assert shown.index("Received") < shown.index("Reply")
    assert "Not yours." not in shown
    assert files_under(peerpact_home) == before  # nothing written, nothing touched


def test_a_wrong_receipt_looks_like_no_answer_yet(peerpact, leadership, bundle, tmp_path):
    wrong = check(peerpact, bundle, new_receipt()).stdout
    empty = leadership.publish(tmp_path / "empty.json", leadership.sealed(RECEIPT))
    unanswered = check(peerpact, empty, RECEIPT).stdout
    assert wrong == unanswered
    assert "No answers for this receipt yet." in wrong


def test_a_spanish_reader_sees_spanish(peerpact, bundle, monkeypatch):
    monkeypatch.setenv("PEERPACT_LANG", "es")
    shown = check(peerpact, bundle, RECEIPT).stdout
    assert "Respuestas de la dirección" in shown and "Recibido: la dirección" in shown


def test_a_typo_is_answered_with_the_nearest_words(peerpact, bundle):
    result = check(peerpact, bundle, "abacuz zebra yoga cheese driver alarm", expect=2)
    assert "perhaps abacus" in result.stderr and "Traceback" not in result.output


def edited(bundle: Path, change) -> Path:
    document = json.loads(bundle.read_text())
    change(document)
    bundle.write_text(json.dumps(document))
    return bundle


def _drop_answer(document) -> None:
    document["answers"].pop()


def _other_organisation(document) -> None:
    document["organisation"] = "another-org"


def _other_key(document) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    document["signing_key"] = replies.public_key_text(Ed25519PrivateKey.generate())


@pytest.mark.parametrize("change", [_drop_answer, _other_organisation, _other_key])
def test_an_edited_bundle_shows_nothing(peerpact, bundle, peerpact_home, change):
    before = files_under(peerpact_home)
    result = check(peerpact, edited(bundle, change), RECEIPT, expect=1)
    assert "does not match its signature" in result.stderr
    assert "Reply" not in result.stdout and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 2
    assert files_under(peerpact_home) == before


def test_a_bundle_signed_by_another_key_is_refused(peerpact, bundle, tmp_path):
    other = Leadership(organisation=Leadership().organisation)
    resigned = other.publish(tmp_path / "forged.json", other.sealed(RECEIPT, REPLY))
    pinned = Leadership().public_key
    result = check(peerpact, resigned, RECEIPT, "--org-key", pinned, expect=1)
    assert "signed by another key" in result.stderr and "Reply" not in result.stdout
    # The right key pinned: shown.
    leadership_key = json.loads(bundle.read_text())["signing_key"]
    assert "Reply" in check(peerpact, bundle, RECEIPT, "--org-key", leadership_key).stdout


@pytest.mark.parametrize(
    "data",
    [
        b"", b"{", b"[]", b'{"format": "peerpact-replies"}', b"\xff\xfe", b'{"signature": 1}',
        b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    ],
    ids=["empty", "cut", "list", "fields", "binary", "signature", "deep-list", "deep-object"],
)  # fmt: skip
def test_a_damaged_or_cut_bundle_is_a_plain_error(peerpact, bundle, data):
    bundle.write_bytes(data)
    result = check(peerpact, bundle, RECEIPT, expect=1)
    assert "not a replies bundle" in result.stderr and "Traceback" not in result.output


def test_a_truncated_bundle_is_a_plain_error(peerpact, bundle):
    bundle.write_bytes(bundle.read_bytes()[:-200])
    result = check(peerpact, bundle, RECEIPT, expect=1)
    assert "not a replies bundle" in result.stderr


def test_a_huge_bundle_is_not_read(peerpact, bundle):
    with bundle.open("ab") as handle:
        handle.truncate(replies.MAX_BUNDLE_BYTES + 1)
    result = check(peerpact, bundle, RECEIPT, expect=2)
    assert "too large" in result.stderr and "Traceback" not in result.output


def test_an_answer_that_is_not_an_answer_is_not_shown(peerpact, leadership, tmp_path):
    import pyrage

    from peerpact.feedback.receipt import derive

    reporter = pyrage.x25519.Recipient.from_str(derive(RECEIPT, leadership.organisation).recipient)
    sealed = pyrage.encrypt(b"\x00not json", [reporter])
    junk = len(sealed).to_bytes(4, "big") + sealed
    junk += bytes(replies.SEALED_BYTES - len(junk))
    signed = leadership.publish(tmp_path / "b.json", [junk, *leadership.sealed(RECEIPT, ACK)])
    shown = check(peerpact, signed, RECEIPT).stdout
    assert "Received" in shown and "not json" not in shown


def test_a_signed_answer_of_another_size_is_refused(peerpact, leadership, tmp_path):
    # Signed, yet its size would tell it apart from the others.
    [answer] = leadership.sealed(RECEIPT, ACK)
    signed = leadership.publish(tmp_path / "b.json", [answer + b"\0"])
    result = check(peerpact, signed, RECEIPT, expect=1)
    assert "not a replies bundle" in result.stderr and "Received" not in result.stdout


def test_every_answer_is_the_same_size_whatever_the_cases(leadership, tmp_path):
    one_each = [
        *leadership.sealed(new_receipt(), ACK),
        *leadership.sealed(new_receipt(), REPLY),
        *leadership.sealed(new_receipt(), replies.Answer("note", "2026-12-01", "x" * 3000)),
    ]
    all_one = leadership.sealed(RECEIPT, ACK, REPLY, replies.Answer("note", "2026-12-02", "é"))
    sizes = set()
    for name, sealed in (("a", one_each), ("b", all_one)):
        document = json.loads(leadership.publish(tmp_path / name, sealed).read_text())
        sizes |= {len(base64.b64decode(answer)) for answer in document["answers"]}
    assert len(sizes) == 1
    a, b = (len((tmp_path / name).read_bytes()) for name in "ab")
    assert a == b


def test_an_answer_too_long_to_pad_is_refused(leadership):
    from peerpact.errors import UserInputError

    with pytest.raises(UserInputError, match="at most"):
        leadership.sealed(RECEIPT, replies.Answer("reply", "2026-12-01", "é" * 2000))


def test_the_receipt_is_asked_without_echo(bundle, peerpact_home):
    child = spawn_peerpact("grievance", "check", str(bundle))
    child.expect_exact("Your receipt (six words, not shown): ")
    child.sendline("abacuz zebra yoga cheese driver alarm")
    child.expect_exact("Your receipt (six words, not shown): ")
    assert "perhaps abacus" in child.before
    child.sendline(RECEIPT)
    child.expect_exact("Write a follow-up to leadership with this receipt?")
    shown = screen(child)
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "it changes back." in shown and "zebra" not in shown


@pytest.mark.parametrize("email", ["leaders@example.org\nBcc: watcher@example.net", "no-at-sign"])
def test_a_signed_bundle_with_a_bad_address_is_refused(peerpact, tmp_path, email):
    # Signed, yet its address would become a header of the follow-up.
    leadership = Leadership()
    data = replies.build(
        leadership.organisation,
        leadership.key,
        leadership.recipients,
        leadership.sealed(RECEIPT, REPLY),
        "2026-12-02",
        email,
    )
    path = tmp_path / "replies.json"
    path.write_bytes(data)
    result = check(peerpact, path, RECEIPT, expect=1)
    assert "not a replies bundle" in result.stderr and "Reply" not in result.stdout
