"""The facilitator's config file (``config.toml`` in the config folder): what
each setting means, and reading them (with tomllib). Changing the file, with
tomlkit so comments a facilitator adds survive, is ``settings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from peerpact.errors import NotFoundError, UserInputError
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
    #: No default server: trying localhost only ever said "Connection refused"
    #: to someone who had not set one (issue 24); `outbox send` says what to set.
    host: str = ""
    port: int = 587
    starttls: bool = True
    user: str = ""
    #: TLS from the first byte, as on port 465 (where it is always used).
    implicit_tls: bool = False
    #: Prints the password (msmtp's passwordeval); see peerpact.passwords.
    password_command: str = ""


@dataclass(frozen=True)
class ImapSettings:
    """Where `inbox sync --imap` reads leadership's mail: always over TLS (IMAPS)."""

    host: str = ""
    port: int = 993
    user: str = ""
    folder: str = "INBOX"
    password_command: str = ""
    #: Certificates to trust instead of the system's (a server's own CA).
    ca_file: str = ""


@dataclass(frozen=True)
class Config:
    #: The supporter name offered by default in `peerpact new`.
    supporter_name: str = ""
    #: Values for template variables (organization, leadership_contact, ...),
    #: including those that `organization.*` settings provide.
    variables: dict[str, str] = field(default_factory=dict)
    organization_name: str = ""
    leadership_email: str = ""
    #: The language leadership reads (en, es): a grievance's labels follow it.
    organization_language: str = ""
    #: leadership's age public key; grievances are sealed to it when set.
    leadership_age_recipient: str = ""
    #: Grievances may be filed unsealed (readable on this computer) when no
    #: recipient is known; only when the organisation says so explicitly.
    allow_unsealed: bool = False
    #: Empty when not set: the template's categories, then DEFAULT_CATEGORIES.
    categories: tuple[str, ...] = ()
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    imap: ImapSettings = field(default_factory=ImapSettings)
    #: Days after an agreement ends until `forget --due` removes it; None: kept.
    retention_ended_days: int | None = None
    #: Days an unfinished interview's draft is kept; it holds unsigned words.
    draft_keep_days: int = 7
    #: Leadership's side: the Maildir `inbox sync` reads when --maildir is not given.
    inbox_maildir: str = ""
    #: Chrome, Chromium or Edge to print PDF copies with (a name or a path);
    #: empty: the first found where they install.
    browser: str = ""
    #: The paper PDF copies are printed on (a4 or letter); empty: the locale's.
    paper: str = ""


#: Settable keys: dotted name -> (type, description). One table drives
#: validation, `config set` and `config show`.
KEYS: dict[str, tuple[type, str]] = {
    "organization.name": (str, "the organisation's name, used in the agreement"),
    "organization.leadership_email": (str, "where `peerpact outbox send` delivers grievances"),
    "organization.leadership_age_recipient": (
        str,
        "leadership's age public key (age1...); grievances are sealed to it",
    ),
    "organization.language": (
        str,
        "the language leadership reads grievances in (en or es): the words around the text",
    ),
    "organization.allow_unsealed": (
        bool,
        "file grievances unsealed when no leader's key is known (whoever uses this computer "
        "can read them)",
    ),
    "supporter_name": (str, "supporter name offered by default in `peerpact new`"),
    "grievance.categories": (list, "categories offered in `peerpact grievance`"),
    "smtp.host": (str, "SMTP server for `peerpact outbox send`"),
    "smtp.port": (int, "SMTP port"),
    "smtp.starttls": (bool, "use STARTTLS"),
    "smtp.implicit_tls": (bool, "use TLS from the start (always on port 465)"),
    "smtp.user": (str, "SMTP user name"),
    "smtp.password_command": (str, "a command that prints the SMTP password (never stored)"),
    "retention.ended_days": (int, "days after an agreement ends until `forget --due` removes it"),
    "drafts.keep_days": (int, "days an unfinished interview is kept as a draft (default 7)"),
    "inbox.maildir": (str, "leadership's Maildir, where `peerpact inbox sync` takes messages from"),
    "imap.host": (str, "leadership's IMAP server, for `peerpact inbox sync --imap` (TLS)"),
    "imap.port": (int, "IMAP port (IMAPS: TLS from the start; default 993)"),
    "imap.user": (str, "IMAP user name"),
    "imap.folder": (str, "the IMAP folder grievances arrive in (default INBOX)"),
    "imap.password_command": (str, "a command that prints the IMAP password (never stored)"),
    "imap.ca_file": (str, "certificates to trust for the IMAP server instead of the system's"),
    "print.browser": (str, "Chrome, Chromium or Edge that prints `export --copy --pdf` (a path)"),
    "print.paper": (
        str,
        "the paper PDF copies are printed on: a4 or letter (default: the locale's)",
    ),
}
#: What ``print.paper`` may say.
PAPERS = ("a4", "letter")


def check_language(value: str) -> str:
    """An ``organization.language`` value: a language peerpact speaks, or empty."""
    from peerpact.i18n import LANGUAGES, supported

    language = supported(value) if value.strip() else ""
    if language is None:
        raise UserInputError(
            _("`organization.language` is one of {languages}, not {value!r}.").format(
                languages=", ".join(LANGUAGES), value=value
            )
        )
    return language


