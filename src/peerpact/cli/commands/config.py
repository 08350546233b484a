"""`peerpact config`: get, set, unset, list, path and edit settings, as git config does."""

from typing import Annotated, Any

import typer

from peerpact.cli.app import command_group, commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import err, out, print_json, safe
from peerpact.cli.ui.params import ConfigKey, Json
from peerpact.i18n import _

app = commands()


config_app = command_group(
    app,
    "config",
    about("config"),
)


@config_app.command(
    "get",
    help=_(
        "Print one setting's value in force; exit 3 when it is not set.\n\n"
        "Example: `peerpact config get organization.name`."
    ),
)
def config_get(key: ConfigKey) -> None:
    from peerpact.errors import NotFoundError
    from peerpact.settings import format_value, get_value

    value = get_value(key)
    if value is None:
        hint = _("Set it with `peerpact config set {key} VALUE`.").format(key=key)
        raise NotFoundError(_("`{key}` is not set.").format(key=key), hint)
    typer.echo(format_value(value))


@config_app.command(
    "set",
    help=_(
        "Set one setting, keeping the rest of the file and its comments.\n\n"
        "Values are checked before anything is written. `peerpact config list`\n"
        "shows every key; variables.NAME sets any other template variable.\n\n"
        'Example: `peerpact config set organization.name "Riverside Peer Space"`.'
    ),
)
def config_set(
    key: ConfigKey,
    value: Annotated[str, typer.Argument(help=_("The value; lists are comma-separated."))],
) -> None:
    from peerpact.settings import format_value, set_value

    stored = set_value(key, value)
    out().print(_("Set {key} = {stored}.").format(key=safe(key), stored=safe(format_value(stored))))


@config_app.command(
    "unset",
    help=_(
        "Remove one setting from the file, so its default (if any) applies "
        "again.\n\n"
        "Example: `peerpact config unset smtp.port`."
    ),
)
def config_unset(key: ConfigKey) -> None:
    from peerpact.settings import unset_value

    if unset_value(key):
        out().print(_("Unset {key}.").format(key=safe(key)))
    else:
        out().print(_("{key} was not set; nothing changed.").format(key=safe(key)))


def config_list(json: Json = False) -> None:
    """List every setting with its value in force (unset ones say so).

    `--json` prints one object of dotted keys to values, null when unset.

    Example: `peerpact config list --json`.
    """
    from peerpact.settings import format_value, values_in_force

    values = values_in_force()
    if json:
        print_json(values)
        return
    for key, value in values.items():
        shown: Any = _("(not set)") if value is None else format_value(value)
        out().print(f"{safe(key)} = {safe(shown)}", soft_wrap=True)


config_app.command("list")(config_list)
config_app.command(
    "show", help=_("The same as `peerpact config list`.\n\nExample: `peerpact config show --json`.")
)(config_list)


@config_app.command(
    "path",
    help=_(
        "Print where the config file is (it may not exist yet).\n\nExample: `peerpact config path`."
    ),
)
def config_path() -> None:
    from peerpact.paths import get_paths

    typer.echo(str(get_paths().config_file))


@config_app.command(
    "edit",
    help=_(
        "Open the config file in $VISUAL or $EDITOR; it is checked when you "
        "save.\n\n"
        "A file that does not check out is not saved: the old one stays, and on "
        "a\n"
        "terminal you are asked whether to edit it again.\n\n"
        "Example: `EDITOR=nano peerpact config edit`."
    ),
)
def config_edit() -> None:
    import sys

    from peerpact.cli.ui.editor import edit_text
    from peerpact.config import HEADER, MAX_CONFIG_BYTES
    from peerpact.errors import UserInputError
    from peerpact.files import atomic_write, read_bounded
    from peerpact.paths import get_paths
    from peerpact.settings import check_text

    path = get_paths().config_file
    if path.exists():
        old = read_bounded(path, MAX_CONFIG_BYTES, _("config file")).decode("utf-8", "replace")
    else:
        old = "".join(f"# {line}\n" for line in HEADER.splitlines())
    text = old
    while True:
        text = edit_text(text, "config.toml")
        if text == old:
            out().print(_("No change."))
            return
        try:
            check_text(text.encode("utf-8"), str(path))
            break
        except UserInputError as exc:
            err().print(_("Not saved: {message}").format(message=safe(exc.message)))
            if exc.hint:
                err().print(safe(exc.hint))
            if not sys.stdin.isatty():
                raise UserInputError(_("The config file was not changed.")) from None
            from peerpact.cli.ui.prompts import confirm

            if not confirm(_("Edit it again?"), default=True):
                raise UserInputError(_("The config file was not changed.")) from None
    atomic_write(path, text.encode("utf-8"))
    out().print(_("Saved {path}.").format(path=safe(str(path))))
