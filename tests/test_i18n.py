"""One language (issue 12): catalogues complete, the interface's language
chosen as documented, Spanish documents wholly Spanish."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerpact.i18n import interface_language
from support.spanish import english_words, spanish_record

REPO = Path(__file__).resolve().parents[1]
SPANISH_PO = REPO / "src" / "peerpact" / "locale" / "es" / "LC_MESSAGES" / "peerpact.po"


def _extracted() -> set[str]:
    """Every string wrapped in _() or ngettext() in the source and layouts,
    found as `pybabel extract -F babel.cfg` finds them."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (REPO / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords={"_": None, "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _spanish():
    from babel.messages.pofile import read_po

    with SPANISH_PO.open("rb") as handle:
        return read_po(handle, locale="es")


def test_every_wrapped_string_has_a_spanish_entry():
    catalog = _spanish()
    wrapped = _extracted()
    assert len(wrapped) > 30  # the extraction found the layouts and the CLI
    missing = []
    for message_id in sorted(wrapped):
        entry = catalog.get(message_id)
        strings = [] if entry is None else entry.string
        strings = [strings] if isinstance(strings, str) else list(strings)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(message_id)
    assert not missing, f"no Spanish for: {missing[:5]} (update locale/es, see docs)"
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id]
    stale = sorted(message_id for message_id in ids if message_id not in wrapped)
    assert not stale, f"es.po has entries no code uses: {stale[:5]}"


def test_spanish_entries_keep_their_placeholders():
    problems = [(m.id, e) for m, errors in _spanish().check() for e in errors]
    assert not problems


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PEERPACT_LANG": "es"}, "es"),
        ({"PEERPACT_LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LC_ALL": "es_AR.UTF-8", "LANG": "en_GB.UTF-8"}, "es"),
        ({"LANGUAGE": "fr:es", "LANG": "fr_FR.UTF-8"}, "es"),
        ({"PEERPACT_LANG": "en", "LANG": "es_ES.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
    ],
)
def test_the_interface_language(monkeypatch, env, expected):
    for name in ("PEERPACT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert interface_language() == expected


def test_a_spanish_agreement_is_spanish_in_every_format(peerpact, tmp_path):
    record_id = spanish_record(peerpact, tmp_path)
    for fmt in ("html", "text", "markdown"):
        text = peerpact("show", record_id, "--format", fmt).stdout
        assert "Lo que añade cada parte" in text
        assert "Confirmado por:" in text and "vigente" in text
        assert "de 20" in text  # a Spanish date: "28 de noviembre de 2026"
    page = peerpact("show", record_id, "--format", "html").stdout
    assert english_words(page, ("Robin", "Alex", "Espacio de Apoyo Mutuo")) == []


@pytest.mark.parametrize("as_of", [None, "1"])
def test_the_spanish_copy_has_no_english_words(peerpact, tmp_path, as_of):
    record_id = spanish_record(peerpact, tmp_path)
    path = tmp_path / "copia.html"
    args = ["--as-of", as_of] if as_of else []
    peerpact("export", record_id, "--copy", "-o", str(path), *args)
    page = path.read_text(encoding="utf-8")
    assert english_words(page) == []
    # The test can fail: the same page in English is full of English words.
    english = page.replace("Lo que añade cada parte", "What each of us adds")
    assert english_words(english) == ["What", "adds", "each", "of", "us"]


def test_an_ended_spanish_copy_has_no_english_words(peerpact, tmp_path):
    record_id = spanish_record(peerpact, tmp_path)
    peerpact("end", record_id, "--party", "Alex", "--sign", "Alex", "--no-input")
    path = tmp_path / "copia.html"
    peerpact("export", record_id, "--copy", "-o", str(path))
    page = path.read_text(encoding="utf-8")
    assert "Alex puso fin a este acuerdo el" in page
    assert english_words(page) == []


def test_the_interface_speaks_spanish(peerpact, record_id, tmp_path, monkeypatch):
    path = tmp_path / "copia.html"
    peerpact("export", record_id, "--copy", "-o", str(path))
    peerpact("amend", record_id, "--party", "Robin", "--need", "Agua", "--sign", "Robin",
             "--sign", "Alex", "--no-input")  # fmt: skip
    monkeypatch.setenv("PEERPACT_LANG", "es")
    said = peerpact("verify", "--copy", str(path)).stdout
    assert "esta copia es auténtica: revisión 1" in said
    assert "ha cambiado desde entonces: revisión 2" in said
    assert "Robin añadió la necesidad N2: «Agua»" in said
    (tmp_path / "otra.html").write_text("<p>hola</p>", encoding="utf-8")
    refused = peerpact("verify", "--copy", str(tmp_path / "otra.html"), expect=2).stderr
    assert "no es una copia de peerpact" in refused
    # The document keeps its own language: an English agreement stays English.
    assert "What each of us adds" in peerpact("show", record_id, "--format", "text").stdout


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "November 28, 2026, 10:13 PM UTC"),
        ("en-GB", "28 November 2026, 22:13 UTC"),
        ("es", "28 de noviembre de 2026, 22:13 UTC"),
        ("xx-unknown", "November 28, 2026, 10:13 PM UTC"),
    ],
)
def test_dates_as_each_language_writes_them(language, expected):
    from peerpact.i18n import format_date

    assert format_date("2026-11-28T22:13:10Z", language) == expected
    assert format_date("not a time", language) == "not a time"


def test_a_failing_record_is_refused_in_spanish(peerpact, record_id, peerpact_home, monkeypatch):
    from support.records import records_dir

    path = records_dir(peerpact_home) / f"{record_id}.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("on time", "late"), encoding="utf-8")
    monkeypatch.setenv("PEERPACT_LANG", "es")
    said = peerpact("show", record_id, expect=1).stderr
    assert f"El registro {record_id} no supera la verificación (revisión 1:" in said
    assert "su contenido cambió después de firmarse" in said
    failed = peerpact("verify", record_id, expect=1)
    assert "revisión 1: firma no válida" in failed.stdout + failed.stderr
