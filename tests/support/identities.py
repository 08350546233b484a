"""Leaders' age identities for tests, made with pyrage as `org init` makes them:
an ``AGE-SECRET-KEY-1`` file, passphrase-encrypted in age's own format."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyrage
from pyrage import x25519

PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True)
class Leader:
    identity: x25519.Identity
    path: Path

    @property
    def recipient(self) -> str:
        return str(self.identity.to_public())


def identity_text(identity: x25519.Identity) -> str:
    return f"# created by the tests\n# public key: {identity.to_public()}\n{identity}\n"


def write_identity(path: Path, passphrase: str | None = PASSPHRASE) -> Leader:
    """A new identity at ``path``: encrypted with ``passphrase``, or plain when None."""
    identity = x25519.Identity.generate()
    data = identity_text(identity).encode()
    if passphrase is not None:
        data = pyrage.passphrase.encrypt(data, passphrase)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(data)
    os.chmod(path, 0o600)
    return Leader(identity, path)


def kept_leader(home: Path, name: str = "leader1") -> Leader:
    """An identity where `org init` keeps them (paths.identities_dir), passphrase-protected."""
    from peerpact.paths import get_paths

    return write_identity(get_paths().identities_dir / f"{name}.age")


def passphrase_command(folder: Path, passphrase: str = PASSPHRASE) -> str:
    """A passphrase command (as msmtp's passwordeval) printing ``passphrase``."""
    secret = folder / "passphrase.txt"
    secret.write_text(passphrase + "\n")
    return f"cat {secret}"
