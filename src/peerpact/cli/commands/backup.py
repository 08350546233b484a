"""`peerpact backup` and `peerpact restore`: everything, in one encrypted file
(the key alone is `key backup/restore`, in key.py).

Passphrases are read with getpass on a terminal (twice when making a backup),
the controlling terminal when the backup comes on stdin (`restore -`, as gpg
asks), or from PEERPACT_PASSPHRASE for scripts and tests.
"""

from typing import Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import out, print_json, safe, said_beside
from peerpact.cli.ui.params import BackupSource, BackupTarget, Json
from peerpact.cli.ui.passphrase import check_folder, passphrase
from peerpact.cli.ui.progress import shown
from peerpact.errors import UserInputError
from peerpact.i18n import _

app = commands()


@app.command(help=about("backup"))
def backup(file: BackupTarget, json: Json = False) -> None:
    from peerpact.files import STREAM
    from peerpact.record.backup import backup_state

    if json and file is STREAM:
        raise UserInputError(
            _("`-` writes the backup itself to standard output; leave out --json.")
        )
    check_folder(file)
    secret = passphrase(new=True)
    with shown(json):
        report = backup_state(file, secret)
    if json:
        print_json({"path": str(file), **report.__dict__})
        return
    said_beside(file).print(
        _("Wrote {files} files ({records} records) to {file}, encrypted.").format(
            files=report.files, records=report.records, file=safe(str(file))
        )
    )


@app.command(help=about("restore"))
def restore(
    file: BackupSource,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help=_("Replace existing files with the backup's.")),
    ] = False,
    trust: Annotated[
        list[str] | None,
        typer.Option(
            "--trust",
            metavar="FINGERPRINT",
            help=_(
                "Also trust this key of the backup's trusted keys, as `key trust` "
                "would (repeatable). Check it with its owner first."
            ),
        ),
    ] = None,
    json: Json = False,
) -> None:
    from peerpact.files import STREAM, require_given
    from peerpact.record.backup import restore_state

    require_given(file)  # before the passphrase is asked for
    secret = passphrase(new=False, stdin_busy=file is STREAM)
    with shown(json):
        report = restore_state(file, secret, overwrite, trust or ())
    if json:
        print_json({"path": str(file), **report.__dict__})
        return
    out().print(
        _("Restored {files} files ({records} records, all verified) from {file}.").format(
            files=report.files, records=report.records, file=safe(str(file))
        )
    )
    for fingerprint, name in report.trusted.items():
        out().print(
            _("Trusted key {fingerprint} ({name}).").format(
                fingerprint=fingerprint, name=safe(name)
            )
        )
    for fingerprint, name in report.left_out.items():
        out().print(
            _(
                "Not trusted: key {fingerprint} ({name}), which the backup trusted. "
                "`peerpact key trust FILE` trusts it, once you have checked it."
            ).format(fingerprint=fingerprint, name=safe(name))
        )
