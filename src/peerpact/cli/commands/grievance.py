"""Feedback to leadership: `peerpact grievance`, which fills the outbox.

The conversation (cli/flows/grievance.py) asks, shows and confirms; the use
case (feedback/grievance.py) checks, finds what to redact, composes the
message and files it. Nothing is written until the person has seen the
message exactly as it will be filed.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import err, out, print_json
from peerpact.cli.ui.params import FILE, Json, file_or_stream
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.config import Config
    from peerpact.feedback.grievance import Checked, Given
    from peerpact.feedback.message import Composed
    from peerpact.feedback.replies import Answer

app = commands()
# A group that runs the grievance itself when no subcommand is named, so that
# `peerpact grievance` stays what it was and `grievance check` reads answers.
grievance_app = typer.Typer(help=about("grievance"), invoke_without_command=True)
app.add_typer(grievance_app, name="grievance")


@grievance_app.callback()
def grievance(
    ctx: typer.Context,
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

    if ctx.invoked_subcommand is not None:
        return
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
        _("Run it in a terminal, or use --no-input with --text or --text-file."),
    )
    filed = interview(config, given, case.readers(config), case.answerable(config))
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


@grievance_app.command(
    "check",
    help=_(
        "Read leadership's answers to your message with your receipt alone.\n\n"
        "Checks the bundle's signature (against --org-key when given), asks for the\n"
        "receipt without showing it, and shows the answers it opens. A wrong receipt\n"
        "and no answer yet look the same. Nothing is written, unless you then write\n"
        "a follow-up: it is filed in the outbox, sealed, as a grievance is.\n\n"
        "Example: `peerpact grievance check replies.json`."
    ),
)
def grievance_check(
    bundle: Annotated[
        Path,
        typer.Argument(
            metavar="BUNDLE",
            parser=file_or_stream,
            help=_("The replies bundle leadership published (a file, or -)."),
        ),
    ],
    receipt_file: Annotated[
        Path | None,
        typer.Option(
            "--receipt-file",
            metavar=FILE,
            parser=file_or_stream,
            help=_("Read the receipt from this file (or -)."),
        ),
    ] = None,
    org_key: Annotated[
        str | None,
        typer.Option("--org-key", metavar="KEY", help=_("Your organisation's signing key.")),
    ] = None,
) -> None:
    from peerpact.cli.ui.lineedit import is_terminal
    from peerpact.cli.ui.prompts import confirm
    from peerpact.errors import UserInputError
    from peerpact.feedback import replies
    from peerpact.feedback.grievance import open_bundle
    from peerpact.files import STREAM

    if bundle is STREAM and receipt_file is STREAM:
        raise UserInputError(_("Only one of BUNDLE and --receipt-file can be standard input."))
    checked = open_bundle(bundle, org_key)
    receipt = _read_receipt(receipt_file) if receipt_file else _ask_receipt()
    _show_answers(replies.answers_for(checked.bundle, receipt))
    # Offered whatever the receipt opened: a wrong receipt looks like no answer.
    if is_terminal() and confirm(_("Write a follow-up to leadership with this receipt?"), False):
        _follow_up(checked, receipt)


def _follow_up(checked: "Checked", receipt: str) -> None:
    """The grievance conversation again, the message sealed with the reply key
    and follow-up tag this receipt derives, so it joins the first one's case."""
    from peerpact.cli.flows.grievance import final_look, interview
    from peerpact.config import load_config
    from peerpact.feedback import grievance as case

    config = case.settled(load_config())
    readers = case.follow_up_readers(config, checked)
    filed = interview(config, case.Given(), readers, answerable=True)  # the receipt's reply key
    composed = case.compose_follow_up(filed, config, receipt, checked, readers)
    final_look(composed)
    _filed(case.file(composed), composed.answerable)


def _read_receipt(path: Path) -> str:
    from peerpact.feedback.receipt import normalise
    from peerpact.files import read_given

    return normalise(read_given(path, 4096, _("receipt file")).decode("utf-8", "replace"))


def _ask_receipt() -> str:
    """The receipt, asked without echo; a word off the lists is asked again."""
    import getpass

    from peerpact.cli.ui.lineedit import require_terminal
    from peerpact.errors import UserInputError
    from peerpact.feedback.receipt import normalise

    require_terminal(
        "`peerpact grievance check`", _("Or give the receipt with --receipt-file."), keeps=False
    )
    for _attempt in range(2):
        try:
            return normalise(getpass.getpass(_("Your receipt (six words, not shown): ")))
        except UserInputError as error:
            out().print(f"[yellow]{error.message}[/] {error.hint or ''}")
    return normalise(getpass.getpass(_("Your receipt (six words, not shown): ")))


def _show_answers(answers: "list[Answer]") -> None:
    from peerpact.cli.ui.console import heading, safe

    console = out()
    heading(_("Leadership's answers"))
    labels = {
        "ack": _("Received: leadership has your message."),
        "reply": _("Reply"),
        "note": _("A note for you"),
    }
    for answer in answers:
        console.print(f"\n[bold]{safe(answer.day)}  {labels[answer.kind]}[/]")
        if answer.text:
            console.print(safe(answer.text))
    if not answers:
        # The same words for a wrong receipt: nothing tells the two apart.
        console.print(_("No answers for this receipt yet."))
        console.print(_("Check back later; a newer bundle may hold them."))
