"""Changing an agreement: `peerpact amend` and `peerpact end`.

Interactive by default; scripted with options (or an answers file) and
`--no-input`. Whatever the way in, nothing is written until every party has
typed their signature, and the core re-checks everything under the lock.
"""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli import app
from peerpact.cli.console import heading, out, print_json, safe
from peerpact.cli.params import Json, NoInput, RecordId
from peerpact.errors import DeclinedError, UserInputError

if TYPE_CHECKING:
    from peerpact.agreement import Agreement, Party
    from peerpact.record import Record, Revision
    from peerpact.revisions import PartyChanges
    from peerpact.signing import SigningKey

Texts = list[str] | None

CHANGE_INTRO = (
    "A change binds all of you, so each of you confirms it by typing your own name "
    "exactly as shown. Press Enter without typing to decline: nothing will be recorded."
)
END_INTRO = (
    "Any party may end this agreement, at any time; no reason is asked. Ending deletes "
    "nothing: the record and its history stay. Press Enter without typing to stop: "
    "nothing will be recorded."
)


def _signing_key() -> "SigningKey":
    from peerpact.paths import get_paths
    from peerpact.signing import load_key

    key = load_key(get_paths().key_file)
    if key is None:
        raise UserInputError(
            "There is no signing key on this computer, so its records cannot be changed here.",
            "Change the agreement on the computer that recorded it.",
        )
    return key


_LABEL = re.compile(r"^[WNBwnb][0-9]+$")


def _rewords(values: list[str], texts: list[str]) -> list[tuple[str, str]]:
    """`--reword B1 "new text"`, or `--reword "B1=new text"`.

    Typer cannot declare a repeatable two-value option, so the text after a
    bare label arrives as a positional argument; they pair up in order.
    """
    pairs = []
    rest = list(texts)
    for value in values:
        if _LABEL.match(value.strip()):
            if not rest:
                raise UserInputError(f"--reword {value}: the new text is missing.")
            pairs.append((value.strip(), rest.pop(0)))
            continue
        label, sep, text = value.partition("=")
        if not sep or not _LABEL.match(label.strip()):
            raise UserInputError(
                f"--reword {value!r}: expected a label and the new text.",
                'For example: --reword B1 "No advice unless I ask for it".',
            )
        pairs.append((label.strip(), text))
    if rest:
        raise UserInputError(f"Unexpected argument {rest[0]!r}.", "See `peerpact amend --help`.")
    return pairs


def _requests_from_answers(path: Path) -> "tuple[list[PartyChanges], list[str]]":
    """An answers file as for `new`: the items listed are the ones added."""
    from peerpact.draft import load_answers
    from peerpact.revisions import PartyChanges

    draft = load_answers(path)
    if draft.variables:
        raise UserInputError(
            f"{path}: variables: an agreement's variables cannot change once recorded.",
            "Remove [variables] from the answers file.",
        )
    requests = [
        PartyChanges(party=party.name, role=party.role, add=party.additions)
        for party in draft.parties
    ]
    return requests, [party.signature for party in draft.parties if party.signature]


def _done(record: "Record", revision: "Revision", path: Path, json: bool, what: str) -> None:
    if json:
        print_json(
            {
                "id": record.id,
                "path": str(path),
                "revision": revision.number,
                "head": revision.hash,
                "kind": revision.payload.get("kind"),
            }
        )
        return
    console = out()
    console.print(
        f"\n[bold green]{what}[/] Agreement [bold]{record.id}[/] is now at revision "
        f"{revision.number} (head {revision.hash[:12]})."
    )
    console.print(f"See every revision with `peerpact show {record.id} --history`.")


# -- amend ----------------------------------------------------------------------------


