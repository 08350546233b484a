"""The interactive flows, on top of the core: ask, show, confirm.

Nothing here writes: a flow returns what people said, and the command writes
only after everyone has consented. Ctrl-C anywhere simply propagates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.prompt import Confirm, Prompt

from peerpact.agreement.draft import Draft, PartyDraft, check_name, signature_matches
from peerpact.agreement.template import ADDITION_KINDS
from peerpact.cli.console import heading, out, safe, show_markdown
from peerpact.errors import DeclinedError, UserInputError
from peerpact.text import clean_line

if TYPE_CHECKING:
    from peerpact.agreement.state import Agreement
    from peerpact.agreement.template import Template
    from peerpact.config import Config

#: The layouts' heading for the parties' additions: the agreement ends before it.
ADDITIONS_HEADING = "## What each of us adds"


def ask(question: str, default: str = "") -> str:
    answer = Prompt.ask(question, console=out(), default=default, show_default=bool(default))
    return clean_line(answer or "")


def ask_name(question: str, default: str = "", taken: Iterable[str] = ()) -> str:
    """A name, asked again until it is usable and not another party's."""
    used = {name.casefold() for name in taken}
    while True:
        try:
            name = check_name(ask(question, default), "name")
        except UserInputError as exc:
            out().print(f"[yellow]{safe(exc.message)}[/]")
            continue
        if name.casefold() not in used:
            return name
        out().print(
            f"[yellow]Someone here is already called {safe(name)}.[/] "
            "Each party needs a distinct name, so their signatures can be told apart."
        )


def ask_party(
    template: Template, role: str, default_name: str = "", taken: Iterable[str] = ()
) -> PartyDraft:
    label = template.roles[role]["label"]
    name = ask_name(
        f"[bold]{safe(label)}[/]: the name you want to be called here (a pseudonym is fine)",
        default_name,
        taken,
    )
    pronouns = ask(f"{safe(name)}'s pronouns (optional, Enter to skip)")
    return PartyDraft(role=role, name=name, pronouns=pronouns)


def ask_parties(template: Template, config: Config) -> list[PartyDraft]:
    console = out()
    heading("Who is agreeing")
    parties: list[PartyDraft] = []
    for role, entry in template.roles.items():
        if entry["required"]:
            default = config.supporter_name if role == "supporter" else ""
            parties.append(ask_party(template, role, default, [p.name for p in parties]))
    roles = list(template.roles)
    while Confirm.ask(
        "Add another party (for example a co-supporter)?", console=console, default=False
    ):
        role = Prompt.ask("Their role", console=console, choices=roles, default=roles[-1])
        parties.append(ask_party(template, role, taken=[p.name for p in parties]))
    return parties


def page_through(markdown: str) -> None:
    """Show the base agreement a section at a time, not as a wall of text."""
    body = markdown.split(ADDITIONS_HEADING)[0]
    parts: list[list[str]] = [[]]
    for line in body.splitlines():
        if line.startswith("## "):
            parts.append([])
        parts[-1].append(line)
    chunks = ["\n".join(part).strip() for part in parts if "\n".join(part).strip()]
    console = out()
    heading("The agreement")
    for index, chunk in enumerate(chunks, start=1):
        show_markdown(chunk)
        if index < len(chunks):
            answer = Prompt.ask(
                f"[dim]Part {index} of {len(chunks)}. Enter to read on, q to stop[/]",
                console=console,
                default="",
                show_default=False,
            )
            if answer.strip().lower() in ("q", "quit", "stop"):
                raise DeclinedError("Stopped while reading the agreement. Nothing was written.")


def ask_items(label: str, prompt: str, prefix: str, first: int = 1) -> list[str]:
    """A list typed one item per line, numbered from ``first`` (W1, or W3 when
    W1 and W2 were added before); an empty line ends it."""
    console = out()
    console.print(f"\n[bold]{safe(label)}[/] - {safe(prompt)}")
    console.print("[dim]One per line. Press Enter on an empty line when done (or to skip).[/]")
    items: list[str] = []
    while True:
        text = ask(f"  {prefix}{first + len(items)}")
        if not text:
            return items
        items.append(text)


def ask_list(template: Template, party: PartyDraft, kind: str) -> list[str]:
    entry = template.additions[kind]
    return ask_items(entry["label"], entry["prompt"], ADDITION_KINDS[kind])


