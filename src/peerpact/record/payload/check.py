"""What a revision may say: a closed schema, checked before each payload replays.

peerpact writes exactly these fields and nothing else, so anything else in a
signed payload (an unknown field, a time that goes backwards, a change that
not every party confirmed) was not written by peerpact's rules, whoever
signed it, and fails verification. (That every string is already NFC is
checked where the canonical bytes are made, in ``format.verify``.)
docs/record-format.md lists the same rules for independent verifiers.
"""

from __future__ import annotations

import re
from typing import Any

from peerpact.agreement.state import Agreement, agreement_text
from peerpact.errors import RecordError
from peerpact.i18n import _
from peerpact.text import clean_line

_COMMON = frozenset({"kind", "time", "record", "number", "prev", "signer", "confirmations"})
#: kind -> (the fields it must have, the fields it may have besides).
_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "created": (
        _COMMON | {"template", "agreement", "parties"},
        frozenset({"variables", "changes"}),
    ),
    "amended": (_COMMON | {"changes"}, frozenset()),
    "ended": (_COMMON | {"ended_by"}, frozenset({"note"})),
}
_CHANGE_FIELDS = {
    "add": frozenset({"op", "party", "kind", "label", "text"}),
    "withdraw": frozenset({"op", "party", "label"}),
    "reword": frozenset({"op", "party", "label", "text"}),
}
_PARTY_FIELDS = frozenset({"id", "role", "name", "pronouns"})
_CONFIRMATION_FIELDS = frozenset({"party", "signature", "time"})
_TEMPLATE_FIELDS = frozenset({"id", "name", "version", "language", "sha256"})
_AGREEMENT_FIELDS = frozenset(
    {"title", "language", "introduction", "sections", "footnotes", "feedback", "additions", "roles"}
)
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_HASH = re.compile(r"[0-9a-f]{64}")
_SIGNER = re.compile(r"[0-9A-F]{16}")
MAX_NOTE = 1000


def signature_matches(name: str, typed: str) -> bool:
    """A typed signature is the party's own name, as any keyboard can type it.

    The name exactly as shown (after NFC, trimmed) always is. So is the name
    folded: accents and case left out, and everything but letters and digits
    (spaces, hyphens, emoji), so "lucia fernandez" signs for "Lucía Fernández"
    and "Layla" for "Layla 🌙". Where a name has letters from another script
    than Latin, its Latin letters alone sign for it ("Layla" for "Layla ليلى"),
    and so does the name romanized ("Olga Petrova" for "Ольга Петрова", "Wang
    Fang" for "王芳"). A name with nothing left once folded (emoji only) must
    be typed as shown. Still the name, never a word like "yes": consent stays
    deliberate (docs/threat-model.md).
    """
    if not name:
        return False
    if clean_line(typed) == clean_line(name):
        return True  # the common case, and every record before this rule
    folded = _consent_key(typed)
    return bool(folded) and folded in _consent_keys(name)


def _consent_key(text: str) -> str:
    from peerpact.record.folding import fold

    return "".join(char for char in fold(text)[0] if char.isalnum())


def _consent_keys(name: str) -> set[str]:
    """Every folded form of ``name`` a signature may take (see signature_matches)."""
    import unicodedata

    from anyascii import anyascii

    from peerpact.record.scripts import romanizations

    forms = {name, anyascii(name), *romanizations(name)}
    if any(char.isalpha() and "LATIN" not in unicodedata.name(char, "") for char in name):
        forms.add("".join(c for c in name if "LATIN" in unicodedata.name(c, "") or c.isspace()))
    return {key for key in map(_consent_key, forms) if key}


