"""`peerpact show` and `peerpact export`: one agreement, verified first, shown or written."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import (
    emit,
    err,
    json_text,
    out,
    print_json,
    safe,
    show_markdown,
)
from peerpact.cli.ui.params import (
    FILE,
    DocumentFormat,
    Json,
    RecordId,
    ShowFormat,
    file_or_stream,
    folder,
)
from peerpact.cli.ui.records import entry_lines, said_status

if TYPE_CHECKING:
    from peerpact.agreement.state import Agreement
    from peerpact.record.format import Record

from peerpact.errors import UserInputError
from peerpact.i18n import _


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
        from peerpact.record.store import record_json

        return json_text(record_json(record, state)) + "\n"
    from peerpact.agreement.render import render_document
    from peerpact.agreement.state import view

    return render_document(view(state), fmt)


app = commands()


@app.command(help=about("show"))
def show(
    record_id: RecordId,
    format: Annotated[
        ShowFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=_("How to show it: terminal, markdown, text, html or json."),
        ),
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
    from peerpact.cli.ui.pager import page

    page("\n".join(lines))


@app.command(help=about("export"))
def export(
    record_id: RecordId,
    format: Annotated[
        DocumentFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=_("What to write: markdown, text, html or json."),
        ),
    ] = DocumentFormat.html,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar=FILE,
            parser=file_or_stream,
            help=_("File to write (0600), or - for standard output."),
        ),
    ] = None,
    signatures: Annotated[
        Path | None,
        typer.Option(
            "--signatures",
            metavar="DIR",
            parser=folder,
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
    from peerpact.files import STREAM, atomic_write, check_target

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
    if output is STREAM:
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


def copy_name(record_id: str, as_of: int | None = None) -> str:
    """The file a party's copy goes to when -o is not given, in the current
    folder: the record's id, never a party's name (a file name is seen by
    whoever lists the folder)."""
    return f"peerpact-copy-{record_id}{f'-r{as_of}' if as_of else ''}.html"


def _export_copy(
    record_id: str, output: Path | None, pdf: bool, as_of: int | None, json: bool
) -> None:
    """Write a party's copy (and its PDF); nothing at all when any step fails.

    Without -o: piped, the page goes to stdout; at a terminal (or with --pdf
    or --json) it is written here as ``copy_name``."""
    import os
    import sys

    from peerpact.agreement.printing import find_browser, paper_for, to_pdf
    from peerpact.clock import now
    from peerpact.config import load_config
    from peerpact.files import STREAM, atomic_write, check_target
    from peerpact.record.copy import contact_for, make_copy

    if output is None and not (pdf or json or sys.stdout.isatty()):
        output = STREAM  # piped: the page itself, as `-o -`
    if output is STREAM and (pdf or json):
        raise UserInputError(_("-o - writes the copy itself; leave out --pdf and --json."))
    if output is not None and output.suffix.lower() == ".pdf":
        raise UserInputError(
            _("-o names the HTML copy; with --pdf the PDF is written beside it."),
            _("Example: %(example)s") % {"example": f"-o {output.with_suffix('.html').name} --pdf"},
        )
    config = load_config()
    browser = find_browser(config.browser) if pdf else ""
    record, state = _load(record_id, as_of)
    target = Path(copy_name(record.id, as_of)) if output is None else output
    check_target(target.parent)
    page = make_copy(record, state.revision, now(), contact_for(config, state))
    printed = to_pdf(page, browser, paper_for(config.paper, os.environ)) if pdf else b""
    atomic_write(target, page.encode("utf-8"), private_dir=False)
    if target is STREAM:
        return
    if pdf:
        atomic_write(target.with_suffix(".pdf"), printed, private_dir=False)
    if json:
        written = {"id": record.id, "path": str(target), "format": "copy"}
        print_json({**written, "pdf": str(target.with_suffix(".pdf"))} if pdf else written)
        return
    _wrote(target)
    if pdf:
        _wrote(target.with_suffix(".pdf"))
