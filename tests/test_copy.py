"""A party's copy (issue 12): `export --copy` and `verify --copy`."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from peerpact.record.copy import visible_text
from support.answers import ANSWERS, write_answers
from support.records import records_dir


def _amend(peerpact, record_id: str, *args: str) -> None:
    peerpact("amend", record_id, "--party", "Robin", *args, "--sign", "Robin", "--sign", "Alex",
             "--no-input")  # fmt: skip


def _copy(peerpact, record_id: str, path: Path, *args: str) -> str:
    result = peerpact("export", record_id, "--copy", "-o", str(path), *args)
    assert f"Wrote {path}" in result.stdout
    return path.read_text(encoding="utf-8")


class _Outline(HTMLParser):
    """Landmarks and headings, as a screen reader lists them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._open, self._text = tag, ""

    def handle_data(self, data):
        if self._open:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._open:
            self.headings.append((tag, " ".join(self._text.split())))
            self._open = None


def _outline(page: str) -> _Outline:
    outline = _Outline()
    outline.feed(page)
    return outline


def test_a_fresh_copy_is_accessible_and_checks_out(peerpact, record_id, tmp_path):
    page = _copy(peerpact, record_id, tmp_path / "robin.html")
    outline = _outline(page)
    for landmark in ("header", "main", "footer"):
        assert outline.tags.count(landmark) == 1
    headings = outline.headings
    assert ("h3", "Robin (Member, they/them)") in headings
    assert ("h3", "Alex (Peer Supporter)") in headings
    assert [text for tag, text in headings if tag == "h4"][:3] == ["Wants", "Needs", "Boundaries"]
    assert ("h2", "Certificate") in headings
    text = visible_text(page)
    # The state comes first, before the title.
    assert text.splitlines()[0].startswith("This agreement is in force, as agreed on ")
    full_head = json.loads(peerpact("verify", record_id, "--json").stdout)["records"][0]["head"]
    assert full_head in text
    fingerprint = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    assert fingerprint in text
    # The member is pointed at people, never at a command to run.
    assert "peerpact grievance" not in text
    assert "ask Peer Support Space, or your facilitator, how" in text

    result = peerpact("verify", "--copy", str(tmp_path / "robin.html"))
    assert f"OK {record_id}: this copy is genuine: revision 1" in result.stdout
    assert "It is the agreement as it stands now." in result.stdout


def test_after_an_amend_the_copy_is_genuine_but_changed_since(peerpact, record_id, tmp_path):
    path = tmp_path / "robin.html"
    _copy(peerpact, record_id, path)
    _amend(peerpact, record_id, "--want", "Tea first")
    result = peerpact("verify", "--copy", str(path))
    assert "this copy is genuine: revision 1" in result.stdout
    assert "changed since: revision 2" in result.stdout
    assert "Robin added want W2: “Tea first”" in result.stdout
    data = json.loads(peerpact("verify", "--copy", str(path), "--json").stdout)
    assert data["ok"] and not data["current"]
    assert [entry["number"] for entry in data["changed_since"]] == [2]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Sessions end on time", "Sessions end late"),  # a party's words
        ("Voluntary", "Compulsory"),  # the agreement's
        ("Confirmed by Robin", "Confirmed by Sam"),  # the certificate
        ('<li class="none">', '<li class="none" hidden>Tea</li><li>'),  # added text
    ],
)
def test_an_edited_copy_fails(peerpact, record_id, tmp_path, old, new):
    path = tmp_path / "robin.html"
    page = _copy(peerpact, record_id, path)
    assert old in page
    path.write_text(page.replace(old, new, 1), encoding="utf-8")
    result = peerpact("verify", "--copy", str(path), expect=1)
    assert "it was edited" in result.stdout


def test_a_copy_whose_data_was_changed_fails(peerpact, record_id, tmp_path):
    path = tmp_path / "robin.html"
    page = _copy(peerpact, record_id, path)
    _amend(peerpact, record_id, "--want", "Tea first")
    # Claiming to be the newer revision, with the old text, is caught.
    heads = json.loads(peerpact("verify", record_id, "--json").stdout)["records"][0]
    data = re.search(r'id="peerpact-copy">(.*?)</script>', page).group(1)
    doc = json.loads(data)
    doc.update(revision=2, revisions=2)
    forged = page.replace(data, json.dumps(doc))
    path.write_text(forged, encoding="utf-8")
    result = peerpact("verify", "--copy", str(path), expect=1)
    assert "FAILED" in result.stdout
    assert heads["revisions"] == 2


def test_a_head_that_is_not_in_the_record_fails(peerpact, record_id, tmp_path):
    path = tmp_path / "robin.html"
    page = _copy(peerpact, record_id, path)
    head = re.search(r'"head": "([0-9a-f]{64})"', page).group(1)
    path.write_text(page.replace(head, "0" * 64), encoding="utf-8")
    result = peerpact("verify", "--copy", str(path), expect=1)
    assert "is not in record" in result.stdout


