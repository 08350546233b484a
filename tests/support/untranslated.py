"""Find the strings a person sees that are not wrapped for translation.

A static reading of the source (issue 12: "a test fails when any string a
person sees is not in the catalogue"). A string reaches a person when it is

- an argument of an error peerpact makes (``SomeError("message", "hint")``)
  or of anything raised (``raise error(...)``),
- an argument of an output or prompt call in ``cli/`` (``out().print(...)``,
  ``typer.echo``, ``say``, ``confirm``, ``print_table`` headers ...),
- a ``help=`` (Typer's options, arguments, commands and groups; a group's help
  given to ``command_group``),
- the docstring of a command that has no ``help=``: Typer shows it as help.

Such a string is fine when it sits inside ``_()`` or ``ngettext()`` (the
catalogue has it, see test_i18n.py), when it carries no words (placeholders,
punctuation, Rich markup), or when ALLOWED lists it. Text reaching a person
another way (a variable set far from its use) is not seen here; the Spanish
tour in test_i18n_cli.py reads the output itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "peerpact"

#: Calls in cli/ whose string arguments a person reads.
SHOWN = frozenset(
    """print echo secho say warn ask confirm choose choose_word print_line heading
    report_error prompt print_table print_columns command_group require_terminal""".split()  # noqa: SIM905
)
#: str methods a shown string passes through on its way out.
STR_METHODS = frozenset("format join strip rstrip lstrip capitalize".split())  # noqa: SIM905
WRAPPERS = frozenset({"_", "ngettext"})
#: Literal text with letters that is not language, each with why. Empty so
#: far: ids, hashes and commands reach output through placeholders.
ALLOWED: frozenset[str] = frozenset()
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sdr]|%[sdr]")
_MARKUP = re.compile(r"\[/?[a-z][a-z0-9 ._#-]*\]|\[/\]")


def has_words(text: str) -> bool:
    """Language: two letters in a row, once placeholders and markup are gone."""
    if text in ALLOWED:
        return False
    bare = _MARKUP.sub("", _PLACEHOLDER.sub("", text))
    return re.search(r"[^\W\d_]{2,}", bare) is not None


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literals(node: ast.AST) -> Iterator[tuple[int, str]]:
    """The literal text in an expression that ends up in its value, outside _()."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.lineno, node.value
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        yield node.lineno, "{}".join(str(p) for p in parts)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield from _literals(value.value)
    elif isinstance(node, ast.Call):
        name = _name(node.func)
        if name in WRAPPERS:
            return
        if isinstance(node.func, ast.Attribute) and name in STR_METHODS:
            yield from _literals(node.func.value)
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                yield from _literals(arg)
        # Any other call is opaque: what it returns is checked where it is made.
    elif isinstance(node, ast.BinOp):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.BoolOp | ast.Tuple | ast.List):
        for child in node.values if isinstance(node, ast.BoolOp) else node.elts:
            yield from _literals(child)
    elif isinstance(node, ast.Starred):
        yield from _literals(node.value)
    elif isinstance(node, ast.Lambda):
        yield from _literals(node.body)
    elif isinstance(node, ast.GeneratorExp | ast.ListComp):
        yield from _literals(node.elt)


def _error_names() -> frozenset[str]:
    import peerpact.errors as errors

    return frozenset(
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.PeerpactError)
    )


def _is_command(func: ast.FunctionDef) -> tuple[bool, bool]:
    """Whether Typer shows this function's docstring (a command or group
    callback), and whether its decorator gives help= instead."""
    for decorator in func.decorator_list:
        if isinstance(decorator, ast.Call) and _name(decorator.func) in ("command", "callback"):
            return True, any(k.arg == "help" for k in decorator.keywords)
    return False, False


def findings(path: Path, root: Path = SOURCE) -> Iterator[Finding]:
    """Every unwrapped string a person sees in one module under ``root``."""
    relative = path.relative_to(root).as_posix()
    in_cli = relative.startswith("cli/")
    errors = _error_names()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    raised = {id(node.exc) for node in ast.walk(tree) if isinstance(node, ast.Raise) and node.exc}
    for node in ast.walk(tree):
        shown: list[ast.expr] = []
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in errors or id(node) in raised or (in_cli and name in SHOWN):
                # The first two arguments of command_group are the app it joins
                # and the group's name, and the first of a template check's
                # fail() the path of a field, and the first of require_terminal
                # the command that asks (`peerpact new`): not words.
                skip = {"command_group": 2, "fail": 1, "require_terminal": 1}.get(name, 0)
                args = node.args[skip:]
                shown = [*args, *(k.value for k in node.keywords if k.arg != "style")]
            elif in_cli:
                shown = [k.value for k in node.keywords if k.arg == "help"]
        elif isinstance(node, ast.FunctionDef) and in_cli:
            command, has_help = _is_command(node)
            docstring = ast.get_docstring(node)
            if command and not has_help and docstring and has_words(docstring):
                yield Finding(relative, node.lineno, docstring.split("\n")[0])
        for expr in shown:
            for line, text in _literals(expr):
                if has_words(text):
                    yield Finding(relative, line, text)


def _lines_of(path: Path, functions: frozenset[str]) -> set[int]:
    """The lines of the named top-level functions of a module (decorators too)."""
    lines: set[int] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name in functions:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines.update(range(first, (node.end_lineno or node.lineno) + 1))
    return lines


def untranslated(skip: frozenset[str] = frozenset()) -> list[Finding]:
    """Every unwrapped string a person sees in src/peerpact, but in ``skip``:
    modules ("cli/commands/end.py") or functions of one ("cli/commands/new.py:new")."""
    found: list[Finding] = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if relative in skip:
            continue
        functions = frozenset(s.split(":", 1)[1] for s in skip if s.startswith(relative + ":"))
        skipped = _lines_of(path, functions)
        found.extend(f for f in findings(path) if f.line not in skipped)
    return found
