"""`verify --repair-witness` (issue 21): a damaged witness log stops amend, end
and forget; the repair keeps every line this computer's keys signed, says
what it could not keep, keeps the damaged log beside it, and never makes a
rollback pass (the attack of item 10)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from peerpact.errors import ExitStatus
from support.records import SIGN, amend, join_revisions, record_path, split_revisions


def log(home: Path) -> Path:
    return home / "data" / "witness.log"


def lines(home: Path) -> list[bytes]:
    return log(home).read_bytes().splitlines(keepends=True)


def entries(home: Path) -> list[dict]:
    return [json.loads(line)["entry"] for line in lines(home)]


def cut_back(home: Path, record_id: str) -> None:
    """The record's last revision cut off, as an attacker would."""
    path = record_path(home, record_id)
    head, blocks = split_revisions(path.read_text(encoding="utf-8"))
    path.write_text(join_revisions(head, blocks[:-1]), encoding="utf-8")


def spoil_signature(line: bytes) -> bytes:
    doc = json.loads(line)
    doc["signature"] = "A" * len(doc["signature"])
    return json.dumps(doc).encode("ascii") + b"\n"


def spoil_chain(line: bytes) -> bytes:
    return b"{garbage}\n"


def test_the_refusal_names_the_repair(peerpact, record_id, peerpact_home):
    whole = log(peerpact_home).read_bytes()
    log(peerpact_home).write_bytes(b"x" + whole)
    result = peerpact("end", record_id, "--party", "Alex", "--sign", "Alex", "--no-input", expect=1)
    assert "damaged" in result.stderr and "peerpact verify --repair-witness" in result.stderr
    assert "Put back" not in result.stderr
    result = peerpact("verify", "--all", expect=1)
    assert "peerpact verify --repair-witness" in result.stderr


def test_a_sound_log_is_left_as_it_is(peerpact, record_id, peerpact_home):
    before = log(peerpact_home).read_bytes()
    result = peerpact("verify", "--repair-witness")
    assert "not damaged: nothing to repair" in result.stdout
    assert log(peerpact_home).read_bytes() == before
    assert not list((peerpact_home / "data").glob("witness.damaged-*"))


def test_the_repair_keeps_every_signed_line_and_the_damaged_log(
    peerpact, answers_file, record_id, peerpact_home
):
    amend(peerpact, record_id, "--party", "Robin", "--want", "Tea", *SIGN)
    other = json.loads(
        peerpact("new", "--answers", str(answers_file), "--no-input", "--json").stdout
    )["id"]
    was = entries(peerpact_home)
    damaged = b"x" + log(peerpact_home).read_bytes()  # the first line spoiled
    log(peerpact_home).write_bytes(damaged)
    result = peerpact("verify", "--repair-witness")
    assert "Could not keep line 1: line 1 is not JSON." in result.stderr
    assert "kept 2 of 3 line(s)" in result.stdout
    aside = peerpact_home / "data" / "witness.damaged-1.log"
    assert aside.read_bytes() == damaged and stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert stat.S_IMODE(log(peerpact_home).stat().st_mode) == 0o600
    kept = [(e["record"], e["number"], e["head"], e["event"]) for e in entries(peerpact_home)]
    assert kept == [(e["record"], e["number"], e["head"], e["event"]) for e in was[1:]]
    assert [e["seq"] for e in entries(peerpact_home)] == [1, 2]
    verified = peerpact("verify", "--all")
    assert f"OK {record_id}" in verified.stdout and f"OK {other}" in verified.stdout
    # Writers go on, and a second repair keeps its own damaged log apart.
    amend(peerpact, record_id, "--party", "Robin", "--want", "Cake", *SIGN)
    log(peerpact_home).write_bytes(b"y" + log(peerpact_home).read_bytes())
    peerpact("verify", "--repair-witness")
    assert aside.read_bytes() == damaged
    assert (peerpact_home / "data" / "witness.damaged-2.log").read_bytes()[:1] == b"y"


