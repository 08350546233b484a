"""Changing a recorded agreement: amend it, end it, and read its history.

Every change is a new signed revision appended to the record; nothing earlier
is rewritten. A change is planned against the agreement as it stands, checked
(labels, ownership, every party's typed signature), then made under the
record's lock: re-read, verified, re-planned, signed, appended. Pure core:
no printing, no prompting.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerpact.agreement.state import ENDED, Agreement, Item, Party, find_party
from peerpact.agreement.template import ADDITION_KINDS
from peerpact.agreement.unsigned import check_length
from peerpact.errors import ConflictError, RecordError, UserInputError
from peerpact.i18n import _
from peerpact.record.format import Record, Revision, sign_revision
from peerpact.record.keys import SigningKey
from peerpact.record.payload.build import amended_body, confirmations, ended_body
from peerpact.record.payload.replay import apply, apply_change
from peerpact.text import clean_line

#: One of each kind, for sentences ("added boundary B2").
SINGULAR = {"wants": "want", "needs": "need", "boundaries": "boundary"}


@dataclass
class PartyChanges:
    """What one party changes of their own wants, needs and boundaries."""

    party: str
    """The party's name as typed (or their id, or a role only they have)."""
    add: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in ADDITION_KINDS})
    withdraw: list[str] = field(default_factory=list)
    #: (label, new text) pairs.
    reword: list[tuple[str, str]] = field(default_factory=list)
    #: When given (answers files have it), it must be the party's role.
    role: str = ""

    def is_empty(self) -> bool:
        return not (any(self.add.values()) or self.withdraw or self.reword)


# -- finding parties and items -------------------------------------------------------


def _item_of(state: Agreement, party: Party, label: str, verb: str) -> Item:
    """``party``'s item ``label``; a clear error naming it otherwise."""
    item = party.find(clean_line(label))
    if item is not None:
        return item
    others = [p.name for p in state.parties if p is not party and p.find(clean_line(label))]
    withdraw = verb == "withdraw"
    if others:
        whose = (
            _("%(label)s of %(other)s is %(other)s's to withdraw;")
            if withdraw
            else _("%(label)s of %(other)s is %(other)s's to reword;")
        ) % {"label": label, "other": others[0]}
        hint = whose + " " + _("each party changes only their own.")
    else:
        labels = ", ".join(i.label for i in party.items) or _("none")
        hint = _("%(name)s's labels are: %(labels)s.") % {"name": party.name, "labels": labels}
    message = (
        _("%(name)s has no %(label)s to withdraw.")
        if withdraw
        else _("%(name)s has no %(label)s to reword.")
    )
    raise UserInputError(message % {"name": party.name, "label": label}, hint)


def _text(value: str, where: str) -> str:
    text = clean_line(value)
    if not text:
        raise UserInputError(_("%(where)s: the text is empty.") % {"where": where})
    return check_length(text, where)


# -- planning -------------------------------------------------------------------------


def plan(state: Agreement, requests: Iterable[PartyChanges]) -> list[dict[str, Any]]:
    """The change operations for ``requests``, checked against ``state``.

    Added items get the next labels (never reused, even after a withdrawal);
    a party may withdraw or reword only their own items, each at most once.
    """
    changes: list[dict[str, Any]] = []
    # Each change is applied to a copy as it is planned, so labels move on and a
    # planned change that would not replay fails here, not in the record.
    scratch = copy.deepcopy(state)
    seen: set[str] = set()
    for request in requests:
        party = find_party(scratch, request.party)
        if party.id in seen:
            raise UserInputError(
                _("%(name)s is named twice; list each party once.") % {"name": party.name}
            )
        seen.add(party.id)
        if request.role and request.role != party.role:
            raise UserInputError(
                _("%(name)s is the %(role)s in this agreement, not the %(other)s.")
                % {"name": party.name, "role": party.role, "other": request.role}
            )
        ops: list[dict[str, Any]] = []
        touched: set[str] = set()
        edits: list[tuple[str, str | None]] = [(label, None) for label in request.withdraw]
        edits += request.reword
        for label, text in edits:
            key = clean_line(label).upper()
            if key in touched:
                raise UserInputError(
                    _("%(name)s's %(label)s is changed twice; withdraw or reword it once.")
                    % {"name": party.name, "label": key}
                )
            touched.add(key)
            item = _item_of(scratch, party, label, "withdraw" if text is None else "reword")
            op = {"op": "withdraw", "party": party.id, "label": item.label}
            if text is not None:
                op.update(op="reword", text=_text(text, f"reword {item.label}"))
                if op["text"] == item.text:
                    raise UserInputError(
                        _("%(name)s's %(label)s already says that.")
                        % {"name": party.name, "label": item.label}
                    )
            ops.append(op)
            apply_change(scratch, op, "new change")
        for kind in ADDITION_KINDS:
            for number, text in enumerate(request.add.get(kind, []), start=1):
                new = _text(text, f"{SINGULAR[kind]} {number}")
                label = scratch.next_label(party.id, kind)
                ops.append(
                    {"op": "add", "party": party.id, "kind": kind, "label": label, "text": new}
                )
                # Applied at once, so the next label moves on.
                apply_change(scratch, ops[-1], "new change")
        changes.extend(ops)
    if not changes:
        raise UserInputError(
            _("Nothing to change."),
            _("Add with --want/--need/--boundary, or use --withdraw LABEL or --reword LABEL=TEXT."),
        )
    return changes


