"""The twelve attacks of issue 9, each reproduced as an attacker would try it,
each now stopped. Every test changes files the way someone with access to the
folder could, then runs peerpact as its user would."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tomllib

import pytest

from peerpact.agreement.state import ENDED
from peerpact.clock import now
from peerpact.paths import get_paths
from peerpact.record import store
from peerpact.record.format import revision_text, sign_revision
from peerpact.record.keys import create_key, load_key
from support.answers import write_answers
from support.records import (
    SIGN,
    amend,
    as_json,
    join_revisions,
    record_path,
    records_dir,
    split_revisions,
)

HAS_MINISIGN = shutil.which("minisign") is not None


def tamper(path, before: str, after: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


def make_record(peerpact, answers_file) -> str:
    made = peerpact("new", "--answers", str(answers_file), "--no-input", "--json")
    return str(json.loads(made.stdout)["id"])


def forge(record_id: str, body: dict, key=None) -> None:
    """Append a revision signed with this computer's own key, bypassing every
    check peerpact makes before it signs: what a key holder could hand-craft."""
    path = store.find_record(record_id)
    record, old = store.read_record(path)
    key = key or load_key(get_paths().key_file)
    revision = sign_revision(key, record.id, record.head, body)
    path.write_bytes(old + revision_text(revision).encode("utf-8"))


# 1. A signing oracle ----------------------------------------------------------------


def test_export_signatures_of_an_edited_record_writes_nothing(
    peerpact, record_id, peerpact_home, tmp_path
):
    tamper(record_path(peerpact_home, record_id), "No advice unless I ask for it", "Hugs welcome")
    sigs = tmp_path / "sigs"
    result = peerpact("export", record_id, "--signatures", str(sigs), expect=1)
    assert "does not verify" in result.stderr
    assert not sigs.exists()


def test_a_hand_made_record_is_never_signed(peerpact, record_id, peerpact_home, tmp_path):
    """A file dropped into records/ with any text and another key's signature."""
    path = record_path(peerpact_home, record_id)
    stranger = create_key(tmp_path / "stranger.key")
    record, _ = store.read_record(path)
    body = {k: v for k, v in record.revisions[0].payload.items()}
    body["parties"][0]["name"] = "Mallory"
    forged = sign_revision(stranger, "planted", None, body)
    (records_dir(peerpact_home) / "planted.toml").write_text(
        '# peerpact agreement record\nformat = 2\nid = "planted"\n' + revision_text(forged),
        encoding="utf-8",
    )
    sigs = tmp_path / "sigs"
    result = peerpact("export", "planted", "--signatures", str(sigs), expect=1)
    assert "unknown key" in result.stderr
    assert not sigs.exists()


