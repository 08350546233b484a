"""The agreement as it stands: replaying a record's revisions into state.

Pure data in, pure data out. A revision payload is trusted here only after
``record.verify`` (or, for listing, as a best-effort summary); malformed
payloads raise RecordError rather than a KeyError.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from peerpact.agreement.template import ADDITION_KINDS
from peerpact.errors import RecordError
from peerpact.i18n import _

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


class _At:
    """Where in a record a problem is, put into words only when there is one:
    every record `list` reads is replayed, and words cost time."""

    __slots__ = ("change", "number", "party")

    def __init__(self, number: object, party: int = 0, change: int = 0) -> None:
        self.number, self.party, self.change = number, party, change

    def __str__(self) -> str:
        where = _("revision %(n)s") % {"n": self.number}
        if self.party:
            where = _("%(where)s, party %(n)s") % {"where": where, "n": self.party}
        if self.change:
            where = _("%(where)s, change %(n)s") % {"where": where, "n": self.change}
        return where


def _str(payload: dict[str, Any], key: str, where: object) -> str:
    value = payload.get(key)
    if not isinstance(value, str):
        raise RecordError(
            _("%(where)s: `%(key)s` is missing or not text.") % {"where": where, "key": key}
        )
    return value


def apply_change(state: Agreement, change: dict[str, Any], where: object) -> None:
    """Apply one add / withdraw / reword to ``state`` in place."""
    op = change.get("op")
    party = state.party(_str(change, "party", where))
    label = _str(change, "label", where)
    if op == "add":
        kind = _str(change, "kind", where)
        if kind not in ADDITION_KINDS:
            raise RecordError(
                _("%(where)s: unknown kind of addition %(kind)r.") % {"where": where, "kind": kind}
            )
        expected = state.next_label(party.id, kind)
        if label != expected:
            raise RecordError(
                _("%(where)s: label %(label)r out of sequence (expected %(expected)s).")
                % {"where": where, "label": label, "expected": expected}
            )
        state.counters[(party.id, kind)] = state.counters.get((party.id, kind), 0) + 1
        party.by_label[label.upper()] = Item(kind, label, _str(change, "text", where))
        return
    item = party.find(label)
    if item is None:
        missing = (
            _("%(where)s: %(name)s has no %(label)s to withdraw.")
            if op == "withdraw"
            else _("%(where)s: %(name)s has no %(label)s to reword.")
        )
        raise RecordError(missing % {"where": where, "name": party.name, "label": label})
    if op == "withdraw":
        del party.by_label[item.label.upper()]
    elif op == "reword":
        item.text = _str(change, "text", where)
    else:
        raise RecordError(_("%(where)s: unknown change %(op)r.") % {"where": where, "op": op})


#: Called with the state just before each change is applied, and the change.
ChangeHook = Callable[[Agreement, dict[str, Any]], None]


def apply(
    state: Agreement | None,
    payload: dict[str, Any],
    digest: str,
    before_change: ChangeHook | None = None,
) -> Agreement:
    """The state after one more revision.

    ``before_change`` sees each change against the state it applies to (how
    `show --history` words it), with no copy of the state made for that.
    """
    number = payload.get("number")
    where = _At(number)
    kind = payload.get("kind")
    time = _str(payload, "time", where)
    if state is None:
        if kind != "created":
            raise RecordError(
                _("%(where)s: the first revision must be the creation.") % {"where": where}
            )
        parties_raw = payload.get("parties")
        if not isinstance(parties_raw, list) or not parties_raw:
            raise RecordError(_("%(where)s: no parties.") % {"where": where})
        parties = []
        for index, raw in enumerate(parties_raw):
            if not isinstance(raw, dict):
                raise RecordError(
                    _("%(where)s: party %(n)s is malformed.") % {"where": where, "n": index + 1}
                )
            here = _At(number, party=index + 1)
            parties.append(
                Party(
                    id=_str(raw, "id", here),
                    role=_str(raw, "role", here),
                    name=_str(raw, "name", here),
                    pronouns=str(raw.get("pronouns", "")),
                )
            )
        text = payload.get("agreement")
        template = payload.get("template")
        variables = payload.get("variables", {})
        if not isinstance(text, dict) or not isinstance(template, dict):
            raise RecordError(_("%(where)s: the agreement text is missing.") % {"where": where})
        state = Agreement(
            id=_str(payload, "record", where),
            text=text,
            template=template,
            variables=variables if isinstance(variables, dict) else {},
            parties=parties,
            status=ACTIVE,
            created=time,
            updated=time,
            revision=0,
            head="",
            confirmations=[],
        )
    elif kind == "created":
        raise RecordError(_("%(where)s: a record can be created only once.") % {"where": where})
    elif state.status == ENDED:
        raise RecordError(_("%(where)s: comes after the agreement ended.") % {"where": where})

    changes = payload.get("changes", [])
    if not isinstance(changes, list):
        raise RecordError(_("%(where)s: `changes` must be a list.") % {"where": where})
    for index, change in enumerate(changes):
        if not isinstance(change, dict):
            raise RecordError(
                _("%(where)s: change %(n)s is malformed.") % {"where": where, "n": index + 1}
            )
        if before_change is not None:
            before_change(state, change)
        apply_change(state, change, _At(number, change=index + 1))
    if kind == "ended":
        state.status = ENDED
        state.ended_by = state.party(_str(payload, "ended_by", where)).id
    elif kind not in ("created", "amended"):
        raise RecordError(
            _("%(where)s: unknown kind of revision %(kind)r.") % {"where": where, "kind": kind}
        )
    confirmations = payload.get("confirmations", [])
    if kind != "ended":
        state.confirmations = confirmations if isinstance(confirmations, list) else []
    state.revision = number if isinstance(number, int) else state.revision + 1
    state.updated = time
    state.head = digest
    return state


def replay(payloads: list[tuple[dict[str, Any], str]]) -> Agreement:
    state: Agreement | None = None
    for payload, digest in payloads:
        state = apply(state, payload, digest)
    if state is None:
        raise RecordError(_("The record has no revisions."))
    return state


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
