"""One module per command or group of commands, and what each is for.

``COMMANDS`` names every command in the order `peerpact --help` lists
them, the module here that holds it, and its help: `cli/app.py` lists the
commands from this table alone, and imports a command's module only when
that command runs.
"""

from __future__ import annotations

from collections.abc import Callable

from peerpact.i18n import _


def _new() -> str:
    return _(
        "Agree together before a first session, and write a signed record.\n"
        "\n"
        "Asks for the parties, shows the agreement, collects each party's wants,\n"
        "needs and boundaries, and asks each to consent by typing their name.\n"
        "Every answer is kept in a private draft until then, so a stop loses\n"
        "nothing (`--resume ID`); declining writes nothing and deletes the draft.\n"
        "\n"
        "Example: `peerpact new`, or for scripts\n"
        "`peerpact new --answers answers.toml --no-input --json`."
    )


def _list() -> str:
    return _(
        "List agreements on this computer, most recently changed first.\n\n"
        "With `retention.ended_days` set, an ended agreement shows the date from\n"
        'which `peerpact forget --due` removes it ("forget_after" in JSON).\n\n'
        "Example: `peerpact list --status active --limit 20`, or `peerpact list "
        "--json`."
    )


def _show() -> str:
    return _(
        "Show an agreement with everyone's additions, or its history.\n\n"
        "Example: `peerpact show k3f9q2xa --format text`, `peerpact show "
        "k3f9q2xa --history`,\n"
        "`peerpact show k3f9q2xa --as-of 2`."
    )


def _export() -> str:
    return _(
        "Export an agreement to a file, a party's copy, or its signatures.\n\n"
        "The folder a file goes into must exist already (--signatures makes its\n"
        "folder, but not the folders above it). `--json` reports what was\n"
        'written: {"id", "path", "format"} or {"id", "folder", "files"}.\n\n'
        "Example: `peerpact export k3f9q2xa -f html -o agreement.html`,\n"
        "`peerpact export k3f9q2xa --copy -o robin.html --pdf`, or\n"
        "`peerpact export k3f9q2xa --signatures sigs/`."
    )


def _amend() -> str:
    return _(
        "Add, withdraw or reword wants, needs and boundaries; every party confirms.\n"
        "\n"
        "Interactive by default. Each change is a new signed revision appended to the\n"
        "record; nothing agreed earlier is rewritten. Declining, or Ctrl-C, writes nothing.\n"
        "\n"
        "Example: `peerpact amend k3f9q2xa`, or for scripts\n"
        '`peerpact amend k3f9q2xa --party Robin --boundary "No hugs" --withdraw W1\n'
        "--sign Robin --sign Alex --no-input`."
    )


def _backup() -> str:
    return _(
        "Write everything (records, outbox, key, settings, templates) to one "
        "encrypted file.\n\n"
        "Every record is verified first; FILE is encrypted with a passphrase and\n"
        "never overwritten. `peerpact restore FILE` brings it all back.\n\n"
        "Example: `PEERPACT_PASSPHRASE=... peerpact backup "
        "/media/usb/peerpact.age`."
    )


def _restore() -> str:
    return _(
        "Bring everything back from a `peerpact backup` file, on this or a new "
        "computer.\n\n"
        "Nothing is written until the backup is decrypted and every record in it\n"
        "verifies; state already here is never replaced without --overwrite.\n"
        "Keys come along only as `key trust` would trust them: this computer's\n"
        "earlier keys by their signed retirement, any other only when named with\n"
        "--trust FINGERPRINT.\n\n"
        "Example: `PEERPACT_PASSPHRASE=... peerpact restore "
        "/media/usb/peerpact.age`."
    )


def _docs() -> str:
    return _(
        "Print one of peerpact's guides (Markdown), or list them.\n\n"
        "Example: `peerpact docs record-format`, or `peerpact docs user-guide | "
        "less`."
    )


def _drafts() -> str:
    return _(
        "List unfinished interviews kept as drafts (never their content), or discard one.\n"
        "\n"
        "A draft is kept after every answer of `peerpact new` or `peerpact amend`,\n"
        "deleted when the record is written or someone declines, and expires after\n"
        "`drafts.keep_days` days (7 unless set).\n"
        "\n"
        "Example: `peerpact drafts`, `peerpact new --resume ID`, `peerpact drafts --discard ID`."
    )


def _end() -> str:
    return _(
        "End an agreement. Any party may, at any time; no reason is asked.\n"
        "\n"
        'A signed "ended" revision is appended; nothing is deleted, and the\n'
        "agreement can no longer be amended. Declining, or Ctrl-C, writes nothing.\n"
        "\n"
        "Example: `peerpact end k3f9q2xa`, or for scripts\n"
        "`peerpact end k3f9q2xa --party Robin --sign Robin --no-input`."
    )


