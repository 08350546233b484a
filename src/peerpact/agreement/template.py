"""The template model: plain frozen dataclasses, nothing that reads a file.

A template is untrusted input unless it ships with peerpact: it is size-bounded,
validated field by field (``agreement.check``), and its text may only use
variables and simple conditions, rendered in a sandbox (``agreement.sandbox``).
Finding and loading templates by name or path lives in ``agreement.library``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
