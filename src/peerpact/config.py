"""The facilitator's config file (``config.toml`` in the config folder).

Read with tomllib; written with tomlkit so comments a facilitator adds survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from peerpact.errors import NotFoundError, UserInputError
from peerpact.files import atomic_write, read_bounded
from peerpact.i18n import _
from peerpact.paths import get_paths
from peerpact.tomlfile import load_toml

MAX_CONFIG_BYTES = 256 * 1024

DEFAULT_CATEGORIES = ("feedback", "grievance", "safety concern")

HEADER = """\
peerpact configuration. Edit freely, or use `peerpact config set KEY VALUE`.
Nothing here is ever sent anywhere unless you run `peerpact outbox send`.
"""


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 587
    starttls: bool = True
    user: str = ""
    #: TLS from the first byte, as on port 465 (where it is always used).
    implicit_tls: bool = False


@dataclass(frozen=True)
class Config:
    #: The supporter name offered by default in `peerpact new`.
    supporter_name: str = ""
    #: Values for template variables (organization, leadership_contact, ...),
    #: including those that `organization.*` settings provide.
    variables: dict[str, str] = field(default_factory=dict)
    organization_name: str = ""
    leadership_email: str = ""
    #: leadership's age public key; grievances are sealed to it when set.
    leadership_age_recipient: str = ""
    #: Empty when not set: the template's categories, then DEFAULT_CATEGORIES.
    categories: tuple[str, ...] = ()
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    #: Days after an agreement ends until `forget --due` removes it; None: kept.
    retention_ended_days: int | None = None
    #: Days an unfinished interview's draft is kept; it holds unsigned words.
    draft_keep_days: int = 7


#: Settable keys: dotted name -> (type, description). One table drives
#: validation, `config set` and `config show`.
KEYS: dict[str, tuple[type, str]] = {
    "organization.name": (str, "the organisation's name, used in the agreement"),
    "organization.leadership_email": (str, "where `peerpact outbox send` delivers grievances"),
    "organization.leadership_age_recipient": (
        str,
        "leadership's age public key (age1...); grievances are sealed to it",
    ),
    "supporter_name": (str, "supporter name offered by default in `peerpact new`"),
    "grievance.categories": (list, "categories offered in `peerpact grievance`"),
    "smtp.host": (str, "SMTP server for `peerpact outbox send`"),
    "smtp.port": (int, "SMTP port"),
    "smtp.starttls": (bool, "use STARTTLS"),
    "smtp.implicit_tls": (bool, "use TLS from the start (always on port 465)"),
    "smtp.user": (str, "SMTP user name (the password comes from PEERPACT_SMTP_PASSWORD)"),
    "retention.ended_days": (int, "days after an agreement ends until `forget --due` removes it"),
    "drafts.keep_days": (int, "days an unfinished interview is kept as a draft (default 7)"),
}

# C0 and C1 controls, and the Unicode line and paragraph separators, which
# mail headers also take for line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(value: str, key: str = "organization.leadership_email") -> str:
    if not _EMAIL.match(value):
        raise UserInputError(
            _("`{key}` must be an e-mail address like leads@example.org.").format(key=key)
        )
    return value


def age_recipient(value: str) -> Any:
    """The pyrage recipient for leadership's age public key, or a clear error."""
    import pyrage

    try:
        return pyrage.x25519.Recipient.from_str(value.strip())
    except (pyrage.RecipientError, ValueError) as exc:
        raise UserInputError(
            _(
                "organization.leadership_age_recipient is not an age public key ({value!r}...)."
            ).format(value=value[:12]),
            _(
                "It starts with age1; set it with `peerpact config set "
                "organization.leadership_age_recipient KEY`."
            ),
        ) from exc


def _get(doc: dict[str, Any], dotted: str) -> Any:
    node: Any = doc
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


#: Whole-number settings and the values they may take, checked on `set` and on
#: every read (a hand-edited file must not make date arithmetic overflow).
_RANGES = {
    "smtp.port": (1, 65535),
    "drafts.keep_days": (0, 36500),
    "retention.ended_days": (0, 36500),
}


def _check_range(dotted: str, value: int, where: str) -> None:
    low, high = _RANGES.get(dotted, (-(2**63), 2**63))
    if not low <= value <= high:
        raise UserInputError(
            _("{where} must be between {low} and {high}, not {value}.").format(
                where=where, low=low, high=high, value=value
            ),
            _("Fix it with `peerpact config set {dotted} VALUE`.").format(dotted=dotted),
        )


