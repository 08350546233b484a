"""Agreement commands: new, list, show, export (verify is in cli/verify.py)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import app
from peerpact.cli.console import (
    emit,
    err,
    out,
    print_columns,
    print_json,
    print_json_array,
    safe,
    show_markdown,
)
from peerpact.cli.params import (
    Discard,
    DocumentFormat,
    Json,
    NoInput,
    RecordId,
    Resume,
    ShowFormat,
    complete_template,
)

if TYPE_CHECKING:
    from peerpact.agreement.draft import Draft
    from peerpact.agreement.drafts import SavedDraft
    from peerpact.agreement.state import Agreement
    from peerpact.agreement.template import Template
    from peerpact.config import Config
    from peerpact.record.format import Record
    from peerpact.record.index import Summary
    from peerpact.record.revisions import Entry

from peerpact.errors import UserInputError
from peerpact.i18n import _


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
    from peerpact.agreement.draft import load_answers, resolve_variables, signed_body
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.config import load_config
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_or_create_key
    from peerpact.record.store import create

    if no_input and answers is None:
        raise UserInputError(_("--no-input needs --answers FILE (there is no one to ask)."))
    if (resume is not None or discard) and answers is not None:
        raise UserInputError(_("--resume and --discard are for the interview, not --answers."))

    from peerpact.cli.lineedit import is_terminal, require_terminal
    from peerpact.cli.setup import first_run

    if answers is None:
        require_terminal("`peerpact new`")
    if not no_input:
        # Before the interview, so it uses the answers; asks only at a terminal.
        first_run(no_input=not is_terminal())
    config = load_config()
    saved = None
    if answers is None:
        from peerpact.cli.drafts import pick

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
        from peerpact.cli.interview import ask_missing

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
    from peerpact.agreement.draft import resolve_variables
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.cli.drafts import kept_on_stop
    from peerpact.cli.interview import Interview, offer_language

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


LIST_STATUSES = ("active", "ended", "unreadable")


def _since(value: str | None) -> str | None:
    import re

    if value is None:
        return None
    from datetime import date

    since = value.strip().upper()
    day = (since[:10] + "-01-01"[len(since[:10]) - 4 :]) if len(since) >= 4 else ""
    try:
        date.fromisoformat(day)  # a day that exists, not only one shaped like it
        real = True
    except ValueError:
        real = False
    if not real or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}Z?)?)?)?)?)?", since):
        raise UserInputError(
            _("--since {value!r} is not a date.").format(value=value),
            _("Give a day like 2026-01-31 (or 2026-01)."),
        )
    return since


@app.command(
    "list",
    help=_(
        "List agreements on this computer, most recently changed first.\n\n"
        "With `retention.ended_days` set, an ended agreement shows the date from\n"
        'which `peerpact forget --due` removes it ("forget_after" in JSON).\n\n'
        "Example: `peerpact list --status active --limit 20`, or `peerpact list "
        "--json`."
    ),
)
def list_(
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=_("Only agreements that are active, ended or unreadable."),
        ),
    ] = None,
    party: Annotated[
        str | None,
        typer.Option(
            "--party",
            metavar="NAME",
            help=_("Only agreements with a party whose name contains NAME."),
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help=_("Only agreements changed on or after DATE.")
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", min=1, help=_("Show at most N agreements.")),
    ] = None,
    json: Json = False,
) -> None:
    from peerpact.config import load_config
    from peerpact.record.forget import forget_after
    from peerpact.record.index import Filters, listing

    if status is not None and status not in LIST_STATUSES:
        raise UserInputError(
            _("--status {status!r} is not a status.").format(status=status),
            _("Choose {LIST_STATUSES}.").format(LIST_STATUSES=", ".join(LIST_STATUSES)),
        )
    days = load_config().retention_ended_days

    def due(row: "Summary") -> str:
        if days is None or row.status != "ended":
            return ""
        return forget_after(row.updated, days)

    rows = listing(Filters(status, party, _since(since), limit))
    try:
        if json:
            print_json_array(
                {**row.as_json(), **({"forget_after": due(row)} if due(row) else {})}
                for row in rows
            )
            return
        if next(iter(rows), None) is None:
            filtered = any(value is not None for value in (status, party, since))
            out().print(
                _("No agreements match.")
                if filtered
                else _("No agreements yet. Start one with `peerpact new`.")
            )
            return
        # Two passes over the rows (widths, then lines): nothing is held in memory.
        print_columns(
            (_("id"), _("parties"), _("status"), _("created"), _("last changed")),
            lambda: (
                (
                    r.id,
                    ", ".join(r.parties) or r.problem,
                    _("{status}, forget after {date}").format(
                        status=said_status(r.status), date=due(r)
                    )
                    if due(r)
                    else said_status(r.status),
                    r.created,
                    r.updated,
                )
                for r in rows
            ),
        )
    finally:
        rows.close()


def _load(record_id: str, as_of: int | None) -> "tuple[Record, Agreement]":
    """A record that has just verified, and its state as of revision ``as_of``
    (the latest when None). A record that fails is never shown as if clean."""
    from peerpact.record.store import load_verified

    record = load_verified(record_id)[0]
    if as_of is not None and not 1 <= as_of <= len(record.revisions):
        raise UserInputError(
            _("--as-of %(n)s: %(id)s has revisions 1 to %(last)s.")
            % {"n": as_of, "id": record.id, "last": len(record.revisions)}
        )
    return record, record.state(as_of)


def _document(record: "Record", state: "Agreement", fmt: str) -> str:
    if fmt == "json":
        import json

        from peerpact.record.store import record_json

        return json.dumps(record_json(record, state), ensure_ascii=False, indent=2) + "\n"
    from peerpact.agreement.render import render_document
    from peerpact.agreement.state import view

    return render_document(view(state), fmt)


@app.command(
    help=_(
        "Show an agreement with everyone's additions, or its history.\n\n"
        "Example: `peerpact show k3f9q2xa --format text`, `peerpact show "
        "k3f9q2xa --history`,\n"
        "`peerpact show k3f9q2xa --as-of 2`."
    )
)
def show(
    record_id: RecordId,
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help=_("How to show it."))
    ] = ShowFormat.terminal,
    history: Annotated[
        bool,
        typer.Option(
            "--history", help=_("List every revision: when, who confirmed, what changed.")
        ),
    ] = False,
    as_of: Annotated[
        int | None,
        typer.Option(
            "--as-of", metavar="N", help=_("Show the agreement as it stood at revision N.")
        ),
    ] = None,
) -> None:
    record, state = _load(record_id, as_of)
    if history:
        _history(record, state, format.value, as_of)
        return
    from peerpact.agreement.library import template_changed

    note = template_changed(state.template)
    if note:
        # On stderr, so what is piped or redirected stays the document alone.
        said = _("Note: %(note)s") % {"note": safe(note)}
        err().print(f"[dim]{said}[/]")
    if format is ShowFormat.terminal:
        show_markdown(_document(record, state, "markdown"))
    else:
        emit(_document(record, state, format.value))


def _history(record: "Record", state: "Agreement", fmt: str, as_of: int | None) -> None:
    """Every revision, oldest first; as plain lines (or JSON), easy to read and to grep."""
    from dataclasses import asdict

    from peerpact.record.revisions import history

    entries = history(record, as_of)
    if fmt == "json":
        print_json([asdict(entry) for entry in entries])
        return
    if fmt not in ("terminal", "text"):
        raise UserInputError(_("--history is shown as text or json."))
    # "(s)", not ngettext: these lines are quoted word for word in the docs and greps.
    total = _("Agreement %(id)s: %(n)s revision(s), %(status)s.")
    lines = [total % {"id": record.id, "n": len(entries), "status": said_status(state.status)}, ""]
    for entry in entries:
        lines.extend(entry_lines(entry, "  "))
        lines.append("")
    emit("\n".join(lines))


def said_status(status: str) -> str:
    """An agreement's state, said in the interface's language."""
    said = {"active": _("active"), "ended": _("ended"), "unreadable": _("unreadable")}
    return said.get(status, status)


def entry_lines(entry: "Entry", indent: str, full: bool = True) -> list[str]:
    """One revision of `show --history` (and of what changed since a copy)."""
    kinds = {"created": _("created"), "amended": _("amended"), "ended": _("ended")}
    head = [_("Revision %(n)s") % {"n": entry.number}, kinds.get(entry.kind, entry.kind)]
    head += [entry.time, entry.hash] if full else [entry.time]
    lines = [" · ".join(head)]
    confirmed = ", ".join(entry.confirmed_by) or _("(nobody)")
    lines.append(indent + _("Confirmed by: %(names)s") % {"names": confirmed})
    lines.extend(f"{indent}{change}" for change in entry.changes)
    if entry.note:
        lines.append(indent + _("Note: %(note)s") % {"note": entry.note})
    return lines


@app.command(
    help=_(
        "Export an agreement to a file, a party's copy, or its signatures.\n\n"
        "The folder a file goes into must exist already (--signatures makes its\n"
        "folder, but not the folders above it). `--json` reports what was\n"
        'written: {"id", "path", "format"} or {"id", "folder", "files"}.\n\n'
        "Example: `peerpact export k3f9q2xa -f html -o agreement.html`,\n"
        "`peerpact export k3f9q2xa --copy -o robin.html --pdf`, or\n"
        "`peerpact export k3f9q2xa --signatures sigs/`."
    )
)
def export(
    record_id: RecordId,
    format: Annotated[
        DocumentFormat, typer.Option("--format", "-f", help=_("What to write."))
    ] = DocumentFormat.html,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=_("File to write (0600), or - for standard output.")),
    ] = None,
    signatures: Annotated[
        Path | None,
        typer.Option(
            "--signatures",
            help=_("Folder to write each revision's payload and .minisig, for `minisign -V`."),
        ),
    ] = None,
    json: Json = False,
    copy: Annotated[
        bool,
        typer.Option(
            "--copy",
            help=_(
                "A party's copy: a printable HTML page with a certificate, in the "
                "agreement's language."
            ),
        ),
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help=_("With --copy: also print it to PDF (needs Chromium).")),
    ] = False,
    as_of: Annotated[
        int | None,
        typer.Option(
            "--as-of", metavar="N", help=_("Export the agreement as it stood at revision N.")
        ),
    ] = None,
) -> None:
    from peerpact.files import atomic_write, check_target

    if signatures is not None:
        from peerpact.record.store import load_verified, signature_files

        check_target(signatures.parent)  # the folder itself is made, not its parents
        record = load_verified(record_id)[0]
        files = list(signature_files(record))  # every check passes before a file is written
        for name, data in files:
            atomic_write(signatures / name, data, private_dir=False)
        if json:
            written = [name for name, _data in files]
            print_json({"id": record.id, "folder": str(signatures), "files": written})
            return
        wrote = _("Wrote %(n)s files to %(folder)s.")
        out().print(wrote % {"n": len(files), "folder": safe(str(signatures))})
        out().print(
            _("Check one with: %(command)s") % {"command": "minisign -V -p KEY.pub -m PAYLOAD.json"}
        )
        return
    if pdf and not copy:
        raise UserInputError(_("--pdf prints a party's copy: add --copy."))
    if copy:
        _export_copy(record_id, output, pdf, as_of, json)
        return
    if output is None:
        raise UserInputError(_("Say where to write it with -o FILE (or use --signatures DIR)."))
    record, state = _load(record_id, as_of)
    document = _document(record, state, format.value)
    if str(output) == "-":
        if json:
            raise UserInputError(_("-o - writes the document itself; leave out --json."))
        emit(document)
        return
    check_target(output.parent)
    atomic_write(output, document.encode("utf-8"), private_dir=False)
    if json:
        print_json({"id": record.id, "path": str(output), "format": format.value})
        return
    _wrote(output)


def _wrote(path: Path) -> None:
    out().print(_("Wrote %(path)s.") % {"path": safe(str(path))})


def _export_copy(
    record_id: str, output: Path | None, pdf: bool, as_of: int | None, json: bool
) -> None:
    """Write a party's copy (and its PDF); nothing at all when any step fails."""
    from peerpact.agreement.printing import find_browser, to_pdf
    from peerpact.config import load_config
    from peerpact.files import atomic_write, check_target
    from peerpact.record.copy import contact_for, make_copy
    from peerpact.text import now

    if output is None:
        raise UserInputError(_("Say where to write the copy with -o FILE.html."))
    if output.suffix.lower() == ".pdf":
        raise UserInputError(
            _("-o names the HTML copy; with --pdf the PDF is written beside it."),
            _("Example: %(example)s") % {"example": f"-o {output.with_suffix('.html').name} --pdf"},
        )
    check_target(output.parent)
    browser = find_browser() if pdf else ""
    record, state = _load(record_id, as_of)
    page = make_copy(record, state.revision, now(), contact_for(load_config(), state))
    printed = to_pdf(page, browser) if pdf else b""
    atomic_write(output, page.encode("utf-8"), private_dir=False)
    if pdf:
        atomic_write(output.with_suffix(".pdf"), printed, private_dir=False)
    if json:
        written = {"id": record.id, "path": str(output), "format": "copy"}
        print_json({**written, "pdf": str(output.with_suffix(".pdf"))} if pdf else written)
        return
    _wrote(output)
    if pdf:
        _wrote(output.with_suffix(".pdf"))
