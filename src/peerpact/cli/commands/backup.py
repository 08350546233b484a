"""`peerpact backup` and `peerpact restore`: everything, in one encrypted file
(the key alone is `key backup/restore`, in key.py).

Passphrases are read with getpass on a terminal (twice when making a backup),
or from PEERPACT_PASSPHRASE for scripts and tests.
"""

from typing import Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.ui.console import out, print_json, safe
from peerpact.cli.ui.params import BackupSource, BackupTarget, Json
from peerpact.cli.ui.passphrase import check_folder, passphrase
from peerpact.i18n import _

app = commands()


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
def backup(file: BackupTarget, json: Json = False) -> None:
    from peerpact.record.backup import backup_state

    check_folder(file)
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
    file: BackupSource,
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
