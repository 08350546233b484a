"""Records outlive templates: make one's own template, use it, change or delete
it afterwards, and the record still shows and verifies as it was agreed."""

from __future__ import annotations

import json
from pathlib import Path

from peerpact.agreement.library import template_changed

NEW_SECTION = """
[[sections]]
title = "How we close a session"

[[sections.clauses]]
text = "We end with a short check-out, led by {{ checkout_lead }}."
"""

NEW_VARIABLE = """
[variables.checkout_lead]
description = "Who leads the check-out"
default = "the member"
"""


def make_mine(peerpact, home: Path) -> Path:
    """`template init mine`, then change a clause, add a section and a variable."""
    peerpact("template", "init", "mine")
    path = home / "config" / "templates" / "mine.toml"
    text = path.read_text("utf-8")
    text = text.replace('text = "Voluntary"', 'text = "Voluntary, and free of charge"')
    text = text.replace("[variables.organization]", NEW_VARIABLE + "\n[variables.organization]")
    path.write_text(text + NEW_SECTION, encoding="utf-8")
    peerpact("template", "validate", str(path))
    return path


def new_record(peerpact, answers: Path, *extra: str) -> str:
    args = ("new", "--template", "mine", "--answers", str(answers), "--no-input", "--json")
    return str(json.loads(peerpact(*args, *extra).stdout)["id"])


def test_own_template_change_shows_in_record_and_survives_deletion(
    peerpact, peerpact_home, answers_file
):
    path = make_mine(peerpact, peerpact_home)
    record_id = new_record(peerpact, answers_file)
    text = peerpact("show", record_id, "--format", "text").stdout
    assert "- Voluntary, and free of charge" in text
    assert "How we close a session" in text
    assert "We end with a short check-out, led by the member." in text
    peerpact("verify", record_id)
    shown = {fmt: peerpact("show", record_id, "--format", fmt).stdout for fmt in ("text", "json")}
    exported = peerpact_home.parent / "export.html"
    peerpact("export", record_id, "--format", "html", "-o", str(exported))
    html = exported.read_bytes()

    path.write_text(
        path.read_text("utf-8").replace("free of charge", "CHANGED LATER"), encoding="utf-8"
    )
    assert {fmt: peerpact("show", record_id, "--format", fmt).stdout for fmt in shown} == shown
    path.unlink()
    assert {fmt: peerpact("show", record_id, "--format", fmt).stdout for fmt in shown} == shown
    peerpact("export", record_id, "--format", "html", "-o", str(exported))
    assert exported.read_bytes() == html
    assert "OK: 1 record(s) verified" in peerpact("verify", record_id).stdout
    peerpact("template", "show", "mine", expect=3)


def record_template(peerpact, record_id: str) -> dict:
    return json.loads(peerpact("show", record_id, "--format", "json").stdout)["template"]


def test_template_changed_says_same_changed_or_gone(peerpact, peerpact_home, answers_file):
    path = make_mine(peerpact, peerpact_home)
    record_id = new_record(peerpact, answers_file)
    meta = record_template(peerpact, record_id)
    assert meta["name"] == "mine" and meta["id"] == "mine"
    assert template_changed(meta) is None

    text = path.read_text("utf-8")
    path.write_text(text.replace('version = "1.1.0"', 'version = "1.2.0"'), encoding="utf-8")
    note = template_changed(meta)
    assert note is not None
    assert "'mine' has changed" in note and "version 1.1.0 then, 1.2.0 now" in note

    path.write_text(text, encoding="utf-8")
    assert template_changed(meta) is None, "back to the same bytes: unchanged"

    path.unlink()
    note = template_changed(meta)
    assert note is not None and "no longer on this computer" in note


def test_template_changed_never_treats_a_record_name_as_a_path(peerpact_home, tmp_path):
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('id = "x"\n', encoding="utf-8")
    meta = {"name": str(outside.with_suffix("")), "sha256": "0" * 64, "version": "1"}
    note = template_changed(meta)
    assert note is not None and "no longer on this computer" in note
    assert template_changed({"name": 3}) is None
    assert template_changed({}) is None


def test_builtin_record_is_unchanged_while_the_builtin_is(record_id, peerpact):
    assert template_changed(record_template(peerpact, record_id)) is None
