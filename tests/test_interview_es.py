"""The interview in the member's language (issue 12): `peerpact new` and
`amend` in Spanish in a real pseudo-terminal, read as a person reads them,
and the question a Spanish template asks an English terminal."""

from __future__ import annotations

import io
import json

import pexpect
import pytest

from support.answers import write_answers
from support.pty import END, answer, finish, interrupt, spawn_peerpact, stop_keeping_the_draft
from support.spanish import ANSWERS_ES, english_in_text, spanish_record

pytestmark = pytest.mark.usefixtures("set_up")

SPANISH = {"PEERPACT_LANG": "es"}
#: The template's example organisation: a name, in no one's language.
NAMES = ("Robin", "Alex", "Peer Support Space")
BOLD = r"(?:\x1b\[[0-9;]*m)*"


def watched(*args: str, env: dict[str, str]) -> tuple[pexpect.spawn, io.StringIO]:
    """peerpact in a pty, and everything its screen showed."""
    child = spawn_peerpact(*args, env=env)
    screen = io.StringIO()
    child.logfile_read = screen
    return child, screen


def spanish_parties(child, pronouns: str = "") -> None:
    """Robin the member (with ``pronouns``) and Alex the supporter, asked in Spanish."""
    answer(child, r"Miembro.*: el nombre con el que quieres que te llamen aquí", "Robin")
    answer(child, r"Pronombres de Robin \(opcional, Intro para saltar\)", pronouns)
    answer(child, r"Acompañante de pares.*: el nombre", "Alex")
    answer(child, r"Pronombres de Alex", "")


def test_the_checker_finds_english_on_a_screen():
    said = "Member: the name you want to be called here (a pseudonym is fine)"
    assert {"the", "name", "pseudonym", "called", "here"} <= set(english_in_text(said, NAMES))
    assert english_in_text("Miembro: el nombre, `peerpact show x`, /tmp/the/file") == []


def test_the_whole_interview_in_spanish(peerpact):
    child, screen = watched("new", "--template", "peer-support-space-es", env=SPANISH)
    child.expect("Quiénes acuerdan")
    spanish_parties(child, pronouns="elle")
    answer(child, r"¿Añadir otra parte .*\[s/N\]", "")
    child.expect("Acuerdo mutuo de Peer Support Space")
    for part in range(1, 4):
        answer(child, rf"Sección {part} de 4\. Intro para seguir leyendo", "")
    child.expect("Robin: deseos, necesidades y límites")
    answer(child, "W1: ", "Un té al empezar")
    answer(child, "W2: ", "")
    answer(child, "N1: ", "")
    answer(child, "B1: ", "Sin consejo")
    answer(child, "B2: ", "")
    child.expect("Robin, esto es lo que añadiste:")
    answer(child, r"¿Está bien así\? \[S/n, o un cambio\]", "n")
    child.expect("quitar W1, mover W1 a 2")
    # A label edits the item where it is; a list's Spanish name adds to it.
    answer(child, r"¿Está bien así\?", "B1")
    child.expect(r"Edita B1 \(las flechas")
    child.send(END + "s")
    child.sendline("")
    child.expect("B1. Sin consejos")
    answer(child, r"¿Está bien así\?", "añadir necesidades")
    answer(child, "N1: ", "Que las sesiones terminen a su hora")
    answer(child, "N2: ", "")
    answer(child, r"¿Está bien así\?", "sí")
    child.expect("Alex: deseos, necesidades y límites")
    answer(child, "W1: ", "")
    answer(child, "N1: ", "")
    answer(child, "B1: ", "No puedo acompañar el consumo activo de sustancias")
    answer(child, "B2: ", "")
    answer(child, r"¿Está bien así\?", "s")
    child.expect("El acuerdo completo")
    answer(child, r"¿Pasamos al consentimiento\? \[S/n\]", "")
    child.expect("Consentimiento")
    answer(child, r"Robin.*, escribe tu nombre para dar tu acuerdo", "Robin")
    answer(child, r"Alex.*, escribe tu nombre para dar tu acuerdo", "Alx")
    child.expect("Eso no es exactamente «Alex»")
    answer(child, r"Alex.*, escribe tu nombre para dar tu acuerdo", "Alex")
    child.expect(rf"Acuerdo registrado\.{BOLD} Id: {BOLD}(\w+)")
    record_id = child.match.group(1)
    child.expect("Firmado con la clave")
    assert finish(child) == 0

    assert english_in_text(screen.getvalue(), NAMES) == []
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    robin, alex = data["parties"]
    assert robin["wants"] == [{"label": "W1", "text": "Un té al empezar"}]
    assert robin["needs"] == [{"label": "N1", "text": "Que las sesiones terminen a su hora"}]
    assert robin["boundaries"] == [{"label": "B1", "text": "Sin consejos"}]
    assert alex["boundaries"][0]["text"] == "No puedo acompañar el consumo activo de sustancias"
    peerpact("verify", record_id)