@pytest.mark.skipif(not HAS_MINISIGN, reason="Debian's minisign is not installed")
def test_exported_signatures_are_the_stored_prehashed_ones(
    peerpact, record_id, peerpact_home, tmp_path
):
    """12. The "ED" (prehashed) form, so `minisign -V -H` accepts them too."""
    amend(peerpact, record_id, "--party", "Robin", "--want", "Tea", *SIGN)
    key = tmp_path / "facilitator.pub"
    peerpact("key", "export", str(key))
    sigs = tmp_path / "sigs"
    peerpact("export", record_id, "--signatures", str(sigs))
    stored = tomllib.loads(record_path(peerpact_home, record_id).read_text(encoding="utf-8"))
    for number, revision in enumerate(stored["revisions"], start=1):
        payload = sigs / f"{record_id}-r{number}.json"
        minisig = payload.with_name(payload.name + ".minisig").read_text().splitlines()
        assert base64.b64decode(minisig[1])[:2] == b"ED"  # the prehashed algorithm
        assert minisig[3] == revision["trusted_signature"]
        for flags in (["-V"], ["-V", "-H"]):
            done = subprocess.run(
                ["minisign", *flags, "-p", str(key), "-m", str(payload)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            assert f"revision {number} {revision['hash']}" in done.stdout


# 2. A path escape ---------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../../escaped", "/tmp/escaped", "UPPER", "a.b", ""])
def test_an_id_that_is_not_a_record_id_is_a_damaged_record(
    peerpact, record_id, peerpact_home, tmp_path, bad_id
):
    path = record_path(peerpact_home, record_id)
    tamper(path, f'id = "{record_id}"', f"id = {json.dumps(bad_id)}")
    (tmp_path / "out").mkdir()
    sigs = tmp_path / "out" / "sigs"
    result = peerpact("export", record_id, "--signatures", str(sigs), expect=1)
    assert "is not a record id" in result.stderr
    assert list((tmp_path / "out").iterdir()) == []
    assert not list(tmp_path.rglob("escaped*"))
    assert "is not a record id" in peerpact("verify", "--all", expect=1).stdout


# 3. Substitution ----------------------------------------------------------------------


def test_a_record_copied_over_another_is_caught(peerpact, answers_file, peerpact_home):
    a, b = make_record(peerpact, answers_file), make_record(peerpact, answers_file)
    shutil.copy(record_path(peerpact_home, b), record_path(peerpact_home, a))
    result = peerpact("verify", "--all", expect=1)
    assert f"holds record {b}, not {a}" in result.stdout
    assert f"OK {b}:" in result.stdout
    assert peerpact("show", a, expect=1).stdout == ""
    listed = {row["id"]: row for row in json.loads(peerpact("list", "--json").stdout)}
    assert listed[a]["status"] == "unreadable" and listed[b]["status"] == "active"


def test_a_record_replaced_by_another_with_its_id_is_caught(peerpact, answers_file, tmp_path):
    """Same id, a different creation: only the witness can tell."""
    a = make_record(peerpact, answers_file)
    path = store.find_record(a)
    record, _ = store.read_record(path)
    key = load_key(get_paths().key_file)
    body = dict(record.revisions[0].payload)
    body["time"] = now()
    body["changes"] = []
    other = sign_revision(key, a, None, body)
    path.write_text(
        path.read_text(encoding="utf-8").split("\n[[revisions]]")[0] + revision_text(other),
        encoding="utf-8",
    )
    result = peerpact("verify", a, expect=1)
    assert "replaced: this is not the record this computer created" in result.stdout


# 4. Rollback and deletion -------------------------------------------------------------


def test_cutting_off_the_ending_does_not_bring_an_agreement_back(
    peerpact, record_id, peerpact_home
):
    peerpact("end", record_id, "--party", "Alex", "--sign", "Alex", "--no-input")
    path = record_path(peerpact_home, record_id)
    head, blocks = split_revisions(path.read_text(encoding="utf-8"))
    path.write_text(join_revisions(head, blocks[:-1]), encoding="utf-8")
    result = peerpact("verify", record_id, expect=1)
    assert "rolled back: this computer wrote revision 2" in result.stdout
    result = amend(peerpact, record_id, "--party", "Robin", "--want", "Tea", *SIGN, expect=1)
    assert "rolled back" in result.stderr
    peerpact("end", record_id, "--party", "Robin", "--sign", "Robin", "--no-input", expect=1)
    assert len(split_revisions(path.read_text(encoding="utf-8"))[1]) == 1
    assert ENDED == "ended"


def test_a_deleted_record_is_reported_missing(peerpact, answers_file, peerpact_home):
    kept, gone = make_record(peerpact, answers_file), make_record(peerpact, answers_file)
    record_path(peerpact_home, gone).unlink()
    result = peerpact("verify", "--all", expect=1)
    assert f"{gone}: record: missing: this computer wrote revision 1" in result.stdout
    assert f"OK {kept}:" in result.stdout
    assert "1 of 2 record(s) failed verification" in result.stderr


def test_a_forked_record_is_caught(peerpact, record_id, peerpact_home):
    """Revision 2 rewritten (validly signed by a key holder) after it was witnessed."""
    path = record_path(peerpact_home, record_id)
    before = path.read_text(encoding="utf-8")
    amend(peerpact, record_id, "--party", "Robin", "--want", "Tea", *SIGN)
    path.write_text(before, encoding="utf-8")
    forge(record_id, amended_body("Coffee"))
    result = peerpact("verify", record_id, expect=1)
    assert "forked: revision 2 is not the one this computer wrote" in result.stdout


def test_a_record_from_elsewhere_is_witnessed_from_its_next_change(
    peerpact, record_id, peerpact_home
):
    witness = get_paths().witness_file
    witness.unlink()  # as on a computer that received the record
    peerpact("verify", record_id)
    amend(peerpact, record_id, "--party", "Robin", "--want", "Tea", *SIGN)
    lines = [json.loads(line)["entry"] for line in witness.read_text().splitlines()]
    assert [(e["record"], e["number"]) for e in lines] == [(record_id, 2)]
    # From then on, cutting it back is caught.
    path = record_path(peerpact_home, record_id)
    head, blocks = split_revisions(path.read_text(encoding="utf-8"))
    path.write_text(join_revisions(head, blocks[:-1]), encoding="utf-8")
    assert "rolled back" in peerpact("verify", record_id, expect=1).stdout


# 5. Tampered records look good --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "markdown", "text", "json"])
def test_a_tampered_record_is_never_written_out_as_a_document(
    peerpact, record_id, peerpact_home, tmp_path, fmt
):
    tamper(record_path(peerpact_home, record_id), "No advice unless I ask for it", "Hugs welcome")
    out = tmp_path / "agreement.out"
    result = peerpact("export", record_id, "-f", fmt, "-o", str(out), expect=1)
    assert "does not verify (revision 1: its content was changed" in result.stderr
    assert not out.exists()
    assert "Hugs" not in peerpact("show", record_id, "-f", fmt, expect=1).stdout


def test_heads_shown_are_long_and_recomputed(peerpact, record_id, peerpact_home):
    text = peerpact("show", record_id, "--format", "text").stdout
    head = as_json(peerpact, record_id)["head"]
    assert f"head {head[:16]}" in text
    # A stored hash that differs from the content is never printed as the head.
    path = record_path(peerpact_home, record_id)
    tamper(path, f'hash = "{head}"', f'hash = "{"0" * 64}"')
    result = peerpact("verify", record_id, expect=1)
    assert "0" * 16 not in result.stdout + result.stderr


# 6. Key trust ---------------------------------------------------------------------------


def test_verify_key_trusts_that_key_and_no_other(peerpact, record_id, peerpact_home, tmp_path):
    genuine = tmp_path / "genuine.pub"
    peerpact("key", "export", str(genuine))
    # Someone replaces this computer's key and forges a record with it.
    key_file = get_paths().key_file
    key_file.unlink()
    shutil.copy(tmp_path / "genuine.pub", tmp_path / "unused")
    forger = create_key(key_file)
    path = record_path(peerpact_home, record_id)
    record, _ = store.read_record(path)
    body = dict(record.revisions[0].payload)
    forged = sign_revision(forger, record_id, None, body)
    path.write_text(
        path.read_text(encoding="utf-8").split("\n[[revisions]]")[0] + revision_text(forged),
        encoding="utf-8",
    )
    result = peerpact("verify", record_id, "--key", str(genuine), expect=1)
    assert "unknown key" in result.stdout
    # Without --key, the line names the key that signed, so the swap shows.
    result = peerpact("verify", "--file", str(path), expect=None)
    assert forger.public.fingerprint in result.stdout + result.stderr


def test_verify_names_the_key_that_signed(peerpact, record_id):
    fingerprint = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    result = peerpact("verify", record_id)
    assert f"signed by {fingerprint} (this computer's key)" in result.stdout


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_a_key_others_can_read_is_refused(peerpact, answers_file, mode):
    make_record(peerpact, answers_file)
    key_file = get_paths().key_file
    key_file.chmod(mode)
    result = peerpact("new", "--answers", str(answers_file), "--no-input", expect=6)
    assert f"chmod 600 {key_file}" in result.stderr
    assert len(list(get_paths().records_dir.glob("*.toml"))) == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the key to another user")
def test_a_key_owned_by_another_user_is_refused(peerpact, answers_file):
    make_record(peerpact, answers_file)
    key_file = get_paths().key_file
    os.chown(key_file, 65534, 65534)
    result = peerpact("new", "--answers", str(answers_file), "--no-input", expect=6)
    assert "belongs to another user" in result.stderr


def test_trusted_keys_are_explicit(peerpact, tmp_path, answers_file, monkeypatch):
    """A colleague's record verifies here only once their key is trusted."""
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "colleague"))
    theirs = make_record(peerpact, answers_file)
    colleague_pub = tmp_path / "colleague.pub"
    peerpact("key", "export", str(colleague_pub))
    record_file = records_dir(tmp_path / "colleague") / f"{theirs}.toml"
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "mine"))
    make_record(peerpact, answers_file)
    assert "unknown key" in peerpact("verify", "--file", str(record_file), expect=1).stdout
    peerpact("key", "trust", str(colleague_pub), "--name", "Sam")
    assert "(trusted key 'Sam')" in peerpact("verify", "--file", str(record_file)).stdout
    fingerprint = peerpact("key", "list", "--json").stdout
    assert "Sam" in fingerprint
    peerpact("key", "untrust", json.loads(fingerprint)[1]["fingerprint"])
    peerpact("verify", "--file", str(record_file), expect=1)


