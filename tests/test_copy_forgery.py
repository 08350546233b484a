"""A forged party's copy that a browser would show differently fails `verify --copy`
(issue 21, item 2): the copy is parsed as browsers parse it (html5lib) and must have
the genuine copy's shape; where Chromium is installed, it shows that each forgery
really changes what a reader sees."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from peerpact.record.copy import visible_text

REAL = "No advice unless I ask for it"
FORGED = "Advice whenever Alex likes"

#: Each forgery keeps the real text in the file (so a text extraction still finds it)
#: and makes a browser show, or print, something else.
FORGERIES = {
    "style attribute + stray head": lambda page: page.replace(
        REAL, f'<span style="display:none">{REAL}</span><head><title>{FORGED}</title></head>', 1
    ),
    "one style block with ::after": lambda page: page.replace(
        "</body>",
        f"<style>li:first-child{{font-size:0}} li:first-child::after{{content:'{FORGED}'}}"
        "</style></body>",
        1,
    ),
    # The copy's Content-Security-Policy blocks scripts, so the forger removes it too.
    "a script that rewrites the text": lambda page: re.sub(
        r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", page
    ).replace(
        "</body>",
        f"<script>document.body.innerHTML=document.body.innerHTML.replace({REAL!r},{FORGED!r})"
        "</script></body>",
        1,
    ),
    "an event handler": lambda page: page.replace(
        "<body", f"<body onload=\"document.title='{FORGED}'\"", 1
    ),
    "a stylesheet link": lambda page: page.replace(
        "</head>", '<link rel="stylesheet" href="https://evil.example/x.css"></head>', 1
    ),
    "a hidden element": lambda page: page.replace(REAL, f"{REAL}<template>{FORGED}</template>", 1),
    "a comment": lambda page: page.replace(REAL, f"{REAL}<!-- {FORGED} -->", 1),
    "a base element": lambda page: page.replace(
        "<head>", '<head><base href="https://evil.example/">', 1
    ),
    "an iframe": lambda page: page.replace(
        "</body>", '<iframe src="data:text/html,forged"></iframe></body>', 1
    ),
}


def _copy(peerpact, record_id: str, path: Path) -> str:
    peerpact("export", record_id, "--copy", "-o", str(path))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_copy_fails_verification(peerpact, record_id, tmp_path, forge):
    page = _copy(peerpact, record_id, tmp_path / "robin.html")
    assert REAL in page
    forged = tmp_path / "forged.html"
    forged.write_text(forge(page), encoding="utf-8")
    assert forged.read_text(encoding="utf-8") != page
    result = peerpact("verify", "--copy", str(forged), expect=1)
    output = result.stdout + result.stderr
    assert "genuine" not in output.replace("not genuine", "")
    assert "Traceback" not in output


def test_a_genuine_copy_still_verifies_after_every_check(peerpact, record_id, tmp_path):
    page = tmp_path / "robin.html"
    _copy(peerpact, record_id, page)
    assert "this copy is genuine" in peerpact("verify", "--copy", str(page)).stdout


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (CI installs Debian's chromium)")
@pytest.mark.parametrize(
    "name", ["style attribute + stray head", "a script that rewrites the text"]
)
def test_chromium_shows_what_the_forgery_shows(peerpact, record_id, tmp_path, name):
    """The attacks are real: a browser shows the forged text and hides the real one,
    while the genuine copy renders as the record's text."""
    page = _copy(peerpact, record_id, tmp_path / "robin.html")
    forged = tmp_path / "forged.html"
    forged.write_text(FORGERIES[name](page), encoding="utf-8")

    def rendered(path: Path) -> str:
        dom = subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
             f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
            capture_output=True, timeout=120, check=True,
        ).stdout.decode("utf-8")  # fmt: skip
        return visible_text(dom)

    genuine = rendered(tmp_path / "robin.html")
    assert REAL in genuine and FORGED not in genuine
    shown = rendered(forged)
    assert FORGED in shown or REAL not in shown
    peerpact("verify", "--copy", str(forged), expect=1)


@pytest.mark.parametrize(
    ("pad", "said"),
    [
        (lambda: "<p " + " ".join(f"a{i}=b" for i in range(500)) + "></p>", "with 500 attributes"),
        (lambda: "<i></i>" * 200_000, "characters longer than the genuine copy"),
    ],
    ids=["one element's many attributes", "pages of markup"],
)
def test_a_copy_padded_to_hold_the_parser_is_refused_before_it(
    peerpact, record_id, tmp_path, pad, said
):
    # html5lib takes quadratic time over one element's attributes: such a copy
    # is refused on its size and attributes, never handed to it.
    page = _copy(peerpact, record_id, tmp_path / "robin.html")
    padded = tmp_path / "padded.html"
    padded.write_text(page.replace("</body>", pad() + "</body>", 1), encoding="utf-8")
    result = peerpact("verify", "--copy", str(padded), expect=1)
    output = result.stdout + result.stderr
    assert "it carries markup peerpact does not write" in output and said in output


def test_a_pdf_copy_is_refused_and_says_why(peerpact, record_id, tmp_path):
    pdf = tmp_path / "robin.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    result = peerpact("verify", "--copy", str(pdf), expect=2)
    assert "is a PDF" in result.stderr and "HTML copy" in result.stderr
