"""Changing an agreement: `peerpact amend`.

Interactive by default; scripted with options (or an answers file) and
`--no-input`. Whatever the way in, nothing is written until every party has
typed their signature, and the core re-checks everything under the lock.
"""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.flows.revising import report_revision, signing_key
from peerpact.cli.ui.console import heading, out, safe
from peerpact.cli.ui.params import FILE, Discard, Json, NoInput, RecordId, Resume, file_or_stream
from peerpact.errors import UserInputError
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.agreement.drafts import SavedDraft
    from peerpact.agreement.state import Agreement
    from peerpact.record.keys import SigningKey
    from peerpact.record.revisions import PartyChanges

Texts = list[str] | None


def amend_hint() -> str:
    return _("Run it in a terminal, or give --party NAME, its changes and --sign for each party.")


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
                raise UserInputError(
                    _("--reword {label}: the new text is missing.").format(label=value)
                )
            pairs.append((value.strip(), rest.pop(0)))
            continue
        label, sep, text = value.partition("=")
        if not sep or not _LABEL.match(label.strip()):
            raise UserInputError(
                _("--reword {value!r}: expected a label and the new text.").format(value=value),
                _('For example: --reword B1 "No advice unless I ask for it".'),
            )
        pairs.append((label.strip(), text))
    if rest:
        raise _unexpected(rest[0])
    return pairs


def _requests_from_answers(path: Path) -> "tuple[list[PartyChanges], list[str]]":
    """An answers file as for `new`: the items listed are the ones added."""
    from peerpact.agreement.unsigned import load_answers
    from peerpact.record.revisions import PartyChanges

    draft = load_answers(path)
    if draft.variables:
        raise UserInputError(
            _("{path}: variables: an agreement's variables cannot change once recorded.").format(
                path=path
            ),
            _("Remove [variables] from the answers file."),
        )
    requests = [
        PartyChanges(party=party.name, role=party.role, add=party.additions)
        for party in draft.parties
    ]
    return requests, [party.signature for party in draft.parties if party.signature]


app = commands()


@app.command(help=about("amend"))
def amend(
    record_id: RecordId,
    texts: Annotated[
        list[str] | None,
        typer.Argument(hidden=True, help=_("The new text after `--reword LABEL`.")),
    ] = None,
    party: Annotated[
        str | None,
        typer.Option("--party", "-p", help=_("Whose additions change: their name (or role).")),
    ] = None,
    want: Annotated[
        Texts, typer.Option("--want", metavar="TEXT", help=_("Add a want (repeatable)."))
    ] = None,
    need: Annotated[
        Texts, typer.Option("--need", metavar="TEXT", help=_("Add a need (repeatable)."))
    ] = None,
    boundary: Annotated[
        Texts, typer.Option("--boundary", metavar="TEXT", help=_("Add a boundary (repeatable)."))
    ] = None,
    withdraw: Annotated[
        Texts,
        typer.Option("--withdraw", metavar="LABEL", help=_("Withdraw one, e.g. B2 (repeatable).")),
    ] = None,
    reword: Annotated[
        Texts,
        typer.Option(
            "--reword",
            metavar="LABEL TEXT",
            help=_('Reword one: --reword B1 "new wording" (or "B1=new wording"; repeatable).'),
        ),
    ] = None,
    sign: Annotated[
        Texts,
        typer.Option("--sign", metavar="NAME", help=_("A party's typed signature; one per party.")),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            metavar=FILE,
            parser=file_or_stream,
            help=_("TOML answers file, as for `new`: items to add."),
        ),
    ] = None,
    resume: Resume = None,
    discard: Discard = False,
    no_input: NoInput = False,
    json: Json = False,
) -> None:
    from peerpact.record.revisions import PartyChanges
    from peerpact.record.revisions import amend as amend_record
    from peerpact.record.store import find_record

    path = find_record(record_id)
    _check_options(texts, answers, party, [want, need, boundary, withdraw, reword])
    key = signing_key()
    if answers is None and party is None:
        if no_input:
            raise UserInputError(
                _(
                    "--no-input needs --party NAME with changes and --sign for each party, "
                    "or --answers FILE."
                )
            )
        _amend_interactively(path, key, resume, discard, json)
        return
    if answers is not None:
        requests, typed = _requests_from_answers(answers)
    else:
        add = {"wants": want or [], "needs": need or [], "boundaries": boundary or []}
        pairs = _rewords(reword or [], texts or [])
        requests = [PartyChanges(str(party), add=add, withdraw=withdraw or [], reword=pairs)]
        typed = list(sign or [])
    expected = None
    if not typed and not no_input:
        typed, expected = _signed_at_the_keyboard(path, requests)
    saved, revision = amend_record(path, key, requests, typed, expected_head=expected)
    report_revision(saved, revision, path, json, _("Amended."))


