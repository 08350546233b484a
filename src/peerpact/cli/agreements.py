"""Agreement commands: new, list, show, export, verify."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import app
from peerpact.cli.console import emit, err, out, print_json, print_table, safe, show_markdown
from peerpact.cli.params import (
    DocumentFormat,
    Json,
    NoInput,
    RecordId,
    RecordIds,
    ShowFormat,
    complete_template,
)

if TYPE_CHECKING:
    from peerpact.agreement.state import Agreement
    from peerpact.record.format import Record
    from peerpact.record.store import Summary

from peerpact.errors import InvalidError, UserInputError


@app.command()
def new(
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="Template name or path [default: peer-support-space].",
            autocompletion=complete_template,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", "-a", help="TOML answers file with the parties and their additions."
        ),
    ] = None,
    no_input: NoInput = False,
    json: Json = False,
) -> None:
    """Agree together before a first session, and write a signed record.

    Asks for the parties, shows the agreement, collects each party's wants,
    needs and boundaries, and asks each to consent by typing their name.
    Declining at any step, or Ctrl-C, writes nothing.

    Example: `peerpact new`, or for scripts
    `peerpact new --answers answers.toml --no-input --json`.
    """
    from peerpact.agreement.draft import load_answers, resolve_variables, signed_body
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.cli.prompts import interview
    from peerpact.config import load_config
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_or_create_key
    from peerpact.record.store import create

    if no_input and answers is None:
        raise UserInputError("--no-input needs --answers FILE (there is no one to ask).")
    from peerpact.cli.setup import first_run

    if not no_input:
        first_run(no_input=False)  # before the interview, so it uses the answers
    config = load_config()
    draft = load_answers(answers) if answers is not None else None
    spec = template or (draft.template if draft else None) or DEFAULT_TEMPLATE
    loaded = load_template(spec)
    values, missing = resolve_variables(loaded, draft.variables if draft else {}, config.variables)
    if draft is None or missing:
        if no_input:
            raise UserInputError(
                f"variables.{missing[0]}: no value given and the template has no default.",
                "Add it under [variables] in the answers file or the config file.",
            )
        draft = interview(loaded, config, missing, draft)
        values, _ = resolve_variables(loaded, draft.variables, config.variables)
    body = signed_body(draft, loaded, values)
    if no_input:
        first_run(no_input=True)
        given = {**config.variables, **draft.variables}
        if "organization" in values and "organization" not in given:
            err().print(
                f"Note: the agreement names the template's example organisation "
                f"{safe(values['organization'])!r}; set yours with "
                "`peerpact config set organization.name NAME`."
            )
    key = load_or_create_key(get_paths().key_file)
    record, path = create(body, key)
    if json:
        print_json({"id": record.id, "path": str(path), "fingerprint": key.public.fingerprint})
        return
    console = out()
    console.print(f"\n[bold green]Agreement recorded.[/] Id: [bold]{record.id}[/]")
    console.print(f"Saved to {safe(str(path))}")
    console.print(f"Signed with key {key.public.fingerprint}")
    console.print(
        f"Show it with `peerpact show {record.id}`; "
        f"change it later with `peerpact amend {record.id}`."
    )


@app.command("list")
def list_(json: Json = False) -> None:
    """List agreements on this computer, most recently changed first.

    With `retention.ended_days` set, an ended agreement shows the date from
    which `peerpact forget --due` removes it ("forget_after" in JSON).

    Example: `peerpact list --json`.
    """
    from peerpact.config import load_config
    from peerpact.record.forget import forget_after
    from peerpact.record.store import summaries

    days = load_config().retention_ended_days
    rows = list(summaries())

    def due(row: "Summary") -> str:
        if days is None or row.status != "ended":
            return ""
        return forget_after(row.updated, days)

    if json:
        print_json(
            [{**row.as_json(), **({"forget_after": due(row)} if due(row) else {})} for row in rows]
        )
        return
    if not rows:
        out().print("No agreements yet. Start one with `peerpact new`.")
        return
    print_table(
        ("id", "parties", "status", "created", "last changed"),
        (
            (
                row.id,
                ", ".join(row.parties) or row.problem,
                f"{row.status}, forget after {due(row)}" if due(row) else row.status,
                row.created,
                row.updated,
            )
            for row in rows
        ),
    )


def _load(record_id: str, as_of: int | None) -> "tuple[Record, Agreement]":
    """A record and its state as of revision ``as_of`` (the latest when None)."""
    from peerpact.record.store import load

    record = load(record_id)
    if as_of is not None and not 1 <= as_of <= len(record.revisions):
        raise UserInputError(
            f"--as-of {as_of}: {record.id} has revisions 1 to {len(record.revisions)}."
        )
    from peerpact.record.format import verify
    from peerpact.record.store import known_keys

    problems = verify(record, known_keys())
    if problems:
        err().print(
            f"[yellow]Warning:[/] this record does not verify ({safe(problems[0].what)}); "
            f"what follows may not be what was agreed. See `peerpact verify {record.id}`."
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


@app.command()
def show(
    record_id: RecordId,
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="How to show it.")
    ] = ShowFormat.terminal,
    history: Annotated[
        bool,
        typer.Option("--history", help="List every revision: when, who confirmed, what changed."),
    ] = False,
    as_of: Annotated[
        int | None,
        typer.Option("--as-of", metavar="N", help="Show the agreement as it stood at revision N."),
    ] = None,
) -> None:
    """Show an agreement with everyone's additions, or its history.

    Example: `peerpact show k3f9q2xa --format text`, `peerpact show k3f9q2xa --history`,
    `peerpact show k3f9q2xa --as-of 2`.
    """
    record, state = _load(record_id, as_of)
    if history:
        _history(record, state, format.value, as_of)
        return
    from peerpact.agreement.library import template_changed

    note = template_changed(state.template)
    if note:
        # On stderr, so what is piped or redirected stays the document alone.
        err().print(f"[dim]Note: {safe(note)}[/]")
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
        raise UserInputError("--history is shown as text or json.")
    lines = [f"Agreement {record.id}: {len(entries)} revision(s), {state.status}.", ""]
    for entry in entries:
        lines.append(f"Revision {entry.number} · {entry.kind} · {entry.time} · {entry.hash}")
        lines.append(f"  Confirmed by: {', '.join(entry.confirmed_by) or '(nobody)'}")
        lines.extend(f"  {change}" for change in entry.changes)
        if entry.note:
            lines.append(f"  Note: {entry.note}")
        lines.append("")
    emit("\n".join(lines))


@app.command()
def export(
    record_id: RecordId,
    format: Annotated[
        DocumentFormat, typer.Option("--format", "-f", help="What to write.")
    ] = DocumentFormat.html,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (0600), or - for standard output."),
    ] = None,
    signatures: Annotated[
        Path | None,
        typer.Option(
            "--signatures",
            help="Folder to write each revision's payload and .minisig, for `minisign -V`.",
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Export an agreement to a file, or its signatures for independent checking.

    The folder a file goes into must exist already (--signatures makes its
    folder, but not the folders above it). `--json` reports what was
    written: {"id", "path", "format"} or {"id", "folder", "files"}.

    Example: `peerpact export k3f9q2xa -f html -o agreement.html`, or
    `peerpact export k3f9q2xa --signatures sigs/`.
    """
    from peerpact.files import atomic_write, check_target

    if signatures is not None:
        from peerpact.paths import get_paths
        from peerpact.record.keys import require_key
        from peerpact.record.store import load, signature_files

        check_target(signatures.parent)  # the folder itself is made, not its parents
        key = require_key(get_paths().key_file)
        record = load(record_id)
        written = []
        for name, data in signature_files(record, key):
            atomic_write(signatures / name, data, private_dir=False)
            written.append(name)
        if json:
            print_json({"id": record.id, "folder": str(signatures), "files": written})
            return
        out().print(f"Wrote {len(written)} files to {safe(str(signatures))}.")
        out().print("Check one with: minisign -V -p KEY.pub -m PAYLOAD.json")
        return
    if output is None:
        raise UserInputError("Say where to write it with -o FILE (or use --signatures DIR).")
    record, state = _load(record_id, None)
    document = _document(record, state, format.value)
    if str(output) == "-":
        if json:
            raise UserInputError("-o - writes the document itself; leave out --json.")
        emit(document)
        return
    check_target(output.parent)
    atomic_write(output, document.encode("utf-8"), private_dir=False)
    if json:
        print_json({"id": record.id, "path": str(output), "format": format.value})
        return
    out().print(f"Wrote {safe(str(output))}.")


