"""Template variables: answers file > config [variables] > template default,
`new` asks for any still missing, and `when` includes clauses only when a
variable holds."""

from __future__ import annotations

import json
from pathlib import Path

import pexpect

from support.answers import PARTIES, write_answers
from support.pty import answer, spawn_peerpact
from support.records import records_dir

TINY = Path(__file__).parent / "data" / "templates" / "tiny.toml"


def new_text(peerpact, answers: Path, *args: str) -> str:
    result = peerpact("new", "--answers", str(answers), "--json", *args)
    return peerpact("show", _last_record_id(result.stdout), "--format", "text").stdout


def _last_record_id(stdout: str) -> str:
    start = stdout.rindex("{")
    return str(json.loads(stdout[start:])["id"])


def test_precedence_answers_over_config_over_default(peerpact, tmp_path):
    plain = write_answers(tmp_path, PARTIES, "plain.toml")
    # The template's default (its example organisation) is never signed unasked.
    peerpact("new", "--answers", str(plain), "--no-input", expect=2)
    peerpact("config", "set", "variables.organization", "Config Org")
    assert "Config Org Mutual Agreement" in new_text(peerpact, plain, "--no-input")
    given = write_answers(
        tmp_path, '[variables]\norganization = "Answers Org"\n' + PARTIES, "given.toml"
    )
    text = new_text(peerpact, given, "--no-input")
    assert "Answers Org Mutual Agreement" in text and "Config Org" not in text


def test_config_values_switch_on_optional_clauses(peerpact, tmp_path):
    peerpact("config", "set", "organization.name", "Peer Support Space")
    plain = write_answers(tmp_path, PARTIES, "plain.toml")
    text = new_text(peerpact, plain, "--no-input")
    assert "Meet in person" not in text and "Planned sessions" not in text
    peerpact("config", "set", "variables.session_format", "both")
    peerpact("config", "set", "variables.session_times", "on weekday evenings")
    peerpact("config", "set", "variables.reply_time", "two working days")
    text = new_text(peerpact, plain, "--no-input")
    assert "- Meet in person only in places where both of us feel safe" in text
    assert "  - Planned sessions are available on weekday evenings." in text
    assert "  - Other messages are usually answered within two working days." in text
    online = write_answers(
        tmp_path, '[variables]\nsession_format = "online"\n' + PARTIES, "online.toml"
    )
    assert "Meet in person" not in new_text(peerpact, online, "--no-input")


def required_variable_template(tmp_path: Path) -> Path:
    text = TINY.read_text("utf-8").replace(
        "text = 'PAYLOAD'", "text = 'Reach leadership at {{ contact }}.'"
    )
    text = text.replace(
        "[roles.member]",
        '[variables.contact]\ndescription = "Leadership contact"\n\n[roles.member]',
    )
    path = tmp_path / "needs-contact.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_input_names_the_missing_variable_and_writes_nothing(peerpact, tmp_path, peerpact_home):
    template = required_variable_template(tmp_path)
    answers = write_answers(tmp_path, '[variables]\norganization = "Tiny Space"\n' + PARTIES)
    result = peerpact(
        "new", "--template", str(template), "--answers", str(answers), "--no-input", expect=2
    )
    assert "variables.contact" in result.stderr and "Traceback" not in result.output
    assert not list(records_dir(peerpact_home).glob("*.toml"))


def test_new_asks_for_a_variable_still_missing(peerpact, tmp_path, set_up):
    template = required_variable_template(tmp_path)
    answers = write_answers(tmp_path, '[variables]\norganization = "Tiny Space"\n' + PARTIES)
    child = spawn_peerpact("new", "--template", str(template), "--answers", str(answers), "--json")
    answer(child, r"Leadership contact \(contact\)", "lead@example.org")
    child.expect(pexpect.EOF)
    record_id = _last_record_id(child.before.replace("\r\n", "\n"))
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert data["variables"]["contact"] == "lead@example.org"
    assert (
        "Reach leadership at lead@example.org." in peerpact("show", record_id, "-f", "text").stdout
    )


def test_a_configured_value_means_nothing_is_asked(peerpact, tmp_path):
    template = required_variable_template(tmp_path)
    answers = write_answers(tmp_path, '[variables]\norganization = "Tiny Space"\n' + PARTIES)
    peerpact("config", "set", "variables.contact", "office@example.org")
    result = peerpact(
        "new", "--template", str(template), "--answers", str(answers), "--no-input", "--json"
    )
    text = peerpact("show", json.loads(result.stdout)["id"], "-f", "text").stdout
    assert "Reach leadership at office@example.org." in text


def test_an_answer_for_an_undeclared_variable_is_refused(peerpact, tmp_path):
    answers = write_answers(tmp_path, '[variables]\norganisation = "X"\n' + PARTIES)
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=2)
    assert "variables.organisation" in result.stderr
