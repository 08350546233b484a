"""The questions every interactive flow asks: a line, yes or no, one of a
list, a list of items, a party, and the typed signatures.

Nothing here writes. Every free-text answer is read with real line editing
(``cli.lineedit``); typing ``back`` returns to the step before wherever a flow
allows it (``going_back``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator

from peerpact.agreement.draft import PartyDraft, check_name, signature_matches
from peerpact.agreement.template import ADDITION_KINDS
from peerpact.cli.console import heading, out, safe
from peerpact.errors import DeclinedHereError, UserInputError

#: The layouts' heading for the parties' additions: the agreement ends before it.
ADDITIONS_HEADING = "## What each of us adds"

BACK_WORD = "back"
_back_allowed = False


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
    from peerpact.cli.lineedit import read_line

    console = out()
    with console.capture() as capture:
        console.print(question, end="")
    *above, last = capture.get().split("\n")
    for line in above:
        console.file.write(line.rstrip() + "\n")
    answer = read_line(last + ": ", prefill)
    if _back_allowed and answer.casefold() == BACK_WORD:
        raise GoBack
    return answer


def confirm(question: str, default: bool | None = None) -> bool:
    """Yes or no: y, yes, n or no (any case); Enter gives ``default`` if there is one."""
    from rich.markup import escape

    hint = {True: "[Y/n]", False: "[y/N]", None: "[y/n]"}[default]
    while True:
        answer = ask(f"{question} {escape(hint)}").casefold()
        if not answer and default is not None:
            return default
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        warn("Please answer y or n (yes or no).")


def choose_word(question: str, words: list[str], default: str | None = None) -> str:
    """One of ``words`` (any case); Enter gives ``default`` if there is one."""
    from rich.markup import escape

    shown = escape(f"[{'/'.join(words)}]") + (f" ({escape(default)})" if default else "")
    while True:
        answer = ask(f"{question} {shown}").casefold()
        if not answer and default:
            return default
        if answer in words:
            return answer
        warn(f"Please type one of: {safe(', '.join(words))}.")


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
        warn(f"Please type a number from 1 to {len(options)}.")


def ask_name(label: str, prefill: str = "", taken: Iterable[str] = ()) -> str:
    """A party's name, asked again until it is usable and not another party's."""
    used = {name.casefold() for name in taken}
    question = f"[bold]{safe(label)}[/]: the name you want to be called here (a pseudonym is fine)"
    while True:
        try:
            name = check_name(ask(question, prefill), "name")
        except UserInputError as exc:
            warn(safe(exc.message))
            continue
        if name.casefold() not in used:
            return name
        warn(f"Someone here is already called {safe(name)}.")
        say("Each party needs a distinct name, so their signatures can be told apart.")
        prefill = name


def ask_pronouns(party: PartyDraft) -> str:
    return ask(f"{safe(party.name)}'s pronouns (optional, Enter to skip)", party.pronouns)


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


def page_through(markdown: str) -> None:
    """Show the base agreement a section at a time; q stops reading (only that)."""
    from peerpact.cli.console import show_markdown

    body = markdown.split(ADDITIONS_HEADING)[0]
    parts: list[list[str]] = [[]]
    for line in body.splitlines():
        if line.startswith("## "):
            parts.append([])
        parts[-1].append(line)
    chunks = ["\n".join(part).strip() for part in parts if "\n".join(part).strip()]
    heading("The agreement")
    for index, chunk in enumerate(chunks, start=1):
        show_markdown(chunk)
        if index < len(chunks):
            answer = ask(f"[dim]Part {index} of {len(chunks)}. Enter to read on, q to stop[/]")
            if answer.casefold() in ("q", "quit", "stop"):
                say("[dim]Stopped reading. The whole agreement is shown again before consent.[/]")
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
    say("[dim]One per line. Press Enter on an empty line when done (or to skip).[/]")


def show_additions(labels: dict[str, str], party: PartyDraft) -> None:
    for kind, prefix in ADDITION_KINDS.items():
        say(f"  [bold]{safe(labels[kind])}[/]")
        items = party.additions[kind]
        for number, text in enumerate(items, start=1):
            say(f"    {prefix}{number}. {safe(text)}")
        if not items:
            say("    [dim](none)[/]")


_LABEL = re.compile(r"^([wnb])(\d+)$")
_KIND_BY_PREFIX = {prefix.casefold(): kind for kind, prefix in ADDITION_KINDS.items()}


def find_label(party: PartyDraft, label: str) -> tuple[str, int] | None:
    """The list and index an item's label (W1, b2) names, if it is there."""
    match = _LABEL.match(label.casefold())
    if not match:
        return None
    kind, index = _KIND_BY_PREFIX[match.group(1)], int(match.group(2)) - 1
    return (kind, index) if 0 <= index < len(party.additions[kind]) else None


