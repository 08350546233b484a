"""What a new facilitator met in their first week (issue 24, items 7, 8, 11,
13, 15, 16), each through the CLI."""

from __future__ import annotations

import json

import pytest

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


def test_show_of_an_ended_agreement_says_so_at_the_top(peerpact, record_id):
    peerpact("end", record_id, "--party", "Robin", "--sign", "Robin", "--no-input")
    for args in ((), ("--format", "text"), ("--format", "markdown")):
        shown = peerpact("show", record_id, *args).stdout.strip()
        first = shown.splitlines()[0]
        assert "ended by Robin" in first and "no longer in force" in first, first


def test_list_flags_a_record_that_fails_verification(peerpact, record_id, peerpact_home):
    assert "FAILS" not in peerpact("list").stdout
    path = peerpact_home / "data" / "records" / f"{record_id}.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Alex"', '"Alix"'), encoding="utf-8")
    listed = peerpact("list").stdout
    [row] = [line for line in listed.splitlines() if line.startswith(record_id)]
    assert "active, FAILS VERIFICATION" in row
    assert f"peerpact verify {record_id}" in listed
    [item] = json.loads(peerpact("list", "--json").stdout)
    assert "hash mismatch" in item["problem"]


MISSING = "/nonexistent-peerpact/missing.file"


@pytest.mark.parametrize(
    "args",
    [
        ("new", "--answers", MISSING, "--no-input"),
        ("new", "--template", MISSING, "--answers", "ANSWERS", "--no-input"),
        ("verify", "--copy", MISSING),
        ("verify", "--key", MISSING),
        ("verify", "--file", MISSING),
        ("verify", "--file", "-", "--file", MISSING),
        ("grievance", "--text-file", MISSING, "--no-input"),
        ("grievance", "check", MISSING),
        ("template", "validate", MISSING),
        ("org", "join", MISSING),
        ("restore", MISSING),
        ("key", "restore", MISSING),
        ("key", "trust", MISSING, "--name", "Sam"),
    ],
)
def test_a_file_that_is_not_there_is_always_exit_3_naming_it(
    peerpact, answers_file, plain_messages, args
):
    # No PEERPACT_PASSPHRASE: a missing backup is said before any passphrase is asked.
    args = tuple(str(answers_file) if arg == "ANSWERS" else arg for arg in args)
    result = peerpact(*args, expect=3)
    assert MISSING in result.stderr and "Traceback" not in result.output


def test_a_bad_role_in_an_answers_file_names_the_file(peerpact, tmp_path):
    answers = write_answers(tmp_path, PARTIES.replace('"member"', '"membr"'), "roles.toml")
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=2)
    assert f"{answers}: parties[0].role: unknown role 'membr'" in " ".join(result.stderr.split())
