"""The index of records: one SQLite row per record file, for `list` and redaction.

Parsing every record on every `list` costs ~1 ms a record, so each file's
summary (what `list` shows, and the parties' names redaction needs: nothing
more) is kept in the cache folder, in stdlib sqlite3 (WAL), and `list`
streams rows from it, filtered and sorted by SQLite, so its memory does not
grow with the number of records.

The files stay the source of truth. Each row carries its file's name, size
and modification time (ns); every use checks them against the folder, and a
row that differs, or is malformed, is read again from its file. (A limited
list of a folder unchanged since the last full check checks only the rows it
shows: see "a settled folder" below.) An index that
is missing, damaged or from another folder is rebuilt, and one that cannot be
written is replaced by an in-memory one: the same answers, only slower.

Redaction looks names up rather than reading them all: each row's parties'
names are also kept folded (``peerpact.record.folding``), one row of ``names`` a
term, under a SQL index by key, so a grievance asks only for the few keys its
text could hold, however many records there are (``names``).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import PeerpactError, StorageError
from peerpact.files import (
    check_real_folder,
    read_bounded,
)
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.progress import INDEX, tick
from peerpact.record.folding import LONG_KEY, folded_terms, name_terms, tokens_in
from peerpact.record.format import MAX_RECORD_BYTES, parse_record
from peerpact.record.index import verdicts
from peerpact.record.index.db import busy, in_memory, open_index, remove_index, tighten
from peerpact.record.index.query import (
    SEALED,
    UNREADABLE,
    VALID,
    Filters,
    NameRow,
    Row,
    Summary,
    query,
    summary_of,
)
from peerpact.record.index.scan import name_lines, on_disk
from peerpact.record.index.seal import index_key, names_seal, seal, sealed
from peerpact.record.index.verdicts import failure

if TYPE_CHECKING:
    import sqlite3


#: Rows written per transaction while (re)building, so others can interleave.
_BATCH = 1000


def summarize(path: Path, size: int, mtime_ns: int) -> Row | None:
    """A file's row, read from the file; None when it vanished meanwhile."""
    try:
        data = read_bounded(path, MAX_RECORD_BYTES, _("record"), follow=False)
        record = parse_record(data, str(path), path.stem)
        state = record.state()
    except FileNotFoundError:
        return None
    except PeerpactError as exc:
        return (path.name, path.stem, UNREADABLE, "[]", "[]", "", "", "", 0, size, mtime_ns,
                exc.message)  # fmt: skip
    return (
        path.name,
        state.id,
        state.status,
        json.dumps([party.name for party in state.parties], ensure_ascii=False),
        json.dumps([party.role for party in state.parties], ensure_ascii=False),
        state.created,
        state.updated,
        state.head,
        len(record.revisions),
        size,
        mtime_ns,
        failure(record),
    )


def _name_rows(path: Path, row: Row) -> list[NameRow]:
    """The folded terms of a row's names (a damaged record's from its lines)."""
    names = name_lines(path) if row[2] == UNREADABLE else json.loads(row[3])
    return [(row[0], key, term) for key, term in folded_terms(name_terms(names))]


def _summarize_task(task: tuple[str, int, int]) -> tuple[Row, list[NameRow]] | None:
    path = Path(task[0])
    row = summarize(path, task[1], task[2])
    return None if row is None else (row, _name_rows(path, row))


# -- a settled folder ------------------------------------------------------------------
#
# A folder's mtime changes whenever a name in it is made, removed or renamed,
# and peerpact writes every record by renaming a finished file into place.
# So while the records folder keeps the mtime (and inode) it had when every
# row was last checked, no record was made, removed or replaced since, and a
# limited list (`list --limit 50`: newest first) need check only the rows it
# shows, one stat each, instead of stat-ing 100,000 files. What the folder's
# mtime cannot see is a file rewritten in place, behind peerpact's back: it is
# read again as soon as it would be shown (its own size or mtime differs), and
# by any full list; until then a limited list may leave it out of the rows it
# shows. A full list, --party (a filter in Python, over every row), verify and
# redaction check every file as before.
#
# Racy timestamps (git's "racily clean" problem): a change in the same clock
# tick as the mtime recorded would not move it, so the state is kept only when
# the folder's mtime is older than _SETTLED_NS when it is read (before the
# files are), 2 s being also the coarsest timestamp of common file systems.

_SETTLED_NS = 2_000_000_000
#: A limited list showing more than this checks every file, as a full one does.
_TRUSTED_LIMIT = 1000


def _folder_state(folder: Path) -> tuple[str, bool]:
    """The folder's identity and mtime, and whether it is old enough to keep."""
    stat = os.stat(folder)
    settled = time.time_ns() - stat.st_mtime_ns >= _SETTLED_NS
    return f"{stat.st_dev}:{stat.st_ino}:{stat.st_mtime_ns}", settled


