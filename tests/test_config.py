"""`peerpact config`: settings that are checked when set and kept with comments."""

from __future__ import annotations

import json

import pytest
from pyrage import x25519


def test_set_keeps_comments_and_other_keys(peerpact, peerpact_home):
    peerpact("config", "set", "smtp.host", "mail.example.org")
    config = peerpact_home / "config" / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + "# our own note\n", encoding="utf-8")
    peerpact("config", "set", "smtp.port", "2525")
    text = config.read_text(encoding="utf-8")
    assert "# our own note" in text
    shown = json.loads(peerpact("config", "show", "--json").stdout)
    smtp = {key: value for key, value in shown.items() if key.startswith("smtp.")}
    assert smtp == {
        "smtp.host": "mail.example.org",
        "smtp.port": 2525,
        "smtp.starttls": True,
        "smtp.user": None,
        "smtp.implicit_tls": None,
        "smtp.password_command": None,
    }


def test_organization_settings_fill_the_agreement(peerpact, answers_file, tmp_path):
    peerpact("config", "set", "organization.name", "Riverside Peer Space")
    peerpact("config", "set", "organization.leadership_email", "leads@riverside.example")
    answers = tmp_path / "no-vars.toml"
    answers.write_text(
        answers_file.read_text(encoding="utf-8").replace(
            '[variables]\norganization = "Peer Support Space"\n', ""
        ),
        encoding="utf-8",
    )
    made = json.loads(peerpact("new", "--answers", str(answers), "--no-input", "--json").stdout)
    text = peerpact("show", made["id"], "--format", "text").stdout
    assert text.startswith("Riverside Peer Space Mutual Agreement")
    assert "leads@riverside.example" in text


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("organization.leadership_email", "leads at example", "e-mail address"),
        ("organization.leadership_age_recipient", "age1notakey", "not an age public key"),
        ("smtp.port", "twenty-five", "whole number"),
        ("smtp.port", "70000", "between 1 and 65535"),
        ("smtp.starttls", "maybe", "true or false"),
        ("smtp.hots", "x", "Unknown config key"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(peerpact, peerpact_home, key, value, words):
    result = peerpact("config", "set", key, value, expect=2)
    assert words in result.stderr
    assert "Traceback" not in result.output
    assert not (peerpact_home / "config" / "config.toml").exists()


def test_a_real_age_key_is_accepted(peerpact):
    recipient = str(x25519.Identity.generate().to_public())
    peerpact("config", "set", "organization.leadership_age_recipient", recipient)
    shown = json.loads(peerpact("config", "show", "--json").stdout)
    assert shown["organization.leadership_age_recipient"] == recipient


def test_a_broken_config_file_is_a_clear_error(peerpact, peerpact_home):
    config = peerpact_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[smtp]\nport = 'x'\n", encoding="utf-8")
    result = peerpact("config", "show", expect=2)
    assert "smtp.port" in result.stderr and "must be a int" not in result.stderr


@pytest.mark.parametrize(
    ("key", "value"),
    [("grievance.categories", "feedback,\nBcc: someone"), ("smtp.host", "a\rb")],
)
def test_line_breaks_are_refused_when_set(peerpact, peerpact_home, key, value):
    result = peerpact("config", "set", key, value, expect=2)
    assert "line break or control character" in result.stderr


def test_line_breaks_in_a_hand_edited_file_are_a_clear_error(peerpact, peerpact_home):
    config = peerpact_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[grievance]\ncategories = ["a\\nBcc: x"]\n', encoding="utf-8")
    result = peerpact("grievance", "--no-input", "--text", "Hi.", expect=2)
    assert "grievance.categories" in result.stderr and "line break" in result.stderr


def test_a_nested_variable_name_is_refused(peerpact, peerpact_home):
    result = peerpact("config", "set", "variables.a.b", "x", expect=2)
    assert "variable name" in result.stderr
    assert not (peerpact_home / "config" / "config.toml").exists()
