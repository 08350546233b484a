"""`peerpact org ...`: the organisation file. Leadership makes it (`init`),
changes it (`update`, `rotate-key`) and hands it out (`export`); each
facilitator joins it (`join`) and can see what it set (`show`)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peerpact.cli.app import command_group, commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import out, print_json, safe
from peerpact.cli.ui.params import Json
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.leadership.founding import Founded, Settings

app = commands()
org_app = command_group(app, "org", about("org"))

Name = Annotated[str | None, typer.Option("--name", help=_("The organisation's name."))]
Email = Annotated[
    str | None, typer.Option("--email", help=_("Leadership's e-mail, where grievances go."))
]
Categories = Annotated[
    list[str] | None,
    typer.Option("--category", metavar="NAME", help=_("A grievance category (repeatable).")),
]
Retention = Annotated[
    int | None,
    typer.Option("--retention-days", min=1, max=36500, help=_("Days a closed case is kept.")),
]
SmtpHost = Annotated[str | None, typer.Option("--smtp-host", help=_("SMTP server."))]
SmtpPort = Annotated[int | None, typer.Option("--smtp-port", min=1, max=65535, help=_("Port."))]
SmtpTls = Annotated[
    str | None, typer.Option("--smtp-tls", metavar="starttls|implicit|none", help=_("TLS."))
]
Sender = Annotated[str | None, typer.Option("--from", help=_("The address mail is sent from."))]
Unsealed = Annotated[
    bool | None,
    typer.Option(
        "--allow-unsealed/--sealed-only",
        help=_("Whether a grievance may be filed unsealed when no leader's key is known."),
    ),
]
Leaders = Annotated[
    list[str] | None,
    typer.Option("--leader", metavar="NAME", help=_("A leader to make an identity for.")),
]


def _settings(
    name: str | None,
    email: str | None,
    category: list[str] | None,
    retention: int | None,
    mail: tuple[str | None, int | None, str | None, str | None],
    unsealed: bool | None,
) -> "Settings":
    from peerpact.config import check_email
    from peerpact.errors import UserInputError
    from peerpact.leadership.founding import Settings
    from peerpact.record.organisation.document import TLS_MODES, Mail

    if email is not None:
        check_email(email, "--email")
    host, port, tls, sender = mail
    if tls is not None and tls not in TLS_MODES:
        raise UserInputError(_("--smtp-tls must be starttls, implicit or none."))
    given = any(value is not None for value in mail)
    return Settings(
        name=name,
        email=email,
        categories=tuple(category) if category else None,
        retention_days=retention,
        allow_unsealed=unsealed,
        mail=Mail(host or "", port or 0, tls or "starttls", sender or "") if given else None,
    )


def _ask_missing(name: str | None, email: str | None, leaders: list[str]) -> tuple[str, str]:
    import sys

    from peerpact.cli.ui.prompts import ask
    from peerpact.errors import UserInputError

    if (not name or not email or not leaders) and not sys.stdin.isatty():
        raise UserInputError(
            _("`org init` needs --name, --email and at least one --leader."),
            _(
                'Example: peerpact org init --name "Harbour Peers" --email leads@example.org '
                "--leader Sam"
            ),
        )
    name = name or ask(_("The organisation's name"))
    email = email or ask(_("Leadership's e-mail"))
    if not leaders:
        leaders.append(ask(_("A leader's name")))
        while leaders[-1]:
            leaders.append(ask(_("Another leader's name (Enter when done)")))
        leaders.pop()
    return name, email


@org_app.command(
    "init",
    help=_(
        "Leadership, once: make leadership's signing key, one age identity per leader\n"
        "(encrypted with that leader's passphrase) and the signed organisation file.\n\n"
        'Example: `peerpact org init --name "Harbour Peers" --email leads@example.org '
        "--leader Sam --leader Ana`."
    ),
)
def org_init(
    name: Name = None,
    email: Email = None,
    leader: Leaders = None,
    category: Categories = None,
    retention_days: Retention = None,
    smtp_host: SmtpHost = None,
    smtp_port: SmtpPort = None,
    smtp_tls: SmtpTls = None,
    sender: Sender = None,
    allow_unsealed: Unsealed = None,
    json: Json = False,
) -> None:
    from peerpact.cli.ui.passphrase import leader_passphrase
    from peerpact.config import load_config
    from peerpact.feedback.grievance import categories
    from peerpact.leadership import founding

    leaders = list(leader or [])
    name, email = _ask_missing(name, email, leaders)
    mail = (smtp_host, smtp_port, smtp_tls, sender)
    settings = _settings(name, email, category, retention_days, mail, allow_unsealed)
    secrets = [(who, leader_passphrase(who)) for who in leaders]
    done = founding.init(settings, secrets, _today(), categories(load_config()))
    _report(done, json)


def _today() -> str:
    from peerpact.clock import now

    return now()[:10]


def _report(done: "Founded", json: bool) -> None:
    org = done.organisation
    if json:
        print_json(
            {
                "id": org.id,
                "serial": org.serial,
                "file": str(done.path),
                "fingerprint": org.fingerprint,
                "identities": [
                    {"path": str(w.path), "recipient": w.recipient} for w in done.identities
                ],
            }
        )
        return
    console = out()
    console.print(
        _("Signed {name}'s organisation file, version {serial} ({path}).").format(
            name=safe(org.name), serial=org.serial, path=safe(str(done.path))
        )
    )
    for leader, written in zip(
        org.leaders[len(org.leaders) - len(done.identities) :], done.identities, strict=True
    ):
        console.print(
            _("  {name}'s identity: {path}").format(
                name=safe(leader.name), path=safe(str(written.path))
            )
        )
    console.print(_("Hand it to facilitators: `peerpact org export -o organisation.toml`."))


@org_app.command(
    "join",
    help=_(
        "Facilitator: join the organisation file leadership handed out (`-`: standard\n"
        "input). Its signature is checked and leadership's key pinned; a later file\n"
        "is taken only from that key (or one it rotated to), with a higher version.\n\n"
        "Example: `peerpact org join organisation.toml`."
    ),
)
def org_join(
    file: Annotated[str, typer.Argument(metavar="FILE|-", help=_("The organisation file."))],
    json: Json = False,
) -> None:
    from peerpact.record.organisation.joined import join

    data, source = _read(file)
    done = join(data, source)
    org = done.organisation
    if json:
        print_json(
            {
                "id": org.id,
                "name": org.name,
                "serial": org.serial,
                "previous": done.previous,
                "changed": not done.unchanged,
            }
        )
        return
    if done.unchanged:
        said = _("Already joined {name}, version {serial}; nothing changed.")
    elif done.previous is None:
        said = _("Joined {name} (version {serial}). Grievances are sealed to its leaders.")
    else:
        said = _("Updated {name} to version {serial}.")
    out().print(said.format(name=safe(org.name), serial=org.serial))
    names = ", ".join(leader.name for leader in org.leaders)
    out().print(_("Who can read a grievance: {names}.").format(names=safe(names)))


def _read(file: str) -> tuple[bytes, str]:
    import sys

    from peerpact.files import read_given
    from peerpact.record.organisation.document import MAX_BYTES

    if file == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1), _("standard input")
    return read_given(Path(file), MAX_BYTES + 1, _("organisation file")), file


@org_app.command(
    "update",
    help=_(
        "Leadership: sign the next version of the organisation file with what changed\n"
        "(a new leader gets an identity of their own). Hand it out again afterwards.\n\n"
        "Example: `peerpact org update --category safety --leader Noa`."
    ),
)
def org_update(
    name: Name = None,
    email: Email = None,
    leader: Leaders = None,
    category: Categories = None,
    retention_days: Retention = None,
    smtp_host: SmtpHost = None,
    smtp_port: SmtpPort = None,
    smtp_tls: SmtpTls = None,
    sender: Sender = None,
    allow_unsealed: Unsealed = None,
    json: Json = False,
) -> None:
    from peerpact.cli.ui.passphrase import leader_passphrase
    from peerpact.leadership import founding

    mail = (smtp_host, smtp_port, smtp_tls, sender)
    settings = _settings(name, email, category, retention_days, mail, allow_unsealed)
    secrets = tuple((who, leader_passphrase(who)) for who in leader or ())
    _report(founding.update(settings, _today(), secrets), json)


@org_app.command(
    "rotate-key",
    help=_(
        "Leadership: replace leadership's signing key. The old key signs the hand-over,\n"
        "which travels in every later file, so computers that pinned it follow.\n\n"
        "Example: `peerpact org rotate-key`, then `peerpact org export -o FILE`."
    ),
)
def org_rotate_key(json: Json = False) -> None:
    from peerpact.leadership import founding

    _report(founding.rotate_key(_today()), json)


@org_app.command(
    "export",
    help=_(
        "Leadership: write the organisation file to hand to facilitators (`-o -`:\n"
        "standard output). It holds no secret: public keys, names and settings.\n\n"
        "Example: `peerpact org export -o organisation.toml`."
    ),
)
def org_export(
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE|-", help=_("Where to write it."))
    ],
) -> None:
    import sys

    from peerpact.files import atomic_write
    from peerpact.leadership.founding import export

    org, data = export()
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    atomic_write(Path(output), data, private_dir=False)
    out().print(
        _("Wrote {name}'s organisation file, version {serial}, to {path}.").format(
            name=safe(org.name), serial=org.serial, path=safe(output)
        )
    )


@org_app.command(
    "show",
    help=_(
        "What the organisation file this computer joined sets, and what comes from\n"
        "this computer's config or the defaults instead.\n\n"
        "Example: `peerpact org show --json`."
    ),
)
def org_show(json: Json = False) -> None:
    from peerpact.config import load_config
    from peerpact.record.organisation.showing import settings_in_force

    shown = settings_in_force(load_config())
    if json:
        print_json(shown)
        return
    console = out()
    said = {
        "organisation file": _("organisation file"),
        "config": _("config"),
        "default": _("default"),
    }
    for key, entry in shown["settings"].items():
        where = said[entry["from"]]
        console.print(f"{key:<30} {safe(str(entry['value']))}  [dim]({where})[/]")
    if shown["organisation"] is None:
        console.print(_("This computer joined no organisation: `peerpact org join FILE`."))
        return
    org = shown["organisation"]
    console.print(
        _("Joined {name}, version {serial}, issued {issued}, key {fingerprint}.").format(
            name=safe(org["name"]),
            serial=org["serial"],
            issued=org["issued"],
            fingerprint=org["fingerprint"],
        )
    )
