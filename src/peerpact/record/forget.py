"""Forgetting a record for good, as a member may ask and retention requires.

What goes: the record file, its lock file, any drafts that name it, any temp
file holding a copy of it, and its row in `list`'s cache. What stays: a signed
tombstone (``ID.forgotten`` in the records folder) holding only the record's
id, its last head hash and the date, so that `verify` can tell a record
forgotten on purpose from one that went missing.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peerpact.errors import NotFoundError, PeerpactError, RecordError, UserInputError
from peerpact.files import TEMP_PREFIX, atomic_write, fsync_dir, locked, open_own, read_bounded
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record import witness
from peerpact.record.format import Problem, canonical, verify
from peerpact.record.keyring import keyring, own_keyring
from peerpact.record.keys import PublicKey, SigningKey

SUFFIX = ".forgotten"
MAX_TOMBSTONE_BYTES = 4096
#: A temp file or draft bigger than this is not read to look for the id.
MAX_SCAN_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Tombstone:
    record: str
    head: str
    date: str
    signer: str
    signature: str

    def payload(self) -> dict[str, Any]:
        return {
            "kind": "forgotten",
            "record": self.record,
            "head": self.head,
            "date": self.date,
            "signer": self.signer,
        }

    def problems(self, keys: Mapping[str, PublicKey]) -> list[Problem]:
        from peerpact.record.keyring import signed_in_time

        key = keys.get(self.signer)
        if key is None or not signed_in_time(keys, self.signer, self.date + "T23:59:59Z"):
            # Only this computer's own keys (or the one --key pins) may forget.
            return [
                Problem(
                    self.record,
                    None,
                    _("tombstone signed by {signer}, not one of this computer's keys").format(
                        signer=self.signer
                    ),
                )
            ]
        try:
            signature = base64.b64decode(self.signature, validate=True)
        except (binascii.Error, ValueError):
            signature = b""
        if not key.verify(signature, canonical(self.payload())):
            return [Problem(self.record, None, "tombstone has a bad signature")]
        return []


def tombstone_path(record_id: str) -> Path:
    return get_paths().records_dir / f"{record_id}{SUFFIX}"


def read_tombstone(path: Path) -> Tombstone:
    data = read_bounded(path, MAX_TOMBSTONE_BYTES, _("tombstone"), follow=False)
    return parse_tombstone(data, path.name, path)


def parse_tombstone(raw: bytes, name: str, source: Path | str) -> Tombstone:
    """A tombstone from its bytes; ``name`` is its file name, which must match its id."""
    record_id = name.removesuffix(SUFFIX)
    try:
        data = json.loads(raw)
        stone = Tombstone(**{field: data[field] for field in Tombstone.__dataclass_fields__})
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise RecordError(_("{source} is not a peerpact tombstone.").format(source=source)) from exc
    if stone.record != record_id or not all(isinstance(v, str) for v in data.values()):
        raise RecordError(
            _("{source} is not the tombstone of {record_id}.").format(
                source=source, record_id=record_id
            )
        )
    try:
        canonical(stone.payload())  # text that cannot be signed (a lone surrogate)
    except UnicodeError as exc:
        raise RecordError(_("{source} is not a peerpact tombstone.").format(source=source)) from exc
    return stone


def tombstones() -> list[Path]:
    folder = get_paths().records_dir
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("."))


def check_tombstone(path: Path, keys: Mapping[str, PublicKey]) -> tuple[str, str, list[Problem]]:
    """(date forgotten, signer, problems) for one tombstone; unreadable is a problem."""
    try:
        stone = read_tombstone(path)
    except PeerpactError as exc:
        return "", "", [Problem(path.name.removesuffix(SUFFIX), None, exc.message)]
    return stone.date, stone.signer, stone.problems(keys)


def forget(path: Path, key: SigningKey, date: str) -> Tombstone:
    """Forget the record at ``path``: tombstone first, then everything else."""
    from peerpact.record.store import forget_row, read_record

    with locked(path):
        if not path.exists():
            raise NotFoundError(
                _("No record at {path}; it may have been forgotten already.").format(path=path)
            )
        record_id = path.stem
        # Only a head recomputed from a record that verifies is signed into the
        # tombstone and the witness; anything else is forgotten with no head.
        head, number = "", 0
        with contextlib.suppress(PeerpactError):
            verdict = verify(read_record(path)[0], keyring())
            if verdict.ok:
                head, number = verdict.head, len(verdict.hashes)
        stone = Tombstone(record_id, head, date, key.public.fingerprint, "")
        signature = base64.b64encode(key.sign(canonical(stone.payload()))).decode("ascii")
        stone = Tombstone(stone.record, stone.head, date, stone.signer, signature)
        body = {**stone.payload(), "signature": signature}
        # Written before the record goes: a crash in between leaves both, and
        # `forget` again finishes; never a record gone with no word why.
        atomic_write(tombstone_path(record_id), json.dumps(body, indent=2).encode("utf-8"))
        os.unlink(path)
        _remove_copies(path.parent, record_id)
        fsync_dir(path.parent)
        # The witness learns it too, so `verify` reports it as forgotten even
        # if the tombstone is lost, never as missing.
        witness.append(key, own_keyring(), record_id, number, head, witness.FORGOTTEN)
    with contextlib.suppress(OSError):
        (path.parent / f".{path.name}.lock").unlink()
    forget_row(record_id)
    _remove_drafts(record_id)
    return stone


def _mentions(path: Path, record_id: str) -> bool:
    try:
        with open_own(path) as handle:
            return record_id.encode("ascii") in handle.read(MAX_SCAN_BYTES)
    except (OSError, PeerpactError):
        return False


def _remove_copies(folder: Path, record_id: str) -> None:
    """Temp files a crashed writer left that hold this record."""
    for entry in os.scandir(folder):
        if entry.name.startswith(TEMP_PREFIX) and _mentions(Path(entry.path), record_id):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _remove_drafts(record_id: str) -> None:
    """Interview and amendment drafts of this record, if drafts are kept."""
    drafts = get_paths().data_dir / "drafts"
    if not drafts.is_dir() or drafts.is_symlink():
        return
    for folder, _subfolders, names in os.walk(drafts, followlinks=False):
        for name in names:
            path = Path(folder) / name
            if not path.is_symlink() and (record_id in name or _mentions(path, record_id)):
                with contextlib.suppress(OSError):
                    path.unlink()


def forget_after(ended: str, days: int) -> str:
    """The date from which an agreement that ended on ``ended`` is due to be forgotten."""
    from datetime import date, timedelta

    return (date.fromisoformat(ended[:10]) + timedelta(days=days)).isoformat()


def _ended(day_due: Callable[[str], bool]) -> list[str]:
    """Ids of the agreements whose end, read from the record itself just
    verified, ``day_due`` says is due. The index only proposes candidates:
    a row that says "ended" is never believed, since nobody signed it."""
    from peerpact.record.index.query import Filters
    from peerpact.record.index.rows import listing
    from peerpact.record.store import records_dir

    rows = listing(Filters(status="ended"))
    try:
        candidates = sorted({s.id for s in rows})
    finally:
        rows.close()
    ring = keyring()
    due = []
    for record_id in candidates:
        end = verified_end(records_dir() / f"{record_id}.toml", ring)
        if end and day_due(end):
            due.append(record_id)
    return due


def verified_end(path: Path, keys: Mapping[str, PublicKey]) -> str:
    """When the agreement at ``path`` ended, from its signed revisions; "" when
    it has not ended, or does not verify (so nothing unsigned makes it due)."""
    from peerpact.record.store import read_record

    try:
        verdict = verify(read_record(path)[0], keys)
    except PeerpactError:
        return ""
    state = verdict.state
    if not verdict.ok or state is None or state.status != "ended":
        return ""
    return str(state.updated)


def ended_before(day: str) -> list[str]:
    """Ids of the agreements that ended before ``day`` (YYYY-MM-DD)."""
    return _ended(lambda end: end[:10] < day)


def due(days: int, today: str) -> list[str]:
    """Ids of the ended agreements that `retention.ended_days` says to forget by ``today``."""
    return _ended(lambda end: forget_after(end, days) <= today)


def chosen(
    record_ids: list[str], ended_before_day: str | None, is_due: bool, today: str
) -> list[Path]:
    """`forget`'s choice: the records named, or every one that ended before a
    day, or every one `retention.ended_days` says is due; each one's file."""
    from peerpact.config import load_config
    from peerpact.record.store import find_record

    if sum([bool(record_ids), ended_before_day is not None, is_due]) != 1:
        raise UserInputError(_("Name records to forget, or use --ended-before DATE, or --due."))
    if ended_before_day is not None:
        record_ids = ended_before(_day(ended_before_day))
    elif is_due:
        days = load_config().retention_ended_days
        if days is None:
            raise UserInputError(
                _("retention.ended_days is not set, so nothing is due."),
                _("Set it with `peerpact config set retention.ended_days 365`."),
            )
        record_ids = due(days, today)
    return [find_record(spec) for spec in record_ids]


def forget_all(
    paths: list[Path], today: str, confirm: Callable[[set[str]], None] | None = None
) -> list[str]:
    """Forget each record, signing each tombstone with this computer's key;
    ``confirm`` (given the ids, once the key is there) may still stop it."""
    from peerpact.paths import get_paths
    from peerpact.record.keys import require_key
    from peerpact.record.store import sound_witness

    key = require_key(get_paths().key_file)
    sound_witness()
    if confirm is not None:
        confirm({path.stem for path in paths})
    return [forget(path, key, today).record for path in paths]


def _day(value: str) -> str:
    import datetime

    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise UserInputError(
            _("{value!r} is not a date.").format(value=value), _("Give it as YYYY-MM-DD.")
        ) from exc
