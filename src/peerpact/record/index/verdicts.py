"""Whether a record in the index verifies: each row says so, checked with
this computer's keys when the row is read from its file, so `list` can flag
a record that fails. An index made with other keys (one trusted or retired
since) is emptied and rebuilt (``keys_state`` is part of the index's
sealing key, ``seal.index_key``); the witness log stays
`verify`'s to check."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from peerpact.errors import PeerpactError
from peerpact.paths import get_paths

if TYPE_CHECKING:
    from peerpact.record.format import Record
    from peerpact.record.keyring import Keyring


def keys_state() -> str:
    """The keys folder as it stands (each file's name, size and mtime): rows
    say whether a record verified with the keys of then, so an index made
    with other keys (one trusted or retired since) is emptied and rebuilt."""
    import os

    try:
        entries = sorted(os.scandir(get_paths().keys_dir), key=lambda entry: entry.name)
        stats = [(e.name, e.stat(follow_symlinks=False)) for e in entries]
    except OSError:
        return ""
    text = ";".join(f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}" for name, st in stats)
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def failure(record: Record) -> str:
    """Why a readable record fails verification (its signatures, chain and
    replay, with this computer's keys), or "": `list` flags it. The witness
    log is `verify`'s to check."""
    from peerpact.record.format import verify

    try:
        problems = verify(record, _keys()).problems
    except PeerpactError as exc:  # the keys themselves could not be read
        return exc.message
    return str(problems[0]) if problems else ""


_KEYS: tuple[str, str, Keyring] | None = None


def _keys() -> Keyring:
    """This computer's keyring, read once per process while the keys folder
    stays as it is."""
    global _KEYS
    from peerpact.record.keyring import keyring

    home, state = str(get_paths().keys_dir), keys_state()
    if _KEYS is None or _KEYS[:2] != (home, state):
        _KEYS = (home, state, keyring())
    return _KEYS[2]
