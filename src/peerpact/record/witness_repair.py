"""Repairing a damaged witness log without laundering what the damage hid.

A damaged log stops `amend`, `end` and `forget` (a write on top of it would
hide a rollback whose line was spoiled). `verify --repair-witness` gives the
way on: every line is judged on its own, as far as it can be. A line is kept
when its chain hash is the hash of the chain written on the line before it
and its entry, and one of this computer's keys signed that hash (a retired
key only for lines dated before its retirement). Every other line is lost,
and said so.

Losing a line must never make a check looser: a lost line that still reads
as a head (its signature spoiled, or the line before it unreadable so its
chain cannot be recomputed) is kept as ``unverified`` when it says a record
got further than any kept line does, and `verify` holds the record to it as
to a written head. So a record cut back one revision is still caught, however
the log's lines about it were damaged, as long as one of them can be read. A
lost ``forgotten`` line is never kept: a record cannot be forgotten on an
unverified word. A line that cannot be read at all is as if it had been cut
off the log, which the log cannot catch anyway (docs/threat-model.md).

The repaired log is written anew, chained and signed with the current key
(the kept entries' times, events and heads as they were); the damaged log is
kept beside it, 0600, under a name no later repair reuses.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerpact.errors import RecordError
from peerpact.files import atomic_write, describe_os_error, fsync_dir, locked
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record import witness
from peerpact.record.keys import PublicKey, SigningKey

#: The chain hash as written on a line that is not JSON any more, so the line
#: after it can still be checked.
_WRITTEN_CHAIN = re.compile(rb'"chain"\s*:\s*"([0-9a-f]{64})"')


@dataclass(frozen=True)
class Lost:
    """A line the repair could not keep: its number, why, and the head it
    names when it still reads as one (record, revision), else ("", 0)."""

    line: int
    why: str
    record: str = ""
    number: int = 0


@dataclass
class Repair:
    """What a repair did: nothing when the log was sound (``damage`` empty)."""

    damage: str = ""
    lines: int = 0
    kept: int = 0
    lost: list[Lost] = field(default_factory=list)
    #: Heads kept unverified, as (record, revision), so no check got looser.
    unverified: list[tuple[str, int]] = field(default_factory=list)
    #: Where the damaged log now is.
    original: Path | None = None


def repair(key: SigningKey) -> Repair:
    """Repair the witness log under its lock; a sound log is left as it is."""
    from peerpact.record.keyring import own_keyring

    path = get_paths().witness_file
    own = own_keyring()
    with locked(path):
        damage = witness.read(own).damage
        if not damage:
            return Repair()
        result = Repair(damage=damage)
        kept: list[dict[str, Any]] = []
        claims: dict[str, dict[str, Any]] = {}
        previous, seq = "", 0  # the chain written on the line before, whatever became of it
        for number, line in _lines(path):
            result.lines = number
            entry, lost = _judge(line, number, own, previous)
            found = _WRITTEN_CHAIN.search(line)
            previous = found.group(1).decode("ascii") if found else ""
            if entry and entry["seq"] > seq + 1:  # lines taken out: said, as nothing can be read
                first, last = seq + 1, entry["seq"] - 1
                gone = _("entries {first} to {last} are gone from the log") if last > first else ""
                gone = gone or _("entry {first} is gone from the log")
                result.lost.append(Lost(number, gone.format(first=first, last=last)))
            seq = entry["seq"] if entry else seq + 1
            if lost is None:
                kept.append(entry)
                continue
            result.lost.append(lost)
            if entry and entry["event"] != witness.FORGOTTEN:
                best = claims.get(entry["record"])
                if best is None or entry["number"] > best["number"]:
                    claims[entry["record"]] = entry
        entries = list(_entries(kept, claims, result))
        result.kept = len(kept)
        result.original = _keep_aside(path)
        atomic_write(path, witness.signed_lines(key, "", 0, entries)[0])
    return result


def _judge(
    line: bytes, number: int, own: Mapping[str, PublicKey], previous: str
) -> tuple[dict[str, Any], Lost | None]:
    """The entry a line holds ({} when none can be read) and, unless it is
    kept, why it is lost."""
    try:
        entry, chain, signature = witness.parse(line, _("line {number}").format(number=number))
    except RecordError as exc:
        return {}, Lost(number, exc.message)
    if witness.chain_of(previous, entry) != chain:
        why = _("the line before it was changed, removed or cannot be read")
        return entry, Lost(number, why, entry["record"], entry["number"])
    if not witness.signed(entry, chain, signature, own):
        why = _("it is not signed by this computer's key")
        return entry, Lost(number, why, entry["record"], entry["number"])
    return entry, None


def _entries(
    kept: list[dict[str, Any]], claims: dict[str, dict[str, Any]], result: Repair
) -> Iterator[tuple[str, str, str, int, str]]:
    """The kept entries in order, then each lost head that goes further than
    what was kept of its record, as unverified (never a looser check)."""
    last: dict[str, dict[str, Any]] = {}
    for entry in kept:
        last[entry["record"]] = entry
        yield entry["time"], entry["event"], entry["record"], entry["number"], entry["head"]
    for record, claim in claims.items():
        known = last.get(record)
        if known is not None and (
            known["event"] == witness.FORGOTTEN or known["number"] >= claim["number"]
        ):
            continue
        result.unverified.append((record, claim["number"]))
        yield claim["time"], witness.UNVERIFIED, record, claim["number"], claim["head"]


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Every complete line, numbered; a line longer than any peerpact writes
    is read to its end in pieces and given back cut short, so it is lost
    as a line that does not read. A last line with no newline is a write a
    crash cut short, and is not a line (as `witness.read` has it)."""
    try:
        with witness.open_log(path) as handle:
            if os.fstat(handle.fileno()).st_size > witness.MAX_LOG_BYTES:
                raise RecordError(
                    _("The witness log {path} is larger than any peerpact writes.").format(
                        path=path
                    ),
                    _("Move it aside; the next write starts a new log."),
                )
            number = 0
            while line := handle.readline(witness.MAX_LINE + 1):
                rest = line
                while not rest.endswith(b"\n") and len(rest) > witness.MAX_LINE:
                    rest = handle.readline(witness.MAX_LINE + 1)  # the rest of a long line
                if not rest.endswith(b"\n"):
                    return
                number += 1
                yield number, line
    except OSError as exc:
        raise describe_os_error(exc, path) from exc


def _keep_aside(path: Path) -> Path:
    """Link the damaged log under the first free name for one beside it (a
    link never replaces a file), 0600."""
    number = 1
    while True:
        aside = get_paths().damaged_witness_file(number)
        try:
            os.link(path, aside)
        except FileExistsError:
            number += 1
            continue
        except OSError as exc:
            raise describe_os_error(exc, aside) from exc
        os.chmod(aside, 0o600)
        fsync_dir(path.parent)
        return aside
