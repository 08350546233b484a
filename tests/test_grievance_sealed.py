"""Sealed by default: a grievance filed on a computer that joined an
organisation is sealed to every leader named in its file and to no one else;
without any recipient nothing is written."""

from __future__ import annotations

import shutil
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pexpect
import pyrage
import pytest
from pyrage import x25519

from support.orgs import joined_org


def filed(home: Path) -> list[Path]:
    return sorted(p for p in (home / "data" / "outbox").rglob("*") if p.is_file())


def sealed_body(path: Path) -> bytes:
    return message_from_bytes(path.read_bytes(), policy=default).get_content().encode()


def test_every_leader_and_no_one_else_can_read_it(peerpact, peerpact_home, tmp_path):
    org = joined_org(peerpact, tmp_path)
    peerpact("grievance", "--no-input", "--text", "The heating was off all evening.")
    (message,) = filed(peerpact_home)
    assert b"heating" not in message.read_bytes()
    for identity in org.identities:
        assert b"heating was off" in pyrage.decrypt(sealed_body(message), [identity])
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(sealed_body(message), [x25519.Identity.generate()])


def test_without_any_recipient_nothing_is_written(peerpact, peerpact_home):
    result = peerpact("grievance", "--no-input", "--text", "Cold room.", expect=3)
    assert "peerpact org join FILE" in " ".join(result.stderr.split())
    assert filed(peerpact_home) == []


def test_a_recipient_set_by_hand_seals_the_same_way(peerpact, peerpact_home):
    identity = x25519.Identity.generate()
    peerpact("config", "set", "organization.leadership_age_recipient", str(identity.to_public()))
    peerpact("grievance", "--no-input", "--text", "Cold room.")
    (message,) = filed(peerpact_home)
    assert b"Cold room." in pyrage.decrypt(sealed_body(message), [identity])


def test_the_organisation_may_allow_plain_messages(peerpact, peerpact_home, tmp_path):
    peerpact("config", "set", "organization.allow_unsealed", "true")
    result = peerpact("grievance", "--no-input", "--text", "Cold room.")
    assert "whoever uses this computer can read it" in " ".join(result.stderr.split())
    (message,) = filed(peerpact_home)
    assert b"Cold room." in message.read_bytes()


def test_a_joined_file_that_forbids_plain_messages_wins_over_the_config(
    peerpact, peerpact_home, tmp_path
):
    org = joined_org(peerpact, tmp_path)
    peerpact("config", "set", "organization.allow_unsealed", "true")
    peerpact("grievance", "--no-input", "--text", "Cold room.")
    (message,) = filed(peerpact_home)
    assert b"Cold room." in pyrage.decrypt(sealed_body(message), [org.identities[0]])


def test_the_organisation_name_fills_new_agreements(
    peerpact, peerpact_home, tmp_path, answers_file
):
    import json

    joined_org(peerpact, tmp_path)
    text = answers_file.read_text("utf-8").replace('organization = "Peer Support Space"\n', "")
    answers_file.write_text(text, "utf-8")
    made = peerpact("new", "--answers", str(answers_file), "--no-input", "--json")
    record = json.loads(made.stdout)
    shown = peerpact("show", record["id"], "--format", "text").stdout
    assert shown.startswith("Harbour Peers Mutual Agreement")
    assert "example organisation" not in made.stderr


@pytest.mark.skipif(shutil.which("age") is None, reason="age is not installed")
def test_stock_age_opens_it_with_the_identity_org_init_wrote(
    peerpact, peerpact_home, tmp_path, monkeypatch
):
    monkeypatch.setenv("PEERPACT_PASSPHRASE", "correct horse battery")
    lead = tmp_path / "lead"
    monkeypatch.setenv("PEERPACT_HOME", str(lead))
    done = peerpact(
        "org", "init", "--name", "Harbour Peers", "--email", "leads@example.org", "--leader", "Sam"
    )
    assert "identity" in done.stdout
    (identity_file,) = (lead / "data" / "leadership" / "identities").iterdir()
    assert identity_file.stat().st_mode & 0o777 == 0o600
    assert "Sam" not in identity_file.name
    peerpact("org", "export", "-o", str(tmp_path / "org.toml"))
    monkeypatch.setenv("PEERPACT_HOME", str(peerpact_home))
    peerpact("org", "join", str(tmp_path / "org.toml"))
    peerpact("grievance", "--no-input", "--text", "The heating was off.")
    (message,) = filed(peerpact_home)
    sealed = tmp_path / "sealed.age"
    sealed.write_bytes(sealed_body(message))
    child = pexpect.spawn("age", ["-d", "-i", str(identity_file), str(sealed)], timeout=20)
    child.expect("passphrase")
    child.sendline("correct horse battery")
    child.expect("The heating was off.")
    child.expect(pexpect.EOF)