def _rows_checked(db: sqlite3.Connection, folder: Path, filters: Filters) -> bool:
    """True when a limited list may show its rows without the full check:
    the folder is as it was at the last one, and every row to show matches
    its file."""
    if filters.limit is None or filters.limit > _TRUSTED_LIMIT or filters.party is not None:
        return False
    state, _settled = _folder_state(folder)
    (rows,) = db.execute("SELECT count(*) FROM records").fetchone()
    stored = db.execute("SELECT value FROM meta WHERE key = 'folder_state'").fetchone()
    if stored is None or stored[0] != f"{state}:{rows}":
        return False
    # A row of the wrong types (a hostile one) is read again from its file, as
    # the full check would, never printed.
    sql, args = query(filters, f"file, size, mtime_ns, ({VALID})")
    for file, size, mtime_ns, valid in db.execute(sql, args):
        if valid != 1:
            return False
        try:
            stat = os.stat(folder / file, follow_symlinks=False)
        except (OSError, TypeError, ValueError):  # gone, or a hostile row
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
            return False
    return True


def _keep_state(db: sqlite3.Connection, state: str | None) -> None:
    """Remember the folder's state after a full check (or forget it)."""
    (rows,) = db.execute("SELECT count(*) FROM records").fetchone()
    wanted = None if state is None else f"{state}:{rows}"
    stored = db.execute("SELECT value FROM meta WHERE key = 'folder_state'").fetchone()
    if (stored and stored[0]) != wanted:
        _write(
            db,
            [("INSERT OR REPLACE INTO meta VALUES ('folder_state', ?)", [(wanted,)])]
            if wanted
            else [("DELETE FROM meta WHERE key = ?", [("folder_state",)])],
        )


def _stamp(size: Any, mtime_ns: Any) -> int | None:
    """A file's size and mtime as one int: a 100,000-row dict of these is
    about 8 MiB smaller than one of tuples. None for a row's non-integers."""
    if type(size) is not int or type(mtime_ns) is not int:
        return None
    return (mtime_ns << 64) ^ size


def _sync(db: sqlite3.Connection, folder: Path, key: bytes | None) -> None:
    """Make the rows match the files: re-read what changed, drop what is gone."""
    from peerpact.record.pool import pooled

    # Read before the files: a change while they are read moves it past this.
    state, settled = _folder_state(folder)

    # One pass over the rows: a malformed row counts as out of date, so it is
    # read again from its file, or dropped with the files that are gone.
    known: dict[Any, int | None] = {
        file: _stamp(size, mtime_ns) if ok else None
        for file, size, mtime_ns, ok in db.execute(
            f"SELECT file, size, mtime_ns, {VALID} FROM records"  # noqa: S608 (constants)
        )
    }
    stale = []
    for name, size, mtime_ns in on_disk(folder):
        if known.pop(name, None) != _stamp(size, mtime_ns):
            stale.append((str(folder / name), size, mtime_ns))
    # "IS", not "=": a hostile row's file may be NULL.
    gone = [(name,) for name in known]
    _write(db, [("DELETE FROM records WHERE file IS ?", gone), (_FORGET_NAMES, gone)])
    del known
    batch: list[tuple[Row, list[NameRow]]] = []
    keys = verdicts.read_keys() if stale else ""  # once for every row, not once a row
    with verdicts.checking_with(keys):
        found_rows = pooled(_summarize_task, stale, None, verdicts.use_keys, (keys,))
        for done, found in enumerate(found_rows, 1):
            tick(INDEX, done, len(stale))
            if found is not None:
                batch.append(found)
            if len(batch) >= _BATCH:
                _store(db, batch, key)
                batch = []
    _store(db, batch, key)
    if gone or stale:
        _reseal(db, key)
    _keep_state(db, state if settled else None)


def _reseal(db: sqlite3.Connection, key: bytes | None) -> None:
    """The names table's seal, after its rows changed (see ``seal``)."""
    _write(db, [("INSERT OR REPLACE INTO meta VALUES ('names_seal', ?)", [(names_seal(db, key),)])])


_FORGET_NAMES = "DELETE FROM names WHERE file IS ?"


