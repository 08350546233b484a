"""`grievance`'s conversation: the note on anonymity, the category, the text,
contact details, the redaction review and a last look at exactly what will
be filed. What is checked, found and filed is feedback/grievance.py's."""

from typing import TYPE_CHECKING

from peerpact.cli.ui.console import heading, out, safe
from peerpact.i18n import _
from peerpact.text import clean_line

if TYPE_CHECKING:
    from peerpact.config import Config
    from peerpact.feedback.grievance import Given, Readers
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


def who_reads(readers: "Readers") -> str:
    """Who can read the message, said before the person writes a word."""
    if readers.unsealed:
        return _(
            "[bold yellow]This message will NOT be sealed.[/] No leader's key is known here "
            "and the organisation allows plain messages: whoever uses this computer can "
            "read it until it is sent."
        )
    if readers.names:
        return _("Sealed: only these leaders can read it: {names}.").format(
            names=safe(", ".join(readers.names))
        )
    return _(
        "Sealed to leadership's key set in this computer's config: only its holder can read it."
    )


def interview(
    config: "Config", given: "Given", readers: "Readers", answerable: bool
) -> "Grievance":
    """The note on anonymity and who can read the message, then the category,
    the text, contact details and the redaction review; what the person
    chose, ready to compose. ``answerable``: the message will carry a receipt's
    reply key, so leadership can answer without contact details."""
    from peerpact.cli.ui.prompts import ask, confirm
    from peerpact.feedback.grievance import given_text
    from peerpact.feedback.message import Grievance, check_text

    console = out()
    heading(_("Feedback to leadership"))
    console.print(_note())
    console.print(who_reads(readers) + "\n")
    category = given.category
    if category is None:
        category = _ask_category(config)
    if given.has_text:
        written = given_text(given)
    else:
        written = clean_line(_edit("")) if given.editor else _type_text()
    check_text(written)
    contact = given.contact
    if contact is None:
        contact = ""
        heading(_("Anonymous, or with contact details"))
        console.print(
            _(
                "With contact details leadership can reply to you, and the message is "
                "[bold]no longer anonymous[/]. Without them, leadership's answers still "
                "reach you through your receipt."
            )
            # With a receipt (made now, or the follow-up's), saying nobody can
            # answer would be untrue.
            if answerable
            else _(
                "With contact details leadership can reply to you, and the message is "
                "[bold]no longer anonymous[/]. Without them, nobody can reply."
            )
        )
        if confirm(_("Add contact details?"), False):
            contact = ask(_("How leadership can reach you (e-mail, phone, in person)"))
    return Grievance(_review(written, given.terms), category, clean_line(contact))


def _ask_category(config: "Config") -> str:
    from peerpact.cli.ui.prompts import ask
    from peerpact.errors import UserInputError
    from peerpact.feedback.grievance import categories, category
    from peerpact.feedback.wording import category_word

    console = out()
    offered = categories(config)
    console.print("\n" + _("[bold]What is this about?[/] (optional)"))
    for number, name in enumerate(offered, start=1):
        console.print(f"  {number}  {safe(category_word(name))}")
    while True:
        answer = ask(_("Number or name, or Enter to skip"))
        if not answer:
            return ""
        if answer.isdigit() and 1 <= int(answer) <= len(offered):
            return offered[int(answer) - 1]
        try:
            return category(answer, config)
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


def _review(text: str, terms: tuple[str, ...]) -> str:
    """The redaction preview: accept, keep findings, or edit, until accepted."""
    import os

    from peerpact.cli.ui.prompts import ask
    from peerpact.cli.ui.words import edit_words, is_said, keep_words
    from peerpact.feedback.grievance import choose
    from peerpact.feedback.grievance import findings as find

    console = out()
    kept: set[int] = set()
    findings = find(text, terms)
    while True:
        heading(_("What will be removed"))
        _show_findings(text, findings, kept)
        answer = ask(
            _(
                "Enter to accept, [bold]{keep} N[/] to keep N as written, [bold]{edit}[/] to edit"
            ).format(keep=keep_words()[0], edit=edit_words()[0])
        )
        if not answer:
            return choose(text, findings, kept)
        if is_said(answer, edit_words()):
            if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
                text = clean_line(_edit(text))
            else:
                again = _("No $EDITOR is set: type the whole text again.")
                console.print(f"[dim]{again}[/]")
                text = _type_text()
            findings, kept = find(text, terms), set()
            continue
        number = _kept_number(answer)
        if number is not None and 1 <= number <= len(findings):
            kept ^= {number - 1}
        else:
            said = _("Did not understand %(answer)r.") % {"answer": safe(answer)}
            console.print(f"[yellow]{said}[/]")


def _kept_number(answer: str) -> int | None:
    """N from "k N" (or the interface's own key, or N alone); None otherwise."""
    import re

    from peerpact.cli.ui.words import is_said, keep_words

    found = re.fullmatch(r"\s*([^\W\d_]*)\s*(\d+)\s*", answer)
    if found is None or (found.group(1) and not is_said(found.group(1), keep_words())):
        return None
    return int(found.group(2))


def _show_findings(text: str, findings: "list[Finding]", kept: set[int]) -> None:
    from rich.text import Text

    from peerpact.cli.ui.words import keep_words
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
            shown.append(f"[{findings[index].word} {index + 1}]", style="reverse")
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
        again = _("{keep} N again puts a kept finding back to its placeholder.").format(
            keep=keep_words()[0]
        )
        console.print(f"[dim]{again}[/]")


def final_look(composed: "Composed") -> None:
    """The message exactly as it will be filed; filing it is the person's choice."""
    from peerpact.cli.ui.prompts import confirm
    from peerpact.errors import DeclinedHereError
    from peerpact.feedback import outbox

    console = out()
    heading(_("Exactly what will be filed"))
    console.print(safe(outbox.readable(composed.data)))
    if composed.sealed:
        heading(_("Sealed inside: only leadership can read this"))
        console.print(safe(composed.shown))
    heading()
    if not confirm(_("File this in the outbox?"), True):
        raise DeclinedHereError(_("Not filed. Nothing was written."))


def keep_receipt(receipt: str) -> None:
    """The receipt, shown once; the person types it back before anything is
    written, so that a typo in their copy does not lose every answer."""
    from peerpact.cli.ui.prompts import ask
    from peerpact.errors import UserInputError
    from peerpact.feedback.grievance import typed_back

    console = out()
    heading(_("Your receipt: the only way to read leadership's answers"))
    console.print(f"\n    [bold]{receipt}[/]\n")
    console.print(
        _(
            "Write these six words down, or keep them in a password manager. With them,\n"
            "`peerpact grievance check` shows leadership's answers on any computer.\n"
            "They are stored nowhere: a lost receipt is lost for good, and anyone you\n"
            "show it to can read every answer. Nothing is filed until you type it back."
        )
    )
    while True:
        typed = ask(_("Type the six words back"))
        try:
            if typed_back(receipt, typed):
                return
            said = _("That is not the receipt above. Look again and type it.")
        except UserInputError as error:
            said = f"{error.message} {error.hint or ''}"
        console.print(f"[yellow]{safe(said)}[/]")