@pytest.mark.parametrize(
    "content",
    [
        "<html><body>hello</body></html>",
        '<script type="application/json" id="peerpact-copy">{"peerpact_copy": 1}</script>',
        '<script type="application/json" id="peerpact-copy">[[[[[[</script>',
        '<script id="peerpact-copy">{}</script><script id="peerpact-copy">{}</script>',
    ],
)
def test_what_is_not_a_copy_is_refused_clearly(peerpact, tmp_path, content):
    path = tmp_path / "other.html"
    path.write_text(content, encoding="utf-8")
    result = peerpact("verify", "--copy", str(path), expect=2)
    assert "is not a peerpact copy" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_earlier_version_says_so_at_the_top(peerpact, record_id, tmp_path):
    _amend(peerpact, record_id, "--want", "Tea first")
    page = _copy(peerpact, record_id, tmp_path / "old.html", "--as-of", "1")
    first = visible_text(page).splitlines()[0]
    assert first.startswith("This is an earlier version of the agreement (revision 1).")
    assert "no longer the version in force" in first
    assert "Tea first" not in visible_text(page)
    result = peerpact("verify", "--copy", str(tmp_path / "old.html"))
    assert "changed since: revision 2" in result.stdout


def test_an_ended_agreement_says_so_at_the_top(peerpact, record_id, tmp_path):
    peerpact("end", record_id, "--party", "Robin", "--sign", "Robin", "--no-input")
    page = _copy(peerpact, record_id, tmp_path / "ended.html")
    first = visible_text(page).splitlines()[0]
    assert first.startswith("This agreement was ended by Robin on ")
    assert "Robin ended the agreement." in visible_text(page)


def test_the_copy_names_the_organisations_contact(peerpact, record_id, tmp_path):
    peerpact("config", "set", "organization.name", "Harbour Peers")
    peerpact("config", "set", "organization.leadership_email", "leads@harbour.example")
    text = visible_text(_copy(peerpact, record_id, tmp_path / "robin.html"))
    assert "write to Harbour Peers at leads@harbour.example" in text
    result = peerpact("verify", "--copy", str(tmp_path / "robin.html"))
    assert "It names Harbour Peers (leads@harbour.example) for feedback" in result.stdout


def test_a_record_that_fails_verification_makes_no_copy(
    peerpact, record_id, tmp_path, peerpact_home
):
    path = records_dir(peerpact_home) / f"{record_id}.toml"
    path.write_text(path.read_text().replace("Sessions end on time", "Sessions end late"))
    result = peerpact("export", record_id, "--copy", "-o", str(tmp_path / "x.html"), expect=1)
    assert "does not verify" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_pdf_without_chromium_says_what_to_install(peerpact, record_id, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr("peerpact.agreement.printing.places", lambda *where: [])
    result = peerpact(
        "export", record_id, "--copy", "-o", str(tmp_path / "c.html"), "--pdf", expect=6
    )
    assert "--pdf needs Chromium" in result.stderr
    assert "apt install chromium" in result.stderr
    assert not (tmp_path / "c.html").exists()


def test_pdf_needs_copy(peerpact, record_id, tmp_path):
    result = peerpact("export", record_id, "--pdf", "-o", str(tmp_path / "c.html"), expect=2)
    assert "--pdf prints a party's copy" in result.stderr


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")
def test_pdf_with_chromium(peerpact, record_id, tmp_path):
    result = peerpact("export", record_id, "--copy", "-o", str(tmp_path / "c.html"), "--pdf")
    assert "c.pdf" in result.stdout
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


def test_the_spanish_copy_checks_out(peerpact, tmp_path):
    answers = write_answers(tmp_path, ANSWERS.replace('space"', 'space-es"'), "es.toml")
    made = peerpact("new", "--answers", str(answers), "--no-input", "--json")
    record_id = json.loads(made.stdout)["id"]
    page = _copy(peerpact, record_id, tmp_path / "es.html")
    assert '<html lang="es">' in page
    assert visible_text(page).splitlines()[0].startswith("Este acuerdo está vigente")
    peerpact("verify", "--copy", str(tmp_path / "es.html"))


def test_a_copy_of_a_record_held_elsewhere(peerpact, record_id, tmp_path, peerpact_home):
    path = tmp_path / "robin.html"
    _copy(peerpact, record_id, path)
    (records_dir(peerpact_home) / f"{record_id}.toml").rename(tmp_path / "moved.toml")
    result = peerpact("verify", "--copy", str(path), expect=3)
    assert f"This copy is of record {record_id}, which this computer does not hold." in (
        result.stderr
    )


def test_an_edit_from_another_babel_says_so(peerpact, record_id, tmp_path):
    """Dates are written from Babel's CLDR data: when the copy's Babel is not
    this computer's, a difference may be a date's wording, and verify says so."""
    path = tmp_path / "robin.html"
    page = _copy(peerpact, record_id, path)
    month = re.search(r"as agreed on ([A-Z][a-z]+) ", page).group(1)
    changed = page.replace(f"as agreed on {month} ", f"as agreed on {month[:3]}. ", 1)
    path.write_text(changed.replace('"dates": "', '"dates": "0.9-', 1), encoding="utf-8")
    result = peerpact("verify", "--copy", str(path), expect=1)
    assert "it was edited" in result.stdout
    assert "The copy's dates were written with Babel 0.9-" in result.stderr
    # The same edit with this computer's Babel is an edit, and nothing more.
    path.write_text(changed, encoding="utf-8")
    assert "Babel" not in peerpact("verify", "--copy", str(path), expect=1).stderr
