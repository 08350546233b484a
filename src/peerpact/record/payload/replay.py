"""Replaying revisions into the agreement as it stands.

Pure data in, pure data out. A revision payload is trusted here only after
``record.format.verify`` (or, for listing, as a best-effort summary); a
malformed payload raises RecordError rather than a KeyError.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peerpact.agreement.state import ACTIVE, ENDED, Agreement, Item, Party
from peerpact.agreement.template import ADDITION_KINDS
from peerpact.errors import RecordError
from peerpact.i18n import _


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
