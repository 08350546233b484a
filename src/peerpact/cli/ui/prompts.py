"""The questions every interactive flow asks: a line, yes or no, one of a
list, a list of items, a party, and the typed signatures.

Nothing here writes. Every free-text answer is read with real line editing
(``cli.ui.lineedit``); typing ``back`` returns to the step before wherever a flow
allows it (``going_back``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator

from peerpact.agreement.unsigned import PartyDraft, check_name
from peerpact.cli.ui.console import heading, out, safe
from peerpact.cli.ui.words import (
    back_words,
    decline_words,
    is_said,
    no_words,
    plain_word,
    understood,
    yes_no_hint,
    yes_words,
)
from peerpact.errors import DeclinedHereError, UserInputError
from peerpact.i18n import _
from peerpact.record.payload.check import signature_matches

_back_allowed = False


def additions_heading(language: str) -> str:
    """The layouts' heading for the parties' additions, in the document's own
    language (the agreement ends before it)."""
    from peerpact.i18n import document_language, translations

    return "## " + translations(document_language(language)).gettext("What each of us adds")


class GoBack(Exception):
    """The person typed `back`: the flow returns to the step before."""


@contextlib.contextmanager
def going_back() -> Iterator[None]:
    """Within this, typing `back` at any question raises GoBack."""
    global _back_allowed
    before, _back_allowed = _back_allowed, True
    try:
        yield
    finally:
        _back_allowed = before


def say(markup: str) -> None:
    out().print(markup)


def warn(markup: str) -> None:
    out().print(f"[yellow]{markup}[/]")


def ask(question: str, prefill: str = "") -> str:
    """One line, edited in place; ``prefill`` is the answer to start from.

    The question is wrapped to the screen; only its last line stays beside the
    cursor, so line editing never redraws the lines above it.
    """
    from peerpact.cli.ui.lineedit import read_line

    console = out()
    with console.capture() as capture:
        console.print(question, end="")
    *above, last = capture.get().split("\n")
    for line in above:
        console.file.write(line.rstrip() + "\n")
    answer = read_line(last + ": ", prefill)
    if _back_allowed and is_said(answer, back_words()):
        raise GoBack
    return answer


def confirm(
    question: str,
    default: bool | None = None,
    hint: str | None = None,
    words: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    nudge: str | None = None,
) -> bool:
    """Yes or no: y, yes, n or no (s, sí in Spanish; any case); Enter gives
    ``default`` if there is one. ``hint``, ``words`` and ``nudge`` (said after
    an answer not understood) replace the interface's own (a question asked in
    two languages)."""
    from rich.markup import escape

    yes, no = words or (yes_words(), no_words())
    while True:
        answer = ask(f"{question} {escape(hint or yes_no_hint(default))}")
        if not answer and default is not None:
            return default
        if is_said(answer, yes):
            return True
        if is_said(answer, no):
            return False
        warn(nudge or _("Please answer y or n (yes or no)."))


def choose_word(question: str, words: dict[str, str], default: str | None = None) -> str:
    """One of ``words`` (shown word -> what it means), typed in any case, or
    what it means (English, understood in any language); Enter gives
    ``default`` (a meaning) if there is one."""
    from rich.markup import escape

    shown_default = next((word for word, value in words.items() if value == default), None)
    shown = escape(f"[{'/'.join(words)}]") + (
        f" ({escape(shown_default)})" if shown_default else ""
    )
    while True:
        answer = ask(f"{question} {shown}")
        if not answer and default:
            return default
        for word, value in words.items():
            if is_said(answer, (plain_word(word), plain_word(value))):
                return value
        warn(_("Please type one of: {words}.").format(words=safe(", ".join(words))))


def choose(question: str, options: list[str]) -> int:
    """A numbered menu of people's text; returns the index chosen.

    A number or the option itself (or its first word, a name) is understood,
    so a name with odd characters is still easy to pick; options are shown
    made safe.
    """
    console = out()
    for number, option in enumerate(options, start=1):
        console.print(f"  {number}. {safe(option)}")
    while True:
        answer = ask(f"{question} (1-{len(options)})").casefold()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return int(answer) - 1
        for index, option in enumerate(options):
            if answer and answer in (option.casefold(), option.split(" (")[0].casefold()):
                return index
        warn(_("Please type a number from 1 to {last}.").format(last=len(options)))


def ask_name(label: str, prefill: str = "", taken: Iterable[str] = ()) -> str:
    """A party's name, asked again until it is usable and not another party's."""
    used = {name.casefold() for name in taken}
    question = _(
        "[bold]{role}[/]: the name you want to be called here (a pseudonym is fine)"
    ).format(role=safe(label))
    while True:
        typed = ask(question, prefill)
        if not typed.strip():
            warn(_("A name is needed (a pseudonym is fine)."))
            continue
        try:
            name = check_name(typed, _("name"))
        except UserInputError as exc:
            warn(safe(exc.message))
            continue
        if name.casefold() not in used:
            return name
        warn(_("Someone here is already called {name}.").format(name=safe(name)))
        say(_("Each party needs a distinct name, so their signatures can be told apart."))
        prefill = name


def ask_pronouns(party: PartyDraft) -> str:
    question = _("{name}'s pronouns (optional, Enter to skip)").format(name=safe(party.name))
    return ask(question, party.pronouns)


def ask_party(label: str, party: PartyDraft, taken: Iterable[str] = ()) -> None:
    """A party's name and pronouns, starting from what they have (editing);
    `back` at the pronouns returns to the name."""
    while True:
        party.name = ask_name(label, party.name, taken)
        try:
            party.pronouns = ask_pronouns(party)
            return
        except GoBack:
            continue


def page_through(markdown: str, language: str) -> None:
    """Show the base agreement (written in ``language``) a section at a time;
    q stops reading (only that)."""
    from peerpact.cli.ui.console import show_markdown

    body = markdown.split(additions_heading(language))[0]
    parts: list[list[str]] = [[]]
    for line in body.splitlines():
        if line.startswith("## "):
            parts.append([])
        parts[-1].append(line)
    chunks = ["\n".join(part).strip() for part in parts if "\n".join(part).strip()]
    heading(_("The agreement"))
    stop = understood(_("q quit stop"), "q quit stop")
    for index, chunk in enumerate(chunks, start=1):
        show_markdown(chunk)
        if index < len(chunks):
            question = _("[dim]Part {part} of {parts}. Enter to read on, q to stop reading[/]")
            answer = ask(question.format(part=index, parts=len(chunks)))
            if is_said(answer, stop):
                say(
                    _("[dim]Stopped reading. The whole agreement is shown again before consent.[/]")
                )
                return


def ask_items(
    items: list[str], prefix: str, first: int = 1, saved: Callable[[], None] = lambda: None
) -> None:
    """Items typed one per line onto ``items``, numbered from ``first`` (W1,
    or W3 when W1 and W2 were there before); an empty line ends it.
    ``saved`` runs after every item, so a stop loses at most the line typed."""
    while True:
        text = ask(f"  {prefix}{first + len(items)}")
        if not text:
            return
        items.append(text)
        saved()


def list_intro(label: str, prompt: str, items: list[str], prefix: str) -> None:
    say(f"\n[bold]{safe(label)}[/] - {safe(prompt)}")
    for number, text in enumerate(items, start=1):
        say(f"  {prefix}{number}. {safe(text)}")
    say(_("[dim]One per line. Press Enter on an empty line when done (or to skip).[/]"))


def consent_intro() -> str:
    return _(
        "Each of you agrees by typing your own name exactly as shown. "
        "Type decline to say no (nothing will be recorded), or back to change something first."
    )


def _signing(purpose: str) -> tuple[str, str]:
    """What each person is asked, and told after a typo, to ``purpose``
    ("agree", "change" or "end"): whole sentences, for translation."""
    if purpose == "change":
        return (
            _("[bold]{name}[/], type your name to agree to this change"),
            _(
                "Type {name} exactly as shown to agree to this change, "
                "back to change something, or decline."
            ),
        )
    if purpose == "end":
        return (
            _("[bold]{name}[/], type your name to end the agreement"),
            _(
                "Type {name} exactly as shown to end the agreement, "
                "back to change something, or decline."
            ),
        )
    return (
        _("[bold]{name}[/], type your name to agree"),
        _("Type {name} exactly as shown to agree, back to change something, or decline."),
    )


def ask_signatures(
    names: list[str], purpose: str = "agree", title: str | None = None, intro: str | None = None
) -> list[str]:
    """Each person types their own name (their typed signature) to ``purpose``
    ("agree", "change", "end"). Returns the signatures, NFC, in order. Nothing
    typed, or a typo, asks again; `decline` (asked once more) raises
    DeclinedHereError; `back` raises GoBack."""
    heading(title or _("Consent"))
    say(intro or consent_intro())
    return [_ask_signature(name, purpose) for name in names]


def _ask_signature(name: str, purpose: str) -> str:
    shown = safe(name)
    question, retry = _signing(purpose)
    while True:
        with going_back():
            typed = ask(question.format(name=shown))
        if signature_matches(name, typed):
            return typed
        if is_said(typed, decline_words()):
            asked = _("{name}, do you decline? Nothing will be recorded").format(name=shown)
            if confirm(asked, None):
                raise DeclinedHereError(
                    _("{name} did not consent. Nothing was written.").format(name=name)
                )
            continue
        if typed:
            warn(_("That is not exactly {name!r}.").format(name=shown))
        else:
            warn(_("Nothing was typed."))
        say(retry.format(name=shown))
