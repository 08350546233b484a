"""The index's seal: what makes a row an attacker wrote without the signing
key worth nothing.

Nobody signs the index, so nothing in it may decide what `list` shows, what
`forget` asks about, or which names a grievance redacts. Each row carries a
keyed BLAKE2b of every value in it, and the ``names`` table one over all its
rows; the key is derived from the signing key's file, so whoever can forge a
seal could already sign records. A row whose seal does not match is read
again from its file; a names table whose seal does not match is not used
(every name is read from the files). No key yet: nothing is sealed, so
nothing in the index is believed.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from peerpact.errors import PeerpactError
from peerpact.files import read_bounded
from peerpact.i18n import _
from peerpact.paths import get_paths

if TYPE_CHECKING:
    import sqlite3

#: The signing key's file is a few hundred bytes; anything larger is not one.
_MAX_KEY_FILE = 16 * 1024


def index_key() -> bytes | None:
    """The sealing key, from the signing key's file as it is on disk (no
    cryptography library loaded: `list` stays fast); None when there is none.

    The keys folder's state is mixed in: each row says whether its record
    verified with the keys of then, so rows sealed under other keys (one
    trusted, untrusted or retired since) are worth nothing, and a keys state
    kept beside them, which anyone could recompute, decides nothing."""
    from peerpact.record.index.verdicts import keys_state
    from peerpact.record.keys import check_private

    path = get_paths().key_file
    try:
        check_private(path)
        data = read_bounded(path, _MAX_KEY_FILE, _("signing key"), follow=False)
    except (OSError, PeerpactError):
        return None
    mixed = data + b"\0" + keys_state().encode("ascii")
    return hashlib.blake2b(mixed, digest_size=32, person=b"peerpact-index").digest()


def sealer(key: bytes | None) -> str:
    """Which key sealed an index (not the key): an index sealed by another
    (after `key rotate`) is emptied and rebuilt."""
    if key is None:
        return ""
    return hashlib.blake2b(b"sealer", key=key, digest_size=16).hexdigest()


def seal(key: bytes | None, values: tuple[Any, ...]) -> str:
    """A row's seal, over every value in it (``repr`` of str and int is exact)."""
    if key is None:
        return ""
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), key=key,
                           digest_size=16).hexdigest()  # fmt: skip


def sealed(key: bytes | None, values: tuple[Any, ...], mac: Any) -> bool:
    import hmac

    return key is not None and isinstance(mac, str) and hmac.compare_digest(seal(key, values), mac)


def names_seal(db: sqlite3.Connection, key: bytes | None) -> str:
    """The seal of the whole ``names`` table and the longest name it holds:
    one pass in SQLite and one hash, whatever the number of rows."""
    if key is None:
        return ""
    (text,) = db.execute(
        "SELECT group_concat(quote(file) || ',' || quote(key) || ',' || quote(term), char(10))"
        " FROM (SELECT file, key, term FROM names ORDER BY rowid)"
    ).fetchone()
    (longest,) = db.execute("SELECT value FROM meta WHERE key = 'longest'").fetchone() or ("0",)
    return seal(key, (str(text or ""), str(longest)))