def check_payload(payload: dict[str, Any], before: Agreement | None) -> None:
    """Raise RecordError naming the first rule ``payload`` breaks.

    ``before`` is the agreement as the revisions before this one left it
    (None for the first revision).
    """
    kind = payload.get("kind")
    if kind not in _FIELDS or (kind == "created") != (before is None):
        raise RecordError(
            _("the first revision must be the creation, and only the first")
            if kind in _FIELDS
            else _("unknown kind of revision {kind!r}").format(kind=kind)
        )
    required, optional = _FIELDS[str(kind)]
    _exact_fields(payload, required, optional, "the payload")
    time = _time(payload.get("time"), "time")
    if before is not None and time < before.updated:
        raise RecordError(
            _("its time {time} is before the revision before it ({updated})").format(
                time=time, updated=before.updated
            )
        )
    if not isinstance(payload.get("prev"), str) or not (
        payload["prev"] == "" if before is None else _HASH.fullmatch(payload["prev"])
    ):
        raise RecordError(_("`prev` is not a revision hash"))
    if not isinstance(payload.get("signer"), str) or not _SIGNER.fullmatch(payload["signer"]):
        raise RecordError(_("`signer` is not a key fingerprint"))
    if isinstance(payload.get("number"), bool):
        raise RecordError(_("`number` is not a number"))
    parties = _parties(payload) if before is None else {p.id: p.name for p in before.parties}
    for index, change in enumerate(_list(payload.get("changes", []), "changes"), start=1):
        op = change.get("op") if isinstance(change, dict) else None
        if op not in _CHANGE_FIELDS:
            raise RecordError(
                _("change {index} is not an add, withdraw or reword").format(index=index)
            )
        _exact_fields(change, _CHANGE_FIELDS[str(op)], frozenset(), f"change {index}")
    if kind == "amended" and not payload["changes"]:
        raise RecordError(_("an amendment that changes nothing"))
    if kind == "ended":
        note = payload.get("note", "")
        if not isinstance(note, str) or len(note) > MAX_NOTE:
            raise RecordError(
                _("the note is not text of at most {MAX_NOTE} characters").format(MAX_NOTE=MAX_NOTE)
            )
        confirming = {str(payload.get("ended_by"))}
    else:
        confirming = set(parties)
    _confirmations(payload, parties, confirming, time)


def _exact_fields(
    table: dict[str, Any], required: frozenset[str], optional: frozenset[str], where: str
) -> None:
    missing = sorted(required - table.keys())
    unknown = sorted(table.keys() - required - optional)
    if missing:
        raise RecordError(
            _("{where} lacks {missing}").format(where=where, missing=", ".join(missing))
        )
    if unknown:
        raise RecordError(
            _("{where} has fields peerpact never writes: {unknown}").format(
                where=where, unknown=", ".join(unknown)
            )
        )


def _time(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise RecordError(
            _("`{where}` is not a UTC time like 2026-01-31T09:30:00Z").format(where=where)
        )
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise RecordError(_("`{where}` must be a list").format(where=where))
    return value


def _parties(payload: dict[str, Any]) -> dict[str, str]:
    """The creation's parties, by id; their fields are exactly peerpact's."""
    template = payload.get("template")
    if not isinstance(template, dict):
        raise RecordError(_("`template` must be a table"))
    _exact_fields(template, _TEMPLATE_FIELDS, frozenset(), "the template")
    agreement = payload.get("agreement")
    if not isinstance(agreement, dict):
        raise RecordError(_("`agreement` must be a table"))
    _exact_fields(agreement, frozenset({"title", "sections"}), _AGREEMENT_FIELDS, "the agreement")
    agreement_text(agreement)  # raises on a malformed shape
    variables = payload.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(value, str) for value in variables.values()
    ):
        raise RecordError(_("`variables` must be a table of text"))
    parties: dict[str, str] = {}
    for index, party in enumerate(_list(payload.get("parties"), "parties"), start=1):
        if not isinstance(party, dict):
            raise RecordError(_("party {index} is malformed").format(index=index))
        _exact_fields(party, _PARTY_FIELDS - {"pronouns"}, frozenset({"pronouns"}), "a party")
        if party["id"] != f"p{index}" or not isinstance(party["name"], str):
            raise RecordError(_("party {index} is not p{index}").format(index=index))
        parties[party["id"]] = party["name"]
    return parties


def _confirmations(
    payload: dict[str, Any], parties: dict[str, str], confirming: set[str], time: str
) -> None:
    """Exactly the parties a revision of this kind needs, each once, each by name."""
    seen: set[str] = set()
    for entry in _list(payload.get("confirmations"), "confirmations"):
        if not isinstance(entry, dict):
            raise RecordError(_("a confirmation is malformed"))
        _exact_fields(entry, _CONFIRMATION_FIELDS, frozenset(), "a confirmation")
        party = entry["party"]
        if party not in confirming or party in seen:
            raise RecordError(
                _("confirmed by {party!r}, who does not confirm this revision").format(party=party)
            )
        seen.add(party)
        signature = entry["signature"]
        if not isinstance(signature, str) or not signature_matches(parties[party], signature):
            raise RecordError(
                _("{parties}'s confirmation is not their name").format(parties=parties[party])
            )
        if _time(entry["time"], "confirmations.time") > time:
            raise RecordError(_("a confirmation is dated after the revision"))
    if missing := sorted(confirming - seen):
        names = ", ".join(parties.get(party, party) for party in missing)
        raise RecordError(_("not confirmed by {names}").format(names=names))
