"""`peerpact drafts`: unfinished interviews, listed (never their content) or discarded."""

from typing import Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.flows.drafts import resume
from peerpact.cli.ui.console import out, print_json, print_table, safe
from peerpact.cli.ui.params import Json
from peerpact.errors import NotFoundError
from peerpact.i18n import _

app = commands()


@app.command(help=about("drafts"))
def drafts(
    discard: Annotated[
        list[str] | None,
        typer.Option("--discard", metavar="ID", help=_("Delete this draft (repeatable).")),
    ] = None,
    json: Json = False,
) -> None:
    from peerpact.agreement import drafts as store
    from peerpact.config import load_config

    store.expire(load_config().draft_keep_days)
    for draft_id in discard or []:
        if not store.exists(draft_id):
            raise NotFoundError(
                _("No draft {id!r}.").format(id=draft_id), _("See `peerpact drafts`.")
            )
        store.delete(draft_id)
        out().print(_("Discarded draft {id}.").format(id=safe(draft_id)))
    if discard:
        return
    rows = store.summaries()
    if json:
        print_json([row.__dict__ for row in rows])
        return
    if not rows:
        out().print(_("No unfinished interviews."))
        return
    print_table(
        (_("id"), _("command"), _("record"), _("last changed"), _("resume with")),
        (
            (row.id, row.command, row.record or "-", row.updated, row.problem or resume(row))
            for row in rows
        ),
    )