def test_rotation_keeps_old_records_verifiable_and_amendable(peerpact, record_id):
    old = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    peerpact("key", "rotate", "--yes")
    new = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    assert new != old
    amend(peerpact, record_id, "--party", "Robin", "--want", "Tea", *SIGN)
    result = peerpact("verify", "--all")
    assert f"{old} (this computer's earlier key), {new} (this computer's key)" in result.stdout


# 7. Permissions -------------------------------------------------------------------------


def run_under_umask_zero(env: dict[str, str], answers_file) -> None:
    import sys

    script = (
        "import os, sys; os.umask(0); from peerpact.cli import main; "
        "sys.argv = ['peerpact', *sys.argv[1:]]; main()"
    )
    from pyrage import x25519

    leaders = str(x25519.Identity.generate().to_public())
    for args in (
        ["new", "--answers", str(answers_file), "--no-input"],
        ["config", "set", "organization.leadership_age_recipient", leaders],
        ["grievance", "--no-input", "--text", "A grievance."],
        ["list"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr


def assert_private(top) -> None:
    folders = [top, *[p for p in top.rglob("*") if p.is_dir()]]
    files = [p for p in top.rglob("*") if p.is_file()]
    assert len(folders) >= 2 and files
    assert {oct(p.stat().st_mode & 0o777) for p in folders} == {"0o700"}, folders
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {"0o600"}, files


def test_everything_is_private_whatever_the_umask(tmp_path, answers_file):
    home = tmp_path / "fresh-home"
    run_under_umask_zero({**os.environ, "PEERPACT_HOME": str(home)}, answers_file)
    assert len(list(home.rglob("*"))) >= 9
    assert_private(home)


def test_platformdirs_folders_are_private_whatever_the_umask(tmp_path, answers_file):
    env = {k: v for k, v in os.environ.items() if k != "PEERPACT_HOME"}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg-data"), XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")
    run_under_umask_zero(env, answers_file)
    assert_private(tmp_path / "xdg-data" / "peerpact")
    # What peerpact made on the way to its own folder is private too.
    assert (tmp_path / "xdg-data").stat().st_mode & 0o777 == 0o700


def test_looser_existing_folders_are_tightened(peerpact, answers_file, peerpact_home):
    make_record(peerpact, answers_file)
    for folder in (peerpact_home, peerpact_home / "data", records_dir(peerpact_home)):
        folder.chmod(0o755)
    make_record(peerpact, answers_file)
    for folder in (peerpact_home, peerpact_home / "data", records_dir(peerpact_home)):
        assert folder.stat().st_mode & 0o777 == 0o700


# 8. Records that could not be read back -----------------------------------------------


def test_an_amend_that_would_outgrow_the_read_limit_is_refused(
    peerpact, record_id, peerpact_home, monkeypatch
):
    monkeypatch.setattr(store, "MAX_RECORD_BYTES", 40_000)
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    result = amend(peerpact, record_id, "--party", "Robin", "--want", "x" * 40_000, *SIGN, expect=2)
    assert "over the" in result.stderr and "Nothing was written" in result.stderr
    assert path.read_bytes() == before
    peerpact("verify", record_id)


def test_a_new_record_over_the_limit_is_never_written(
    peerpact, answers_file, peerpact_home, tmp_path, monkeypatch
):
    monkeypatch.setattr(store, "MAX_RECORD_BYTES", 20_000)
    answers = write_answers(
        tmp_path,
        answers_file.read_text().replace(
            'needs = ["Sessions end on time"]', f'needs = ["{"y" * 30_000}"]'
        ),
        "big.toml",
    )
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=2)
    assert "Nothing was written" in result.stderr
    assert not list(records_dir(peerpact_home).glob("*.toml"))


