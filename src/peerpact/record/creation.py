"""`new`'s use case: an unsigned agreement, consented to, becomes a record.

The command line gathers the draft (an interview or an answers file); this
loads what an answers file names, fills the template's variables, checks
every party's consent, and writes the first signed revision with this
computer's key, deleting the interview's draft once it is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peerpact.agreement.template import Template
    from peerpact.agreement.unsigned import Draft
    from peerpact.config import Config
    from peerpact.record.format import Record


@dataclass(frozen=True)
class Made:
    record: Record
    path: Path
    fingerprint: str


def from_answers(path: Path, template: str | None) -> tuple[Draft, Template]:
    """An answers file's draft, and the template it (or ``template``) names."""
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.agreement.unsigned import load_answers

    draft = load_answers(path)
    return draft, load_template(template or draft.template or DEFAULT_TEMPLATE)


def values(template: Template, draft: Draft, config: Config) -> tuple[dict[str, str], list[str]]:
    """The template's variables from the draft, then the config, then defaults;
    and the names of those still without a value."""
    return to_ask(template, draft.variables, config.variables)


def to_ask(
    template: Template, given: dict[str, str], configured: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The variables' values, and those still to be asked for: the ones with
    no value, and the organisation when only the template's example names it."""
    from peerpact.agreement.unsigned import resolve_variables

    found, missing = resolve_variables(template, given, configured)
    if "organization" in found and "organization" not in {**configured, **given}:
        missing.append("organization")
    return found, missing


def example_organisation(values: dict[str, str], draft: Draft, config: Config) -> str | None:
    """The template's example organisation, when the agreement would name it
    because nobody gave theirs."""
    given = {**config.variables, **draft.variables}
    if "organization" in values and "organization" not in given:
        return values["organization"]
    return None


def refuse_example_organisation(values: dict[str, str], draft: Draft, config: Config) -> None:
    """A record is never signed naming the template's example organisation
    unless the answers (or the config) say so: refused, with what to set."""
    from peerpact.errors import UserInputError
    from peerpact.i18n import _

    name = example_organisation(values, draft, config)
    if name is not None:
        raise UserInputError(
            _(
                "The agreement would name the template's example organisation {name!r}: "
                "nobody gave yours, so nothing was signed."
            ).format(name=name),
            _(
                "Set it with `peerpact config set organization.name NAME`, or add "
                'organization = "NAME" under [variables] in the answers file.'
            ),
        )


def consented(draft: Draft, template: Template, values: dict[str, str]) -> dict[str, Any]:
    """The first revision's payload, once every party is known and has consented."""
    from peerpact.record.payload.build import signed_body

    return signed_body(draft, template, values)


def record(body: dict[str, Any], draft_id: str | None = None) -> Made:
    """Sign and write the first revision (making the key on a first run);
    the interview's draft, if any, goes once the record is written."""
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_or_create_key
    from peerpact.record.store import create

    key = load_or_create_key(get_paths().key_file)
    made, path = create(body, key)
    if draft_id is not None:
        from peerpact.agreement.drafts import delete

        delete(draft_id)
    return Made(made, path, key.public.fingerprint)
