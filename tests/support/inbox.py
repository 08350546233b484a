"""Leadership's inbox for tests: sealed grievances as `grievance` composes
them, delivered into a Maildir as a mail client keeps it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pyrage import x25519

from peerpact.feedback.message import Grievance, compose
from peerpact.feedback.receipt import Derived

TEXT = "Robin talked over everyone at the Tuesday circle again."


def reply_key() -> Derived:
    """What a receipt would derive (made without scrypt: the tests need many)."""
    identity = x25519.Identity.generate()
    return Derived(str(identity), str(identity.to_public()), secrets.token_hex(16))


def sealed_message(
    recipients: tuple[str, ...],
    text: str = TEXT,
    category: str = "feedback",
    contact: str = "",
    reply: Derived | None = None,
    answerable: bool = True,
) -> bytes:
    """A grievance's bytes as `grievance` files them and a mail server delivers
    them; not ``answerable``, it carries no reply key (no receipt was made)."""
    grievance = Grievance(text, category, contact)
    key = (reply or reply_key()) if answerable else None
    return compose(grievance, "leads@example.org", recipients, reply=key).data


def maildir(folder: Path) -> Path:
    for sub in ("tmp", "new", "cur"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return folder


def deliver(folder: Path, data: bytes, seen: bool = False) -> str:
    """``data`` delivered into the Maildir at ``folder``; its unique name."""
    name = f"{secrets.token_hex(8)}.M1P{os.getpid()}.testhost"
    maildir(folder)
    target = folder / ("cur" if seen else "new") / (f"{name}:2,S" if seen else name)
    target.write_bytes(data)
    return name


def recipient(identity: x25519.Identity) -> str:
    return str(identity.to_public())
