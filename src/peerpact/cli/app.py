"""The Typer application every command module adds itself to, and the one
place errors become words and exit codes: ``PeerpactGroup.invoke``."""

from __future__ import annotations

import os
import sys
from typing import Any

# Plain output for screen readers reaches Typer's own help too, which decides
# at import time whether to draw Rich boxes.
if "--plain" in sys.argv[1:] or os.environ.get("PEERPACT_PLAIN", "") not in ("", "0"):
    os.environ.setdefault("TYPER_USE_RICH", "0")

import typer
from typer.core import TyperGroup

from peerpact import __version__
from peerpact.errors import ExitStatus, PeerpactError


class PeerpactGroup(TyperGroup):
    """Runs every command inside the one error handler."""

    def invoke(self, ctx: Any) -> Any:
        from peerpact.cli.console import report_error, say_stopped

        try:
            return super().invoke(ctx)
        except PeerpactError as exc:
            report_error(exc.message, exc.hint, exc.choice)
            raise typer.Exit(exc.status) from None
        except (KeyboardInterrupt, EOFError):
            say_stopped()
            raise typer.Exit(ExitStatus.INTERRUPTED) from None


app = typer.Typer(
    cls=PeerpactGroup,
    name="peerpact",
    help=(
        "Mutual agreements for peer-support spaces: agree, sign, amend, and give feedback.\n\n"
        "Everyday commands: `peerpact new` before a first session, `peerpact amend ID` "
        "to add or change boundaries, `peerpact grievance` to give feedback."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,
    # Locals could hold what people typed; a crash report must not show them.
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peerpact {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    plain: bool = typer.Option(
        False,
        "--plain",
        help="Screen-reader-friendly output: no colour, boxes or rules (or PEERPACT_PLAIN=1).",
    ),
) -> None:
    from peerpact.cli.console import set_plain

    set_plain(plain)
    if ctx.invoked_subcommand is None:
        typer.echo(
            "peerpact: mutual agreements for peer-support spaces.\n\n"
            "  peerpact new          agree together before a first session\n"
            "  peerpact amend ID     add or change wants, needs and boundaries\n"
            "  peerpact grievance    give feedback, anonymously unless you choose otherwise\n\n"
            "See `peerpact --help` for every command."
        )
