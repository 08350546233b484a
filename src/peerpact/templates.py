"""Agreement templates: the model, and finding and loading them by name or path.

A template is untrusted input unless it ships with peerpact: it is size-bounded,
validated field by field (``template_check``), and its text may only use
variables and simple conditions, rendered in a sandbox (``template_sandbox``).
The templates on this computer as a collection (list, copy, has one changed)
live in ``template_library``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerpact.errors import NotFoundError, TemplateError, UserInputError
from peerpact.paths import builtin_templates_dir, get_paths
from peerpact.store import read_bounded

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
    """Include a clause only when ``variable`` equals one of ``equals`` (or,
    with no ``equals``, when the variable is not empty).

    Values are typed by people ("In person", "in person "), so the comparison
    ignores case and surrounding spaces.
    """

    variable: str
    equals: tuple[str, ...] | None = None

    def holds(self, values: dict[str, str]) -> bool:
        value = values.get(self.variable, "").strip()
        if self.equals is None:
            return bool(value)
        return value.casefold() in {option.strip().casefold() for option in self.equals}


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
    #: Offered by `peerpact grievance` unless config sets grievance.categories.
    categories: tuple[str, ...]
    source: Path
    sha256: str
    builtin: bool = False
    name: str = field(default="")
    #: The file's text, kept to point error messages at a line of it.
    raw: str = field(default="", repr=False, compare=False)


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


def read_template_bytes(path: Path) -> bytes:
    """A template file's bytes, at most MAX_TEMPLATE_BYTES."""
    try:
        return read_bounded(path, MAX_TEMPLATE_BYTES, "template")
    except FileNotFoundError as exc:
        raise NotFoundError(f"No template file at {path}.") from exc
    except UserInputError as exc:
        # Too large, or a folder: the template is what is wrong (exit 1).
        raise TemplateError(exc.message, exc.hint) from exc


def load_template(spec: str) -> Template:
    """Find and fully validate a template; `new`, `show` and `validate` all use this."""
    from peerpact.template_check import parse_template

    path, builtin = find_template(spec)
    return parse_template(read_template_bytes(path), path, builtin)


DEFAULT_TEMPLATE = "peer-support-space"
