"""Housekeeping commands: the signing key and the config file."""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.app import app
from peerpact.cli.console import out, print_json, safe
from peerpact.cli.params import Json

key_app = typer.Typer(help="The facilitator's signing key (Ed25519, minisign-compatible).")
config_app = typer.Typer(help="Settings: default supporter name, leadership contact, SMTP.")
app.add_typer(key_app, name="key")
app.add_typer(config_app, name="config")


@key_app.command("show")
def key_show(
    json: Json = False,
) -> None:
    """Print the public key and its fingerprint (made on first use).

    Example: `peerpact key show --json`.
    """
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_or_create_key

    public = load_or_create_key(get_paths().key_file).public
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
    from peerpact.record.keys import load_or_create_key

    public = load_or_create_key(get_paths().key_file).public
    atomic_write(file, public.to_minisign().encode("ascii"), private_dir=False)
    out().print(f"Wrote the public key {public.fingerprint} to {safe(str(file))}.")


@config_app.command("show")
def config_show(
    json: Json = False,
) -> None:
    """Show the settings in force and where the config file is.

    Example: `peerpact config show`.
    """
    from dataclasses import asdict

    from peerpact.config import load_config
    from peerpact.paths import get_paths

    config = asdict(load_config())
    if json:
        print_json(config)
        return
    out().print(f"Config file: {safe(str(get_paths().config_file))}")
    for key, value in config.items():
        out().print(f"  {key} = {safe(repr(value))}")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="A key such as supporter_name or smtp.host.")],
    value: Annotated[str, typer.Argument(help="The value; lists are comma-separated.")],
) -> None:
    """Set one setting, keeping the rest of the file and its comments.

    Keys: organization.name, organization.leadership_email,
    organization.leadership_age_recipient, supporter_name, grievance.categories,
    smtp.host, smtp.port, smtp.starttls, smtp.user, and variables.NAME for any
    other template variable. Values are checked before anything is written.

    Example: `peerpact config set organization.name "Riverside Peer Space"`.
    """
    from peerpact.config import set_value

    stored = set_value(key, value)
    out().print(f"Set {safe(key)} = {safe(repr(stored))}.")
