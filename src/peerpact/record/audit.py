"""`verify`'s use case: records, tombstones and the witness log, reconciled.

Each record named (or, with ``every``, every record here) is checked on its
own (signatures, chain, schema) and against what this computer's witness log
saw written; each tombstone against its signature; and, with ``every``, each
record the witness saw that is neither here nor forgotten is reported
missing. Outcomes come one at a time, as they are found, so a caller can show
each at once and memory stays flat however many records there are. Plain
data out: the CLI decides how each is said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.errors import InvalidError, UserInputError
from peerpact.i18n import _
from peerpact.progress import VERIFY, tick

if TYPE_CHECKING:
    from peerpact.record.copy import CopyCheck
    from peerpact.record.format import Problem, Record, Verdict
    from peerpact.record.keyring import Keyring
    from peerpact.record.revisions import Entry
    from peerpact.record.witness import Witness

#: A head a party kept must be long enough that nobody can make another
#: revision with the same start (8 hex digits took a key holder ~10 CPU-minutes).
MIN_HEAD_DIGITS = 12


@dataclass
class Checked:
    """A record that was read and checked."""

    verdict: Verdict


@dataclass
class Forgotten:
    """A record forgotten on purpose: by its tombstone (checked), or by the
    witness log alone once the tombstone is gone too."""

    record: str
    date: str
    problems: list[Problem] = field(default_factory=list)
    #: The key that signed the tombstone ("" when only the witness says so).
    signer: str = ""


@dataclass
class Missing:
    """A record the witness log saw written whose file is gone."""

    record: str
    what: str


Outcome = Checked | Forgotten | Missing


@dataclass
class Audit:
    """One `verify` run: what to check, and the tally as outcomes come."""

    targets: list[tuple[Path | str, bool]]
    stones: list[Path]
    every: bool
    head: str | None
    keys: Keyring
    witness: Witness
    jobs: int | None = None
    #: The keys witness lines and tombstones may be signed by.
    own: Keyring | None = None
    checked: int = 0
    failed: int = 0
    forgotten: int = 0
    #: Tombstones by record id, until a record file beside one is judged with it.
    _beside: dict[str, Path] = field(default_factory=dict)

    @property
    def _stone_keys(self) -> Keyring:
        return self.own if self.own is not None else self.keys

    def run(self) -> Iterator[Outcome]:
        """Every outcome in order: records, then tombstones, then (with
        ``every``) what the witness saw that is gone. One outcome per id: a
        record file beside its own tombstone is judged with it. Progress is
        told after each outcome has been taken (and shown)."""
        total = len(self.targets) + len(self.stones)
        for done, outcome in enumerate(self._outcomes(), 1):
            yield outcome
            tick(VERIFY, min(done, total), total)

    def _outcomes(self) -> Iterator[Outcome]:
        from peerpact.record.forget import SUFFIX

        self._beside = {stone.name.removesuffix(SUFFIX): stone for stone in self.stones}
        yield from self._records()
        for stone in self._beside.values():  # those no record file was beside
            yield self._count(_tombstone(stone, self._stone_keys))
        if self.every:
            yield from self._reconciled()

    def _records(self) -> Iterator[Outcome]:
        from peerpact.record.format import head_matches
        from peerpact.record.store import add_witness_view, verify_files

        targets, self.targets = self.targets, []  # not held through the rest
        for verdict in verify_files(targets, self.keys, self.jobs):
            add_witness_view(verdict, self.witness)
            if self.head is not None and not head_matches(verdict, self.head):
                verdict.fail(
                    None,
                    _("head %(head)s is no longer in the record (rolled back)")
                    % {"head": self.head},
                )
            yield self._count(self._judged(verdict))

    def _judged(self, verdict: Verdict) -> Outcome:
        """A record's one outcome, given what says it was forgotten.

        A record whose own key signed its forgetting (a tombstone that
        verifies, or else the witness log's last word on it) is forgotten,
        whatever file came back: a `forget` cut short, or an old backup
        restored. That is a failure, since what was to be erased is here.
        A tombstone beside it that does not verify decides nothing, and is
        a failure of the record's."""
        from peerpact.record.format import Problem
        from peerpact.record.witness import FORGOTTEN

        stone = self._beside.pop(verdict.record, None)
        if stone is not None:
            forgotten = _tombstone(stone, self._stone_keys)
            for problem in forgotten.problems:
                verdict.fail(None, problem.what)
            if forgotten.problems:
                return Checked(verdict)
        else:
            seen = self.witness.heads.get(verdict.record)
            if seen is None or seen.event != FORGOTTEN:
                return Checked(verdict)
            forgotten = Forgotten(verdict.record, seen.time[:10])
        back = _(
            "forgotten on purpose on %(date)s, yet its file is back (a `forget` cut "
            "short, or an older backup restored): `peerpact forget %(id)s` erases it again"
        ) % {"date": forgotten.date, "id": verdict.record}
        forgotten.problems.append(Problem(verdict.record, None, back))
        return forgotten

    def _reconciled(self) -> Iterator[Outcome]:
        from peerpact.record.forget import SUFFIX
        from peerpact.record.store import stored_ids
        from peerpact.record.witness import FORGOTTEN

        present = set(stored_ids()) | {stone.name.removesuffix(SUFFIX) for stone in self.stones}
        # Ids, then each entry as it is needed: not every record's at once.
        for record_id in sorted(self.witness.heads):
            if record_id in present:
                continue
            entry = self.witness.heads[record_id]
            if entry.event == FORGOTTEN:
                yield self._count(Forgotten(record_id, entry.time[:10]))
                continue
            what = _(
                "missing: this computer wrote revision %(n)s (head %(head)s), but the file is gone"
            ) % {"n": entry.number, "head": entry.head[:16]}
            yield self._count(Missing(record_id, what))

    def _count(self, outcome: Outcome) -> Outcome:
        if isinstance(outcome, Checked):
            self.checked += 1
            self.failed += not outcome.verdict.ok
        elif isinstance(outcome, Forgotten):
            self.forgotten += not outcome.problems
            self.failed += bool(outcome.problems)
        else:
            self.checked += 1
            self.failed += 1
        return outcome

    @property
    def ok(self) -> bool:
        return not self.failed and not self.witness.damage

    def check_passed(self) -> None:
        """Raise InvalidError (exit 1) unless every record and the log held."""
        if not self.ok:
            raise InvalidError(
                _("%(bad)s of %(n)s record(s) failed verification.")
                % {"bad": self.failed or 1, "n": max(self.checked + self.forgotten, 1)}
            )


def start(
    record_ids: list[str],
    every: bool,
    files: list[Path],
    head: str | None,
    key_files: list[Path] | None,
    jobs: int | None = None,
) -> Audit:
    """The audit asked for, checked before anything is read; run it with ``run()``."""
    from peerpact.files import require_given
    from peerpact.record.forget import SUFFIX, tombstone_path, tombstones
    from peerpact.record.keyring import keyring, own_keyring
    from peerpact.record.store import read_witness, records_dir, stored_ids

    wanted_head = kept_head(head)
    for path in files:
        require_given(path)  # a file that is not there is exit 3, as everywhere
    # A newcomer's bare `peerpact verify` means "check everything", as --all.
    every = every or (not record_ids and not files and wanted_head is None)
    # Strings, not Paths: with 100,000 records that alone is tens of MiB.
    targets: list[tuple[Path | str, bool]] = [(path, False) for path in files]
    stones: list[Path] = []
    # A tombstone beside a named record is judged with it (one verdict), but
    # is not a second record named: --head still checks exactly one.
    beside_stones: list[Path] = []
    if every:
        folder = str(records_dir())
        targets.extend((f"{folder}/{record_id}.toml", True) for record_id in stored_ids())
        stones.extend(tombstones())
    for spec in record_ids:
        found = record_or_tombstone(spec)
        if found.name.endswith(SUFFIX):
            stones.append(found)
        else:
            targets.append((found, True))
            beside = tombstone_path(found.stem)
            if beside.is_file() and beside not in stones and beside not in beside_stones:
                beside_stones.append(beside)
    if not targets and not stones and not every:
        raise UserInputError(_("Name records to check, or use --all."))
    if wanted_head is not None and len(targets) + len(stones) != 1:
        raise UserInputError(_("--head checks one record: name exactly one."))
    stones.extend(stone for stone in beside_stones if stone not in stones)
    keys = keyring(key_files)
    # Witness lines and tombstones come only from this computer's own keys,
    # or from exactly the keys --key pins: never from a trusted colleague's.
    own = keys if key_files else own_keyring()
    return Audit(targets, stones, every, wanted_head, keys, read_witness(own), jobs, own=own)


def kept_head(value: str | None) -> str | None:
    """A head a party kept, as hex digits; a UserInputError when it is not one."""
    if value is None:
        return None
    head = value.strip().lower()
    if not re.fullmatch(rf"[0-9a-f]{{{MIN_HEAD_DIGITS},64}}", head):
        raise UserInputError(
            _(
                "--head %(value)r is not a head: give at least %(n)s hex digits "
                "(0-9, a-f) of the head printed on a copy, and nothing else."
            )
            % {"value": value, "n": MIN_HEAD_DIGITS},
            _("Example: %(example)s")
            % {"example": "`peerpact verify k3f9q2xa --head 71d93925a59c4e1f`."},
        )
    return head


def record_or_tombstone(spec: str) -> Path:
    """A record's file, or the tombstone it left when it was forgotten."""
    from peerpact.errors import NotFoundError
    from peerpact.record.forget import tombstone_path
    from peerpact.record.store import find_record

    try:
        return find_record(spec)
    except NotFoundError:
        stone = tombstone_path(spec.strip().lower())
        if stone.is_file():
            return stone
        raise


def _tombstone(stone: Path, keys: Keyring) -> Forgotten:
    from peerpact.record.forget import SUFFIX, check_tombstone

    date, signer, problems = check_tombstone(stone, keys)
    return Forgotten(stone.name.removesuffix(SUFFIX), date, problems, signer)


def outcome_json(outcome: Outcome, keys: Keyring) -> dict[str, object]:
    """One outcome as `verify --json` reports it (docs/json.md)."""
    if isinstance(outcome, Forgotten):
        return {
            "id": outcome.record,
            "ok": not outcome.problems,
            "forgotten": outcome.date,
            "problems": [{"revision": p.revision, "what": p.what} for p in outcome.problems],
        }
    if isinstance(outcome, Missing):
        gone = {"revision": None, "what": outcome.what}
        return {"id": outcome.record, "ok": False, "problems": [gone]}
    verdict = outcome.verdict
    return {
        "id": verdict.record,
        "ok": verdict.ok,
        "revisions": len(verdict.hashes),
        "head": verdict.head,
        "signers": [
            {"fingerprint": fp, "trusted_as": keys.labels.get(fp, "")} for fp in verdict.signers
        ],
        "problems": [
            {"revision": problem.revision, "what": problem.what} for problem in verdict.problems
        ],
    }


def audit_json(audit: Audit, records: list[dict[str, object]]) -> dict[str, object]:
    seen = audit.witness
    return {
        "ok": audit.ok,
        "records": records,
        "witness": {"entries": seen.entries, "head": seen.chain, "damage": seen.damage},
    }


def check_party_copy(path: Path) -> tuple[CopyCheck, Record, list[Entry]]:
    """`verify --copy`: a party's copy against this computer's record, and the
    revisions made since it, if it is genuine."""
    from peerpact.record.copy import check_copy
    from peerpact.record.revisions import history

    check, record = check_copy(path)
    later = history(record)[check.data.revision :] if check.ok else []
    return check, record, later
