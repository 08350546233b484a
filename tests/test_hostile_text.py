"""Hostile text in names and additions: inert on screen, stored exactly as
typed (after NFC), escaped in HTML."""

from __future__ import annotations

import json
import unicodedata

import pytest

from support.answers import write_answers

ESCAPES = "\x1b[2J\x1b]0;owned\x07\x1b[31m"
RTL = "\u202egnp.exe"
ZERO_WIDTH = "Al\u200bex\u2060"
BIG = "boundary " * 12_000  # ~100 KB


def make(peerpact, tmp_path, member: str, supporter: str, boundary: str) -> str:
    answers = write_answers(
        tmp_path,
        f"""\
        [variables]
        organization = "Peer Support Space"
        [[parties]]
        role = "member"
        name = {json.dumps(member)}
        boundaries = [{json.dumps(boundary)}]
        signature = {json.dumps(member)}
        [[parties]]
        role = "supporter"
        name = {json.dumps(supporter)}
        signature = {json.dumps(supporter)}
        """,
    )
    result = peerpact("new", "--answers", str(answers), "--no-input", "--json")
    return str(json.loads(result.stdout)["id"])


@pytest.mark.parametrize(
    ("member", "boundary"),
    [
        (f"Robin{ESCAPES}", f"No advice{ESCAPES}"),
        (f"Robin{RTL}", f"No {RTL} advice"),
        ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"),
    ],
)
def test_hostile_text_is_inert_on_screen_and_exact_in_storage(peerpact, tmp_path, member, boundary):
    record_id = make(peerpact, tmp_path, member, ZERO_WIDTH, boundary)
    for args in (("show", record_id), ("list",), ("show", record_id, "--format", "text")):
        shown = peerpact(*args).stdout
        if args[-1] != "text":
            assert "\x1b" not in shown and "\u202e" not in shown and "\u200b" not in shown
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert data["parties"][0]["name"] == member
    assert data["parties"][1]["name"] == ZERO_WIDTH
    assert data["parties"][0]["boundaries"][0]["text"] == boundary
    html = peerpact("show", record_id, "--format", "html").stdout
    assert "<script>alert" not in html and "<img src=x" not in html
    peerpact("verify", record_id)


def test_escape_sequences_are_made_visible_not_dropped(peerpact, tmp_path):
    record_id = make(peerpact, tmp_path, f"Robin{ESCAPES}", "Alex", "ok")
    shown = peerpact("show", record_id).stdout
    assert "Robin\\u001b[2J" in shown


def test_html_shows_markup_in_names_as_text(peerpact, tmp_path):
    record_id = make(peerpact, tmp_path, "<script>x</script>", "Alex", "a & b")
    html = peerpact("show", record_id, "--format", "html").stdout
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "a &amp; b" in html


def test_text_is_stored_nfc(peerpact, tmp_path):
    decomposed = "Rene\u0301"
    record_id = make(peerpact, tmp_path, decomposed, "Alex", "Cafe\u0301 at noon")
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert data["parties"][0]["name"] == unicodedata.normalize("NFC", decomposed) == "René"
    assert data["parties"][0]["boundaries"][0]["text"] == "Café at noon"


def test_a_100kb_addition_is_kept_whole(peerpact, tmp_path):
    record_id = make(peerpact, tmp_path, "Robin", "Alex", BIG)
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert data["parties"][0]["boundaries"][0]["text"] == BIG.strip()
    peerpact("verify", record_id)


def test_a_100kb_name_is_kept_whole(peerpact, tmp_path):
    name = "R" * 100_000
    record_id = make(peerpact, tmp_path, name, "Alex", "ok")
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert data["parties"][0]["name"] == name
    peerpact("verify", record_id)


def test_a_name_beyond_the_limit_is_a_clear_error(peerpact, tmp_path, peerpact_home):
    answers = write_answers(
        tmp_path,
        f'[[parties]]\nrole = "member"\nname = "{"R" * 200_001}"\nsignature = "R"\n',
    )
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=2)
    assert "parties[0].name: is 200001 characters; the most is 200000." in result.stderr
    assert not (peerpact_home / "data" / "records").exists()
