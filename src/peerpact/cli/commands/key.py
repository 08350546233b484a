"""`peerpact key ...`: the facilitator's signing key (show, export), the keys
this computer trusts (list, trust, untrust, rotate) and the key's own backup."""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.app import command_group, commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import out, print_json, print_table, safe, said_beside
from peerpact.cli.ui.params import FILE, BackupSource, BackupTarget, Json, file_or_stream
from peerpact.cli.ui.passphrase import check_folder, passphrase
from peerpact.i18n import _

app = commands()


key_app = command_group(app, "key", about("key"))


@key_app.command(
    "show",
    help=_(
        "Print the public key and its fingerprint (`peerpact setup` makes the "
        "key).\n\n"
        "Example: `peerpact key show --json`."
    ),
)
def key_show(
    json: Json = False,
) -> None:
    from peerpact.paths import get_paths
    from peerpact.record.keys import require_key

    public = require_key(get_paths().key_file).public
    if json:
        print_json({"public_key": public.base64, "fingerprint": public.fingerprint})
        return
    out().print(_("Fingerprint: [bold]{fingerprint}[/]").format(fingerprint=public.fingerprint))
    out().print(_("Public key:  {base64}").format(base64=public.base64))
    out().print(_("Share it with `peerpact key export FILE`; anyone can then verify your records."))


@key_app.command(
    "export",
    help=_(
        "Write the public key in minisign's format, for `minisign -V -p FILE`.\n\n"
        "Example: `peerpact key export facilitator.pub`."
    ),
)
def key_export(
    file: Annotated[
        Path,
        typer.Argument(
            metavar=FILE,
            parser=file_or_stream,
            help=_("Where to write the public key (-: standard output)."),
        ),
    ],
) -> None:
    from peerpact.files import atomic_write
    from peerpact.paths import get_paths
    from peerpact.record.keys import require_key

    public = require_key(get_paths().key_file).public
    atomic_write(file, public.to_minisign().encode("ascii"), private_dir=False)
    said_beside(file).print(
        _("Wrote the public key {fingerprint} to {file}.").format(
            fingerprint=public.fingerprint, file=safe(str(file))
        )
    )


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
def key_backup(file: BackupTarget) -> None:
    from peerpact.paths import get_paths
    from peerpact.record.backup import backup_key
    from peerpact.record.keys import require_key

    check_folder(file)
    require_key(get_paths().key_file)  # before asking for a passphrase
    key = backup_key(get_paths().key_file, file, passphrase(new=True))
    said_beside(file).print(
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
def key_restore(file: BackupSource) -> None:
    from peerpact.files import STREAM, require_given
    from peerpact.paths import get_paths
    from peerpact.record.backup import restore_key

    require_given(file)  # before the passphrase is asked for
    secret = passphrase(new=False, stdin_busy=file is STREAM)
    key, written = restore_key(file, secret, get_paths().key_file)
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


@key_app.command(
    "list",
    help=_(
        "List the keys `peerpact verify` trusts, and why it trusts each.\n\n"
        "Example: `peerpact key list --json`."
    ),
)
def key_list(json: Json = False) -> None:
    from peerpact.record.keyring import entries_as_json, keyring

    ring = keyring()
    if json:
        print_json(entries_as_json(ring))
        return
    if not ring:
        out().print(_("No keys yet: the first `peerpact new` makes this computer's key."))
        return
    print_table((_("fingerprint"), _("trusted as")), ((fp, ring.labels[fp]) for fp in ring))


@key_app.command(
    "trust",
    help=_(
        "Trust another key when verifying records (a colleague's, "
        "leadership's).\n\n"
        "Check the fingerprint with its owner before you trust it: a trusted key\n"
        "makes the records it signed verify here.\n\n"
        'Example: `peerpact key trust alex.pub --name "Alex, Riverside"`.'
    ),
)
def key_trust(
    file: Annotated[
        Path,
        typer.Argument(
            metavar=FILE, parser=file_or_stream, help=_("A minisign public key file (.pub), or -.")
        ),
    ],
    name: Annotated[
        str, typer.Option("--name", "-n", help=_("Whose key it is, as `key list` will show it."))
    ],
) -> None:
    from peerpact.record.keyring import trust
    from peerpact.record.keys import PublicKey

    entry = trust(PublicKey.from_file(file), name)
    out().print(
        _("Trusted key {fingerprint} ({name}).").format(
            fingerprint=entry.public.fingerprint, name=safe(entry.name)
        )
    )


@key_app.command(
    "untrust",
    help=_(
        "Stop trusting a key; the records it signed then fail verification "
        "here.\n\n"
        "Example: `peerpact key untrust 4D56A7B693772591`."
    ),
)
def key_untrust(
    fingerprint: Annotated[str, typer.Argument(help=_("The fingerprint `key list` shows."))],
) -> None:
    from peerpact.record.keyring import untrust

    entry = untrust(fingerprint)
    out().print(
        _("No longer trusted: {fingerprint} ({name}).").format(
            fingerprint=entry.public.fingerprint, name=safe(entry.name)
        )
    )


@key_app.command(
    "rotate",
    help=_(
        "Make a new signing key and retire the old one.\n\n"
        "The old private key is deleted; its public key stays trusted, so what "
        "it\n"
        "signed still verifies and can still be amended (with the new key). "
        "Share\n"
        "the new public key with `peerpact key export FILE`.\n\n"
        "Example: `peerpact key rotate --yes`."
    ),
)
def key_rotate(
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask first."))] = False,
) -> None:
    from peerpact.cli.ui.prompts import confirm
    from peerpact.errors import DeclinedError

    if not yes and not confirm(
        _("Make a new signing key and delete the old private key?"), default=False
    ):
        raise DeclinedError(_("Nothing was changed."))
    from peerpact.record.keyring import rotate

    old, new = rotate()
    out().print(_("New signing key {fingerprint}.").format(fingerprint=new.public.fingerprint))
    out().print(
        _("The old key {fingerprint} is retired; what it signed still verifies.").format(
            fingerprint=old.public.fingerprint
        )
    )
    out().print(_("Share the new public key with `peerpact key export FILE`."))