def _forget() -> str:
    return _(
        "Remove agreements for good: the record, its drafts and its cached row.\n\n"
        "Only a signed tombstone stays (the id, its last head hash and the date; "
        "no\n"
        "names, no text), so `verify --all` reports it as forgotten, not "
        "missing.\n"
        'Asks first; `--yes` for scripts. `--json` prints {"forgotten": '
        "[ID...]}.\n\n"
        "Example: `peerpact forget k3f9q2xa`, `peerpact forget --ended-before "
        "2025-01-01 --yes`,\n"
        "`peerpact forget --due --yes`."
    )


def _grievance() -> str:
    return _(
        "Give feedback or a grievance to leadership, anonymously unless you "
        "choose otherwise.\n\n"
        "Shows what anonymous means here, asks what happened, removes e-mail\n"
        "addresses, phone numbers, links, handles, street addresses, IP "
        "addresses,\n"
        "card and account numbers and known names (you see and choose), shows "
        "the\n"
        "message exactly as it will be filed, and saves it in the outbox.\n"
        "Declining or Ctrl-C saves nothing.\n\n"
        "Example: `peerpact grievance`, or for scripts\n"
        "`peerpact grievance --no-input --text-file note.txt --category "
        "feedback`.\n"
        "A sealed message comes with a receipt: six words, shown once, that you\n"
        "type back; with them `peerpact grievance check` reads leadership's answers.\n"
        '`--json` prints {"id", "sealed", "answerable"} once it is filed (never the receipt).'
    )


def _setup() -> str:
    return _(
        "Set peerpact up (or change the answers): organisation, your name, "
        "leadership.\n\n"
        "Shows where everything is kept, makes the signing key if there is none "
        "and\n"
        "says how to back it up. Run it again at any time: it offers the current\n"
        "answers. `--no-input` asks nothing, makes the key, and names what is "
        "unset.\n\n"
        "Example: `peerpact setup`, or for scripts `peerpact setup --no-input`."
    )


def _verify() -> str:
    return _(
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


def _key() -> str:
    return _("The facilitator's signing key (Ed25519, minisign-compatible).")


def _config() -> str:
    return _(
        "Settings: organisation, leadership contact, supporter name, SMTP, "
        "retention.\n\n"
        "Keys are dotted, as `config set` takes them: `peerpact config list` "
        "shows them all."
    )


def _outbox() -> str:
    return _("Messages for leadership: list, show, remove, export, send.")


def _template() -> str:
    return _(
        "Agreement templates: list them, copy one to make your own, preview it, "
        "check it.\n\n"
        "Start with `peerpact template init NAME`, edit the file it names, then "
        "`peerpact template validate FILE` and `peerpact new --template NAME`."
    )


def _org() -> str:
    return _(
        "The organisation file: leadership makes and signs it (init, update, rotate-key,\n"
        "export); each facilitator joins it (join) and sees what it sets (show)."
    )


def _inbox() -> str:
    return _(
        "Leadership's inbox, on a leader's own computer: take the sealed messages in\n"
        "(`sync`), follow each case up (`list`, `show`, `due`, `ack`, `review`, `note`,\n"
        "`reply`, `withdraw`, `close`), publish the answers (`publish`), forget closed\n"
        "cases past retention (`forget`)."
    )


#: Each command: the module in ``peerpact.cli.commands`` that holds it, and its help.
COMMANDS: dict[str, tuple[str, Callable[[], str]]] = {
    "new": ("new", _new),
    "list": ("list", _list),
    "show": ("show", _show),
    "export": ("show", _export),
    "amend": ("amend", _amend),
    "backup": ("backup", _backup),
    "restore": ("backup", _restore),
    "docs": ("docs", _docs),
    "drafts": ("drafts", _drafts),
    "end": ("end", _end),
    "forget": ("forget", _forget),
    "grievance": ("grievance", _grievance),
    "setup": ("setup", _setup),
    "verify": ("verify", _verify),
    "key": ("key", _key),
    "config": ("config", _config),
    "outbox": ("outbox", _outbox),
    "template": ("template", _template),
    "org": ("org", _org),
    "inbox": ("inbox", _inbox),
}


def about(name: str) -> str:
    """A command's help, in the interface's language, each paragraph one line.

    The catalogue keeps the help broken into short source lines; Rich's help
    would keep each break and wrap around it too, leaving a word or two alone
    on a line ("--history`,"), so Typer is given whole paragraphs to wrap.
    """
    return _paragraphs(COMMANDS[name][1]())


def _paragraphs(text: str) -> str:
    import re

    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)
