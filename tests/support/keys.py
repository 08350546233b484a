"""A signing key of someone else's (an attacker's, a colleague's), made away
from the home under test."""

from __future__ import annotations

import itertools
from pathlib import Path

from peerpact.record.keys import SigningKey, create_key

_made = itertools.count()


def stranger_key(folder: Path) -> SigningKey:
    """A fresh key pair, its private half in ``folder``."""
    return create_key(folder / f"stranger-{next(_made)}.key")
