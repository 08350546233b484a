"""The Typer application, and the one place errors become words and exit
codes: ``PeerpactGroup.invoke``.

Commands load lazily (click's LazyGroup pattern): ``COMMANDS`` (in
``cli/commands/__init__.py``) names each command's module and help, and a
command line imports only the module of the command it runs; `--help` lists
them from the table alone. Each module holds its commands in its own
``app = commands()``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from types import ModuleType
from typing import Any

import typer
import typer.core
import typer.main
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from peerpact import __version__
from peerpact.cli.commands import COMMANDS, about
from peerpact.errors import ExitStatus, PeerpactError
from peerpact.i18n import _

#: Whether Typer may draw Rich boxes, as TYPER_USE_RICH said when it loaded.
_TYPER_RICH = typer.core.HAS_RICH


def _plain_help(plain: bool) -> None:
    """Plain output for screen readers reaches Typer's own help and usage
    errors too: Typer reads this flag each time it draws them, so it is set
    for each command line (from its words, never at import)."""
    typer.core.HAS_RICH = _TYPER_RICH and not plain
    vars(typer.main)["HAS_RICH"] = typer.core.HAS_RICH  # its tracebacks
    _help_plain[0] = plain


#: Whether this command line's help is for a screen reader (set by ``_plain_help``).
_help_plain = [False]
_help_value = HelpFormatter.getvalue


def _help_spoken(self: HelpFormatter) -> str:
    """Plain help without Markdown's backticks, as the rest of plain output.

    Every one goes: click cuts a command's short help at "..." and may cut a
    pair in two, and help never means a backtick itself."""
    text = _help_value(self)
    return text.replace("`", "") if _help_plain[0] else text


HelpFormatter.getvalue = _help_spoken  # type: ignore[method-assign]


_typer_metavar = typer.core.TyperArgument.make_metavar


def _usage_metavar(self: typer.core.TyperArgument, ctx: Any, *, usage: bool = False) -> str:
    """A required argument as the usage line names it: ``ID``, not Typer's ``{ID}``
    (braces read as a set of choices, or as a placeholder left unfilled)."""
    var = _typer_metavar(self, ctx, usage=usage)
    if usage and var.startswith("{"):
        name, brace, rest = var[1:].partition("}")
        if brace:
            return name + rest
    return var


typer.core.TyperArgument.make_metavar = _usage_metavar  # type: ignore[method-assign]


#: The language each command module's help was written in when it was
#: imported: help is put into words at import, so a module imported in one
#: language is imported again when a later run (tests) speaks another.
_imported_in: dict[str, str] = {}


def _command_module(name: str) -> ModuleType:
    from peerpact.i18n import interface_language

    module_name = f"peerpact.cli.commands.{COMMANDS[name][0]}"
    language = interface_language()
    module = sys.modules.get(module_name)
    if module is None:
        module = importlib.import_module(module_name)
    elif _imported_in.get(module_name, language) != language:
        module = importlib.reload(module)
    _imported_in[module_name] = language
    return module


class LazyCommands(MutableMapping[str, Any]):
    """The root group's commands: every name in ``COMMANDS`` is known at once
    (for help's list and "did you mean"), each command made only when asked for."""

    def __init__(self, made: MutableMapping[str, Any]) -> None:
        self._made: dict[str, Any] = dict(made)

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            if name not in COMMANDS:
                raise KeyError(name)
            group = typer.main.get_group(_command_module(name).app)
            self._made[name] = group.commands[name]
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._made[name] = command

    def made(self, name: str) -> bool:
        return name in self._made

    def __delitem__(self, name: str) -> None:
        del self._made[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._made if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(name not in COMMANDS for name in self._made)


class PeerpactGroup(TyperGroup):
    """Runs every command inside the one error handler, in the interface's
    language, and loads a command's module only when it is asked for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = LazyCommands(self.commands)
        self.commands = self._lazy
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        # `peerpact --help` lists every command by its help alone: a stand-in
        # with the same help, so no command's module is imported to list it.
        if self._listing and cmd_name in COMMANDS and not self._lazy.made(cmd_name):
            return TyperCommand(cmd_name, help=about(cmd_name), rich_markup_mode="rich")
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        from peerpact.i18n import DEFAULT, interface_language

        words = list(args) if args is not None else sys.argv[1:]
        _plain_help("--plain" in words or os.environ.get("PEERPACT_PLAIN", "") not in ("", "0"))

        # Typer's own words (Usage, Options, its errors) follow the interface;
        # English loads nothing more, unless another language ran before it
        # in this process (tests) and must be taken back.
        if interface_language() != DEFAULT or "peerpact.cli.ui.typer_words" in sys.modules:
            from peerpact.cli.ui.typer_words import speak

            speak(self)
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        from peerpact.cli.ui.console import report_error, say_stopped

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
    from peerpact.cli.ui.console import set_plain

    set_plain(plain)
    if ctx.invoked_subcommand is not None and not ctx.resilient_parsing:
        _move_old_key()
    if ctx.invoked_subcommand is None:
        _welcome()


def _welcome() -> None:
    """What a bare `peerpact` says: the three everyday commands, their words
    wrapped beside them at any width (a fixed layout broke mid-word at 60
    columns)."""
    from rich.table import Table

    from peerpact.cli.ui.console import out, spoken

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row("peerpact new", _("agree together before a first session"))
    grid.add_row("peerpact amend ID", _("add or change wants, needs and boundaries"))
    grid.add_row("peerpact grievance", _("give feedback, anonymously unless you choose otherwise"))
    console = out()
    console.print(_("peerpact: mutual agreements for peer-support spaces."), end="\n\n")
    console.print(grid)
    console.print()
    console.print(spoken(_("See `peerpact --help` for every command.")))


def _move_old_key() -> None:
    """Once, on the first command after an upgrade: the key leaves the config folder."""
    from peerpact.paths import get_paths

    paths = get_paths()
    if paths.legacy_key_file.exists():
        from peerpact.cli.ui.console import err
        from peerpact.record.keys import migrate_legacy_key

        if migrate_legacy_key(paths.legacy_key_file, paths.key_file):
            err().print(
                _("Moved your signing key to the data folder: {key_file}").format(
                    key_file=paths.key_file
                )
            )


def commands() -> typer.Typer:
    """Where one ``cli/commands/`` module puts its commands (``app = commands()``)."""
    return typer.Typer(rich_markup_mode="rich")


def command_group(parent: typer.Typer, name: str, help: str) -> typer.Typer:
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

    parent.add_typer(group, name=name)
    return group
