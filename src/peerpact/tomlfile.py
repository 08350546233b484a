"""Reading untrusted TOML: bounded in size, errors that name file, line and column."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from peerpact.errors import NotFoundError, PeerpactError, UserInputError
from peerpact.files import read_bounded
from peerpact.i18n import _

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
#: No peerpact file nests tables and arrays this deep (a record needs about 16);
#: deeper input is refused here, before any recursive code meets it.
MAX_DEPTH = 32


def parse_toml(
    data: bytes,
    source: str,
    error: type[PeerpactError] = UserInputError,
) -> dict[str, Any]:
    """Parse TOML bytes; raise ``error`` naming ``source``, line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            _("{source} is not UTF-8 text (byte {start}).").format(source=source, start=exc.start)
        ) from exc
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        where = _WHERE.search(detail)
        if where:
            place = f"{source}:{where.group(1)}:{where.group(2)}"
            reason = _WHERE.sub("", detail).strip().rstrip(".")
            hint = _("Fix the file and try again.")
        else:
            # tomllib reports an unclosed string, bracket or table only as
            # reaching the end; the end is still a place a person can go to.
            lines = text.rstrip("\n").split("\n")
            place = f"{source}:{len(lines)}:{len(lines[-1]) + 1}"
            reason = detail.replace("(at end of document)", "").strip().rstrip(".")
            reason = _("{reason} (reached the end of the file)").format(reason=reason)
            hint = _("Look above this point for a quote, bracket or brace that is never closed.")
        raise error(
            _("{place}: TOML syntax error: {reason}.").format(place=place, reason=reason), hint
        ) from exc
    except RecursionError as exc:
        raise error(
            _("{source} is nested too deeply to be a peerpact file.").format(source=source)
        ) from exc
    if nesting(doc) > MAX_DEPTH:
        raise error(
            _("{source} nests tables or arrays more than {MAX_DEPTH} deep.").format(
                source=source, MAX_DEPTH=MAX_DEPTH
            )
        )
    return doc


def nesting(value: Any) -> int:
    """How deep tables and arrays nest in ``value``, counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:  # past the limit the answer is already known
            stack.extend((child, depth + 1) for child in children)
    return deepest


def load_toml(
    path: Path,
    limit: int,
    what: str,
    error: type[PeerpactError] = UserInputError,
    follow: bool = True,
) -> dict[str, Any]:
    """Read and parse a TOML file of at most ``limit`` bytes (``follow``: as
    ``files.read_bounded``; False for peerpact's own state)."""
    try:
        data = read_bounded(path, limit, what, follow=follow)
    except FileNotFoundError as exc:
        raise NotFoundError(_("No {what} at {path}.").format(what=what, path=path)) from exc
    return parse_toml(data, str(path), error)
