"""Template commands: list, init, show, validate."""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.app import command_group, commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import emit, out, print_json, print_table, safe, show_markdown
from peerpact.cli.ui.params import Json, TemplateFormat, complete_template
from peerpact.errors import UserInputError
from peerpact.i18n import _

app = commands()


template_app = command_group(
    app,
    "template",
    about("template"),
)


@template_app.command(
    "list",
    help=_(
        "List the templates `new --template NAME` can use, yours first.\n\n"
        "Example: `peerpact template list --json`."
    ),
)
def template_list(
    json: Json = False,
) -> None:
    from peerpact.agreement.library import list_templates

    rows = list_templates()
    if json:
        print_json([row.as_json() for row in rows])
        return
    print_table(
        (_("name"), _("title"), _("version"), _("language"), _("from")),
        (
            (
                r.name,
                _("broken: %(problem)s") % {"problem": r.problem} if r.problem else r.title,
                r.version,
                r.language,
                _source(r.source),
            )
            for r in rows
        ),
    )
    out().print(
        _(
            "Make your own with `peerpact template init NAME [--from TEMPLATE]`; "
            "yours live in %(folder)s."
        )
        % {"folder": safe(str(_templates_dir()))}
    )


def _templates_dir() -> Path:
    from peerpact.paths import get_paths

    return get_paths().templates_dir


@template_app.command(
    "init",
    help=_(
        "Copy a template into your templates folder to make it your own.\n\n"
        "The copy keeps the comments that explain each field. Never overwrites.\n\n"
        "Example: `peerpact template init riverside --from peer-support-space`."
    ),
)
def template_init(
    name: Annotated[str, typer.Argument(help=_("A name for your template, e.g. riverside."))],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help=_("The template to start from, a name or path (default: peer-support-space)."),
        ),
    ] = None,
) -> None:
    from peerpact.agreement.library import init_template

    path = init_template(name, source)[0]
    console = out()
    console.print(_("Wrote %(path)s.") % {"path": safe(str(path))})
    console.print(_("Edit it, then check it with:"))
    console.print(_("  peerpact template validate {path}").format(path=safe(str(path))))
    console.print(_("  peerpact template show {name}").format(name=safe(name)))
    console.print(_("and use it with `peerpact new --template %(name)s`.") % {"name": safe(name)})


def _assignments(items: list[str] | None) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UserInputError(_("--set %(item)r: expected NAME=VALUE.") % {"item": item})
        values[name.strip()] = value
    return values


@template_app.command(
    "show",
    help=_(
        "Show a template as an agreement between example parties.\n\n"
        "Variables take the config's values, else the template's defaults; try\n"
        "others with --set, e.g. to see clauses that only apply in person.\n\n"
        'Example: `peerpact template show riverside --set session_format="in '
        'person"`.'
    ),
)
def template_show(
    name: Annotated[
        str, typer.Argument(help=_("A template name or path."), autocompletion=complete_template)
    ],
    format: Annotated[
        TemplateFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=_("How to show it: terminal, markdown, text or html."),
        ),
    ] = TemplateFormat.terminal,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help=_("Try a variable's value, NAME=VALUE (repeatable), to see its clauses.")
        ),
    ] = None,
) -> None:
    from peerpact.agreement.library import load_template
    from peerpact.agreement.render import render_document
    from peerpact.agreement.state import view
    from peerpact.record.payload.build import example_state

    template = load_template(name)
    document = view(example_state(template, _assignments(set_)))
    if format is TemplateFormat.terminal:
        show_markdown(render_document(document, "markdown"))
        return
    emit(render_document(document, format.value))


@template_app.command(
    "validate",
    help=_(
        "Check a template: exit 0 when it can be used, 1 naming what is wrong.\n\n"
        "Checks the TOML, every field, footnotes and conditions, and that its "
        "texts\n"
        "use only declared variables and the allowed {% if %} forms.\n\n"
        '`--json` prints {"valid": true, "path", "id", "version", "language",\n'
        '"sections", "clauses", "variables"}, or {"valid": false, "problem", '
        '"hint"}\n'
        "with exit 1.\n\n"
        "Example: `peerpact template validate ~/riverside.toml`."
    ),
)
def template_validate(
    path: Annotated[str, typer.Argument(metavar="PATH", help=_("A template file (or name)."))],
    json: Json = False,
) -> None:
    from peerpact.agreement.library import count_clauses, load_template, where_from
    from peerpact.errors import PeerpactError

    try:
        template = load_template(path)
    except PeerpactError as exc:
        if json:
            print_json({"valid": False, "problem": exc.message, "hint": exc.hint})
        raise
    if json:
        print_json(
            {
                "valid": True,
                "path": str(template.source),
                "id": template.id,
                "version": template.version,
                "language": template.language,
                "sections": len(template.sections),
                "clauses": count_clauses(template),
                "variables": len(template.variables),
            }
        )
        return
    out().print(
        _(
            "OK: %(file)s is a valid template (%(id)s %(version)s, language %(language)s, "
            "%(sections)s sections, %(clauses)s clauses, %(variables)s variables; %(where)s)."
        )
        % {
            "file": safe(str(template.source)),
            "id": safe(template.id),
            "version": safe(template.version),
            "language": safe(template.language),
            "sections": len(template.sections),
            "clauses": count_clauses(template),
            "variables": len(template.variables),
            "where": where_from(template),
        }
    )


def _source(source: str) -> str:
    """Where a template comes from, said in the interface's language."""
    from peerpact.agreement.library import BUILTIN, PATH, USER

    said = {BUILTIN: _("built-in"), USER: _("user"), PATH: _("path")}
    return said.get(source, source)
