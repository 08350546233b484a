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
from peerpact.cli.params import (
    Discard,
    DocumentFormat,
    Json,
    NoInput,
    RecordId,
    RecordIds,
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
    from peerpact.record.format import Problem, Record, Verdict
    from peerpact.record.index import Summary
    from peerpact.record.keyring import Keyring
    from peerpact.record.revisions import Entry

from peerpact.errors import InvalidError, UserInputError
from peerpact.i18n import _


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
    resume: Resume = None,
    discard: Discard = False,
    no_input: NoInput = False,
    json: Json = False,
) -> None:
    """Agree together before a first session, and write a signed record.

    Asks for the parties, shows the agreement, collects each party's wants,
    needs and boundaries, and asks each to consent by typing their name.
    Every answer is kept in a private draft until then, so a stop loses
    nothing (`--resume ID`); declining writes nothing and deletes the draft.

    Example: `peerpact new`, or for scripts
    `peerpact new --answers answers.toml --no-input --json`.
    """
    from peerpact.agreement.draft import load_answers, resolve_variables, signed_body
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.config import load_config
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_or_create_key
    from peerpact.record.store import create

    if no_input and answers is None:
        raise UserInputError("--no-input needs --answers FILE (there is no one to ask).")
    if (resume is not None or discard) and answers is not None:
        raise UserInputError("--resume and --discard are for the interview, not --answers.")

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
                f"variables.{missing[0]}: no value given and the template has no default.",
                "Add it under [variables] in the answers file or the config file.",
            )
        from peerpact.cli.interview import ask_missing

        require_terminal("`peerpact new` without a value for every variable")
        ask_missing(loaded, missing, draft.variables)
        values, _missing = resolve_variables(loaded, draft.variables, config.variables)
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
    if saved is not None:
        from peerpact.agreement.drafts import delete

        delete(saved.id)
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