def choose(question: str, options: list[str]) -> int:
    """A numbered menu of people's text; returns the index chosen.

    Numbers, not the names themselves, are typed, so a name with odd characters
    is still easy to pick (and is shown made safe).
    """
    console = out()
    for number, option in enumerate(options, start=1):
        console.print(f"  {number}. {safe(option)}")
    choices = [str(number) for number in range(1, len(options) + 1)]
    answer = Prompt.ask(question, console=console, choices=choices, show_choices=True)
    return int(answer) - 1


def show_additions(template: Template, party: PartyDraft) -> None:
    console = out()
    for kind, prefix in ADDITION_KINDS.items():
        console.print(f"  [bold]{safe(template.additions[kind]['label'])}[/]")
        items = party.additions[kind]
        for number, text in enumerate(items, start=1):
            console.print(f"    {prefix}{number}. {safe(text)}")
        if not items:
            console.print("    [dim](none)[/]")


def collect_additions(template: Template, party: PartyDraft) -> None:
    console = out()
    heading(f"{safe(party.name)}: wants, needs and boundaries")
    for kind in ADDITION_KINDS:
        party.additions[kind] = ask_list(template, party, kind)
    while True:
        console.print(f"\n{safe(party.name)}, here is what you added:")
        show_additions(template, party)
        if Confirm.ask("Is this right?", console=console, default=True):
            return
        choices = list(ADDITION_KINDS)
        kind = Prompt.ask("Which list do you want to redo?", console=console, choices=choices)
        party.additions[kind] = ask_list(template, party, kind)


CONSENT_INTRO = (
    "Each of you agrees by typing your own name exactly as shown. "
    "Press Enter without typing to decline: nothing will be recorded."
)


def ask_signatures(
    names: list[str], what: str = "agree", title: str = "Consent", intro: str = CONSENT_INTRO
) -> list[str]:
    """Each person types their own name (their typed signature); Enter alone
    declines and stops everything. Returns the signatures, NFC, in order."""
    console = out()
    heading(title)
    console.print(intro)
    signatures = []
    for name in names:
        while True:
            typed = Prompt.ask(
                f"[bold]{safe(name)}[/], type your name to {what}",
                console=console,
                default="",
                show_default=False,
            )
            if not typed.strip():
                raise DeclinedError(f"{name} did not consent. Nothing was written.")
            if signature_matches(name, typed):
                signatures.append(clean_line(typed))
                break
            console.print(
                f"[yellow]That is not exactly {safe(name)!r}.[/] Type it as shown, "
                "or press Enter to decline."
            )
    return signatures


def ask_consent(parties: list[PartyDraft]) -> None:
    """Each party consents by typing their own name; Enter alone declines."""
    signatures = ask_signatures([party.name for party in parties])
    for party, signature in zip(parties, signatures, strict=True):
        party.signature = signature


def show_agreement(state: Agreement) -> None:
    from peerpact.agreement.render import render_document
    from peerpact.agreement.state import view

    show_markdown(render_document(view(state), "markdown"))


def interview(template: Template, config: Config, missing: list[str], draft: Draft | None) -> Draft:
    """`peerpact new`, interactively. Returns a draft every party consented to."""
    from peerpact.agreement.draft import preview, resolve_variables

    console = out()
    draft = draft or Draft()
    if missing:
        heading("About your organisation")
    for name in missing:
        description = template.variables[name].description or name
        draft.variables[name] = ask(f"{safe(description)} ({name})")
    if draft.parties:
        return draft
    console.print(
        "[bold]A mutual agreement[/] between a member and their peer supporter. "
        "Nothing is recorded until each of you consents at the end; Ctrl-C stops at any time."
    )
    draft.parties = ask_parties(template, config)
    values, _ = resolve_variables(template, draft.variables, config.variables)

    from peerpact.agreement.render import render_document
    from peerpact.agreement.state import view

    page_through(render_document(view(preview(draft, template, values)), "markdown"))
    for party in draft.parties:
        collect_additions(template, party)
    heading("The whole agreement")
    show_agreement(preview(draft, template, values))
    if not Confirm.ask("Go on to consent?", console=console, default=True):
        raise DeclinedError("Stopped before consent. Nothing was written.")
    ask_consent(draft.parties)
    return draft
