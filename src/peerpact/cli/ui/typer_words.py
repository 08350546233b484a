"""Typer's own words (Usage, Options, Commands, its errors) in the interface's language.

Typer draws help and usage errors itself. Its panel titles are constants in
``typer.rich_utils`` and its other words go through ``gettext`` in
``typer.core``; the click that Typer carries writes plain English f-strings,
so "Usage:", the help option's help and the common usage errors are rewritten
where they are made or shown. ``speak()`` runs before each command line is
parsed, and only does work once a language other than English was asked for:
an English run imports nothing more (start-up time is budgeted).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from peerpact.i18n import _

#: What each of Typer's rich_utils constants says, in the interface's language.
_PANELS: dict[str, Callable[[], str]] = {
    "ARGUMENTS_PANEL_TITLE": lambda: _("Arguments"),
    "OPTIONS_PANEL_TITLE": lambda: _("Options"),
    "COMMANDS_PANEL_TITLE": lambda: _("Commands"),
    "ERRORS_PANEL_TITLE": lambda: _("Error"),
    "ABORTED_TEXT": lambda: _("Aborted."),
    "RICH_HELP": lambda: _("Try [blue]'{command_path} {help_option}'[/] for help."),
    "DEFAULT_STRING": lambda: _("[default: {}]"),
    "ENVVAR_STRING": lambda: _("[env var: {}]"),
    "REQUIRED_LONG_STRING": lambda: _("[required]"),
    "DEPRECATED_STRING": lambda: _("(deprecated) "),
}


def _core_words() -> dict[str, str]:
    """typer.core's gettext messages (the plain, non-Rich help and errors)."""
    return {
        "Arguments": _("Arguments"),
        "Options": _("Options"),
        "Commands": _("Commands"),
        "Missing command.": _("Missing command."),
        "No such command {name!r}.": _("No such command {name!r}."),
        "default: {default}": _("default: {default}"),
        "required": _("required"),
        "Aborted!": _("Aborted!"),
    }


def _kinds() -> dict[str, str]:
    """The names click gives the kinds of value peerpact's options take."""
    return {
        "integer": _("integer"),
        "int range": _("int range"),
        "float": _("float"),
        "boolean": _("boolean"),
    }


#: click's usage errors, as English text, and how each is said.
_ERRORS: list[tuple[re.Pattern[str], Callable[[dict[str, str]], str]]] = [
    (
        re.compile(r"(?P<message>.+)\. Did you mean (?P<suggestions>.+)\?"),
        lambda m: _("{message}. Did you mean {suggestions}?").format(
            message=_said(m["message"]), suggestions=m["suggestions"]
        ),
    ),
    (
        re.compile(r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)"),
        lambda m: _("No such option: {name} (Possible options: {options})").format(**m),
    ),
    (
        re.compile(r"No such option: (?P<name>\S+)"),
        lambda m: _("No such option: {name}").format(**m),
    ),
    (
        re.compile(r"Missing argument (?P<name>.+)\."),
        lambda m: _("Missing argument {name}.").format(**m),
    ),
    (
        re.compile(r"Missing option (?P<name>.+)\."),
        lambda m: _("Missing option {name}.").format(**m),
    ),
    (
        re.compile(r"Option (?P<name>'.+') requires an argument\."),
        lambda m: _("Option {name} requires an argument.").format(**m),
    ),
    (
        re.compile(r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)"),
        lambda m: _("Got unexpected extra argument(s) ({arguments})").format(**m),
    ),
    (
        re.compile(r"Invalid value for (?P<name>.+?): (?P<problem>.+)", re.DOTALL),
        lambda m: _("Invalid value for {name}: {problem}").format(
            name=m["name"], problem=_said(m["problem"])
        ),
    ),
    (
        re.compile(r"(?P<value>'.*') is not one of (?P<choices>.+)\.", re.DOTALL),
        lambda m: _("{value} is not one of {choices}.").format(**m),
    ),
    (
        re.compile(r"(?P<value>'.*') is not a valid (?P<kind>[\w ]+)\."),
        lambda m: _("{value} is not a valid {kind}.").format(
            value=m["value"], kind=_kinds().get(m["kind"], m["kind"])
        ),
    ),
    (
        re.compile(r"(?P<value>\S+) is not in the range (?P<range>.+)\."),
        lambda m: _("{value} is not in the range {range}.").format(**m),
    ),
]


_TRY = re.compile(r"^Try '(?P<command>.+) (?P<option>\S+)' for help\.$", re.MULTILINE)


def _said(message: str) -> str:
    """One of click's English error messages, in the interface's language."""
    for pattern, say in _ERRORS:
        match = pattern.fullmatch(message)
        if match:
            return say(match.groupdict())
    return message


def _translated(format_message: Callable[[Any], str]) -> Callable[[Any], str]:
    def format_translated(self: Any) -> str:
        return _said(format_message(self))

    return format_translated


_installed = False


def _completion_words() -> dict[str, str]:
    """The help of the options Typer adds for shell completion."""
    return {
        "Install completion for the current shell.": _("Install completion for the current shell."),
        "Show completion for the current shell, to copy it or customize the installation.": _(
            "Show completion for the current shell, to copy it or customize the installation."
        ),
    }


def speak(command: Any) -> None:
    """Make Typer speak the interface's language for ``command`` (the root
    group). Every msgid is Typer's own English, so in English (a later run in
    the same process, as in tests) everything is as Typer wrote it."""
    global _installed
    import typer.core
    import typer.rich_utils
    from typer._click import core as click_core
    from typer._click import exceptions
    from typer._click.formatting import HelpFormatter

    if not _installed:
        _install(typer.core, click_core, exceptions, HelpFormatter)
        _installed = True
    for name, said in _PANELS.items():
        setattr(typer.rich_utils, name, said())
    # Typer makes the command anew for each run, with its English help.
    completion = _completion_words()
    for param in command.params:
        if param.help in completion:
            param.help = completion[param.help]


def _install(typer_core: Any, click_core: Any, exceptions: Any, formatter: Any) -> None:
    """Once: the hooks below look the words up on every call."""
    typer_core._ = lambda message: _core_words().get(message, message)

    write_usage = formatter.write_usage

    def write_translated(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatter.write_usage = write_translated

    get_help_option = click_core.Command.get_help_option

    def help_option_translated(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    click_core.Command.get_help_option = help_option_translated
    for value in vars(exceptions).values():
        if isinstance(value, type) and "format_message" in vars(value):
            value.format_message = _translated(vars(value)["format_message"])  # type: ignore[attr-defined]
    # Without Rich (--plain), a usage error's show() writes its own hint.
    echo = exceptions.echo

    def echo_translated(message: Any = None, *args: Any, **kwargs: Any) -> None:
        if isinstance(message, str):
            message = _TRY.sub(
                lambda m: _("Try '{command} {option}' for help.").format(**m.groupdict()),
                message,
            )
        echo(message, *args, **kwargs)

    exceptions.echo = echo_translated
