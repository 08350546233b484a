"""Random codes people read aloud: record and draft ids, receipts."""

from __future__ import annotations

#: Letters and digits nobody misreads aloud: no 0/o, no 1/l/i.
READABLE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def random_code(length: int) -> str:
    """A random code from READABLE_ALPHABET (ids and receipts): says nothing of anyone."""
    import secrets

    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))
