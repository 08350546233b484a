"""A bench home joins an organisation, so `grievance` is measured as a
facilitator runs it: sealed to the leaders (grievances are sealed unless an
organisation allows plain ones, and a home that joined none refuses).

The organisation file is signed as `org init` signs it (its own code), with
one leader whose identity is thrown away: the bench never reads what it seals.
"""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path


def join(home: Path, peerpact: str, env: dict[str, str]) -> None:
    """Have ``home`` join a new organisation, unless it joined one before."""
    marker = home / "bench-organisation.toml"
    if marker.exists():
        return
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from pyrage import x25519

    from peerpact.record.organisation.document import (
        Leader,
        Organisation,
        body,
        canonical,
        dump,
    )

    key = Ed25519PrivateKey.generate()
    org = Organisation(
        id=secrets.token_hex(16),
        serial=1,
        issued="2026-01-05",
        name="Bench Peers",
        email="leads@example.org",
        leaders=(Leader("Sam", str(x25519.Identity.generate().to_public())),),
        categories=("feedback",),
        key=key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
    )
    staged = marker.with_suffix(".part")
    staged.write_bytes(dump(org, key.sign(canonical(body(org)))))
    subprocess.run(
        [peerpact, "org", "join", str(staged)], env=env, check=True, stdout=subprocess.DEVNULL
    )
    staged.rename(marker)  # only a home that joined is marked so