# -- writing --------------------------------------------------------------------------


def changeable(record: Record) -> Agreement:
    """The agreement as it stands, if its record may be changed: verified in
    full (the witness included) and not ended."""
    from peerpact.record.store import check_verified, sound_witness

    sound_witness()
    try:
        verdict = check_verified(record)[1]
    except RecordError as exc:
        raise RecordError(
            _("%(problem)s; it will not be changed.") % {"problem": exc.message.rstrip(".")},
            _("Run `peerpact verify %(id)s` to see every problem. Nothing was written.")
            % {"id": record.id},
        ) from exc
    state = verdict.state
    assert state is not None  # a record that verifies has replayed
    if state.status == ENDED:
        raise ConflictError(
            _("Agreement %(id)s has ended; an ended agreement cannot be changed.")
            % {"id": record.id},
            _("Start a new agreement with `peerpact new`. The ended one stays readable."),
        )
    return state


def load_changeable(path: Path) -> Agreement:
    """For flows that ask people first: refuse before anyone types anything."""
    from peerpact.record.store import read_record

    return changeable(read_record(path)[0])


def commit(
    path: Path,
    key: SigningKey,
    make_body: Callable[[Agreement], dict[str, Any]],
    expected_head: str | None = None,
) -> tuple[Record, Revision]:
    """Append one signed revision, built by ``make_body`` from the fresh state.

    Everything happens under the record's lock: re-read, verify (the witness
    included), refuse an ended agreement, build, sign, check the result
    replays, append. With ``expected_head`` (what people reviewed), a record
    that moved on meanwhile is refused rather than changed under their feet.
    """
    from peerpact.files import locked
    from peerpact.record.store import append, read_record

    with locked(path):
        record, old = read_record(path)
        state = changeable(record)
        if expected_head is not None and state.head != expected_head:
            raise ConflictError(
                _("Agreement %(id)s was changed by someone else while you were reviewing.")
                % {"id": record.id},
                _("Nothing was written. Run the command again to see it as it stands now."),
            )
        revision = sign_revision(key, record.id, record.head, make_body(state), record.format)
        updated = Record(record.id, (*record.revisions, revision), record.format)
        updated.state()  # a revision that would not replay is never written
        append(path, old, revision, key)
    return updated, revision


def amend(
    path: Path,
    key: SigningKey,
    requests: list[PartyChanges],
    typed: list[str],
    expected_head: str | None = None,
) -> tuple[Record, Revision]:
    """Plan, confirm and append an amendment; labels come from the fresh state."""

    def body(state: Agreement) -> dict[str, Any]:
        changes = plan(state, requests)
        return amended_body(changes, confirmations(state, typed))

    return commit(path, key, body, expected_head)


def end(
    path: Path,
    key: SigningKey,
    party: str,
    typed: str,
    note: str = "",
    expected_head: str | None = None,
) -> tuple[Record, Revision]:
    return commit(path, key, lambda state: ended_body(state, party, typed, note), expected_head)


# -- describing -----------------------------------------------------------------------


