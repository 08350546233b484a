"""The QR code on a party's copy (issue 25): it holds the printout's verify
line, a phone (here zbarimg, from Debian's zbar-tools) reads it back from the
page as Chromium draws it, and a copy whose code was swapped fails."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support.answers import ANSWERS, write_answers

CHROMIUM = Path("/usr/bin/chromium")
_LINE = re.compile(r"<code>(peerpact verify [a-z0-9]+ --head [0-9a-f]{16})</code>")
_SVG = re.compile(r'<svg class="qr".*?</svg>', re.S)


def _copy(peerpact, record_id: str, path: Path) -> str:
    peerpact("export", record_id, "--copy", "-o", str(path))
    return path.read_text(encoding="utf-8")


@pytest.mark.skipif(
    not CHROMIUM.exists() or not shutil.which("zbarimg"),
    reason="needs Debian's chromium and zbarimg (zbar-tools)",
)
def test_a_phone_reads_the_verify_line_from_the_copy(peerpact, record_id, tmp_path):
    page = _copy(peerpact, record_id, tmp_path / "copy.html")
    (line,) = _LINE.findall(page)
    assert line == f"peerpact verify {record_id} --head {line[-16:]}"
    shot = tmp_path / "copy.png"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=900,4000", (tmp_path / "copy.html").as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    read = subprocess.run(["zbarimg", "-q", "--raw", str(shot)], capture_output=True, text=True)
    assert read.stdout.strip() == line


def test_a_copy_with_another_records_qr_code_fails(peerpact, record_id, tmp_path):
    other = json.loads(
        peerpact("new", "--answers", str(write_answers(tmp_path, ANSWERS)), "--no-input",
                 "--json").stdout
    )["id"]  # fmt: skip
    mine = _copy(peerpact, record_id, tmp_path / "mine.html")
    theirs = _copy(peerpact, other, tmp_path / "theirs.html")
    (code,) = _SVG.findall(mine)
    (swapped,) = _SVG.findall(theirs)
    assert code != swapped
    path = tmp_path / "forged.html"
    path.write_text(mine.replace(code, swapped), encoding="utf-8")
    result = peerpact("verify", "--copy", str(path), expect=1)
    assert "its QR code is not the genuine copy's" in result.stdout
    assert f"peerpact verify {record_id} --head" in result.stdout
    assert "OK" in peerpact("verify", "--copy", str(tmp_path / "mine.html")).stdout


def test_a_copy_made_before_qr_codes_still_checks(peerpact, record_id, tmp_path):
    page = _copy(peerpact, record_id, tmp_path / "copy.html")
    data = re.search(r'id="peerpact-copy">(.*?)</script>', page).group(1)
    doc = json.loads(data)
    assert doc["peerpact_copy"] == 2
    doc["peerpact_copy"] = 1
    # A version 1 copy: no code, no wrapper, no style for them.
    old = re.sub(r'<div class="check">\n(<p>.*?</p>)\n<div class="code".*?</div>\n</div>',
                 r"\1", page, flags=re.S)  # fmt: skip
    old = re.sub(r"/\* The QR code.*?svg\.qr \{[^}]*\}\n", "", old, flags=re.S)
    old = old.replace(data, json.dumps(doc, sort_keys=True))
    assert "<svg" not in old and ".check" not in old
    path = tmp_path / "old.html"
    path.write_text(old, encoding="utf-8")
    assert "OK" in peerpact("verify", "--copy", str(path)).stdout
    # The code stripped from a version 2 copy is caught.
    path.write_text(old.replace(json.dumps(doc, sort_keys=True), data), encoding="utf-8")
    assert "FAILED" in peerpact("verify", "--copy", str(path), expect=1).stdout
