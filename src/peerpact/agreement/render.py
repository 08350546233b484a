"""Jinja2 in two roles.

1. Template text (clauses, titles) is checked and filled in with the
   organisation's variables, inside the walls of ``template_sandbox``: only
   variables, case filters and {% if %}; a bounded sandbox; StrictUndefined.
2. Our own layouts (``layouts/``) turn a record view into Markdown, plain
   text or a self-contained HTML page, autoescaped for HTML.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.agreement.sandbox import (
    MAX_VALUE,
    Refused,
    Undeclared,
    allowed_hint,
    check_body,
    sandbox,
)
from peerpact.errors import TemplateError, UserInputError
from peerpact.i18n import _

if TYPE_CHECKING:
    from jinja2 import Environment

    from peerpact.agreement.template import Clause, Template

FORMATS = ("markdown", "text", "html")
_LAYOUTS = {"markdown": "agreement.md.j2", "text": "agreement.txt.j2", "html": "agreement.html.j2"}


def _file_line(template: Template, text: str, lineno: int | None) -> int | None:
    """The line of the template file that holds line ``lineno`` of ``text``.

    tomllib keeps no positions, so look for that line of the text in the raw
    file; when it is not found verbatim (escapes), the field path must do.
    """
    lines = text.splitlines()
    if not template.raw or not lines:
        return None
    wanted = lines[min(max((lineno or 1) - 1, 0), len(lines) - 1)].strip()
    if len(wanted) < 6:  # too short to point at one line with any confidence
        return None
    for number, raw_line in enumerate(template.raw.splitlines(), start=1):
        if wanted in raw_line and not raw_line.lstrip().startswith("#"):
            return number
    return None


def _place(template: Template, where: str, text: str, lineno: int | None) -> str:
    line = _file_line(template, text, lineno)
    source = f"{template.source}:{line}" if line else str(template.source)
    inner = (
        " " + _("(line %(n)s of the text)") % {"n": lineno}
        if lineno and "\n" in text.strip()
        else ""
    )
    return f"{source}: {where}{inner}"


def _template_error(template: Template, where: str, text: str, exc: Exception) -> TemplateError:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    place = _place(template, where, text, getattr(exc, "lineno", None))
    if isinstance(exc, Refused):
        said = _("%(what)s; nothing was rendered.") % {"what": exc.what}
        return TemplateError(f"{place}: {said}", allowed_hint())
    if isinstance(exc, SecurityError):
        said = _("refused an unsafe expression (%(error)s).") % {"error": exc}
        return TemplateError(f"{place}: {said}", allowed_hint())
    if isinstance(exc, UndefinedError):
        return TemplateError(f"{place}: {exc.message}.", _("Declare it under [variables]."))
    if isinstance(exc, TemplateSyntaxError):
        reason = (exc.message or "").rstrip(".")
        return TemplateError(
            f"{place}: " + _("Jinja syntax error: %(reason)s.") % {"reason": reason}
        )
    if isinstance(exc, RecursionError):
        return TemplateError(f"{place}: " + _("nested too deeply to be a template text."))
    error = f"{type(exc).__name__}: {exc}"
    return TemplateError(f"{place}: " + _("could not be rendered (%(error)s).") % {"error": error})


def _render(template: Template, where: str, text: str, values: dict[str, str]) -> str:
    if "{" not in text:
        return text
    from jinja2.exceptions import TemplateError as JinjaError

    try:
        return sandbox().from_string(text).render(values)
    except (JinjaError, ArithmeticError, TypeError, ValueError, OverflowError) as exc:
        raise _template_error(template, where, text, exc) from exc
    except (MemoryError, RecursionError) as exc:
        raise _template_error(template, where, text, exc) from exc


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
    """Fail before any session starts on a syntax error, an undeclared
    variable, or any construct beyond variables, safe filters and {% if %}."""
    import difflib

    from jinja2.exceptions import TemplateSyntaxError

    env = sandbox()
    declared = set(template.variables)
    for where, text in _texts(template):
        if "{" not in text:
            continue
        try:
            check_body(env.parse(text).body, declared, 0)
        except (TemplateSyntaxError, RecursionError) as exc:
            raise _template_error(template, where, text, exc) from exc
        except Undeclared as exc:
            close = difflib.get_close_matches(exc.name, sorted(declared), n=1)
            hint = (
                _(
                    "Did you mean `%(close)s`? Or declare it as [variables.%(name)s] "
                    "with a description and default."
                )
                if close
                else _("Declare it as [variables.%(name)s] with a description and default.")
            ) % {"close": close[0] if close else "", "name": exc.name}
            raise TemplateError(
                f"{_place(template, where, text, exc.lineno)}: {exc.what}.", hint
            ) from None
        except Refused as exc:
            raise _template_error(template, where, text, exc) from None


def trial_render(template: Template, values: dict[str, str]) -> None:
    """Render every text, whatever its conditions, to catch what parsing cannot."""
    for where, text in _texts(template):
        _render(template, where, text, values)


def resolve(template: Template, values: dict[str, str]) -> dict[str, Any]:
    """The agreement as agreed: every text filled in, conditions applied.

    This plain data is what a record stores, so later edits to the template
    change nothing about an existing record.
    """
    for name, value in values.items():
        if len(value) > MAX_VALUE:
            raise UserInputError(
                _("variables.%(name)s: is %(n)s characters; at most %(max)s are allowed.")
                % {"name": name, "n": len(value), "max": MAX_VALUE},
            )
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
            elif not entry["text"].strip():
                # A clause wholly inside {% if %} that did not hold: no empty bullet.
                continue
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
def _layouts(language: str = "en") -> Environment:
    """Our layouts, speaking ``language`` (the document's, not the interface's)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    from peerpact.i18n import document_language, format_date, translations

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "layouts"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # newstyle: `_("Revision %(n)s", n=3)`, with the values autoescaped in HTML.
    catalogue = translations(document_language(language))
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = markdown_escape
    env.filters["inline_html"] = inline_html
    # Dates by the full tag: "en-GB" writes 28 November, "en" November 28.
    env.filters["date"] = lambda value: format_date(str(value), language)
    return env


def render_document(view: dict[str, Any], fmt: str) -> str:
    """Render a record view (see ``agreement.view``) as markdown, text or html,
    in the agreement's own language."""
    if fmt not in _LAYOUTS:
        raise UserInputError(
            _("Unknown format %(format)r.") % {"format": fmt},
            _("Choose one of: %(formats)s.") % {"formats": ", ".join(FORMATS)},
        )
    return _layouts(view["language"]).get_template(_LAYOUTS[fmt]).render(view)


def render_copy(view: dict[str, Any]) -> str:
    """A party's copy (see ``record.copy``) as one self-contained HTML page."""
    return _layouts(view["language"]).get_template("copy.html.j2").render(view)
