"""Leadership's age identities, read the way `age -d -i FILE` reads them.

An identity file is either plain (``AGE-SECRET-KEY-1...`` lines, ``#``
comments) or itself age-encrypted with a passphrase, armored or binary, as
`age -p` and `org init` write it. The passphrase comes from whoever calls
(the CLI asks with getpass, or runs a passphrase command): the core never
prompts. Several files may sit in ``paths.identities_dir`` (one per leader);
each is tried with the passphrase given, and the ones it opens are used.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.errors import NotFoundError, UserInputError
from peerpact.files import read_bounded
from peerpact.i18n import _

if TYPE_CHECKING:
    from pyrage import x25519

#: An identity file holds a few keys; anything this large is not one.
MAX_IDENTITY_BYTES = 64 * 1024
#: A secret read from a command: one line, of a sane length.
MAX_SECRET_BYTES = 4096
_ENCRYPTED = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
_SECRET_PREFIX = "AGE-SECRET-KEY-1"  # noqa: S105 (how a key line starts, not a key)

#: Gives the passphrase of the identity file it is passed (asked once per run).
Passphrase = Callable[[Path], str]


def is_encrypted(data: bytes) -> bool:
    """Whether an identity file is passphrase-protected (age's own format)."""
    return data.lstrip().startswith(_ENCRYPTED)


def parse_identities(text: str, source: Path) -> list[x25519.Identity]:
    """The X25519 identities in an identity file's text, as age reads them."""
    from pyrage import IdentityError, x25519

    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.upper().startswith(_SECRET_PREFIX):
            raise UserInputError(
                _("{path}: line {number} is not an age identity.").format(
                    path=source, number=number
                ),
                _("Give a file made by `age-keygen` or `peerpact org init`."),
            )
        try:
            found.append(x25519.Identity.from_str(line.upper()))
        except (IdentityError, ValueError) as exc:
            raise UserInputError(
                _("{path}: line {number} is a damaged age identity.").format(
                    path=source, number=number
                )
            ) from exc
    if not found:
        raise UserInputError(
            _("{path} holds no age identity.").format(path=source),
            _("Give a file made by `age-keygen` or `peerpact org init`."),
        )
    return found


def read_identity_file(path: Path, passphrase: Passphrase) -> list[x25519.Identity]:
    """The identities in ``path``, decrypting it with its passphrase if it has one."""
    import pyrage

    try:
        data = read_bounded(path, MAX_IDENTITY_BYTES, _("identity file"))
    except FileNotFoundError as exc:
        raise NotFoundError(_("No identity file at {path}.").format(path=path)) from exc
    if is_encrypted(data):
        try:
            data = pyrage.passphrase.decrypt(data, passphrase(path))
        except pyrage.DecryptError as exc:
            raise UserInputError(
                _("The passphrase does not open the identity file {path}.").format(path=path),
                _("Type it again (it is the one chosen at `peerpact org init`)."),
            ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserInputError(_("{path} is not an age identity file.").format(path=path)) from exc
    return parse_identities(text, path)


def kept_identity_files(folder: Path) -> list[Path]:
    """The identity files `org init` keeps (``<id>.age``), never through a link."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(
        entry
        for entry in folder.iterdir()
        if entry.suffix == ".age" and entry.is_file() and not entry.is_symlink()
    )


def leadership_identities(
    passphrase: Passphrase, given: Path | None = None
) -> list[x25519.Identity]:
    """Leadership's identities: ``given``, else every kept one the passphrase opens."""
    from peerpact.paths import get_paths

    if given is not None:
        return read_identity_file(given, passphrase)
    files = kept_identity_files(get_paths().identities_dir)
    if not files:
        raise NotFoundError(
            _("This computer keeps no leadership identity."),
            _("Run `peerpact org init`, or give one with --identity FILE."),
        )
    if len(files) == 1:
        return read_identity_file(files[0], passphrase)
    found: list[x25519.Identity] = []
    refused: UserInputError | None = None
    for path in files:
        try:
            found += read_identity_file(path, passphrase)
        except UserInputError as exc:
            refused = exc
    if not found and refused is not None:
        raise refused
    return found


def secret_from_command(command: str, what: str) -> str:
    """The first line a passphrase or password command prints (as msmtp's
    passwordeval): run without a shell, its output never echoed."""
    try:
        words = shlex.split(command)
    except ValueError as exc:
        raise UserInputError(
            _("The {what} command cannot be read: {value}.").format(what=what, value=exc)
        ) from exc
    if not words:
        raise UserInputError(_("The {what} command is empty.").format(what=what))
    try:
        done = subprocess.run(words, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UserInputError(
            _("The {what} command {command!r} could not run.").format(what=what, command=words[0]),
            _("Check the command; it should print the {what} and nothing else.").format(what=what),
        ) from exc
    lines = done.stdout[:MAX_SECRET_BYTES].decode("utf-8", "replace").splitlines()
    if done.returncode != 0 or not lines or not lines[0]:
        raise UserInputError(
            _("The {what} command {command!r} gave no {what} (exit status {status}).").format(
                what=what, command=words[0], status=done.returncode
            ),
            _("Check the command; it should print the {what} and nothing else.").format(what=what),
        )
    return lines[0]