def _interview(
    template: str | None, config: "Config", saved: "SavedDraft"
) -> "tuple[Draft, Template]":
    """The interview, from the start or a draft; a stop keeps the draft if wished."""
    from peerpact.agreement.draft import resolve_variables
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.cli.drafts import kept_on_stop
    from peerpact.cli.interview import Interview

    spec = template or saved.answers.get("template") or DEFAULT_TEMPLATE
    if not isinstance(spec, str):
        raise UserInputError(f"Draft {saved.id} is damaged: its template is not a name.")
    loaded = load_template(spec)
    saved.answers["template"] = spec
    _, missing = resolve_variables(loaded, {}, config.variables)
    with kept_on_stop(saved, config.draft_keep_days):
        return Interview(loaded, config, missing, saved).run(), loaded


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

    With `retention.ended_days` set, an ended agreement shows the date from
    which `peerpact forget --due` removes it ("forget_after" in JSON).

    Example: `peerpact list --status active --limit 20`, or `peerpact list --json`.
    """
    from peerpact.config import load_config
    from peerpact.record.forget import forget_after
    from peerpact.record.index import Filters, listing

    if status is not None and status not in LIST_STATUSES:
        raise UserInputError(
            f"--status {status!r} is not a status.", f"Choose {', '.join(LIST_STATUSES)}."
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
                "No agreements match."
                if filtered
                else "No agreements yet. Start one with `peerpact new`."
            )
            return
        # Two passes over the rows (widths, then lines): nothing is held in memory.
        print_columns(
            ("id", "parties", "status", "created", "last changed"),
            lambda: (
                (
                    r.id,
                    ", ".join(r.parties) or r.problem,
                    f"{r.status}, forget after {due(r)}" if due(r) else r.status,
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
    lines = [total % {"id": record.id, "n": len(entries), "status": _status(state.status)}, ""]
    for entry in entries:
        lines.extend(_entry_lines(entry, "  "))
        lines.append("")
    emit("\n".join(lines))


def _status(status: str) -> str:
    return {"active": _("active"), "ended": _("ended")}.get(status, status)


def _entry_lines(entry: "Entry", indent: str, full: bool = True) -> list[str]:
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
    copy: Annotated[
        bool,
        typer.Option(
            "--copy",
            help="A party's copy: a printable HTML page with a certificate, in the "
            "agreement's language.",
        ),
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="With --copy: also print it to PDF (needs Chromium)."),
    ] = False,
    as_of: Annotated[
        int | None,
        typer.Option(
            "--as-of", metavar="N", help="Export the agreement as it stood at revision N."
        ),
    ] = None,
) -> None:
    """Export an agreement to a file, a party's copy, or its signatures.

    The folder a file goes into must exist already (--signatures makes its
    folder, but not the folders above it). `--json` reports what was
    written: {"id", "path", "format"} or {"id", "folder", "files"}.

    Example: `peerpact export k3f9q2xa -f html -o agreement.html`,
    `peerpact export k3f9q2xa --copy -o robin.html --pdf`, or
    `peerpact export k3f9q2xa --signatures sigs/`.
    """
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
            _(
                "--head %(value)r is not a head: give at least %(n)s hex digits "
                "(0-9, a-f) of the head printed on a copy, and nothing else."
            )
            % {"value": value, "n": MIN_HEAD_DIGITS},
            _("Example: %(example)s")
            % {"example": "`peerpact verify k3f9q2xa --head 71d93925a59c4e1f`."},
        )
    return head


@app.command()
def verify(
    record_ids: RecordIds = None,
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
    copy: Annotated[
        Path | None,
        typer.Option(
            "--copy",
            help="Check a party's copy (the HTML file) against the record it was made from.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Check on N processes (default: one per core, for 200 records or more).",
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Check that records were signed and not changed, cut short or replaced since.

    Checks every signature, the chain of revisions, what each revision may
    say, and what this computer's witness log saw written. Each record's line
    names the key that signed it. Exit 0 when all hold; exit 1 naming the
    record, the revision and what failed otherwise.

    A record forgotten with `peerpact forget` is reported as forgotten on its
    date, once its signed tombstone (or the witness log) says so.

    With --copy FILE, check a party's copy instead: exit 0 when it is genuine
    (saying what changed since, if the agreement was amended after it was
    made), exit 1 when it was edited or is not in the record.

    Example: `peerpact verify --all`, `peerpact verify --copy robin.html`, or
    elsewhere `peerpact verify --file k3f9q2xa.toml --key facilitator.pub`.
    """
    if copy is not None:
        if record_ids or all_ or files or head or key:
            raise UserInputError(_("--copy checks one copy on its own; give only --copy FILE."))
        _verify_copy(copy, json)
        return
    from peerpact.record.forget import SUFFIX, tombstones
    from peerpact.record.format import head_matches
    from peerpact.record.keyring import keyring
    from peerpact.record.store import (
        add_witness_view,
        read_witness,
        records_dir,
        stored_ids,
        verify_files,
    )
    from peerpact.record.witness import FORGOTTEN

    wanted_head = _head(head)
    # Strings, not Paths: with 100,000 records that alone is tens of MiB.
    targets: list[tuple[Path | str, bool]] = [(path, False) for path in files or []]
    stones: list[Path] = []
    if all_:
        folder = str(records_dir())
        targets.extend((f"{folder}/{record_id}.toml", True) for record_id in stored_ids())
        stones.extend(tombstones())
    for spec in record_ids or []:
        found = _record_or_tombstone(spec)
        if found.name.endswith(SUFFIX):
            stones.append(found)
        else:
            targets.append((found, True))
    if not targets and not stones and not all_:
        raise UserInputError(_("Name records to check, or use --all."))
    if wanted_head is not None and len(targets) + len(stones) != 1:
        raise UserInputError(_("--head checks one record: name exactly one."))
    keys = keyring(key)
    seen = read_witness()
    if seen.damage:
        err().print(f"[red]FAILED[/] {safe(seen.damage)}")
    # Only JSON needs every verdict at the end; lines are printed as they come,
    # so memory stays flat however many records there are.
    results: list[dict[str, object]] = []
    checked = failed = forgotten = 0
    for verdict in verify_files(targets, keys, jobs):
        add_witness_view(verdict, seen)
        if wanted_head is not None and not head_matches(verdict, wanted_head):
            verdict.fail(
                None,
                _("head %(head)s is no longer in the record (rolled back)") % {"head": wanted_head},
            )
        checked += 1
        failed += not verdict.ok
        if json:
            results.append(_verdict_json(verdict, keys))
        else:
            _say_verdict(verdict, keys)
    for stone in _check_stones(stones, keys, json):
        ok = bool(stone["ok"])
        forgotten += ok
        failed += not ok
        if json:
            results.append(stone)
    if all_:
        present = set(stored_ids()) | {stone.name.removesuffix(SUFFIX) for stone in stones}
        for record_id, entry in sorted(seen.heads.items()):
            if record_id in present:
                continue
            if entry.event == FORGOTTEN:
                forgotten += 1
                if json:
                    results.append(_forgotten_json(record_id, entry.time[:10], []))
                else:
                    print_line(
                        _("FORGOTTEN %(id)s: forgotten on purpose on %(date)s")
                        % {"id": record_id, "date": entry.time[:10]}
                    )
                continue
            what = _(
                "missing: this computer wrote revision %(n)s (head %(head)s), but the file is gone"
            ) % {"n": entry.number, "head": entry.head[:16]}
            checked += 1
            failed += 1
            if json:
                gone = {"revision": None, "what": what}
                results.append({"id": record_id, "ok": False, "problems": [gone]})
            else:
                err().print(f"[red]FAILED[/] {record_id}: record: {what}")
    if json:
        print_json(
            {
                "ok": not failed and not seen.damage,
                "records": results,
                "witness": {"entries": seen.entries, "head": seen.chain, "damage": seen.damage},
            }
        )
    if failed or seen.damage:
        raise InvalidError(
            _("%(bad)s of %(n)s record(s) failed verification.")
            % {"bad": failed or 1, "n": max(checked + forgotten, 1)}
        )
    if not json:
        if not checked and not forgotten:
            out().print(_("No records to verify yet."))
        elif forgotten:
            also = _("OK: %(n)s record(s) verified, %(forgotten)s forgotten on purpose.")
            out().print(also % {"n": checked, "forgotten": forgotten})
        else:
            out().print(_("OK: %(n)s record(s) verified.") % {"n": checked})


