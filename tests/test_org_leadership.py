"""Leadership's side of `peerpact org`: init once, update with a higher
version, rotate-key followed by facilitators who pinned the old key, export;
and the bad input each refuses with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PASS = "correct horse battery staple"


@pytest.fixture
def lead(peerpact, peerpact_home, monkeypatch):
    monkeypatch.setenv("PEERPACT_PASSPHRASE", PASS)
    done = peerpact(
        "org", "init", "--name", "Harbour Peers", "--email", "leads@example.org",
        "--leader", "Sam", "--leader", "Ana", "--json",
    )  # fmt: skip
    return json.loads(done.stdout)


def leadership(home: Path) -> Path:
    return home / "data" / "leadership"


def test_init_makes_a_private_key_identities_without_names_and_a_signed_file(lead, peerpact_home):
    key = leadership(peerpact_home) / "signing.key"
    assert key.stat().st_mode & 0o777 == 0o600
    files = sorted((leadership(peerpact_home) / "identities").iterdir())
    assert len(files) == 2 == len(lead["identities"])
    assert all("Sam" not in f.name and "Ana" not in f.name for f in files)
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in files)
    assert all(f.read_bytes().startswith(b"age-encryption.org/v1") for f in files)
    text = (leadership(peerpact_home) / "organisation.toml").read_text()
    assert "password" not in text and "AGE-SECRET-KEY" not in text
    assert "retention_days = 90" in text


def test_init_twice_is_refused(lead, peerpact):
    again = peerpact(
        "org", "init", "--name", "X", "--email", "x@example.org", "--leader", "Z", expect=5
    )
    assert "already made an organisation file" in " ".join(again.output.split())


def test_a_short_passphrase_writes_nothing(peerpact, peerpact_home, monkeypatch):
    monkeypatch.setenv("PEERPACT_PASSPHRASE", "short")
    result = peerpact(
        "org", "init", "--name", "X", "--email", "x@example.org", "--leader", "Z", expect=2
    )
    assert "at least 8 characters" in result.output
    assert not leadership(peerpact_home).exists() or not any(leadership(peerpact_home).rglob("*.*"))


def test_without_a_terminal_the_missing_answers_are_named(peerpact):
    result = peerpact("org", "init", "--name", "X", expect=2)
    assert "needs --name, --email and at least one --leader" in result.output


def test_update_and_rotate_key_are_followed_by_a_joined_computer(
    lead, peerpact, peerpact_home, tmp_path, monkeypatch
):
    out = tmp_path / "org.toml"
    peerpact("org", "export", "-o", str(out))
    facilitator = tmp_path / "facilitator"
    monkeypatch.setenv("PEERPACT_HOME", str(facilitator))
    peerpact("org", "join", str(out))
    for step in (("update", "--name", "Harbour Peers Collective"), ("rotate-key",)):
        monkeypatch.setenv("PEERPACT_HOME", str(peerpact_home))
        peerpact("org", *step)
        peerpact("org", "export", "-o", str(out))
        monkeypatch.setenv("PEERPACT_HOME", str(facilitator))
        peerpact("org", "join", str(out))
    shown = json.loads(peerpact("org", "show", "--json").stdout)["organisation"]
    assert shown["serial"] == 3
    assert shown["name"] == "Harbour Peers Collective"
    assert shown["id"] == lead["id"]


def test_export_to_standard_output_is_the_signed_file(lead, peerpact, peerpact_home):
    shown = peerpact("org", "export", "-o", "-").stdout
    assert shown == (leadership(peerpact_home) / "organisation.toml").read_text()


def test_an_edited_issued_file_is_not_signed_again(lead, peerpact, peerpact_home):
    issued = leadership(peerpact_home) / "organisation.toml"
    issued.write_text(issued.read_text().replace("Harbour Peers", "Evil Peers"))
    before = issued.read_bytes()
    result = peerpact("org", "update", "--name", "Fine", expect=1)
    assert "changed after signing" in " ".join(result.output.split())
    assert issued.read_bytes() == before


def test_export_before_init_says_how(peerpact):
    result = peerpact("org", "export", "-o", "x.toml", expect=3)
    assert "peerpact org init" in result.output
