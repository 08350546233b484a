"""The facilitator's Ed25519 key pair, the keys this computer trusts, and the
minisign formats around them.

A record revision is signed the way minisign's prehashed "ED" algorithm
signs, so the public key exported in minisign's format, and each revision
written out with its ``.minisig``, verify with the stock ``minisign -V`` (and
``-H``) and no peerpact at all.

The private key is refused, as ssh refuses one, when it belongs to another
user or others may read it: a key someone else could have planted or copied
signs nothing.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.errors import InvalidError, NotFoundError, StorageError, UserInputError
from peerpact.files import atomic_write, locked, read_bounded
from peerpact.i18n import _

# minisign's algorithm tags: pure Ed25519 (public keys, and format 1 records),
# and Ed25519 over a BLAKE2b-512 prehash (signatures of format 2 records).
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

_ALG = b"Ed"
_ALG_PREHASHED = b"ED"
_MAX_KEY_FILE = 16 * 1024


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @property
    def key_id(self) -> bytes:
        # minisign key ids are 8 random bytes; deriving ours from the key
        # makes the id (and so the fingerprint) a pure function of the key.
        return hashlib.sha256(self.raw).digest()[:8]

    @property
    def fingerprint(self) -> str:
        """The key id as minisign prints it (little-endian, upper-case hex)."""
        return self.key_id[::-1].hex().upper()

    @property
    def base64(self) -> str:
        return base64.b64encode(_ALG + self.key_id + self.raw).decode("ascii")

    def to_minisign(self) -> str:
        return f"untrusted comment: minisign public key {self.fingerprint}\n{self.base64}\n"

    def verify(self, signature: bytes, data: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature

        try:
            _public_key(self.raw).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True

    @classmethod
    def from_text(cls, text: str, source: str) -> PublicKey:
        """Read a minisign public key (file contents, or the bare base64 line)."""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        candidates = [line for line in lines if not line.startswith("untrusted comment:")]
        if len(candidates) != 1:
            raise UserInputError(_("{source} is not a minisign public key.").format(source=source))
        try:
            blob = base64.b64decode(candidates[0], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UserInputError(
                _("{source} is not a minisign public key (bad base64).").format(source=source)
            ) from exc
        if len(blob) != 42 or blob[:2] != _ALG:
            raise UserInputError(
                _("{source} is not an Ed25519 minisign public key.").format(source=source)
            )
        return cls(blob[10:])

    @classmethod
    def from_file(cls, path: Path) -> PublicKey:
        try:
            data = read_bounded(path, _MAX_KEY_FILE, _("public key"))
        except FileNotFoundError as exc:
            raise NotFoundError(_("No public key file at {path}.").format(path=path)) from exc
        return cls.from_text(data.decode("utf-8", "replace"), str(path))


@dataclass(frozen=True)
class SigningKey:
    seed: bytes
    public: PublicKey

    def sign(self, data: bytes) -> bytes:
        return _private_key(self.seed).sign(data)

    def signed(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is this key's signature of ``data``.

        Ed25519 signatures are deterministic (RFC 8032): signing again and
        comparing proves the same as verifying, at a third of the cost, for
        the records this computer signed. A signature that differs (another
        implementation's encoding) is still verified the usual way.
        """
        return self.sign(data) == signature or self.public.verify(signature, data)


@functools.lru_cache(maxsize=64)
def _public_key(raw: bytes) -> Ed25519PublicKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    return Ed25519PublicKey.from_public_bytes(raw)


@functools.lru_cache(maxsize=8)
def _private_key(seed: bytes) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(seed)


def minisig(fingerprint: str, signature: bytes, comment: str, trusted_signature: bytes) -> str:
    """A ``.minisig`` file (prehashed "ED"), as ``minisign -S`` writes it, from
    signatures made earlier: exporting never signs anything anew."""
    key_id = bytes.fromhex(fingerprint)[::-1]
    sig_line = base64.b64encode(_ALG_PREHASHED + key_id + signature).decode("ascii")
    return (
        f"untrusted comment: signature from peerpact key {fingerprint}\n"
        f"{sig_line}\n"
        f"trusted comment: {comment}\n"
        f"{base64.b64encode(trusted_signature).decode('ascii')}\n"
    )


