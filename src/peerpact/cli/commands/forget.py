"""`peerpact forget`: remove records for good, leaving a signed tombstone."""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import out, print_json, safe
from peerpact.cli.ui.params import Json, RecordIds
from peerpact.cli.ui.records import said_status
from peerpact.errors import DeclinedError, UserInputError
from peerpact.i18n import _, ngettext

if TYPE_CHECKING:
    from peerpact.record.index.query import Summary


app = commands()


@app.command(help=about("forget"))
def forget(
    record_ids: RecordIds = None,
    ended_before: Annotated[
        str | None,
        typer.Option(
            "--ended-before", metavar="DATE", help=_("Every agreement that ended before DATE.")
        ),
    ] = None,
    due: Annotated[
        bool,
        typer.Option("--due", help=_("Every ended agreement retention.ended_days says to forget.")),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask to confirm."))] = False,
    json: Json = False,
) -> None:
    from peerpact.record.forget import chosen, forget_all

    today = date.today().isoformat()
    paths = chosen(record_ids or [], ended_before, due, today)
    if not paths:
        if json:
            print_json({"forgotten": []})
        else:
            out().print(_("Nothing to forget."))
        return
    forgotten = forget_all(paths, today, None if yes else _confirm)
    if json:
        print_json({"forgotten": forgotten})
        return
    for record_id in forgotten:
        out().print(
            _("Forgot {record_id}; a signed tombstone says so.").format(record_id=record_id)
        )


def _confirm(ids: set[str]) -> None:
    from peerpact.record.index.rows import listing

    rows = listing()
    try:
        _ask(ids, rows)
    finally:
        rows.close()


def _ask(ids: set[str], rows: "Iterable[Summary]") -> None:
    import sys

    from peerpact.cli.ui.prompts import confirm

    if not sys.stdin.isatty():
        raise UserInputError(_("Forgetting cannot be undone; add --yes to confirm without asking."))
    for row in rows:
        if row.id in ids:
            names = ", ".join(row.parties) or _("(unreadable)")
            out().print(
                _("  {id}  {names}  {status}, last changed {updated}").format(
                    id=row.id,
                    names=safe(names),
                    status=said_status(row.status),
                    updated=row.updated,
                )
            )
    question = ngettext(
        "Forget this agreement for good? It cannot be undone",
        "Forget these {n} agreements for good? It cannot be undone",
        len(ids),
    ).format(n=len(ids))
    if not confirm(question):
        raise DeclinedError(_("Nothing was forgotten."))
