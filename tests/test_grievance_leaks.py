"""Identifiers this computer knows never reach an anonymous grievance, even
from damaged records or the person's own words; odd input fails cleanly."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime

import pytest

from support.grievances import message_files, outbox, parsed
from support.records import records_dir

#: These tests read the text itself, so messages are filed unsealed, as an
#: organisation that allows it has them (sealing: tests/test_grievance_sealed.py).
pytestmark = pytest.mark.usefixtures("plain_messages")


def body_of(peerpact_home) -> str:
    [path] = message_files(peerpact_home)
    return parsed(path).get_content()


def test_names_in_a_damaged_record_are_still_redacted(peerpact, record_id, peerpact_home):
    path = records_dir(peerpact_home) / f"{record_id}.toml"
    broken = path.read_text(encoding="utf-8").replace("format = 2", "format = [", 1)
    path.write_text(broken, encoding="utf-8")
    assert json.loads(peerpact("list", "--json").stdout)[0]["status"] == "unreadable"
    peerpact("grievance", "--no-input", "--text", "Robin and Alex argued.")
    body = body_of(peerpact_home)
    assert "Robin" not in body and "Alex" not in body
    assert "[name] and [name] argued." in body


def test_ids_and_keys_typed_by_the_person_are_redacted(peerpact, record_id, peerpact_home):
    fingerprint = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    text = f"About agreement {record_id}, signed by key {fingerprint}."
    peerpact("grievance", "--no-input", "--text", text)
    body = body_of(peerpact_home)
    assert record_id not in body and fingerprint not in body
    assert "About agreement [redacted], signed by key [redacted]." in body


def test_filing_leaves_no_time_trace_in_the_records_folder(peerpact, record_id, peerpact_home):
    index = peerpact_home / "cache" / "index.sqlite3"
    assert not index.exists()
    peerpact("grievance", "--no-input", "--text", "A note.")
    assert not index.exists()


def folder_state(folder):
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_names_come_from_the_index_and_filing_changes_nothing_in_it(
    peerpact, record_id, peerpact_home, answers_file
):
    peerpact("list")  # the index is made
    cache = peerpact_home / "cache"
    before = folder_state(cache)
    # A record made after the index: its names are read from its file.
    answers = answers_file.read_text("utf-8").replace("Robin", "Sasha")
    answers_file.write_text(answers, "utf-8")
    peerpact("new", "--answers", str(answers_file), "--no-input")
    peerpact("grievance", "--no-input", "--text", "Robin, Sasha and Alex argued.")
    assert "[name], [name] and [name] argued." in body_of(peerpact_home)
    assert folder_state(cache) == before


def tamper(peerpact_home, sql: str) -> None:
    """Change the index as another program would: committed and closed, so the
    change is in the database file itself (a grievance reads the index
    read-only and immutable, which does not see an open writer's WAL)."""
    db = sqlite3.connect(peerpact_home / "cache" / "index.sqlite3")
    try:
        db.executescript(sql)
        db.commit()
    finally:
        db.close()


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "DELETE FROM names",
        "UPDATE names SET term = 7",
        "DROP TABLE names",
        "UPDATE meta SET value = 'many' WHERE key = 'longest'",
        "UPDATE meta SET value = '100000000' WHERE key = 'longest'",
        "DELETE FROM meta WHERE key = 'longest'",
        "UPDATE records SET size = size + 1",
    ],
)
def test_names_are_redacted_whatever_the_index_holds(peerpact, record_id, peerpact_home, damage):
    """Names missing from the index, or a damaged index, send redaction to the files."""
    peerpact("list")
    tamper(peerpact_home, damage)
    peerpact("grievance", "--no-input", "--text", "ROBIN, Robinson and Alex argued.")
    assert "[name], Robinson and [name] argued." in body_of(peerpact_home)


def test_a_hostile_longest_in_the_index_does_not_blow_up_a_long_grievance(
    peerpact, record_id, peerpact_home
):
    # Runs of every length up to "longest" were built for every token: with
    # 100,000,000 from a tampered index, a long text ran out of memory.
    peerpact("list")
    tamper(peerpact_home, "UPDATE meta SET value = '100000000' WHERE key = 'longest'")
    text = "word, and. " * 2000 + "Robin argued."
    peerpact("grievance", "--no-input", "--text", text)
    assert body_of(peerpact_home).rstrip().endswith("word, and. [name] argued.")


