"""`peerpact outbox`: list, show, remove, export, and sealing to leadership's age key."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
from email import message_from_bytes
from email.policy import default

import pytest

#: These tests read the text itself, so messages are filed unsealed, as an
#: organisation that allows it has them (sealing: tests/test_grievance_sealed.py).
pytestmark = pytest.mark.usefixtures("plain_messages")

needs_age = pytest.mark.skipif(
    shutil.which("age") is None, reason="the `age` command is not installed (apt install age)"
)


def file_note(peerpact, text: str, *extra: str) -> str:
    result = peerpact("grievance", "--no-input", "--text", text, *extra)
    [outbox_id] = re.findall(r"Filed in the outbox as ([0-9a-f]{8})\.", result.stdout)
    return outbox_id


def listing(peerpact) -> list[dict]:
    return json.loads(peerpact("outbox", "list", "--json").stdout)


def test_list_show_remove(peerpact):
    assert "The outbox is empty." in peerpact("outbox", "list").stdout
    first = file_note(peerpact, "The room was cold.", "--category", "feedback")
    second = file_note(peerpact, "No category here.")
    rows = listing(peerpact)
    assert {row["id"] for row in rows} == {first, second}
    by_id = {row["id"]: row for row in rows}
    assert by_id[first]["category"] == "feedback"
    assert by_id[second]["category"] is None
    assert {row["status"] for row in rows} == {"waiting"}
    assert all(len(row["date"]) == 10 for row in rows)
    table = peerpact("outbox", "list").stdout
    assert first in table and "feedback" in table and "waiting" in table

    shown = peerpact("outbox", "show", first.upper()).stdout
    assert "The room was cold." in shown
    assert "Subject: [peerpact] feedback\n" in shown

    peerpact("outbox", "remove", first, input="n\n", expect=4)
    assert len(listing(peerpact)) == 2
    assert f"Deleted {first}." in peerpact("outbox", "remove", first, "--yes").stdout
    assert [row["id"] for row in listing(peerpact)] == [second]
    result = peerpact("outbox", "show", first, expect=3)
    assert f"No message with outbox id {first}" in result.stderr


def test_bad_outbox_id_is_refused_plainly(peerpact):
    result = peerpact("outbox", "show", "../../etc/passwd", expect=2)
    assert "is not an outbox id" in result.stderr and "Traceback" not in result.output


def test_files_that_are_not_ours_are_left_alone(peerpact, peerpact_home):
    file_note(peerpact, "Mine.")
    new = peerpact_home / "data" / "outbox" / "new"
    (new / ("f" * 32)).write_bytes(b"Subject: hello\n\nnot from peerpact\n")
    (new / ("e" * 32)).write_bytes(b"X" * (2 * 1024 * 1024))
    assert len(listing(peerpact)) == 1


def test_export_writes_each_message_byte_for_byte(peerpact, peerpact_home, tmp_path):
    ids = {file_note(peerpact, "One."), file_note(peerpact, "Two.")}
    target = tmp_path / "usb"
    result = peerpact("outbox", "export", str(target))
    assert "Wrote 2 message(s)" in result.stdout
    exported = {path.stem: path for path in target.glob("*.eml")}
    assert set(exported) == ids
    originals = {p.read_bytes() for p in (peerpact_home / "data" / "outbox" / "new").iterdir()}
    assert {path.read_bytes() for path in exported.values()} == originals
    for path in exported.values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.stat().st_mtime % 86400 == 0


@needs_age
def test_sealed_message_opens_only_with_leaderships_key(peerpact, peerpact_home, tmp_path):
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "leadership.key"
    key_file.write_text(f"{identity}\n")
    peerpact("config", "set", "organization.leadership_age_recipient", str(identity.to_public()))
    text = "Alex shouted at me, call me on +44 7400 123456."
    outbox_id = file_note(peerpact, text, "--category", "safety concern", "--contact", "Sam")

    [path] = (peerpact_home / "data" / "outbox" / "new").iterdir()
    raw = path.read_bytes().decode()
    for secret in ("shouted", "7400", "Sam", "safety concern"):
        assert secret not in raw
    message = message_from_bytes(path.read_bytes(), policy=default)
    body = message.get_content()
    assert body.startswith("-----BEGIN AGE ENCRYPTED FILE-----")
    assert body.rstrip().endswith("-----END AGE ENCRYPTED FILE-----")

    opened = subprocess.run(
        ["age", "-d", "-i", str(key_file)], input=body.encode(), capture_output=True, check=True
    ).stdout.decode()
    assert "Alex shouted at me, call me on [phone]." in opened
    assert "Category: safety concern" in opened
    assert "Contact details (the sender chose to give them):\nSam" in opened
    # --no-input: no one typed a receipt back, so none was made and no reply key sealed.
    assert "Receipt" not in opened and "Reply-Recipient" not in opened

    shown = peerpact("outbox", "show", outbox_id).stdout
    assert outbox_id in shown and "Sealed to leadership" in shown
    assert "shouted" not in shown and "safety" not in shown
    [row] = listing(peerpact)
    assert row["sealed"] is True and row["category"] is None
    assert "(sealed)" in peerpact("outbox", "list").stdout


def test_a_key_that_is_not_an_age_key_files_nothing(peerpact, peerpact_home, tmp_path):
    config = peerpact_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    # Hand-edited: `config set` would refuse it (see test_config.py).
    config.write_text('[organization]\nleadership_age_recipient = "age1notakey"\n')
    result = peerpact("grievance", "--no-input", "--text", "Hello.", expect=2)
    assert "not an age public key" in result.stderr
    assert not (peerpact_home / "data" / "outbox" / "new").exists() or not list(
        (peerpact_home / "data" / "outbox" / "new").iterdir()
    )


def sealed_key(peerpact):
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    peerpact("config", "set", "organization.leadership_age_recipient", str(identity.to_public()))
    return identity


def test_sealed_messages_look_alike_outside_the_seal(peerpact, peerpact_home, tmp_path):
    import pyrage

    identity = sealed_key(peerpact)
    peerpact("config", "set", "organization.leadership_email", "leads@space.example")
    anonymous = file_note(peerpact, "The door was locked.", "--category", "feedback")
    contact = file_note(
        peerpact, "Please call me.", "--category", "safety concern",
        "--contact", "Sam Reach, sam.reach@example.com",
    )  # fmt: skip
    messages = {}
    for path in (peerpact_home / "data" / "outbox" / "new").iterdir():
        message = message_from_bytes(path.read_bytes(), policy=default)
        inner = pyrage.decrypt(message.get_content().encode(), [identity]).decode()
        messages["Sam" in inner] = (message, inner)
    (plain, plain_inner), (given, given_inner) = messages[False], messages[True]

    def headers(message):
        return [(k, str(v)) for k, v in message.items() if k != "Message-ID"]

    assert headers(plain) == headers(given)
    assert plain["From"] == "Anonymous <anonymous@peerpact.invalid>"
    assert plain["Subject"] == "[peerpact] sealed message"
    assert "Reply-To" not in given and "X-Peerpact-Receipt" not in given
    assert plain["Message-ID"] != given["Message-ID"]
    # With contact details, Reply-To is inside the seal.
    assert given_inner.startswith("Reply-To: sam.reach@example.com\n")
    assert "Reply-To" not in plain_inner
    # The outbox knows each one by its outbox id, which is in no header.
    assert sorted(row["id"] for row in listing(peerpact)) == sorted([anonymous, contact])
    for message in (plain, given):
        assert anonymous not in message.as_string() and contact not in message.as_string()
    peerpact("outbox", "remove", contact, "--yes")
    assert [row["id"] for row in listing(peerpact)] == [anonymous]
