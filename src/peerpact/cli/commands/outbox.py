"""`peerpact outbox`: what waits for leadership, and getting it to them.

The person who filed a message, or whoever looks after this computer, can
check what is waiting, take a message back, carry the outbox over on a USB
stick, or send it. Sealed messages stay sealed here: only the outbox id, date
and status are shown. The outbox id is this computer's name for a message;
the person's receipt is never here.
"""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.app import command_group, commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import out, print_json, print_table, safe
from peerpact.cli.ui.params import Json, OutboxId, folder
from peerpact.i18n import _

app = commands()


outbox_app = command_group(app, "outbox", about("outbox"))


@outbox_app.command(
    "list",
    help=_(
        "List messages in the outbox: id, date, category, waiting or sent.\n\n"
        "Example: `peerpact outbox list --json`."
    ),
)
def outbox_list(json: Json = False) -> None:
    from peerpact.feedback import outbox

    rows = outbox.entries()
    if json:
        print_json([row.as_json() for row in rows])
        return
    if not rows:
        out().print(_("The outbox is empty."))
        return
    print_table(
        (_("id"), _("date"), _("category"), _("status")),
        (
            (
                row.id,
                row.date,
                _("(sealed)") if row.sealed else row.category or "-",
                _status(row.status),
            )
            for row in rows
        ),
    )


@outbox_app.command(
    "show",
    help=_(
        "Show one message as it will be sent (sealed ones: only id and "
        "date).\n\n"
        "Example: `peerpact outbox show 3fa9c2d1`."
    ),
)
def outbox_show(outbox_id: OutboxId, json: Json = False) -> None:
    from peerpact.feedback import outbox

    entry, text = outbox.show(outbox_id)
    if json:
        print_json({**entry.as_json(), "text": text})  # null when sealed
        return
    if text is None:
        out().print(
            _("Outbox id: %(id)s\nDate: %(date)s\nStatus: %(status)s")
            % {"id": entry.id, "date": entry.date, "status": entry.status}
        )
        out().print(_("Sealed to leadership: only they can read it."))
        return
    out().print(safe(text))


@outbox_app.command(
    "remove",
    help=_(
        "Delete one message from the outbox, for good.\n\n"
        "Example: `peerpact outbox remove 3fa9c2d1`."
    ),
)
def outbox_remove(
    outbox_id: OutboxId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask to confirm."))] = False,
) -> None:
    from peerpact.errors import DeclinedError
    from peerpact.feedback import outbox

    entry = outbox.find(outbox_id)
    if not yes:
        from peerpact.cli.ui.prompts import confirm

        question = _("Delete message %(id)s for good?") % {"id": entry.id}
        if not confirm(question):
            raise DeclinedError(_("Not deleted."))
    outbox.remove(entry.id)
    out().print(_("Deleted %(id)s.") % {"id": entry.id})


@outbox_app.command(
    "export",
    help=_(
        "Copy every message to a folder as .eml files (for a USB stick or an "
        "upload).\n\n"
        "Example: `peerpact outbox export /media/usb/for-leadership`."
    ),
)
def outbox_export(
    folder: Annotated[
        Path,
        typer.Argument(metavar="DIR", parser=folder, help=_("Folder to write .eml files to.")),
    ],
) -> None:
    from peerpact.feedback import outbox

    written = outbox.export(folder)
    out().print(
        _("Wrote %(n)s message(s) to %(folder)s.")
        % {"n": len(written), "folder": safe(str(folder))}
    )


@outbox_app.command(
    "send",
    help=_(
        "Send every waiting message to leadership by SMTP; each is sent once.\n\n"
        "Defaults come from the config file (smtp.*). The password comes from\n"
        "smtp.password_command, the system keyring, or is typed on a terminal\n"
        "(PEERPACT_SMTP_PASSWORD first, for scripts); it is never stored.\n"
        "A message whose connection was lost before the server confirmed it is\n"
        '"maybe-sent": it is not sent again unless you pass --resend ID.\n\n'
        '`--json` prints {"sent": [ID...], "maybe_sent": [ID...],\n'
        '"failed": [{"id", "reason"}...]}; the exit status is 7 when any\n'
        "failed or may have been delivered.\n\n"
        "Example: `peerpact config set smtp.password_command 'pass show mail'`, then\n"
        "`peerpact outbox send --smtp-user me@example.org`."
    ),
)
def outbox_send(
    smtp_host: Annotated[str | None, typer.Option("--smtp-host", help=_("SMTP server."))] = None,
    smtp_port: Annotated[
        int | None, typer.Option("--smtp-port", help=_("SMTP port (465: implicit TLS)."))
    ] = None,
    starttls: Annotated[
        bool | None, typer.Option("--starttls/--no-starttls", help=_("Require STARTTLS."))
    ] = None,
    implicit_tls: Annotated[
        bool | None,
        typer.Option("--implicit-tls/--no-implicit-tls", help=_("TLS from the start (port 465).")),
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option("--smtp-user", help=_("Log in as this user (the password is asked for).")),
    ] = None,
    insecure_plaintext: Annotated[
        bool,
        typer.Option(
            "--insecure-plaintext",
            help=_("Allow the password over an unencrypted connection (a trusted network only)."),
        ),
    ] = False,
    resend: Annotated[
        list[str] | None,
        typer.Option("--resend", metavar="ID", help=_("Send a maybe-sent message again.")),
    ] = None,
    json: Json = False,
) -> None:
    from peerpact.cli.ui.console import err
    from peerpact.cli.ui.passphrase import password_asker
    from peerpact.config import load_config
    from peerpact.feedback.delivery import sending

    overrides = {
        "host": smtp_host,
        "port": smtp_port,
        "starttls": starttls,
        "implicit_tls": implicit_tls,
        "user": smtp_user,
    }
    from peerpact.record.organisation.joined import settled

    plan = sending(
        settled(load_config()), overrides, password_asker(), insecure_plaintext, tuple(resend or ())
    )
    if plan.in_the_clear:
        err().print(
            _(
                "Warning: the SMTP password and every message cross the network unencrypted; "
                "anyone on the way can read them (--insecure-plaintext)."
            )
        )
    report = plan.run()
    if json:
        print_json(report.as_json())
    for outbox_id in [] if json else report.sent:
        out().print(_("Sent %(id)s.") % {"id": outbox_id})
    report.check_confirmed()
    if not report.sent and not json:
        out().print(_("Nothing waiting to send."))


def _status(status: str) -> str:
    """A message's state, said in the interface's language."""
    said = {"waiting": _("waiting"), "sent": _("sent"), "maybe-sent": _("maybe-sent")}
    return said.get(status, status)
