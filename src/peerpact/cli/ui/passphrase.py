"""The passphrase of a backup: from PEERPACT_PASSPHRASE (scripts, tests) or typed
unseen on a terminal, twice when making one; a leader's and an identity's the
same way; a mail server's password typed when nothing else gives it."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.passwords import Ask

PASSPHRASE_ENV = "PEERPACT_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)
MIN_PASSPHRASE = 8


def _given_or_typed(prompt: str, no_terminal: str, twice: bool, stdin_busy: bool = False) -> str:
    """PEERPACT_PASSPHRASE when set; else typed unseen on a terminal (and
    again, to be sure, when ``twice``); no terminal is ``no_terminal``'s error.

    ``stdin_busy``: standard input carries the data itself (`restore -`), so
    the terminal is the controlling one, /dev/tty, as gpg asks there; getpass
    reads /dev/tty first anyway. Only then: a script whose stdin is not a
    terminal must not stop to wait on one it happens to run under."""
    import getpass
    import os
    import sys

    from peerpact.errors import UserInputError

    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty() and not (stdin_busy and _controlling_terminal()):
        raise UserInputError(
            no_terminal,
            _("Set {PASSPHRASE_ENV} for scripts.").format(PASSPHRASE_ENV=PASSPHRASE_ENV),
        )
    given = getpass.getpass(prompt)
    if twice and getpass.getpass(_("The same passphrase again: ")) != given:
        raise UserInputError(_("The two passphrases differ; nothing was written."))
    return given


def _controlling_terminal() -> bool:
    """Whether this process has a terminal of its own to ask on (/dev/tty)."""
    import os

    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True


def passphrase(new: bool, stdin_busy: bool = False) -> str:
    """A backup's passphrase, from the environment or typed (unseen) on a
    terminal: the controlling one when ``stdin_busy`` (the backup comes on stdin)."""
    from peerpact.errors import UserInputError

    no_terminal = _("No passphrase: there is no terminal to type it on.")
    given = _given_or_typed(_("Passphrase: "), no_terminal, twice=new, stdin_busy=stdin_busy)
    if new and len(given) < MIN_PASSPHRASE:
        raise UserInputError(
            _("A backup passphrase needs at least {MIN_PASSPHRASE} characters.").format(
                MIN_PASSPHRASE=MIN_PASSPHRASE
            ),
            _("Several words are easier to remember and harder to guess."),
        )
    if not given:
        raise UserInputError(_("The passphrase is empty."))
    return given


def leader_passphrase(name: str) -> str:
    """A new leader's passphrase: PEERPACT_PASSPHRASE, or typed twice unseen."""
    return _given_or_typed(
        _("Passphrase for {name}'s identity: ").format(name=name),
        _("No passphrase for {name}: there is no terminal to type it on.").format(name=name),
        twice=True,
    )


def check_folder(target: Path) -> None:
    from peerpact.files import check_target

    check_target(target.parent)


def identity_passphrase() -> Callable[[Path], str]:
    """The passphrase of leadership's identity files: PEERPACT_PASSPHRASE, or
    typed unseen on a terminal, asked once however many files it is tried on."""
    given: list[str] = []

    def asked(path: Path) -> str:
        if not given:
            no_terminal = _(
                "The identity {path} needs its passphrase; no terminal to type it on."
            ).format(path=path)
            prompt = _("Passphrase of leadership's identity: ")
            given.append(_given_or_typed(prompt, no_terminal, twice=False))
        return given[0]

    return asked


def password_asker() -> "Ask | None":
    """How to ask for a mail server's password: typed unseen, on a terminal
    only (peerpact.passwords looks everywhere else first)."""
    import getpass
    import sys

    return getpass.getpass if sys.stdin.isatty() else None