#: One sentence per change and kind, as a function so only the one needed is
#: translated: languages agree words with the kind (Spanish says "el límite"
#: but "la necesidad").
_SENTENCES: dict[tuple[str, str], Callable[[], str]] = {
    ("add", "want"): lambda: _("%(name)s added want %(label)s: “%(text)s”"),
    ("add", "need"): lambda: _("%(name)s added need %(label)s: “%(text)s”"),
    ("add", "boundary"): lambda: _("%(name)s added boundary %(label)s: “%(text)s”"),
    ("add", "item"): lambda: _("%(name)s added item %(label)s: “%(text)s”"),
    ("withdraw", "want"): lambda: _("%(name)s withdrew want %(label)s: %(old)s"),
    ("withdraw", "need"): lambda: _("%(name)s withdrew need %(label)s: %(old)s"),
    ("withdraw", "boundary"): lambda: _("%(name)s withdrew boundary %(label)s: %(old)s"),
    ("withdraw", "item"): lambda: _("%(name)s withdrew item %(label)s: %(old)s"),
    ("reword", "want"): lambda: _("%(name)s reworded want %(label)s: %(old)s → “%(text)s”"),
    ("reword", "need"): lambda: _("%(name)s reworded need %(label)s: %(old)s → “%(text)s”"),
    ("reword", "boundary"): lambda: _("%(name)s reworded boundary %(label)s: %(old)s → “%(text)s”"),
    ("reword", "item"): lambda: _("%(name)s reworded item %(label)s: %(old)s → “%(text)s”"),
}


def describe(state: Agreement, change: dict[str, Any]) -> str:
    """One change in words, e.g. ``Robin withdrew boundary B2: “No hugs”``.

    ``state`` is the agreement just before the change (for the old wording).
    """
    party = state.party(str(change.get("party")))
    label = str(change.get("label"))
    op = str(change.get("op"))
    values = {"name": party.name, "label": label, "text": change.get("text")}
    if op == "add":
        kind = SINGULAR.get(str(change.get("kind")), "item")
    else:
        item = party.find(label)
        kind = next((SINGULAR[k] for k, p in ADDITION_KINDS.items() if label.startswith(p)), "item")
        values["old"] = _("“%(text)s”") % {"text": item.text} if item else _("(unknown)")
        op = op if op == "withdraw" else "reword"
    return _SENTENCES[(op, kind)]() % values


def describe_all(state: Agreement, changes: list[dict[str, Any]]) -> list[str]:
    """Each change in words, in order, without touching ``state``."""
    scratch = copy.deepcopy(state)
    lines = []
    for index, change in enumerate(changes, start=1):
        lines.append(describe(scratch, change))
        apply_change(scratch, change, f"change {index}")
    return lines


@dataclass(frozen=True)
class Entry:
    """One revision as `show --history` tells it."""

    number: int
    kind: str
    time: str
    hash: str
    confirmed_by: list[str]
    changes: list[str]
    note: str = ""


def history(record: Record, upto: int | None = None) -> list[Entry]:
    """Every revision (up to ``upto``): when, who confirmed it, what changed.

    One replay: each change is worded against the state just before it, as
    the replay reaches it (copying the state for each revision made a long
    record's history quadratic).
    """
    entries: list[Entry] = []
    state: Agreement | None = None
    worded: list[str] = []

    def word(before: Agreement, change: dict[str, Any]) -> None:
        worded.append(describe(before, change))

    for revision in record.revisions[:upto]:
        payload = revision.payload
        worded.clear()
        state = apply(state, payload, revision.hash, word)
        lines = list(worded)
        kind = str(payload.get("kind", ""))
        names = {party.id: party.name for party in state.parties}
        if kind == "ended":
            who = names.get(state.ended_by, "?")
            lines.append(_("%(name)s ended the agreement") % {"name": who})
        confirms = payload.get("confirmations", [])
        entries.append(
            Entry(
                number=revision.number,
                kind=kind,
                time=str(payload.get("time", "")),
                hash=revision.hash[:16],
                confirmed_by=[
                    names.get(str(c.get("party")), "?")
                    for c in (confirms if isinstance(confirms, list) else [])
                    if isinstance(c, dict)
                ],
                changes=lines,
                note=str(payload.get("note", "")),
            )
        )
    return entries
