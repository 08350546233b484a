"""A party's copy as a browser shows it (issue 12): headless Chromium renders
the English and the Spanish copy; the test reads the text a person sees and
checks the screenshot is a real page. CI installs Debian's chromium."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from peerpact.record.copy import visible_text
from support.answers import ANSWERS, write_answers
from support.spanish import english_words, spanish_record

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip


def _seen(tmp_path: Path, page: Path) -> str:
    """The page as Chromium laid it out (its DOM), reduced to what a person sees."""
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout.decode("utf-8")
    return visible_text(dom)


def _screenshot(tmp_path: Path, page: Path) -> tuple[int, int, int]:
    """Width, height and how many distinct bytes the pixels hold (a blank page has one)."""
    png = tmp_path / f"{page.stem}.png"
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=900,1400", page.as_uri())
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


def _export(peerpact, record_id: str, path: Path) -> Path:
    peerpact("export", record_id, "--copy", "-o", str(path))
    return path


def test_the_english_copy_in_a_browser(peerpact, tmp_path):
    made = peerpact("new", "--answers", str(write_answers(tmp_path, ANSWERS)), "--no-input",
                    "--json")  # fmt: skip
    record_id = made.stdout.split('"id": "')[1].split('"')[0]
    page = _export(peerpact, record_id, tmp_path / "copy.html")
    seen = _seen(tmp_path, page)
    lines = seen.splitlines()
    assert lines[0].startswith("This agreement is in force, as agreed on ")
    assert lines[1] == "Peer Support Space Mutual Agreement"
    for heading in ("What each of us adds", "Robin (Member, they/them)", "Wants", "Certificate",
                    "History", "How to check this copy later"):  # fmt: skip
        assert heading in lines
    assert "W1 Start by checking in about my week" in lines
    assert seen == visible_text(page.read_text(encoding="utf-8"))
    width, height, shades = _screenshot(tmp_path, page)
    assert (width, height) == (900, 1400) and shades > 10


def test_the_spanish_copy_in_a_browser(peerpact, tmp_path):
    record_id = spanish_record(peerpact, tmp_path)
    page = _export(peerpact, record_id, tmp_path / "copia.html")
    seen = _seen(tmp_path, page)
    lines = seen.splitlines()
    assert lines[0].startswith("Este acuerdo está vigente, con los cambios del ")
    assert lines[1] == "Acuerdo mutuo de Espacio de Apoyo Mutuo"
    headings = ("Lo que añade cada parte", "Robin (Miembro, elle)", "Deseos", "Límites")
    headings += ("Certificado", "Historial", "Cómo comprobar esta copia más adelante")
    for heading in headings:
        assert heading in lines
    assert "Robin retiró N1 de Necesidades: «Que las sesiones terminen a su hora»" in lines
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout.decode("utf-8")
    assert english_words(dom) == []
    width, height, shades = _screenshot(tmp_path, page)
    assert (width, height) == (900, 1400) and shades > 10


def test_a_copy_saved_by_a_browser_still_checks(peerpact, tmp_path):
    record_id = spanish_record(peerpact, tmp_path)
    page = _export(peerpact, record_id, tmp_path / "copia.html")
    saved = tmp_path / "guardada.html"
    saved.write_bytes(_chromium(tmp_path, "--dump-dom", page.as_uri()).stdout)
    assert saved.read_bytes() != page.read_bytes()
    assert "this copy is genuine" in peerpact("verify", "--copy", str(saved)).stdout
