"""Spanish that is Spanish (issue 24, item 10): the grievance's categories,
placeholders and sealed labels, the guides' titles and `new --help`'s
default, through the CLI."""

from __future__ import annotations

import json
import os
import shutil
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pyrage
import pytest

from support.grievances import message_files, parsed
from support.identities import identity_text
from support.inbox import maildir
from support.orgs import joined_org


@pytest.fixture
def spanish(monkeypatch):
    monkeypatch.setenv("PEERPACT_LANG", "es")


def _words(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_new_help_says_the_default_follows_the_language(peerpact, spanish):
    shown = _words(peerpact("new", "--help").stdout)
    assert "peer-support-space-es en español" in shown
    assert "(por defecto: peer-support-space)" not in shown


def test_the_guides_are_listed_with_spanish_titles(peerpact, spanish):
    listed = peerpact("docs").stdout
    assert "Guía de uso de peerpact (en inglés)" in listed
    assert "Modelo de amenazas" in listed and "Threat model" not in listed
    # The guides written in Spanish are listed, and read, by their own topic.
    assert "guia" in listed and "peerpact: la copia de cada parte" in listed
    assert peerpact("docs", "guia").stdout.startswith("# peerpact: la copia de cada parte")
    english = json.loads(peerpact("docs", "--json").stdout)
    assert all("(en inglés)" in page["title"] or page["topic"] in ("guia", "liderazgo")
               for page in english)  # fmt: skip


def _titles(peerpact) -> dict[str, str]:
    return {page["topic"]: page["title"] for page in json.loads(peerpact("docs", "--json").stdout)}


def test_every_english_guide_has_its_title_translated(peerpact, monkeypatch):
    english = _titles(peerpact)
    monkeypatch.setenv("PEERPACT_LANG", "es")
    spanish = _titles(peerpact)
    for topic, title in english.items():
        if topic not in ("guia", "liderazgo"):
            assert spanish[topic].endswith(" (en inglés)"), topic
            assert spanish[topic] != f"{title} (en inglés)", topic


def test_a_spanish_grievance_says_its_placeholders_in_spanish(peerpact, spanish, plain_messages):
    peerpact(
        "grievance", "--no-input", "--category", "queja",
        "--text", "Me escribió desde ana.perez@example.org y me llamó al +34 612 345 678.",
    )  # fmt: skip
    (path,) = message_files(Path(os.environ["PEERPACT_HOME"]))
    message = parsed(path)
    body = message.get_content()
    assert "[correo]" in body and "[teléfono]" in body
    assert "[email]" not in body and "[phone]" not in body
    # Chosen by its Spanish word, kept by its stable name.
    assert message["X-Peerpact-Category"] == "grievance"
    assert "Categoría: queja" in body


def test_the_sealed_words_follow_the_organisation_language(peerpact, tmp_path, peerpact_home):
    org = joined_org(peerpact, tmp_path)
    peerpact("config", "set", "organization.language", "es")
    # An English facilitator's grievance, for a Spanish-speaking leadership.
    peerpact("grievance", "--no-input", "--category", "feedback", "--text", "Hace frío.")
    (path,) = message_files(peerpact_home)
    message = message_from_bytes(path.read_bytes(), policy=default)
    assert message["Subject"] == "[peerpact] mensaje sellado"
    assert message["From"] == "Anónimo <anonymous@peerpact.invalid>"
    inner = pyrage.decrypt(message.get_content().encode(), [org.identities[0]]).decode()
    assert "Categoría: comentario" in inner
    assert "Datos de contacto: ninguno. Quien escribe eligió el anonimato." in inner
    assert "Category" not in inner and "Contact details" not in inner
    # Leadership's inbox takes it, by the category's stable name.
    mail = maildir(tmp_path / "Mail")
    shutil.copy(path, mail / "new" / "1.M1.host")
    identity = tmp_path / "leader.txt"
    identity.write_text(identity_text(org.identities[0]))
    peerpact("inbox", "sync", "--maildir", str(mail), "-i", str(identity))
    (case,) = json.loads(peerpact("inbox", "list", "--json", "-i", str(identity)).stdout)
    assert (case["category"], case["contact"]) == ("feedback", False)


def test_a_language_peerpact_does_not_speak_is_refused(peerpact):
    result = peerpact("config", "set", "organization.language", "klingon", expect=2)
    assert "`organization.language` is one of en, es" in result.stderr
