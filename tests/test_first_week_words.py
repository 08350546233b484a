"""What a new facilitator met in their first week (issue 24, items 7, 8, 11,
13, 15, 16), each through the CLI."""

from __future__ import annotations

import json

from support.answers import PARTIES, write_answers


def test_a_record_never_names_the_example_organisation_unless_told(peerpact, tmp_path):
    answers = write_answers(tmp_path, PARTIES)
    refused = peerpact("new", "--answers", str(answers), "--no-input", expect=2)
    assert "Peer Support Space" in refused.stderr and "nothing was signed" in refused.stderr
    assert "peerpact config set organization.name NAME" in refused.stderr
    assert "[variables]" in refused.stderr
    assert peerpact("list", "--json").stdout.strip() in ("[]", "")
    told = write_answers(
        tmp_path, '[variables]\norganization = "Peer Support Space"\n' + PARTIES, "told.toml"
    )
    made = peerpact("new", "--answers", str(told), "--no-input", "--json")
    assert json.loads(made.stdout)["id"]
    peerpact("config", "set", "organization.name", "Riverside")
    again = peerpact("new", "--answers", str(answers), "--no-input", "--json")
    assert "Riverside" in peerpact("show", json.loads(again.stdout)["id"]).stdout
