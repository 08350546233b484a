"""Building a revision's payload: created, amended, ended.

The first revision comes from an unsigned draft once every party has
consented; later ones from changes every party confirmed by typing their
name, or from one party ending the agreement. Numbering, chaining and signing
are ``record.format``'s; checking what a payload may say is ``check``'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from peerpact.agreement.state import Agreement, find_party
from peerpact.agreement.template import ADDITION_KINDS, Template
from peerpact.agreement.unsigned import Draft, PartyDraft, check_parties
from peerpact.clock import now
from peerpact.errors import DeclinedError, UserInputError
from peerpact.i18n import _
from peerpact.record.payload.check import MAX_NOTE, signature_matches
from peerpact.record.payload.replay import replay
from peerpact.text import clean_line


def check_consent(draft: Draft, source: str = "parties") -> None:
    """Each party's typed signature must be their name; anything else is no."""
    for index, party in enumerate(draft.parties):
        if not signature_matches(party.name, party.signature):
            raise DeclinedError(
                _(
                    "{source}[{index}].signature: {name} has not consented "
                    "(the signature must be their name exactly, {name!r})."
                ).format(source=source, index=index, name=party.name),
                _("Nothing was written."),
            )


def signed_body(draft: Draft, template: Template, values: dict[str, str]) -> dict[str, Any]:
    """The first revision's content, once every party has consented."""
    check_parties(draft, template)
    check_consent(draft)
    return creation_body(draft, template, values)


def preview(draft: Draft, template: Template, values: dict[str, str]) -> Agreement:
    """The agreement as it would be recorded, for review before consent."""
    body = creation_body(draft, template, values)
    return replay([({**body, "record": "(not yet recorded)", "number": 0}, "")])


def creation_body(draft: Draft, template: Template, values: dict[str, str]) -> dict[str, Any]:
    """The first revision's content, before numbering and signing."""
    from peerpact.agreement.render import resolve

    time = now()
    parties, changes, confirmations = [], [], []
    for index, party in enumerate(draft.parties, start=1):
        party_id = f"p{index}"
        parties.append(
            {"id": party_id, "role": party.role, "name": party.name, "pronouns": party.pronouns}
        )
        for kind, prefix in ADDITION_KINDS.items():
            for number, text in enumerate(party.additions.get(kind, []), start=1):
                changes.append(
                    {
                        "op": "add",
                        "party": party_id,
                        "kind": kind,
                        "label": f"{prefix}{number}",
                        "text": text,
                    }
                )
        confirmations.append({"party": party_id, "signature": party.signature, "time": time})
    return {
        "kind": "created",
        "time": time,
        "template": {
            "id": template.id,
            "name": template.name,
            "version": template.version,
            "language": template.language,
            "sha256": template.sha256,
        },
        "variables": values,
        "agreement": resolve(template, values),
        "parties": parties,
        "changes": changes,
        "confirmations": confirmations,
    }


def example_state(template: Template, given: dict[str, str] | None = None) -> Agreement:
    """The template as an agreement between example parties, for `template show`."""
    from peerpact.agreement.library import EXAMPLE_NAMES, preview_values

    required = [role for role, entry in template.roles.items() if entry["required"]]
    parties = [
        PartyDraft(role=role, name=(EXAMPLE_NAMES[i] if i < len(EXAMPLE_NAMES) else f"Person {i}"))
        for i, role in enumerate(required)
    ]
    return preview(Draft(parties=parties), template, preview_values(template, given or {}))


def confirmations(state: Agreement, typed: Iterable[str]) -> list[dict[str, str]]:
    """Every party's confirmation, from the typed signatures given in any order.

    A change binds every party, so every party must confirm it by typing their
    own name; a signature that is nobody's name confirms nothing.
    """
    given = [clean_line(signature) for signature in typed]
    time = now()
    result = []
    for party in state.parties:
        match = next((sig for sig in given if signature_matches(party.name, sig)), None)
        if match is None:
            unmatched = [
                sig
                for sig in given
                if not any(signature_matches(p.name, sig) for p in state.parties)
            ]
            hint = _(
                "%(name)s confirms by typing their name exactly as shown, %(typed)r "
                "(--sign, or `signature` in an answers file)."
            ) % {"name": party.name, "typed": party.name}
            if unmatched:
                hint += " " + _("%(typed)r is not the name of any party.") % {"typed": unmatched[0]}
            raise DeclinedError(
                _("%(name)s has not confirmed. Nothing was written.") % {"name": party.name}, hint
            )
        result.append({"party": party.id, "signature": match, "time": time})
    return result


def amended_body(changes: list[dict[str, Any]], confirmed: list[dict[str, str]]) -> dict[str, Any]:
    return {"kind": "amended", "time": now(), "changes": changes, "confirmations": confirmed}


def ended_body(state: Agreement, party_spec: str, typed: str, note: str = "") -> dict[str, Any]:
    """The "ended" revision: who ended it and their signature. No reason is asked;
    a note is stored only when someone volunteered one."""
    party = find_party(state, party_spec)
    if not signature_matches(party.name, typed):
        raise DeclinedError(
            _("%(name)s has not confirmed ending the agreement. Nothing was written.")
            % {"name": party.name},
            _("The signature must be their name exactly, %(name)r.") % {"name": party.name},
        )
    time = now()
    body: dict[str, Any] = {
        "kind": "ended",
        "time": time,
        "ended_by": party.id,
        "confirmations": [{"party": party.id, "signature": clean_line(typed), "time": time}],
    }
    note = clean_line(note)
    if len(note) > MAX_NOTE:
        raise UserInputError(_("--note: at most %(n)s characters.") % {"n": MAX_NOTE})
    if note:
        body["note"] = note
    return body
