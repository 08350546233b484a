"""Feedback to leadership: `peerpact grievance`, which fills the outbox.

The flow asks, shows and confirms; the core (peerpact.feedback.redact,
peerpact.feedback.message, peerpact.feedback.outbox) finds what to redact, builds the message
and files it. Nothing is written until the person has seen the message
exactly as it will be filed.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.ui.console import heading, out, print_json, safe
from peerpact.cli.ui.params import Json
from peerpact.i18n import _
from peerpact.text import clean_line

if TYPE_CHECKING:
    from peerpact.config import Config
    from peerpact.feedback.message import Composed, Grievance
    from peerpact.feedback.redact import Finding

END_OF_TEXT = "."


def _note() -> str:
    return _(
        """\
[bold]Feedback and grievances[/], anonymously unless you choose otherwise.

What peerpact does: it does not record your name, this computer's name, your
user name or the time (only the date). Before anything is saved it finds
e-mail addresses, phone numbers, links, @handles, street addresses, IP
addresses, card and bank account numbers and the names of people in this
computer's agreements, and shows you how they will be replaced.

What it cannot do: your wording, and the details of what happened, can still
tell people who you are. Read the final version with that in mind. Whoever
uses this computer can see that a message is waiting, and can delete it.
Ctrl-C at any point stops without saving anything.
"""
    )


app = commands()


@app.command(
    help=_(
        "Give feedback or a grievance to leadership, anonymously unless you "
        "choose otherwise.\n\n"
        "Shows what anonymous means here, asks what happened, removes e-mail\n"
        "addresses, phone numbers, links, handles, street addresses, IP "
        "addresses,\n"
        "card and account numbers and known names (you see and choose), shows "
        "the\n"
        "message exactly as it will be filed, and saves it in the outbox.\n"
        "Declining or Ctrl-C saves nothing.\n\n"
        "Example: `peerpact grievance`, or for scripts\n"
        "`peerpact grievance --no-input --text-file note.txt --category "
        "feedback`.\n"
        '`--json` prints the receipt as {"receipt", "sealed"} once it is filed.'
    )
)
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
    from peerpact.errors import UserInputError
    from peerpact.feedback import outbox
    from peerpact.feedback.message import Grievance, check_text, compose

    config = load_config()
    if config.leadership_age_recipient:
        from peerpact.config import age_recipient

        age_recipient(config.leadership_age_recipient)  # a bad key fails now, not after writing
    if sum(given is not None for given in (text, text_file)) + editor > 1:
        raise UserInputError(_("Give the text one way: --text, --text-file or --editor."))
    if category is not None:
        category = _category(category, config)
    if no_input:
        if text is None and text_file is None:
            raise UserInputError(
                _("--no-input needs --text or --text-file (there is no one to ask).")
            )
        from peerpact.feedback.redact import apply

        written = _given_text(text, text_file)
        check_text(written)
        finished = apply(written, _findings(written, redact or []))
        filed = Grievance(finished, category or "", clean_line(contact or ""))
    else:
        from peerpact.cli.ui.lineedit import require_terminal

        require_terminal(
            "`peerpact grievance`",
            "Run it in a terminal, or use --no-input with --text or --text-file.",
        )
        filed = _interview(config, category, text, text_file, editor, contact, redact or [])
    check_text(filed.text)
    composed = compose(filed, config.leadership_email, config.leadership_age_recipient)
    if not no_input:
        _final_look(composed)
    outbox.file(composed)
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


def _category(given: str, config: "Config") -> str:
    from peerpact.feedback.message import match_category

    return match_category(clean_line(given), _categories(config))


def _categories(config: "Config") -> tuple[str, ...]:
    from peerpact.feedback.message import categories

    return categories(config.categories)


def _given_text(text: str | None, text_file: str | None) -> str:
    import sys

    from peerpact.feedback.message import MAX_TEXT_CHARS, decode_text, read_text_file

    if text is not None:
        return clean_line(text)
    if text_file == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_CHARS * 4 + 1)
        return clean_line(decode_text(data, "standard input"))
    return clean_line(read_text_file(Path(str(text_file))))


def _findings(text: str, terms: list[str]) -> "list[Finding]":
    import os

    from peerpact.feedback import redact
    from peerpact.feedback.message import identifying_terms

    names, known = identifying_terms()
    return redact.find(text, names, [*known, *terms], redact.regions_from_env(os.environ))


def _interview(
    config: "Config",
    category: str | None,
    text: str | None,
    text_file: str | None,
    editor: bool,
    contact: str | None,
    terms: list[str],
) -> "Grievance":
    from peerpact.cli.ui.prompts import ask, confirm
    from peerpact.feedback.message import Grievance, check_text

    console = out()
    heading(_("Feedback to leadership"))
    console.print(_note())
    if category is None:
        category = _ask_category(config)
    if text is not None or text_file is not None:
        written = _given_text(text, text_file)
    else:
        written = clean_line(_edit("")) if editor else _type_text()
    check_text(written)
    if contact is None:
        contact = ""
        heading(_("Anonymous, or with contact details"))
        console.print(
            _(
                "With contact details leadership can reply to you, and the message is "
                "[bold]no longer anonymous[/]. Without them, nobody can reply."
            )
        )
        if confirm(_("Add contact details?"), False):
            contact = ask(_("How leadership can reach you (e-mail, phone, in person)"))
    return Grievance(_review(written, config, terms), category, clean_line(contact))


def _ask_category(config: "Config") -> str:
    from peerpact.cli.ui.prompts import ask
    from peerpact.errors import UserInputError

    console = out()
    offered = _categories(config)
    console.print("\n" + _("[bold]What is this about?[/] (optional)"))
    for number, name in enumerate(offered, start=1):
        console.print(f"  {number}  {safe(name)}")
    while True:
        answer = ask(_("Number or name, or Enter to skip"))
        if not answer:
            return ""
        if answer.isdigit() and 1 <= int(answer) <= len(offered):
            return offered[int(answer) - 1]
        try:
            return _category(answer, config)
        except UserInputError:
            said = _("%(answer)r is not one of the categories.") % {"answer": safe(answer)}
            console.print(f"[yellow]{said}[/]")


def _type_text() -> str:
    from peerpact.cli.ui.lineedit import read_line

    console = out()
    console.print(
        "\n"
        + _(
            "[bold]What happened?[/] Write as much or as little as you like. "
            "Finish with a line holding only a dot ([bold]%(end)s[/])."
        )
        % {"end": END_OF_TEXT}
    )
    lines: list[str] = []
    while True:
        line = read_line("> ")
        if line.strip() == END_OF_TEXT:
            return clean_line("\n".join(lines))
        lines.append(line)


def _edit(initial: str) -> str:
    from peerpact.cli.ui.editor import edit_text

    return edit_text(initial, "what-happened.txt")


def _review(text: str, config: "Config", terms: list[str]) -> str:
    """The redaction preview: accept, keep findings, or edit, until accepted."""
    import os

    from peerpact.cli.ui.prompts import ask
    from peerpact.feedback import redact

    console = out()
    kept: set[int] = set()
    findings = _findings(text, terms)
    while True:
        heading(_("What will be removed"))
        _show_findings(text, findings, kept)
        answer = ask(_("Enter to accept, [bold]k N[/] to keep N as written, [bold]e[/] to edit"))
        if not answer:
            return redact.apply(text, findings, kept)
        if answer.lower() == "e":
            if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
                text = clean_line(_edit(text))
            else:
                again = _("No $EDITOR is set: type the whole text again.")
                console.print(f"[dim]{again}[/]")
                text = _type_text()
            findings, kept = _findings(text, terms), set()
            continue
        number = answer.lower().removeprefix("k").strip()
        if number.isdigit() and 1 <= int(number) <= len(findings):
            kept ^= {int(number) - 1}
        else:
            said = _("Did not understand %(answer)r.") % {"answer": safe(answer)}
            console.print(f"[yellow]{said}[/]")


def _show_findings(text: str, findings: "list[Finding]", kept: set[int]) -> None:
    from rich.text import Text

    from peerpact.feedback import redact
    from peerpact.text import for_terminal

    console = out()
    shown = Text()
    for piece, index in redact.segments(text, findings):
        if index is None:
            shown.append(for_terminal(piece))
        elif index in kept:
            kept_mark = _("<kept %(n)s>") % {"n": index + 1}
            shown.append(f"{for_terminal(piece)}{kept_mark}", style="bold")
        else:
            shown.append(f"[{findings[index].kind} {index + 1}]", style="reverse")
    console.print(shown)
    if not findings:
        console.print(
            "\n" + _("Nothing found to remove. Check names of places and events yourself.")
        )
        return
    console.print()
    for index, finding in enumerate(findings):
        what = (
            _("kept as written")
            if index in kept
            else _("becomes %(placeholder)s") % {"placeholder": safe(finding.placeholder)}
        )
        console.print(f"  {index + 1:>2}  {safe(finding.text)}  ->  {what}")
    if kept:
        again = _("k N again puts a kept finding back to its placeholder.")
        console.print(f"[dim]{again}[/]")


def _final_look(composed: "Composed") -> None:
    from peerpact.cli.ui.prompts import confirm
    from peerpact.errors import DeclinedHereError
    from peerpact.feedback import outbox

    console = out()
    heading(_("Exactly what will be filed"))
    console.print(safe(outbox.readable(composed.data)))
    if composed.sealed:
        heading(_("Sealed inside: only leadership can read this"))
        console.print(safe(composed.inner))
    heading()
    if not confirm(_("File this in the outbox?"), True):
        raise DeclinedHereError(_("Not filed. Nothing was written."))
