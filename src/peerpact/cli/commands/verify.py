"""`peerpact verify`: records, tombstones and the witness log, or a party's copy."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import err, out, print_json, print_line, safe
from peerpact.cli.ui.params import FILE, Json, RecordIds, file_or_stream

if TYPE_CHECKING:
    from peerpact.record.audit import Outcome
    from peerpact.record.keyring import Keyring

from peerpact.errors import InvalidError, UserInputError
from peerpact.i18n import _
from peerpact.record.audit import MIN_HEAD_DIGITS

app = commands()


@app.command(help=about("verify"))
def verify(
    record_ids: RecordIds = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all", help=_("Check every record (as `peerpact verify` does when nothing is named).")
        ),
    ] = False,
    key: Annotated[
        list[Path] | None,
        typer.Option(
            "--key",
            "-k",
            metavar=FILE,
            parser=file_or_stream,
            help=_("Trust this minisign public key and no other (repeatable)."),
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Option(
            "--head",
            help=_("A head you kept ({MIN_HEAD_DIGITS}+ hex digits): fail if it is gone.").format(
                MIN_HEAD_DIGITS=MIN_HEAD_DIGITS
            ),
        ),
    ] = None,
    files: Annotated[
        list[Path] | None,
        typer.Option(
            "--file",
            metavar=FILE,
            parser=file_or_stream,
            help=_("Check a record file from elsewhere (repeatable)."),
        ),
    ] = None,
    copy: Annotated[
        Path | None,
        typer.Option(
            "--copy",
            metavar=FILE,
            parser=file_or_stream,
            help=_("Check a party's copy (the HTML file) against the record it was made from."),
        ),
    ] = None,
    repair_witness: Annotated[
        bool,
        typer.Option(
            "--repair-witness",
            help=_(
                "Repair a damaged witness log: keep every line this computer's keys "
                "signed, say what could not be kept, keep the damaged log beside it."
            ),
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help=_("Check on N processes (default: one per core, for 200 records or more)."),
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help=_("Print only what failed (nothing when all hold).")),
    ] = False,
    json: Json = False,
) -> None:
    if repair_witness:
        if record_ids or all_ or files or head or key or copy:
            raise UserInputError(_("--repair-witness repairs the log on its own; give it alone."))
        _repair_witness(json)
        return
    if copy is not None:
        if record_ids or all_ or files or head or key:
            raise UserInputError(_("--copy checks one copy on its own; give only --copy FILE."))
        _verify_copy(copy, json, quiet)
        return
    from peerpact.record.audit import audit_json, outcome_json, start

    audit = start(record_ids or [], all_, files or [], head, key, _jobs(files, jobs))
    if audit.witness.damage:
        _verdict(_("[red]FAILED[/] {damage}").format(damage=safe(audit.witness.damage)))
        err().print(_("Repair it with `peerpact verify --repair-witness`."))
    # Only JSON needs every outcome at the end; lines are printed as they come,
    # so memory stays flat however many records there are.
    results: list[dict[str, object]] = []
    from peerpact.cli.ui.progress import shown

    with shown(json) as progress:
        for outcome in audit.run():
            if json:
                results.append(outcome_json(outcome, audit.keys))
            else:
                progress.clear()
                _say(outcome, audit.keys, quiet)
    if json:
        print_json(audit_json(audit, results))
    audit.check_passed()
    if json or quiet:
        return
    if not audit.checked and not audit.forgotten:
        out().print(_("No records to verify yet."))
    elif audit.forgotten:
        also = _("OK: %(n)s record(s) verified, %(forgotten)s forgotten on purpose.")
        out().print(also % {"n": audit.checked, "forgotten": audit.forgotten})
    else:
        out().print(_("OK: %(n)s record(s) verified.") % {"n": audit.checked})


def _jobs(files: list[Path] | None, jobs: int | None) -> int | None:
    """One process when a record comes on standard input: no worker could read it."""
    from peerpact.files import STREAM

    return 1 if any(path is STREAM for path in files or ()) else jobs


def _verdict(line: str) -> None:
    """A FAILED line: on stdout with the OK lines, since it is the answer asked
    for (`verify --all 2>/dev/null | grep -c FAILED` counts them), and unwrapped
    so each greps whole whatever the terminal's width. Why it failed overall,
    and any explanation, stays on stderr."""
    out().print(line, soft_wrap=True)


def _say(outcome: "Outcome", keys: "Keyring", quiet: bool) -> None:
    """One outcome as a line on stdout: OK, FORGOTTEN or FAILED (only FAILED
    when ``quiet``)."""
    from peerpact.record.audit import Forgotten, Missing

    if isinstance(outcome, Missing):
        _verdict(
            _("[red]FAILED[/] {record_id}: record: {what}").format(
                record_id=outcome.record, what=outcome.what
            )
        )
        return
    problems = outcome.problems if isinstance(outcome, Forgotten) else outcome.verdict.problems
    for problem in problems:
        _verdict(_("[red]FAILED[/] {problem}").format(problem=safe(str(problem))))
    if problems or quiet:
        return
    if isinstance(outcome, Forgotten):
        said = {"id": outcome.record, "date": outcome.date, "signer": keys.describe(outcome.signer)}
        line = _("FORGOTTEN %(id)s: forgotten on purpose on %(date)s, signed by %(signer)s")
        if not outcome.signer:
            line = _("FORGOTTEN %(id)s: forgotten on purpose on %(date)s (the witness log says so)")
        print_line(line % said)
        return
    verdict = outcome.verdict
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


def _verify_copy(path: Path, json: bool, quiet: bool) -> None:
    """A party's copy against this computer's record: genuine, out of date, or edited."""
    from dataclasses import asdict

    from peerpact.cli.ui.records import entry_lines
    from peerpact.record.audit import check_party_copy

    check, _record, later = check_party_copy(path)
    data = check.data
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
            _verdict(
                _("[red]FAILED[/] {path}: {problem}").format(
                    path=safe(str(path)), problem=safe(problem)
                )
            )
        if check.difference:
            differs = _("First line that differs: %(line)s") % {"line": safe(check.difference)}
            err().print(differs, soft_wrap=True)
        if check.note:
            err().print(safe(check.note), soft_wrap=True)
    elif not quiet:
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
                for line in entry_lines(entry, "  ", full=False):
                    print_line("  " + line)
    if not check.ok:
        raise InvalidError(
            _("The copy %(path)s does not match the record it names.") % {"path": path}
        )


def _repair_witness(json: bool) -> None:
    """`verify --repair-witness`: what was kept, what was lost, where the damaged log is."""
    from peerpact.paths import get_paths
    from peerpact.record.keys import require_key
    from peerpact.record.witness_repair import repair

    path = get_paths().witness_file
    done = repair(require_key(get_paths().key_file))
    if json:
        print_json(
            {
                "repaired": bool(done.damage),
                "lines": done.lines,
                "kept": done.kept,
                "lost": [
                    {
                        "line": lost.line,
                        "why": lost.why,
                        "id": lost.record or None,
                        "revision": lost.number or None,
                    }
                    for lost in done.lost
                ],
                "unverified": [{"id": record, "revision": n} for record, n in done.unverified],
                "original": str(done.original) if done.original else None,
            }
        )
        return
    if not done.damage:
        print_line(_("The witness log {path} is not damaged: nothing to repair.").format(path=path))
        return
    err().print(safe(done.damage), soft_wrap=True)
    for lost in done.lost:
        if lost.record:
            line = _("Could not keep line {line} ({id}, revision {n}): {why}.")
        else:
            line = _("Could not keep line {line}: {why}.")
        said = line.format(line=lost.line, id=lost.record, n=lost.number, why=lost.why)
        err().print(safe(said), soft_wrap=True)
    for record, number in done.unverified:
        print_line(
            _(
                "Kept unverified: {id} revision {n} (a line it could not keep says so); "
                "verify holds the record to it."
            ).format(id=record, n=number)
        )
    print_line(
        _(
            "Repaired {path}: kept {kept} of {lines} line(s); the damaged log is kept as "
            "{original}. Now run `peerpact verify --all`."
        ).format(path=path, kept=done.kept, lines=done.lines, original=done.original)
    )