def _check_options(
    texts: list[str] | None, answers: Path | None, party: str | None, options: list[Texts]
) -> None:
    reword = options[-1]
    if texts and not reword:
        raise _unexpected(texts[0])
    if answers is not None and (party is not None or any(options)):
        raise UserInputError(_("Use either --answers FILE or --party NAME with its changes."))
    if party is None and any(options):
        raise UserInputError(_("Say whose additions change with --party NAME."))


def _amend_interactively(
    path: Path, key: "SigningKey", resume: str | None, discard: bool, json: bool
) -> None:
    """The conversation, from the start or a draft; the draft goes once it is recorded."""
    from peerpact.agreement.drafts import delete
    from peerpact.cli.ui.lineedit import require_terminal
    from peerpact.record.revisions import amend as amend_record
    from peerpact.record.revisions import load_changeable

    require_terminal("`peerpact amend`", amend_hint())
    state = load_changeable(path)
    requests, typed, draft = _amend_interview(state, resume, discard)
    record, revision = amend_record(path, key, requests, typed, expected_head=state.head)
    delete(draft.id)
    report_revision(record, revision, path, json, _("Amended."))


def _signed_at_the_keyboard(path: Path, requests: "list[PartyChanges]") -> tuple[list[str], str]:
    """Scripted changes, signed at the keyboard: show them, then ask each party."""
    from peerpact.cli.ui.lineedit import require_terminal
    from peerpact.record.revisions import load_changeable

    require_terminal(_("Signing at the keyboard"), amend_hint())
    state = load_changeable(path)
    _show_changes(state, requests)
    return _ask_all(state), state.head


def _unexpected(argument: str) -> UserInputError:
    return UserInputError(
        _("Unexpected argument {argument!r}.").format(argument=argument),
        _("See `peerpact amend --help`."),
    )


def _show_changes(state: "Agreement", requests: "list[PartyChanges]") -> None:
    from peerpact.record.revisions import describe_all, plan

    console = out()
    heading(_("What changes"))
    for line in describe_all(state, plan(state, requests)):
        console.print(f"  {safe(line)}")


def _ask_all(state: "Agreement") -> list[str]:
    from peerpact.cli.flows.amend import change_intro
    from peerpact.cli.ui.prompts import ask_signatures

    names = [party.name for party in state.parties]
    return ask_signatures(names, "change", _("Confirm"), change_intro())


def _show_as_it_stands(state: "Agreement") -> None:
    from peerpact.agreement.render import render_document
    from peerpact.agreement.state import view
    from peerpact.cli.ui.console import show_markdown
    from peerpact.cli.ui.prompts import additions_heading

    heading(_("Agreement {id} as it stands").format(id=state.id))
    shown = view(state)
    additions = additions_heading(str(shown.get("language", "en")))
    markdown = render_document(shown, "markdown")
    show_markdown(additions + markdown.partition(additions)[2])


def _amend_interview(
    state: "Agreement", resume: str | None, discard: bool
) -> "tuple[list[PartyChanges], list[str], SavedDraft]":
    """The conversation, from a draft or afresh; a stop keeps the draft if wished."""
    from peerpact.cli.flows.amend import Conversation
    from peerpact.cli.flows.drafts import kept_on_stop, pick
    from peerpact.config import load_config

    keep_days = load_config().draft_keep_days
    saved = pick("amend", state.id, resume, discard, keep_days)
    _show_as_it_stands(state)
    with kept_on_stop(saved, keep_days):
        requests, typed = Conversation(state, saved).run()
    return requests, typed, saved
