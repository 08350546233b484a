"""Backups: `key backup/restore` (the key alone) and `backup/restore` (everything).

Passphrases are read with getpass on a terminal (twice when making a backup),
or from PEERPACT_PASSPHRASE for scripts and tests.
"""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.admin import key_app
from peerpact.cli.app import app
from peerpact.cli.console import out, print_json, safe
from peerpact.cli.params import Json
from peerpact.i18n import _

PASSPHRASE_ENV = "PEERPACT_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)
MIN_PASSPHRASE = 8

Target = Annotated[Path, typer.Argument(metavar="FILE", help=_("The backup file to write (new)."))]
Source = Annotated[Path, typer.Argument(metavar="FILE", help=_("A backup peerpact wrote."))]


def passphrase(new: bool) -> str:
    """The passphrase, from the environment or typed (unseen) on a terminal."""
    import getpass
    import os
    import sys

    from peerpact.errors import UserInputError

    given = os.environ.get(PASSPHRASE_ENV)
    if given is None:
        if not sys.stdin.isatty():
            raise UserInputError(
                _("No passphrase: there is no terminal to type it on."),
                _("Set {PASSPHRASE_ENV} for scripts.").format(PASSPHRASE_ENV=PASSPHRASE_ENV),
            )
        given = getpass.getpass("Passphrase: ")
        if new and getpass.getpass("The same passphrase again: ") != given:
            raise UserInputError(_("The two passphrases differ; nothing was written."))
    if new and len(given) < MIN_PASSPHRASE:
        raise UserInputError(
            _("A backup passphrase needs at least {MIN_PASSPHRASE} characters.").format(
                MIN_PASSPHRASE=MIN_PASSPHRASE
            ),
            _("Several words are easier to remember and harder to guess."),
        )
    if not given:
        raise UserInputError(_("The passphrase is empty."))
    return given


def _check_folder(target: Path) -> None:
    from peerpact.files import check_target

    check_target(target.parent)


@key_app.command(
    "backup",
    help=_(
        "Write the private signing key to FILE, encrypted with a passphrase.\n\n"
        "Keep FILE somewhere other than this computer, and the passphrase in "
        "your\n"
        "head or a password manager: with both, `peerpact key restore FILE` "
        "brings\n"
        "the key back on a new computer. FILE is never overwritten.\n\n"
        "Example: `peerpact key backup /media/usb/peerpact-key.age`."
    ),
)
def key_backup(file: Target) -> None:
    from peerpact.paths import get_paths
    from peerpact.record.backup import backup_key
    from peerpact.record.keys import require_key

    _check_folder(file)
    require_key(get_paths().key_file)  # before asking for a passphrase
    key = backup_key(get_paths().key_file, file, passphrase(new=True))
    out().print(
        _("Wrote the key {fingerprint}, encrypted, to {file}.").format(
            fingerprint=key.public.fingerprint, file=safe(str(file))
        )
    )


@key_app.command(
    "restore",
    help=_(
        "Bring the signing key back from a `peerpact key backup` file.\n\n"
        "Never replaces another key already on this computer.\n\n"
        "Example: `peerpact key restore /media/usb/peerpact-key.age`."
    ),
)
def key_restore(file: Source) -> None:
    from peerpact.paths import get_paths
    from peerpact.record.backup import restore_key

    key, written = restore_key(file, passphrase(new=False), get_paths().key_file)
    if written:
        out().print(
            _("Restored the signing key {fingerprint}.").format(fingerprint=key.public.fingerprint)
        )
    else:
        out().print(
            _("The signing key {fingerprint} is already here.").format(
                fingerprint=key.public.fingerprint
            )
        )


@app.command(
    help=_(
        "Write everything (records, outbox, key, settings, templates) to one "
        "encrypted file.\n\n"
        "Every record is verified first; FILE is encrypted with a passphrase and\n"
        "never overwritten. `peerpact restore FILE` brings it all back.\n\n"
        "Example: `PEERPACT_PASSPHRASE=... peerpact backup "
        "/media/usb/peerpact.age`."
    )
)
def backup(file: Target, json: Json = False) -> None:
    from peerpact.record.backup import backup_state

    _check_folder(file)
    report = backup_state(file, passphrase(new=True))
    if json:
        print_json({"path": str(file), **report.__dict__})
        return
    out().print(
        _("Wrote {files} files ({records} records) to {file}, encrypted.").format(
            files=report.files, records=report.records, file=safe(str(file))
        )
    )


@app.command(
    help=_(
        "Bring everything back from a `peerpact backup` file, on this or a new "
        "computer.\n\n"
        "Nothing is written until the backup is decrypted and every record in it\n"
        "verifies; state already here is never replaced without --overwrite.\n\n"
        "Example: `PEERPACT_PASSPHRASE=... peerpact restore "
        "/media/usb/peerpact.age`."
    )
)
def restore(
    file: Source,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help=_("Replace existing files with the backup's.")),
    ] = False,
    json: Json = False,
) -> None:
    from peerpact.record.backup import restore_state

    report = restore_state(file, passphrase(new=False), overwrite)
    if json:
        print_json({"path": str(file), **report.__dict__})
        return
    out().print(
        _("Restored {files} files ({records} records, all verified) from {file}.").format(
            files=report.files, records=report.records, file=safe(str(file))
        )
    )
