"""The facilitator's records on disk: create, find, read, list, verify, export.

These are the core operations the CLI calls, one each; they take and return
plain data and never print or prompt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from peerpact.agreement.state import Agreement
from peerpact.agreement.template import ADDITION_KINDS
from peerpact.errors import (
    NotFoundError,
    PeerpactError,
    RecordError,
    UserInputError,
)
from peerpact.files import (
    atomic_write,
    check_real_folder,
    clean_stale_temps,
    ensure_private_dir,
    read_bounded,
)
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record import witness
from peerpact.record.format import (
    LEGACY_FORMAT,
    MAX_RECORD_BYTES,
    Record,
    Revision,
    Verdict,
    header_text,
    new_record_id,
    parse_record,
    revision_text,
    sign_revision,
    trusted_comment,
    verify,
)

# Re-exported: grievances redact the names the index holds; `forget` drops a row.
from peerpact.record.index.rows import forget_row as forget_row
from peerpact.record.keyring import Keyring, keyring, own_keyring
from peerpact.record.keys import SigningKey

_ID_SPEC = re.compile(r"^[a-z0-9]{1,40}$")


def records_dir(create: bool = False) -> Path:
    folder = check_real_folder(get_paths().records_dir, _("records"))
    if create:
        ensure_private_dir(folder)
        clean_stale_temps(folder)
    return folder


def stored_ids() -> list[str]:
    """Every record's id (its file name), sorted: plain strings, so that
    100,000 records cost a few MiB, not a ``Path`` each."""
    import os

    folder = records_dir()
    if not folder.is_dir():
        return []
    clean_stale_temps(folder)
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if e.name.endswith(".toml") and e.name[0] != "."]
    return sorted(name[: -len(".toml")] for name in names)


def record_files() -> list[Path]:
    folder = records_dir()
    return [folder / f"{record_id}.toml" for record_id in stored_ids()]


def find_record(spec: str) -> Path:
    """A record by id, or by an unambiguous start of its id."""
    wanted = spec.strip().lower()
    if not _ID_SPEC.match(wanted):
        raise UserInputError(
            _("%(spec)r is not a record id.") % {"spec": spec}, _("See `peerpact list` for ids.")
        )
    exact = records_dir() / f"{wanted}.toml"
    if exact.is_file():
        return exact
    matches = [path for path in record_files() if path.stem.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        # As git does for a short hash: name the candidates (ids only; no names).
        shown = [path.stem for path in matches[:20]]
        more = (
            _(" and %(n)s more") % {"n": len(matches) - len(shown)}
            if len(matches) > len(shown)
            else ""
        )
        raise UserInputError(
            _("%(spec)r is ambiguous: it starts %(n)s record ids.")
            % {"spec": spec, "n": len(matches)},
            _("The candidates are: %(ids)s%(more)s. Give more of the id.")
            % {"ids": ", ".join(shown), "more": more},
        )
    raise NotFoundError(
        _("No record with id %(spec)r.") % {"spec": spec}, _("See `peerpact list` for ids.")
    )


def read_record(path: Path, named: bool = True) -> tuple[Record, bytes]:
    """A record file and its bytes. ``named``: the file is one of this
    computer's records, so its id must be its file name, and a link is refused."""
    try:
        data = read_bounded(path, MAX_RECORD_BYTES, _("record"), follow=not named)
    except FileNotFoundError as exc:
        raise NotFoundError(_("No record at {path}.").format(path=path)) from exc
    return parse_record(data, str(path), path.stem if named else None), data


def load(spec: str) -> Record:
    return read_record(find_record(spec))[0]


def _check_size(record_id: str, size: int) -> None:
    """A record that could not be read back is never written."""
    if size > MAX_RECORD_BYTES:
        raise UserInputError(
            _(
                "This would make record {record_id} {value:.1f} MiB, over the {value2} "
                "MiB a record may be. Nothing was written."
            ).format(
                record_id=record_id,
                value=size / 1024 / 1024,
                value2=MAX_RECORD_BYTES // 1024 // 1024,
            ),
            _("Shorten the text, or end this agreement and start a new one."),
        )


