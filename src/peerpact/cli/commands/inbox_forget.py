"""`peerpact inbox forget`: closed cases past the organisation's retention
days removed, a signed tombstone left for each (leadership/retention.py).
Registered on the inbox group by cli/commands/inbox.py, with ``HELP``."""

from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.commands.inbox_params import IdentityFile, identities, said_status
from peerpact.cli.ui.console import out, print_json, print_line
from peerpact.cli.ui.params import Json
from peerpact.errors import DeclinedError, UserInputError
from peerpact.i18n import _, ngettext

if TYPE_CHECKING:
    from peerpact.leadership.retention import Going


HELP = _(
    "Remove closed cases past the organisation file's retention days.\n\n"
    "Retention counts from the day each case was closed. Only a signed tombstone\n"
    "stays, so `inbox list` shows the case as forgotten, not missing. A case that\n"
    "is not closed, or was closed too recently, is never removed. Asks first;\n"
    "`--yes` for scripts.\n\n"
    "Example: `peerpact inbox forget --due`, or `peerpact inbox forget 6dmwyz2n8z --yes`."
)


def inbox_forget(
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="[CASE]...", help=_("Closed cases past retention, by name.")),
    ] = None,
    due: Annotated[
        bool, typer.Option("--due", help=_("Every closed case past the retention days."))
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask to confirm."))] = False,
    identity: IdentityFile = None,
    json: Json = False,
) -> None:
    from peerpact.leadership.retention import forget

    forgotten = forget(identities(identity), names or [], due, None if yes else _confirm)
    if json:
        print_json({"forgotten": forgotten})
    elif not forgotten:
        out().print(_("Nothing is due to be forgotten."))
    for name in [] if json else forgotten:
        print_line(_("Forgot case {name}; a signed tombstone says so.").format(name=name))


def _confirm(going: "list[Going]") -> None:
    import sys

    from peerpact.cli.ui.prompts import confirm

    if not sys.stdin.isatty():
        raise UserInputError(_("Forgetting cannot be undone; add --yes to confirm without asking."))
    for each in going:
        print_line(
            _("  {name}  received {day}, {status}, kept until {after}").format(
                name=each.case.name,
                day=each.case.day.isoformat(),
                status=said_status(each.case),
                after=each.after.isoformat(),
            )
        )
    question = ngettext(
        "Forget this case for good? It cannot be undone",
        "Forget these {n} cases for good? They cannot be undone",
        len(going),
    ).format(n=len(going))
    if not confirm(question):
        raise DeclinedError(_("Nothing was forgotten."))
