"""Housekeeping commands: the signing key (settings are in cli/config.py)."""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.app import command_group
from peerpact.cli.console import out, print_json, safe
from peerpact.cli.params import Json
from peerpact.i18n import _

key_app = command_group("key", _("The facilitator's signing key (Ed25519, minisign-compatible)."))


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
    file: Annotated[Path, typer.Argument(help=_("Where to write the public key."))],
) -> None:
    from peerpact.files import atomic_write
    from peerpact.paths import get_paths
    from peerpact.record.keys import require_key

    public = require_key(get_paths().key_file).public
    atomic_write(file, public.to_minisign().encode("ascii"), private_dir=False)
    out().print(
        _("Wrote the public key {fingerprint} to {file}.").format(
            fingerprint=public.fingerprint, file=safe(str(file))
        )
    )
