"""The signing key: made once, private, exportable, and minisign-compatible."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess

import pytest

from peerpact.record.keys import PublicKey


def test_key_is_made_once_and_private(peerpact, peerpact_home):
    first = json.loads(peerpact("key", "show", "--json").stdout)
    second = json.loads(peerpact("key", "show", "--json").stdout)
    assert first == second
    assert len(first["fingerprint"]) == 16
    key_file = peerpact_home / "data" / "keys" / "signing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700


def test_exported_key_is_a_minisign_public_key(peerpact, tmp_path):
    shown = json.loads(peerpact("key", "show", "--json").stdout)
    target = tmp_path / "facilitator.pub"
    peerpact("key", "export", str(target))
    lines = target.read_text(encoding="ascii").splitlines()
    assert lines[0] == f"untrusted comment: minisign public key {shown['fingerprint']}"
    assert lines[1] == shown["public_key"]
    assert PublicKey.from_file(target).fingerprint == shown["fingerprint"]


def test_new_prints_the_fingerprint_it_signed_with(peerpact, answers_file):
    out = peerpact("new", "--answers", str(answers_file), "--no-input").stdout
    fingerprint = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    assert f"Signed with key {fingerprint}" in out


def test_a_bad_public_key_file_is_a_clear_error(peerpact, record_id, tmp_path):
    bad = tmp_path / "bad.pub"
    bad.write_text("untrusted comment: hi\nnot base64!!\n", encoding="ascii")
    result = peerpact("verify", record_id, "--key", str(bad), expect=2)
    assert "not a minisign public key" in result.stderr


@pytest.mark.skipif(shutil.which("minisign") is None, reason="Debian's minisign is not installed")
def test_minisign_verifies_every_exported_revision(peerpact, record_id, tmp_path):
    key = tmp_path / "facilitator.pub"
    sigs = tmp_path / "sigs"
    peerpact("key", "export", str(key))
    peerpact("export", record_id, "--signatures", str(sigs))
    payloads = sorted(sigs.glob("*.json"))
    assert payloads and all(p.with_name(p.name + ".minisig").exists() for p in payloads)
    for payload in payloads:
        done = subprocess.run(
            ["minisign", "-V", "-p", str(key), "-m", str(payload)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Signature and comment signature verified" in done.stdout
    # And a changed payload does not verify.
    payloads[0].write_bytes(payloads[0].read_bytes().replace(b"Robin", b"Robyn"))
    done = subprocess.run(
        ["minisign", "-V", "-p", str(key), "-m", str(payloads[0])],
        capture_output=True,
        check=False,
    )
    assert done.returncode != 0
