"""`peerpact inbox forget`: a closed case past the organisation file's
retention days goes, a signed tombstone stays; nothing else ever goes, and
nothing an attacker edits makes a case due (injected clocks throughout)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from peerpact.errors import ExitStatus
from support.identities import Leader, identity_text
from support.inbox import TEXT, deliver, maildir, sealed_message
from support.orgs import joined_org

RETENTION = 30


@pytest.fixture
def leader(peerpact, tmp_path: Path, clock) -> Leader:
    """A leader of an organisation this computer joined, keeping closed cases 30 days."""
    clock.time = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    org = joined_org(peerpact, tmp_path, retention_days=RETENTION)
    path = tmp_path / "leader.txt"
    path.write_text(identity_text(org.identities[0]))
    return Leader(org.identities[0], path)


@pytest.fixture
def mail(tmp_path: Path) -> Path:
    return maildir(tmp_path / "Mail")


def _inbox(peerpact, leader: Leader, *args: str, expect: int = 0):
    return peerpact("inbox", *args, "-i", str(leader.path), expect=expect)


def _new_case(peerpact, mail: Path, leader: Leader) -> str:
    deliver(mail, sealed_message((leader.recipient,)))
    synced = _inbox(peerpact, leader, "sync", "--maildir", str(mail)).stdout
    [line] = [line for line in synced.splitlines() if line.startswith("New case")]
    return line.split()[2].rstrip(".")


def _listed(peerpact, leader: Leader) -> dict[str, dict[str, object]]:
    cases = json.loads(_inbox(peerpact, leader, "list", "--json").stdout)
    return {str(case["case"]): case for case in cases}


def _cases_file(home: Path) -> Path:
    return home / "data" / "leadership" / "inbox" / "cases.txt"


def test_a_closed_case_goes_when_its_retention_is_over_and_no_sooner(
    peerpact, mail, leader, clock
) -> None:
    closed = _new_case(peerpact, mail, leader)
    still_open = _new_case(peerpact, mail, leader)
    clock.time = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    _inbox(peerpact, leader, "close", closed, "--outcome", "resolved")
    # The day before its retention ends (closed 2026-03-10, kept 30 days), nothing is due.
    clock.time = datetime(2026, 4, 8, 23, 0, tzinfo=UTC)
    nothing = _inbox(peerpact, leader, "forget", "--due", "--yes")
    assert "Nothing is due to be forgotten." in nothing.stdout
    early = _inbox(peerpact, leader, "forget", closed, "--yes", expect=ExitStatus.CONFLICT)
    assert f"Case {closed} was closed on 2026-03-10; it is kept until 2026-04-09." in early.stderr
    refused = _inbox(peerpact, leader, "forget", still_open, "--yes", expect=ExitStatus.CONFLICT)
    assert "is not closed" in refused.stderr
    assert set(_listed(peerpact, leader)) == {closed, still_open}
    clock.advance(hours=1)  # 2026-04-09: the first day it may go
    done = _inbox(peerpact, leader, "forget", "--due", "--yes", "--json")
    assert json.loads(done.stdout) == {"forgotten": [closed]}
    listed = _listed(peerpact, leader)
    assert listed[closed]["status"] == "forgotten"
    assert listed[closed]["forgotten"] == "2026-04-09"
    assert listed[closed]["category"] is None
    assert listed[still_open]["status"] == "new"
    text = _inbox(peerpact, leader, "list").stdout
    rows = [line.split()[:3] for line in text.splitlines()]
    assert [closed, "2026-04-09", "forgotten"] in rows
    assert _inbox(peerpact, leader, "list", "--status", "forgotten").stdout.count("forgotten") == 1
    again = _inbox(peerpact, leader, "forget", closed, "--yes", expect=ExitStatus.NOT_FOUND)
    assert "was forgotten already" in again.stderr
    gone = _inbox(peerpact, leader, "show", closed, expect=ExitStatus.NOT_FOUND)
    assert "Traceback" not in gone.stdout + gone.stderr


def test_the_tombstone_holds_nothing_of_the_case_and_its_message_stays_out(
    peerpact, mail, leader, clock, peerpact_home
) -> None:
    from peerpact.leadership import casefile
    from peerpact.leadership.identity import parse_identities

    name = _new_case(peerpact, mail, leader)
    _inbox(peerpact, leader, "note", name, "Spoke with Robin about the circle.")
    _inbox(peerpact, leader, "close", name, "--outcome", "resolved")
    clock.advance(days=RETENTION)
    _inbox(peerpact, leader, "forget", name, "--yes")
    identities = parse_identities(leader.path.read_text(), leader.path)
    folder = _cases_file(peerpact_home).parent
    key = casefile.inbox_key(folder, identities, create=False)
    [stone] = casefile.load(folder, key)
    assert stone.record is not None
    [entry] = [rev.payload for rev in stone.record.revisions]
    # What sign_revision puts in every entry, and the tombstone's own four.
    assert set(entry) == {"record", "number", "prev", "signer", "kind", "day", "head", "digests"}
    assert "Robin" not in json.dumps(entry) and TEXT not in json.dumps(entry)
    # The message is still in the Maildir: a sync that meets it again (its
    # source no longer remembered) keeps it out as a duplicate, not a new case.
    (folder / "seen.txt").unlink()
    synced = _inbox(peerpact, leader, "sync", "--maildir", str(mail)).stdout
    assert f"a duplicate of case {name}" in synced
    assert "0 new" in synced


def test_confirmation_lists_what_goes_and_no_terminal_needs_yes(
    peerpact, mail, leader, clock
) -> None:
    from support.pty import answer, finish, screen, spawn_peerpact

    # Long ago, so the real clock of the child process below finds it due.
    clock.time = datetime(2000, 1, 1, 9, 0, tzinfo=UTC)
    name = _new_case(peerpact, mail, leader)
    _inbox(peerpact, leader, "close", name, "--outcome", "withdrawn")
    clock.advance(days=RETENTION)
    blind = _inbox(peerpact, leader, "forget", "--due", expect=ExitStatus.BAD_INPUT)
    assert "add --yes" in blind.stderr
    child = spawn_peerpact("inbox", "forget", "--due", "-i", str(leader.path))
    answer(child, r"Forget this case for good\? It cannot be undone", "n")
    seen = screen(child)
    assert finish(child) == ExitStatus.DECLINED
    assert f"{name}  received 2000-01-01, closed (withdrawn), kept until 2000-01-31" in seen
    assert _listed(peerpact, leader)[name]["status"] == "closed"
    child = spawn_peerpact("inbox", "forget", "--due", "-i", str(leader.path))
    answer(child, r"Forget this case for good\?", "y")
    assert finish(child) == 0
    assert f"Forgot case {name}" in screen(child)
    assert _listed(peerpact, leader)[name]["status"] == "forgotten"


def test_without_an_organisation_file_nothing_is_due(peerpact, tmp_path, mail) -> None:
    from support.identities import write_identity

    alone = write_identity(tmp_path / "alone.txt", passphrase=None)
    deliver(mail, sealed_message((alone.recipient,)))
    _inbox(peerpact, alone, "sync", "--maildir", str(mail))
    result = _inbox(peerpact, alone, "forget", "--due", "--yes", expect=ExitStatus.BAD_INPUT)
    assert "No organisation file says how long closed cases are kept" in result.stderr


def test_an_edited_case_line_or_organisation_file_gets_nothing_deleted(
    peerpact, mail, leader, clock, peerpact_home, tmp_path
) -> None:
    open_case = _new_case(peerpact, mail, leader)
    closed = _new_case(peerpact, mail, leader)
    _inbox(peerpact, leader, "close", closed, "--outcome", "resolved")
    clock.advance(days=RETENTION - 1)
    cases = _cases_file(peerpact_home)
    before = cases.read_bytes()
    # The open case's line edited on disk: it no longer verifies, so it is never due.
    lines = before.splitlines(keepends=True)
    [index] = [i for i, line in enumerate(lines) if line.startswith(open_case.encode())]
    line = bytearray(lines[index])
    line[40] = ord("A") if line[40] != ord("A") else ord("B")
    lines[index] = bytes(line)
    cases.write_bytes(b"".join(lines))
    damaged = _inbox(peerpact, leader, "forget", open_case, "--yes", expect=ExitStatus.INVALID)
    assert f"Case {open_case} does not verify" in damaged.stderr
    nothing = _inbox(peerpact, leader, "forget", "--due", "--yes")
    assert "Nothing is due" in nothing.stdout
    assert cases.read_bytes() == b"".join(lines)
    # The joined organisation file edited to keep cases one day: refused, nothing goes.
    org_file = peerpact_home / "data" / "organisation.toml"
    if not org_file.exists():
        [org_file] = [p for p in peerpact_home.rglob("organisation.toml")]
    org_file.write_text(org_file.read_text().replace("retention_days = 30", "retention_days = 1"))
    edited = _inbox(peerpact, leader, "forget", "--due", "--yes", expect=ExitStatus.INVALID)
    assert "Traceback" not in edited.stdout + edited.stderr
    assert cases.read_bytes() == b"".join(lines)
