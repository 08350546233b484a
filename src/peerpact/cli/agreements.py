"""Agreement commands: new, list, show, export, verify."""

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
    print_line,
    safe,
    show_markdown,
)
from peerpact.cli.params import Json, NoInput, RecordId, complete_record_id, complete_template

if TYPE_CHECKING:
    from peerpact.agreement.state import Agreement
    from peerpact.record.format import Record, Verdict
    from peerpact.record.keyring import Keyring

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


LIST_STATUSES = ("active", "ended", "unreadable")


def _since(value: str | None) -> str | None:
    import re

    if value is None:
        return None
    since = value.strip().upper()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}Z?)?)?)?)?)?", since):
        raise UserInputError(
            f"--since {value!r} is not a date.", "Give a day like 2026-01-31 (or 2026-01)."
        )
    return since


@app.command("list")
def list_(
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Only agreements that are active, ended or unreadable.",
        ),
    ] = None,
    party: Annotated[
        str | None,
        typer.Option(
            "--party", metavar="NAME", help="Only agreements with a party whose name contains NAME."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only agreements changed on or after DATE."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", min=1, help="Show at most N agreements."),
    ] = None,
    json: Json = False,
) -> None:
    """List agreements on this computer, most recently changed first.

    Example: `peerpact list --status active --limit 20`, or `peerpact list --json`.
    """
    from peerpact.record.index import Filters, listing

    if status is not None and status not in LIST_STATUSES:
        raise UserInputError(
            f"--status {status!r} is not a status.", f"Choose {', '.join(LIST_STATUSES)}."
        )
    rows = listing(Filters(status, party, _since(since), limit))
    try:
        if json:
            print_json_array(row.as_json() for row in rows)
            return
        if next(iter(rows), None) is None:
            filtered = any(value is not None for value in (status, party, since))
            out().print(
                "No agreements match."
                if filtered
                else "No agreements yet. Start one with `peerpact new`."
            )
            return
        # Two passes over the rows (widths, then lines): nothing is held in memory.
        print_columns(
            ("id", "parties", "status", "created", "last changed"),
            lambda: (
                (r.id, ", ".join(r.parties) or r.problem, r.status, r.created, r.updated)
                for r in rows
            ),
        )
    finally:
        rows.close()


#: What `export` writes; `show` also has "terminal".
FILE_FORMATS = ("markdown", "text", "html", "json")
FORMAT_HELP = "terminal, markdown, text, html or json."


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise UserInputError(f"Unknown format {fmt!r}.", f"Choose {', '.join(allowed)}.")


def _load(record_id: str, as_of: int | None) -> "tuple[Record, Agreement]":
    """A record that has just verified, and its state as of revision ``as_of``
    (the latest when None). A record that fails is never shown as if clean."""
    from peerpact.record.store import load_verified

    record, _ = load_verified(record_id)
    if as_of is not None and not 1 <= as_of <= len(record.revisions):
        raise UserInputError(
            f"--as-of {as_of}: {record.id} has revisions 1 to {len(record.revisions)}."
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
    format: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "terminal",
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
    _check_format(format, ("terminal", *FILE_FORMATS))
    record, state = _load(record_id, as_of)
    if history:
        _history(record, state, format, as_of)
        return
    from peerpact.agreement.library import template_changed

    note = template_changed(state.template)
    if note:
        # On stderr, so what is piped or redirected stays the document alone.
        err().print(f"[dim]Note: {safe(note)}[/]")
    if format == "terminal":
        show_markdown(_document(record, state, "markdown"))
    else:
        emit(_document(record, state, format))


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
        str, typer.Option("--format", "-f", help="markdown, text, html or json.")
    ] = "html",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (0600).")
    ] = None,
    signatures: Annotated[
        Path | None,
        typer.Option(
            "--signatures",
            help="Folder to write each revision's payload and .minisig, for `minisign -V`.",
        ),
    ] = None,
) -> None:
    """Export an agreement to a file, or its signatures for independent checking.

    Example: `peerpact export k3f9q2xa -f html -o agreement.html`, or
    `peerpact export k3f9q2xa --signatures sigs/`.
    """
    from peerpact.files import atomic_write

    if signatures is not None:
        from peerpact.record.store import load_verified, signature_files

        record, _ = load_verified(record_id)
        files = list(signature_files(record))  # every check passes before a file is written
        for name, data in files:
            atomic_write(signatures / name, data, private_dir=False)
        out().print(f"Wrote {len(files)} files to {safe(str(signatures))}.")
        out().print("Check one with: minisign -V -p KEY.pub -m PAYLOAD.json")
        return
    _check_format(format, FILE_FORMATS)
    if output is None:
        raise UserInputError("Say where to write it with -o FILE (or use --signatures DIR).")
    atomic_write(
        output, _document(*_load(record_id, None), format).encode("utf-8"), private_dir=False
    )
    out().print(f"Wrote {safe(str(output))}.")


#: A head a party kept must be long enough that nobody can make another
#: revision with the same start (8 hex digits took a key holder ~10 CPU-minutes).
MIN_HEAD_DIGITS = 12


