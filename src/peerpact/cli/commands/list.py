"""`peerpact list`: the agreements on this computer, from the index."""

from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import (
    out,
    print_columns,
    print_json_array,
)
from peerpact.cli.ui.params import (
    Json,
)
from peerpact.cli.ui.progress import shown
from peerpact.cli.ui.records import said_status
from peerpact.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from peerpact.record.index.query import Summary

app = commands()


@app.command(
    "list",
    help=about("list"),
)
def list_(
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=_("Only agreements that are active, ended or unreadable."),
        ),
    ] = None,
    party: Annotated[
        str | None,
        typer.Option(
            "--party",
            metavar="NAME",
            help=_("Only agreements with a party whose name contains NAME."),
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help=_("Only agreements changed on or after DATE.")
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", min=1, help=_("Show at most N agreements.")),
    ] = None,
    json: Json = False,
) -> None:
    from peerpact.record.listing import list_agreements

    with shown(json):  # the index brought up to date: it may read every record
        listed = list_agreements(status, party, since, limit)
    rows, due = listed.rows, listed.forget_after
    try:
        if json:
            print_json_array(
                {**row.as_json(), **({"forget_after": due(row)} if due(row) else {})}
                for row in rows
            )
            return
        if next(iter(rows), None) is None:
            filtered = any(value is not None for value in (status, party, since))
            out().print(
                _("No agreements match.")
                if filtered
                else _("No agreements yet. Start one with `peerpact new`.")
            )
            return
        _print_rows(rows, due)
    finally:
        rows.close()


def _print_rows(rows: "Iterable[Summary]", due: "Callable[[Summary], str]") -> None:
    """The table, each record that fails verification flagged, and what to run."""
    failing: list[str] = []

    def status_of(row: "Summary") -> str:
        said = said_status(row.status)
        if due(row):
            said = _("{status}, forget after {date}").format(status=said, date=due(row))
        if row.problem and row.status != "unreadable":
            failing.append(row.id)
            said = _("{status}, FAILS VERIFICATION").format(status=said)
        return said

    # Two passes over the rows (widths, then lines): nothing is held in memory.
    print_columns(
        (_("id"), _("parties"), _("status"), _("created"), _("last changed")),
        lambda: (
            (r.id, ", ".join(r.parties) or r.problem, status_of(r), r.created, r.updated)
            for r in rows
        ),
    )
    if failing:
        out().print(
            _(
                "A record that fails verification may have been changed since it was "
                "signed: see why with `peerpact verify {id}`."
            ).format(id=failing[-1])
        )