# 9. Hostile nesting -------------------------------------------------------------------


def test_deep_nesting_is_a_clean_error_and_verify_all_goes_on(
    peerpact, answers_file, peerpact_home
):
    bad, good = make_record(peerpact, answers_file), make_record(peerpact, answers_file)
    path = record_path(peerpact_home, bad)
    deep = "[" + ".".join(["x"] * 3000) + "]\ny = 1\n"
    path.write_text(path.read_text(encoding="utf-8") + deep, encoding="utf-8")
    result = peerpact("verify", "--all", expect=1)
    assert f"{bad}: record: unreadable:" in result.stdout and "deep" in result.stdout
    assert f"OK {good}:" in result.stdout
    assert "Traceback" not in result.stderr
    for args in (["show", bad], ["export", bad, "-o", "x.html"]):
        assert "deep" in peerpact(*args, expect=1).stderr


# 10. Short heads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "head", ["1a2b", "1a2b3c4d", "1a2b3c4d5e6", "head 1a2b3c4d5e6f7a8b", "zz" * 8]
)
def test_a_head_that_is_not_twelve_hex_digits_is_a_usage_error(peerpact, record_id, head):
    result = peerpact("verify", record_id, "--head", head, expect=2)
    assert "at least 12 hex digits" in result.stderr


