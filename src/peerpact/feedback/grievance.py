"""`grievance`'s use case: check -> find -> the person's choices -> compose -> file.

The command line asks and shows; this checks what was given before anyone
types a word, finds what could identify someone, applies the choices the
person made about each finding, composes the message exactly as it will be
filed and files it. Plain data in and out; nothing is written until
``file`` is called, after the person has seen what ``compose`` made.

A sealed message comes with a receipt (feedback/receipt.py): made before the
message is composed, because the key answers are sealed to, derived from it,
goes inside the seal; the person types it back before ``file`` is called.
The receipt itself is kept nowhere.

A follow-up, written from `grievance check` with the receipt, is filed and
sealed the same way; it carries the reply key and follow-up tag the same
receipt derives in the bundle's organisation, so leadership's inbox files it
under the first message's case (leadership/sync.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.errors import UserInputError
from peerpact.i18n import _
from peerpact.text import clean_line

if TYPE_CHECKING:
    from peerpact.config import Config
    from peerpact.feedback.message import Composed, Grievance
    from peerpact.feedback.redact import Finding
    from peerpact.feedback.replies import Bundle


@dataclass(frozen=True)
class Given:
    """What the command line gave, before anything was asked."""

    category: str | None = None
    text: str | None = None
    text_file: str | None = None
    editor: bool = False
    contact: str | None = None
    terms: tuple[str, ...] = ()

    @property
    def has_text(self) -> bool:
        return self.text is not None or self.text_file is not None


@dataclass(frozen=True)
class Readers:
    """Who can read a grievance filed here: the recipients it is sealed to and
    the leaders' names (from the organisation file), or nobody named and
    ``unsealed`` when the organisation allows plain messages."""

    recipients: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def unsealed(self) -> bool:
        return not self.recipients


def settled(config: Config) -> Config:
    """The config with the joined organisation file's settings applied."""
    from peerpact.record.organisation.joined import settled as applied

    return applied(config)


def readers(config: Config) -> Readers:
    """Whom a grievance will be sealed to, checked before anyone writes a word:
    with no recipient at all, NotFoundError saying how to get one, unless the
    organisation explicitly allows unsealed messages."""
    from peerpact.config import age_recipient
    from peerpact.errors import NotFoundError
    from peerpact.record.organisation.joined import recipients, unsealed_allowed

    keys, names = recipients(config)
    for key in keys:
        age_recipient(key)  # a bad key fails now, not after writing
    if not keys and not unsealed_allowed(config):
        raise NotFoundError(
            _("No leader's key is known here, so nobody but this computer could read a grievance."),
            _("Join your organisation first: `peerpact org join FILE` (the file leadership gave)."),
        )
    return Readers(keys, names)


def _sealed_to(config: Config) -> tuple[str, ...]:
    from peerpact.record.organisation.joined import recipients

    return recipients(config)[0]


def check(given: Given, config: Config) -> Given:
    """What was given, checked before anyone is asked anything; the category
    as configured (its case), when one was given."""
    from dataclasses import replace

    if config.leadership_age_recipient:
        from peerpact.config import age_recipient

        age_recipient(config.leadership_age_recipient)  # a bad key fails now, not after writing
    if (given.text is not None) + (given.text_file is not None) + given.editor > 1:
        raise UserInputError(_("Give the text one way: --text, --text-file or --editor."))
    if given.category is None:
        return given
    return replace(given, category=category(given.category, config))


def categories(config: Config) -> tuple[str, ...]:
    """The categories to offer: config's, else the default template's, else ours."""
    from peerpact.feedback.message import categories as offered

    return offered(config.categories)


def category(said: str, config: Config) -> str:
    """The configured category ``said`` names, in any case; UserInputError otherwise."""
    from peerpact.feedback.message import match_category

    return match_category(clean_line(said), categories(config))


def given_text(given: Given) -> str:
    """The text given with --text or --text-file (``-`` is standard input)."""
    import sys

    from peerpact.feedback.message import MAX_TEXT_CHARS, decode_text, read_text_file

    if given.text is not None:
        return clean_line(given.text)
    if given.text_file == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_CHARS * 4 + 1)
        return clean_line(decode_text(data, "standard input"))
    return clean_line(read_text_file(Path(str(given.text_file))))


def findings(text: str, terms: tuple[str, ...] | list[str]) -> list[Finding]:
    """Everything in ``text`` that could identify someone: what redaction
    finds by its kind, this computer's names and ids, and ``terms``."""
    import os

    from peerpact.feedback import redact
    from peerpact.feedback.message import identifying_terms

    names, known, hosts = identifying_terms()
    regions = redact.regions_from_env(os.environ)
    return redact.find(text, names, [*known, *terms], regions, hosts)


def choose(text: str, found: list[Finding], kept: set[int] | None = None) -> str:
    """The text with every finding replaced but those the person kept."""
    from peerpact.feedback import redact

    return redact.apply(text, found, kept or set())


