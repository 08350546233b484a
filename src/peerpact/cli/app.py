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
from peerpact.i18n import _


class PeerpactGroup(TyperGroup):
    """Runs every command inside the one error handler, in the interface's language."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from peerpact.i18n import DEFAULT, interface_language

        # Typer's own words (Usage, Options, its errors) follow the interface;
        # English loads nothing more, unless another language ran before it
        # in this process (tests) and must be taken back.
        if interface_language() != DEFAULT or "peerpact.cli.typer_words" in sys.modules:
            from peerpact.cli.typer_words import speak

            speak(self)
        return super().main(*args, **kwargs)

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
        _(
            "Mutual agreements for peer-support spaces: agree, sign, amend, and give "
            "feedback.\n\n"
            "Everyday commands: `peerpact new` before a first session, `peerpact "
            "amend ID` to add or change boundaries, `peerpact grievance` to give "
            "feedback."
        )
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
        typer.echo(_("peerpact {version}").format(version=__version__))
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
    ),
    plain: bool = typer.Option(
        False,
        "--plain",
        help=_("Screen-reader-friendly output: no colour, boxes or rules (or PEERPACT_PLAIN=1)."),
    ),
) -> None:
    from peerpact.cli.console import set_plain

    set_plain(plain)
    if ctx.invoked_subcommand is not None and not ctx.resilient_parsing:
        _move_old_key()
    if ctx.invoked_subcommand is None:
        typer.echo(
            _(
                "peerpact: mutual agreements for peer-support spaces.\n\n"
                "  peerpact new          agree together before a first session\n"
                "  peerpact amend ID     add or change wants, needs and boundaries\n"
                "  peerpact grievance    give feedback, anonymously unless you choose "
                "otherwise\n\n"
                "See `peerpact --help` for every command."
            )
        )


def _move_old_key() -> None:
    """Once, on the first command after an upgrade: the key leaves the config folder."""
    from peerpact.paths import get_paths

    paths = get_paths()
    if paths.legacy_key_file.exists():
        from peerpact.cli.console import err
        from peerpact.record.keys import migrate_legacy_key

        if migrate_legacy_key(paths.legacy_key_file, paths.key_file):
            err().print(
                _("Moved your signing key to the data folder: {key_file}").format(
                    key_file=paths.key_file
                )
            )


def command_group(name: str, help: str) -> typer.Typer:
    """A group of subcommands (`peerpact key ...`) whose bare name shows its help.

    `peerpact config` alone is a question, not a mistake: help, exit 0
    (click's no_args_is_help would exit 2).
    """
    group = typer.Typer(help=help, invoke_without_command=True)

    @group.callback()
    def _help_when_bare(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            typer.echo(ctx.get_help())
            raise typer.Exit(0)

    app.add_typer(group, name=name)
    return group
