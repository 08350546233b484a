"""The command line: the only place that imports typer or rich.

``app.py`` holds the Typer application, its lazy command loading and its one
error handler; ``commands/`` one module per command or group, each calling
one use case in the core; ``flows/`` the interactive conversations (the
interview, amend's conversation, review); ``ui/`` the terminal toolkit.
"""

from __future__ import annotations

from peerpact.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="peerpact")
