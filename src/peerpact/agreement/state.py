"""The agreement as it stands: its text, its parties and their additions, and
what the layouts are given to show it. Pure data; how a record's history
becomes one is ``record.payload.replay``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peerpact.agreement.template import ADDITION_KINDS
from peerpact.errors import RecordError, UserInputError
from peerpact.i18n import _
from peerpact.text import clean_line

ACTIVE = "active"
ENDED = "ended"


@dataclass
class Item:
    kind: str
    label: str
    text: str


@dataclass
class Party:
    id: str
    role: str
    name: str
    pronouns: str = ""
    #: The party's items by upper-case label, in the order they were added: a
    #: withdrawal or rewording finds its item at once, so replaying a record
    #: of many revisions stays linear (a list search made it quadratic).
    by_label: dict[str, Item] = field(default_factory=dict)

    @property
    def items(self) -> list[Item]:
        return list(self.by_label.values())

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.by_label.values() if item.kind == kind]

    def find(self, label: str) -> Item | None:
        return self.by_label.get(label.upper())


@dataclass
class Agreement:
    id: str
    text: dict[str, Any]
    template: dict[str, Any]
    variables: dict[str, str]
    parties: list[Party]
    status: str
    created: str
    updated: str
    revision: int
    head: str
    #: The typed signatures of the revision that last set the terms (created or
    #: amended), by party id. Ending changes no terms, so it does not replace them.
    confirmations: list[dict[str, str]]
    ended_by: str = ""
    #: How many items of each (party, kind) were ever added: labels never repeat.
    counters: dict[tuple[str, str], int] = field(default_factory=dict)

    def party(self, party_id: str) -> Party:
        for party in self.parties:
            if party.id == party_id:
                return party
        raise RecordError(
            _("Record %(id)s names an unknown party %(party)r.")
            % {"id": self.id, "party": party_id}
        )

    def next_label(self, party_id: str, kind: str) -> str:
        return f"{ADDITION_KINDS[kind]}{self.counters.get((party_id, kind), 0) + 1}"


def _malformed(where: str) -> str:
    return _("The agreement text is malformed at %(where)s.") % {"where": where}


def _as_text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise RecordError(_malformed(where))
    return value


def _clauses(items: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise RecordError(_malformed(where))
    result = []
    for index, item in enumerate(items):
        here = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise RecordError(_malformed(here))
        result.append(
            {
                "text": _as_text(item.get("text"), here),
                "mark": _as_text(item.get("mark", ""), here),
                "clauses": _clauses(item.get("clauses", []), f"{here}.clauses"),
            }
        )
    return result


def agreement_text(raw: dict[str, Any]) -> dict[str, Any]:
    """The stored agreement text in a fixed shape, so layouts never meet surprises."""
    sections = raw.get("sections")
    if not isinstance(sections, list):
        raise RecordError(_("The agreement text has no sections."))
    footnotes = raw.get("footnotes", [])
    if not isinstance(footnotes, list) or not all(isinstance(n, dict) for n in footnotes):
        raise RecordError(_("The agreement text's footnotes are malformed."))
    tables = {key: raw.get(key, {}) for key in ("additions", "roles")}
    if not all(isinstance(value, dict) for value in tables.values()):
        raise RecordError(_("The agreement text's roles or additions are malformed."))
    return {
        "title": _as_text(raw.get("title", ""), "title"),
        "language": _as_text(raw.get("language", "en"), "language"),
        "introduction": _as_text(raw.get("introduction", ""), "introduction"),
        "feedback": _as_text(raw.get("feedback", ""), "feedback"),
        "sections": [
            {
                "title": _as_text(section.get("title"), f"sections[{i}].title"),
                "clauses": _clauses(section.get("clauses", []), f"sections[{i}].clauses"),
            }
            if isinstance(section, dict)
            else _as_text(None, f"sections[{i}]")
            for i, section in enumerate(sections)
        ],
        "footnotes": [
            {
                "mark": _as_text(note.get("mark", ""), f"footnotes[{i}].mark"),
                "text": _as_text(note.get("text"), f"footnotes[{i}].text"),
            }
            for i, note in enumerate(footnotes)
        ],
        **tables,
    }


def role_label(text: dict[str, Any], role: str) -> str:
    """How the agreement names a role ("Peer Supporter"); the role's id otherwise."""
    roles = text.get("roles", {})
    entry = roles.get(role, {}) if isinstance(roles, dict) else {}
    return str(entry.get("label", role)) if isinstance(entry, dict) else role


def view(state: Agreement) -> dict[str, Any]:
    """What the layouts need to show an agreement, as plain data."""
    text = agreement_text(state.text)
    additions = text["additions"]
    names = {party.id: party.name for party in state.parties}
    return {
        "id": state.id,
        "status": state.status,
        "revision": state.revision,
        "head": state.head[:16],
        "created": state.created,
        "updated": state.updated,
        "ended_by": names.get(state.ended_by, ""),
        "agreement": text,
        "language": text["language"],
        "parties": [
            {
                "name": party.name,
                "pronouns": party.pronouns,
                "role": party.role,
                "role_label": role_label(text, party.role),
                "additions": [
                    {
                        "kind": kind,
                        "label": str(additions.get(kind, {}).get("label", kind.title())),
                        "entries": [
                            {"label": item.label, "text": item.text} for item in party.of_kind(kind)
                        ],
                    }
                    for kind in ADDITION_KINDS
                ],
            }
            for party in state.parties
        ],
        "confirmations": [
            {
                "name": names.get(str(entry.get("party", "")), "?"),
                "signature": str(entry.get("signature", "")),
                "time": str(entry.get("time", "")),
            }
            for entry in state.confirmations
            if isinstance(entry, dict)
        ],
    }


def find_party(state: Agreement, spec: str) -> Party:
    """A party by name (any case), by id (p1), or by a role only one party has."""
    wanted = clean_line(spec).casefold()
    for party in state.parties:
        if clean_line(party.name).casefold() == wanted:
            return party
    for party in state.parties:
        if party.id == wanted:
            return party
    by_role = [party for party in state.parties if party.role == wanted]
    if len(by_role) == 1:
        return by_role[0]
    names = ", ".join(party.name for party in state.parties)
    raise UserInputError(
        _("%(spec)r is not a party of agreement %(id)s.") % {"spec": spec, "id": state.id},
        _("Its parties are: %(names)s.") % {"names": names},
    )
