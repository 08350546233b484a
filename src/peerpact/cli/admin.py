"""Housekeeping commands: the signing key (settings are in cli/config.py)."""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.app import command_group
from peerpact.cli.console import out, print_json, safe
from peerpact.cli.params import Json

key_app = command_group("key", "The facilitator's signing key (Ed25519, minisign-compatible).")


@key_app.command("show")
def key_show(
    json: Json = False,
) -> None:
    """Print the public key and its fingerprint (`peerpact setup` makes the key).

    Example: `peerpact key show --json`.
    """
    from peerpact.paths import get_paths
    from peerpact.record.keys import require_key

    public = require_key(get_paths().key_file).public
    if json:
        print_json({"public_key": public.base64, "fingerprint": public.fingerprint})
        return
    out().print(f"Fingerprint: [bold]{public.fingerprint}[/]")
    out().print(f"Public key:  {public.base64}")
    out().print("Share it with `peerpact key export FILE`; anyone can then verify your records.")


@key_app.command("export")
def key_export(
    file: Annotated[Path, typer.Argument(help="Where to write the public key.")],
) -> None:
    """Write the public key in minisign's format, for `minisign -V -p FILE`.

    Example: `peerpact key export facilitator.pub`.
    """
    from peerpact.files import atomic_write
    from peerpact.paths import get_paths
    from peerpact.record.keys import require_key

    public = require_key(get_paths().key_file).public
    atomic_write(file, public.to_minisign().encode("ascii"), private_dir=False)
    out().print(f"Wrote the public key {public.fingerprint} to {safe(str(file))}.")
