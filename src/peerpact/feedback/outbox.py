"""The outbox: filed messages wait in a Maildir until they are sent or exported.

A Maildir (``tmp/``, ``new/``, ``cur/``) because any mail client can open it,
it needs no server, and its write protocol (tmp/, fsync, rename) leaves a
whole message or none after a crash. The folder must tell no more than the
messages do: file names are random, and the files' and folders' times are
the message's day at midnight UTC, never the moment it was filed.

Waiting messages sit in ``new/``; a delivered one moves to ``cur/`` with the
Maildir flags ``P`` (passed on) and ``S`` (seen), which is what "sent" means.
One the server may or may not have kept (the connection was lost after the
whole message went) moves to ``cur/`` flagged ``F`` only: "maybe-sent".
Each message is found by its outbox id: the first eight of the random hex
digits in its file name, known on this computer only. It is not the
person's receipt, which never leaves the seal (feedback/receipt.py), and it
travels nowhere: not in a header, not in the Message-ID. Files whose
Message-ID peerpact did not write are not ours: skipped, never touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import NotFoundError, UserInputError
from peerpact.feedback.message import MESSAGE_ID_DOMAIN, midnight_utc
from peerpact.files import (
    atomic_write,
    clean_stale_temps,
    describe_os_error,
    ensure_private_dir,
    fsync_dir,
    read_bounded,
)
from peerpact.i18n import _
from peerpact.paths import get_paths

if TYPE_CHECKING:
    from email.message import EmailMessage

    from peerpact.feedback.message import Composed

#: A grievance message is a few KiB; anything far larger in the outbox was
#: not written by peerpact and is not read whole.
MAX_MESSAGE_BYTES = 1024 * 1024
# Maildir: "unique[:2,FLAGS]"; peerpact's unique part is 32 random hex digits.
_NAME = re.compile(r"^([0-9a-f]{32})(?::2,([A-Z]*))?$")
#: How much of the file name is the outbox id people type.
ID_LENGTH = 8
_ID = re.compile(rf"^[0-9a-f]{{{ID_LENGTH}}}$")


@dataclass(frozen=True)
class Entry:
    id: str
    date: str
    category: str
    status: str
    sealed: bool
    path: Path

    def as_json(self) -> dict[str, Any]:
        category = self.category or None
        return {
            "id": self.id,
            "date": self.date,
            "category": category,
            "status": self.status,
            "sealed": self.sealed,
        }


def readable(data: bytes) -> str:
    """A message as a person reads it: every header, then the decoded body."""
    message = parse(data)
    try:
        headers = "".join(f"{name}: {value}\n" for name, value in message.items())
        return f"{headers}\n{message.get_content()}"
    except (KeyError, LookupError, ValueError) as exc:
        # Not a message peerpact wrote (multipart, an unknown charset...).
        raise UserInputError(
            _("This message cannot be shown as text ({exc}).").format(exc=exc)
        ) from exc


def parse(data: bytes) -> EmailMessage:
    from email import message_from_bytes
    from email.message import EmailMessage
    from email.policy import default

    message: EmailMessage = message_from_bytes(data, _class=EmailMessage, policy=default)
    return message


def outbox_dir(create: bool = False) -> Path:
    root = get_paths().outbox_dir
    if create:
        made = not os.path.lexists(root)
        for folder in (root, root / "tmp", root / "new", root / "cur"):
            ensure_private_dir(folder)
        if made:
            # Making outbox/ moved its parent's mtime to this very moment (the
            # first grievance's filing time, which cp -a and rsync -a keep):
            # back to the day, as every time in the outbox is.
            stamp_folders(root)
            with contextlib.suppress(OSError):
                stamp = midnight_utc().timestamp()
                os.utime(root.parent, (stamp, stamp), follow_symlinks=False)
    return root


def file(composed: Composed) -> Path:
    """Write the message into ``new/`` by the Maildir protocol: tmp/, fsync, rename."""
    root = outbox_dir(create=True)
    clean_tmp(root)
    stamp = composed.day.timestamp()
    name = secrets.token_hex(16)
    tmp, final = root / "tmp" / name, root / "new" / name
    # Written whole (fsync, 0600, the day's time) under tmp/, then renamed
    # into new/: a reader of new/ never sees half a message.
    atomic_write(tmp, composed.data, mtime=stamp, exclusive=True)
    done = False
    try:
        os.rename(tmp, final)
        done = True
        fsync_dir(final.parent)
        stamp_folders(root, stamp)
    except OSError as exc:
        raise describe_os_error(exc, final) from exc
    finally:
        # Ctrl-C or a full disk mid-write leaves nothing behind.
        if not done:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return final


def outbox_id(path: Path) -> str:
    """The id a message filed at ``path`` is found by."""
    return path.name[:ID_LENGTH]


def clean_tmp(root: Path) -> None:
    """Remove what writers killed mid-message left in tmp/, once it is stale."""
    tmp = root / "tmp"
    if tmp.is_dir() and clean_stale_temps(tmp, prefix="", suffix=""):
        stamp_folders(root)


def _files() -> Iterator[tuple[Path, str, str]]:
    root = outbox_dir()
    clean_tmp(root)
    for sub in ("new", "cur"):
        folder = root / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            match = _NAME.match(path.name)
            if match and path.is_file():
                yield path, match.group(1)[:ID_LENGTH], match.group(2) or ""


def read_message(path: Path) -> bytes:
    """A message's bytes, refusing any file too large to be one of ours."""
    try:
        return read_bounded(path, MAX_MESSAGE_BYTES, _("peerpact message"), follow=False)
    except FileNotFoundError as exc:
        raise NotFoundError(
            _("{name} left the outbox while being read.").format(name=path.name)
        ) from exc


