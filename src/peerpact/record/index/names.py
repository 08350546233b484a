"""The index's names, for redaction: looked up, never all read.

A grievance asks the index's ``names`` table (see ``rows``) for the few keys
its text could hold, and reads from its file the names of any record whose
row is out of date. It writes nothing, not even to the index: a grievance
must leave no trace of when it was filed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.paths import get_paths
from peerpact.record.folding import MAX_RUN, Lookup, Terms, name_terms
from peerpact.record.index.db import is_ours
from peerpact.record.index.query import UNREADABLE
from peerpact.record.index.rows import summarize
from peerpact.record.index.scan import name_lines, on_disk
from peerpact.record.index.seal import index_key, names_seal

if TYPE_CHECKING:
    import sqlite3

_RECORD_FILE = re.compile(r"[^./][^/]*\.toml")


def _read_only(folder: Path) -> sqlite3.Connection | None:
    """The index, opened without writing anything (no journal, no lock, no
    time stamp); None when there is none for ``folder``, it is unusable, or
    its names are not as peerpact sealed them (see ``seal``): then every
    name is read from the files, never a names table an attacker edited."""
    import sqlite3
    from urllib.parse import quote

    path = get_paths().index_file
    if not path.is_file() or path.is_symlink():
        return None
    try:
        db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        key = index_key()
        stored = db.execute("SELECT value FROM meta WHERE key = 'names_seal'").fetchone()
        if is_ours(db, folder, key) and key and stored and stored[0] == names_seal(db, key):
            return db
    except sqlite3.Error:
        pass
    db.close()
    return None


#: A row's names are used only when it has some (a row whose names were
#: taken away is read again from its file; one probe of ``names_by_file``);
#: the rest of the row does not matter to redaction. A name found with a
#: term that is not text sends redaction to that record's file too (see
#: ``_IndexedNames.found``).
_NAMED = """
    typeof(size) = 'integer' AND typeof(mtime_ns) = 'integer'
    AND EXISTS (SELECT 1 FROM names WHERE names.file = records.file)
"""


class _IndexedNames:
    """Redaction's lookup of names: the index's ``names`` where a row matches
    its file, and in memory the names of files whose row does not."""

    def __init__(self, db: sqlite3.Connection | None, folder: Path, extra: Terms) -> None:
        self._db = db
        self._folder = folder
        self._extra = extra
        self._longest = 0
        if db is not None:
            (longest,) = db.execute("SELECT value FROM meta WHERE key = 'longest'").fetchone()
            # Never more than folding's cap, whatever a hostile index says.
            self._longest = min(int(longest), MAX_RUN)

    @property
    def longest(self) -> int:
        return max(self._longest, self._extra.longest)

    def found(self, keys: Set[str]) -> dict[str, set[str]]:
        import sqlite3

        found = self._extra.found(keys)
        if self._db is None:
            return found
        try:
            wanted = (json.dumps(sorted(keys), ensure_ascii=False),)
            rows = self._db.execute(
                "SELECT DISTINCT key, term FROM names"
                " WHERE key IN (SELECT value FROM json_each(?))",
                wanted,
            ).fetchall()
            if any(not isinstance(term, str) for _, term in rows):
                rows = self._db.execute(
                    "SELECT key, term, file FROM names"
                    " WHERE key IN (SELECT value FROM json_each(?))",
                    wanted,
                ).fetchall()
        except sqlite3.Error:
            # Damaged since it was checked: every name from its file instead.
            self._db.close()
            self._db, self._longest = None, 0
            for name, size, mtime_ns in on_disk(self._folder):
                self._extra.add(name_terms(_file_names(self._folder / name, size, mtime_ns)))
            return self._extra.found(keys)
        damaged = False
        for key, term, *file in rows:
            if isinstance(term, str):
                found.setdefault(key, set()).add(term)
            elif file and isinstance(file[0], str) and _RECORD_FILE.fullmatch(file[0]):
                damaged = True
                with contextlib.suppress(OSError):
                    path = self._folder / file[0]
                    stat = os.stat(path, follow_symlinks=False)
                    names = _file_names(path, stat.st_size, stat.st_mtime_ns)
                    self._extra.add(name_terms(names))
        if damaged:
            for key, terms in self._extra.found(keys).items():
                found.setdefault(key, set()).update(terms)
        return found


def _file_names(path: Path, size: int, mtime_ns: int) -> list[str]:
    row = summarize(path, size, mtime_ns)
    if row is None:
        return []
    return name_lines(path) if row[2] == UNREADABLE else list(json.loads(row[3]))


def redaction_names(also: Iterable[str] = ()) -> tuple[Lookup, list[str]]:
    """Every party's name in this computer's records (and ``also``), to look
    up in a grievance's text, and every record's id (from the same pass over
    the folder).

    From the index where its row matches the file (one ``stat`` a file, one
    SQL lookup a search), from the file otherwise; a record too damaged to
    read still names its parties, from its ``name = "..."`` lines, so no name
    escapes redaction for that. It writes nothing: a grievance must leave no
    trace of when it was filed.
    """
    import sqlite3

    extra = Terms(name_terms(also))
    folder = get_paths().records_dir
    if not folder.is_dir():
        return extra, []
    db = _read_only(folder)
    indexed: dict[Any, int | None] = {}
    if db is not None:
        try:
            # The stamp written out (the query keeps only integers): this runs
            # once a record, and a call each costs a grievance at 10,000 records.
            indexed = {
                file: (mtime_ns << 64) ^ size
                for file, size, mtime_ns in db.execute(
                    f"SELECT file, size, mtime_ns FROM records WHERE {_NAMED}"  # noqa: S608
                )
            }
            lookup = _IndexedNames(db, folder, extra)
        except (sqlite3.Error, ValueError, TypeError):
            db.close()
            db, indexed = None, {}
    if db is None:
        lookup = _IndexedNames(None, folder, extra)
    ids = []
    for name, size, mtime_ns in on_disk(folder):
        ids.append(name[:-5])  # without ".toml"
        if indexed.get(name) != (mtime_ns << 64) ^ size:
            extra.add(name_terms(_file_names(folder / name, size, mtime_ns)))
    return lookup, ids
