"""Setup's questions: the first run (and any later one) in one place.

Offers to join the organisation file leadership handed out (which then
answers the organisation's name, leadership's e-mail and recipients), asks
for the organisation, the facilitator's name and leadership's contact,
shows where everything is kept, makes the signing key and says how to back it
up. `peerpact new` runs the same questions when there is no key yet.
"""

from typing import TYPE_CHECKING

from peerpact.cli.ui.console import err, heading, out, safe
from peerpact.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from peerpact.record.keys import SigningKey
    from peerpact.record.organisation.document import Organisation


def questions() -> tuple[tuple[str, str], ...]:
    """Each setting setup asks for, with its question in the interface's language."""
    return (
        ("organization.name", _("Your organisation's name, as the agreement should say it")),
        ("supporter_name", _("Your name, offered as the peer supporter in `peerpact new`")),
        ("organization.leadership_email", _("Leadership's e-mail address, where grievances go")),
        (
            "organization.leadership_age_recipient",
            _("Leadership's age public key (age1…), to seal grievances so only they can read them"),
        ),
    )


def ask_settings() -> None:
    """The questions not answered yet (those `config set` answered are shown,
    and asked again only if the person wants to change them), then every
    answer written (Ctrl-C before the end writes none of them, and says that an
    organisation file joined on the way stays joined)."""
    from peerpact.errors import StoppedError
    from peerpact.files import check_writable
    from peerpact.paths import get_paths

    check_writable(get_paths().config_dir)  # before the first question, not after the last
    heading(_("Setting up peerpact"))
    out().print(
        _(
            "A few questions; Enter keeps the answer already there, or skips one "
            "left empty.\n"
            "Change any of them later with `peerpact setup` or `peerpact config set`."
        )
    )
    # The file leadership handed out gives the organisation, its e-mail and
    # every leader's recipient, signed: asked first, so none of it is typed by hand.
    from_file, joined_now = _offer_join()
    try:
        _ask_the_rest(tuple(item for item in questions() if item[0] not in from_file))
    except (KeyboardInterrupt, EOFError):
        if joined_now is None:
            raise  # nothing was written: the usual words
        # The join is kept (it is the file leadership signed, not an answer half-typed).
        raise StoppedError(
            "\n"
            + _("Stopped. This computer stays joined to {name}; nothing else was written.").format(
                name=joined_now
            )
        ) from None


def _ask_the_rest(asked: tuple[tuple[str, str], ...]) -> None:
    """The questions the organisation file did not answer, then every answer
    written at once."""
    from peerpact.cli.ui.prompts import ask, confirm
    from peerpact.errors import UserInputError
    from peerpact.settings import parse_value, set_value

    kept = _already_set(asked)
    if kept and not confirm(_("Change any of these?"), False):
        asked = tuple(item for item in asked if item[0] not in kept)
    answers: dict[str, str] = {}
    for key, question in asked:
        old = kept.get(key, "")
        while True:
            given = ask(safe(question), old)
            try:
                if given and given != old:
                    parse_value(key, given)  # checked now, so it can be asked again
                break
            except UserInputError as exc:
                out().print(f"[yellow]{safe(exc.message)}[/]")
        if given and given != old:
            answers[key] = given
    for key, value in answers.items():
        set_value(key, value)


#: What a joined organisation file decides, so setup does not ask for it.
FROM_THE_FILE = (
    "organization.name",
    "organization.leadership_email",
    "organization.leadership_age_recipient",
)


def _offer_join() -> tuple[tuple[str, ...], str | None]:
    """The organisation file's path asked for, and joined (`org join`), unless
    this computer joined one already; the settings it decides (none when the
    person has no file), and the organisation's name when it was joined just
    now. A file that is refused is said, and asked for again."""
    from peerpact.cli.ui.prompts import ask
    from peerpact.errors import PeerpactError
    from peerpact.record.organisation.joined import joined

    if joined() is not None:
        return FROM_THE_FILE, None
    while True:
        given = ask(_("The organisation file leadership handed you (Enter if you have none)"))
        if not given:
            return (), None
        try:
            org = _join(given)
        except PeerpactError as exc:
            out().print(f"[yellow]{safe(exc.message)}[/]")
            continue
        names = ", ".join(leader.name for leader in org.leaders)
        out().print(
            _("Joined {name}; grievances are sealed to its leaders: {names}.").format(
                name=safe(org.name), names=safe(names)
            )
        )
        return FROM_THE_FILE, org.name


def _join(given: str) -> "Organisation":
    from pathlib import Path

    from peerpact.files import read_given
    from peerpact.record.organisation.document import MAX_BYTES
    from peerpact.record.organisation.joined import join

    path = Path(given).expanduser()
    data = read_given(path, MAX_BYTES + 1, _("organisation file"))
    return join(data, str(path)).organisation


def _already_set(asked: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The settings setup asks for that are set already (by `config set`, an
    earlier setup), shown so they need not be typed again."""
    from peerpact.settings import format_value, values_in_force

    current = values_in_force()
    kept = {key: format_value(current[key]) for key, _q in asked if current.get(key)}
    if kept:
        out().print(_("Already set:"))
        for key, question in asked:
            if key in kept:
                out().print(f"  {safe(question)}: [bold]{safe(kept[key])}[/]")
    return kept


def make_key(console: "Console") -> "SigningKey":
    """The signing key, made now if there is none, with how to back it up."""
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_key, load_or_create_key

    path = get_paths().key_file
    existing = load_key(path)
    key = existing or load_or_create_key(path)
    if existing is None:
        console.print(
            _("\nMade your signing key [bold]{fingerprint}[/].").format(
                fingerprint=key.public.fingerprint
            )
        )
        console.print(
            _(
                "Back it up now, with a passphrase, somewhere other than this computer:\n"
                "  peerpact key backup peerpact-key.age\n"
                "Without it, a new computer cannot amend your records."
            )
        )
    return key


def show_places(console: "Console") -> None:
    from peerpact.paths import get_paths

    paths = get_paths()
    console.print(_("\nWhere peerpact keeps things (only on this computer):"))
    rows = [
        (_("settings"), paths.config_file),
        (_("records"), paths.records_dir),
        (_("signing key"), paths.key_file),
        (_("outbox"), paths.outbox_dir),
    ]
    width = max(12, *(len(what) + 1 for what, _where in rows))
    for what, where in rows:
        console.print(f"  {what:<{width}} {safe(str(where))}")
    console.print(_("Back all of it up with `peerpact backup FILE`."))


def say_missing(console: "Console") -> None:
    from peerpact.settings import missing_essentials

    for key in missing_essentials():
        console.print(
            _("Not set: {key}. Set it with `peerpact config set {key} VALUE`.").format(key=key)
        )


def first_run(no_input: bool) -> None:
    """What `new` does when this computer has no signing key yet."""
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_key

    if load_key(get_paths().key_file) is not None:
        return
    if no_input:
        make_key(err())  # on stderr: stdout may be --json for a script
        say_missing(err())
        return
    out().print(_("This looks like peerpact's first run here: a few questions first."))
    ask_settings()
    make_key(out())
    show_places(out())
    heading()
