"""Agreement templates: find them, load them, check them, fill them in.

A template is untrusted input unless it ships with peerpact: it is size-bounded,
validated field by field (errors name the field path), and its text is
rendered only in Jinja2's sandbox with StrictUndefined.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerpact.errors import NotFoundError, TemplateError
from peerpact.paths import builtin_templates_dir, get_paths
from peerpact.store import read_bounded
from peerpact.tomlfile import parse_toml

MAX_TEMPLATE_BYTES = 256 * 1024
#: The kinds of addition, in the order they are asked for, with label prefixes.
ADDITION_KINDS: dict[str, str] = {"wants": "W", "needs": "N", "boundaries": "B"}
MAX_DEPTH = 4


@dataclass(frozen=True)
class Variable:
    description: str
    default: str | None


@dataclass(frozen=True)
class Condition:
    """Include a clause only when ``variable`` equals ``equals`` (or, with no
    ``equals``, when the variable is non-empty)."""

    variable: str
    equals: str | None = None

    def holds(self, values: dict[str, str]) -> bool:
        value = values.get(self.variable, "")
        return value == self.equals if self.equals is not None else bool(value)


@dataclass(frozen=True)
class Clause:
    text: str
    footnote: str | None = None
    when: Condition | None = None
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    clauses: tuple[Clause, ...]
    when: Condition | None = None


@dataclass(frozen=True)
class Footnote:
    id: str
    mark: str
    text: str


@dataclass(frozen=True)
class Template:
    id: str
    version: str
    language: str
    title: str
    introduction: str
    variables: dict[str, Variable]
    roles: dict[str, dict[str, Any]]
    additions: dict[str, dict[str, str]]
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    feedback: str
    source: Path
    sha256: str
    builtin: bool = False
    name: str = field(default="")


# -- validation ----------------------------------------------------------------


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
                raise self.fail(_join(where, key), "is required but missing.")

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
    table = check.table(value, where)
    check.keys(table, where, {"variable", "equals"}, {"variable"})
    equals = table.get("equals")
    if equals is not None and not isinstance(equals, str):
        raise check.fail(f"{where}.equals", f"expected text, found {_kind(equals)}.")
    return Condition(check.text(table, "variable", where), equals)


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
}
_REQUIRED_TOP = {"id", "version", "language", "title", "sections", "additions", "roles"}


def parse_template(data: bytes, source: Path, builtin: bool = False) -> Template:
    """Validate raw template bytes into a Template (no rendering yet)."""
    name = str(source)
    doc = parse_toml(data, name, TemplateError)
    check = _Checker(name)
    check.keys(doc, "", _TOP_KEYS, _REQUIRED_TOP)

    variables = {}
    for var_name, raw in check.table(doc.get("variables", {}), "variables").items():
        where = f"variables.{var_name}"
        if not var_name.isidentifier():
            raise check.fail(where, "a variable name must be letters, digits and underscores.")
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

    footnotes = []
    for index, raw in enumerate(check.array(doc.get("footnotes", []), "footnotes")):
        where = f"footnotes[{index}]"
        entry = check.table(raw, where)
        check.keys(entry, where, {"id", "mark", "text"}, {"id", "mark", "text"})
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
        language=check.text(doc, "language", ""),
        title=check.text(doc, "title", ""),
        introduction=check.text(doc, "introduction", "", ""),
        variables=variables,
        roles=roles,
        additions=additions,
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        feedback=check.text(doc, "feedback", "", ""),
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        builtin=builtin,
        name=source.stem,
    )
    _check_references(check, template)
    from peerpact.render import check_template_text

    check_template_text(template)
    return template


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


# -- finding -------------------------------------------------------------------


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or "\\" in spec or spec.endswith(".toml")


def available_templates() -> list[tuple[str, Path, bool]]:
    """(name, path, builtin) for every template by name; user ones first."""
    found: dict[str, tuple[str, Path, bool]] = {}
    for folder, builtin in ((builtin_templates_dir(), True), (get_paths().templates_dir, False)):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = (path.stem, path, builtin)
    return sorted(found.values(), key=lambda item: (item[2], item[0]))


def find_template(spec: str) -> tuple[Path, bool]:
    """Resolve a template name (user folder first, then built-in) or a path."""
    if _looks_like_path(spec):
        path = Path(spec).expanduser()
        if not path.is_file():
            raise NotFoundError(f"No template file at {path}.")
        return path, False
    for name, path, builtin in available_templates():
        if name == spec:
            return path, builtin
    names = ", ".join(name for name, _, _ in available_templates()) or "none"
    raise NotFoundError(
        f"No template named {spec!r}.",
        f"Available: {names}. See `peerpact template list`.",
    )


def load_template(spec: str) -> Template:
    path, builtin = find_template(spec)
    try:
        data = read_bounded(path, MAX_TEMPLATE_BYTES, "template")
    except FileNotFoundError as exc:
        raise NotFoundError(f"No template file at {path}.") from exc
    return parse_template(data, path, builtin)


DEFAULT_TEMPLATE = "peer-support-space"
