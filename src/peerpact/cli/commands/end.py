"""Ending an agreement: `peerpact end`. Any party may, at any time; no reason
is asked, and nothing is written until the ending party has typed their name."""

from typing import Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.flows.revising import party_label, report_revision, signing_key
from peerpact.cli.ui.console import out
from peerpact.cli.ui.params import Json, NoInput, RecordId
from peerpact.errors import UserInputError
from peerpact.i18n import _


def end_intro() -> str:
    return _(
        "Any party may end this agreement, at any time; no reason is asked. Ending deletes "
        "nothing: the record and its history stay. Type decline to stop (nothing will be "
        "recorded), or back to choose who is ending it again."
    )


app = commands()


@app.command(help=about("end"))
def end(
    record_id: RecordId,
    party: Annotated[
        str | None, typer.Option("--party", "-p", help=_("Who is ending it: their name."))
    ] = None,
    sign: Annotated[
        str | None, typer.Option("--sign", metavar="NAME", help=_("Their typed signature."))
    ] = None,
    note: Annotated[
        str,
        typer.Option("--note", help=_("Only if you want to leave one. No reason is ever needed.")),
    ] = "",
    no_input: NoInput = False,
    json: Json = False,
) -> None:
    from peerpact.agreement.state import find_party
    from peerpact.cli.ui.lineedit import require_terminal
    from peerpact.cli.ui.prompts import GoBack, ask_signatures, choose
    from peerpact.record.revisions import end as end_record
    from peerpact.record.revisions import load_changeable
    from peerpact.record.store import find_record

    path = find_record(record_id)
    if no_input and (party is None or sign is None):
        raise UserInputError(_("--no-input needs --party NAME and --sign NAME."))
    key = signing_key()
    asked = party is None or sign is None
    if asked:
        require_terminal(
            "`peerpact end`", _("Run it in a terminal, or give --party NAME --sign NAME.")
        )
    state = load_changeable(path)
    chosen = party
    while sign is None:
        if chosen is None:
            out().print(_("Ending agreement {id}.").format(id=state.id))
            labels = [party_label(state, p) for p in state.parties]
            party = state.parties[choose(_("Who is ending it?"), labels)].name
        name = find_party(state, str(party)).name
        try:
            sign = ask_signatures([name], "end", _("Ending the agreement"), end_intro())[0]
        except GoBack:
            continue  # back to choosing who ends it (or, with --party, to signing)
    # What was shown and signed is the record as read; refuse if it changed since.
    expected = state.head if asked else None
    saved, revision = end_record(path, key, str(party), sign, note, expected_head=expected)
    report_revision(saved, revision, path, json, _("Ended."))
    if not json:
        out().print(_("Nothing was deleted; it can no longer be amended."))
