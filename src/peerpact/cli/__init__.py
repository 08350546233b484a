"""The command line: the only place that imports typer or rich.

Commands parse, prompt and print; each calls into the core. ``app`` (in
``cli/app.py``) holds the application and its one error handler; each command
module adds its commands to it.
"""

from __future__ import annotations

from peerpact.cli.app import app

__all__ = ["app", "main"]


def _register() -> None:
    # Each module adds its commands to `app`; importing them is cheap because
    # every heavy import happens inside the command that needs it.
    from peerpact.cli import (  # noqa: F401
        admin,
        agreements,
        amend,
        backup,
        config,
        docs,
        drafts,
        end,
        forget,
        grievances,
        keys,
        outbox,
        setup,
        templates,
        verify,
    )


_register()


def main() -> None:
    app(prog_name="peerpact")