def entries() -> list[Entry]:
    """Every message peerpact filed, oldest day first."""
    from email.utils import parsedate_to_datetime

    found = []
    for path, outbox_id, flags in _files():
        try:
            message = parse(read_message(path))
        except (UserInputError, ValueError, LookupError):
            continue  # too large or too odd to be one of ours
        if not str(message.get("Message-ID", "")).endswith(MESSAGE_ID_DOMAIN):
            continue  # not one of ours; leave it alone
        try:
            date = parsedate_to_datetime(str(message["Date"])).date().isoformat()
        except (TypeError, ValueError):
            date = ""
        found.append(
            Entry(
                id=outbox_id,
                date=date,
                category=str(message.get("X-Peerpact-Category", "")),
                status=_status(path, flags),
                sealed="X-Peerpact-Sealed" in message,
                path=path,
            )
        )
    found.sort(key=lambda entry: (entry.date, entry.id))
    return found


def _status(path: Path, flags: str) -> str:
    if path.parent.name != "cur":
        return "waiting"
    if "P" in flags:
        return "sent"
    return "maybe-sent" if "F" in flags else "waiting"


def find(spec: str) -> Entry:
    wanted = spec.strip().lower()
    if not _ID.match(wanted):
        raise UserInputError(
            _("{spec!r} is not an outbox id.").format(spec=spec),
            _("An outbox id is 8 letters and digits, as `peerpact outbox list` shows."),
        )
    found = [entry for entry in entries() if entry.id == wanted]
    if len(found) > 1:  # two random names alike in their first 8 digits
        raise UserInputError(
            _("More than one message has the outbox id {id}.").format(id=wanted),
            _("Use `peerpact outbox export` to see each one."),
        )
    if found:
        return found[0]
    raise NotFoundError(_("No message with outbox id {id} in the outbox.").format(id=wanted))


def show(spec: str) -> tuple[Entry, str | None]:
    """The entry, and its readable text unless it is sealed to leadership."""
    entry = find(spec)
    return entry, None if entry.sealed else readable(read_message(entry.path))


def stamp_folders(root: Path, stamp: float | None = None) -> None:
    """A folder's own times would tell when a message arrived, left or went:
    they are kept at midnight UTC, like the messages."""
    stamp = midnight_utc().timestamp() if stamp is None else stamp
    for folder in (root / "tmp", root / "new", root / "cur", root):
        with contextlib.suppress(FileNotFoundError):
            os.utime(folder, (stamp, stamp))


def remove(spec: str) -> Entry:
    from peerpact.files import locked

    root = outbox_dir(create=True)
    with locked(root):  # not while `outbox send` is moving it
        entry = find(spec)
        try:
            entry.path.unlink()
            fsync_dir(entry.path.parent)
        except OSError as exc:
            raise describe_os_error(exc, entry.path) from exc
        stamp_folders(root)
    return entry


def export(folder: Path) -> list[Path]:
    """Copy every message, byte for byte, to ``folder`` as ID.eml."""
    written = []
    for entry in entries():
        target = folder / f"{entry.id}.eml"
        atomic_write(
            target, read_message(entry.path), mtime=entry.path.stat().st_mtime, private_dir=False
        )
        written.append(target)
    return written


def mark_sent(path: Path) -> None:
    """Move a delivered message to ``cur/``, flagged passed on and seen."""
    _move(path, "cur", {"P", "S"})


def mark_maybe_sent(path: Path) -> None:
    """Set a message aside that the server may have kept: flagged, not passed on."""
    _move(path, "cur", {"F"})


def mark_waiting(path: Path) -> None:
    """Put a maybe-sent message back in ``new/``, to be sent again."""
    _move(path, "new", set())


def _move(path: Path, sub: str, flags: set[str]) -> None:
    root = outbox_dir()
    unique = path.name.partition(":2,")[0]
    target = root / sub / (f"{unique}:2,{''.join(sorted(flags))}" if sub == "cur" else unique)
    try:
        os.rename(path, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise describe_os_error(exc, path) from exc
    stamp_folders(root)
