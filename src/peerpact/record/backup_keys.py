"""Which keys a restore brings: only what this computer would trust anyway.

A backup's trusted-keys file is unsigned bytes like any other file in it, so
what it says decides nothing. An earlier key of this computer comes along
only with its retirement signed back along the chain to the signing key
this computer will have after the restore. Any other key (a colleague's, or
one merely marked ``own``) comes along only when the person names its
fingerprint, ``restore --trust FINGERPRINT``: the same explicit step as
``key trust``. Keys already trusted here stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from peerpact.clock import now
from peerpact.errors import ConflictError, UserInputError
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.record.keyring import (
    Keyring,
    TrustedKey,
    entries_in,
    own_part,
    ring_of,
    trusted_keys,
)
from peerpact.record.keys import SigningKey, load_key


@dataclass(frozen=True)
class KeyPlan:
    """What a restore does to this computer's keys, decided before anything is written."""

    #: The signing key this computer has after the restore (None: none at all).
    key: SigningKey | None
    #: The backup's signing key is written (there is none here yet).
    write_key: bool
    #: Entries the trusted-keys file gains: earlier own keys, then named ones.
    added: list[TrustedKey]
    #: Keys of the backup trusted because the person named them (--trust).
    trusted: list[TrustedKey]
    #: Keys the backup trusts that are not brought (neither own nor named).
    left_out: list[TrustedKey]
    #: What the backup's records verify against: exactly the keys this
    #: computer will trust after the restore.
    ring: Keyring

    @property
    def own(self) -> Keyring:
        """The keys that may sign the backup's tombstones and witness lines."""
        return own_part(self.ring)


def plan(
    backup_key: SigningKey | None,
    backup_trusted: bytes | None,
    source: str,
    trust: Sequence[str] = (),
) -> KeyPlan:
    """The keys after restoring a backup holding ``backup_key`` and the
    trusted-keys file ``backup_trusted``; nothing is written here."""
    paths = get_paths()
    here = load_key(paths.key_file)
    if (
        here is not None
        and backup_key is not None
        and here.public.fingerprint != backup_key.public.fingerprint
    ):
        raise ConflictError(
            _("This computer already has another signing key ({fingerprint}).").format(
                fingerprint=here.public.fingerprint
            ),
            _(
                "A restore never replaces this computer's key, --overwrite or not; "
                "nothing was written."
            ),
        )
    key = here or backup_key
    local = trusted_keys()
    known = {entry.public.fingerprint for entry in local}
    if key is not None:
        known.add(key.public.fingerprint)
    offered = [] if backup_trusted is None else entries_in(backup_trusted, source)
    candidates = [entry for entry in offered if entry.public.fingerprint not in known]
    wanted = {fingerprint.strip().upper() for fingerprint in trust}
    unknown = sorted(wanted - {entry.public.fingerprint for entry in offered})
    if unknown:
        raise UserInputError(
            _("--trust {fingerprint}: the backup trusts no such key.").format(
                fingerprint=unknown[0]
            ),
            _("Nothing was written. `key trust FILE` trusts a key from its .pub file."),
        )
    own = ring_of(key, [*local, *candidates]).own
    brought = [entry for entry in candidates if entry.public.fingerprint in own]
    trusted = [
        TrustedKey(entry.public, entry.name, own=False, added=now())
        for entry in candidates
        if entry.public.fingerprint not in own and entry.public.fingerprint in wanted
    ]
    left_out = [
        entry
        for entry in candidates
        if entry.public.fingerprint not in own and entry.public.fingerprint not in wanted
    ]
    return KeyPlan(
        key=key,
        write_key=here is None and backup_key is not None,
        added=[*brought, *trusted],
        trusted=trusted,
        left_out=left_out,
        ring=ring_of(key, [*local, *brought, *trusted]),
    )


def write(plan: KeyPlan) -> None:
    """The trusted-keys file with what ``plan`` adds, under its lock."""
    from peerpact.files import locked
    from peerpact.record.keyring import save

    if not plan.added:
        return
    with locked(get_paths().trusted_keys_file):
        entries = trusted_keys()
        there = {entry.public.fingerprint for entry in entries}
        save([*entries, *(e for e in plan.added if e.public.fingerprint not in there)])


def left_out_hint(plan: KeyPlan) -> str:
    """What to do when a record in the backup needs a key it was not given."""
    if not plan.left_out:
        return _("A backup is restored whole or not at all.")
    keys = ", ".join(f"{e.public.fingerprint} ({e.name!r})" for e in plan.left_out[:3])
    return _(
        "The backup trusts keys this computer does not: {keys}. A restore trusts one only "
        "when you name it: check its fingerprint with its owner, as for `key trust`, then "
        "restore with --trust FINGERPRINT."
    ).format(keys=keys)
