"""`peerpact grievance --no-input`: what lands in the outbox, and what never does."""

from __future__ import annotations

import getpass
import json
import mailbox
import socket
import stat
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from support.grievances import PLANTED, contains_word, file_grievance, message_files, outbox, parsed

#: These tests read the text itself, so messages are filed unsealed, as an
#: organisation that allows it has them (sealing: tests/test_grievance_sealed.py).
pytestmark = pytest.mark.usefixtures("plain_messages")


def test_nothing_identifying_in_any_byte_of_the_outbox(peerpact, record_id, peerpact_home):
    fingerprint = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    result = file_grievance(peerpact, "--category", "grievance")
    [path] = message_files(peerpact_home)
    assert path.parent.name == "new"

    forbidden = [
        *PLANTED,
        record_id,
        fingerprint,
        socket.gethostname(),
        getpass.getuser(),
        str(Path.home()),
        str(peerpact_home),
    ]
    message = parsed(path)
    readable = "\n".join(f"{k}: {v}" for k, v in message.items()) + message.get_content()
    for place, content in (("bytes", path.read_bytes().decode()), ("decoded", readable)):
        for secret in forbidden:
            # As a whole word: a short host name ("vm") may turn up inside a
            # random receipt or message id by chance, which leaks nothing.
            assert not contains_word(content, secret), f"{secret!r} in the message {place}"
        assert "robin" not in path.name.lower()
    body = message.get_content()
    assert "[name] told [name] off in front of everyone." in body
    assert "call [phone] or [phone]" in body and "at [link]" in body and "as [handle]." in body
    assert "write to [email]" in body

    # The date only: midnight UTC, today (or yesterday, had midnight just passed).
    date = parsedate_to_datetime(message["Date"])
    assert (date.hour, date.minute, date.second, date.utcoffset()) == (0, 0, 0, timedelta(0))
    today = datetime.now(UTC).date()
    assert date.date() in (today, today - timedelta(days=1))
    assert path.stat().st_mtime == date.timestamp()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (outbox(peerpact_home), *(outbox(peerpact_home) / s for s in ("tmp", "new"))):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert folder.stat().st_mtime == date.timestamp()

    # Random names and ids, no counter: two filings share nothing but the day.
    message_id = message["Message-ID"]
    assert message_id.endswith("@peerpact.invalid>")
    # The outbox id (said when filed) is the file name's start, in no header.
    assert f"Filed in the outbox as {path.name[:8]}." in result.stdout
    assert path.name[:8] not in readable and "X-Peerpact-Receipt" not in message
    file_grievance(peerpact, text="A second note.")
    other = next(p for p in message_files(peerpact_home) if p != path)
    assert other.name[:8] != path.name[:8]
    assert parsed(other)["Message-ID"] != message_id
    assert not list((outbox(peerpact_home) / "tmp").iterdir())


def test_the_outbox_is_a_maildir_any_reader_can_open(peerpact, peerpact_home):
    file_grievance(peerpact, "--category", "safety concern", text="The door was locked.")
    box = mailbox.Maildir(outbox(peerpact_home), create=False)
    [message] = list(box)
    assert message["From"] == "Anonymous <anonymous@peerpact.invalid>"
    assert message["To"] == "Leadership <leadership@peerpact.invalid>"
    assert message["Subject"] == "[peerpact] safety concern"
    assert message.get_subdir() == "new"


def test_leadership_address_from_config_is_the_recipient(peerpact, peerpact_home):
    peerpact("config", "set", "organization.leadership_email", "leads@space.example")
    file_grievance(peerpact, text="Thank you for the new room.")
    [path] = message_files(peerpact_home)
    assert parsed(path)["To"] == "leads@space.example"


def test_contact_details_are_there_and_only_there(peerpact, record_id, peerpact_home):
    contact = "Sam, sam.reach@example.com"
    text = "Please call me back about this, sam.reach@example.com."
    result = file_grievance(peerpact, "--contact", contact, text=text)
    [path] = message_files(peerpact_home)
    data = path.read_bytes().decode()
    # Once as Reply-To, so leadership can answer; once in the body, as typed.
    assert data.count("sam.reach@example.com") == 2
    message = parsed(path)
    assert message["Reply-To"] == "sam.reach@example.com"
    assert "Contact details (the sender chose to give them):\nSam, sam.reach@example.com" in (
        message.get_content()
    )
    assert "Please call me back about this, [email]." in message.get_content()
    assert "Sam" not in "".join(str(v) for v in message.values())
    assert message["From"] == "Anonymous <anonymous@peerpact.invalid>"
    listing = peerpact("outbox", "list", "--json").stdout
    assert "sam" not in listing.lower() and "sam" not in result.stdout.lower()


def test_contact_without_an_address_gives_no_reply_to(peerpact, peerpact_home):
    file_grievance(peerpact, "--contact", "ask the facilitator for me", text="A note.")
    [path] = message_files(peerpact_home)
    assert "Reply-To" not in parsed(path)


