"""The wall around template text: what a template may say, and where it renders.

A template that does not ship with peerpact is untrusted input. Every text in
it is parsed and checked against a short list of allowed constructs before
anything renders (``check_body``): ``{{ variable }}``, a few case-changing
filters, ``{% if %}`` on variables. Attribute access, calls, loops, includes,
imports and assignments cannot even be written, so the known server-side
template injection payloads are refused by name. Rendering then happens in
a bounded ``SandboxedEnvironment`` with no globals and StrictUndefined, as a
second wall should the first ever miss something.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from peerpact.i18n import _

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

#: The largest string or number a template expression may build.
MAX_RESULT = 100_000
#: The longest value a variable may hold. Output is at most the template's
#: size times this, so a long value cannot make rendering exhaust memory.
MAX_VALUE = 2_000
#: How deeply {% if %} blocks and expressions may nest inside one text.
MAX_NESTING = 8
#: The only filters a template may use: they change case or trim, nothing else.
SAFE_FILTERS = ("capitalize", "lower", "title", "trim", "upper")
_COMPARISONS = {"eq": "==", "ne": "!=", "in": "in", "notin": "not in"}


def allowed_hint() -> str:
    """What a template may say, in the interface's language."""
    return _(
        "A template may only use {{ variable }}, {{ variable | upper }} (also lower, title, "
        "capitalize, trim) and {% if variable %} ... {% elif ... %} ... {% else %} ... "
        '{% endif %}, comparing with == and != (e.g. {% if format == "in person" %}). '
        "See `peerpact docs templates`."
    )


@functools.cache
def sandbox() -> SandboxedEnvironment:
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

    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False)
    # Fewer tools, fewer risks: no range, lipsum, dict, cycler, joiner or
    # namespace to build payloads from, and only case-changing filters (no
    # `attr`, `format`, `map`, `replace`...). The checker below already
    # refuses all of these; this is the second wall if it ever misses one.
    env.globals.clear()
    env.tests.clear()
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS}
    return env


class Refused(Exception):
    """A construct a template may not use; ``lineno`` is within the text."""

    def __init__(self, what: str, lineno: int | None) -> None:
        super().__init__(what)
        self.what = what
        self.lineno = lineno


class Undeclared(Refused):
    def __init__(self, name: str, lineno: int | None) -> None:
        super().__init__(_("uses undeclared variable `{name}`").format(name=name), lineno)
        self.name = name


def _node_words() -> dict[str, str]:
    """What each refused construct is called, in the interface's language."""
    return {
        "Getattr": _("reaching into a value with `.name`"),
        "Getitem": _("reaching into a value with `[...]`"),
        "Call": _("calling a function"),
        "For": _("a {% for %} loop"),
        "Include": _("{% include %} (a template may not read other files)"),
        "Import": _("{% import %} (a template may not read other files)"),
        "FromImport": _("{% from ... import %} (a template may not read other files)"),
        "Extends": _("{% extends %} (a template may not read other files)"),
        "Assign": _("{% set %}"),
        "AssignBlock": _("{% set %}"),
        "Macro": _("{% macro %}"),
        "CallBlock": _("{% call %}"),
        "FilterBlock": _("a {% filter %} block"),
        "With": _("{% with %}"),
        "Block": _("{% block %}"),
        "Scope": _("a scoped block"),
        "Test": _("an `is` test"),
        "Concat": _("joining with `~`"),
        "CondExpr": _("an inline `if ... else`"),
    }


def _refuse(node: nodes.Node) -> Refused:
    name = type(node).__name__
    what = _node_words().get(name)
    if what is None:
        what = _("arithmetic") if hasattr(node, "left") or name in ("Neg", "Pos") else name
    return Refused(_("{what} is not allowed").format(what=what), getattr(node, "lineno", None))


def _check_expr(node: nodes.Node, declared: set[str], depth: int) -> None:
    """Allow variable names, plain constants, comparisons, and/or/not, safe filters."""
    from jinja2 import nodes as n

    if depth > MAX_NESTING:
        raise Refused(
            _("expressions nested deeper than {MAX_NESTING} levels").format(
                MAX_NESTING=MAX_NESTING
            ),
            node.lineno,
        )
    if isinstance(node, n.Name):
        if node.name not in declared:
            raise Undeclared(node.name, node.lineno)
    elif isinstance(node, n.Const):
        # Variables hold text, so only quoted text (and true/false) compares.
        if not isinstance(node.value, str | bool):
            raise Refused(
                _("the constant {value!r} is not allowed").format(value=node.value), node.lineno
            )
    elif isinstance(node, n.List | n.Tuple):
        for item in node.items:
            if not isinstance(item, n.Const) or not isinstance(item.value, str):
                raise Refused(_("a list may only hold quoted text"), node.lineno)
    elif isinstance(node, n.Compare):
        _check_expr(node.expr, declared, depth + 1)
        for operand in node.ops:
            if operand.op not in _COMPARISONS:
                raise Refused(
                    _("the comparison `{op}` is not allowed").format(op=operand.op), node.lineno
                )
            _check_expr(operand.expr, declared, depth + 1)
    elif isinstance(node, n.And | n.Or):
        _check_expr(node.left, declared, depth + 1)
        _check_expr(node.right, declared, depth + 1)
    elif isinstance(node, n.Not):
        _check_expr(node.node, declared, depth + 1)
    elif isinstance(node, n.Filter):
        if node.name not in SAFE_FILTERS:
            raise Refused(
                _("the filter `{name}` is not allowed").format(name=node.name), node.lineno
            )
        if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs or node.node is None:
            raise Refused(
                _("the filter `{name}` takes no arguments here").format(name=node.name), node.lineno
            )
        _check_expr(node.node, declared, depth + 1)
    else:
        raise _refuse(node)


def check_body(body: list[nodes.Node], declared: set[str], depth: int) -> None:
    """Raise Refused (or Undeclared) at the first construct not on the list."""
    from jinja2 import nodes as n

    if depth > MAX_NESTING:
        raise Refused(
            _("{{% if %}} blocks nested deeper than {MAX_NESTING}").format(MAX_NESTING=MAX_NESTING),
            None,
        )
    for node in body:
        if isinstance(node, n.Output):
            for child in node.nodes:
                if not isinstance(child, n.TemplateData):
                    _check_expr(child, declared, 1)
        elif isinstance(node, n.If):
            _check_expr(node.test, declared, 1)
            check_body(node.body, declared, depth + 1)
            check_body(list(node.elif_), declared, depth + 1)
            check_body(node.else_, declared, depth + 1)
        else:
            raise _refuse(node)
