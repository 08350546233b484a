"""Feedback to leadership: `peerpact grievance`, which fills the outbox.

The conversation (cli/flows/grievance.py) asks, shows and confirms; the use
case (feedback/grievance.py) checks, finds what to redact, composes the
message and files it. Nothing is written until the person has seen the
message exactly as it will be filed.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import err, out, print_json
from peerpact.cli.ui.params import Json
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.config import Config
    from peerpact.feedback.grievance import Given
    from peerpact.feedback.message import Composed

app = commands()


@app.command(help=about("grievance"))
def grievance(
    category: Annotated[
        str | None, typer.Option("--category", "-c", help=_("One of the configured categories."))
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help=_("The text itself (it stays in your shell history).")),
    ] = None,
    text_file: Annotated[
        str | None,
        typer.Option("--text-file", metavar="PATH|-", help=_("Read the text from a file, or -.")),
    ] = None,
    editor: Annotated[
        bool, typer.Option("--editor", help=_("Write the text in $VISUAL or $EDITOR."))
    ] = False,
    contact: Annotated[
        str | None,
        typer.Option(
            "--contact", help=_("Contact details to include. Leave out to stay anonymous.")
        ),
    ] = None,
    redact: Annotated[
        list[str] | None,
        typer.Option("--redact", metavar="TERM", help=_("Also remove this word (repeatable).")),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help=_("Never prompt; apply every redaction and file."))
    ] = False,
    json: Json = False,
) -> None:
    from peerpact.config import load_config
    from peerpact.feedback import grievance as case

    config = case.settled(load_config())
    given = case.check(
        case.Given(category, text, text_file, editor, contact, tuple(redact or ())), config
    )
    # --no-input: no one to type a receipt back, so no receipt and no answers.
    readers = case.readers(config) if no_input else None
    unasked = case.compose(case.unattended(given), config) if no_input else None
    if readers is not None and readers.unsealed:
        from peerpact.cli.flows.grievance import who_reads

        err().print(who_reads(readers))
    composed = unasked or _asked(config, given)
    outbox_id = case.file(composed)
    if json:
        print_json({"id": outbox_id, "sealed": composed.sealed, "answerable": composed.answerable})
        return
    _filed(outbox_id, composed.answerable)


def _asked(config: "Config", given: "Given") -> "Composed":
    """The conversation, the last look, and the receipt typed back."""
    from peerpact.cli.flows.grievance import final_look, interview, keep_receipt
    from peerpact.cli.ui.lineedit import require_terminal
    from peerpact.feedback import grievance as case

    require_terminal(
        "`peerpact grievance`",
        "Run it in a terminal, or use --no-input with --text or --text-file.",
    )
    filed = interview(config, given, case.readers(config))
    receipt = case.new_receipt(config)
    composed = case.compose(filed, config, receipt)
    final_look(composed)
    if receipt:
        keep_receipt(receipt)
    return composed


def _filed(outbox_id: str, answerable: bool) -> None:
    console = out()
    filed_in = _("Filed in the outbox as %(id)s.") % {"id": outbox_id}
    console.print(f"\n[bold green]{filed_in}[/]")
    if not answerable:
        console.print(_("No receipt was made, so answers cannot reach you through peerpact."))
    console.print(
        _("The message waits here until it is sent with `peerpact outbox send` or exported.")
    )