def _typed(doc: dict[str, Any], dotted: str, source: str) -> Any:
    value = _get(doc, dotted)
    if value is None:
        return None
    kind = KEYS[dotted][0]
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is list:
        ok = ok and all(isinstance(item, str) for item in value)
    texts = value if isinstance(value, list) else [value]
    if ok and any(isinstance(text, str) and _CONTROL.search(text) for text in texts):
        # These values end up in mail headers and on screen.
        raise UserInputError(
            _("{source}: `{dotted}` contains a line break or control character.").format(
                source=source, dotted=dotted
            ),
            _("Fix it with `peerpact config set {dotted} VALUE`.").format(dotted=dotted),
        )
    if ok and kind is int:
        _check_range(dotted, value, f"{source}: `{dotted}`")
    if not ok:
        expected = {str: "text", int: "a whole number", bool: "true or false"}.get(
            kind, "a list of text"
        )
        raise UserInputError(
            _("{source}: `{dotted}` must be {expected}.").format(
                source=source, dotted=dotted, expected=expected
            ),
            _("Fix it with `peerpact config set {dotted} VALUE`.").format(dotted=dotted),
        )
    return value


def load_config() -> Config:
    path = get_paths().config_file
    try:
        doc = load_toml(path, MAX_CONFIG_BYTES, _("config file"))
    except NotFoundError:
        return Config()
    return config_from_doc(doc, str(path))


def config_from_doc(doc: dict[str, Any], source: str) -> Config:
    """The settings a parsed config file gives, every value checked."""
    variables = doc.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise UserInputError(
            _("{source}: [variables] must map names to text values.").format(source=source)
        )
    smtp = SmtpSettings()
    smtp = SmtpSettings(
        host=_typed(doc, "smtp.host", source) or smtp.host,
        port=_typed(doc, "smtp.port", source) or smtp.port,
        starttls=_or(_typed(doc, "smtp.starttls", source), smtp.starttls),
        user=_typed(doc, "smtp.user", source) or smtp.user,
        implicit_tls=_or(_typed(doc, "smtp.implicit_tls", source), smtp.implicit_tls),
    )
    categories = _typed(doc, "grievance.categories", source)
    name = _typed(doc, "organization.name", source) or ""
    email = _typed(doc, "organization.leadership_email", source) or ""
    if email:
        check_email(email)
    # The organisation's settings fill the template variables they mean,
    # unless [variables] says otherwise.
    implied = {"organization": name, "leadership_contact": email}
    return Config(
        supporter_name=_typed(doc, "supporter_name", source) or "",
        variables={**{k: v for k, v in implied.items() if v}, **variables},
        organization_name=name,
        leadership_email=email,
        leadership_age_recipient=_typed(doc, "organization.leadership_age_recipient", source) or "",
        categories=tuple(categories or ()),
        smtp=smtp,
        retention_ended_days=_typed(doc, "retention.ended_days", source),
        draft_keep_days=_or(_typed(doc, "drafts.keep_days", source), 7),
    )


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def parse_value(dotted: str, raw: str) -> Any:
    """Turn a command-line string into the key's type."""
    if _CONTROL.search(raw):
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
        _check_range(dotted, value, dotted)
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
        text = read_bounded(path, MAX_CONFIG_BYTES, _("config file")).decode("utf-8", "replace")
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
ESSENTIALS = ("organization.name", "supporter_name", "organization.leadership_email")


def missing_essentials() -> list[str]:
    found = set_values()
    return [key for key in ESSENTIALS if not found.get(key)]


#: What `config list` shows for a key the file does not set.
DEFAULTS: dict[str, Any] = {
    "smtp.host": SmtpSettings.host,
    "smtp.port": SmtpSettings.port,
    "smtp.starttls": SmtpSettings.starttls,
}


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
        return load_toml(path, MAX_CONFIG_BYTES, _("config file"))
    except NotFoundError:
        return {}


def set_values() -> dict[str, Any]:
    """Every key the config file sets, dotted, checked as `load_config` checks them."""
    doc = _file_doc()
    config_from_doc(doc, str(get_paths().config_file))
    found = {key: _get(doc, key) for key in KEYS if _get(doc, key) is not None}
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
    doc = tomlkit.parse(read_bounded(path, MAX_CONFIG_BYTES, _("config file")).decode("utf-8"))
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
