"""`peerpact new`: agree together before a first session, and sign."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.ui.console import (
    err,
    out,
    print_json,
    safe,
)
from peerpact.cli.ui.params import (
    Discard,
    Json,
    NoInput,
    Resume,
    complete_template,
)

if TYPE_CHECKING:
    from peerpact.agreement.drafts import SavedDraft
    from peerpact.agreement.template import Template
    from peerpact.agreement.unsigned import Draft
    from peerpact.config import Config

from peerpact.errors import UserInputError
from peerpact.i18n import _

app = commands()


@app.command(
    help=_(
        "Agree together before a first session, and write a signed record.\n"
        "\n"
        "Asks for the parties, shows the agreement, collects each party's wants,\n"
        "needs and boundaries, and asks each to consent by typing their name.\n"
        "Every answer is kept in a private draft until then, so a stop loses\n"
        "nothing (`--resume ID`); declining writes nothing and deletes the draft.\n"
        "\n"
        "Example: `peerpact new`, or for scripts\n"
        "`peerpact new --answers answers.toml --no-input --json`."
    )
)
def new(
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help=_("Template name or path [default: peer-support-space]."),
            autocompletion=complete_template,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", "-a", help=_("TOML answers file with the parties and their additions.")
        ),
    ] = None,
    resume: Resume = None,
    discard: Discard = False,
    no_input: NoInput = False,
    json: Json = False,
) -> None:
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.agreement.unsigned import load_answers, resolve_variables
    from peerpact.config import load_config
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_or_create_key
    from peerpact.record.payload.build import signed_body
    from peerpact.record.store import create

    if no_input and answers is None:
        raise UserInputError(_("--no-input needs --answers FILE (there is no one to ask)."))
    if (resume is not None or discard) and answers is not None:
        raise UserInputError(_("--resume and --discard are for the interview, not --answers."))

    from peerpact.cli.flows.setup import first_run
    from peerpact.cli.ui.lineedit import is_terminal, require_terminal

    if answers is None:
        require_terminal("`peerpact new`")
    if not no_input:
        # Before the interview, so it uses the answers; asks only at a terminal.
        first_run(no_input=not is_terminal())
    config = load_config()
    saved = None
    if answers is None:
        from peerpact.cli.flows.drafts import pick

        saved = pick("new", "", resume, discard, config.draft_keep_days)
        draft, loaded = _interview(template, config, saved)
    else:
        draft = load_answers(answers)
        loaded = load_template(template or draft.template or DEFAULT_TEMPLATE)
    values, missing = resolve_variables(loaded, draft.variables, config.variables)
    if missing:
        if no_input:
            raise UserInputError(
                _("variables.{name}: no value given and the template has no default.").format(
                    name=missing[0]
                ),
                _("Add it under [variables] in the answers file or the config file."),
            )
        from peerpact.cli.flows.interview import ask_missing

        require_terminal(_("`peerpact new` without a value for every variable"))
        ask_missing(loaded, missing, draft.variables)
        values, _missing = resolve_variables(loaded, draft.variables, config.variables)
    body = signed_body(draft, loaded, values)
    if no_input:
        first_run(no_input=True)
        given = {**config.variables, **draft.variables}
        if "organization" in values and "organization" not in given:
            err().print(
                _(
                    "Note: the agreement names the template's example organisation "
                    "{name!r}; set yours with `peerpact config set organization.name NAME`."
                ).format(name=safe(values["organization"]))
            )
    key = load_or_create_key(get_paths().key_file)
    record, path = create(body, key)
    if saved is not None:
        from peerpact.agreement.drafts import delete

        delete(saved.id)
    if json:
        print_json({"id": record.id, "path": str(path), "fingerprint": key.public.fingerprint})
        return
    console = out()
    console.print(
        "\n" + _("[bold green]Agreement recorded.[/] Id: [bold]{id}[/]").format(id=record.id)
    )
    console.print(_("Saved to {path}").format(path=safe(str(path))))
    console.print(_("Signed with key {fingerprint}").format(fingerprint=key.public.fingerprint))
    console.print(
        _("Show it with `peerpact show {id}`; change it later with `peerpact amend {id}`.").format(
            id=record.id
        )
    )


def _interview(
    template: str | None, config: "Config", saved: "SavedDraft"
) -> "tuple[Draft, Template]":
    """The interview, from the start or a draft; a stop keeps the draft if wished."""
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.agreement.unsigned import resolve_variables
    from peerpact.cli.flows.drafts import kept_on_stop
    from peerpact.cli.flows.interview import Interview, offer_language

    spec = template or saved.answers.get("template") or DEFAULT_TEMPLATE
    if not isinstance(spec, str):
        raise UserInputError(
            _("Draft {id} is damaged: its template is not a name.").format(id=saved.id)
        )
    loaded = load_template(spec)
    saved.answers["template"] = spec
    __, missing = resolve_variables(loaded, {}, config.variables)
    with kept_on_stop(saved, config.draft_keep_days):
        offer_language(loaded, saved)
        return Interview(loaded, config, missing, saved).run(), loaded