def test_twelve_digits_of_a_kept_head_are_checked(peerpact, record_id):
    head = as_json(peerpact, record_id)["head"]
    peerpact("verify", record_id, "--head", head[:12].upper())
    peerpact("verify", record_id, "--head", head)
    wrong = ("0" if head[0] != "0" else "1") + head[1:12]
    assert (
        "no longer in the record" in peerpact("verify", record_id, "--head", wrong, expect=1).stdout
    )


# 11. Strict replay --------------------------------------------------------------------


def amended_body(text: str, **overrides) -> dict:
    body = {
        "kind": "amended",
        "time": now(),
        "changes": [{"op": "add", "party": "p1", "kind": "wants", "label": "W2", "text": text}],
        "confirmations": [
            {"party": "p1", "signature": "Robin", "time": now()},
            {"party": "p2", "signature": "Alex", "time": now()},
        ],
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"time": "2001-01-01T00:00:00Z"}, "is before the revision before it"),
        ({"time": "yesterday"}, "is not a UTC time"),
        (
            {"confirmations": [{"party": "p1", "signature": "Robin", "time": now()}]},
            "not confirmed by Alex",
        ),
        (
            {
                "confirmations": [
                    {"party": "p1", "signature": "Robin", "time": now()},
                    {"party": "p2", "signature": "Robin", "time": now()},
                ]
            },
            "Alex's confirmation is not their name",
        ),
        ({"approved_by_leadership": "yes"}, "fields peerpact never writes"),
        ({"changes": []}, "changes nothing"),
        ({"kind": "created"}, "only the first"),
    ],
)
def test_a_validly_signed_revision_that_breaks_the_rules_fails(
    peerpact, record_id, overrides, reason
):
    forge(record_id, amended_body("Tea", **overrides))
    result = peerpact("verify", record_id, expect=1)
    assert f"{record_id}: revision 2: " in result.stdout and reason in result.stdout
    assert peerpact("show", record_id, expect=1).stdout == ""


def test_an_ending_confirmed_by_someone_else_fails(peerpact, record_id):
    forge(
        record_id,
        {
            "kind": "ended",
            "time": now(),
            "ended_by": "p1",
            "confirmations": [{"party": "p2", "signature": "Alex", "time": now()}],
        },
    )
    assert "who does not confirm this revision" in peerpact("verify", record_id, expect=1).stdout


# Files that are not what they seem ---------------------------------------------------


def test_a_record_that_is_a_link_or_a_pipe_is_refused(peerpact, record_id, peerpact_home, tmp_path):
    outside = tmp_path / "outside.toml"
    shutil.copy(record_path(peerpact_home, record_id), outside)
    (records_dir(peerpact_home) / "linkedrec1.toml").symlink_to(outside)
    os.mkfifo(records_dir(peerpact_home) / "pipedrec01.toml")
    result = peerpact("verify", "--all", expect=1)
    assert "linkedrec1: record: unreadable:" in result.stdout and "is a link" in result.stdout
    assert (
        "pipedrec01: record: unreadable:" in result.stdout and "not a plain file" in result.stdout
    )
    assert f"OK {record_id}:" in result.stdout


def test_a_records_folder_that_is_a_link_is_refused(peerpact, record_id, peerpact_home, tmp_path):
    folder = records_dir(peerpact_home)
    folder.rename(tmp_path / "elsewhere")
    folder.symlink_to(tmp_path / "elsewhere")
    assert "is a link" in peerpact("list", expect=6).stderr
    assert "is a link" in peerpact("verify", "--all", expect=6).stderr


