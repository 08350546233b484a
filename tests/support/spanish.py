"""What the Spanish tests share: a Spanish agreement with history, and a
check that what a person sees has no English words."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from support.answers import write_answers

ANSWERS_ES = """\
template = "peer-support-space-es"
[variables]
organization = "Espacio de Apoyo Mutuo"
[[parties]]
role = "member"
name = "Robin"
pronouns = "elle"
wants = ["Empezar hablando de mi semana"]
needs = ["Que las sesiones terminen a su hora"]
boundaries = ["Sin consejos salvo que los pida"]
signature = "Robin"
[[parties]]
role = "supporter"
name = "Alex"
boundaries = ["No puedo acompañar el consumo activo de sustancias"]
signature = "Alex"
"""

#: The words of peerpact's own English that a Spanish page must not show
#: (none of them is also a Spanish word).
ENGLISH = frozenset(
    """the and of by to this that is was on in at with for from what each us adds none
    revision record agreement copy head signed confirmed feedback certificate history key
    keys facilitator check checkable active ended made file wants needs boundaries member
    peer supporter run it as or not later you your who added withdrew reworded became
    note earlier version force replaced amended agreed parties page genuine printout""".split()  # noqa: SIM905
)


def spanish_record(peerpact, tmp_path) -> str:
    """A Spanish agreement amended once (add, reword, withdraw)."""
    answers = write_answers(tmp_path, ANSWERS_ES, "es.toml")
    made = peerpact("new", "--answers", str(answers), "--no-input", "--json")
    record_id = json.loads(made.stdout)["id"]
    peerpact("amend", record_id, "--party", "Robin", "--want", "Un té al empezar",
             "--reword", "B1", "Sin consejos", "--withdraw", "N1",
             "--sign", "Robin", "--sign", "Alex", "--no-input")  # fmt: skip
    return record_id


class _Words(HTMLParser):
    """The text outside <head>, <script>, <style> and <code> (commands, ids and
    hashes are not words of any language)."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "script", "style", "code"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("head", "script", "style", "code"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_words(page: str, names: tuple[str, ...] = ("Robin", "Alex")) -> list[str]:
    """English words on ``page`` outside code, the parties' names and the organisation's."""
    words = _Words()
    words.feed(page)
    text = " ".join(words.parts)
    for name in names:
        text = text.replace(name, " ")
    return sorted({w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in ENGLISH})


#: Words of peerpact's terminal output, its interview and Typer's help and
#: errors that a Spanish screen must not show either (none is a Spanish word).
ENGLISH_INTERFACE = ENGLISH | frozenset(
    """usage options commands arguments show list help try missing invalid value such
    option command yet there are verified failed wrote found trusted fingerprint public
    message messages outbox template templates computer folder name date sent waiting
    receipt everything setting settings print prints exit given pronouns type yes back
    decline stop read whole consent agree draft saved change changes here optional skip
    right want need boundary add party role nothing written recorded going where stopped
    please answer called pseudonym line empty when done press""".split()  # noqa: SIM905
)

_TERMINAL_CODES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|[\x01\x02\r]")


def english_in_text(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """English words in terminal output (a screen read in a pty, or a command's
    output), outside `commands`, paths, --options, option metavars (FILE, ID)
    and ``names`` (parties, ids, the organisation)."""
    # Not words: terminal codes, `code`, 'quoted' values, paths, options,
    # METAVARS, dotted or snake_case keys, hyphenated ids (k7qm-3xhp,
    # peer-support-space), and the command a usage line names (Uso: peerpact key list).
    text = _TERMINAL_CODES.sub("", text)
    text = re.sub(
        r"(?m)`[^`\n]*`|'[^'\n]*'|\S*/\S*|--?[\w-]+|\b[A-Z_]{2,}\b|\S*\w[._-]\w\S*"
        r"|(?<=Uso: )peerpact(?: [a-z-]+)*|^[ \t]+peerpact .*$",
        " ",
        text,
    )
    for name in names:
        text = text.replace(name, " ")
    return sorted({w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in ENGLISH_INTERFACE})