def _check_stones(stones: "list[Path]", keys: "Keyring", json: bool) -> "list[dict[str, object]]":
    """Each tombstone's check, printed (or returned for JSON) as it goes."""
    from peerpact.record.forget import SUFFIX, check_tombstone

    found = []
    for stone in stones:
        record_id = stone.name.removesuffix(SUFFIX)
        date, problems = check_tombstone(stone, keys)
        found.append(_forgotten_json(record_id, date, problems))
        if json:
            continue
        for problem in problems:
            err().print(f"[red]FAILED[/] {safe(str(problem))}")
        if not problems:
            print_line(
                _("FORGOTTEN %(id)s: forgotten on purpose on %(date)s")
                % {"id": record_id, "date": date}
            )
    return found


def _forgotten_json(record_id: str, date: str, problems: "list[Problem]") -> dict[str, object]:
    return {
        "id": record_id,
        "ok": not problems,
        "forgotten": date,
        "problems": [{"revision": p.revision, "what": p.what} for p in problems],
    }


def _say_verdict(verdict: "Verdict", keys: "Keyring") -> None:
    if not verdict.ok:
        for problem in verdict.problems:
            err().print(f"[red]FAILED[/] {safe(str(problem))}")
        return
    signers = ", ".join(keys.describe(fingerprint) for fingerprint in verdict.signers)
    line = _("OK %(id)s: %(n)s revision(s), head %(head)s, signed by %(signers)s")
    print_line(
        line
        % {
            "id": verdict.record,
            "n": len(verdict.hashes),
            "head": verdict.head[:16],
            "signers": signers,
        }
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


def _verify_copy(path: Path, json: bool) -> None:
    """A party's copy against this computer's record: genuine, out of date, or edited."""
    from dataclasses import asdict

    from peerpact.record.copy import check_copy
    from peerpact.record.revisions import history

    check, record = check_copy(path)
    data = check.data
    later = history(record)[data.revision :] if check.ok else []
    if json:
        print_json(
            {
                "ok": check.ok,
                "record": data.record,
                "revision": data.revision,
                "head": data.head,
                "current": check.ok and not check.newer,
                "problems": check.problems,
                "changed_since": [asdict(entry) for entry in later],
            }
        )
    elif not check.ok:
        for problem in check.problems:
            # Unwrapped, so each line greps whole whatever the terminal's width.
            err().print(f"[red]FAILED[/] {safe(str(path))}: {safe(problem)}", soft_wrap=True)
        if check.difference:
            differs = _("First line that differs: %(line)s") % {"line": safe(check.difference)}
            err().print(differs, soft_wrap=True)
        if check.note:
            err().print(safe(check.note), soft_wrap=True)
    else:
        print_line(
            _("OK %(id)s: this copy is genuine: revision %(n)s, head %(head)s.")
            % {"id": data.record, "n": data.revision, "head": data.head[:16]}
        )
        name, email = data.contact.name, data.contact.email
        contact = f"{name} ({email})" if name and email else name or email
        if contact:
            print_line(
                _("It names %(contact)s for feedback (not part of the signed record).")
                % {"contact": contact}
            )
        if not later:
            print_line(_("It is the agreement as it stands now."))
        else:
            print_line(_("Out of date: changed since: revision %(n)s.") % {"n": later[0].number})
            for entry in later:
                for line in _entry_lines(entry, "  ", full=False):
                    print_line("  " + line)
    if not check.ok:
        raise InvalidError(
            _("The copy %(path)s does not match the record it names.") % {"path": path}
        )
