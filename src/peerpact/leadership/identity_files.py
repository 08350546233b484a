"""Writing leaders' age identities, one file per leader under
``paths.identities_dir``, each encrypted with that leader's passphrase in
age's own format, so stock `age -d -i FILE` opens what was sealed to it.
The file name is random: it says nothing about whose it is. (Reading them
is leadership/identity.py's.)"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from peerpact.i18n import _

MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class Written:
    path: Path
    recipient: str


def check_passphrase(passphrase: str) -> str:
    from peerpact.errors import UserInputError

    if len(passphrase) < MIN_PASSPHRASE:
        raise UserInputError(
            _("A leader's passphrase needs at least {count} characters.").format(
                count=MIN_PASSPHRASE
            ),
            _("Several words are easier to remember and harder to guess."),
        )
    return passphrase


def write_identity(folder: Path, passphrase: str, day: str) -> Written:
    """A new X25519 identity in ``folder``, passphrase-encrypted, 0600."""
    import pyrage
    from pyrage import x25519

    from peerpact.files import atomic_write, ensure_private_dir

    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    text = f"# created: {day}\n# public key: {recipient}\n{identity}\n"
    ensure_private_dir(folder)
    path = folder / f"{secrets.token_hex(8)}.age"
    atomic_write(path, pyrage.passphrase.encrypt(text.encode("ascii"), passphrase), exclusive=True)
    return Written(path, recipient)
