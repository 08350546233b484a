"""Reading untrusted TOML: bounded in size, errors that name file, line and column."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from peerpact.errors import NotFoundError, PeerpactError, UserInputError
from peerpact.store import read_bounded

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
        reason = _WHERE.sub("", detail).strip().rstrip(".")
        place = f"{source}:{where.group(1)}:{where.group(2)}" if where else source
        raise error(
            f"{place}: TOML syntax error: {reason}.", "Fix the file and try again."
        ) from exc
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
