"""The interface in Spanish (issue 12): a tour of the commands that ask
nothing, their errors and their help, with no English words on the screen."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from support.spanish import english_in_text, spanish_record

#: Names, and the templates' own titles (a template speaks its language).
NAMES = (
    "Robin",
    "Alex",
    "Espacio de Apoyo Mutuo",
    "Peer Support Space Mutual Agreement",
    "Peer Support Space",
    "peerpact",
)


@pytest.fixture
def tour(peerpact, tmp_path, monkeypatch, plain_messages):
    """A Spanish agreement made, then every command run with PEERPACT_LANG=es;
    returns a function giving a command's stdout and stderr together."""
    record_id = spanish_record(peerpact, tmp_path)
    peerpact("template", "init", "mia", "--from", "peer-support-space-es")
    peerpact("grievance", "--no-input", "--text", "Las sesiones empiezan tarde.")
    monkeypatch.setenv("PEERPACT_LANG", "es")

    def said(*args: str, expect: int = 0) -> str:
        result = peerpact(*args, expect=expect)
        return result.stdout + result.stderr

    return record_id, said


def test_the_everyday_commands_speak_spanish(tour, tmp_path):
    record_id, said = tour
    screens = {
        "list": said("list"),
        "show": said("show", record_id, "--format", "text"),
        "history": said("show", record_id, "--history"),
        "verify": said("verify", record_id),
        "verify --all": said("verify", "--all"),
        "export": said("export", record_id, "-f", "html", "-o", str(tmp_path / "a.html")),
        "key list": said("key", "list"),
        "key show": said("key", "show"),
        "config list": said("config", "list"),
        "template list": said("template", "list"),
        "outbox list": said("outbox", "list"),
        "setup": said("setup", "--no-input"),
    }
    names = (*NAMES, record_id)
    found = {name: english_in_text(text, names) for name, text in screens.items()}
    assert found == {name: [] for name in screens}, screens
    assert "Se escribió" in screens["export"]


def test_errors_speak_spanish(tour):
    record_id, said = tour
    screens = [
        said("show", "zzzzzzzz", expect=3),
        said("list", "--status", "perdido", expect=2),
        said("config", "get", "supporter_name", expect=3),
        said("list", "--limit", "muchos", expect=2),
        said("lisst", expect=2),
        said("show", record_id, "--bogus", expect=2),
        said("forget", record_id, expect=2),
        said("backup", "/nowhere/peerpact.age", expect=2),
        said("config", "set", "smtp.port", "muchos", expect=2),
    ]
    typed = ("active, ended, unreadable",)  # the values --status takes
    for text in screens:
        assert english_in_text(text, (*NAMES, *typed, record_id)) == [], text
    assert "No existe la orden 'lisst'. ¿Querías decir 'list'?" in screens[4]
    assert "Uso: peerpact show" in screens[5]


def _run(*args: str, language: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    """peerpact in a process of its own: help texts are read once, at
    start-up, in the language of that run (and --plain chosen then too)."""
    env = {**os.environ, "PEERPACT_LANG": language, "COLUMNS": "200"}
    command = [sys.executable, "-m", "peerpact", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == expect, done.stderr
    return done


def _help(*args: str, language: str) -> str:
    return _run(*args, "--help", language=language).stdout


def test_plain_usage_errors_speak_spanish():
    said = _run("--plain", "show", "--bogus", language="es", expect=2).stderr
    assert said.splitlines() == [
        "Uso: peerpact show [OPTIONS] ID",
        "Prueba 'peerpact show -h' para ver la ayuda.",
        "",
        "Error: No existe la opción: --bogus",
    ]
    english = _run("--plain", "show", "--bogus", language="en", expect=2).stderr
    assert "Try 'peerpact show -h' for help." in english


@pytest.mark.parametrize("command", [(), ("verify",), ("key",), ("key", "list"), ("outbox",)])
def test_help_speaks_spanish(command):
    spanish = _help(*command, language="es")
    # The interview's commands are wrapped on branch issue-12a.
    lines = [
        # A command's name and path are typed as they are.
        re.sub(r"^│ \S+ ", "│ ", line)
        for line in spanish.splitlines()
        if not any(word in line for word in ("new ", "amend ", "end ", "drafts"))
    ]
    assert english_in_text("\n".join(lines), NAMES) == [], "\n".join(lines)
    assert "Uso:" in spanish and "Opciones" in spanish
    # The check can fail: the same help in English is full of English words.
    assert english_in_text(_help(*command, language="en"), NAMES)


def test_typer_speaks_english_again_after_spanish(peerpact, monkeypatch):
    # Typer's words are patched for Spanish in this process; English after it
    # must be exactly Typer's own again.
    monkeypatch.setenv("PEERPACT_LANG", "es")
    spanish = peerpact("list", "--limit", "x", expect=2).stderr
    assert "Valor no válido para '--limit' / '-n': 'x' no es un valor válido" in spanish
    monkeypatch.setenv("PEERPACT_LANG", "en")
    english = peerpact("list", "--limit", "x", expect=2).stderr
    assert "Usage: peerpact list [OPTIONS]" in english
    assert "Invalid value for '--limit' / '-n': 'x' is not a valid int range." in english
    assert "─ Error ─" in english and "Try 'peerpact list -h' for help." in english