def test_anonymous_message_says_so(peerpact, peerpact_home):
    file_grievance(peerpact, text="Short note.")
    [path] = message_files(peerpact_home)
    assert "Reply-To" not in parsed(path)
    body = parsed(path).get_content()
    assert "Contact details: none. The sender chose to stay anonymous." in body


def test_redact_terms_and_text_from_file_or_stdin(peerpact, peerpact_home, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("It happened at the Riverside Café, near Elm Street.\n", encoding="utf-8")
    peerpact(
        "grievance", "--no-input", "--text-file", str(note),
        "--redact", "Riverside Café", "--redact", "elm street",
    )  # fmt: skip
    peerpact("grievance", "--no-input", "--text-file", "-", input="From stdin, Elm Street.\n")
    bodies = sorted(parsed(p).get_content() for p in message_files(peerpact_home))
    assert any("It happened at the [redacted], near [redacted]." in b for b in bodies)
    assert any("From stdin, Elm Street." in b for b in bodies)
    assert not any("Riverside" in b for b in bodies)


def test_text_written_in_the_editor(peerpact, peerpact_home, tmp_path):
    import pexpect

    from support.pty import answer, spawn_peerpact

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    script = tmp_path / "editor.py"
    script.write_text(
        "import os, sys\n"
        "draft, folder = os.stat(sys.argv[1]), os.stat(os.path.dirname(sys.argv[1]))\n"
        f"out = open({str(tmp_path / 'modes')!r}, 'w')\n"
        "out.write(oct(draft.st_mode & 0o777) + oct(folder.st_mode & 0o777))\n"
        "open(sys.argv[1], 'w').write('Written in the editor by Robin.\\n')\n"
    )
    # The editor is an interactive way to write: Enter accepts the preview, y files.
    child = spawn_peerpact(
        "grievance", "--editor", "--category", "feedback", "--contact", "", "--redact", "Robin",
        env={"EDITOR": f"python3 {script}", "TMPDIR": str(drafts)},
    )  # fmt: skip
    answer(child, "Enter to accept", "")
    answer(child, r"File this in the outbox\?", "y")
    child.expect(pexpect.EOF)
    [path] = message_files(peerpact_home)
    assert "Written in the editor by [redacted]." in parsed(path).get_content()
    assert (tmp_path / "modes").read_text() == "0o6000o700"
    assert list(drafts.iterdir()) == [], "the unredacted draft was left behind"


@pytest.mark.parametrize(
    ("args", "status", "words"),
    [
        (["--no-input"], 2, "--no-input needs --text"),
        (["--no-input", "--text", "   "], 2, "no text to file"),
        (["--no-input", "--text", "x", "--category", "gossip"], 2, "Unknown category 'gossip'"),
        (["--no-input", "--text", "x", "--text-file", "y"], 2, "one way"),
        (["--no-input", "--text-file", "/nonexistent/note.txt"], 3, "No file at"),
        (["--no-input", "--text", "x" * 50_001], 2, "the limit is 50000"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(peerpact, peerpact_home, args, status, words):
    result = peerpact("grievance", *args, expect=status)
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
    assert "Traceback" not in result.output
    assert message_files(peerpact_home) == []


def test_text_file_that_is_not_utf8_is_refused(peerpact, peerpact_home, tmp_path):
    note = tmp_path / "note.txt"
    note.write_bytes(b"caf\xe9\n")
    result = peerpact("grievance", "--no-input", "--text-file", str(note), expect=2)
    assert "not UTF-8" in result.stderr
    assert message_files(peerpact_home) == []


def test_category_is_matched_without_case(peerpact, peerpact_home):
    file_grievance(peerpact, "--category", "Safety Concern", text="Note.")
    assert peerpact("outbox", "list", "--json").stdout.count('"safety concern"') == 1


@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\u2029"])
def test_a_category_with_a_line_break_is_a_clear_error(peerpact, peerpact_home, separator):
    config = peerpact_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    escaped = separator.encode("unicode_escape").decode().replace("\\x", "\\u00")
    config.write_text(f'[grievance]\ncategories = ["ok", "bad{escaped}news"]\n')
    result = file_grievance(peerpact, "--category", "ok", text="A note.", expect=2)
    assert "line break or control character" in result.stderr
    assert "Traceback" not in result.output
    assert message_files(peerpact_home) == []
    refused = peerpact("config", "set", "grievance.categories", f"bad{separator}news", expect=2)
    assert "line break or control character" in refused.stderr


def test_a_template_category_with_a_line_break_is_refused_before_filing():
    from peerpact.errors import UserInputError
    from peerpact.feedback.message import categories

    assert categories(("feedback", "safety concern")) == ("feedback", "safety concern")
    with pytest.raises(UserInputError, match="line break"):
        categories(("feedback", "safety\u2028concern"))
