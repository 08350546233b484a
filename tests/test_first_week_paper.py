"""What a new facilitator met in their first week (issue 24, items 16 and
"Done when"): the small words, and the PDF copy's length and paper."""

from __future__ import annotations

import json
import shutil

import pytest

from peerpact.agreement.printing import paper_for
from support.answers import ANSWERS, write_answers
from support.pty import finish, interrupt, spawn_peerpact, two_parties

#: The usual two parties, with three additions each.
SIX = ANSWERS.replace(
    "boundaries = [\"I can't hold",
    'wants = ["Hear how the week went"]\nneeds = ["Ten minutes between sessions"]\n'
    "boundaries = [\"I can't hold",
)
#: PDF points: A4 is 210 x 297 mm, Letter 8.5 x 11 in.
A4, LETTER = (595, 842), (612, 792)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Chromium to print")
@pytest.mark.parametrize(
    ("env", "paper"),
    [
        ({"PEERPACT_LANG": "es", "LANG": "C.UTF-8"}, A4),
        ({"LANG": "en_GB.UTF-8"}, A4),
        ({"LANG": "en_US.UTF-8"}, LETTER),
    ],
)
def test_the_pdf_copy_is_three_pages_at_most_on_the_locales_paper(
    peerpact, tmp_path, monkeypatch, env, paper
):
    pypdf = pytest.importorskip("pypdf")
    for name in ("LC_ALL", "LC_PAPER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    answers = write_answers(tmp_path, SIX)
    record = json.loads(peerpact("new", "--answers", str(answers), "--no-input", "--json").stdout)
    target = tmp_path / "copy.html"
    peerpact("export", record["id"], "--copy", "-o", str(target), "--pdf")
    pages = pypdf.PdfReader(target.with_suffix(".pdf")).pages
    assert SIX.count('["') == 6 and len(pages) <= 3
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages}
    assert sizes == {paper}
    # Every page carries the text's weight: none is left almost empty.
    assert min(len(page.extract_text()) for page in pages) > 400


@pytest.mark.parametrize(
    ("configured", "env", "paper"),
    [
        ("", {"LANG": "en_US.UTF-8"}, "letter"),
        ("", {"LANG": "es_MX.UTF-8"}, "letter"),
        ("", {"LANG": "fr_CA"}, "letter"),
        ("", {"LANG": "en_GB.UTF-8"}, "a4"),
        ("", {"LANG": "es_ES.UTF-8"}, "a4"),
        ("", {"LC_PAPER": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "a4"),
        ("", {"LC_ALL": "en_US.UTF-8", "LC_PAPER": "de_DE"}, "letter"),
        ("", {"LANG": "C.UTF-8"}, "a4"),
        ("", {}, "a4"),
        ("letter", {"LANG": "en_GB.UTF-8"}, "letter"),
    ],
)
def test_the_paper_follows_the_locale_or_print_paper(configured, env, paper):
    assert paper_for(configured, env) == paper


def test_print_paper_is_a4_or_letter(peerpact):
    peerpact("config", "set", "print.paper", "Letter")
    assert peerpact("config", "get", "print.paper").stdout.strip() == "letter"
    refused = peerpact("config", "set", "print.paper", "legal", expect=2)
    assert "a4 or letter" in refused.stderr


@pytest.mark.usefixtures("set_up")
def test_the_reading_prompt_says_q_stops_reading_only():
    child = spawn_peerpact("new")
    two_parties(child)
    child.expect(r"Part 1 of 4\. .*: ")
    assert "Enter to read on, q to stop reading" in child.after
    child.sendline("q")
    child.expect("Stopped reading")
    interrupt(child)
    child.expect("Keep your answers")
    child.sendline("n")
    finish(child)


def test_the_agreement_speaks_to_a_member_not_in_commands(peerpact, record_id):
    for language in ("en", "es"):
        shown = peerpact(
            "template", "show", "peer-support-space" + ("-es" if language == "es" else "")
        )
        assert "peerpact grievance" not in shown.stdout, language
    said = peerpact("show", record_id).stdout
    assert "ask your Peer Supporter for the feedback form" in " ".join(said.split())


def test_a_signature_leads_to_the_parties_copy(peerpact, answers_file, record_id):
    made = peerpact("new", "--answers", str(answers_file), "--no-input").stdout
    said = " ".join(made.split())
    new_id = said.split("Id: ")[1].split()[0]
    assert f"`peerpact export {new_id} --copy` writes peerpact-copy-{new_id}.html here" in said
    assert "print" in said.split("--copy")[1]
    amended = peerpact(
        "amend", record_id, "--party", "Robin", "--want", "Tea", "--sign", "Robin",
        "--sign", "Alex", "--no-input",
    ).stdout  # fmt: skip
    assert f"peerpact export {record_id} --copy" in amended


def test_export_copy_without_o_writes_here_or_to_a_pipe(peerpact, record_id, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # Piped (as here: stdout is not a terminal), the page itself.
    piped = peerpact("export", record_id, "--copy").stdout
    assert piped.startswith("<!DOCTYPE html>") and record_id in piped
    assert not list(tmp_path.glob("*.html"))
    assert peerpact("export", record_id, "--copy", "-o", "-").stdout == piped
    # Asked for a report, the copy is written here under the record's id.
    written = json.loads(peerpact("export", record_id[:6], "--copy", "--json").stdout)
    assert written["path"] == f"peerpact-copy-{record_id}.html"
    page = (tmp_path / written["path"]).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Robin" not in written["path"] and "Alex" not in written["path"]
    peerpact("verify", "--copy", str(tmp_path / written["path"]))
    refused = peerpact("export", record_id, "--copy", "-o", "-", "--pdf", expect=2)
    assert "leave out --pdf" in refused.stderr


def test_a_spanish_grievance_without_a_terminal_is_refused_in_spanish(peerpact, monkeypatch):
    monkeypatch.setenv("PEERPACT_LANG", "es")
    refused = peerpact("grievance", expect=2).stderr
    assert "Ejecútalo en un terminal, o usa --no-input con --text o --text-file." in refused
    assert "Run it" not in refused


def test_the_user_guide_no_longer_says_help_is_untranslated():
    from pathlib import Path

    guide = Path(__file__).resolve().parents[1] / "docs" / "user-guide.md"
    assert "and the help texts" not in guide.read_text(encoding="utf-8")
