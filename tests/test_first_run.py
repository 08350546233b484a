"""The first run: from an empty PEERPACT_HOME to a signed record, asked once
for the organisation, the facilitator's name and leadership's contact."""

from __future__ import annotations

import io
import json

from pyrage import x25519

from support.pty import (
    answer,
    consent_and_sign,
    finish,
    interrupt,
    screen,
    spawn_peerpact,
    supporter,
)
from support.spanish import english_in_text

#: Setup's first question, which a person with no organisation file skips with Enter.
NO_FILE = r"organisation file leadership handed you \(Enter if you have none\)"


def test_first_new_sets_up_then_records_under_the_organisations_name(peerpact, peerpact_home):
    assert not peerpact_home.exists()
    recipient = str(x25519.Identity.generate().to_public())
    child = spawn_peerpact("new")
    child.expect("first run")
    answer(child, NO_FILE, "")
    answer(child, "organisation's name", "Riverside Peer Space")
    answer(child, "Your name, offered as the peer supporter", "Sam")
    # A mistyped address is asked again, not saved.
    answer(child, "Leadership's e-mail address", "leads at riverside")
    child.expect("must be an e-mail address")
    answer(child, "Leadership's e-mail address", "leads@riverside.example")
    answer(child, "age public key", recipient)
    child.expect(r"Made your signing key (?:\x1b\[[0-9;]*m)*(\w{16})")
    fingerprint = child.match.group(1)
    child.expect("peerpact key backup")
    child.expect("records +" + str(peerpact_home / "data" / "records"))
    # Then straight into the agreement, offering the facilitator's name,
    # already typed in as the answer to edit or keep.
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "")
    supporter(child, "Sam", reply="", shown=r"\): Sam")
    consent_and_sign(child, "Robin", "Sam")
    child.expect(r"Agreement recorded\.(?:\x1b\[[0-9;]*m)* Id: (?:\x1b\[[0-9;]*m)*(\w+)")
    record_id = child.match.group(1)
    assert finish(child) == 0

    assert json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"] == fingerprint
    assert peerpact("config", "get", "organization.leadership_email").stdout.strip() == (
        "leads@riverside.example"
    )
    text = peerpact("show", record_id, "--format", "text").stdout
    assert text.startswith("Riverside Peer Space Mutual Agreement")
    peerpact("verify", record_id)


def test_setup_runs_again_offering_the_answers_given(peerpact, peerpact_home):
    peerpact("config", "set", "organization.name", "Riverside Peer Space")
    peerpact("setup", "--no-input")
    child = spawn_peerpact("setup")
    answer(child, NO_FILE, "")
    answer(child, r"Change any of these\?", "y")
    answer(child, r"organisation's name.*Riverside Peer Space", "")  # kept as it was
    answer(child, "Your name", "Sam")
    answer(child, "e-mail address", "")
    answer(child, "age public key", "")
    child.expect("Ready")
    assert "Made your signing key" not in child.before  # the key was there already
    assert finish(child) == 0
    listed = json.loads(peerpact("config", "list", "--json").stdout)
    assert listed["organization.name"] == "Riverside Peer Space"
    assert listed["supporter_name"] == "Sam"
    assert listed["organization.leadership_email"] is None


def test_ctrl_c_during_setup_writes_nothing(peerpact_home):
    child = spawn_peerpact("setup")
    answer(child, NO_FILE, "")
    answer(child, "organisation's name", "Riverside Peer Space")
    child.expect("Your name")
    interrupt(child)
    child.expect("Nothing was written")
    finish(child)
    assert not (peerpact_home / "config" / "config.toml").exists()
    assert not list(peerpact_home.rglob("*.key"))


def test_no_input_asks_nothing_and_names_what_is_missing(peerpact, peerpact_home):
    peerpact("config", "set", "supporter_name", "Sam")
    result = peerpact("setup", "--no-input")
    assert "Made your signing key" in result.stdout
    assert "Not set: organization.name" in result.stdout
    assert "Not set: organization.leadership_email" in result.stdout
    assert "Not set: supporter_name" not in result.stdout
    assert "Made your signing key" not in peerpact("setup", "--no-input").stdout


def test_new_without_input_makes_the_key_and_says_so_on_stderr(peerpact, tmp_path):
    from support.answers import PARTIES

    answers = tmp_path / "answers.toml"
    answers.write_text('[variables]\norganization = "Riverside"\n' + PARTIES, encoding="utf-8")
    result = peerpact("new", "--answers", str(answers), "--no-input", "--json")
    assert json.loads(result.stdout)["id"]
    assert "Made your signing key" in result.stderr and "key backup" in result.stderr
    again = peerpact("new", "--answers", str(answers), "--no-input", "--json")
    assert again.stderr == ""


def test_the_first_run_asks_in_spanish(peerpact_home):
    child = spawn_peerpact("setup", env={"PEERPACT_LANG": "es"})
    screen = io.StringIO()
    child.logfile_read = screen
    answer(child, "El archivo de la organización", "")
    answer(child, "El nombre de tu organización", "Espacio Sur")
    answer(child, "Tu nombre, que `peerpact new` propondrá", "Sam")
    answer(child, "El correo electrónico de la dirección", "")
    answer(child, "La clave pública age de la dirección", "")
    child.expect("Listo")
    assert finish(child) == 0
    assert english_in_text(screen.getvalue(), ("Espacio Sur", "Sam")) == []
    # The check can fail: the same questions in English are caught.
    assert english_in_text("Your organisation's name, as the agreement should say it")


def test_setup_offers_the_organisation_file_before_any_recipient_typed_by_hand(
    peerpact, peerpact_home, tmp_path
):
    from support.orgs import make_org

    org = make_org()
    path = org.write(tmp_path / "organisation.toml")
    tampered = tmp_path / "tampered.toml"
    tampered.write_text(path.read_text().replace("Harbour Peers", "Harbour Peer"))
    child = spawn_peerpact("setup")
    # A file that is refused is said, and asked for again; nothing is joined.
    answer(child, NO_FILE, str(tampered))
    child.expect("signature")
    answer(child, NO_FILE, str(path))
    child.expect(r"Joined Harbour Peers; grievances are sealed to its leaders: Sam, Ana\.")
    # The file answered the organisation, its e-mail and its recipients: only the name is asked.
    answer(child, "Your name, offered as the peer supporter", "Sam")
    child.expect("Ready")
    assert "age public key" not in screen(child) and "e-mail address" not in screen(child)
    assert finish(child) == 0
    assert "Harbour Peers" in peerpact("org", "show").stdout
    # Once joined, setup does not ask again.
    child = spawn_peerpact("setup")
    answer(child, r"Change any of these\?", "")
    child.expect("Ready")
    assert "organisation file leadership handed you" not in screen(child)
    assert finish(child) == 0


def test_ctrl_c_after_joining_in_setup_says_the_join_stays(peerpact, peerpact_home, tmp_path):
    from support.orgs import make_org

    path = make_org().write(tmp_path / "organisation.toml")
    child = spawn_peerpact("setup")
    answer(child, NO_FILE, str(path))
    child.expect("Joined Harbour Peers")
    child.expect("Your name, offered as the peer supporter")
    child.send("Sa")
    interrupt(child)
    child.expect("stays joined to Harbour Peers; nothing else was written")
    assert "Nothing was written" not in screen(child)
    assert finish(child) == 130
    # It was joined, and the name half-typed was not written.
    assert "Harbour Peers" in peerpact("org", "show").stdout
    assert not (peerpact_home / "config" / "config.toml").exists()
