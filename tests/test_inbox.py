"""`peerpact inbox ...` on a leader's computer, through the CLI: sync from a
Maildir, then list, show, ack, review, note, close and due."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerpact.errors import ExitStatus
from support.identities import PASSPHRASE, Leader, kept_leader, write_identity
from support.inbox import TEXT, deliver, maildir, reply_key, sealed_message


@pytest.fixture
def leader(tmp_path: Path) -> Leader:
    """A plain identity file (`age-keygen`'s), given with --identity."""
    return write_identity(tmp_path / "leader.txt", passphrase=None)


@pytest.fixture
def mail(tmp_path: Path) -> Path:
    return maildir(tmp_path / "Mail")


def _sync(peerpact, mail: Path, leader: Leader, expect: int = 0):
    return peerpact("inbox", "sync", "--maildir", str(mail), "-i", str(leader.path), expect=expect)


def _inbox(peerpact, leader: Leader, *args: str, expect: int = 0):
    return peerpact("inbox", *args, "-i", str(leader.path), expect=expect)


def _cases(peerpact, leader: Leader, *args: str) -> list[dict[str, object]]:
    return json.loads(_inbox(peerpact, leader, "list", "--json", *args).stdout)


def _one_case(peerpact, mail: Path, leader: Leader, **message: str) -> str:
    deliver(mail, sealed_message((leader.recipient,), **message))
    result = _sync(peerpact, mail, leader)
    [line] = [line for line in result.stdout.splitlines() if line.startswith("New case")]
    return line.split()[2].rstrip(".")


def test_sync_takes_each_message_once(peerpact, mail: Path, leader: Leader) -> None:
    deliver(mail, sealed_message((leader.recipient,), category="safety concern"))
    deliver(mail, sealed_message((leader.recipient,)), seen=True)
    first = _sync(peerpact, mail, leader).stdout
    assert first.count("New case") == 2
    assert "2 new, 0 taken before, 0 duplicate, 0 refused, 0 not peerpact's." in first
    again = _sync(peerpact, mail, leader).stdout
    assert "0 new, 2 taken before" in again
    cases = _cases(peerpact, leader)
    assert {case["category"] for case in cases} == {"safety concern", "feedback"}
    assert {case["status"] for case in cases} == {"new"}


def test_sync_reports_each_message_it_refuses_and_fails(
    peerpact, mail: Path, leader: Leader, tmp_path: Path
) -> None:
    other = write_identity(tmp_path / "other.txt", passphrase=None)
    theirs = deliver(mail, sealed_message((other.recipient,)))
    deliver(mail, sealed_message((leader.recipient,)))
    result = _sync(peerpact, mail, leader, expect=ExitStatus.INVALID)
    assert f"Refused {theirs}: not sealed to this leader's identity." in result.stdout
    assert "1 new" in result.stdout
    assert "1 message could not be taken" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    # What was taken is kept; the refused one waits for the leader it was sealed to.
    assert len(_cases(peerpact, leader)) == 1


def test_sync_needs_a_maildir(peerpact, leader: Leader, tmp_path: Path) -> None:
    result = peerpact("inbox", "sync", "-i", str(leader.path), expect=ExitStatus.BAD_INPUT)
    assert "inbox.maildir" in result.stderr
    peerpact("config", "set", "inbox.maildir", str(maildir(tmp_path / "Configured")))
    deliver(tmp_path / "Configured", sealed_message((leader.recipient,)))
    assert "New case" in peerpact("inbox", "sync", "-i", str(leader.path)).stdout


def test_kept_identity_opens_with_its_passphrase(
    peerpact, mail: Path, peerpact_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = kept_leader(peerpact_home)
    deliver(mail, sealed_message((kept.recipient,)))
    monkeypatch.setenv("PEERPACT_PASSPHRASE", "not the passphrase")
    wrong = peerpact("inbox", "sync", "--maildir", str(mail), expect=ExitStatus.BAD_INPUT)
    assert "passphrase does not open" in wrong.stderr and len(wrong.stderr.splitlines()) <= 2
    monkeypatch.setenv("PEERPACT_PASSPHRASE", PASSPHRASE)
    assert "New case" in peerpact("inbox", "sync", "--maildir", str(mail)).stdout


def test_show_opens_the_message_and_marks_the_case_opened(
    peerpact, mail: Path, leader: Leader
) -> None:
    name = _one_case(peerpact, mail, leader, contact="Alex, alex@example.org")
    shown = _inbox(peerpact, leader, "show", name).stdout
    assert TEXT in shown and "alex@example.org" in shown
    assert "opened" in shown
    data = json.loads(_inbox(peerpact, leader, "show", name, "--json").stdout)
    assert [entry["kind"] for entry in data["history"]] == ["received", "opened"]
    assert data["contact"] is True and data["opened"]


def test_a_case_goes_from_new_to_closed(peerpact, mail: Path, leader: Leader) -> None:
    name = _one_case(peerpact, mail, leader)
    assert "is acknowledged" in _inbox(peerpact, leader, "ack", name).stdout
    again = _inbox(peerpact, leader, "ack", name, expect=ExitStatus.CONFLICT)
    assert "was acknowledged on" in again.stderr
    _inbox(peerpact, leader, "review", name)
    _inbox(peerpact, leader, "note", name, "Spoke with the facilitator.")
    _inbox(peerpact, leader, "note", name, "We have talked to them.", "--for-reporter")
    bad = _inbox(peerpact, leader, "close", name, "--outcome", "fine", expect=ExitStatus.BAD_INPUT)
    assert "Unknown outcome" in bad.stderr
    closed = _inbox(peerpact, leader, "close", name, "--outcome", "no action", "--json")
    assert json.loads(closed.stdout)["outcome"] == "no action"
    refused = _inbox(peerpact, leader, "note", name, "more", expect=ExitStatus.CONFLICT)
    assert "is closed" in refused.stderr
    [case] = _cases(peerpact, leader, "--status", "closed")
    assert case["notes"] == 2 and case["answered"] and case["acknowledged"]
    assert _cases(peerpact, leader, "--status", "new") == []
    history = _inbox(peerpact, leader, "show", name).stdout
    assert "internal note: Spoke with the facilitator." in history
    assert "note for the reporter: We have talked to them." in history


def test_sync_says_where_a_follow_up_was_filed(peerpact, mail: Path, leader: Leader) -> None:
    reply = reply_key()
    name = _one_case(peerpact, mail, leader, reply=reply)
    deliver(mail, sealed_message((leader.recipient,), "It happened again.", reply=reply))
    said = _sync(peerpact, mail, leader).stdout
    assert f"Follow-up filed under case {name}." in said and "New case" not in said


def test_a_note_that_is_not_utf8_is_a_clear_error(peerpact, mail: Path, leader: Leader) -> None:
    from peerpact.cli import app

    name = _one_case(peerpact, mail, leader)
    args = ["inbox", "note", name, "-", "-i", str(leader.path)]
    result = peerpact.runner.invoke(app, args, input=b"caf\xe9 note\n")
    assert result.exit_code == ExitStatus.BAD_INPUT and "is not UTF-8 text" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # The same bytes in the argument (a non-UTF-8 locale's surrogates): no traceback.
    bad = _inbox(peerpact, leader, "note", name, "caf\udce9", expect=ExitStatus.BAD_INPUT)
    assert "not valid UTF-8" in bad.stderr
    [case] = _cases(peerpact, leader)
    assert case["notes"] == 0


def test_an_unknown_case_or_status_is_a_clear_error(peerpact, mail: Path, leader: Leader) -> None:
    _one_case(peerpact, mail, leader)
    missing = _inbox(peerpact, leader, "ack", "nosuchcase", expect=ExitStatus.NOT_FOUND)
    assert "No case nosuchcase" in missing.stderr
    _inbox(peerpact, leader, "list", "--status", "open", expect=ExitStatus.BAD_INPUT)


def test_an_empty_inbox_says_how_to_fill_it(peerpact, leader: Leader) -> None:
    result = _inbox(peerpact, leader, "list", expect=ExitStatus.NOT_FOUND)
    assert "inbox sync" in result.stderr


def _two_cases(peerpact, mail: Path, leader: Leader, home: Path) -> tuple[str, str, Path]:
    """Two cases synced, and the cases file that holds them."""
    first = _one_case(peerpact, mail, leader)
    second = _one_case(peerpact, mail, leader)
    return first, second, home / "data" / "leadership" / "inbox" / "cases.txt"


def test_a_case_edited_on_disk_is_a_clear_error_and_stays_as_it_was(
    peerpact, mail: Path, leader: Leader, peerpact_home: Path
) -> None:
    first, second, cases = _two_cases(peerpact, mail, leader, peerpact_home)
    lines = cases.read_bytes().splitlines(keepends=True)
    [index] = [i for i, line in enumerate(lines) if line.startswith(first.encode())]
    line = bytearray(lines[index])
    line[40] = ord("A") if line[40] != ord("A") else ord("B")
    lines[index] = bytes(line)
    cases.write_bytes(b"".join(lines))
    edited = cases.read_bytes()
    listed = _inbox(peerpact, leader, "list", expect=ExitStatus.INVALID)
    assert second in listed.stdout and first not in listed.stdout
    assert f"Case {first} does not verify" in listed.stderr
    ack = _inbox(peerpact, leader, "ack", first, expect=ExitStatus.INVALID)
    assert "Traceback" not in ack.stdout + ack.stderr
    _inbox(peerpact, leader, "ack", second)  # the others still change...
    assert lines[index] in cases.read_bytes()  # ...and the edited line is kept as it was
    assert cases.read_bytes() != edited


def test_a_case_removed_or_put_back_on_disk_is_seen_and_its_message_taken_again(
    peerpact, mail: Path, leader: Leader, peerpact_home: Path
) -> None:
    first, second, cases = _two_cases(peerpact, mail, leader, peerpact_home)
    before = cases.read_bytes()
    # An older copy of the second case's line, put back after it was acknowledged:
    _inbox(peerpact, leader, "ack", second)
    old = [line for line in before.splitlines(keepends=True) if line.startswith(second.encode())]
    now = [line for line in cases.read_bytes().splitlines(keepends=True)]
    cases.write_bytes(
        b"".join(old[0] if line.startswith(second.encode()) else line for line in now)
    )
    listed = _inbox(peerpact, leader, "list", expect=ExitStatus.INVALID)
    assert "changed outside peerpact" in listed.stderr and second in listed.stdout
    # The first case's line removed: it is no longer listed, and that is said.
    lines = cases.read_bytes().splitlines(keepends=True)
    cases.write_bytes(b"".join(line for line in lines if not line.startswith(first.encode())))
    listed = _inbox(peerpact, leader, "list", expect=ExitStatus.INVALID)
    assert first not in listed.stdout and "a case may have been removed" in listed.stderr
    # The seen list does not hide its message: the next sync takes it again.
    synced = _sync(peerpact, mail, leader).stdout
    assert "changed outside peerpact" in synced
    assert "1 new, 1 taken before, 0 duplicate" in synced
    assert len(_cases(peerpact, leader)) == 2
    assert "0 new, 2 taken before" in _sync(peerpact, mail, leader).stdout


def test_due_orders_cases_by_their_deadline(peerpact, mail: Path, leader: Leader, clock) -> None:
    from datetime import UTC, datetime

    clock.time = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    early = _one_case(peerpact, mail, leader)
    clock.advance(days=3)
    late = _one_case(peerpact, mail, leader)
    # Acknowledged on 2026-03-10 (two days late): answer within 3 months of it.
    clock.time = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    due = json.loads(_inbox(peerpact, leader, "due", "--json").stdout)
    assert [(d["case"], d["due"], d["by"], d["overdue"]) for d in due] == [
        (early, "acknowledge", "2026-03-08", True),
        (late, "acknowledge", "2026-03-11", False),
    ]
    text = _inbox(peerpact, leader, "due").stdout
    assert "overdue by 2 days" in text and "1 day left" in text
    _inbox(peerpact, leader, "ack", early)
    due = json.loads(_inbox(peerpact, leader, "due", "--json").stdout)
    assert [(d["case"], d["due"], d["by"]) for d in due] == [
        (late, "acknowledge", "2026-03-11"),
        (early, "answer", "2026-06-10"),
    ]
    # An answer to the reporter, or closing, leaves nothing due.
    clock.time = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    _inbox(peerpact, leader, "note", early, "Looked into it.", "--for-reporter")
    _inbox(peerpact, leader, "close", late, "--outcome", "withdrawn")
    assert json.loads(_inbox(peerpact, leader, "due", "--json").stdout) == []
    assert "Nothing is due." in _inbox(peerpact, leader, "due").stdout


def test_the_passphrase_typed_on_a_terminal_wrong_is_a_clear_error_and_changes_nothing(
    mail: Path, peerpact_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from support.pty import answer, finish, screen, spawn_peerpact

    monkeypatch.delenv("PEERPACT_PASSPHRASE", raising=False)
    locked = write_identity(tmp_path / "locked.age")  # passphrase-protected
    deliver(mail, sealed_message((locked.recipient,)))
    sync = ("inbox", "sync", "--maildir", str(mail), "-i", str(locked.path))
    child = spawn_peerpact(*sync)
    answer(child, r"Passphrase of leadership's identity: ", "not the passphrase")
    assert finish(child) == ExitStatus.BAD_INPUT
    said = screen(child)
    assert "The passphrase does not open the identity file" in said
    assert "Traceback" not in said and "not the passphrase" not in said  # typed unseen
    assert not (peerpact_home / "data" / "leadership" / "inbox").exists()
    child = spawn_peerpact(*sync)
    answer(child, r"Passphrase of leadership's identity: ", PASSPHRASE)
    assert finish(child) == 0
    assert "1 new" in screen(child)
