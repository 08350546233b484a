"""Answers to the reporter: what `inbox ack`, `reply` and `note --for-reporter`
seal for them, kept in the case, and what `inbox publish` may hand out.

An answer is sealed when its entry is made (feedback/replies.seal_answer:
padded to one size, sealed to every leader and to the age recipient the
reporter's receipt derived, which travelled inside their sealed message) and
the sealed bytes go into that entry, signed with the rest of it: only what
the case's signed chain holds is ever published. A later ``withdraw`` entry
takes an answer out of every later bundle (one already published stays where
it went). A case whose message carried no reply recipient (the reporter gave
contact details, or it came from a peerpact before receipts, or from a
computer that had not joined the organisation) has no one to seal to: the
caller says so, and `inbox reply` writes to the contact instead.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from peerpact.errors import ConflictError, NotFoundError, UserInputError
from peerpact.i18n import _

if TYPE_CHECKING:
    from pyrage import x25519

    from peerpact.feedback.message import Composed
    from peerpact.leadership.cases import Case, Entry

#: The entry key the sealed answer is kept under (base64 of SEALED_BYTES).
ANSWER = "answer"
#: An entry taking an earlier answer out of later bundles.
WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Reached:
    """How an answer went: sealed for the bundle, e-mailed, both, or neither."""

    sealed: bool = False
    emailed_to: str = ""


def leaders(identities: Sequence[x25519.Identity]) -> tuple[str, ...]:
    """Every leader an answer is sealed to, so any of them can read what was
    said: the organisation file this computer issued (or joined), and the
    identities the inbox was opened with."""
    from peerpact.errors import PeerpactError
    from peerpact.leadership.founding import issued
    from peerpact.record.organisation.joined import joined

    opened = [str(identity.to_public()) for identity in identities]
    try:
        named = issued()[0].recipients
    except PeerpactError:
        try:
            org = joined()
        except PeerpactError:
            org = None
        named = org.recipients if org is not None else ()
    return tuple(dict.fromkeys((*named, *opened)))


def kind_of(body: dict[str, Any]) -> str:
    """The bundle's kind of answer an entry is: ack, reply or note."""
    return "ack" if body.get("kind") == "status" else str(body.get("kind"))


def seal(case: Case, body: dict[str, Any], text: str, leaders: tuple[str, ...]) -> str:
    """The answer ``body`` makes, sealed for ``case``'s reporter, as its entry keeps it."""
    from peerpact.feedback.replies import Answer, seal_answer

    answer = Answer(kind_of(body), str(body["day"]), text)
    sealed = seal_answer(answer, case.reply_recipient, leaders)
    return base64.b64encode(sealed).decode("ascii")


def check_length(text: str) -> None:
    """Refuse, with the limit, an answer too long to pad (before anything is written)."""
    from peerpact.feedback.replies import Answer, answer_bytes

    answer_bytes(Answer("reply", "2026-01-01", text))


def withdrawn(case: Case) -> set[int]:
    """The entries a later ``withdraw`` entry took out of the bundle."""
    found = set()
    for entry in case.history:
        number = entry.payload.get("entry")
        if entry.kind == WITHDRAW and isinstance(number, int):
            found.add(number)
    return found


def published(case: Case) -> list[Entry]:
    """The entries of ``case`` whose sealed answer goes in the next bundle."""
    gone = withdrawn(case)
    return [
        entry
        for entry in case.history
        if isinstance(entry.payload.get(ANSWER), str) and entry.number not in gone
    ]


def sealed_answers(cases: Sequence[Case]) -> list[bytes]:
    """Every answer not withdrawn, as sealed (a signed entry holds nothing else)."""
    from peerpact.feedback.replies import SEALED_BYTES

    found = []
    for case in cases:
        for entry in published(case):
            sealed = base64.b64decode(str(entry.payload[ANSWER]), validate=True)
            if len(sealed) == SEALED_BYTES:
                found.append(sealed)
    return found


def check_withdraw(case: Case, number: int) -> None:
    """Refuse to withdraw an entry that holds no answer, or one withdrawn already."""
    holding = {entry.number for entry in case.history if ANSWER in entry.payload}
    if number not in holding:
        raise NotFoundError(
            _("Entry {number} of case {name} is not an answer to the reporter.").format(
                number=number, name=case.name
            ),
            _("`peerpact inbox show {name}` numbers every entry.").format(name=case.name),
        )
    if number in withdrawn(case):
        raise ConflictError(
            _("Entry {number} of case {name} was withdrawn already.").format(
                number=number, name=case.name
            )
        )


def unreachable(case: Case) -> UserInputError:
    """Why nothing can reach this case's reporter through a bundle."""
    hint = (
        _("They gave contact details: write to them with `peerpact inbox reply {name}`.")
        if case.contact
        else _("Keep it as an internal note: leave out --for-reporter.")
    )
    return UserInputError(
        _(
            "Case {name}'s message carried no receipt, so its reporter cannot read "
            "answers from a bundle."
        ).format(name=case.name),
        hint.format(name=case.name),
    )


def no_address(case: Case) -> UserInputError:
    return UserInputError(
        _(
            "Case {name}'s reporter gave contact details without an e-mail address, and no receipt."
        ).format(name=case.name),
        _("Reach them as they asked: `peerpact inbox show {name}` shows the details.").format(
            name=case.name
        ),
    )


def contact_address(text: str) -> str:
    """The e-mail address the reporter gave, from the Reply-To line their sealed
    message carries above its Category line ("" when none): the person's own
    words, below it, cannot pose as one."""
    from peerpact.feedback.message import reply_to
    from peerpact.feedback.wording import every_language

    categories = tuple(f"{words.category}: " for words in every_language())
    for line in text.split("\n"):
        if line.startswith(categories):
            break
        if line.startswith("Reply-To: "):
            address = line.removeprefix("Reply-To: ").strip()
            return address if reply_to(address) == address else ""
    return ""


def contact_email(to: str, text: str) -> Composed:
    """An ordinary e-mail from leadership to the address a reporter gave."""
    from peerpact.config import load_config
    from peerpact.errors import PeerpactError
    from peerpact.feedback.message import compose_reply
    from peerpact.leadership.founding import issued
    from peerpact.record.organisation.joined import settled

    try:
        org = issued()[0]
        sender, name = org.email, org.name
    except PeerpactError:
        config = settled(load_config())
        sender, name = config.leadership_email, config.organization_name
    if not sender:
        raise UserInputError(
            _("There is no leadership address to write from."),
            _("Set it with `peerpact org update --email ADDRESS`."),
        )
    subject = _("Your message to {organisation}").format(organisation=name or sender)
    return compose_reply(to, sender, subject, text)
