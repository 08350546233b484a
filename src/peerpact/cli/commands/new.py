"""`peerpact new`: agree together before a first session, and sign."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import (
    out,
    print_json,
    safe,
)
from peerpact.cli.ui.params import (
    FILE,
    Discard,
    Json,
    NoInput,
    Resume,
    complete_template,
    file_or_stream,
)

if TYPE_CHECKING:
    from peerpact.agreement.drafts import SavedDraft
    from peerpact.agreement.template import Template
    from peerpact.agreement.unsigned import Draft
    from peerpact.config import Config
    from peerpact.record.creation import Made

from peerpact.errors import UserInputError
from peerpact.i18n import _

app = commands()


@app.command(help=about("new"))
def new(
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help=_(
                "Template name or path (default: the built-in agreement in the "
                "interface's language: peer-support-space, peer-support-space-es in Spanish)."
            ),
            autocompletion=complete_template,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            metavar=FILE,
            parser=file_or_stream,
            help=_("TOML answers file with the parties and their additions."),
        ),
    ] = None,
    resume: Resume = None,
    discard: Discard = False,
    no_input: NoInput = False,
    json: Json = False,
) -> None:
    from peerpact.cli.flows.setup import first_run
    from peerpact.cli.ui.lineedit import is_terminal, require_terminal
    from peerpact.config import load_config
    from peerpact.record import creation

    if no_input and answers is None:
        raise UserInputError(_("--no-input needs --answers FILE (there is no one to ask)."))
    if (resume is not None or discard) and answers is not None:
        raise UserInputError(_("--resume and --discard are for the interview, not --answers."))
    if answers is None:
        require_terminal("`peerpact new`")
    if not no_input:
        # Before the interview, so it uses the answers; asks only at a terminal.
        first_run(no_input=not is_terminal())
    from peerpact.record.organisation.joined import settled

    config = settled(load_config())  # a joined organisation's name fills the template
    saved = None
    if answers is None:
        from peerpact.cli.flows.drafts import pick

        saved = pick("new", "", resume, discard, config.draft_keep_days)
        draft, loaded = _interview(template, config, saved)
    else:
        draft, loaded = creation.from_answers(answers, template)
    values = _values(loaded, draft, config, no_input)
    body = creation.consented(draft, loaded, values)
    creation.refuse_example_organisation(values, draft, config)
    if no_input:
        first_run(no_input=True)
    made = creation.record(body, saved.id if saved is not None else None)
    if json:
        print_json({"id": made.record.id, "path": str(made.path), "fingerprint": made.fingerprint})
        return
    _say_made(made)


def _values(
    template: "Template", draft: "Draft", config: "Config", no_input: bool
) -> dict[str, str]:
    """Every variable's value; those still missing are asked for at a terminal."""
    from peerpact.record import creation

    found, missing = creation.values(template, draft, config)
    if not missing:
        return found
    if no_input:
        unset = [name for name in missing if name not in found]
        if not unset:
            return found  # only the example organisation: refused once consent is checked
        raise UserInputError(
            _("variables.{name}: no value given and the template has no default.").format(
                name=unset[0]
            ),
            _("Add it under [variables] in the answers file or the config file."),
        )
    from peerpact.cli.flows.interview import ask_missing
    from peerpact.cli.ui.lineedit import require_terminal

    require_terminal(_("`peerpact new` without a value for every variable"))
    ask_missing(template, missing, draft.variables)
    return creation.values(template, draft, config)[0]


def _say_made(made: "Made") -> None:
    console = out()
    record_id = made.record.id
    console.print(
        "\n" + _("[bold green]Agreement recorded.[/] Id: [bold]{id}[/]").format(id=record_id)
    )
    console.print(_("Saved to {path}").format(path=safe(str(made.path))))
    console.print(_("Signed with key {fingerprint}").format(fingerprint=made.fingerprint))
    console.print(
        _("Show it with `peerpact show {id}`; change it later with `peerpact amend {id}`.").format(
            id=record_id
        )
    )
    console.print(
        _(
            "Each party's copy, to print: `peerpact export {id} --copy` writes "
            "peerpact-copy-{id}.html here, to open in a browser and print (add --pdf for a PDF)."
        ).format(id=record_id)
    )


def _interview(
    template: str | None, config: "Config", saved: "SavedDraft"
) -> "tuple[Draft, Template]":
    """The interview, from the start or a draft; a stop keeps the draft if wished."""
    from peerpact.agreement.library import default_template, load_template
    from peerpact.cli.flows.drafts import kept_on_stop
    from peerpact.cli.flows.interview import Interview, offer_language
    from peerpact.i18n import interface_language
    from peerpact.record.creation import to_ask

    # The agreement in the interface's language, where the organisation has one.
    spec = template or saved.answers.get("template") or default_template(interface_language())
    if not isinstance(spec, str):
        raise UserInputError(
            _("Draft {id} is damaged: its template is not a name.").format(id=saved.id)
        )
    loaded = load_template(spec)
    saved.answers["template"] = spec
    with kept_on_stop(saved, config.draft_keep_days):
        loaded = offer_language(loaded, saved)
        __, missing = to_ask(loaded, {}, config.variables)
        return Interview(loaded, config, missing, saved).run(), loaded