def test_a_tombstone_or_trusted_keys_file_that_is_a_link_is_refused(
    peerpact, record_id, peerpact_home, tmp_path
):
    peerpact("forget", record_id, "--yes")
    stone = records_dir(peerpact_home) / f"{record_id}.forgotten"
    outside = tmp_path / "stone.json"
    stone.rename(outside)
    stone.symlink_to(outside)
    result = peerpact("verify", "--all", expect=1)
    assert "is a link" in result.stdout
    trusted = get_paths().trusted_keys_file
    trusted.parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "trusted.toml").write_text("keys = []\n", encoding="utf-8")
    trusted.symlink_to(tmp_path / "trusted.toml")
    assert "is a link" in peerpact("key", "list", expect=2).stderr


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """peerpact in its own process, so a read that hung would fail the test, not stall it."""
    import sys

    return subprocess.run(
        [sys.executable, "-m", "peerpact", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_pipes_in_place_of_own_files_never_hang(peerpact, record_id, peerpact_home, tmp_path):
    folder = records_dir(peerpact_home)
    os.mkfifo(folder / ".tmp-evil.part")
    os.mkfifo(folder / "zzfifo0000.toml")
    (tmp_path / "outside.toml").write_text('name = "Outside Secret"\n', encoding="utf-8")
    (folder / "zzlink0000.toml").symlink_to(tmp_path / "outside.toml")
    from peerpact.record.index.names import redaction_names

    names, _ids = redaction_names()
    assert not names.found({"outside", "secret", "outsidesecret"})
    assert run_cli("forget", record_id, "--yes").returncode == 0
    witness = get_paths().witness_file
    witness.unlink()
    os.mkfifo(witness)
    done = run_cli("verify", "--all")
    assert done.returncode == 1 and "not a plain file" in done.stdout


@pytest.mark.parametrize(
    ("field", "value"), [("time", "\ud800"), ("chain", "é" * 64), ("head", "zz")]
)
def test_a_hostile_witness_line_is_damage_not_a_crash(peerpact, record_id, field, value):
    witness = get_paths().witness_file
    line = json.loads(witness.read_text(encoding="utf-8").splitlines()[-1])
    (line["entry"] if field != "chain" else line)[field] = value
    witness.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = peerpact("verify", "--all", expect=1)
    assert "witness log" in result.stdout and "damaged" in result.stdout
    result = peerpact("new", "--answers", str(answers_path(record_id)), "--no-input", expect=None)
    assert "Traceback" not in result.output


def answers_path(record_id: str):
    from support.answers import ANSWERS

    path = get_paths().data_dir.parent / "answers.toml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def test_forget_signs_no_head_it_did_not_recompute(peerpact, record_id, peerpact_home):
    head = as_json(peerpact, record_id)["head"]
    tamper(record_path(peerpact_home, record_id), f'hash = "{head}"', f'hash = "{"f" * 64}"')
    peerpact("forget", record_id, "--yes")
    stone = json.loads((records_dir(peerpact_home) / f"{record_id}.forgotten").read_text())
    assert stone["head"] == ""
    last = json.loads(get_paths().witness_file.read_text().splitlines()[-1])["entry"]
    assert last["event"] == "forgotten" and last["head"] == ""


def test_a_tombstone_with_unsignable_text_is_damage_not_a_crash(peerpact, record_id, peerpact_home):
    peerpact("forget", record_id, "--yes")
    stone = records_dir(peerpact_home) / f"{record_id}.forgotten"
    data = json.loads(stone.read_text(encoding="utf-8"))
    data["date"] = "\ud800"
    stone.write_text(json.dumps(data), encoding="utf-8")
    result = peerpact("verify", "--all", expect=1)
    assert "is not a peerpact tombstone" in result.stdout


def test_odd_settings_and_targets_are_clear_errors(peerpact, record_id, peerpact_home, tmp_path):
    peerpact("config", "set", "retention.ended_days", "99999999999999999999", expect=2)
    config = get_paths().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[retention]\nended_days = -99999999\n", encoding="utf-8")
    assert "must be between 0 and 36500" in peerpact("list", expect=2).stderr
    config.unlink()
    assert "not a date" in peerpact("list", "--since", "2026-13-45", expect=2).stderr
    os.mkfifo(tmp_path / "pipe")
    result = peerpact("export", record_id, "-o", str(tmp_path / "pipe"), expect=6)
    assert "is not a file" in result.stderr
    assert stat_is_fifo(tmp_path / "pipe")


def stat_is_fifo(path) -> bool:
    import stat

    return stat.S_ISFIFO(path.lstat().st_mode)
