"""A follow-up (a message written with the same receipt) is filed by
`inbox sync` under the case of the first message, from its follow-up tag
alone: one more signed entry, kept sealed, and no new case."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from peerpact.leadership import casefile
from peerpact.leadership.cases import Case
from peerpact.leadership.sync import sync
from peerpact.record.keyring import keyring
from support.inbox import recipient, reply_key, sealed_message


@pytest.fixture
def leader() -> x25519.Identity:
    return x25519.Identity.generate()


def kept(folder: Path, leader: x25519.Identity) -> list[Case]:
    key = casefile.inbox_key(folder, [leader], create=False)
    stored = [casefile.check(item, keyring()) for item in casefile.load(folder, key)]
    assert not any(item.problems for item in stored)
    return [item.case for item in stored if item.case]


def test_a_follow_up_is_filed_under_the_first_messages_case(tmp_path, leader):
    inbox, reply, to = tmp_path / "inbox", reply_key(), (recipient(leader),)
    first = sync(inbox, [leader], [("a", sealed_message(to, reply=reply))])
    later = sealed_message(to, "It happened again on Thursday.", reply=reply)
    other = sealed_message(to, "Someone else entirely.")
    report = sync(inbox, [leader], [("b", later), ("c", other)])
    assert report.follow_ups == first.taken and len(report.taken) == 1
    assert report.as_json()["follow_ups"] == first.taken
    case, new = kept(inbox, leader)
    assert case.name == first.taken[0] and new.name == report.taken[0]
    [follow_up] = case.follow_ups
    chain = {"record", "signer", "prev", "number"}
    assert set(follow_up.payload) - chain == {"kind", "day", "message", "digest"}
    # Kept as it was delivered: sealed, opened only by leadership.
    opened = pyrage.decrypt(follow_up.payload["message"].encode(), [leader]).decode()
    assert "It happened again on Thursday." in opened
    assert len(case.digests) == 2 and case.status == "new"


def test_a_follow_up_in_the_same_sync_as_its_first_message(tmp_path, leader):
    inbox, reply, to = tmp_path / "inbox", reply_key(), (recipient(leader),)
    messages = [
        ("a", sealed_message(to, reply=reply)),
        ("b", sealed_message(to, "More.", reply=reply)),
    ]
    report = sync(inbox, [leader], messages)
    assert len(report.taken) == 1 and report.follow_ups == report.taken
    [case] = kept(inbox, leader)
    assert len(case.follow_ups) == 1


def test_a_follow_up_delivered_twice_is_a_duplicate(tmp_path, leader):
    inbox, reply, to = tmp_path / "inbox", reply_key(), (recipient(leader),)
    later = sealed_message(to, "Again.", reply=reply)
    sync(inbox, [leader], [("a", sealed_message(to, reply=reply)), ("b", later)])
    again = sync(inbox, [leader], [("b-elsewhere", later)])
    assert not again.follow_ups and not again.taken and len(again.duplicates) == 1
    [case] = kept(inbox, leader)
    assert len(case.follow_ups) == 1


def test_a_follow_up_to_a_closed_case_is_still_kept_there(tmp_path, leader):
    from peerpact.leadership.sync import this_computers_key

    inbox, reply, to = tmp_path / "inbox", reply_key(), (recipient(leader),)
    [name] = sync(inbox, [leader], [("a", sealed_message(to, reply=reply))]).taken
    key = casefile.inbox_key(inbox, [leader], create=False)
    [stored] = casefile.load(inbox, key)
    assert stored.record
    closing = {"kind": "closed", "day": "2026-12-02", "outcome": "resolved"}
    __, line = casefile.append(this_computers_key(), key, name, stored.record, closing)
    casefile.save(inbox, key, [line])
    report = sync(inbox, [leader], [("b", sealed_message(to, "One more thing.", reply=reply))])
    assert report.follow_ups == [name] and not report.taken
    [case] = kept(inbox, leader)
    assert case.status == "closed" and len(case.follow_ups) == 1
