"""Checking a template: every field, with errors that teach.

An error names the file, the field path (``sections[2].clauses[0].text``) and
what was expected; an unknown key gets a "did you mean"; a TOML syntax error
names the line and column. Every text is then checked and trial-rendered
(``render.check_template_text``), so a template that loads is one that works.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path
from typing import Any

from peerpact.agreement.template import (
    ADDITION_KINDS,
    MAX_DEPTH,
    Clause,
    Condition,
    Footnote,
    Section,
    Template,
    Variable,
)
from peerpact.errors import TemplateError
from peerpact.tomlfile import parse_toml


class _Checker:
    """Walks the parsed TOML, raising TemplateError that names the field path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str, hint: str | None = None) -> TemplateError:
        return TemplateError(f"{self.source}: {where}: {message}", hint)

    def keys(
        self, table: dict[str, Any], where: str, allowed: set[str], required: set[str]
    ) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"Did you mean `{close[0]}`?" if close else None
                known = ", ".join(sorted(allowed))
                raise self.fail(_join(where, key), f"unknown key (expected one of: {known}).", hint)
        for key in sorted(required):
            if key not in table:
                raise self.fail(
                    _join(where, key), "is required but missing.", "See `peerpact docs templates`."
                )

    def text(self, table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise self.fail(_join(where, key), f"expected text, found {_kind(value)}.")
        return value

    def table(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a table, found {_kind(value)}.")
        return value

    def array(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected an array, found {_kind(value)}.")
        return value


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _condition(check: _Checker, value: Any, where: str) -> Condition | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Condition(value)
    if not isinstance(value, dict):
        raise check.fail(
            where,
            f'expected a variable name (when = "name") or a table '
            f'(when = {{ variable = "name", equals = "value" }}), found {_kind(value)}.',
        )
    table = check.table(value, where)
    check.keys(table, where, {"variable", "equals"}, {"variable"})
    equals = table.get("equals")
    if equals is None:
        return Condition(check.text(table, "variable", where))
    options = [equals] if isinstance(equals, str) else equals
    if not isinstance(options, list) or not options or not all(isinstance(o, str) for o in options):
        raise check.fail(
            f"{where}.equals",
            f'expected text or an array of text (e.g. ["in person", "both"]), '
            f"found {_kind(equals)}.",
        )
    return Condition(check.text(table, "variable", where), tuple(options))


def _clauses(check: _Checker, value: Any, where: str, depth: int) -> tuple[Clause, ...]:
    if depth > MAX_DEPTH:
        raise check.fail(where, f"clauses nest deeper than {MAX_DEPTH} levels.")
    result = []
    for index, raw in enumerate(check.array(value, where)):
        here = f"{where}[{index}]"
        table = check.table(raw, here)
        check.keys(table, here, {"text", "footnote", "when", "clauses"}, {"text"})
        footnote = table.get("footnote")
        if footnote is not None and not isinstance(footnote, str):
            raise check.fail(
                f"{here}.footnote", f"expected a footnote id, found {_kind(footnote)}."
            )
        result.append(
            Clause(
                text=check.text(table, "text", here),
                footnote=footnote,
                when=_condition(check, table.get("when"), f"{here}.when"),
                clauses=_clauses(check, table.get("clauses", []), f"{here}.clauses", depth + 1),
            )
        )
    return tuple(result)


_TOP_KEYS = {
    "id",
    "version",
    "language",
    "title",
    "introduction",
    "variables",
    "roles",
    "additions",
    "sections",
    "footnotes",
    "feedback",
    "categories",
}
_REQUIRED_TOP = {"id", "version", "language", "title", "sections", "additions", "roles"}


#: Names Jinja reads as something else, or that hide its internals.
_RESERVED_NAMES = {"true", "false", "none", "and", "or", "not", "in", "is", "if", "else"}
_RESERVED_NAMES |= {"self", "loop", "super", "varargs", "kwargs", "caller"}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def parse_template(data: bytes, source: Path, builtin: bool = False) -> Template:
    """Validate raw template bytes into a Template; every text is checked too."""
    name = str(source)
    doc = parse_toml(data, name, TemplateError)
    check = _Checker(name)
    check.keys(doc, "", _TOP_KEYS, _REQUIRED_TOP)
    language = check.text(doc, "language", "")
    if not _LANGUAGE.match(language):
        raise check.fail(
            "language", f"expected a language tag such as en or es-MX, found {language!r}."
        )

    variables = {}
    for var_name, raw in check.table(doc.get("variables", {}), "variables").items():
        where = f"variables.{var_name}"
        if not var_name.isidentifier() or var_name.startswith("_"):
            raise check.fail(
                where, "a variable name must be letters, digits and underscores, not first _."
            )
        if var_name.lower() in _RESERVED_NAMES:
            raise check.fail(where, f"{var_name!r} is a reserved word; choose another name.")
        table = check.table(raw, where)
        check.keys(table, where, {"description", "default"}, set())
        default = table.get("default")
        if default is not None and not isinstance(default, str):
            raise check.fail(f"{where}.default", f"expected text, found {_kind(default)}.")
        variables[var_name] = Variable(check.text(table, "description", where, ""), default)

    roles: dict[str, dict[str, Any]] = {}
    for role, raw in check.table(doc["roles"], "roles").items():
        where = f"roles.{role}"
        table = check.table(raw, where)
        check.keys(table, where, {"label", "required"}, {"label"})
        required = table.get("required", False)
        if not isinstance(required, bool):
            raise check.fail(f"{where}.required", f"expected true/false, found {_kind(required)}.")
        roles[role] = {"label": check.text(table, "label", where), "required": required}
    if not any(role["required"] for role in roles.values()):
        raise check.fail("roles", "at least one role must have `required = true`.")

    additions = {}
    table = check.table(doc["additions"], "additions")
    check.keys(table, "additions", set(ADDITION_KINDS), set(ADDITION_KINDS))
    for kind in ADDITION_KINDS:
        where = f"additions.{kind}"
        entry = check.table(table[kind], where)
        check.keys(entry, where, {"label", "prompt"}, {"label", "prompt"})
        additions[kind] = {
            "label": check.text(entry, "label", where),
            "prompt": check.text(entry, "prompt", where),
        }

    sections = []
    for index, raw in enumerate(check.array(doc["sections"], "sections")):
        where = f"sections[{index}]"
        entry = check.table(raw, where)
        check.keys(entry, where, {"title", "clauses", "when"}, {"title", "clauses"})
        sections.append(
            Section(
                title=check.text(entry, "title", where),
                clauses=_clauses(check, entry["clauses"], f"{where}.clauses", 1),
                when=_condition(check, entry.get("when"), f"{where}.when"),
            )
        )
    if not sections:
        raise check.fail("sections", "a template needs at least one section.")

    footnotes: list[Footnote] = []
    for index, raw in enumerate(check.array(doc.get("footnotes", []), "footnotes")):
        where = f"footnotes[{index}]"
        entry = check.table(raw, where)
        check.keys(entry, where, {"id", "mark", "text"}, {"id", "mark", "text"})
        if any(note.id == entry["id"] for note in footnotes):
            raise check.fail(f"{where}.id", f"a second footnote with id {entry['id']!r}.")
        footnotes.append(
            Footnote(
                check.text(entry, "id", where),
                check.text(entry, "mark", where),
                check.text(entry, "text", where),
            )
        )

    template = Template(
        id=check.text(doc, "id", ""),
        version=check.text(doc, "version", ""),
        language=language,
        title=check.text(doc, "title", ""),
        introduction=check.text(doc, "introduction", "", ""),
        variables=variables,
        roles=roles,
        additions=additions,
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        feedback=check.text(doc, "feedback", "", ""),
        categories=_categories(check, doc.get("categories", [])),
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        builtin=builtin,
        name=source.stem,
        raw=data.decode("utf-8"),
    )
    _check_references(check, template)
    from peerpact.agreement.render import check_template_text, trial_render

    check_template_text(template)
    # Render every text once, whatever its conditions, so that nothing the
    # checks above cannot see fails later, in the middle of a session.
    trial_render(template, example_values(template))
    return template


def example_values(template: Template, given: dict[str, str] | None = None) -> dict[str, str]:
    """Values to preview with: those given, else the default, else [name]."""
    given = given or {}
    return {
        name: given.get(name, variable.default if variable.default is not None else f"[{name}]")
        for name, variable in template.variables.items()
    }


def _categories(check: _Checker, value: Any) -> tuple[str, ...]:
    items = check.array(value, "categories")
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise check.fail(f"categories[{index}]", f"expected a name, found {_kind(item)}.")
    return tuple(item.strip() for item in items)


def _check_references(check: _Checker, template: Template) -> None:
    ids = {note.id for note in template.footnotes}
    declared = set(template.variables)

    def walk(clauses: tuple[Clause, ...], where: str) -> None:
        for index, clause in enumerate(clauses):
            here = f"{where}[{index}]"
            if clause.footnote is not None and clause.footnote not in ids:
                raise check.fail(f"{here}.footnote", f"no footnote with id {clause.footnote!r}.")
            if clause.when is not None and clause.when.variable not in declared:
                raise check.fail(
                    f"{here}.when", f"variable {clause.when.variable!r} is not declared."
                )
            walk(clause.clauses, f"{here}.clauses")

    for index, section in enumerate(template.sections):
        if section.when is not None and section.when.variable not in declared:
            raise check.fail(
                f"sections[{index}].when", f"variable {section.when.variable!r} is not declared."
            )
        walk(section.clauses, f"sections[{index}].clauses")