@pytest.mark.parametrize(
    ("spoil", "line"),
    [
        (lambda line: b"x" + line, 0),  # item 10 exactly: the first line spoiled
        (spoil_signature, 1),  # the line of revision 2 itself, still readable
        (spoil_chain, 0),  # the first line unreadable: the next cannot be chained
    ],
    ids=["first-line", "its-own-line", "chain-lost"],
)
def test_a_repaired_log_still_catches_a_record_cut_back(
    peerpact, record_id, peerpact_home, spoil, line
):
    amend(peerpact, record_id, "--party", "Robin", "--want", "Tea", *SIGN)
    cut_back(peerpact_home, record_id)
    damaged = lines(peerpact_home)
    damaged[line] = spoil(damaged[line])
    log(peerpact_home).write_bytes(b"".join(damaged))
    peerpact("verify", "--repair-witness")
    result = peerpact("verify", "--all", expect=ExitStatus.INVALID)
    assert "rolled back: this computer wrote revision 2" in result.stdout
    # ...and amend does not launder it.
    result = amend(peerpact, record_id, "--party", "Robin", "--want", "Cake", *SIGN, expect=1)
    assert "rolled back" in result.stderr
    assert len(split_revisions(record_path(peerpact_home, record_id).read_text())[1]) == 1


def test_a_lost_forgotten_line_forgets_nothing(peerpact, record_id, peerpact_home):
    # A `forgotten` line chained on the genuine one, which nobody without the key can sign.
    from peerpact.record import witness

    record_path(peerpact_home, record_id).unlink()
    first = lines(peerpact_home)[0]
    previous = json.loads(first)
    entry = {**previous["entry"], "seq": 2, "event": "forgotten", "head": ""}
    chain = witness.chain_of(previous["chain"], entry)
    forged = {"entry": entry, "chain": chain, "signature": previous["signature"]}
    log(peerpact_home).write_bytes(first + json.dumps(forged).encode() + b"\n")
    result = peerpact("verify", "--repair-witness")
    assert f"Could not keep line 2 ({record_id}, revision 1)" in result.stderr
    result = peerpact("verify", "--all", expect=ExitStatus.INVALID)
    assert "missing: this computer wrote revision 1" in result.stdout
    assert "FORGOTTEN" not in result.stdout


def test_a_line_taken_out_is_said_gone(peerpact, answers_file, record_id, peerpact_home):
    for _ in range(2):
        peerpact("new", "--answers", str(answers_file), "--no-input")
    kept = lines(peerpact_home)
    log(peerpact_home).write_bytes(kept[0] + kept[2])
    result = peerpact("verify", "--repair-witness", "--json")
    report = json.loads(result.stdout)
    assert report["repaired"] and report["kept"] == 1 and report["lines"] == 2
    assert report["lost"][0]["why"] == "entry 2 is gone from the log"
    assert report["lost"][1]["line"] == 2 and report["lost"][1]["id"]
    assert report["unverified"] == [{"id": report["lost"][1]["id"], "revision": 1}]


def test_a_retired_keys_line_after_its_retirement_is_not_kept(
    peerpact, record_id, peerpact_home, clock
):
    from peerpact.paths import get_paths
    from peerpact.record import witness
    from peerpact.record.keyring import own_keyring
    from peerpact.record.keys import load_key

    old = load_key(get_paths().key_file)
    assert old is not None
    peerpact("key", "rotate", "--yes")
    clock.advance(days=1)
    witness.append(old, {**own_keyring(), old.public.fingerprint: old.public}, record_id, 7, "")
    log(peerpact_home).write_bytes(b"x" + log(peerpact_home).read_bytes())
    report = json.loads(peerpact("verify", "--repair-witness", "--json").stdout)
    assert report["kept"] == report["lines"] - 2
    assert report["lost"][-1]["why"] == "it is not signed by this computer's key"
    assert report["lost"][-1]["revision"] == 7


def test_repair_witness_goes_alone(peerpact, record_id):
    result = peerpact("verify", "--repair-witness", "--all", expect=ExitStatus.BAD_INPUT)
    assert "on its own" in result.stderr
