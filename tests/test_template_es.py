"""The built-in agreement in Spanish: the same structure, Spanish words for
wants, needs and boundaries, and lang="es" in the HTML."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

BUILTIN = Path(__file__).parents[1] / "agreement_templates"


def load(name: str) -> dict:
    return tomllib.loads((BUILTIN / f"{name}.toml").read_text("utf-8"))


def shape(clauses: list[dict]) -> list:
    """A clause tree without its words: nesting, footnotes, conditions' variables."""
    return [(c.get("footnote"), when(c), shape(c.get("clauses", []))) for c in clauses]


def when(clause: dict) -> str | None:
    condition = clause.get("when")
    return condition.get("variable") if isinstance(condition, dict) else condition


def test_spanish_mirrors_the_english_structure():
    en, es = load("peer-support-space"), load("peer-support-space-es")
    assert es["language"] == "es" and es["version"] == en["version"]
    assert [shape(s["clauses"]) for s in es["sections"]] == [
        shape(s["clauses"]) for s in en["sections"]
    ]
    assert set(es["variables"]) == set(en["variables"])
    assert {k: v.get("default") for k, v in es["variables"].items()} == {
        k: v.get("default") for k, v in en["variables"].items()
    }
    assert [n["id"] for n in es["footnotes"]] == [n["id"] for n in en["footnotes"]]
    assert set(es["roles"]) == set(en["roles"])
    labels = {kind: entry["label"] for kind, entry in es["additions"].items()}
    assert labels == {"wants": "Deseos", "needs": "Necesidades", "boundaries": "Límites"}


def test_new_with_the_spanish_template(peerpact, answers_file, tmp_path):
    result = peerpact(
        "new",
        "--template",
        "peer-support-space-es",
        "--answers",
        str(answers_file),
        "--no-input",
        "--json",
    )
    record_id = json.loads(result.stdout)["id"]
    text = peerpact("show", record_id, "--format", "text").stdout
    assert text.startswith("Acuerdo mutuo de Peer Support Space")
    for words in (
        "Lo que es el apoyo entre pares:",
        "- Confidencial*",
        "Lo que el apoyo entre pares no es:",
        "- Apoyo 24/7: solo estamos disponibles durante las sesiones planificadas.",
        "Robin (Miembro, they/them)",
        "Alex (Acompañante de pares)",
        "  Deseos:",
        "  Necesidades:",
        "  Límites:",
        "B1. No advice unless I ask for it",
        "pide el formulario de comentarios a quien te acompaña",
    ):
        assert words in text, words
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert data["template"]["id"] == "peer-support-space-es"
    assert data["template"]["language"] == "es"
    out = tmp_path / "acuerdo.html"
    peerpact("export", record_id, "--format", "html", "-o", str(out))
    html = out.read_text("utf-8")
    assert '<html lang="es">' in html
    assert "Lo que es el apoyo entre pares:" in html
    peerpact("verify", record_id)


def test_spanish_in_person_clause_accepts_spanish_values(peerpact):
    shown = peerpact(
        "template",
        "show",
        "peer-support-space-es",
        "-f",
        "text",
        "--set",
        "session_format=En persona",
    ).stdout
    assert "Nos reunimos en persona solo en lugares" in shown
