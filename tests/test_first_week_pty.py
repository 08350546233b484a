"""What a new facilitator met in their first week (issue 24), at a keyboard:
each step driven as a person would, and read from what they saw."""

from __future__ import annotations

import errno
import json
import tempfile

import pytest

from peerpact.errors import ExitStatus
from support.pty import (
    BACKSPACE,
    LEFT,
    answer,
    finish,
    interrupt,
    on_to_consent,
    screen,
    signed_leaving_the_rest_empty,
    spawn_peerpact,
    stop_keeping_the_draft,
    supporter,
    two_parties,
)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_home_peerpact_cannot_write_is_said_before_the_first_question(
    peerpact, set_up, monkeypatch, code
):
    # Root may write anywhere a mode forbids, so the disk's refusal is simulated
    # where every write starts: the temp file beside the target.
    def refuse(*args, **kwargs):
        raise OSError(code, "simulated")

    monkeypatch.setattr("peerpact.cli.ui.lineedit.is_terminal", lambda: True)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = peerpact("new", input="Robin\n", expect=ExitStatus.ENVIRONMENT)
    assert "may not write" in result.stderr and "Traceback" not in result.output
    assert "Member" not in result.output  # not one question was asked


def test_setup_shows_what_config_set_answered_and_asks_only_the_rest(peerpact):
    peerpact("config", "set", "organization.name", "Riverside Peer Space")
    peerpact("config", "set", "supporter_name", "Sam")
    child = spawn_peerpact("setup")
    answer(child, r"organisation file leadership handed you", "")
    answer(child, r"Change any of these\? \[y/N\]", "")  # Enter keeps them
    shown = screen(child)
    assert "Riverside Peer Space" in shown and "Sam" in shown
    answer(child, "Leadership's e-mail address", "leads@riverside.example")
    assert "organisation's name" not in screen(child).split("Change any")[-1]
    answer(child, "age public key", "")
    child.expect("Ready")
    assert "Your name, offered" not in screen(child)
    assert finish(child) == 0
    listed = json.loads(peerpact("config", "list", "--json").stdout)
    assert listed["organization.name"] == "Riverside Peer Space"
    assert listed["supporter_name"] == "Sam"
    assert listed["organization.leadership_email"] == "leads@riverside.example"


def test_setup_changes_an_answer_given_when_asked_to(peerpact):
    peerpact("config", "set", "organization.name", "Riverside Peer Space")
    child = spawn_peerpact("setup")
    answer(child, r"organisation file leadership handed you", "")
    answer(child, r"Change any of these\?", "y")
    answer(child, r"organisation's name.*Riverside Peer Space", "\x15Hillside")  # Ctrl-U, retype
    for prompt in ("Your name", "e-mail address", "age public key"):
        answer(child, prompt, "")
    child.expect("Ready")
    assert finish(child) == 0
    assert peerpact("config", "get", "organization.name").stdout.strip() == "Hillside"


#: A name in each script the names corpus holds, and what a keyboard with
#: Latin letters only types for it.
NAMES = [
    ("Lucía Fernández", "lucia fernandez"),
    ("Ольга Петрова", "Olga Petrova"),
    ("Νίκος Παπαδόπουλος", "Nikos Papadopoulos"),
    ("Layla ليلى 🌙", "Layla"),
    ("David דוד", "David"),
    ("प्रिया शर्मा", "Priya Sharma"),
    ("王芳", "Wang Fang"),
    ("Zoë 👩🏽‍🦱", "Zoe"),
]


def _signed(name: str, typed: str) -> str:
    return (
        'template = "peer-support-space"\n[variables]\norganization = "Riverside"\n'
        f'[[parties]]\nrole = "member"\nname = "{name}"\nsignature = "{typed}"\n'
        '[[parties]]\nrole = "supporter"\nname = "Alex"\nsignature = "Alex"\n'
    )


@pytest.mark.parametrize(("name", "typed"), NAMES)
def test_a_name_signs_as_a_latin_keyboard_types_it(peerpact, tmp_path, name, typed):
    answers = tmp_path / "answers.toml"
    answers.write_text(_signed(name, typed), encoding="utf-8")
    record_id = json.loads(peerpact("new", "-a", str(answers), "--no-input", "--json").stdout)["id"]
    peerpact("verify", record_id)
    shown = peerpact("show", record_id, "--format", "json").stdout
    assert name in json.loads(shown)["parties"][0]["name"]


