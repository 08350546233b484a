"""Which keys this computer trusts: `peerpact key list/trust/untrust/rotate`."""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.admin import key_app
from peerpact.cli.console import out, print_json, print_table, safe
from peerpact.cli.params import Json


@key_app.command("list")
def key_list(json: Json = False) -> None:
    """List the keys `peerpact verify` trusts, and why it trusts each.

    Example: `peerpact key list --json`.
    """
    from peerpact.record.keyring import entries_as_json, keyring

    ring = keyring()
    if json:
        print_json(entries_as_json(ring))
        return
    if not ring:
        out().print("No keys yet: the first `peerpact new` makes this computer's key.")
        return
    print_table(("fingerprint", "trusted as"), ((fp, ring.labels[fp]) for fp in ring))


@key_app.command("trust")
def key_trust(
    file: Annotated[Path, typer.Argument(help="A minisign public key file (.pub).")],
    name: Annotated[
        str, typer.Option("--name", "-n", help="Whose key it is, as `key list` will show it.")
    ],
) -> None:
    """Trust another key when verifying records (a colleague's, leadership's).

    Check the fingerprint with its owner before you trust it: a trusted key
    makes the records it signed verify here.

    Example: `peerpact key trust alex.pub --name "Alex, Riverside"`.
    """
    from peerpact.record.keyring import trust
    from peerpact.record.keys import PublicKey

    entry = trust(PublicKey.from_file(file), name)
    out().print(f"Trusted key {entry.public.fingerprint} ({safe(entry.name)}).")


@key_app.command("untrust")
def key_untrust(
    fingerprint: Annotated[str, typer.Argument(help="The fingerprint `key list` shows.")],
) -> None:
    """Stop trusting a key; the records it signed then fail verification here.

    Example: `peerpact key untrust 4D56A7B693772591`.
    """
    from peerpact.record.keyring import untrust

    entry = untrust(fingerprint)
    out().print(f"No longer trusted: {entry.public.fingerprint} ({safe(entry.name)}).")


@key_app.command("rotate")
def key_rotate(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask first.")] = False,
) -> None:
    """Make a new signing key and retire the old one.

    The old private key is deleted; its public key stays trusted, so what it
    signed still verifies and can still be amended (with the new key). Share
    the new public key with `peerpact key export FILE`.

    Example: `peerpact key rotate --yes`.
    """
    from peerpact.errors import DeclinedError

    if not yes and not typer.confirm(
        "Make a new signing key and delete the old private key?", default=False
    ):
        raise DeclinedError("Nothing was changed.")
    from peerpact.record.keyring import rotate

    old, new = rotate()
    out().print(f"New signing key {new.public.fingerprint}.")
    out().print(f"The old key {old.public.fingerprint} is retired; what it signed still verifies.")
    out().print("Share the new public key with `peerpact key export FILE`.")
