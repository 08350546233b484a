"""Jinja2 in two roles.

1. Template text (clauses, titles) is filled in with the organisation's
   variables in a sandbox with StrictUndefined: a template from outside may
   not reach Python internals, read files, or grow without bound.
2. Our own layouts (``layouts/``) turn a record view into Markdown, plain
   text or a self-contained HTML page, autoescaped for HTML.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import TemplateError, UserInputError

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.sandbox import SandboxedEnvironment

    from peerpact.templates import Clause, Template

FORMATS = ("markdown", "text", "html")
_LAYOUTS = {"markdown": "agreement.md.j2", "text": "agreement.txt.j2", "html": "agreement.html.j2"}
#: The largest string or number a template expression may build.
MAX_RESULT = 100_000


@functools.cache
def _sandbox() -> SandboxedEnvironment:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        # `'x' * 10**9` would exhaust memory before any attribute check.
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and right > 64:
                raise self._too_big()
            if operator == "*":
                sizes = [len(v) for v in (left, right) if isinstance(v, str | list | tuple)]
                counts = [v for v in (left, right) if isinstance(v, int)]
                if sizes and counts and sizes[0] * max(counts) > MAX_RESULT:
                    raise self._too_big()
            return super().call_binop(context, operator, left, right)

        def _too_big(self) -> Exception:
            from jinja2.exceptions import SecurityError

            return SecurityError("expression result too large")

    return BoundedSandbox(undefined=StrictUndefined, autoescape=False)


def _template_error(template: Template, where: str, exc: Exception) -> TemplateError:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    line = getattr(exc, "lineno", None)
    place = f"{template.source}: {where}" + (f" (line {line} of the text)" if line else "")
    if isinstance(exc, SecurityError):
        return TemplateError(
            f"{place}: refused an unsafe expression ({exc}).",
            "Templates may only use {{ variables }} and simple {% if %} blocks.",
        )
    if isinstance(exc, UndefinedError):
        return TemplateError(f"{place}: {exc.message}.", "Declare it under [variables].")
    if isinstance(exc, TemplateSyntaxError):
        return TemplateError(f"{place}: Jinja syntax error: {exc.message}.")
    return TemplateError(f"{place}: could not be rendered ({type(exc).__name__}: {exc}).")


def _render(template: Template, where: str, text: str, values: dict[str, str]) -> str:
    if "{" not in text:
        return text
    from jinja2.exceptions import TemplateError as JinjaError

    try:
        return _sandbox().from_string(text).render(values)
    except (JinjaError, ArithmeticError, TypeError, ValueError, OverflowError) as exc:
        raise _template_error(template, where, exc) from exc
    except (MemoryError, RecursionError) as exc:
        raise _template_error(template, where, exc) from exc


def _texts(template: Template) -> list[tuple[str, str]]:
    """Every renderable text of a template with its field path."""
    found = [("title", template.title), ("introduction", template.introduction)]
    found.append(("feedback", template.feedback))

    def walk(clauses: tuple[Clause, ...], where: str) -> None:
        for index, clause in enumerate(clauses):
            here = f"{where}[{index}]"
            found.append((f"{here}.text", clause.text))
            walk(clause.clauses, f"{here}.clauses")

    for index, section in enumerate(template.sections):
        found.append((f"sections[{index}].title", section.title))
        walk(section.clauses, f"sections[{index}].clauses")
    for index, note in enumerate(template.footnotes):
        found.append((f"footnotes[{index}].text", note.text))
    for kind, entry in template.additions.items():
        for key, value in entry.items():
            found.append((f"additions.{kind}.{key}", value))
    return found


def check_template_text(template: Template) -> None:
    """Fail before any session starts on a syntax error or undeclared variable."""
    from jinja2 import meta
    from jinja2.exceptions import TemplateSyntaxError

    env = _sandbox()
    declared = set(template.variables)
    for where, text in _texts(template):
        if "{" not in text:
            continue
        try:
            parsed = env.parse(text)
        except TemplateSyntaxError as exc:
            raise _template_error(template, where, exc) from exc
        missing = sorted(meta.find_undeclared_variables(parsed) - declared)
        if missing:
            raise TemplateError(
                f"{template.source}: {where}: uses undeclared variable `{missing[0]}`.",
                f"Declare it as [variables.{missing[0]}] with a description and default.",
            )


def resolve(template: Template, values: dict[str, str]) -> dict[str, Any]:
    """The agreement as agreed: every text filled in, conditions applied.

    This plain data is what a record stores, so later edits to the template
    change nothing about an existing record.
    """
    marks = {note.id: note.mark for note in template.footnotes}

    def text(where: str, value: str) -> str:
        return _render(template, where, value, values)

    def clauses(items: tuple[Clause, ...], where: str) -> list[dict[str, Any]]:
        result = []
        for index, clause in enumerate(items):
            if clause.when is not None and not clause.when.holds(values):
                continue
            here = f"{where}[{index}]"
            entry: dict[str, Any] = {"text": text(f"{here}.text", clause.text)}
            if clause.footnote:
                entry["mark"] = marks[clause.footnote]
            children = clauses(clause.clauses, f"{here}.clauses")
            if children:
                entry["clauses"] = children
            result.append(entry)
        return result

    sections = [
        {
            "title": text(f"sections[{i}].title", section.title),
            "clauses": clauses(section.clauses, f"sections[{i}].clauses"),
        }
        for i, section in enumerate(template.sections)
        if section.when is None or section.when.holds(values)
    ]
    used_marks = _used_marks(sections)
    return {
        "title": text("title", template.title),
        "language": template.language,
        "introduction": text("introduction", template.introduction),
        "sections": sections,
        "footnotes": [
            {"mark": note.mark, "text": text(f"footnotes[{i}].text", note.text)}
            for i, note in enumerate(template.footnotes)
            if note.mark in used_marks
        ],
        "feedback": text("feedback", template.feedback),
        "additions": {
            kind: {key: text(f"additions.{kind}.{key}", value) for key, value in entry.items()}
            for kind, entry in template.additions.items()
        },
        "roles": {role: {"label": entry["label"]} for role, entry in template.roles.items()},
    }


def _used_marks(sections: list[dict[str, Any]]) -> set[str]:
    marks: set[str] = set()

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if "mark" in item:
                marks.add(item["mark"])
            walk(item.get("clauses", []))

    for section in sections:
        walk(section["clauses"])
    return marks


# -- layouts -----------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def markdown_escape(value: str) -> str:
    """Escape a person's text so Markdown shows it literally."""
    return _MD_SPECIAL.sub(r"\\\1", value)


def inline_html(value: str) -> Any:
    """Agreement text to HTML: escape everything, then honour **bold** and `code`."""
    from markupsafe import Markup, escape

    html = str(escape(value))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _CODE.sub(r"<code>\1</code>", html)
    return Markup(html)  # noqa: S704 - built from escaped text above


@functools.cache
def _layouts() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "layouts"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    env.filters["inline_html"] = inline_html
    return env


def render_document(view: dict[str, Any], fmt: str) -> str:
    """Render a record view (see ``agreement.view``) as markdown, text or html."""
    if fmt not in _LAYOUTS:
        raise UserInputError(f"Unknown format {fmt!r}.", f"Choose one of: {', '.join(FORMATS)}.")
    return _layouts().get_template(_LAYOUTS[fmt]).render(view)