@pytest.mark.parametrize(
    ("name", "typed"),
    [("Lucía Fernández", "yes"), ("Lucía Fernández", "Lucia"), ("🌙", "moon"), ("ليلى", "y")],
)
def test_consent_is_still_the_name_typed(peerpact, peerpact_home, tmp_path, name, typed):
    answers = tmp_path / "answers.toml"
    answers.write_text(_signed(name, typed), encoding="utf-8")
    result = peerpact("new", "-a", str(answers), "--no-input", expect=ExitStatus.DECLINED)
    assert "has not consented" in result.stderr and "Traceback" not in result.output
    assert not list(peerpact_home.glob("**/records/*.toml"))


def test_consent_at_the_keyboard_without_accents_or_other_scripts(peerpact, set_up):
    child = spawn_peerpact("new")
    answer(child, r"Member.*pseudonym is fine", "Lucía Fernández")
    answer(child, r"pronouns", "")
    supporter(child, "Layla ليلى 🌙")
    on_to_consent(child)
    answer(child, r"Fern.ndez.*type your name to agree", "yes")
    answer(child, r"type your name to agree", "Lucia Fernandez")
    assert "That is not exactly" in screen(child)  # "yes" is no signature
    answer(child, r"Layla.*type your name to agree", "layla")
    child.expect(r"Agreement recorded\.(?:\x1b\[[0-9;]*m)* Id: (?:\x1b\[[0-9;]*m)*(\w+)")
    record_id = child.match.group(1)
    assert finish(child) == 0
    peerpact("verify", record_id)


def test_the_line_half_typed_at_ctrl_c_is_offered_again_on_resume(peerpact, set_up):
    child = spawn_peerpact("new")
    two_parties(child)
    answer(child, r"Part 1 of 4", "q")
    child.expect("W1: ")
    child.send("Tea with the ca")
    child.expect("Tea with the ca")  # on screen, as a person sees it before Ctrl-C
    draft_id = stop_keeping_the_draft(child)

    child = spawn_peerpact("new", "--resume", draft_id)
    child.expect("W1: ")
    child.expect("Tea with the ca")  # on the line, to edit, as it was left
    child.send("ts" + LEFT * 4 + BACKSPACE * 4 + "\r")  # "the " taken out
    child.expect("W2: ")
    child.sendline("")
    answer(child, "N1: ", "")
    answer(child, "B1: ", "")
    child.expect(r"Is this right\?")
    assert "Tea with cats" in screen(child)
    interrupt(child)
    answer(child, r"Keep your answers as a draft", "n")
    assert finish(child) != 0


def test_a_spanish_terminal_starts_from_the_spanish_agreement(peerpact, set_up):
    child = spawn_peerpact("new", env={"PEERPACT_LANG": "es"})
    answer(child, r"Miembro.*: el nombre con el que", "Robin")
    assert "inglés" not in screen(child)  # nothing to choose: it is in Spanish already
    child.expect("Pronombres de Robin")
    interrupt(child)
    answer(child, r"borrador", "n")
    assert finish(child) != 0


def test_the_languages_offered_are_those_the_agreement_is_written_in(peerpact, set_up):
    child = spawn_peerpact("new", "--template", "peer-support-space", env={"PEERPACT_LANG": "es"})
    answer(child, r"Which one\? \(1-2\)", "2")  # asked in both: Spanish, then the template's
    shown = screen(child)
    assert "1. español" in shown and "2. English" in shown and "¿En cuál seguimos?" in shown
    answer(child, r"Member.*: the name you want", "Robin")  # English, labels and questions
    child.expect("Robin's pronouns")
    interrupt(child)
    answer(child, r"Keep your answers as a draft", "n")
    assert finish(child) != 0


def test_backspace_on_an_emoji_leaves_no_hidden_joiner(peerpact, set_up):
    child = spawn_peerpact("new")
    two_parties(child)
    answer(child, r"Part 1 of 4", "q")
    child.expect("W1: ")
    child.send("Tea 👩🏽‍🦱")
    child.expect("🦱")
    child.send(BACKSPACE + "\r")  # one key takes the whole emoji, joiner and all
    record_id = signed_leaving_the_rest_empty(child, "Robin", "Alex")
    record = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert record["parties"][0]["wants"] == [{"label": "W1", "text": "Tea"}]
    assert "\\u200d" not in peerpact("show", record_id).stdout


def test_a_whole_emoji_is_shown_whole(peerpact, tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text(_signed("Zoë 👩🏽‍🦱", "Zoë 👩🏽‍🦱"), encoding="utf-8")
    record_id = json.loads(peerpact("new", "-a", str(answers), "--no-input", "--json").stdout)["id"]
    shown = peerpact("show", record_id).stdout
    assert "Zoë 👩🏽‍🦱" in shown and "\\u200d" not in shown