def create(body: dict[str, Any], key: SigningKey) -> tuple[Record, Path]:
    """Sign and write a new record; the id is random and never reused."""
    folder = records_dir(create=True)
    while True:
        record_id = new_record_id()
        revision = sign_revision(key, record_id, None, body)
        record = Record(record_id, (revision,))
        record.state()  # the new record must replay, or we would write a broken one
        path = folder / f"{record_id}.toml"
        data = (header_text(record_id) + revision_text(revision)).encode("utf-8")
        _check_size(record_id, len(data))
        try:
            atomic_write(path, data, exclusive=True)
        except FileExistsError:
            continue  # that id was taken (about 1 in 10^14): draw another
        _witness(key, record_id, revision)
        return record, path


def append(path: Path, old: bytes, revision: Revision, key: SigningKey) -> None:
    """Add a revision after the existing bytes; nothing earlier is rewritten.

    The caller holds ``files.locked(path)`` around its read, check and append,
    and has verified the record it appends to.
    """
    data = old + revision_text(revision).encode("utf-8")
    _check_size(path.stem, len(data))
    atomic_write(path, data)
    _witness(key, path.stem, revision)


def _witness(key: SigningKey, record_id: str, revision: Revision) -> None:
    """Witness a head just written. The first time, the log starts with every
    record here that verifies, so what was written before it is kept too."""
    own = own_keyring()
    heads = []
    if not get_paths().witness_file.exists():
        tasks: list[tuple[Path | str, bool]] = [
            (path, True) for path in record_files() if path.stem != record_id
        ]
        for verdict in verify_files(tasks, keyring()):
            if verdict.ok:
                heads.append((verdict.record, len(verdict.hashes), verdict.head))
    heads.append((record_id, revision.number, revision.hash))
    witness.append_many(key, own, heads)


def sound_witness() -> witness.Witness:
    """The witness log for a writer: a damaged one stops amend, end and
    forget, since a write on top of it would hide what the damage hides (a
    rollback whose line was spoiled is otherwise laundered by the next amend)."""
    seen = read_witness()
    if seen.damage:
        raise RecordError(
            seen.damage + " " + _("Nothing was written."),
            _(
                "Repair it with `peerpact verify --repair-witness`: it keeps every line this "
                "computer's keys signed, says what it could not keep, and keeps the damaged "
                "log beside it."
            ),
        )
    return seen


def read_witness(own: Keyring | None = None) -> witness.Witness:
    """The witness log, its lines believed only from ``own`` (this
    computer's own keys unless given: the keys `verify --key` pins)."""
    return witness.read(own_keyring() if own is None else own)


def verify_file(
    path: Path,
    keys: Keyring,
    seen: witness.Witness | None = None,
    named: bool = True,
) -> Verdict:
    """Everything wrong with one record file, the witness's view included; an
    unreadable file is a problem, not a crash."""
    try:
        record = read_record(path, named)[0]
    except PeerpactError as exc:
        verdict = Verdict(path.stem, readable=False)
        verdict.fail(None, f"unreadable: {exc.message}")
        return verdict
    verdict = verify(record, keys)
    if seen is not None:
        add_witness_view(verdict, seen)
    return verdict


def add_witness_view(verdict: Verdict, seen: witness.Witness) -> None:
    """What the witness log says of a record that was read (rolled back, forked)."""
    # A record that already fails its own checks would only be called
    # "replaced" for an edit, so it is left as it is.
    problem = witness.compare(seen.heads.get(verdict.record), verdict.hashes)
    if problem and verdict.ok:
        verdict.fail(None, problem)


_pool_keys: Keyring | None = None


def _use_keys(keys: Keyring) -> None:
    global _pool_keys
    _pool_keys = keys


