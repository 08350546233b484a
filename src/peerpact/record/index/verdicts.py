"""Whether a record in the index verifies: each row says so, checked with
this computer's keys when the row is read from its file, so `list` can flag
a record that fails. An index made with other keys (one trusted or retired
since) is emptied and rebuilt (``keys_state`` is part of the index's
sealing key, ``seal.index_key``); the witness log stays
`verify`'s to check."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
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

    keys = _given if _given is not None else read_keys()
    if isinstance(keys, str):  # the keys themselves could not be read
        return keys
    problems = verify(record, keys).problems
    return str(problems[0]) if problems else ""


def read_keys() -> Keyring | str:
    """This computer's keyring, or why it cannot be read."""
    try:
        return _keys()
    except PeerpactError as exc:
        return exc.message


#: The keyring an index update checks every row with, read once for it
#: (``checking_with``): reading the keys folder again for each record was a
#: fifth of a rebuild.
_given: Keyring | str | None = None


def use_keys(keys: Keyring | str | None) -> None:
    """Check rows with ``keys`` (a pool's workers get them this way)."""
    global _given
    _given = keys


@contextlib.contextmanager
def checking_with(keys: Keyring | str) -> Iterator[None]:
    """Rows read inside are checked with ``keys``; afterwards, with the keys
    as they are then."""
    use_keys(keys)
    try:
        yield
    finally:
        use_keys(None)


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
