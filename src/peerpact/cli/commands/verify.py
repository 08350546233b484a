"""`peerpact verify`: records, tombstones and the witness log, or a party's copy."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.ui.console import err, out, print_json, print_line, safe
from peerpact.cli.ui.params import Json, RecordIds

if TYPE_CHECKING:
    from peerpact.record.format import Problem, Verdict
    from peerpact.record.keyring import Keyring

from peerpact.errors import InvalidError, UserInputError
from peerpact.i18n import _

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


app = commands()


@app.command(
    help=_(
        "Check that records were signed and not changed, cut short or replaced "
        "since.\n\n"
        "Checks every signature, the chain of revisions, what each revision may\n"
        "say, and what this computer's witness log saw written. Each record's "
        "line\n"
        "names the key that signed it. Exit 0 when all hold; exit 1 naming the\n"
        "record, the revision and what failed otherwise.\n\n"
        "A record forgotten with `peerpact forget` is reported as forgotten on "
        "its\n"
        "date, once its signed tombstone (or the witness log) says so.\n\n"
        "With --copy FILE, check a party's copy instead: exit 0 when it is "
        "genuine\n"
        "(saying what changed since, if the agreement was amended after it was\n"
        "made), exit 1 when it was edited or is not in the record.\n\n"
        "Example: `peerpact verify --all`, `peerpact verify --copy robin.html`, "
        "or\n"
        "elsewhere `peerpact verify --file k3f9q2xa.toml --key facilitator.pub`."
    )
)
def verify(
    record_ids: RecordIds = None,
    all_: Annotated[bool, typer.Option("--all", help=_("Check every record."))] = False,
    key: Annotated[
        list[Path] | None,
        typer.Option(
            "--key",
            "-k",
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
        typer.Option("--file", help=_("Check a record file from elsewhere (repeatable).")),
    ] = None,
    copy: Annotated[
        Path | None,
        typer.Option(
            "--copy",
            help=_("Check a party's copy (the HTML file) against the record it was made from."),
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help=_("Check on N processes (default: one per core, for 200 records or more)."),
        ),
    ] = None,
    json: Json = False,
) -> None:
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
        err().print(_("[red]FAILED[/] {damage}").format(damage=safe(seen.damage)))
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
    del targets  # a path a record: not held through the check for missing ones
    for stone in _check_stones(stones, keys, json):
        ok = bool(stone["ok"])
        forgotten += ok
        failed += not ok
        if json:
            results.append(stone)
    if all_:
        present = set(stored_ids()) | {stone.name.removesuffix(SUFFIX) for stone in stones}
        # Ids, then each entry as it is needed: not every record's at once.
        for record_id in sorted(seen.heads):
            if record_id in present:
                continue
            entry = seen.heads[record_id]
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
                err().print(
                    _("[red]FAILED[/] {record_id}: record: {what}").format(
                        record_id=record_id, what=what
                    )
                )
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
            err().print(_("[red]FAILED[/] {problem}").format(problem=safe(str(problem))))
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
            err().print(_("[red]FAILED[/] {problem}").format(problem=safe(str(problem))))
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

    from peerpact.cli.ui.records import entry_lines
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
            err().print(
                _("[red]FAILED[/] {path}: {problem}").format(
                    path=safe(str(path)), problem=safe(problem)
                ),
                soft_wrap=True,
            )
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
                for line in entry_lines(entry, "  ", full=False):
                    print_line("  " + line)
    if not check.ok:
        raise InvalidError(
            _("The copy %(path)s does not match the record it names.") % {"path": path}
        )
