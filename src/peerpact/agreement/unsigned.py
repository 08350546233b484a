"""An agreement before it is signed: parties, their additions, their consent.

Filled either by the interactive interview (cli.flows.interview) or from an
answers file; either way it is checked here, in one place, before anything is
written. Consent and the first revision's payload are ``record.payload.build``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerpact.agreement.template import ADDITION_KINDS, Template
from peerpact.errors import UserInputError
from peerpact.i18n import _
from peerpact.text import clean_line, normalize

MAX_ANSWERS_BYTES = 1024 * 1024
#: The longest name or addition, in characters. Generous (a 100 KB paste is
#: kept whole) but bounded, so no one entry can swamp a record.
MAX_TEXT = 200_000


@dataclass
class PartyDraft:
    role: str
    name: str
    pronouns: str = ""
    additions: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in ADDITION_KINDS})
    #: What the party typed to consent. Consent is this equalling ``name``.
    signature: str = ""


@dataclass
class Draft:
    template: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    parties: list[PartyDraft] = field(default_factory=list)


def check_name(name: str, where: str) -> str:
    cleaned = clean_line(name)
    if not cleaned:
        raise UserInputError(
            _("{where}: a name is required (a pseudonym is fine).").format(where=where)
        )
    check_length(cleaned, where)
    return cleaned


def check_parties(draft: Draft, template: Template, source: str = "parties") -> None:
    """Every role known, every required role present, names distinct."""
    seen: set[str] = set()
    for index, party in enumerate(draft.parties):
        where = f"{source}[{index}]"
        if party.role not in template.roles:
            known = ", ".join(template.roles)
            raise UserInputError(
                _("{where}.role: unknown role {role!r} (expected: {known}).").format(
                    where=where, role=party.role, known=known
                )
            )
        if party.name.casefold() in seen:
            raise UserInputError(
                _("{where}.name: two parties are called {name!r}.").format(
                    where=where, name=party.name
                ),
                _("Each party needs a distinct name so their signatures can be told apart."),
            )
        seen.add(party.name.casefold())
    for role, entry in template.roles.items():
        if entry["required"] and not any(p.role == role for p in draft.parties):
            raise UserInputError(
                _("{source}: the agreement needs a {role} (role = {role!r}).").format(
                    source=source, role=role
                )
            )


def check_length(text: str, where: str) -> str:
    if len(text) > MAX_TEXT:
        raise UserInputError(
            _("{where}: is {length} characters; the most is {most}.").format(
                where=where, length=len(text), most=MAX_TEXT
            ),
            _("Shorten it."),
        )
    return text


def _text_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UserInputError(
            _('{where}: expected a list of text, like ["..."].').format(where=where)
        )
    items = [normalize(item).strip() for item in value]
    for index, item in enumerate(items):
        if not item:
            raise UserInputError(_("{where}[{index}]: is empty.").format(where=where, index=index))
        check_length(item, f"{where}[{index}]")
    return items


def _optional_text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise UserInputError(_("{where}.{key}: expected text.").format(where=where, key=key))
    return clean_line(value)


PARTY_KEYS = {"role", "name", "pronouns", "signature", *ADDITION_KINDS}
ANSWERS_KEYS = {"template", "variables", "parties"}


def parse_answers(doc: dict[str, Any], source: str, partial: bool = False) -> Draft:
    """Check an answers document; errors name the first bad field.

    ``partial`` allows no parties yet (a saved draft of an interview)."""
    for key in doc:
        if key not in ANSWERS_KEYS:
            raise UserInputError(
                _("{source}: {key}: unknown key (expected: template, variables, parties).").format(
                    source=source, key=key
                )
            )
    draft = Draft()
    template = doc.get("template")
    if template is not None and not isinstance(template, str):
        raise UserInputError(
            _("{source}: template: expected a template name or path.").format(source=source)
        )
    draft.template = template
    variables = doc.get("variables", {})
    if not isinstance(variables, dict):
        raise UserInputError(
            _('{source}: variables: expected a table of name = "value".').format(source=source)
        )
    for name, value in variables.items():
        if not isinstance(value, str):
            raise UserInputError(
                _("{source}: variables.{name}: expected text.").format(source=source, name=name)
            )
        draft.variables[name] = normalize(value)
    parties = doc.get("parties", [] if partial else None)
    if not isinstance(parties, list) or not (parties or partial):
        raise UserInputError(
            _("{source}: parties: missing; add a [[parties]] table for each person.").format(
                source=source
            ),
        )
    for index, raw in enumerate(parties):
        where = f"{source}: parties[{index}]"
        if not isinstance(raw, dict):
            raise UserInputError(_("{where}: expected a [[parties]] table.").format(where=where))
        for key in raw:
            if key not in PARTY_KEYS:
                raise UserInputError(_("{where}.{key}: unknown key.").format(where=where, key=key))
        role = raw.get("role")
        if not isinstance(role, str) or not role:
            raise UserInputError(
                _('{where}.role: is required (e.g. "member" or "supporter").').format(where=where)
            )
        name = raw.get("name")
        if not isinstance(name, str):
            raise UserInputError(
                _("{where}.name: is required (a pseudonym is fine).").format(where=where)
            )
        party = PartyDraft(
            role=role,
            name=check_name(name, f"{where}.name"),
            pronouns=_optional_text(raw, "pronouns", where),
            signature=_optional_text(raw, "signature", where),
        )
        for kind in ADDITION_KINDS:
            party.additions[kind] = _text_list(raw.get(kind, []), f"{where}.{kind}")
        draft.parties.append(party)
    return draft


def answers_doc(draft: Draft) -> dict[str, Any]:
    """A draft as an answers document (what `parse_answers` reads), without
    signatures: consent is given live, never kept in a draft."""
    doc: dict[str, Any] = {"variables": dict(draft.variables), "parties": []}
    if draft.template:
        doc["template"] = draft.template
    for party in draft.parties:
        entry: dict[str, Any] = {"role": party.role, "name": party.name}
        if party.pronouns:
            entry["pronouns"] = party.pronouns
        doc["parties"].append({**entry, **{k: list(v) for k, v in party.additions.items()}})
    return doc


def load_answers(path: Path) -> Draft:
    from peerpact.tomlfile import load_toml

    return parse_answers(load_toml(path, MAX_ANSWERS_BYTES, _("answers file")), str(path))


def resolve_variables(
    template: Template, given: dict[str, str], configured: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Values by precedence answers > config > template default; and what is missing."""
    values: dict[str, str] = {}
    missing: list[str] = []
    for name, variable in template.variables.items():
        for source in (given, configured):
            if name in source:
                values[name] = source[name]
                break
        else:
            if variable.default is not None:
                values[name] = variable.default
            else:
                missing.append(name)
    unknown = sorted(set(given) - set(template.variables))
    if unknown:
        raise UserInputError(
            _("variables.{name}: the template {template!r} has no such variable.").format(
                name=unknown[0], template=template.id
            ),
            _("It declares: {names}.").format(names=", ".join(template.variables) or _("none")),
        )
    return values, missing
