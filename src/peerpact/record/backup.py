"""Backups that outlive a laptop: the key alone, or the whole state, each
encrypted with a passphrase (age's scrypt recipient, via pyrage).

A backup is read as hostile: bounded in size and member count, every name
checked as the path it will be written to (see ``written_as``), nothing but
regular files, and every record verified against the keys this computer will
trust afterwards (see ``backup_keys``) before a single byte is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from peerpact.errors import ConflictError, RecordError, UserInputError
from peerpact.files import TEMP_PREFIX, atomic_write, read_bounded
from peerpact.i18n import _
from peerpact.paths import Paths, get_paths
from peerpact.progress import VERIFY, WRITE, tick
from peerpact.record.format import MAX_RECORD_BYTES, parse_record, verify
from peerpact.record.keys import PublicKey, SigningKey, key_from_pem

MAX_BACKUP_BYTES = 512 * 1024 * 1024
MAX_MEMBER_BYTES = 4 * MAX_RECORD_BYTES
MAX_MEMBERS = 200_000
MANIFEST = "peerpact-backup.json"
#: config/... or data/..., in plain path segments (Maildir's "name:2,S" too);
#: nothing else is restored.
_NAME = re.compile(r"^(config|data)(/[A-Za-z0-9_@+=,.:-]+)+$")
#: Where the files a restore checks live (records, tombstones, keys, the
#: witness log, the settings).
_CHECKED = ("data/records/", "data/keys/", "data/witness.log", "config/config.toml")


def written_as(name: str) -> str | None:
    """The path ``name`` will be written to, when that is the name as spelled;
    None when it is not: a ``.``, ``..`` or empty segment, or a spelling that a
    case-insensitive filesystem folds onto one of the files a restore checks
    (``data/Records/ID.toml``). A member is checked by what will be written,
    never by what it is called."""
    if not _NAME.match(name) or any(part in ("", ".", "..") for part in name.split("/")):
        return None
    folded = name.lower()
    if folded != name and folded.startswith(_CHECKED):
        return None
    return name


def encrypt(data: bytes, passphrase: str) -> bytes:
    import pyrage

    return bytes(pyrage.passphrase.encrypt(data, passphrase))


def decrypt(data: bytes, passphrase: str, source: Path) -> bytes:
    import pyrage

    try:
        return bytes(pyrage.passphrase.decrypt(data, passphrase))
    except pyrage.DecryptError as exc:
        raise UserInputError(
            _("Could not open {source}: wrong passphrase, or not a peerpact backup.").format(
                source=source
            ),
            _("Nothing was written. Check the passphrase and try again."),
        ) from exc


def _read_encrypted(path: Path, passphrase: str) -> bytes:
    try:
        data = read_bounded(path, MAX_BACKUP_BYTES, _("backup"))
    except FileNotFoundError as exc:
        from peerpact.errors import NotFoundError

        raise NotFoundError(_("No backup at {path}.").format(path=path)) from exc
    return decrypt(data, passphrase, path)


def _write_new(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data, private_dir=False, exclusive=True)
    except FileExistsError as exc:
        raise ConflictError(
            _("{path} already exists.").format(path=path), _("Choose another name.")
        ) from exc


def backup_key(key_file: Path, target: Path, passphrase: str) -> SigningKey:
    """The private key, encrypted with ``passphrase``, in a new file."""
    from peerpact.record.keys import read_key_bytes

    pem = read_key_bytes(key_file)
    key = key_from_pem(pem, key_file)
    _write_new(target, encrypt(pem, passphrase))
    return key


def restore_key(source: Path, passphrase: str, key_file: Path) -> tuple[SigningKey, bool]:
    """The key from a key backup, written to ``key_file``; (key, False) when
    that very key was already there. A different key there is never replaced."""
    from peerpact.record.keys import load_key

    pem = _read_encrypted(source, passphrase)
    key = key_from_pem(pem, source)
    existing = load_key(key_file)
    if existing is not None:
        if existing.public.fingerprint == key.public.fingerprint:
            return key, False
        raise ConflictError(
            _("This computer already has another signing key ({fingerprint}).").format(
                fingerprint=existing.public.fingerprint
            ),
            _("Records it signed would become unamendable; nothing was written."),
        )
    _write_key(key_file, pem)
    return key, True


def _write_key(key_file: Path, pem: bytes, mtime: float | None = None) -> None:
    """A key where there was none: one that appeared meanwhile (another
    peerpact's `setup`, say) is never replaced, and is a clear error."""
    try:
        atomic_write(key_file, pem, mtime=mtime, exclusive=True)
    except FileExistsError as exc:
        raise ConflictError(
            _("A signing key appeared at {key_file} meanwhile.").format(key_file=key_file),
            _("Nothing was written. Run the restore again to see what is here now."),
        ) from exc


@dataclass
class Contents:
    """What a state backup holds: archive name -> (bytes, mtime)."""

    files: dict[str, tuple[bytes, float]] = field(default_factory=dict)

    def in_records(self, suffix: str) -> list[str]:
        return sorted(
            name
            for name in self.files
            if name.startswith("data/records/") and name.count("/") == 2 and name.endswith(suffix)
        )

    @property
    def records(self) -> list[str]:
        return self.in_records(".toml")

    @property
    def tombstones(self) -> list[str]:
        from peerpact.record.forget import SUFFIX

        return self.in_records(SUFFIX)


#: Where the key and the trusted keys sit in a backup (names relative to the data folder).
KEY_NAME = "data/keys/signing.key"
TRUSTED_NAME = "data/keys/trusted.toml"


def _roots(paths: Paths) -> dict[str, Path]:
    return {"config": paths.config_dir, "data": paths.data_dir}


def collect(paths: Paths | None = None) -> Contents:
    """Every file of peerpact's state: settings, templates, records, key, outbox.

    Temp files and locks are left out, and links are never followed.
    """
    import os

    paths = paths or get_paths()
    contents = Contents()
    for prefix, root in _roots(paths).items():
        if not root.is_dir():
            continue
        for folder, dirs, names in os.walk(root, followlinks=False):
            dirs.sort()
            for name in sorted(names):
                path = Path(folder) / name
                if name.startswith(TEMP_PREFIX) or name.endswith(".lock") or path.is_symlink():
                    continue
                if not path.is_file():
                    continue
                archive_name = f"{prefix}/{path.relative_to(root).as_posix()}"
                if written_as(archive_name) is None:
                    # Left out silently, it would be lost on the new computer.
                    raise UserInputError(
                        _("Cannot back up {path}: peerpact never names files like that.").format(
                            path=path
                        ),
                        _("Move it out of peerpact's folders, then run the backup again."),
                    )
                data = read_bounded(path, MAX_MEMBER_BYTES, _("file"))
                contents.files[archive_name] = (data, path.stat().st_mtime)
    return contents


def pack(contents: Contents, manifest: bytes) -> bytes:
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, (data, mtime) in [(MANIFEST, (manifest, 0.0)), *contents.files.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o600
            # No user or group names: the backup says nothing about the computer.
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def unpack(data: bytes, source: Path) -> Contents:
    """The archive's files, every name and size checked; nothing is written."""
    import tarfile
    import zlib

    contents = Contents()
    total = 0
    folded: set[str] = set()
    bad = UserInputError(
        _("{source} is not a peerpact backup (or it is damaged).").format(source=source)
    )
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for count, member in enumerate(tar):
                if count > MAX_MEMBERS:
                    raise bad
                if member.isdir() or member.name == MANIFEST:
                    continue
                name = written_as(member.name)
                if not member.isreg() or name is None or member.size > MAX_MEMBER_BYTES:
                    raise bad
                if name.lower() in folded:  # one file, twice, on a case-insensitive filesystem
                    raise bad
                folded.add(name.lower())
                total += member.size
                if total > MAX_BACKUP_BYTES:
                    raise bad
                handle = tar.extractfile(member)
                if handle is None:
                    raise bad
                contents.files[name] = (handle.read(member.size), float(member.mtime))
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise bad from exc
    return contents


def backup_key_in(contents: Contents, source: Path) -> SigningKey | None:
    """The signing key a backup carries, if any."""
    if KEY_NAME not in contents.files:
        return None
    return key_from_pem(contents.files[KEY_NAME][0], source)


def check(
    contents: Contents,
    source: Path,
    keys: Mapping[str, PublicKey],
    own: Mapping[str, PublicKey],
    hint: str | None = None,
) -> None:
    """Every record in the backup verifies against ``keys``, every tombstone
    against ``own`` (this computer's own keys): the keys this computer trusts
    once the backup is restored, never the ones the backup merely lists."""
    hint = hint or _("A backup is restored whole or not at all.")
    records = contents.records
    for done, name in enumerate(records, 1):
        record = parse_record(contents.files[name][0], f"{source}:{name}")
        if record.id != Path(name).stem:
            raise RecordError(
                _("{source}: {name} holds record {id}; nothing was written.").format(
                    source=source, name=name, id=record.id
                )
            )
        problems = verify(record, keys).problems
        if problems:
            raise RecordError(
                _("{source}: {problems}; nothing was written.").format(
                    source=source, problems=problems[0]
                ),
                hint,
            )
        tick(VERIFY, done, len(records))
    for name in contents.tombstones:
        from peerpact.record.forget import MAX_TOMBSTONE_BYTES, parse_tombstone

        data = contents.files[name][0]
        if len(data) > MAX_TOMBSTONE_BYTES:
            raise RecordError(
                _("{source}: {name} is too large for a tombstone.").format(source=source, name=name)
            )
        stone = parse_tombstone(data, Path(name).name, f"{source}:{name}")
        problems = stone.problems(own)
        if problems:
            raise RecordError(
                _("{source}: {problems}; nothing was written.").format(
                    source=source, problems=problems[0]
                )
            )
    if "config/config.toml" in contents.files:
        from peerpact.settings import check_text

        check_text(contents.files["config/config.toml"][0], f"{source}:config/config.toml")


@dataclass(frozen=True)
class Report:
    files: int
    records: int
    fingerprint: str
    #: Keys of the backup's trusted-keys file that the restore trusted (--trust)
    #: and that it left out: fingerprint -> name.
    trusted: dict[str, str] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)


def backup_state(target: Path, passphrase: str) -> Report:
    import json

    from peerpact.record.keyring import keyring, own_part

    contents = collect()
    key = backup_key_in(contents, target)
    ring = keyring()
    # A backup that could not be restored is no backup.
    check(contents, target, ring, own_part(ring))
    fingerprint = key.public.fingerprint if key else ""
    manifest = json.dumps({"format": 1, "fingerprint": fingerprint}).encode("utf-8")
    _write_new(target, encrypt(pack(contents, manifest), passphrase))
    return Report(len(contents.files), len(contents.records), fingerprint)


def restore_state(
    source: Path, passphrase: str, overwrite: bool = False, trust: Sequence[str] = ()
) -> Report:
    """Decrypt, check everything, then write; existing state is kept unless
    ``overwrite``. Keys come along only as ``backup_keys.plan`` allows."""
    from peerpact.record import backup_keys

    contents = unpack(_read_encrypted(source, passphrase), source)
    trusted_file = contents.files.get(TRUSTED_NAME)
    keys = backup_keys.plan(
        backup_key_in(contents, source),
        None if trusted_file is None else trusted_file[0],
        f"{source}:{TRUSTED_NAME}",
        trust,
    )
    check(contents, source, keys.ring, keys.own, backup_keys.left_out_hint(keys))
    roots = _roots(get_paths())
    # The key and the trusted keys are never written as the backup spells them.
    targets = {
        name: roots[name.split("/", 1)[0]] / name.split("/", 1)[1]
        for name in contents.files
        if name not in (KEY_NAME, TRUSTED_NAME)
    }
    if not overwrite:
        clash = [str(path) for path in targets.values() if path.exists()]
        if clash:
            raise ConflictError(
                (
                    _("This computer already has peerpact state ({clash} and {more} more).")
                    if len(clash) > 1
                    else _("This computer already has peerpact state ({clash}).")
                ).format(clash=clash[0], more=len(clash) - 1),
                _("Nothing was written. Use --overwrite to replace those files with the backup's."),
            )
    if keys.write_key:
        data, mtime = contents.files[KEY_NAME]
        _write_key(get_paths().key_file, data, mtime)
    backup_keys.write(keys)
    for done, (name, path) in enumerate(sorted(targets.items()), 1):
        data, mtime = contents.files[name]
        atomic_write(path, data, mtime=mtime)
        tick(WRITE, done, len(targets))
    return Report(
        len(contents.files),
        len(contents.records),
        keys.key.public.fingerprint if keys.key else "",
        {e.public.fingerprint: e.name for e in keys.trusted},
        {e.public.fingerprint: e.name for e in keys.left_out},
    )