def _head(value: str | None) -> str | None:
    if value is None:
        return None
    import re

    head = value.strip().lower()
    if not re.fullmatch(rf"[0-9a-f]{{{MIN_HEAD_DIGITS},64}}", head):
        raise UserInputError(
            f"--head {value!r} is not a head: give at least {MIN_HEAD_DIGITS} hex digits "
            "(0-9, a-f) of the head printed on a copy, and nothing else.",
            "Example: `peerpact verify k3f9q2xa --head 71d93925a59c4e1f`.",
        )
    return head


@app.command()
def verify(
    record_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...", help="Records to check.", autocompletion=complete_record_id
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Check every record.")] = False,
    key: Annotated[
        list[Path] | None,
        typer.Option(
            "--key",
            "-k",
            help="Trust this minisign public key and no other (repeatable).",
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Option(
            "--head",
            help=f"A head you kept ({MIN_HEAD_DIGITS}+ hex digits): fail if it is gone.",
        ),
    ] = None,
    files: Annotated[
        list[Path] | None,
        typer.Option("--file", help="Check a record file from elsewhere (repeatable)."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Check on N processes [default: one per core, for 200 records or more].",
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Check that records were signed and not changed, cut short or replaced since.

    Checks every signature, the chain of revisions, what each revision may
    say, and what this computer's witness log saw written. Each record's line
    names the key that signed it. Exit 0 when all hold; exit 1 naming the
    record, the revision and what failed otherwise.

    Example: `peerpact verify --all`, or elsewhere
    `peerpact verify --file k3f9q2xa.toml --key facilitator.pub`.
    """
    from peerpact.record.format import head_matches
    from peerpact.record.keyring import keyring
    from peerpact.record.store import (
        add_witness_view,
        find_record,
        read_witness,
        records_dir,
        stored_ids,
        verify_files,
    )
    from peerpact.record.witness import FORGOTTEN

    wanted_head = _head(head)
    # Strings, not Paths: with 100,000 records that alone is tens of MiB.
    targets: list[tuple[Path | str, bool]] = [(path, False) for path in files or []]
    if all_:
        folder = str(records_dir())
        targets.extend((f"{folder}/{record_id}.toml", True) for record_id in stored_ids())
    targets.extend((find_record(spec), True) for spec in record_ids or [])
    if not targets and not all_:
        raise UserInputError("Name records to check, or use --all.")
    if wanted_head is not None and len(targets) != 1:
        raise UserInputError("--head checks one record: name exactly one.")
    keys = keyring(key)
    seen = read_witness()
    if seen.damage:
        err().print(f"[red]FAILED[/] {safe(seen.damage)}")
    # Only JSON needs every verdict at the end; lines are printed as they come,
    # so memory stays flat however many records there are.
    results: list[dict[str, object]] = []
    checked = failed = 0
    for verdict in verify_files(targets, keys, jobs):
        add_witness_view(verdict, seen)
        if wanted_head is not None and not head_matches(verdict, wanted_head):
            verdict.fail(None, f"head {wanted_head} is no longer in the record (rolled back)")
        checked += 1
        failed += not verdict.ok
        if json:
            results.append(_verdict_json(verdict, keys))
        else:
            _say_verdict(verdict, keys)
    gone = []
    if all_:
        present = set(stored_ids())
        for record_id, entry in sorted(seen.heads.items()):
            if record_id in present:
                continue
            gone.append((record_id, entry))
            if json:
                continue
            if entry.event == FORGOTTEN:
                print_line(f"FORGOTTEN {record_id}: forgotten on purpose on {entry.time[:10]}")
            else:
                err().print(
                    f"[red]FAILED[/] {record_id}: record: missing: this computer wrote revision "
                    f"{entry.number} (head {entry.head[:16]}), but the file is gone"
                )
    missing = sum(1 for _, entry in gone if entry.event != FORGOTTEN)
    bad = failed + missing + bool(seen.damage)
    if json:
        print_json(
            {
                "ok": not bad,
                "records": results,
                "gone": [
                    {
                        "id": record_id,
                        "event": entry.event,
                        "time": entry.time,
                        "revision": entry.number,
                        "head": entry.head,
                    }
                    for record_id, entry in gone
                ],
                "witness": {"entries": seen.entries, "head": seen.chain, "damage": seen.damage},
            }
        )
    if bad:
        raise InvalidError(f"{bad} of {checked + missing} record(s) failed verification.")
    if not json:
        if not checked:
            out().print("No records to verify yet.")
        else:
            out().print(f"OK: {checked} record(s) verified.")


def _say_verdict(verdict: "Verdict", keys: "Keyring") -> None:
    if not verdict.ok:
        for problem in verdict.problems:
            err().print(f"[red]FAILED[/] {safe(str(problem))}")
        return
    signers = ", ".join(keys.describe(fingerprint) for fingerprint in verdict.signers)
    print_line(
        f"OK {verdict.record}: {len(verdict.hashes)} revision(s), "
        f"head {verdict.head[:16]}, signed by {signers}"
    )


def _verdict_json(verdict: "Verdict", keys: "Keyring") -> dict[str, object]:
    return {
        "id": verdict.record,
        "ok": verdict.ok,
        "revisions": len(verdict.hashes),
        "head": verdict.head,
        "signers": [
            {"fingerprint": fp, "trusted_as": keys.labels.get(fp, "")} for fp in verdict.signers
        ],
        "problems": [
            {"revision": problem.revision, "what": problem.what} for problem in verdict.problems
        ],
    }