@pytest.mark.parametrize(
    ("reply", "then", "pronouns"),
    [
        ("2", r"Miembro.*: el nombre con el que", "Pronombres de Robin"),
        ("1", r"Member.*: the name you want", "Robin's pronouns"),
    ],
)
def test_a_spanish_template_asks_an_english_terminal(reply, then, pronouns):
    child = spawn_peerpact("new", "--template", "peer-support-space-es")
    # Asked in both languages: nobody knows yet which this person reads; the
    # choice is between the languages the agreement is written in.
    child.expect(r"This agreement is written in more than one language\. Which one\?")
    answer(child, r"¿En cuál seguimos\? \(1-2\)", reply)
    answer(child, then, "Robin")
    child.expect(pronouns)
    draft_id = stop_keeping_the_draft(child)
    # Resumed in the same English terminal: the language chosen, without asking.
    child = spawn_peerpact("new", "--resume", draft_id)
    going_on = rf"Seguimos donde lo dejaste{BOLD} \(borrador" if reply == "2" else "Going on"
    child.expect(going_on)
    assert "Which one" not in child.before
    child.expect(pronouns)
    interrupt(child)
    answer(child, r"borrador|draft", "n")
    assert finish(child) != 0


def test_an_english_only_template_asks_a_spanish_terminal(peerpact):
    peerpact("template", "init", "riverside")  # in English, and in no other language
    child = spawn_peerpact("new", "--template", "riverside", env=SPANISH)
    child.expect(r"Este acuerdo está escrito en inglés\. ¿Seguimos en inglés\? \[s/n\]")
    answer(child, r"This agreement is written in English\. Go on in English\? \[y/n\]", "x")
    # Not understood: said in both languages too.
    child.expect(r"Responde s o n \(sí o no\)\. Please answer y or n \(yes or no\)\.")
    answer(child, r"Go on in English\? \[y/n\]", "y")
    answer(child, r"Member.*: the name you want", "Robin")
    child.expect("Robin's pronouns")
    interrupt(child)
    answer(child, r"Keep your answers as a draft", "n")
    assert finish(child) != 0


def test_no_question_without_a_terminal(peerpact, tmp_path):
    path = write_answers(tmp_path, ANSWERS_ES, "es.toml")
    made = peerpact("new", "--answers", str(path), "--no-input")
    assert "Go on in" not in made.stdout + made.stderr
    assert "Agreement recorded." in made.stdout


def test_an_amend_in_spanish(peerpact, tmp_path):
    record_id = spanish_record(peerpact, tmp_path)
    child, screen = watched("amend", record_id, env=SPANISH)
    child.expect(f"El acuerdo {record_id} tal como está")
    child.expect("Lo que añade cada parte")
    answer(child, r"¿De quién cambian los deseos, necesidades o límites\? \(1-2\)", "1")
    child.expect("Robin: añadir deseos, necesidades y límites")
    answer(child, "W3: ", "Un paseo al final")
    answer(child, "W4: ", "")
    answer(child, "N2: ", "")
    answer(child, "B2: ", "")
    answer(child, r"¿Retirar algo de lo que añadió Robin\? Su etiqueta, p\. ej\. W1", "W9")
    child.expect("Robin no tiene W9")
    answer(child, r"¿Retirar algo de lo que añadió Robin\?", "W1")
    answer(child, r"¿Reformular algo de lo que añadió Robin\? Su etiqueta", "W1")
    child.expect("W1 se retira en este cambio")
    answer(child, r"¿Reformular algo de lo que añadió Robin\?", "")
    child.expect("Lo que cambia para Robin:")
    answer(child, r"¿Está bien así\? \[S/n\]", "n")
    answer(child, r"¿Qué quieres cambiar\? \[añadir/retirar/reformular/parte/cancelar\]", "x")
    child.expect("Escribe una de estas: añadir, retirar")
    answer(child, r"¿Qué quieres cambiar\?", "atrás")
    answer(child, r"¿Está bien así\? \[S/n\]", "s")
    child.expect("Confirmar")
    answer(child, r"Robin.*, escribe tu nombre para aceptar este cambio", "Robin")
    answer(child, r"Alex.*, escribe tu nombre para aceptar este cambio", "Alex")
    child.expect(
        rf"Modificado\.{BOLD} El acuerdo {BOLD}{record_id}{BOLD} está ahora en la revisión 3"
    )
    assert finish(child) == 0

    assert english_in_text(screen.getvalue(), NAMES) == []
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert [w["text"] for w in data["parties"][0]["wants"]] == [
        "Un té al empezar",
        "Un paseo al final",
    ]


def test_a_role_is_chosen_by_its_spanish_name():
    child = spawn_peerpact("new", "--template", "peer-support-space-es", env=SPANISH)
    spanish_parties(child)
    answer(child, r"¿Añadir otra parte .*\[s/N\]", "s")
    answer(child, r"Su papel \[miembro/acompañante\] \(acompañante\)", "supervisor")
    child.expect("Escribe una de estas: miembro, acompañante")
    answer(child, r"Su papel", "Miembro")
    answer(child, r"Miembro.*: el nombre", "Sam")
    answer(child, r"Pronombres de Sam", "")
    answer(child, r"¿Añadir otra parte", "n")
    answer(child, r"¿Quitar una parte añadida aquí\? \[s/N\]", "")
    child.expect("Sección 1 de 4")
    interrupt(child)
    answer(child, r"¿Guardar tus respuestas", "n")
    child.expect("Interrumpido. No se escribió nada; el borrador se ha borrado.")
    assert finish(child) != 0
