"""`inbox sync`'s core (peerpact.leadership.sync): messages in, cases out,
whatever the messages come from."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pyrage import x25519

from peerpact.errors import InvalidError, NotFoundError, UserInputError
from peerpact.leadership import casefile
from peerpact.leadership.sync import SEEN_FILE, sync, sync_maildir
from peerpact.record.keyring import keyring
from support.inbox import TEXT, deliver, maildir, recipient, sealed_message


@pytest.fixture
def leader() -> x25519.Identity:
    return x25519.Identity.generate()


def _cases(folder: Path, leader: x25519.Identity) -> list[casefile.Stored]:
    key = casefile.inbox_key(folder, [leader], create=False)
    return [casefile.check(item, keyring()) for item in casefile.load(folder, key)]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_each_message_becomes_a_case_kept_sealed(tmp_path: Path, leader: x25519.Identity) -> None:
    inbox = tmp_path / "inbox"
    messages = [
        ("a", sealed_message((recipient(leader),), category="safety concern")),
        ("b", sealed_message((recipient(leader),), contact="Alex, alex@example.org")),
    ]
    report = sync(inbox, [leader], messages)
    assert len(report.taken) == 2 and not report.failed
    cases = [item.case for item in _cases(inbox, leader)]
    assert [case.name for case in cases if case] == report.taken
    first, second = cases
    assert first and second
    assert (first.category, first.status, first.contact) == ("safety concern", "new", False)
    assert second.contact and second.answerable and second.reply_recipient.startswith("age1")
    # Nothing under the inbox holds the clear text, the contact or the category.
    kept = b"".join(_files(inbox).values())
    for clear in (TEXT.encode(), b"alex@example.org", b"safety concern", b"Robin"):
        assert clear not in kept
    assert stat.S_IMODE(inbox.stat().st_mode) == 0o700
    for path in inbox.iterdir():
        if path.is_file() and not path.name.startswith("."):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_second_sync_of_the_same_messages_takes_nothing(
    tmp_path: Path, leader: x25519.Identity
) -> None:
    inbox = tmp_path / "inbox"
    messages = [("one", sealed_message((recipient(leader),)))]
    sync(inbox, [leader], messages)
    before = _files(inbox)
    report = sync(inbox, [leader], messages)
    assert (report.taken, report.seen, report.duplicates) == ([], 1, [])
    assert _files(inbox) == before


def test_the_same_message_under_another_source_is_a_duplicate(
    tmp_path: Path, leader: x25519.Identity
) -> None:
    inbox = tmp_path / "inbox"
    data = sealed_message((recipient(leader),))
    [name] = sync(inbox, [leader], [("imap:1:7", data)]).taken
    report = sync(inbox, [leader], [("imap:2:7", data), ("imap:2:7", data)])
    assert report.taken == []
    assert [item.duplicate_of for item in report.duplicates] == [name]
    assert report.seen == 1  # imap:2:7 was seen a moment before
    assert not report.failed
    assert len(_cases(inbox, leader)) == 1


def test_messages_that_cannot_be_taken_are_each_reported(
    tmp_path: Path, leader: x25519.Identity
) -> None:
    inbox = tmp_path / "inbox"
    other = x25519.Identity.generate()
    good = sealed_message((recipient(leader),))
    head, body = good.split(b"\n\n", 1)
    damaged = head + b"\n\n" + body.replace(b"-----END", b"AAAA\n-----END")
    cut = head + b"\n\n" + body[: len(body) // 2]
    huge = head + b"\n\n" + body + b" " * (1024 * 1024)
    # Re-encoded, so the e-mail parser reads it, and nested deeper than it recurses.
    nested = b"X-Peerpact-Sealed: age\nContent-Transfer-Encoding: base64\nMIME-Version: 1.0\n"
    nested += b"Content-Type: multipart/mixed; boundary=b0\n\n" + b"".join(
        b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1) for i in range(5000)
    )
    messages = [
        ("theirs", sealed_message((recipient(other),))),
        ("damaged", damaged),
        ("cut", cut),
        ("huge", huge),
        ("nested", nested),
        ("spam", b"From: someone@example.org\nSubject: hello\n\nBuy now\n"),
        ("good", good),
    ]
    report = sync(inbox, [leader], messages)
    reasons = {item.source: item.reason for item in report.refused}
    assert reasons.keys() == {"theirs", "damaged", "cut", "huge", "nested"}
    assert reasons["theirs"] == "not sealed to this leader's identity"
    assert reasons["damaged"].startswith("damaged")
    assert reasons["cut"].startswith("damaged")
    assert reasons["huge"].startswith("too large")
    assert reasons["nested"].startswith("damaged")
    assert report.ignored == 1 and len(report.taken) == 1 and report.failed
    # A refused message is not remembered: with the right identity it is taken.
    again = sync(inbox, [leader, other], messages[:1])
    # ...but this inbox is sealed to `leader` alone, which is still given.
    assert len(again.taken) == 1


def test_another_leaders_identity_does_not_open_the_inbox_and_changes_nothing(
    tmp_path: Path, leader: x25519.Identity
) -> None:
    inbox = tmp_path / "inbox"
    sync(inbox, [leader], [("a", sealed_message((recipient(leader),)))])
    before = _files(inbox)
    other = x25519.Identity.generate()
    with pytest.raises(InvalidError, match="does not open with this identity"):
        sync(inbox, [other], [("b", sealed_message((recipient(other),)))])
    assert _files(inbox) == before


def test_no_identity_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserInputError):
        sync(tmp_path / "inbox", [], [])


def test_a_maildir_is_read_from_new_and_cur_by_unique_name(
    tmp_path: Path, leader: x25519.Identity
) -> None:
    mail, inbox = maildir(tmp_path / "Mail"), tmp_path / "inbox"
    deliver(mail, sealed_message((recipient(leader),)))
    name = deliver(mail, sealed_message((recipient(leader),)), seen=True)
    assert len(sync_maildir(inbox, [leader], mail).taken) == 2
    # A mail client moving a message from new/ to cur/ keeps its unique name.
    [fresh] = (mail / "new").iterdir()
    fresh.rename(mail / "cur" / f"{fresh.name}:2,S")
    (mail / "cur" / f"{name}:2,S").rename(mail / "cur" / f"{name}:2,RS")
    report = sync_maildir(inbox, [leader], mail)
    assert (report.taken, report.seen) == ([], 2)
    # Only source ids' HMACs are kept, never a Maildir name (it says the host and time).
    assert name.encode() not in (inbox / SEEN_FILE).read_bytes()


def test_a_link_in_the_maildir_is_not_followed(tmp_path: Path, leader: x25519.Identity) -> None:
    mail, inbox = maildir(tmp_path / "Mail"), tmp_path / "inbox"
    elsewhere = tmp_path / "elsewhere.eml"
    elsewhere.write_bytes(sealed_message((recipient(leader),)))
    os.symlink(elsewhere, mail / "new" / "linked")
    report = sync_maildir(inbox, [leader], mail)
    assert report.taken == [] and [item.source for item in report.refused] == ["linked"]


def test_what_is_not_a_maildir_is_refused_before_anything_is_made(
    tmp_path: Path, leader: x25519.Identity
) -> None:
    inbox = tmp_path / "inbox"
    with pytest.raises(NotFoundError):
        sync_maildir(inbox, [leader], tmp_path / "missing")
    (tmp_path / "plain").mkdir()
    with pytest.raises(UserInputError, match="not a Maildir"):
        sync_maildir(inbox, [leader], tmp_path / "plain")
    assert not inbox.exists()


def test_the_seen_list_is_bounded_and_a_source_it_dropped_is_still_no_new_case(
    tmp_path: Path, leader: x25519.Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("peerpact.leadership.sync.MAX_SEEN_LINES", 2)
    inbox = tmp_path / "inbox"
    messages = [(f"m{n}", sealed_message((recipient(leader),))) for n in range(3)]
    assert len(sync(inbox, [leader], messages[:2]).taken) == 2
    assert len(sync(inbox, [leader], messages[2:]).taken) == 1
    assert len((inbox / SEEN_FILE).read_bytes().splitlines()) == 2  # m0 dropped, the oldest
    report = sync(inbox, [leader], messages)
    # m0 is opened again and known by its digest: a duplicate, not a fourth case.
    assert (report.taken, report.seen) == ([], 2)
    assert [item.source for item in report.duplicates] == ["m0"]
    assert len(_cases(inbox, leader)) == 3
    assert len((inbox / SEEN_FILE).read_bytes().splitlines()) == 2