def _store(
    db: sqlite3.Connection, batch: list[tuple[Row, list[NameRow]]], key: bytes | None
) -> None:
    """Rows and their names, together, so a row is never without its names."""
    if not batch:
        return
    names = [name for _, rows in batch for name in rows]
    longest = max((tokens_in(term) for _, key, term in names if key != LONG_KEY), default=0)
    (stored,) = db.execute("SELECT value FROM meta WHERE key = 'longest'").fetchone() or ("0",)
    _write(
        db,
        [
            (_FORGET_NAMES, [(row[0],) for row, _ in batch]),
            ("INSERT OR REPLACE INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
             [(*row, seal(key, row)) for row, _ in batch]),
            ("INSERT INTO names VALUES (?, ?, ?)", names),
            ("INSERT OR REPLACE INTO meta VALUES ('longest', ?)",
             [(str(max(longest, int(stored))),)]),
        ],
    )  # fmt: skip


def _write(db: sqlite3.Connection, steps: list[tuple[str, list[Any]]]) -> None:
    """Each (statement, rows) in one transaction."""
    if not any(rows for _, rows in steps):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for sql, rows in steps:
            db.executemany(sql, rows)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _from_file(folder: Path, file: str) -> Summary | None:
    """A row that changed under us since it was checked, read from its file."""
    with contextlib.suppress(OSError):
        stat = os.stat(folder / file, follow_symlinks=False)
        row = summarize(folder / file, stat.st_size, stat.st_mtime_ns)
        return summary_of((row[0], *row[1:9], row[11])) if row else None
    return None


class Listing:
    """The records `list` shows, newest change first; iterate it as often as
    needed (each pass reads the rows again, one at a time)."""

    def __init__(
        self, db: sqlite3.Connection | None, folder: Path, filters: Filters, key: bytes | None
    ) -> None:
        self._db = db
        self._key = key
        self._folder = folder
        self._filters = filters

    def __iter__(self) -> Iterator[Summary]:
        if self._db is None:
            return
        sql, args = query(self._filters, SEALED)
        wanted = self._filters.party.casefold() if self._filters.party else None
        left = self._filters.limit
        for row in self._rows(sql, args):
            # A row shows only under its seal: one an attacker edited (a
            # party, a status) is read again from its file, never shown.
            summary: Summary | None = None
            if sealed(self._key, row[:12], row[12]):
                with contextlib.suppress(ValueError, TypeError):
                    summary = summary_of((*row[:9], row[11]))
            if summary is None:
                summary = _from_file(self._folder, str(row[0]))
            if summary is None:
                continue
            if wanted is not None and not any(wanted in n.casefold() for n in summary.parties):
                continue
            yield summary
            if left is not None:
                left -= 1
                if left <= 0:
                    return

    def _rows(self, sql: str, args: list[Any]) -> Iterator[tuple[Any, ...]]:
        import sqlite3

        assert self._db is not None
        try:
            # A plain loop, not `yield from`: when the caller stops early and
            # closes the database, closing this generator must not touch the
            # cursor again (that would read as damage and drop the index).
            for row in self._db.execute(sql, args):  # noqa: UP028
                yield row
        except sqlite3.DatabaseError as exc:
            # Damage that the rows checked on the way in did not show (in
            # SQLite's own index): gone, so the next run rebuilds it.
            self._db.close()
            remove_index(get_paths().index_file)
            raise StorageError(
                _("The index of records was damaged ({exc}); it has been removed.").format(exc=exc),
                _("Run the command again: the index is rebuilt from the records."),
            ) from exc

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def listing(filters: Filters | None = None) -> Listing:
    """Bring the index up to date with the files, and the rows ``filters`` asks for."""
    folder = check_real_folder(get_paths().records_dir, _("records"))
    key = index_key()
    if not folder.is_dir():
        return Listing(None, folder, filters or Filters(), key)
    # Earlier peerpact kept a JSON cache among the records; its names go too.
    with contextlib.suppress(OSError):
        os.unlink(folder / ".index.json")
    import sqlite3

    db = None
    for _attempt in range(2):
        candidate = open_index(folder, key)
        try:
            if not _rows_checked(candidate, folder, filters or Filters()):
                _sync(candidate, folder, key)
        except sqlite3.DatabaseError as exc:  # damage found only as it was read: rebuild
            candidate.close()
            if busy(exc):
                break
            remove_index(get_paths().index_file)
            continue
        db = candidate
        break
    if db is None:
        db = in_memory(folder, key)
        _sync(db, folder, key)
    tighten(get_paths().index_file)
    return Listing(db, folder, filters or Filters(), key)


def forget_row(record_id: str) -> None:
    """Remove a record's row (for `forget`): its names leave the index with it."""
    import sqlite3

    path = get_paths().index_file
    if not path.exists():
        return
    with contextlib.suppress(sqlite3.Error):
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            gone = [(f"{record_id}.toml",)]
            _write(db, [("DELETE FROM records WHERE file = ?", gone), (_FORGET_NAMES, gone)])
            _reseal(db, index_key())
        finally:
            db.close()
