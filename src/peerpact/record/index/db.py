"""The index's SQLite file: made 0600 in the cache folder, holding exactly
peerpact's tables for one records folder, rebuilt when it is damaged or
foreign, and replaced by one in memory when it cannot be written.

What the rows mean, and how they are kept true to the files, is ``rows``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import PeerpactError
from peerpact.files import ensure_private_dir
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record.index.seal import sealer

if TYPE_CHECKING:
    import sqlite3

#: Bump when the table changes: an index of another version is rebuilt.
SCHEMA = 7


def remove_index(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path.parent / name)


def tighten(path: Path) -> None:
    """The index and SQLite's -wal and -shm beside it are 0600, whatever the
    umask (SQLite gives them the database's mode; this makes sure)."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        with contextlib.suppress(OSError):  # missing, or a link (never followed)
            fd = os.open(path.parent / name, os.O_RDONLY | os.O_NOFOLLOW)
            try:
                os.fchmod(fd, 0o600)
            finally:
                os.close(fd)


_SCHEMA = {
    ("table", "meta"): "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    ("index", "sqlite_autoindex_meta_1"): None,
    ("table", "records"): (
        "CREATE TABLE IF NOT EXISTS records (file TEXT PRIMARY KEY, id, status, parties, "
        "roles, created, updated, head, revisions, size, mtime_ns, problem, mac)"
    ),
    ("index", "sqlite_autoindex_records_1"): None,
    ("index", "records_by_time"): (
        "CREATE INDEX IF NOT EXISTS records_by_time ON records (updated DESC, file)"
    ),
    ("table", "names"): "CREATE TABLE IF NOT EXISTS names (file TEXT, key TEXT, term TEXT)",
    # (key, term): a lookup reads the index alone, however many records share a name.
    ("index", "names_by_key"): "CREATE INDEX IF NOT EXISTS names_by_key ON names (key, term)",
    ("index", "names_by_file"): "CREATE INDEX IF NOT EXISTS names_by_file ON names (file)",
}
#: As SQLite keeps them: without "IF NOT EXISTS".
_STORED = {key: sql and sql.replace(" IF NOT EXISTS", "") for key, sql in _SCHEMA.items()}


def _prepare(db: sqlite3.Connection, folder: Path, key: bytes | None) -> None:
    """Exactly peerpact's tables (anything else, a trigger say, is damage and
    the file is rebuilt), emptied unless they index ``folder`` with this schema."""
    import sqlite3

    def found() -> dict[tuple[str, str], str | None]:
        rows = db.execute("SELECT type, name, sql FROM sqlite_master")
        return {(kind, name): sql for kind, name, sql in rows}

    if not found():
        db.execute("BEGIN IMMEDIATE")  # another peerpact may be making it too
        for sql in _SCHEMA.values():
            if sql:
                db.execute(sql)
        db.execute("COMMIT")
    if found() != _STORED:
        raise sqlite3.DatabaseError(_("not peerpact's index"))
    wanted = _wanted(folder, key)
    if not is_ours(db, folder, key):
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM records")
        db.execute("DELETE FROM names")
        db.execute("DELETE FROM meta")
        db.executemany("INSERT INTO meta VALUES (?, ?)", wanted.items())
        db.execute("COMMIT")


def _wanted(folder: Path, key: bytes | None) -> dict[str, str]:
    """What the index must have been made for: this schema, folder and sealing
    key (which the keys folder's state is part of: see ``seal.index_key``)."""
    return {"schema": str(SCHEMA), "folder": str(folder), "sealer": sealer(key)}


def _meta(db: sqlite3.Connection) -> dict[Any, Any]:
    return dict(db.execute("SELECT key, value FROM meta").fetchall())


def is_ours(db: sqlite3.Connection, folder: Path, key: bytes | None) -> bool:
    """This schema, for this folder, sealed with this key (see ``seal``);
    beside them meta holds only ``longest``, ``folder_state`` and ``names_seal``."""
    meta = _meta(db)
    longest = meta.pop("longest", "0")
    state = meta.pop("folder_state", "")
    names = meta.pop("names_seal", "")
    wanted = _wanted(folder, key)
    return (
        meta == wanted
        and isinstance(state, str)
        and isinstance(names, str)
        and isinstance(longest, str)
        and longest.isascii()
        and longest.isdigit()
    )


def open_index(folder: Path, key: bytes | None) -> sqlite3.Connection:
    """The index, made or repaired as needed; in memory when it cannot be written."""
    import sqlite3

    path = get_paths().index_file
    for _attempt in range(2):
        db = None
        try:
            ensure_private_dir(path.parent)
            if path.is_symlink():  # never followed: replaced by a real index
                remove_index(path)
            # Made 0600 before SQLite opens it.
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            os.close(fd)
            tighten(path)
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            # A cache: a write lost to a power cut only costs reading a file again.
            db.execute("PRAGMA synchronous=NORMAL")
            _prepare(db, folder, key)
            tighten(path)
            return db
        except sqlite3.DatabaseError as exc:  # not a database, or a damaged one: rebuild
            if db is not None:
                db.close()
            if busy(exc):
                break
            remove_index(path)
        except (OSError, PeerpactError):
            if db is not None:
                db.close()
            break
    return in_memory(folder, key)


def busy(exc: Exception) -> bool:
    """Locked by another peerpact for longer than we wait: not damage, so the
    index is left alone and this run uses one of its own."""
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def in_memory(folder: Path, key: bytes | None) -> sqlite3.Connection:
    """An index for this run only, when none can be kept on disk."""
    import sqlite3

    db = sqlite3.connect(":memory:", isolation_level=None)
    _prepare(db, folder, key)
    return db
