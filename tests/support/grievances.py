"""A grievance as the tests file it, and where its message lands."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import default
from pathlib import Path

SEEDED = (
    "Robin told Alex off in front of everyone. Alex asked me to write to "
    "alex.supporter@example.org or to call (201) 555-0123 or +44 7400 123456. "
    "The screenshot is at https://pics.example.net/p/8812 and they post as @alex_peer."
)
PLANTED = (
    "alex.supporter@example.org",
    "(201) 555-0123",
    "555-0123",
    "+44 7400 123456",
    "7400 123456",
    "https://pics.example.net/p/8812",
    "pics.example.net",
    "@alex_peer",
    "Robin",
    "Alex",
)


def outbox(home: Path) -> Path:
    return home / "data" / "outbox"


def message_files(home: Path) -> list[Path]:
    return sorted(p for p in outbox(home).rglob("*") if p.is_file())


def parsed(path: Path):
    return message_from_bytes(path.read_bytes(), policy=default)


def file_grievance(peerpact, *extra: str, text: str = SEEDED, expect: int = 0):
    return peerpact("grievance", "--no-input", "--text", text, *extra, expect=expect)


def contains_word(text: str, word: str) -> bool:
    pattern = rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def write_until_filing(child, text: str = "The rota was changed without asking anyone.") -> None:
    """In `grievance`'s conversation (in a pty): skip the category, write one
    line, no contact, keep the review; stops at "File this in the outbox?"."""
    child.expect_exact("Number or name, or Enter to skip")
    child.sendline("")
    child.expect_exact("> ")
    child.sendline(text)
    child.expect_exact("> ")
    child.sendline(".")
    child.expect_exact("Add contact details?")
    child.sendline("")
    child.expect_exact("to edit: ")
    child.sendline("")
    child.expect_exact("File this in the outbox?")