@pytest.mark.parametrize("indexed", [False, True])
def test_a_name_of_many_tokens_is_still_redacted(peerpact, peerpact_home, answers_file, indexed):
    # More tokens than a run may span: found by a pattern of its own, not lost.
    name = ".".join(["Ab"] * 300)
    answers = answers_file.read_text("utf-8").replace("Robin", name)
    answers_file.write_text(answers, "utf-8")
    peerpact("new", "--answers", str(answers_file), "--no-input")
    if indexed:
        peerpact("list")
    text = "word, and. " * 500 + f"{name.upper()} argued; ab.ab stays."
    peerpact("grievance", "--no-input", "--text", text)
    body = body_of(peerpact_home)
    assert "[name] argued; ab.ab stays." in body and "AB.AB" not in body


def test_a_record_rewritten_in_place_behind_the_index_is_read_again(
    peerpact, record_id, peerpact_home
):
    peerpact("list")
    path = records_dir(peerpact_home) / f"{record_id}.toml"
    with open(path, "r+", encoding="utf-8") as handle:  # same file, not a rename
        text = handle.read().replace('"Robin"', '"Sasha Moana"')
        handle.seek(0)
        handle.write(text)
        handle.truncate()
    peerpact("grievance", "--no-input", "--text", "Moana argued.")
    assert "[name] argued." in body_of(peerpact_home)


def test_text_that_is_not_utf8_is_refused(peerpact, peerpact_home):
    result = peerpact(
        "grievance", "--no-input", "--text-file", "-", input=b"caf\xe9 \xff\n", expect=2
    )
    assert "not UTF-8" in result.stderr
    assert message_files(peerpact_home) == []


def test_a_foreign_message_in_the_outbox_is_shown_as_an_error(peerpact, peerpact_home):
    peerpact("grievance", "--no-input", "--text", "A note.")
    [path] = message_files(peerpact_home)
    data = path.read_bytes().replace(b"Content-Type: text/plain", b"Content-Type: multipart/mixed")
    path.write_bytes(data)
    receipt = json.loads(peerpact("outbox", "list", "--json").stdout)[0]["id"]
    result = peerpact("outbox", "show", receipt, expect=2)
    assert "cannot be shown as text" in result.stderr


def test_folder_times_stay_at_midnight_after_remove(peerpact, peerpact_home):
    for text in ("One.", "Two."):
        peerpact("grievance", "--no-input", "--text", text)
    receipt = json.loads(peerpact("outbox", "list", "--json").stdout)[0]["id"]
    peerpact("outbox", "remove", receipt, "--yes")
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    for folder in (outbox(peerpact_home), *(outbox(peerpact_home) / s for s in ("new", "cur"))):
        assert os.stat(folder).st_mtime == midnight


def test_a_bad_age_key_fails_before_anything_is_asked(peerpact, peerpact_home):
    config = peerpact_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[organization]\nleadership_age_recipient = "age1nope"\n', "utf-8")
    result = peerpact("grievance", input="", expect=2)
    assert "not an age public key" in result.stderr
    assert "What happened" not in result.stdout


def test_categories_come_from_the_template_unless_config_sets_them(peerpact, peerpact_home):
    from peerpact.paths import builtin_templates_dir

    builtin = (builtin_templates_dir() / "peer-support-space.toml").read_text(encoding="utf-8")
    assert 'categories = ["feedback", "grievance", "safety concern"]' in builtin
    own = peerpact_home / "config" / "templates" / "peer-support-space.toml"
    own.parent.mkdir(parents=True)
    own.write_text(builtin.replace('"safety concern"]', '"praise"]'), encoding="utf-8")
    peerpact("grievance", "--no-input", "--text", "Thank you.", "--category", "Praise")
    assert json.loads(peerpact("outbox", "list", "--json").stdout)[0]["category"] == "praise"
    result = peerpact("grievance", "--no-input", "--text", "x", "--category", "safety concern",
                      expect=2)  # fmt: skip
    assert "Choose one of: feedback, grievance, praise." in result.stderr
    peerpact("config", "set", "grievance.categories", "kudos,concern")
    peerpact("grievance", "--no-input", "--text", "Thanks.", "--category", "kudos")
    result = peerpact("grievance", "--no-input", "--text", "x", "--category", "praise", expect=2)
    assert "Choose one of: kudos, concern." in result.stderr
