"""`inbox publish`'s use case: one replies bundle holding every answer not
withdrawn, signed by leadership's signing key (the key facilitators pinned
when they joined the organisation file) and carrying the organisation's id.

Every answer in it was sealed and padded to one size when its entry was made
(leadership/answers.py); the bundle shuffles them (feedback/replies.build),
so neither the order nor the sizes say which case has how many answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyrage import x25519

    from peerpact.leadership.inbox import Inbox


@dataclass(frozen=True)
class Published:
    data: bytes
    answers: int
    inbox: Inbox


def publish(identities: Sequence[x25519.Identity]) -> Published:
    """The bundle's bytes, for the inbox these identities open; NotFoundError
    when this computer issued no organisation file (nothing to sign with)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from peerpact.clock import today
    from peerpact.feedback.replies import build
    from peerpact.leadership.answers import leaders, sealed_answers
    from peerpact.leadership.founding import issued
    from peerpact.leadership.inbox import read

    org, key = issued()
    inbox = read(identities)
    sealed = sealed_answers(inbox.cases)
    private = Ed25519PrivateKey.from_private_bytes(key.seed)
    recipients = leaders(inbox.identities)
    data = build(org.id, private, recipients, sealed, today().isoformat(), org.email)
    return Published(data, len(sealed), inbox)
