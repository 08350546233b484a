"""`peerpact verify`: every change to a signed record is caught and named."""

from __future__ import annotations

import base64
import json
import tomllib

import pytest

from peerpact.clock import now
from peerpact.paths import get_paths
from peerpact.record import store as records
from peerpact.record.format import sign_revision
from peerpact.record.keys import load_key
from support.process import run
from support.records import records_dir


def record_file(home, record_id):
    return records_dir(home) / f"{record_id}.toml"


def add_revision(record_id: str, text: str = "Please text before calling") -> None:
    """Append a second, properly signed revision through the core API."""
    path = records.find_record(record_id)
    record, old = records.read_record(path)
    key = load_key(get_paths().key_file)
    body = {
        "kind": "amended",
        "time": now(),
        "changes": [{"op": "add", "party": "p1", "kind": "needs", "label": "N2", "text": text}],
        "confirmations": [
            {"party": "p1", "signature": "Robin", "time": now()},
            {"party": "p2", "signature": "Alex", "time": now()},
        ],
    }
    records.append(path, old, sign_revision(key, record.id, record.head, body), key)


def test_untouched_record_verifies(peerpact, record_id):
    result = peerpact("verify", record_id)
    assert "OK: 1 record(s) verified." in result.stdout


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('"No advice unless I ask for it"', '"No advise unless I ask for it"'),
        ('name = "Robin"', 'name = "Robyn"'),
        ('"Voluntary"', '"Voluntary."'),
        ('signature = "Alex"', 'signature = "Alez"'),
        ('role = "member"', 'role = "supporter"'),
    ],
)
def test_changing_one_signed_character_fails_naming_the_revision(
    peerpact, record_id, peerpact_home, before, after
):
    path = record_file(peerpact_home, record_id)
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    result = peerpact("verify", record_id, expect=1)
    assert f"{record_id}: revision 1:" in result.stdout
    assert "changed after it was signed" in result.stdout


def test_swapped_signature_is_caught(peerpact, record_id, peerpact_home):
    add_revision(record_id)
    path = record_file(peerpact_home, record_id)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    first, second = (rev["signature"] for rev in doc["revisions"])
    text = path.read_text(encoding="utf-8")
    text = text.replace(first, "@@", 1).replace(second, first, 1).replace("@@", second, 1)
    path.write_text(text, encoding="utf-8")
    result = peerpact("verify", record_id, expect=1)
    assert "revision 1: bad signature" in result.stdout
    assert "revision 2: bad signature" in result.stdout


def test_forged_signature_bytes_are_caught(peerpact, record_id, peerpact_home):
    path = record_file(peerpact_home, record_id)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    signature = doc["revisions"][0]["signature"]
    forged = base64.b64encode(bytes(64)).decode()
    path.write_text(path.read_text(encoding="utf-8").replace(signature, forged), encoding="utf-8")
    assert "revision 1: bad signature" in peerpact("verify", record_id, expect=1).stdout


def test_deleted_revision_is_caught(peerpact, record_id, peerpact_home):
    add_revision(record_id)
    add_revision(record_id, "Check in at the end too")
    path = record_file(peerpact_home, record_id)
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n[[revisions]]\n")
    assert len(blocks) == 4
    path.write_text("\n[[revisions]]\n".join([blocks[0], blocks[1], blocks[3]]), encoding="utf-8")
    result = peerpact("verify", record_id, expect=1)
    assert "revision 2:" in result.stdout
    assert "removed or moved" in result.stdout


def test_unknown_key_is_named(peerpact, record_id, peerpact_home):
    (peerpact_home / "data" / "keys" / "signing.key").unlink()
    result = peerpact("verify", record_id, expect=1)
    assert "unknown key" in result.stdout and "--key" in result.stdout