def check_paper(value: str) -> str:
    paper = value.strip().lower()
    if paper and paper not in PAPERS:
        raise UserInputError(_("`print.paper` is a4 or letter, not {value!r}.").format(value=value))
    return paper


# C0 and C1 controls, and the Unicode line and paragraph separators, which
# mail headers also take for line breaks.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
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


def dotted_value(doc: dict[str, Any], dotted: str) -> Any:
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
    "imap.port": (1, 65535),
    "drafts.keep_days": (0, 36500),
    "retention.ended_days": (0, 36500),
}


def check_range(dotted: str, value: int, where: str) -> None:
    low, high = _RANGES.get(dotted, (-(2**63), 2**63))
    if not low <= value <= high:
        raise UserInputError(
            _("{where} must be between {low} and {high}, not {value}.").format(
                where=where, low=low, high=high, value=value
            ),
            _("Fix it with `peerpact config set {dotted} VALUE`.").format(dotted=dotted),
        )


def typed_value(doc: dict[str, Any], dotted: str, source: str) -> Any:
    value = dotted_value(doc, dotted)
    if value is None:
        return None
    kind = KEYS[dotted][0]
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is list:
        ok = ok and all(isinstance(item, str) for item in value)
    texts = value if isinstance(value, list) else [value]
    if ok and any(isinstance(text, str) and CONTROL.search(text) for text in texts):
        # These values end up in mail headers and on screen.
        raise UserInputError(
            _("{source}: `{dotted}` contains a line break or control character.").format(
                source=source, dotted=dotted
            ),
            _("Fix it with `peerpact config set {dotted} VALUE`.").format(dotted=dotted),
        )
    if ok and kind is int:
        check_range(dotted, value, f"{source}: `{dotted}`")
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
        doc = load_toml(path, MAX_CONFIG_BYTES, _("config file"), follow=False)
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
    refuse_passwords(doc, source)
    smtp = SmtpSettings()
    smtp = SmtpSettings(
        host=typed_value(doc, "smtp.host", source) or smtp.host,
        port=typed_value(doc, "smtp.port", source) or smtp.port,
        starttls=_or(typed_value(doc, "smtp.starttls", source), smtp.starttls),
        user=typed_value(doc, "smtp.user", source) or smtp.user,
        implicit_tls=_or(typed_value(doc, "smtp.implicit_tls", source), smtp.implicit_tls),
        password_command=typed_value(doc, "smtp.password_command", source) or "",
    )
    categories = typed_value(doc, "grievance.categories", source)
    name = typed_value(doc, "organization.name", source) or ""
    email = typed_value(doc, "organization.leadership_email", source) or ""
    if email:
        check_email(email)
    # The organisation's settings fill the template variables they mean,
    # unless [variables] says otherwise.
    implied = {"organization": name, "leadership_contact": email}
    return Config(
        supporter_name=typed_value(doc, "supporter_name", source) or "",
        variables={**{k: v for k, v in implied.items() if v}, **variables},
        organization_name=name,
        leadership_email=email,
        organization_language=check_language(
            typed_value(doc, "organization.language", source) or ""
        ),
        leadership_age_recipient=typed_value(doc, "organization.leadership_age_recipient", source)
        or "",
        allow_unsealed=bool(typed_value(doc, "organization.allow_unsealed", source)),
        categories=tuple(categories or ()),
        smtp=smtp,
        imap=imap_settings(doc, source),
        retention_ended_days=typed_value(doc, "retention.ended_days", source),
        draft_keep_days=_or(typed_value(doc, "drafts.keep_days", source), 7),
        inbox_maildir=typed_value(doc, "inbox.maildir", source) or "",
        browser=typed_value(doc, "print.browser", source) or "",
        paper=check_paper(typed_value(doc, "print.paper", source) or ""),
    )


def imap_settings(doc: dict[str, Any], source: str) -> ImapSettings:
    base = ImapSettings()
    return ImapSettings(
        **{
            name: typed_value(doc, f"imap.{name}", source) or getattr(base, name)
            for name in ("host", "port", "user", "folder", "password_command", "ca_file")
        }
    )


def refuse_passwords(doc: dict[str, Any], source: str) -> None:
    """A password written into the config file is refused, not read: the file
    is kept in backups and shown by `config list` (peerpact.passwords)."""
    for service in ("smtp", "imap"):
        if dotted_value(doc, f"{service}.password") is not None:
            raise UserInputError(
                _(
                    "{source}: `{service}.password` holds a password; peerpact never reads one "
                    "from its config file."
                ).format(source=source, service=service),
                _(
                    "Remove it (`peerpact config edit`); set `{service}.password_command` to a "
                    "command that prints it, keep it in the system keyring, or type it when asked."
                ).format(service=service),
            )


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


#: What `config list` shows for a key the file does not set.
DEFAULTS: dict[str, Any] = {
    "smtp.host": SmtpSettings.host,
    "smtp.port": SmtpSettings.port,
    "smtp.starttls": SmtpSettings.starttls,
}
