"""A mail server's password (SMTP to send, IMAP to sync), from where mail
software keeps one, never from the command line or the config file.

In order, as msmtp and git's credential helpers look:

1. the account's password command (``smtp.password_command``,
   ``imap.password_command``), msmtp's ``passwordeval``: run without a shell
   (split as a shell would, by shlex), its first line of output is the
   password; a command that fails, says nothing or takes too long is an
   error, never a reason to look elsewhere (a person who set one means it);
2. the system keyring, when the ``keyring`` package is installed and holds
   an entry for service ``peerpact``, user ``smtp:HOST:USER`` or
   ``imap:HOST:USER`` (macOS Keychain, Windows Credential Locker, the Secret
   Service on a Linux desktop);
3. typed unseen on a terminal (the caller's ``ask``: core code never prompts).

Anything else is an error that names the three ways. A password on the
command line lands in shell history and in every process listing, and one in
the config file in every backup of it: neither is ever read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peerpact.errors import UserInputError
from peerpact.i18n import _

#: The keyring's service name for every peerpact password.
KEYRING_SERVICE = "peerpact"
#: Long enough to type a passphrase into gpg's pinentry, short enough that a
#: command stuck on a prompt nobody sees does not hang a sync for ever.
COMMAND_TIMEOUT = 120.0
#: A password is a line; a command that prints more than this is not giving one.
MAX_OUTPUT_BYTES = 64 * 1024

#: Asks a person for the password (the prompt given); None where nobody can.
Ask = Callable[[str], str]


@dataclass(frozen=True)
class Account:
    """Whose password: ``service`` is ``smtp`` or ``imap``."""

    service: str
    host: str
    user: str
    #: The configured password command; empty when none is set.
    command: str = ""

    @property
    def keyring_user(self) -> str:
        return f"{self.service}:{self.host}:{self.user}"

    @property
    def command_key(self) -> str:
        return f"{self.service}.password_command"


def password(account: Account, ask: Ask | None, timeout: float = COMMAND_TIMEOUT) -> str:
    """``account``'s password from the first source that has one, or a clear error."""
    if account.command:
        return from_command(account, timeout)
    found = from_keyring(account)
    if found is not None:
        return found
    if ask is not None:
        typed = ask(
            _("Password for {user} at {host}: ").format(user=account.user, host=account.host)
        )
        if typed:
            return typed
        raise UserInputError(_("The password is empty; nothing was done."))
    raise UserInputError(
        _("No password for {user} at {host}, and no terminal to type it on.").format(
            user=account.user, host=account.host
        ),
        _(
            "Set a command that prints it (`peerpact config set {key} 'pass show mail'`), "
            "keep it in the system keyring (`keyring set {service} {keyring_user}`), "
            "or run this on a terminal to type it."
        ).format(
            key=account.command_key, service=KEYRING_SERVICE, keyring_user=account.keyring_user
        ),
    )


def from_command(account: Account, timeout: float = COMMAND_TIMEOUT) -> str:
    """The first line the password command prints; its failure is an error."""
    import shlex
    import subprocess

    key = account.command_key
    fix = _("Check it with `peerpact config get {key}`.").format(key=key)
    try:
        argv = shlex.split(account.command)
    except ValueError as exc:
        raise UserInputError(
            _("`{key}` cannot be split into a command: {value}.").format(key=key, value=exc), fix
        ) from exc
    if not argv:
        raise UserInputError(_("`{key}` is empty.").format(key=key), fix)
    try:
        # No shell: the command is split as a shell would split it, and
        # nothing in it is expanded. Its stderr stays the person's (gpg may
        # ask there); only stdout is read.
        done = subprocess.run(argv, stdout=subprocess.PIPE, timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise UserInputError(
            _("The password command `{name}` ({key}) was not found.").format(name=argv[0], key=key),
            fix,
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise UserInputError(
            _("The password command ({key}) did not finish within {seconds} seconds.").format(
                key=key, seconds=f"{timeout:g}"
            ),
            fix,
        ) from exc
    except OSError as exc:
        raise UserInputError(
            _("The password command ({key}) could not run: {value}.").format(
                key=key, value=exc.strerror or exc
            ),
            fix,
        ) from exc
    if done.returncode != 0:
        raise UserInputError(
            _("The password command ({key}) failed with exit status {code}.").format(
                key=key, code=done.returncode
            ),
            fix,
        )
    first = done.stdout[:MAX_OUTPUT_BYTES].split(b"\n", 1)[0].removesuffix(b"\r")
    try:
        found = first.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserInputError(
            _("The password command ({key}) printed something that is not UTF-8.").format(key=key),
            fix,
        ) from exc
    if not found:
        raise UserInputError(
            _("The password command ({key}) printed no password.").format(key=key), fix
        )
    return found


def from_keyring(account: Account) -> str | None:
    """The keyring's entry for ``account``; None when there is no keyring
    package, no usable backend, or no entry (then the next source is asked)."""
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, account.keyring_user)
    except keyring.errors.KeyringError:
        # No backend on a headless machine, or a locked one: not a source here.
        return None
    return found or None