def unattended(given: Given) -> Grievance:
    """`--no-input`: the given text with every finding replaced."""
    from peerpact.feedback.message import Grievance, check_text

    if not given.has_text:
        raise UserInputError(_("--no-input needs --text or --text-file (there is no one to ask)."))
    written = given_text(given)
    check_text(written)
    finished = choose(written, findings(written, given.terms))
    return Grievance(finished, given.category or "", clean_line(given.contact or ""))


def organisation_id() -> str:
    """What receipts are salted with, so that a guess is good for one
    organisation only: the joined organisation file's id ("" when none).

    Only a joined computer makes a receipt. The replies bundle carries the
    organisation's id and `grievance check` derives the key with it, on any
    computer; a recipient set by hand names no organisation, and a receipt
    salted with anything else would open nothing (docs/anonymity.md).
    """
    from peerpact.record.organisation.joined import joined

    org = joined()
    return org.id if org is not None else ""


def answerable(config: Config) -> bool:
    """Whether a grievance filed here gets a receipt: sealed, and this
    computer joined its organisation (unsealed, anyone at this computer could
    read the answers' key; not joined, no bundle's salt would match it)."""
    return bool(_sealed_to(config) and organisation_id())


def new_receipt(config: Config) -> str | None:
    """A receipt, when the message is ``answerable``."""
    from peerpact.feedback.receipt import new_receipt as made

    return made() if answerable(config) else None


def typed_back(receipt: str, typed: str) -> bool:
    """Whether ``typed`` is ``receipt``; UserInputError (with the nearest
    words) when it is not six receipt words."""
    import hmac

    from peerpact.feedback.receipt import normalise

    return hmac.compare_digest(normalise(typed).encode(), normalise(receipt).encode())


def compose(grievance: Grievance, config: Config, receipt: str | None = None) -> Composed:
    """The message exactly as it will be filed (sealed when leadership has a
    key, with the reply key ``receipt`` derives inside the seal)."""
    from peerpact.feedback.message import check_text
    from peerpact.feedback.message import compose as composed
    from peerpact.feedback.receipt import derive

    check_text(grievance.text)
    sealed_to = _sealed_to(config)
    salt = organisation_id() if receipt and sealed_to else ""
    reply = derive(receipt, salt) if receipt and salt else None
    return composed(
        grievance, config.leadership_email, sealed_to, reply=reply,
        language=config.organization_language,
    )  # fmt: skip


def file(message: Composed) -> str:
    """Into the outbox, where it waits for `outbox send` or `outbox export`;
    the outbox id it has there."""
    from peerpact.feedback import outbox

    return outbox.outbox_id(outbox.file(message))


@dataclass(frozen=True)
class Checked:
    """A replies bundle as `grievance check` read it: ``pinned`` when its
    signature was checked against a key known beforehand (--org-key, or the
    joined organisation's), not only the key it carries."""

    bundle: Bundle
    pinned: bool


def open_bundle(path: Path, org_key: str | None) -> Checked:
    """The bundle at ``path``, checked against ``org_key`` or, without one, the
    joined organisation's key and id; InvalidError for any other bundle."""
    import base64

    from peerpact.errors import InvalidError
    from peerpact.feedback.replies import read
    from peerpact.record.organisation.joined import joined

    org = None if org_key else joined()
    key = org_key.strip() if org_key else base64.b64encode(org.key).decode() if org else None
    bundle = read(path, key)
    if org is not None and bundle.organisation != org.id:
        raise InvalidError(
            _("{path} is from another organisation than the one this computer joined.").format(
                path=path
            ),
            _("Its answers are not shown: get the bundle from your organisation itself."),
        )
    return Checked(bundle, key is not None)


def follow_up_readers(config: Config, checked: Checked) -> Readers:
    """Whom a follow-up is sealed to: the leaders this computer knows (the
    joined file, or the key set by hand), else the bundle's leaders when its
    key was pinned; NotFoundError otherwise, since an unpinned bundle could
    name anyone's keys."""
    from peerpact.errors import NotFoundError
    from peerpact.record.organisation.joined import recipients

    keys, names = recipients(config)
    if keys:
        return Readers(keys, names)
    if checked.pinned:
        return Readers(checked.bundle.recipients, ())
    raise NotFoundError(
        _("No leader's key is known here, so a follow-up could be sealed to a stranger."),
        _("Give your organisation's signing key with --org-key, or join it: `peerpact org join`."),
    )


def compose_follow_up(
    grievance: Grievance, config: Config, receipt: str, checked: Checked, readers: Readers
) -> Composed:
    """A follow-up exactly as it will be filed: sealed to ``readers``, with the
    reply key and follow-up tag ``receipt`` derives in the bundle's organisation."""
    from peerpact.feedback.message import check_text
    from peerpact.feedback.message import compose as composed
    from peerpact.feedback.receipt import derive

    check_text(grievance.text)
    reply = derive(receipt, checked.bundle.organisation)
    # An unpinned bundle could be anyone's: its address must not choose where
    # the follow-up goes (that would tell its author who is writing).
    to = config.leadership_email or (checked.bundle.email if checked.pinned else "")
    return composed(
        grievance, to, readers.recipients, reply=reply, language=config.organization_language
    )
