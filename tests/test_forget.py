"""`peerpact forget`: a record and every copy of it gone for good, and a signed
tombstone so that `verify` reports it as forgotten, not missing."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from peerpact.errors import ExitStatus
from support.pty import finish, spawn_peerpact
from support.records import records_dir

#: What the ANSWERS record says that must not survive it.
SAID = [b"Robin", b"Alex", b"they/them", b"Check in about", b"No advice unless", b"substance"]


def new_record(peerpact, answers_file, monkeypatch=None, day: str = "2024-01-01") -> str:
    """A record made as if on ``day`` when ``monkeypatch`` is given, so that
    it can end on an earlier day than today and still verify."""
    import peerpact.record.payload.build as build

    with pytest.MonkeyPatch.context() as patch:
        if monkeypatch is not None:
            patch.setattr(build, "now", lambda: f"{day}T09:00:00Z")
        made = peerpact("new", "--answers", str(answers_file), "--no-input", "--json")
    return str(json.loads(made.stdout)["id"])


def end_on(peerpact, monkeypatch, record_id: str, day: str) -> None:
    """End an agreement as if on ``day``."""
    import peerpact.record.payload.build as build

    with monkeypatch.context() as patch:
        patch.setattr(build, "now", lambda: f"{day}T12:00:00Z")
        peerpact("end", record_id, "--party", "Alex", "--sign", "Alex", "--no-input")


def leftovers(home, record_id: str) -> list[str]:
    """Every file under the home that still holds the record's words or names."""
    found = []
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(word in data for word in SAID):
                found.append(str(path))
    return found


def test_forget_removes_every_copy_and_leaves_a_signed_tombstone(
    peerpact, record_id, peerpact_home
):
    folder = records_dir(peerpact_home)
    record = folder / f"{record_id}.toml"
    peerpact("list")  # the cache now holds the names
    # A draft of an amendment, and a temp copy a crashed writer left behind.
    drafts = peerpact_home / "data" / "drafts"
    drafts.mkdir(mode=0o700)
    (drafts / "amend-1.toml").write_bytes(b'record = "' + record_id.encode() + b'"\nRobin\n')
    (drafts / "other.toml").write_text("someone else's draft\n", encoding="utf-8")
    (folder / ".tmp-crashed.part").write_bytes(record.read_bytes())
    assert len(leftovers(peerpact_home, record_id)) == 4

    result = peerpact("forget", record_id, "--yes")
    assert f"Forgot {record_id}" in result.stdout
    assert leftovers(peerpact_home, record_id) == []
    assert not record.exists() and (drafts / "other.toml").exists()
    assert not list(folder.glob(f".{record_id}*"))
    stone = json.loads((folder / f"{record_id}.forgotten").read_text(encoding="utf-8"))
    assert set(stone) == {"kind", "record", "head", "date", "signer", "signature"}
    today = date.today().isoformat()
    assert stone["date"] == today

    assert peerpact("list", "--json").stdout.strip() == "[]"
    verified = peerpact("verify", "--all").stdout
    assert f"FORGOTTEN {record_id}: forgotten on purpose on {today}" in verified
    assert (
        f"FORGOTTEN {record_id}: forgotten on purpose on {today}"
        in peerpact("verify", record_id).stdout
    )
    report = json.loads(peerpact("verify", "--all", "--json").stdout)
    assert report["records"] == [{"id": record_id, "forgotten": today, "ok": True, "problems": []}]
    peerpact("show", record_id, expect=ExitStatus.NOT_FOUND)
    peerpact("forget", record_id, "--yes", expect=ExitStatus.NOT_FOUND)


def test_a_damaged_record_can_still_be_forgotten(peerpact, record_id, peerpact_home):
    record = records_dir(peerpact_home) / f"{record_id}.toml"
    record.write_bytes(record.read_bytes()[:200] + b'\n[[revisions\nname = "Robin"\n')
    peerpact("forget", record_id, "--yes")
    assert leftovers(peerpact_home, record_id) == []
    assert "forgotten on" in peerpact("verify", "--all").stdout


def test_a_changed_tombstone_fails_verification(peerpact, record_id, peerpact_home):
    peerpact("forget", record_id, "--yes")
    path = records_dir(peerpact_home) / f"{record_id}.forgotten"
    path.write_text(path.read_text(encoding="utf-8").replace('"date": "', '"date": "1'))
    result = peerpact("verify", "--all", expect=ExitStatus.INVALID)
    assert "tombstone has a bad signature" in result.stdout


