"""The config file as `peerpact config` and `setup` change it: one value
parsed, set, shown or unset (comments a facilitator wrote are kept, with
tomlkit), and a whole file checked before `config edit` saves it. What the
settings mean, and reading them, is ``config``."""

from __future__ import annotations

from typing import Any

from peerpact.config import (
    CONTROL,
    DEFAULTS,
    HEADER,
    KEYS,
    MAX_CONFIG_BYTES,
    age_recipient,
    check_email,
    check_language,
    check_paper,
    check_range,
    config_from_doc,
    dotted_value,
    load_config,
)
from peerpact.errors import NotFoundError, UserInputError
from peerpact.files import atomic_write, read_bounded
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.tomlfile import load_toml


def parse_value(dotted: str, raw: str) -> Any:
    """Turn a command-line string into the key's type."""
    if CONTROL.search(raw):
        raise UserInputError(
            _("The value for `{dotted}` has a line break or control character.").format(
                dotted=dotted
            )
        )
    check_key(dotted)
    if dotted.startswith("variables."):
        return raw
    kind = KEYS[dotted][0]
    if dotted == "organization.leadership_email":
        return check_email(raw.strip())
    if dotted == "print.paper":
        return check_paper(raw)
    if dotted == "organization.language":
        return check_language(raw)
    if dotted == "organization.leadership_age_recipient":
        age_recipient(raw)
        return raw.strip()
    if kind is int:
        try:
            value = int(raw)
        except ValueError as exc:
            raise UserInputError(
                _("`{dotted}` takes a whole number, not {raw!r}.").format(dotted=dotted, raw=raw)
            ) from exc
        check_range(dotted, value, dotted)
        return value
    if kind is bool:
        lowered = raw.lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
        raise UserInputError(
            _("`{dotted}` takes true or false, not {raw!r}.").format(dotted=dotted, raw=raw)
        )
    if kind is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def set_value(dotted: str, raw: str) -> Any:
    """Set one key in the config file, keeping everything else (comments too)."""
    import tomlkit

    value = parse_value(dotted, raw)
    path = get_paths().config_file
    if path.exists():
        text = read_bounded(path, MAX_CONFIG_BYTES, _("config file"), follow=False).decode(
            "utf-8", "replace"
        )
        load_config()  # refuse to build on a broken file
        doc = tomlkit.parse(text)
    else:
        doc = tomlkit.document()
        for line in HEADER.splitlines():
            doc.add(tomlkit.comment(line))
    *tables, leaf = dotted.split(".")
    node: Any = doc
    for name in tables:
        if name not in node:
            node[name] = tomlkit.table()
        node = node[name]
    node[leaf] = value
    atomic_write(path, tomlkit.dumps(doc).encode("utf-8"))
    return value


#: What a first run asks for; `setup --no-input` names those still unset.


def check_key(dotted: str) -> str:
    """``dotted`` when it is a key `config` knows; else an error that suggests one."""
    if dotted.startswith("variables."):
        if not dotted.removeprefix("variables.").isidentifier():
            raise UserInputError(
                _(
                    "`{dotted}`: a variable name is letters, digits and underscores, like "
                    "variables.organization."
                ).format(dotted=dotted)
            )
        return dotted
    if dotted in KEYS:
        return dotted
    if dotted in ("smtp.password", "imap.password"):
        service = dotted.split(".")[0]
        raise UserInputError(
            _("peerpact never keeps a password in its config file."),
            _(
                "Set `{service}.password_command` to a command that prints it, keep it in "
                "the system keyring, or type it when asked."
            ).format(service=service),
        )
    import difflib

    close = difflib.get_close_matches(dotted, list(KEYS), n=1, cutoff=0.6)
    hint = (
        _("Did you mean `{key}`?").format(key=close[0])
        if close
        else _("See `peerpact config list` for every key.")
    )
    raise UserInputError(_("Unknown config key `{dotted}`.").format(dotted=dotted), hint)


def _file_doc() -> dict[str, Any]:
    path = get_paths().config_file
    try:
        return load_toml(path, MAX_CONFIG_BYTES, _("config file"), follow=False)
    except NotFoundError:
        return {}


def set_values() -> dict[str, Any]:
    """Every key the config file sets, dotted, checked as `load_config` checks them."""
    doc = _file_doc()
    config_from_doc(doc, str(get_paths().config_file))
    found = {key: dotted_value(doc, key) for key in KEYS if dotted_value(doc, key) is not None}
    variables = doc.get("variables", {})
    found.update({f"variables.{name}": value for name, value in variables.items()})
    return found


def values_in_force() -> dict[str, Any]:
    """Every known key (and each variable set) with its value, None when unset."""
    found = set_values()
    return {
        **{key: found.get(key, DEFAULTS.get(key)) for key in KEYS},
        **{key: value for key, value in found.items() if key not in KEYS},
    }


def get_value(dotted: str) -> Any:
    """The value in force for one key; None when neither the file nor a default sets it."""
    check_key(dotted)
    return values_in_force().get(dotted)


def unset_value(dotted: str) -> bool:
    """Remove one key from the config file; False when it was not set."""
    import tomlkit

    check_key(dotted)
    path = get_paths().config_file
    if dotted not in set_values():
        return False
    doc = tomlkit.parse(
        read_bounded(path, MAX_CONFIG_BYTES, _("config file"), follow=False).decode("utf-8")
    )
    *tables, leaf = dotted.split(".")
    node: Any = doc
    for name in tables:
        node = node[name]
    del node[leaf]
    atomic_write(path, tomlkit.dumps(doc).encode("utf-8"))
    return True


def unknown_keys(doc: dict[str, Any]) -> list[str]:
    """Dotted keys in a config file that no setting reads (a typo, usually)."""
    found: list[str] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, value in node.items():
            dotted = f"{prefix}{name}"
            if dotted == "variables" or dotted in KEYS:
                continue
            if isinstance(value, dict):
                walk(value, f"{dotted}.")
            else:
                found.append(dotted)

    walk(doc, "")
    return found


def check_text(data: bytes, source: str) -> None:
    """Refuse a whole config file (as `config edit` saves it) that would not load."""
    from peerpact.tomlfile import parse_toml

    if len(data) > MAX_CONFIG_BYTES:
        raise UserInputError(
            _("{source} is larger than {value} KiB.").format(
                source=source, value=MAX_CONFIG_BYTES // 1024
            )
        )
    doc = parse_toml(data, source)
    config_from_doc(doc, source)
    for dotted in unknown_keys(doc):
        check_key(dotted)


def format_value(value: Any) -> str:
    """A value as `config set` takes it: lists comma-separated, true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(value)
    return str(value)


ESSENTIALS = ("organization.name", "supporter_name", "organization.leadership_email")


def missing_essentials() -> list[str]:
    found = set_values()
    return [key for key in ESSENTIALS if not found.get(key)]
