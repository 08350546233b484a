"""Reading untrusted TOML: bounded in size, errors that name file, line and column."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from peerpact.errors import NotFoundError, PeerpactError, UserInputError
from peerpact.files import read_bounded

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_toml(
    data: bytes,
    source: str,
    error: type[PeerpactError] = UserInputError,
) -> dict[str, Any]:
    """Parse TOML bytes; raise ``error`` naming ``source``, line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{source} is not UTF-8 text (byte {exc.start}).") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        where = _WHERE.search(detail)
        if where:
            place = f"{source}:{where.group(1)}:{where.group(2)}"
            reason = _WHERE.sub("", detail).strip().rstrip(".")
            hint = "Fix the file and try again."
        else:
            # tomllib reports an unclosed string, bracket or table only as
            # reaching the end; the end is still a place a person can go to.
            lines = text.rstrip("\n").split("\n")
            place = f"{source}:{len(lines)}:{len(lines[-1]) + 1}"
            reason = detail.replace("(at end of document)", "").strip().rstrip(".")
            reason += " (reached the end of the file)"
            hint = "Look above this point for a quote, bracket or brace that is never closed."
        raise error(f"{place}: TOML syntax error: {reason}.", hint) from exc
    except RecursionError as exc:
        raise error(f"{source} is nested too deeply to be a peerpact file.") from exc


def load_toml(
    path: Path,
    limit: int,
    what: str,
    error: type[PeerpactError] = UserInputError,
) -> dict[str, Any]:
    """Read and parse a TOML file of at most ``limit`` bytes."""
    try:
        data = read_bounded(path, limit, what)
    except FileNotFoundError as exc:
        raise NotFoundError(f"No {what} at {path}.") from exc
    return parse_toml(data, str(path), error)
