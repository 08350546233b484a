"""The replies bundle: leadership's answers, readable by each reporter's receipt alone.

Leadership publishes one file holding every answer not withdrawn (an
acknowledgement, a reply, a note meant for the reporter), each sealed with
age to the reporter's key (derived from their receipt, feedback/receipt.py)
and to every leader's, padded to one fixed size before sealing so that the
bundle says nothing about which case has how many answers, shuffled, and
signed with leadership's Ed25519 key. The file can travel anywhere (mail, a
shared folder, a web page); whoever reads it learns how many answers there
are in all, and nothing else.

A reporter's computer checks the signature (against a pinned key when one
is known, else the key the bundle carries, which it names), derives the key
from the receipt, and tries every answer: a wrong receipt and "no answer
yet" do the same work and give the same result, an empty list. Nothing here
writes anything.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peerpact.errors import InvalidError, UserInputError
from peerpact.i18n import _

FORMAT = "peerpact-replies"
VERSION = 1
KINDS = ("ack", "reply", "note")
#: Every answer is padded to this many bytes before it is sealed.
ANSWER_BYTES = 4096
#: The sealed answer, framed (its length, then the age file) and padded to
#: this size: age's header varies in length (one stanza a recipient, and rage
#: adds random "grease" ones), so padding the plain text alone is not enough.
#: 33 recipients (MAX_RECIPIENTS leaders and the reporter) take about 7,600.
SEALED_BYTES = 8192
#: The most of an answer's text that fits in the padding with room to spare.
MAX_ANSWER_TEXT_BYTES = 3500
#: A bundle is never read past this (5,000 answers take about 55 MB).
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
MAX_ANSWERS = 5000
MAX_RECIPIENTS = 32


@dataclass(frozen=True)
class Answer:
    """One answer as the reporter reads it."""

    kind: str
    day: str
    text: str


@dataclass(frozen=True)
class Bundle:
    """A bundle whose signature has been checked."""

    organisation: str
    signing_key: str
    recipients: tuple[str, ...]
    day: str
    answers: tuple[bytes, ...]
    #: Leadership's e-mail address, where a follow-up is sent ("" when none).
    email: str = ""


def _signed_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def public_key_text(private: Any) -> str:
    """An Ed25519 key's public half as the bundle and `--org-key` write it."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def answer_bytes(answer: Answer) -> bytes:
    """``answer`` as it is sealed, padded to ANSWER_BYTES; UserInputError, saying
    the limit, when its text is too long to pad (it is never cut short)."""
    fields = {"kind": answer.kind, "day": answer.day, "text": answer.text}
    # Not ensure_ascii: escaped, one accented letter would take six bytes.
    text = json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")
    if answer.kind not in KINDS:
        raise ValueError(answer.kind)
    if len(answer.text.encode("utf-8", "surrogatepass")) > MAX_ANSWER_TEXT_BYTES or (
        len(text) > ANSWER_BYTES
    ):
        raise UserInputError(
            _("An answer is at most {limit} bytes of text (this one is {size}).").format(
                limit=MAX_ANSWER_TEXT_BYTES, size=len(answer.text.encode("utf-8", "surrogatepass"))
            ),
            _("Shorten it, or split it in two answers."),
        )
    return text + b"\0" * (ANSWER_BYTES - len(text))


def seal_answer(answer: Answer, reporter: str, leaders: tuple[str, ...]) -> bytes:
    """``answer`` padded to ANSWER_BYTES and sealed to every leader and the
    reporter, framed and padded to SEALED_BYTES.

    The reporter's key comes last: age tries a key on each stanza in turn, so
    an answer that opens for the reporter costs the same key exchanges as one
    that does not (answers_for relies on it).
    """
    import secrets

    import pyrage

    plain = answer_bytes(answer)
    if not 0 < len(leaders) <= MAX_RECIPIENTS:
        raise UserInputError(
            _("An answer is sealed to between 1 and {limit} leaders; there are {count}.").format(
                limit=MAX_RECIPIENTS, count=len(leaders)
            )
        )
    keys = [pyrage.x25519.Recipient.from_str(key) for key in (*leaders, reporter)]
    sealed: bytes = pyrage.encrypt(plain, keys)
    framed = len(sealed).to_bytes(4, "big") + sealed
    if len(framed) > SEALED_BYTES:  # pragma: no cover - MAX_RECIPIENTS keeps it inside
        raise ValueError(len(framed))
    return framed + secrets.token_bytes(SEALED_BYTES - len(framed))


def build(
    organisation: str,
    private: Any,
    leaders: tuple[str, ...],
    sealed: list[bytes],
    day: str,
    email: str = "",
) -> bytes:
    """The bundle's bytes: ``sealed`` answers shuffled, everything signed."""
    answers = list(sealed)
    random.SystemRandom().shuffle(answers)
    body = {
        "format": FORMAT,
        "version": VERSION,
        "organisation": organisation,
        "signing_key": public_key_text(private),
        "recipients": list(leaders),
        "day": day,
        "email": email,
        "answers": [base64.b64encode(answer).decode("ascii") for answer in answers],
    }
    signature = base64.b64encode(private.sign(_signed_bytes(body))).decode("ascii")
    return (json.dumps({**body, "signature": signature}, indent=0) + "\n").encode()