def test_verify_elsewhere_with_exported_key(
    peerpact, record_id, peerpact_home, tmp_path, monkeypatch
):
    peerpact("key", "export", str(tmp_path / "facilitator.pub"))
    copy = tmp_path / "copy.toml"
    copy.write_bytes(record_file(peerpact_home, record_id).read_bytes())
    # Another computer: its own (empty) peerpact home, no key of this one.
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "elsewhere"))
    peerpact("verify", "--file", str(copy), "--key", str(tmp_path / "facilitator.pub"))


def test_unreadable_record_is_reported_not_crashed(peerpact, record_id, peerpact_home):
    record_file(peerpact_home, record_id).write_text("format = 1\nid = [", encoding="utf-8")
    result = peerpact("verify", "--all", expect=1)
    assert "unreadable" in result.stdout and "TOML syntax error" in result.stdout
    assert "Traceback" not in result.output


def test_verify_all_counts_every_record(peerpact, answers_file):
    for _ in range(3):
        peerpact("new", "--answers", str(answers_file), "--no-input")
    assert "OK: 3 record(s) verified." in peerpact("verify", "--all").stdout


def test_bare_verify_checks_every_record_as_all_does(peerpact, answers_file, peerpact_home):
    # Issue 24 item 9: a newcomer types `peerpact verify` expecting every record checked.
    peerpact("new", "--answers", str(answers_file), "--no-input")
    peerpact("new", "--answers", str(answers_file), "--no-input")
    assert "OK: 2 record(s) verified." in peerpact("verify").stdout
    path = next(records_dir(peerpact_home).glob("*.toml"))
    path.write_text(path.read_text(encoding="utf-8").replace("Robin", "Robyn"), encoding="utf-8")
    assert peerpact("verify", expect=1).stdout == peerpact("verify", "--all", expect=1).stdout


def test_head_goes_with_one_record(peerpact, record_id, answers_file):
    peerpact("new", "--answers", str(answers_file), "--no-input")
    result = peerpact("verify", "--all", "--head", "0123456789ab", expect=2)
    assert "--head checks one record" in result.stderr


def test_a_record_that_does_not_verify_is_not_shown(peerpact, record_id, peerpact_home):
    assert "Robin" in peerpact("show", record_id, "--format", "text").stdout
    path = record_file(peerpact_home, record_id)
    path.write_text(path.read_text(encoding="utf-8").replace("Robin", "Robyn"), encoding="utf-8")
    result = peerpact("show", record_id, "--format", "text", expect=1)
    assert f"Record {record_id} does not verify (revision 1:" in result.stderr
    assert "Robyn" not in result.stdout and "Robyn" not in result.stderr


def test_verdicts_are_on_stdout_so_a_pipe_counts_them(
    peerpact, record_id, answers_file, peerpact_home
):
    """`verify --all 2>/dev/null | grep -c FAILED` counts the failures: every
    verdict, OK or FAILED, is a line on stdout; why it failed overall is on stderr."""
    new = ("new", "--answers", str(answers_file), "--no-input", "--json")
    good = json.loads(peerpact(*new).stdout)["id"]
    path = record_file(peerpact_home, record_id)
    path.write_text(path.read_text("utf-8").replace('"Robin"', '"Robyn"', 1), "utf-8")
    done = run("verify", "--all")
    assert done.returncode == 1
    verdicts = [line.split()[:2] for line in done.stdout.splitlines()]
    assert ["OK", f"{good}:"] in verdicts and ["FAILED", f"{record_id}:"] in verdicts
    assert "FAILED" not in done.stderr and "1 of 2 record(s) failed" in done.stderr


def test_quiet_prints_only_what_failed(peerpact, record_id, answers_file, peerpact_home):
    assert peerpact("verify", "--all", "--quiet").output == ""
    other = peerpact("new", "--answers", str(answers_file), "--no-input", "--json").stdout
    assert other
    path = record_file(peerpact_home, record_id)
    path.write_text(path.read_text("utf-8").replace('"Robin"', '"Robyn"', 1), "utf-8")
    result = peerpact("verify", "--all", "-q", expect=1)
    assert result.stdout.startswith(f"FAILED {record_id}: revision 1:")
    assert "OK" not in result.stdout