@app.command()
def amend(
    record_id: RecordId,
    texts: Annotated[
        list[str] | None,
        typer.Argument(hidden=True, help="The new text after `--reword LABEL`."),
    ] = None,
    party: Annotated[
        str | None,
        typer.Option("--party", "-p", help="Whose additions change: their name (or role)."),
    ] = None,
    want: Annotated[
        Texts, typer.Option("--want", metavar="TEXT", help="Add a want (repeatable).")
    ] = None,
    need: Annotated[
        Texts, typer.Option("--need", metavar="TEXT", help="Add a need (repeatable).")
    ] = None,
    boundary: Annotated[
        Texts, typer.Option("--boundary", metavar="TEXT", help="Add a boundary (repeatable).")
    ] = None,
    withdraw: Annotated[
        Texts,
        typer.Option("--withdraw", metavar="LABEL", help="Withdraw one, e.g. B2 (repeatable)."),
    ] = None,
    reword: Annotated[
        Texts,
        typer.Option(
            "--reword",
            metavar="LABEL TEXT",
            help='Reword one: --reword B1 "new wording" (or "B1=new wording"; repeatable).',
        ),
    ] = None,
    sign: Annotated[
        Texts,
        typer.Option("--sign", metavar="NAME", help="A party's typed signature; one per party."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", "-a", help="TOML answers file, as for `new`: items to add."),
    ] = None,
    no_input: NoInput = False,
    json: Json = False,
) -> None:
    """Add, withdraw or reword wants, needs and boundaries; every party confirms.

    Interactive by default. Each change is a new signed revision appended to the
    record; nothing agreed earlier is rewritten. Declining, or Ctrl-C, writes nothing.

    Example: `peerpact amend k3f9q2xa`, or for scripts
    `peerpact amend k3f9q2xa --party Robin --boundary "No hugs" --withdraw W1
    --sign Robin --sign Alex --no-input`.
    """
    from peerpact.records import find_record
    from peerpact.revisions import PartyChanges, load_changeable
    from peerpact.revisions import amend as amend_record

    path = find_record(record_id)
    if texts and not reword:
        raise UserInputError(f"Unexpected argument {texts[0]!r}.", "See `peerpact amend --help`.")
    options = [want, need, boundary, withdraw, reword]
    if answers is not None and (party is not None or any(options)):
        raise UserInputError("Use either --answers FILE or --party NAME with its changes.")
    if party is None and any(options):
        raise UserInputError("Say whose additions change with --party NAME.")
    key = _signing_key()
    if answers is not None:
        requests, typed = _requests_from_answers(answers)
    elif party is not None:
        add = {"wants": want or [], "needs": need or [], "boundaries": boundary or []}
        requests = [
            PartyChanges(
                party, add=add, withdraw=withdraw or [], reword=_rewords(reword or [], texts or [])
            )
        ]
        typed = list(sign or [])
    elif no_input:
        raise UserInputError(
            "--no-input needs --party NAME with changes and --sign for each party, "
            "or --answers FILE."
        )
    else:
        state = load_changeable(path)
        requests, typed = _amend_interview(state)
        saved, revision = amend_record(path, key, requests, typed, expected_head=state.head)
        _done(saved, revision, path, json, "Amended.")
        return
    expected = None
    if not typed and not no_input:
        # Scripted changes, signed at the keyboard: show them, then ask each party.
        state = load_changeable(path)
        _show_changes(state, requests)
        typed = _ask_all(state)
        expected = state.head
    saved, revision = amend_record(path, key, requests, typed, expected_head=expected)
    _done(saved, revision, path, json, "Amended.")


def _show_changes(state: "Agreement", requests: "list[PartyChanges]") -> None:
    from peerpact.revisions import describe_all, plan

    console = out()
    heading("What changes")
    for line in describe_all(state, plan(state, requests)):
        console.print(f"  {safe(line)}")


def _ask_all(state: "Agreement") -> list[str]:
    from peerpact.cli.prompts import ask_signatures

    names = [party.name for party in state.parties]
    return ask_signatures(names, "agree to this change", "Confirm", CHANGE_INTRO)


def _party_label(state: "Agreement", party: "Party") -> str:
    from peerpact.agreement import role_label

    return f"{party.name} ({role_label(state.text, party.role)})"


def _show_as_it_stands(state: "Agreement") -> None:
    from peerpact.agreement import view
    from peerpact.cli.console import show_markdown
    from peerpact.cli.prompts import ADDITIONS_HEADING
    from peerpact.render import render_document

    heading(f"Agreement {state.id} as it stands")
    markdown = render_document(view(state), "markdown")
    show_markdown(ADDITIONS_HEADING + markdown.partition(ADDITIONS_HEADING)[2])


def _amend_interview(state: "Agreement") -> "tuple[list[PartyChanges], list[str]]":
    """Who changes what, reviewed until right, then everyone's signature."""
    from rich.prompt import Confirm, Prompt

    from peerpact.cli.prompts import choose
    from peerpact.errors import PeerpactError
    from peerpact.revisions import PartyChanges, describe_all, plan

    console = out()
    _show_as_it_stands(state)
    labels = [_party_label(state, party) for party in state.parties]
    party = state.parties[choose("Whose wants, needs or boundaries change?", labels)]
    request = PartyChanges(party.id)
    steps = ["add", "withdraw", "reword"]
    while True:
        for step in steps:
            _STEPS[step](state, party, request)
        try:
            lines = describe_all(state, plan(state, [request]))
        except PeerpactError as exc:
            console.print(f"[yellow]{safe(exc.message)}[/]")
            lines = []
        if lines:
            console.print(f"\n[bold]What changes for {safe(party.name)}:[/]")
            for line in lines:
                console.print(f"  {safe(line)}")
            if Confirm.ask("Is this right?", console=console, default=True):
                break
        answer = Prompt.ask(
            "What do you want to change?",
            console=console,
            choices=["add", "withdraw", "reword", "party", "cancel"],
        )
        if answer == "cancel":
            raise DeclinedError("Stopped before confirming. Nothing was written.")
        if answer == "party":
            party = state.parties[choose("Whose wants, needs or boundaries change?", labels)]
            request = PartyChanges(party.id)
            steps = ["add", "withdraw", "reword"]
        else:
            steps = [answer]
    return [request], _ask_all(state)


def _ask_additions(state: "Agreement", party: "Party", request: "PartyChanges") -> None:
    from peerpact.cli.prompts import ask_items
    from peerpact.templates import ADDITION_KINDS

    heading(f"{safe(party.name)}: add wants, needs and boundaries")
    kinds = state.text.get("additions", {})
    for kind, prefix in ADDITION_KINDS.items():
        entry = kinds.get(kind, {}) if isinstance(kinds, dict) else {}
        first = state.counters.get((party.id, kind), 0) + 1
        label, prompt = str(entry.get("label", kind.title())), str(entry.get("prompt", ""))
        request.add[kind] = ask_items(label, prompt, prefix, first)


def _ask_withdrawals(state: "Agreement", party: "Party", request: "PartyChanges") -> None:
    from peerpact.cli.prompts import ask

    request.withdraw = []
    if not party.items:
        return
    console = out()
    while True:
        typed = ask(
            f"Withdraw any of {safe(party.name)}'s? Their labels, e.g. "
            f"{party.items[0].label} (Enter for none)"
        )
        labels = typed.replace(",", " ").split()
        unknown = [label for label in labels if party.find(label) is None]
        if not unknown:
            request.withdraw = [label.upper() for label in labels]
            return
        console.print(f"[yellow]{safe(party.name)} has no {safe(unknown[0])}.[/]")


def _ask_rewordings(state: "Agreement", party: "Party", request: "PartyChanges") -> None:
    from peerpact.cli.prompts import ask

    request.reword = []
    if not party.items:
        return
    console = out()
    while True:
        label = ask(f"Reword one of {safe(party.name)}'s? Its label (Enter for none)")
        if not label:
            return
        item = party.find(label)
        if item is None:
            console.print(f"[yellow]{safe(party.name)} has no {safe(label)}.[/]")
            continue
        console.print(f"  Now: {safe(item.text)}")
        text = ask(f"  New wording for {item.label}")
        if text:
            request.reword.append((item.label, text))


_STEPS = {"add": _ask_additions, "withdraw": _ask_withdrawals, "reword": _ask_rewordings}


# -- end ------------------------------------------------------------------------------


@app.command()
def end(
    record_id: RecordId,
    party: Annotated[
        str | None, typer.Option("--party", "-p", help="Who is ending it: their name.")
    ] = None,
    sign: Annotated[
        str | None, typer.Option("--sign", metavar="NAME", help="Their typed signature.")
    ] = None,
    note: Annotated[
        str,
        typer.Option("--note", help="Only if you want to leave one. No reason is ever needed."),
    ] = "",
    no_input: NoInput = False,
    json: Json = False,
) -> None:
    """End an agreement. Any party may, at any time; no reason is asked.

    A signed "ended" revision is appended; nothing is deleted, and the
    agreement can no longer be amended. Declining, or Ctrl-C, writes nothing.

    Example: `peerpact end k3f9q2xa`, or for scripts
    `peerpact end k3f9q2xa --party Robin --sign Robin --no-input`.
    """
    from peerpact.cli.prompts import ask_signatures, choose
    from peerpact.records import find_record
    from peerpact.revisions import end as end_record
    from peerpact.revisions import find_party, load_changeable

    path = find_record(record_id)
    if no_input and (party is None or sign is None):
        raise UserInputError("--no-input needs --party NAME and --sign NAME.")
    key = _signing_key()
    state = load_changeable(path)
    expected = None
    if party is None:
        out().print(f"Ending agreement {state.id}.")
        labels = [_party_label(state, p) for p in state.parties]
        party = state.parties[choose("Who is ending it?", labels)].name
        expected = state.head
    if sign is None:
        name = find_party(state, party).name
        sign = ask_signatures([name], "end the agreement", "Ending the agreement", END_INTRO)[0]
        expected = state.head
    saved, revision = end_record(path, key, party, sign, note, expected_head=expected)
    _done(saved, revision, path, json, "Ended.")
    if not json:
        out().print("Nothing was deleted; it can no longer be amended.")