def _from_pem(data: bytes, path: Path) -> SigningKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise InvalidError(
            _("The signing key {path} is unreadable.").format(path=path),
            _("Restore it from a backup; without it, new records cannot be signed."),
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidError(_("The signing key {path} is not an Ed25519 key.").format(path=path))
    seed = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return SigningKey(seed, PublicKey(raw))


def check_private(path: Path) -> None:
    """Refuse a private key file that another user owns or others may read."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(
            _("Could not read the signing key {path}: {strerror}.").format(
                path=path, strerror=exc.strerror
            )
        ) from exc
    if not path.is_file() or path.is_symlink():
        raise StorageError(
            _("The signing key {path} is not a plain file.").format(path=path), _("Move it away.")
        )
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise StorageError(
            _(
                "The signing key {path} belongs to another user; peerpact will not sign with it."
            ).format(path=path),
            _("If it is yours, take it back: chown $(id -u) {path}").format(path=path),
        )
    if info.st_mode & 0o077:
        raise StorageError(
            _(
                "The signing key {path} can be read by others (mode {value:o}); peerpact "
                "will not sign with it."
            ).format(path=path, value=info.st_mode & 0o777),
            _("Make it private: chmod 600 {path}").format(path=path),
        )


def load_key(path: Path) -> SigningKey | None:
    """The key pair at ``path``, or None when none was made yet."""
    check_private(path)
    try:
        data = read_bounded(path, _MAX_KEY_FILE, _("signing key"))
    except FileNotFoundError:
        return None
    return _from_pem(data, path)


def require_key(path: Path) -> SigningKey:
    """The key pair at ``path``; a clear error (and nothing made) when there is none."""
    existing = load_key(path)
    if existing is None:
        raise NotFoundError(
            _("There is no signing key on this computer yet."),
            _(
                "Make one with `peerpact setup`, or bring yours back with `peerpact key "
                "restore FILE`."
            ),
        )
    return existing


def load_or_create_key(path: Path) -> SigningKey:
    """The facilitator's key pair, made on first use (private key file 0600)."""
    existing = load_key(path)
    if existing is not None:
        return existing
    # Two first runs at once must not each make a key and overwrite the other.
    with locked(path):
        existing = load_key(path)
        if existing is not None:
            return existing
        return create_key(path)


def create_key(path: Path, replace: bool = False) -> SigningKey:
    """A new key pair at ``path``; an existing one is replaced only when asked."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        atomic_write(path, pem, exclusive=not replace)
    except FileExistsError as exc:
        raise InvalidError(_("A signing key already exists at {path}.").format(path=path)) from exc
    return _from_pem(pem, path)


def migrate_legacy_key(old: Path, new: Path) -> bool:
    """Move a key from where older versions kept it (the config folder, which
    people sync as dotfiles) to ``new``; True when it moved.

    The copy is written, read back and compared before the old file goes, so
    a crash at any point leaves at least one whole key. If both exist, the
    old one is left for a person to look at, never overwritten or deleted.
    """
    import contextlib
    import os

    if not old.is_file() or new.exists():
        return False
    check_private(old)
    with locked(new):
        if new.exists():
            return False
        data = read_bounded(old, _MAX_KEY_FILE, _("signing key"))
        _from_pem(data, old)  # only a real key is moved
        atomic_write(new, data, exclusive=True)
        if read_bounded(new, _MAX_KEY_FILE, _("signing key")) != data:
            raise InvalidError(
                _("The key copied to {new} differs from {old}; {old} is kept.").format(
                    new=new, old=old
                )
            )
        with contextlib.suppress(FileNotFoundError):
            os.unlink(old)
    return True


def key_from_pem(data: bytes, source: Path) -> SigningKey:
    """A key pair from PEM bytes (a restored backup), or a clear error."""
    return _from_pem(data, source)


def read_key_bytes(path: Path) -> bytes:
    """The private key file as it is on disk, for an encrypted backup."""
    require_key(path)
    return read_bounded(path, _MAX_KEY_FILE, _("signing key"))