def _damaged(path: Path) -> InvalidError:
    return InvalidError(
        _("{path} is not a replies bundle peerpact can read (damaged or cut short).").format(
            path=path
        ),
        _("Get the file again from where leadership published it."),
    )


def read(path: Path, pinned_key: str | None = None) -> Bundle:
    """The bundle at ``path``, its signature checked against ``pinned_key`` (or,
    without one, the key it carries); InvalidError for anything else."""
    from peerpact.files import read_given

    data = read_given(path, MAX_BUNDLE_BYTES, _("replies bundle"))
    try:
        document = json.loads(data)
        body = {key: value for key, value in document.items() if key != "signature"}
        signature = base64.b64decode(document["signature"], validate=True)
        bundle = _shape(body)
    # RecursionError: a bundle nested thousands deep (json.loads recurses).
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise _damaged(path) from exc
    if pinned_key is not None and pinned_key.strip() != bundle.signing_key:
        raise InvalidError(
            _("{path} is signed by another key than your organisation's.").format(path=path),
            _("Its answers are not shown: get the bundle from your organisation itself."),
        )
    _verify(path, bundle.signing_key, signature, _signed_bytes(body))
    return bundle


def _shape(body: dict[str, Any]) -> Bundle:
    """The bundle's fields, each checked for type and size (ValueError otherwise:
    the caller says the bundle is damaged, whichever field it was)."""
    recipients, answers = body["recipients"], body["answers"]
    shaped = (
        body.get("format") == FORMAT
        and body.get("version") == VERSION
        and isinstance(recipients, list)
        and 0 < len(recipients) <= MAX_RECIPIENTS
        and isinstance(answers, list)
        and len(answers) <= MAX_ANSWERS
    )
    email = body.get("email", "")
    texts = [body["organisation"], body["signing_key"], body["day"], email, *recipients, *answers]
    if not shaped or not all(isinstance(text, str) for text in texts) or not _address(email):
        raise ValueError
    sealed = tuple(base64.b64decode(answer, validate=True) for answer in answers)
    if any(len(answer) != SEALED_BYTES for answer in sealed):
        raise ValueError  # every answer is padded to one size: this one was not
    return Bundle(
        body["organisation"], body["signing_key"], tuple(recipients), body["day"], sealed, email
    )


def _address(email: str) -> bool:
    """Leadership's e-mail as a bundle may carry it: none, or one address on one line."""
    plain = not any(ord(c) < 32 or c == "\x7f" for c in email)
    return email == "" or (len(email) <= 320 and "@" in email and plain)


def _verify(path: Path, key: str, signature: bytes, signed: bytes) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(key, validate=True)).verify(
            signature, signed
        )
    except (InvalidSignature, ValueError) as exc:
        raise InvalidError(
            _(
                "{path} does not match its signature: it was changed after leadership signed it."
            ).format(path=path),
            _("Its answers are not shown: get the bundle again from leadership."),
        ) from exc


def answers_for(bundle: Bundle, receipt: str) -> list[Answer]:
    """The answers ``receipt`` opens, oldest first (the acknowledgement first
    on its day); [] for a wrong receipt and for one with no answer yet alike.

    The work does not depend on what matched: the key is derived once, every
    answer is tried, each costs the same key exchanges (the reporter's stanza
    is the last, seal_answer), and an answer that does not open has a decoy
    of the same size decrypted and parsed in place of its text.
    """
    import pyrage

    from peerpact.feedback.receipt import derive

    identity = pyrage.x25519.Identity.from_str(derive(receipt, bundle.organisation).identity)
    decoy, found = _decoy(), []
    for framed in bundle.answers:
        sealed = framed[4 : 4 + int.from_bytes(framed[:4], "big")]
        try:
            plain = pyrage.decrypt(sealed, [identity])
        except (pyrage.DecryptError, ValueError):
            plain = decoy()
        answer = _answer(plain)
        if answer is not None:
            found.append(answer)
    # A bundle is shuffled and an answer carries only its day: on one day the
    # acknowledgement comes first, as it did when leadership wrote them.
    return sorted(found, key=lambda answer: (answer.day, answer.kind != "ack"))


def _decoy() -> Callable[[], bytes]:
    """What an answer that did not open costs instead of its text: a payload
    of the same size decrypted (ChaCha20-Poly1305, as age's payload is), to
    padding that parses to no answer. Made once, before any answer is tried."""
    import os

    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    cipher, nonce = ChaCha20Poly1305(os.urandom(32)), os.urandom(12)
    sealed = cipher.encrypt(nonce, bytes(ANSWER_BYTES), None)
    return lambda: bytes(cipher.decrypt(nonce, sealed, None))


def _answer(plain: bytes) -> Answer | None:
    """An opened answer, or None when it is not one leadership could have sealed."""
    try:
        fields = json.loads(plain.rstrip(b"\0"))
        kind, day, text = fields["kind"], fields["day"], fields["text"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if kind not in KINDS or not isinstance(day, str) or not isinstance(text, str):
        return None
    return Answer(kind, day, text)
