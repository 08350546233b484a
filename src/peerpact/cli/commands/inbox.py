"""`peerpact inbox ...`: leadership's inbox, on a leader's own computer.
`sync` takes the sealed messages delivered to leadership into cases kept
encrypted; `list`, `show`, `due`, `ack`, `review`, `note`, `reply`,
`withdraw` and `close` follow each case up (leadership/inbox.py): what is
meant for the reporter is sealed for their receipt, or e-mailed to the
address they gave; `publish` writes the replies bundle; `forget`
(cli/commands/inbox_forget.py, registered here) removes closed cases past
retention."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import command_group, commands
from peerpact.cli.commands import about, inbox_forget
from peerpact.cli.commands.inbox_params import CaseName, IdentityFile, said_status
from peerpact.cli.commands.inbox_params import identities as _identities
from peerpact.cli.ui.cases import row, said_change, said_due, said_entry, say_synced
from peerpact.cli.ui.console import out, print_json, print_line, print_table, report_error
from peerpact.cli.ui.params import Json, folder
from peerpact.i18n import _, ngettext

if TYPE_CHECKING:
    from peerpact.leadership.inbox import Inbox
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
            parser=folder,
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

    if maildir is not None:
        raise UserInputError(_("Give either --imap or --maildir, not both."))
    return sync_imap(inbox_folder(), _identities(identity), load_config().imap, password_asker())


def _read(identity: Path | None) -> "Inbox":
    from peerpact.leadership.inbox import read

    return read(_identities(identity))


def _damaged(inbox: "Inbox") -> None:
    """Each case that does not verify, and a cases file whose seal does not
    check, said on stderr; then exit 1."""
    from peerpact.errors import InvalidError
    from peerpact.leadership.inbox import damaged_error, unsealed_error

    if not inbox.intact:
        for item in inbox.damaged:
            report_error(damaged_error(item).message)
        raise unsealed_error()
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
        print_table(headers, [row(case) for case in cases] + forgotten)
    _damaged(inbox)


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
        name=case.name, day=case.day.isoformat(), status=said_status(case)
    ))  # fmt: skip
    print_line("")
    for line in text.rstrip("\n").splitlines():
        print_line(line)
    print_line("")
    for entry in case.history:
        print_line(f"{entry.number:>3}  {entry.day}  {said_entry(entry.kind, entry.payload)}")


@inbox_app.command(
    "ack",
    help=_(
        "Acknowledge receipt of a case (within 7 days of receipt: `peerpact inbox due`).\n\n"
        "Example: `peerpact inbox ack 6dmwyz2n8z`."
    ),
)
def inbox_ack(name: CaseName, identity: IdentityFile = None, json: Json = False) -> None:
    from peerpact.leadership.inbox import acknowledge

    said_change(acknowledge(_identities(identity), name), json)


@inbox_app.command(
    "review",
    help=_("Mark a case in review.\n\nExample: `peerpact inbox review 6dmwyz2n8z`."),
)
def inbox_review(name: CaseName, identity: IdentityFile = None, json: Json = False) -> None:
    from peerpact.leadership.inbox import review

    said_change(review(_identities(identity), name), json)


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
    from peerpact.leadership.inbox import note

    said_change(note(_identities(identity), name, _answer_text(text), for_reporter), json)


@inbox_app.command(
    "reply",
    help=_(
        "Answer the reporter: sealed for their receipt (in the next `inbox publish`)\n"
        "when their message carried one, and an e-mail in the outbox when they gave an\n"
        "address; both when both. The text is --message, `-` (stdin), or $EDITOR.\n\n"
        'Example: `peerpact inbox reply 6dmwyz2n8z --message "We spoke with the team."`.'
    ),
)
def inbox_reply(
    name: CaseName,
    message: Annotated[
        str | None,
        typer.Option("--message", "-m", metavar="TEXT", help=_("The answer (`-`: stdin).")),
    ] = None,
    identity: IdentityFile = None,
    json: Json = False,
) -> None:
    from peerpact.leadership.inbox import reply

    said_change(reply(_identities(identity), name, _answer_text(message)), json)


def _answer_text(message: str | None) -> str:
    """The answer given, read from stdin for `-`, or written in $EDITOR."""
    import sys

    from peerpact.feedback.message import decode_text
    from peerpact.leadership.cases import MAX_NOTE_CHARS

    if message == "-":
        return decode_text(sys.stdin.buffer.read(MAX_NOTE_CHARS * 4 + 1), _("standard input"))
    if message is not None:
        return message
    from peerpact.cli.ui.editor import edit_text

    return edit_text("", "answer.txt")


@inbox_app.command(
    "withdraw",
    help=_(
        "Take an answer out of every later bundle (one already published stays where\n"
        "it went). ENTRY is its number in `peerpact inbox show CASE`.\n\n"
        "Example: `peerpact inbox withdraw 6dmwyz2n8z 4`."
    ),
)
def inbox_withdraw(
    name: CaseName,
    entry: Annotated[
        int, typer.Argument(metavar="ENTRY", help=_("The answer's entry number."), min=1)
    ],
    identity: IdentityFile = None,
    json: Json = False,
) -> None:
    from peerpact.leadership.inbox import withdraw

    said_change(withdraw(_identities(identity), name, entry), json)


@inbox_app.command(
    "publish",
    help=_(
        "Write the replies bundle: every answer not withdrawn, each sealed for its\n"
        "reporter's receipt and padded to one size, signed by leadership's key. Put it\n"
        "anywhere facilitators can fetch it; `peerpact grievance check` reads it.\n\n"
        "Example: `peerpact inbox publish -o replies.json`."
    ),
)
def inbox_publish(
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="FILE", help=_("Where to write it (`-`: stdout).")),
    ],
    identity: IdentityFile = None,
) -> None:
    import sys

    from peerpact.files import atomic_write
    from peerpact.leadership.publishing import publish

    published = publish(_identities(identity))
    if output == "-":
        sys.stdout.buffer.write(published.data)
        sys.stdout.flush()
    else:
        atomic_write(Path(output), published.data, private_dir=False)
        count = published.answers
        print_line(
            ngettext(
                "Wrote {path}: {count} answer.", "Wrote {path}: {count} answers.", count
            ).format(path=output, count=count)
        )
    _damaged(published.inbox)


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
    said_change(close(_identities(identity), name, outcome), json)


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
            print_line(said_due(item, day))
    _damaged(inbox)


# `inbox forget` lives in its own module (cli/commands/inbox_forget.py).
inbox_app.command("forget", help=inbox_forget.HELP)(inbox_forget.inbox_forget)
