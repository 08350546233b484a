"""Feedback to leadership: `peerpact grievance`, which fills the outbox.

The flow asks, shows and confirms; the core (peerpact.feedback.redact,
peerpact.feedback.message, peerpact.feedback.outbox) finds what to redact, builds the message
and files it. Nothing is written until the person has seen the message
exactly as it will be filed.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import app
from peerpact.cli.console import heading, out, safe
from peerpact.text import clean_line

if TYPE_CHECKING:
    from peerpact.config import Config
    from peerpact.feedback.message import Composed, Grievance
    from peerpact.feedback.redact import Finding

NOTE = """\
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
END_OF_TEXT = "."


@app.command()
def grievance(
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="One of the configured categories.")
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help="The text itself (it stays in your shell history)."),
    ] = None,
    text_file: Annotated[
        str | None,
        typer.Option("--text-file", metavar="PATH|-", help="Read the text from a file, or -."),
    ] = None,
    editor: Annotated[
        bool, typer.Option("--editor", help="Write the text in $VISUAL or $EDITOR.")
    ] = False,
    contact: Annotated[
        str | None,
        typer.Option("--contact", help="Contact details to include. Leave out to stay anonymous."),
    ] = None,
    redact: Annotated[
        list[str] | None,
        typer.Option("--redact", metavar="TERM", help="Also remove this word (repeatable)."),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; apply every redaction and file.")
    ] = False,
) -> None:
    """Give feedback or a grievance to leadership, anonymously unless you choose otherwise.

    Shows what anonymous means here, asks what happened, removes e-mail
    addresses, phone numbers, links, handles, street addresses, IP addresses,
    card and account numbers and known names (you see and choose), shows the
    message exactly as it will be filed, and saves it in the outbox.
    Declining or Ctrl-C saves nothing.

    Example: `peerpact grievance`, or for scripts
    `peerpact grievance --no-input --text-file note.txt --category feedback`.
    """
    from peerpact.config import load_config
    from peerpact.errors import UserInputError
    from peerpact.feedback import outbox
    from peerpact.feedback.message import Grievance, check_text, compose

    config = load_config()
    if config.leadership_age_recipient:
        from peerpact.config import age_recipient

        age_recipient(config.leadership_age_recipient)  # a bad key fails now, not after writing
    if sum(given is not None for given in (text, text_file)) + editor > 1:
        raise UserInputError("Give the text one way: --text, --text-file or --editor.")
    if category is not None:
        category = _category(category, config)
    if no_input:
        if text is None and text_file is None:
            raise UserInputError("--no-input needs --text or --text-file (there is no one to ask).")
        from peerpact.feedback.redact import apply

        written = _given_text(text, text_file)
        check_text(written)
        finished = apply(written, _findings(written, redact or []))
        filed = Grievance(finished, category or "", clean_line(contact or ""))
    else:
        from peerpact.cli.lineedit import require_terminal

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
    console = out()
    console.print(
        f"\n[bold green]Filed in the outbox.[/] Your receipt code: [bold]{composed.receipt}[/]"
    )
    console.print(
        "Keep it to refer to this message later; it is stored only inside the message.\n"
        "The message waits here until it is sent with `peerpact outbox send` or exported."
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
    from peerpact.cli.prompts import ask, confirm
    from peerpact.feedback.message import Grievance, check_text

    console = out()
    heading("Feedback to leadership")
    console.print(NOTE)
    if category is None:
        category = _ask_category(config)
    if text is not None or text_file is not None:
        written = _given_text(text, text_file)
    else:
        written = clean_line(_edit("")) if editor else _type_text()
    check_text(written)
    if contact is None:
        contact = ""
        heading("Anonymous, or with contact details")
        console.print(
            "With contact details leadership can reply to you, and the message is "
            "[bold]no longer anonymous[/]. Without them, nobody can reply."
        )
        if confirm("Add contact details?", False):
            contact = ask("How leadership can reach you (e-mail, phone, in person)")
    return Grievance(_review(written, config, terms), category, clean_line(contact))


def _ask_category(config: "Config") -> str:
    from peerpact.cli.prompts import ask
    from peerpact.errors import UserInputError

    console = out()
    offered = _categories(config)
    console.print("\n[bold]What is this about?[/] (optional)")
    for number, name in enumerate(offered, start=1):
        console.print(f"  {number}  {safe(name)}")
    while True:
        answer = ask("Number or name, or Enter to skip")
        if not answer:
            return ""
        if answer.isdigit() and 1 <= int(answer) <= len(offered):
            return offered[int(answer) - 1]
        try:
            return _category(answer, config)
        except UserInputError:
            console.print(f"[yellow]{safe(answer)!r} is not one of the categories.[/]")


def _type_text() -> str:
    from peerpact.cli.lineedit import read_line

    console = out()
    console.print(
        "\n[bold]What happened?[/] Write as much or as little as you like. "
        f"Finish with a line holding only a dot ([bold]{END_OF_TEXT}[/])."
    )
    lines: list[str] = []
    while True:
        line = read_line("> ")
        if line.strip() == END_OF_TEXT:
            return clean_line("\n".join(lines))
        lines.append(line)


def _edit(initial: str) -> str:
    """The text, written in the person's editor; the draft file is removed after."""
    import os
    import shlex
    import shutil
    import subprocess
    import tempfile

    from peerpact.errors import UserInputError

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise UserInputError("Neither $VISUAL nor $EDITOR is set.", "Set one, or type the text.")
    # A private folder, removed whole: editors leave swap and backup files
    # beside the draft, and those hold the unredacted text too.
    folder = tempfile.mkdtemp(prefix="peerpact-")
    try:
        draft = Path(folder) / "what-happened.txt"
        draft.write_text(initial, encoding="utf-8")
        draft.chmod(0o600)
        status = subprocess.run([*shlex.split(command), str(draft)], check=False).returncode
        if status != 0:
            raise UserInputError(f"The editor stopped with status {status}; its text was not used.")
        return draft.read_text(encoding="utf-8", errors="replace")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _review(text: str, config: "Config", terms: list[str]) -> str:
    """The redaction preview: accept, keep findings, or edit, until accepted."""
    import os

    from peerpact.cli.prompts import ask
    from peerpact.feedback import redact

    console = out()
    kept: set[int] = set()
    findings = _findings(text, terms)
    while True:
        heading("What will be removed")
        _show_findings(text, findings, kept)
        answer = ask("Enter to accept, [bold]k N[/] to keep N as written, [bold]e[/] to edit")
        if not answer:
            return redact.apply(text, findings, kept)
        if answer.lower() == "e":
            if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
                text = clean_line(_edit(text))
            else:
                console.print("[dim]No $EDITOR is set: type the whole text again.[/]")
                text = _type_text()
            findings, kept = _findings(text, terms), set()
            continue
        number = answer.lower().removeprefix("k").strip()
        if number.isdigit() and 1 <= int(number) <= len(findings):
            kept ^= {int(number) - 1}
        else:
            console.print(f"[yellow]Did not understand {safe(answer)!r}.[/]")


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
            shown.append(f"{for_terminal(piece)}<kept {index + 1}>", style="bold")
        else:
            shown.append(f"[{findings[index].kind} {index + 1}]", style="reverse")
    console.print(shown)
    if not findings:
        console.print("\nNothing found to remove. Check names of places and events yourself.")
        return
    console.print()
    for index, finding in enumerate(findings):
        what = "kept as written" if index in kept else f"becomes {safe(finding.placeholder)}"
        console.print(f"  {index + 1:>2}  {safe(finding.text)}  ->  {what}")
    if kept:
        console.print("[dim]k N again puts a kept finding back to its placeholder.[/]")


def _final_look(composed: "Composed") -> None:
    from peerpact.cli.prompts import confirm
    from peerpact.errors import DeclinedHereError
    from peerpact.feedback import outbox

    console = out()
    heading("Exactly what will be filed")
    console.print(safe(outbox.readable(composed.data)))
    if composed.sealed:
        heading("Sealed inside: only leadership can read this")
        console.print(safe(composed.inner))
    heading()
    if not confirm("File this in the outbox?", True):
        raise DeclinedHereError("Not filed. Nothing was written.")