@app.command()
def verify(
    record_ids: RecordIds = None,
    all_: Annotated[bool, typer.Option("--all", help="Check every record.")] = False,
    key: Annotated[
        list[Path] | None,
        typer.Option("--key", "-k", help="A minisign public key to trust (repeatable)."),
    ] = None,
    head: Annotated[
        str | None,
        typer.Option("--head", help="A head hash you kept: fail if it is no longer there."),
    ] = None,
    files: Annotated[
        list[Path] | None,
        typer.Option("--file", help="Check a record file from elsewhere (repeatable)."),
    ] = None,
    json: Json = False,
) -> None:
    """Check that records were signed and not changed since.

    Exit 0 when every signature and the chain of revisions hold; exit 1 naming
    the record, the revision and what failed otherwise.

    A record forgotten with `peerpact forget` is reported as forgotten on its
    date, once its signed tombstone checks out.

    `--json` prints {"ok": true|false, "records": [{"id", "ok", "problems":
    [{"revision", "what"}]}]}, with "forgotten": DATE for a forgotten record
    (and still exits 1 when any fail).

    Example: `peerpact verify --all`, or elsewhere
    `peerpact verify --file k3f9q2xa.toml --key facilitator.pub`.
    """
    from peerpact.record.forget import SUFFIX, check_tombstone, tombstones
    from peerpact.record.store import known_keys, record_files, verify_file

    paths = list(files or [])
    if all_:
        paths.extend(record_files())
        paths.extend(tombstones())
    paths.extend(_record_or_tombstone(spec) for spec in record_ids or [])
    if not paths:
        if all_:
            if json:
                print_json({"ok": True, "records": []})
                return
            out().print("No records to verify yet.")
            return
        raise UserInputError("Name records to check, or use --all.")
    if head is not None and len(paths) != 1:
        raise UserInputError("--head checks one record: name exactly one.")
    keys = known_keys(key)
    bad = 0
    report = []
    forgotten_count = 0
    for path in paths:
        entry: dict[str, object] = {"id": path.stem}
        if path.name.endswith(SUFFIX):
            entry["id"] = path.name.removesuffix(SUFFIX)
            forgotten, problems = check_tombstone(path, keys)
            if forgotten:
                entry["forgotten"] = forgotten
                forgotten_count += not problems
                if not problems and not json:
                    out().print(
                        f"{entry['id']}: forgotten on {safe(forgotten)} (tombstone verified)"
                    )
        else:
            problems = verify_file(path, keys, head)
        entry["ok"] = not problems
        entry["problems"] = [{"revision": p.revision, "what": p.what} for p in problems]
        report.append(entry)
        if problems:
            bad += 1
            for problem in [] if json else problems:
                err().print(f"[red]FAILED[/] {safe(str(problem))}")
    if json:
        print_json({"ok": not bad, "records": report})
    if bad:
        raise InvalidError(f"{bad} of {len(paths)} record(s) failed verification.")
    if not json:
        also = f", {forgotten_count} forgotten on purpose" if forgotten_count else ""
        out().print(f"OK: {len(paths) - forgotten_count} record(s) verified{also}.")


def _record_or_tombstone(spec: str) -> Path:
    """A record's file, or the tombstone it left when it was forgotten."""
    from peerpact.errors import NotFoundError
    from peerpact.record.forget import tombstone_path
    from peerpact.record.store import find_record

    try:
        return find_record(spec)
    except NotFoundError:
        stone = tombstone_path(spec.strip().lower())
        if stone.is_file():
            return stone
        raise