def _check_task(task: tuple[Path | str, bool]) -> Verdict:
    assert _pool_keys is not None
    # The Path itself, not a copy: `verify --file -` is files.STREAM by identity.
    path = task[0] if isinstance(task[0], Path) else Path(task[0])
    verdict = verify_file(path, _pool_keys, None, task[1])
    # The agreement's state is large, and nobody checking many records needs it.
    verdict.state = None
    return verdict


def verify_files(
    tasks: Sequence[tuple[Path | str, bool]], keys: Keyring, jobs: int | None = None
) -> Iterator[Verdict]:
    """Each (file, named) task's Verdict, in order, on every core when there
    are many; without the witness's view, which the caller compares with the
    log it read once. Workers get the keyring as they start, this computer's
    signing key included, so what it signed is checked by signing again."""
    from peerpact.record.pool import pooled

    return pooled(_check_task, tasks, jobs, _use_keys, (keys,))


def load_verified(spec: str) -> tuple[Record, Verdict]:
    """A record that has just passed full verification (signatures, chain,
    strict replay, the witness), or a RecordError saying why not."""
    return check_verified(read_record(find_record(spec))[0])


def check_verified(record: Record) -> tuple[Record, Verdict]:
    verdict = verify(record, keyring())
    add_witness_view(verdict, read_witness())
    if verdict.problems:
        first = verdict.problems[0]
        where = _("revision %(n)s") % {"n": first.revision} if first.revision else _("the record")
        raise RecordError(
            _("Record %(id)s does not verify (%(where)s: %(what)s).")
            % {"id": record.id, "where": where, "what": first.what},
            _("Run `peerpact verify %(id)s` to see every problem.") % {"id": record.id},
        )
    return record, verdict


def signature_files(record: Record) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) for each revision's canonical payload and .minisig,
    made from the signatures stored in the record: nothing is signed anew.

    The caller passes a record that has just verified.
    """
    import base64

    from peerpact.record.format import canonical
    from peerpact.record.keys import minisig

    if record.format == LEGACY_FORMAT:
        raise RecordError(
            _(
                "Record {id} was written by peerpact 0.1, whose signatures cannot be "
                "exported for minisign without signing them again, which peerpact never "
                "does."
            ).format(id=record.id),
            _("Check it with `peerpact verify`, or the verifier in `peerpact docs record-format`."),
        )
    for revision in record.revisions:
        data = canonical(revision.payload)
        name = f"{record.id}-r{revision.number}.json"
        comment = trusted_comment(record.id, revision.number, revision.hash)
        signature = minisig(
            str(revision.payload["signer"]),
            base64.b64decode(revision.signature),
            comment,
            base64.b64decode(revision.trusted_signature),
        )
        yield name, data
        yield f"{name}.minisig", signature.encode("ascii")


def record_json(record: Record, state: Agreement) -> dict[str, Any]:
    """`show --format json`: the agreement as it stands, and every revision."""
    return {
        "id": state.id,
        "status": state.status,
        "created": state.created,
        "updated": state.updated,
        "head": state.head,
        "template": state.template,
        "variables": state.variables,
        "agreement": state.text,
        "parties": [
            {
                "id": party.id,
                "role": party.role,
                "name": party.name,
                "pronouns": party.pronouns,
                **{
                    kind: [{"label": i.label, "text": i.text} for i in party.of_kind(kind)]
                    for kind in ADDITION_KINDS
                },
            }
            for party in state.parties
        ],
        "revisions": [
            {
                "number": rev.number,
                "kind": rev.payload.get("kind"),
                "time": rev.payload.get("time"),
                "hash": rev.hash,
                "prev": rev.payload.get("prev"),
                "signer": rev.payload.get("signer"),
                "changes": rev.payload.get("changes", []),
                "confirmations": rev.payload.get("confirmations", []),
            }
            for rev in record.revisions[: state.revision or None]
        ],
    }
