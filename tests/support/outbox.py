"""Reading what a grievance left in the outbox, as leadership would."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from pathlib import Path


def filed_bodies(home: Path) -> list[str]:
    """The text of every message waiting in the outbox under ``home``."""
    files = sorted(p for p in (home / "data" / "outbox").rglob("*") if p.is_file())
    return [message_from_bytes(p.read_bytes(), policy=default).get_content() for p in files]


def outbox_bytes(home: Path) -> bytes:
    """Every byte of every file under data/outbox/, one file after another."""
    folder = home / "data" / "outbox"
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())
