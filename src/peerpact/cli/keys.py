"""Which keys this computer trusts: `peerpact key list/trust/untrust/rotate`."""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.admin import key_app
from peerpact.cli.console import out, print_json, print_table, safe
from peerpact.cli.params import Json
from peerpact.i18n import _


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
    file: Annotated[Path, typer.Argument(help=_("A minisign public key file (.pub)."))],
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
    from peerpact.cli.prompts import confirm
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
