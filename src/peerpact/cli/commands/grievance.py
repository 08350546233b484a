"""Feedback to leadership: `peerpact grievance`, which fills the outbox.

The conversation (cli/flows/grievance.py) asks, shows and confirms; the use
case (feedback/grievance.py) checks, finds what to redact, composes the
message and files it. Nothing is written until the person has seen the
message exactly as it will be filed.
"""

from typing import Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import out, print_json
from peerpact.cli.ui.params import Json
from peerpact.i18n import _

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
    if no_input:
        readers = case.readers(config)
        filed = case.unattended(given)
    else:
        from peerpact.cli.flows.grievance import final_look, interview
        from peerpact.cli.ui.lineedit import require_terminal

        require_terminal(
            "`peerpact grievance`",
            "Run it in a terminal, or use --no-input with --text or --text-file.",
        )
        readers = case.readers(config)
        filed = interview(config, given, readers)
    composed = case.compose(filed, config, readers)
    if not no_input:
        final_look(composed)
    case.file(composed)
    if json:
        print_json({"receipt": composed.receipt, "sealed": composed.sealed})
        return
    console = out()
    filed_in = _("Filed in the outbox.")
    receipt = _("Your receipt code: %(receipt)s") % {"receipt": f"[bold]{composed.receipt}[/]"}
    console.print(f"\n[bold green]{filed_in}[/] {receipt}")
    console.print(
        _(
            "Keep it to refer to this message later; it is stored only inside the message.\n"
            "The message waits here until it is sent with `peerpact outbox send` or exported."
        )
    )
