"""`peerpact org join` and `show`: the signature checked, the key pinned, a
later file only from that key (or one it rotated to), and nothing changed
when anything is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.orgs import joined_org, make_org


def state(home: Path) -> dict[str, bytes]:
    data = home / "data"
    return {
        p.name: p.read_bytes()
        for p in (data / "organisation.toml", data / "organisation.pin")
        if p.exists()
    }


def test_join_pins_and_shows_what_came_from_the_file(peerpact, tmp_path):
    org = joined_org(peerpact, tmp_path)
    shown = json.loads(peerpact("org", "show", "--json").stdout)
    assert shown["organisation"]["id"] == org.organisation.id
    assert [lead["name"] for lead in shown["organisation"]["leaders"]] == ["Sam", "Ana"]
    assert shown["settings"]["organization.name"] == {
        "value": "Harbour Peers",
        "from": "organisation file",
    }
    assert shown["settings"]["smtp.host"]["value"] == "mail.example.org"


def test_show_without_an_organisation_names_the_config_and_defaults(peerpact):
    peerpact("config", "set", "organization.name", "Own Group")
    shown = json.loads(peerpact("org", "show", "--json").stdout)
    assert shown["organisation"] is None
    assert shown["settings"]["organization.name"] == {"value": "Own Group", "from": "config"}
    assert shown["settings"]["smtp.host"]["from"] == "default"


def test_a_later_version_from_the_pinned_key_is_taken(peerpact, tmp_path):
    org = joined_org(peerpact, tmp_path)
    later = org.later(name="Harbour Peers Collective")
    result = peerpact("org", "join", str(later.write(tmp_path / "v2.toml")))
    assert "version 2" in result.stdout
    assert json.loads(peerpact("org", "show", "--json").stdout)["organisation"]["serial"] == 2


def test_a_key_the_pinned_key_rotated_to_is_followed(peerpact, tmp_path):
    org = joined_org(peerpact, tmp_path)
    rotated = org.rotated()
    peerpact("org", "join", str(rotated.write(tmp_path / "v2.toml")))
    again = rotated.rotated()
    peerpact("org", "join", str(again.write(tmp_path / "v3.toml")))
    shown = json.loads(peerpact("org", "show", "--json").stdout)["organisation"]
    assert shown["serial"] == 3


@pytest.mark.parametrize(
    ("which", "said"),
    [
        ("another key", "signed by a key this computer does not trust"),
        ("older", "already has version 2"),
        ("same serial", "already has version 2"),
        ("another org", "another organisation's file"),
        ("edited", "changed after signing"),
        ("oversized", "larger than"),
        ("rotation by a stranger", "signed by a key this computer does not trust"),
    ],
)
def test_refused_files_change_nothing(peerpact, peerpact_home, tmp_path, which, said):
    org = joined_org(peerpact, tmp_path)
    org = org.later()
    peerpact("org", "join", str(org.write(tmp_path / "v2.toml")))
    before = state(peerpact_home)
    if which == "another key":
        bad = make_org().later(id=org.organisation.id, serial=5).signed()
    elif which == "older":
        bad = _older(org)
    elif which == "same serial":
        bad = org.later(serial=2, name="Other Name").signed()
    elif which == "another org":
        bad = org.later(id="0" * 32).signed()
    elif which == "edited":
        bad = org.later().signed().replace(b'name = "Harbour Peers"', b'name = "Evil Peers"')
    elif which == "oversized":
        bad = org.later().signed() + b"#" * 70_000 + b"\n"
    else:
        stranger = make_org()
        forged = stranger.rotated()
        bad = org.later(key=forged.organisation.key, rotations=forged.organisation.rotations)
        bad = type(org)(bad.organisation, forged.key, org.identities).signed()
    target = tmp_path / "bad.toml"
    target.write_bytes(bad)
    result = peerpact("org", "join", str(target), expect=None)
    assert result.exit_code != 0
    assert said in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) <= 4
    assert state(peerpact_home) == before


def _older(org) -> bytes:
    from dataclasses import replace

    return replace(org, organisation=replace(org.organisation, serial=1)).signed()


def test_join_reads_standard_input(peerpact, tmp_path):
    org = make_org()
    result = peerpact("org", "join", "-", input=org.signed().decode())
    assert "Joined Harbour Peers" in result.stdout


def test_an_edited_pin_is_refused_on_every_read(peerpact, peerpact_home, tmp_path):
    joined_org(peerpact, tmp_path)
    pin = peerpact_home / "data" / "organisation.pin"
    pin.write_bytes(pin.read_bytes().replace(b'"serial":1', b'"serial":9'))
    result = peerpact("org", "show", expect=None)
    assert result.exit_code == 1
    assert "not signed by this computer's key" in " ".join(result.output.split())


def test_a_deeply_nested_pin_is_refused_not_a_traceback(peerpact, peerpact_home, tmp_path):
    joined_org(peerpact, tmp_path)
    (peerpact_home / "data" / "organisation.pin").write_bytes(b"[" * 3000 + b"\nAAAA\n")
    result = peerpact("org", "show", expect=1)
    assert "not signed by this computer's key" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_a_swapped_organisation_file_is_refused(peerpact, peerpact_home, tmp_path):
    joined_org(peerpact, tmp_path)
    (peerpact_home / "data" / "organisation.toml").write_bytes(make_org().signed())
    result = peerpact("grievance", "--no-input", "--text", "The room was cold", expect=None)
    assert result.exit_code == 1
    assert "not the one this computer joined" in " ".join(result.output.split())
    assert not list((peerpact_home / "data").glob("outbox/**/*.eml"))
