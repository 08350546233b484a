"""Leadership's side of a replies bundle, for the tests of `grievance check`:
a signing key, the leaders' age identities, and bundles built by the core's
own feedback/replies.build (as `inbox publish` builds them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from peerpact.feedback import replies
from peerpact.feedback.receipt import derive


@dataclass
class Leadership:
    organisation: str = "org-test-0001"
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    leaders: list[pyrage.x25519.Identity] = field(
        default_factory=lambda: [pyrage.x25519.Identity.generate() for _ in range(2)]
    )

    @property
    def recipients(self) -> tuple[str, ...]:
        return tuple(str(leader.to_public()) for leader in self.leaders)

    @property
    def public_key(self) -> str:
        return replies.public_key_text(self.key)

    def sealed(self, receipt: str, *answers: replies.Answer) -> list[bytes]:
        reporter = derive(receipt, self.organisation).recipient
        return [replies.seal_answer(answer, reporter, self.recipients) for answer in answers]

    def publish(self, path: Path, sealed: list[bytes], day: str = "2026-12-02") -> Path:
        data = replies.build(self.organisation, self.key, self.recipients, sealed, day)
        path.write_bytes(data)
        return path
