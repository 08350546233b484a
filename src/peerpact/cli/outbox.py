"""`peerpact outbox`: what waits for leadership, and getting it to them.

The person who filed a message, or whoever looks after this computer, can
check what is waiting, take a message back, carry the outbox over on a USB
stick, or send it. Sealed messages stay sealed here: only the receipt, date
and status are shown.
"""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.app import app
from peerpact.cli.console import out, print_json, print_table, safe
from peerpact.cli.params import Json

outbox_app = typer.Typer(
    help="Messages for leadership: list, show, remove, export, send.", no_args_is_help=True
)
app.add_typer(outbox_app, name="outbox")


Receipt = Annotated[
    str, typer.Argument(metavar="RECEIPT", help="The receipt code, e.g. k7qm-3xhp.")
]


@outbox_app.command("list")
def outbox_list(json: Json = False) -> None:
    """List messages in the outbox: receipt, date, category, waiting or sent.

    Example: `peerpact outbox list --json`.
    """
    from peerpact.feedback import outbox

    rows = outbox.entries()
    if json:
        print_json([row.as_json() for row in rows])
        return
    if not rows:
        out().print("The outbox is empty.")
        return
    print_table(
        ("receipt", "date", "category", "status"),
        (
            (row.receipt, row.date, "(sealed)" if row.sealed else row.category or "-", row.status)
            for row in rows
        ),
    )


@outbox_app.command("show")
def outbox_show(receipt: Receipt) -> None:
    """Show one message as it will be sent (sealed ones: only receipt and date).

    Example: `peerpact outbox show k7qm-3xhp`.
    """
    from peerpact.feedback import outbox

    entry, text = outbox.show(receipt)
    if text is None:
        out().print(f"Receipt: {entry.receipt}\nDate: {entry.date}\nStatus: {entry.status}")
        out().print("Sealed to leadership: only they can read it.")
        return
    out().print(safe(text))


@outbox_app.command("remove")
def outbox_remove(
    receipt: Receipt,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Delete one message from the outbox, for good.

    Example: `peerpact outbox remove k7qm-3xhp`.
    """
    from peerpact.errors import DeclinedError
    from peerpact.feedback import outbox

    entry = outbox.find(receipt)
    if not yes:
        from rich.prompt import Confirm

        if not Confirm.ask(f"Delete message {entry.receipt} for good?", console=out()):
            raise DeclinedError("Not deleted.")
    outbox.remove(entry.receipt)
    out().print(f"Deleted {entry.receipt}.")


@outbox_app.command("export")
def outbox_export(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write .eml files to.")],
) -> None:
    """Copy every message to a folder as .eml files (for a USB stick or an upload).

    Example: `peerpact outbox export /media/usb/for-leadership`.
    """
    from peerpact.feedback import outbox

    written = outbox.export(folder)
    out().print(f"Wrote {len(written)} message(s) to {safe(str(folder))}.")


@outbox_app.command("send")
def outbox_send(
    smtp_host: Annotated[str | None, typer.Option("--smtp-host", help="SMTP server.")] = None,
    smtp_port: Annotated[
        int | None, typer.Option("--smtp-port", help="SMTP port (465: implicit TLS).")
    ] = None,
    starttls: Annotated[
        bool | None, typer.Option("--starttls/--no-starttls", help="Require STARTTLS.")
    ] = None,
    implicit_tls: Annotated[
        bool | None,
        typer.Option("--implicit-tls/--no-implicit-tls", help="TLS from the start (port 465)."),
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option("--smtp-user", help="Log in as this user (password: PEERPACT_SMTP_PASSWORD)."),
    ] = None,
    insecure_plaintext: Annotated[
        bool,
        typer.Option(
            "--insecure-plaintext",
            help="Allow the password over an unencrypted connection (a trusted network only).",
        ),
    ] = False,
    resend: Annotated[
        list[str] | None,
        typer.Option("--resend", metavar="RECEIPT", help="Send a maybe-sent message again."),
    ] = None,
) -> None:
    """Send every waiting message to leadership by SMTP; each is sent once.

    Defaults come from the config file (smtp.*). The password is read only
    from the environment variable PEERPACT_SMTP_PASSWORD and never stored.
    A message whose connection was lost before the server confirmed it is
    "maybe-sent": it is not sent again unless you pass --resend RECEIPT.

    Example: `PEERPACT_SMTP_PASSWORD=... peerpact outbox send --smtp-user me@example.org`.
    """
    import os
    from dataclasses import replace

    from peerpact.cli.console import err
    from peerpact.config import load_config
    from peerpact.errors import DeliveryError
    from peerpact.feedback import delivery

    config = load_config()
    smtp = config.smtp
    settings = replace(
        smtp,
        host=smtp.host if smtp_host is None else smtp_host,
        port=smtp.port if smtp_port is None else smtp_port,
        starttls=smtp.starttls if starttls is None else starttls,
        implicit_tls=smtp.implicit_tls if implicit_tls is None else implicit_tls,
        user=smtp.user if smtp_user is None else smtp_user,
    )
    password = os.environ.get("PEERPACT_SMTP_PASSWORD")
    if settings.user and insecure_plaintext and not delivery.encrypted(settings):
        err().print(
            "Warning: the SMTP password and every message cross the network unencrypted; "
            "anyone on the way can read them (--insecure-plaintext)."
        )
    report = delivery.send_waiting(
        settings, config.leadership_email, password, insecure_plaintext, tuple(resend or ())
    )
    for receipt in report.sent:
        out().print(f"Sent {receipt}.")
    problems = [
        f"{receipt}: may have been delivered (the connection was lost before the server "
        "confirmed it); it will not be sent again unless you pass --resend "
        f"{receipt}"
        for receipt in report.maybe_sent
    ]
    problems += [f"{receipt}: {reason}, still waiting" for receipt, reason in report.failed]
    if problems:
        raise DeliveryError(
            f"{len(problems)} message(s) not confirmed sent. {'; '.join(problems)}.",
            "Ask leadership whether a maybe-sent message arrived before resending it; "
            "run `peerpact outbox send` again once any problem is fixed.",
        )
    if not report.sent:
        out().print("Nothing waiting to send.")