def find_list(labels: dict[str, str], word: str) -> str | None:
    """A list by its name or label: wants, Wants, want; boundaries, boundary."""
    word = word.casefold()
    for kind, label in labels.items():
        names = {kind, label.casefold(), kind.rstrip("s"), label.casefold().rstrip("s")}
        if word in names or (kind == "boundaries" and word == "boundary"):
            return kind
    return None


REVIEW_HELP = (
    "Type a label to edit that item (e.g. W1), or: remove W1, move W1 to 2, "
    "add wants (or needs, boundaries), rename, back. Enter when it is right."
)


def review_additions(
    labels: dict[str, str],
    party: PartyDraft,
    rename: Callable[[], None],
    saved: Callable[[], None] = lambda: None,
) -> None:
    """Show a party's additions until they say it is right; edit, remove, move
    or add single items, or rename the party, in between."""
    from rich.markup import escape

    while True:
        say(f"\n{safe(party.name)}, here is what you added:")
        show_additions(labels, party)
        answer = ask(f"Is this right? {escape('[Y/n, or a change]')}")
        word, _, rest = answer.partition(" ")
        word = word.casefold()
        if word in ("", "y", "yes"):
            return
        if word in ("n", "no"):
            say(REVIEW_HELP)
            continue
        if word == "rename":
            rename()
        elif word == "add" or find_list(labels, word):
            kind = find_list(labels, rest if word == "add" else word)
            if kind is None:
                warn("Add to which list? wants, needs or boundaries.")
                continue
            items, prefix = party.additions[kind], ADDITION_KINDS[kind]
            list_intro(labels[kind], "add more", items, prefix)
            ask_items(items, prefix, saved=saved)
        elif not _change_item(party, word, rest):
            warn(f"Did not understand {safe(answer)!r}.")
            say(REVIEW_HELP)
            continue
        saved()


def _change_item(party: PartyDraft, word: str, rest: str) -> bool:
    """edit/remove/move one item by its label; False if not understood."""
    if word in ("edit", "remove", "delete", "move"):
        label, _, rest = rest.strip().partition(" ")
    else:
        word, label = "edit", word
    found = find_label(party, label)
    if found is None:
        return False
    kind, index = found
    items = party.additions[kind]
    shown = f"{ADDITION_KINDS[kind]}{index + 1}"
    if word == "edit":
        say(f"[dim]Edit {shown} (arrow keys move; clear it all to keep it as it was).[/]")
        items[index] = ask(f"  {shown}", items[index]) or items[index]
    elif word in ("remove", "delete"):
        removed = items.pop(index)
        say(f"Removed {shown}: {safe(removed)}. The ones after it are renumbered.")
    else:
        target = rest.strip().casefold().removeprefix("to").strip()
        if not target.isdigit() or not 1 <= int(target) <= len(items):
            warn(f"Move {shown} to which place, 1 to {len(items)}? For example: move {shown} to 1")
            return True
        items.insert(int(target) - 1, items.pop(index))
    return True


CONSENT_INTRO = (
    "Each of you agrees by typing your own name exactly as shown. "
    "Type decline to say no (nothing will be recorded), or back to change something first."
)


def ask_signatures(
    names: list[str], what: str = "agree", title: str = "Consent", intro: str = CONSENT_INTRO
) -> list[str]:
    """Each person types their own name (their typed signature). Returns the
    signatures, NFC, in order. Nothing typed, or a typo, asks again; `decline`
    (asked once more) raises DeclinedHereError; `back` raises GoBack."""
    heading(title)
    say(intro)
    return [_ask_signature(name, what) for name in names]


def _ask_signature(name: str, what: str) -> str:
    while True:
        with going_back():
            typed = ask(f"[bold]{safe(name)}[/], type your name to {what}")
        if signature_matches(name, typed):
            return typed
        if typed.casefold() == "decline":
            if confirm(f"{safe(name)}, do you decline? Nothing will be recorded", None):
                raise DeclinedHereError(f"{name} did not consent. Nothing was written.")
            continue
        if typed:
            warn(f"That is not exactly {safe(name)!r}.")
        else:
            warn("Nothing was typed.")
        say(f"Type {safe(name)} exactly as shown to {what}, back to change something, or decline.")
