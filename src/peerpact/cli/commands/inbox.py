"""`peerpact inbox ...`: leadership's inbox, on a leader's own computer.
`sync` takes the sealed messages delivered to leadership into cases kept
encrypted; `list`, `show`, `due`, `ack`, `review`, `note` and `close` follow
each case up (leadership/inbox.py); `reply` writes to a reporter who gave
contact details, and `forget` (cli/commands/inbox_forget.py, registered here)
removes closed cases past retention."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import command_group, commands
from peerpact.cli.commands import about, inbox_forget
from peerpact.cli.commands.inbox_params import CaseName, IdentityFile, word
from peerpact.cli.commands.inbox_params import identities as _identities
from peerpact.cli.commands.inbox_params import said_status as _said_status
from peerpact.cli.ui.console import out, print_json, print_line, print_table, report_error
from peerpact.cli.ui.params import Json
from peerpact.i18n import _, ngettext

if TYPE_CHECKING:
    from datetime import date

    from peerpact.leadership.cases import Case, Due
    from peerpact.leadership.inbox import Changed, Inbox
    from peerpact.leadership.sync import SyncReport

app = commands()
inbox_app = command_group(app, "inbox", about("inbox"))


def _maildir(given: Path | None) -> Path:
    from peerpact.config import load_config
    from peerpact.errors import UserInputError

    if given is not None:
        return given
    configured = load_config().inbox_maildir
    if not configured:
        raise UserInputError(
            _("No Maildir to take messages from."),
            _(
                "Give it with --maildir DIR, or set it once: "
                "`peerpact config set inbox.maildir DIR`."
            ),
        )
    return Path(configured).expanduser()


@inbox_app.command(
    "sync",
    help=_(
        "Take the sealed messages delivered to leadership into the inbox, each a new case\n"
        "kept encrypted. Messages seen before are skipped; one that cannot be taken (not\n"
        "sealed to this leader, damaged, too large, a duplicate) gets a line of its own.\n\n"
        "--imap reads the server imap.* names, over TLS only, without changing anything\n"
        "there; the password comes from imap.password_command, the system keyring, or\n"
        "is typed on a terminal.\n\n"
        "Example: `peerpact inbox sync --maildir ~/Mail/leadership`."
    ),
)
def inbox_sync(
    maildir: Annotated[
        Path | None,
        typer.Option(
            "--maildir",
            metavar="DIR",
            help=_("The Maildir your mail client keeps (default: inbox.maildir)."),
        ),
    ] = None,
    imap: Annotated[
        bool,
        typer.Option("--imap", help=_("Read the IMAP server imap.* names, instead of a Maildir.")),
    ] = False,
    identity: IdentityFile = None,
    json: Json = False,
) -> None:
    from peerpact.leadership.inbox import inbox_folder

    if imap:
        report = _sync_imap(maildir, identity)
    else:
        from peerpact.leadership.sync import sync_maildir

        folder = _maildir(maildir)
        report = sync_maildir(inbox_folder(), _identities(identity), folder)
    say_synced(report, json)


def _sync_imap(maildir: Path | None, identity: Path | None) -> "SyncReport":
    from peerpact.cli.ui.passphrase import password_asker
    from peerpact.config import load_config
    from peerpact.errors import UserInputError
    from peerpact.leadership.imap import sync_imap
    from peerpact.leadership.inbox import inbox_folder
    from peerpact.passwords import Account, password

    if maildir is not None:
        raise UserInputError(_("Give either --imap or --maildir, not both."))
    settings = load_config().imap
    account = Account("imap", settings.host, settings.user, settings.password_command)
    ask = password_asker()
    return sync_imap(
        inbox_folder(), _identities(identity), settings, lambda: password(account, ask)
    )


def say_synced(report: "SyncReport", json: bool) -> None:
    """The sync report (text or JSON); exits 1 when a message was refused."""
    from peerpact.errors import InvalidError

    if json:
        print_json(report.as_json())
    else:
        for name in report.taken:
            print_line(_("New case {name}.").format(name=name))
        for name in report.follow_ups:
            print_line(_("Follow-up filed under case {name}.").format(name=name))
        for item in report.duplicates:
            print_line(_("Skipped {source}: {reason}.").format(**item.as_json()))
        for item in report.refused:
            print_line(_("Refused {source}: {reason}.").format(**item.as_json()))
        print_line(
            _(
                "{taken} new, {seen} taken before, {duplicates} duplicate, {refused} refused, "
                "{ignored} not peerpact's."
            ).format(
                taken=len(report.taken),
                seen=report.seen,
                duplicates=len(report.duplicates),
                refused=len(report.refused),
                ignored=report.ignored,
            )
        )
    if report.failed:
        count = len(report.refused)
        raise InvalidError(
            ngettext(
                "{count} message could not be taken; it is left where it was.",
                "{count} messages could not be taken; they are left where they were.",
                count,
            ).format(count=count)
        )


def _read(identity: Path | None) -> "Inbox":
    from peerpact.leadership.inbox import read

    return read(_identities(identity))


def _damaged(inbox: "Inbox") -> None:
    """Each case that does not verify, said on stderr; then exit 1."""
    from peerpact.errors import InvalidError
    from peerpact.leadership.inbox import damaged_error

    if not inbox.damaged:
        return
    for item in inbox.damaged[:-1]:
        error = damaged_error(item)
        report_error(error.message)
    raise (
        damaged_error(inbox.damaged[-1])
        if len(inbox.damaged) == 1
        else InvalidError(
            damaged_error(inbox.damaged[-1]).message,
            _("The other cases are as they were. Restore the inbox folder from a backup."),
        )
    )


@inbox_app.command(
    "list",
    help=_(
        "List the cases, the newest first.\n\n"
        "Example: `peerpact inbox list --status new`, or `peerpact inbox list --json`."
    ),
)
def inbox_list(
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=_("new, acknowledged, in review, closed or forgotten."),
        ),
    ] = None,
    identity: IdentityFile = None,
    json: Json = False,
) -> None:
    from peerpact.leadership.inbox import forgotten_json, statuses

    inbox = _read(identity)
    cases = statuses(inbox.cases, status)
    # A forgotten case is listed as forgotten (its signed tombstone says so), not missing.
    gone = inbox.forgotten if status in (None, "forgotten") else []
    if json:
        print_json([case.as_json() for case in cases] + [forgotten_json(item) for item in gone])
    elif not cases and not gone:
        out().print(_("No cases."))
    else:
        headers = [_("CASE"), _("DAY"), _("STATUS"), _("CATEGORY"), _("CONTACT")]
        forgotten = [[item.name, item.forgotten_on, _("forgotten"), "-", "-"] for item in gone]
        print_table(headers, [_row(case) for case in cases] + forgotten)
    _damaged(inbox)


def _row(case: "Case") -> list[str]:
    return [
        case.name,
        case.day.isoformat(),
        _said_status(case),
        case.category or "-",
        _("yes") if case.contact else _("no"),
    ]


@inbox_app.command(
    "show",
    help=_(
        "Show a case: its message, opened with leadership's identity (never kept\n"
        "opened), and its history. The first time marks the case opened.\n\n"
        "Example: `peerpact inbox show 6dmwyz2n8z`."
    ),
)
def inbox_show(name: CaseName, identity: IdentityFile = None, json: Json = False) -> None:
    from peerpact.leadership.inbox import opened

    case, text = opened(_identities(identity), name)
    if json:
        history = [{"entry": e.number, "kind": e.kind, "day": e.day} for e in case.history]
        print_json({**case.as_json(), "message": text, "history": history})
        return
    print_line(_("Case {name}, received {day}: {status}.").format(
        name=case.name, day=case.day.isoformat(), status=_said_status(case)
    ))  # fmt: skip
    print_line("")
    for line in text.rstrip("\n").splitlines():
        print_line(line)
    print_line("")
    for entry in case.history:
        print_line(f"{entry.number:>3}  {entry.day}  {_said_entry(entry.kind, entry.payload)}")


def _said_entry(kind: str, payload: dict[str, object]) -> str:
    if kind == "received":
        return _("received")
    if kind == "opened":
        return _("opened")
    if kind == "status":
        return _("marked {status}").format(status=word(str(payload.get("status", ""))))
    if kind == "note":
        label = _("note for the reporter") if payload.get("for_reporter") else _("internal note")
        return f"{label}: {payload.get('text', '')}"
    if kind == "closed":
        return _("closed: {outcome}").format(outcome=word(str(payload.get("outcome", ""))))
    if kind == "reply":
        return _("replied by e-mail to the contact given")
    return _("{kind} (from a later peerpact)").format(kind=kind)


def _said_change(changed: "Changed", json: bool) -> None:
    case = changed.case
    if json:
        print_json({**case.as_json(), "entry": changed.entry.number})
        return
    out().print(
        _("Case {name} is {status} (entry {number}).").format(
            name=case.name, status=_said_status(case), number=changed.entry.number
        )
    )


@inbox_app.command(
    "ack",
    help=_(
        "Acknowledge receipt of a case (within 7 days of receipt: `peerpact inbox due`).\n\n"
        "Example: `peerpact inbox ack 6dmwyz2n8z`."
    ),
)
def inbox_ack(name: CaseName, identity: IdentityFile = None, json: Json = False) -> None:
    from peerpact.leadership.inbox import acknowledge

    _said_change(acknowledge(_identities(identity), name), json)


@inbox_app.command(
    "review",
    help=_("Mark a case in review.\n\nExample: `peerpact inbox review 6dmwyz2n8z`."),
)
def inbox_review(name: CaseName, identity: IdentityFile = None, json: Json = False) -> None:
    from peerpact.leadership.inbox import review

    _said_change(review(_identities(identity), name), json)


@inbox_app.command(
    "note",
    help=_(
        "Add a note to a case: internal, or --for-reporter (an answer meant for them).\n"
        "TEXT `-` reads it from standard input.\n\n"
        'Example: `peerpact inbox note 6dmwyz2n8z "Spoke with the facilitator."`.'
    ),
)
def inbox_note(
    name: CaseName,
    text: Annotated[str, typer.Argument(metavar="TEXT", help=_("The note (`-`: stdin)."))],
    for_reporter: Annotated[
        bool, typer.Option("--for-reporter", help=_("The note is meant for the reporter."))
    ] = False,
    identity: IdentityFile = None,
    json: Json = False,
) -> None:
    import sys

    from peerpact.feedback.message import decode_text
    from peerpact.leadership.cases import MAX_NOTE_CHARS
    from peerpact.leadership.inbox import note

    if text == "-":
        text = decode_text(sys.stdin.buffer.read(MAX_NOTE_CHARS * 4 + 1), _("standard input"))
    _said_change(note(_identities(identity), name, text, for_reporter), json)


@inbox_app.command(
    "close",
    help=_(
        "Close a case with its outcome: resolved, no action, withdrawn or referred.\n\n"
        "Example: `peerpact inbox close 6dmwyz2n8z --outcome resolved`."
    ),
)
def inbox_close(
    name: CaseName,
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome", metavar="OUTCOME", help=_("resolved, no action, withdrawn or referred.")
        ),
    ],
    identity: IdentityFile = None,
    json: Json = False,
) -> None:
    from peerpact.leadership.cases import check_outcome
    from peerpact.leadership.inbox import close

    check_outcome(outcome)
    _said_change(close(_identities(identity), name, outcome), json)


@inbox_app.command(
    "due",
    help=_(
        "What must be acknowledged (7 days from receipt) or answered (3 months from\n"
        "acknowledgement), and by when, the overdue first.\n\n"
        "Example: `peerpact inbox due`, or `peerpact inbox due --json`."
    ),
)
def inbox_due(identity: IdentityFile = None, json: Json = False) -> None:
    from peerpact.clock import today
    from peerpact.leadership.inbox import due

    inbox = _read(identity)
    found, day = due(inbox), today()
    if json:
        print_json([item.as_json(day) for item in found])
    elif not found:
        out().print(_("Nothing is due."))
    else:
        for item in found:
            print_line(_said_due(item, day))
    _damaged(inbox)


def _said_due(item: "Due", today: "date") -> str:
    what = _("acknowledge") if item.what == "acknowledge" else _("answer")
    left = (item.by - today).days
    if left < 0:
        when = ngettext("overdue by {days} day", "overdue by {days} days", -left)
    elif left == 0:
        when = _("due today")
    else:
        when = ngettext("{days} day left", "{days} days left", left)
    when = when.format(days=abs(left))
    return _("{name}  {what} by {by}  ({when})").format(
        name=item.case.name, what=what, by=item.by.isoformat(), when=when
    )


# `inbox forget` lives in its own module (cli/commands/inbox_forget.py).
inbox_app.command("forget", help=inbox_forget.HELP)(inbox_forget.inbox_forget)
