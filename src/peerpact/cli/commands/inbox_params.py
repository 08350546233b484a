"""What every `peerpact inbox ...` command shares: the --identity option, the
CASE argument, leadership's identities opened, and a case's status in words."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.ui.params import FILE, file_or_stream
from peerpact.i18n import _

if TYPE_CHECKING:
    from pyrage import x25519

    from peerpact.leadership.cases import Case

IdentityFile = Annotated[
    Path | None,
    typer.Option(
        "--identity",
        "-i",
        metavar=FILE,
        parser=file_or_stream,
        help=_(
            "An age identity file, plain or passphrase-protected (as `age -d -i` takes it); "
            "by default the ones `org init` keeps."
        ),
    ),
]
CaseName = Annotated[
    str, typer.Argument(metavar="CASE", help=_("The case's name `peerpact inbox list` shows."))
]


def identities(given: Path | None) -> "list[x25519.Identity]":
    from peerpact.cli.ui.passphrase import identity_passphrase
    from peerpact.leadership.identity import leadership_identities

    return leadership_identities(identity_passphrase(), given)


def said_status(case: "Case") -> str:
    if case.status == "closed":
        return _("closed ({outcome})").format(outcome=word(case.outcome))
    return word(case.status)


def word(value: str) -> str:
    """A status or outcome in the interface's language."""
    words = {
        "new": _("new"),
        "acknowledged": _("acknowledged"),
        "in review": _("in review"),
        "closed": _("closed"),
        "resolved": _("resolved"),
        "no action": _("no action"),
        "withdrawn": _("withdrawn"),
        "referred": _("referred"),
    }
    return words.get(value, value)