def test_ended_before_forgets_exactly_the_agreements_ended_before_the_date(
    peerpact, answers_file, peerpact_home, monkeypatch
):
    early, late, active = (new_record(peerpact, answers_file, monkeypatch) for _ in range(3))
    end_on(peerpact, monkeypatch, early, "2024-03-01")
    end_on(peerpact, monkeypatch, late, "2025-06-01")
    peerpact("forget", "--ended-before", "2024-03-01", "--yes")  # not *before* that day
    assert len(json.loads(peerpact("list", "--json").stdout)) == 3
    forgotten = json.loads(
        peerpact("forget", "--ended-before", "2025-01-01", "--yes", "--json").stdout
    )
    assert forgotten == {"forgotten": [early]}
    left = {row["id"] for row in json.loads(peerpact("list", "--json").stdout)}
    assert left == {late, active}
    peerpact("forget", "--ended-before", "3000-01-01", "--yes")
    assert [row["id"] for row in json.loads(peerpact("list", "--json").stdout)] == [active]
    peerpact("verify", "--all")
    result = peerpact("forget", "--ended-before", "last year", expect=ExitStatus.BAD_INPUT)
    assert "YYYY-MM-DD" in result.stderr


def test_retention_shows_in_list_and_forget_due_applies_it(peerpact, answers_file, monkeypatch):
    old, recent, active = (new_record(peerpact, answers_file, monkeypatch) for _ in range(3))
    today = date.today()
    end_on(peerpact, monkeypatch, old, (today - timedelta(days=40)).isoformat())
    end_on(peerpact, monkeypatch, recent, (today - timedelta(days=10)).isoformat())
    result = peerpact("forget", "--due", expect=ExitStatus.BAD_INPUT)
    assert "retention.ended_days is not set" in result.stderr

    peerpact("config", "set", "retention.ended_days", "30")
    rows = {row["id"]: row for row in json.loads(peerpact("list", "--json").stdout)}
    assert rows[old]["forget_after"] == (today - timedelta(days=10)).isoformat()
    assert rows[recent]["forget_after"] == (today + timedelta(days=20)).isoformat()
    assert "forget_after" not in rows[active]
    assert f"ended, forget after {(today + timedelta(days=20)).isoformat()}" in (
        peerpact("list").stdout
    )
    assert json.loads(peerpact("forget", "--due", "--yes", "--json").stdout) == {"forgotten": [old]}
    assert {row["id"] for row in json.loads(peerpact("list", "--json").stdout)} == {
        recent,
        active,
    }


def test_forget_asks_first_and_no_means_nothing_is_removed(peerpact, record_id, peerpact_home):
    record = records_dir(peerpact_home) / f"{record_id}.toml"
    result = peerpact("forget", record_id, expect=ExitStatus.BAD_INPUT)
    assert "--yes" in result.stderr and record.exists()
    child = spawn_peerpact("forget", record_id)
    child.expect("Robin, Alex")
    child.expect(r"Forget this agreement for good\?")
    child.sendline("n")
    child.expect("Nothing was forgotten")
    assert finish(child) == ExitStatus.DECLINED
    assert record.exists()
    child = spawn_peerpact("forget", record_id)
    child.expect(r"for good\?")
    child.sendline("y")
    child.expect(f"Forgot {record_id}")
    assert finish(child) == 0 and not record.exists()


def test_forget_asks_in_spanish_and_takes_si(peerpact, record_id, peerpact_home):
    record = records_dir(peerpact_home) / f"{record_id}.toml"
    child = spawn_peerpact("forget", record_id, env={"PEERPACT_LANG": "es"})
    child.expect(r"¿Olvidar este acuerdo para siempre\?.*\[s/n\]")
    child.sendline("quizás")
    child.expect(r"Responde s o n")
    child.sendline("sí")
    child.expect(f"Se olvidó {record_id}")
    assert finish(child) == 0 and not record.exists()


@pytest.mark.parametrize("args", [[], ["x", "--due"], ["--due", "--ended-before", "2025-01-01"]])
def test_forget_needs_exactly_one_way_of_choosing(peerpact, args):
    result = peerpact("forget", *args, expect=ExitStatus.BAD_INPUT)
    assert "--ended-before" in result.stderr
