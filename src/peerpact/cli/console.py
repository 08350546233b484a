"""Where output goes: results to stdout, errors and progress to stderr."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from peerpact.text import for_terminal

if TYPE_CHECKING:
    from rich.console import Console


@functools.cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False)


@functools.cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def safe(text: str) -> str:
    """A person's text made inert for the terminal: no control codes, no markup."""
    from rich.markup import escape

    return escape(for_terminal(text))


def report_error(message: str, hint: str | None = None) -> None:
    console = err()
    console.print(f"[bold red]Error:[/] {safe(message)}")
    if hint:
        console.print(safe(hint))


def say_stopped() -> None:
    err().print("\nStopped. Nothing was written.")


def print_json(data: object) -> None:
    import json

    # Plain print: JSON must not be wrapped or coloured.
    print(json.dumps(data, ensure_ascii=False, indent=2))
