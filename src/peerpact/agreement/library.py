"""The templates on this computer: find and load one by name or path, list
them, copy one to make one's own, preview one, and tell whether a record's
template has changed since.

Plain data in and out; nothing here prints or prompts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.agreement.template import Clause, Template
from peerpact.errors import (
    ConflictError,
    NotFoundError,
    PeerpactError,
    TemplateError,
    UserInputError,
)
from peerpact.files import read_bounded
from peerpact.i18n import _
from peerpact.paths import builtin_templates_dir, get_paths

if TYPE_CHECKING:
    pass

#: A template name becomes a file name: keep it short, lowercase and plain, so
#: it cannot climb out of the templates folder or differ only by case.
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
#: Names for the example parties of `template show`, in role order.
EXAMPLE_NAMES = ("Robin", "Alex", "Sam", "Kai", "Noor", "Jo")

DEFAULT_TEMPLATE = "peer-support-space"
MAX_TEMPLATE_BYTES = 256 * 1024

BUILTIN = "built-in"
USER = "user"
PATH = "path"


# -- finding -------------------------------------------------------------------


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or "\\" in spec or spec.endswith(".toml")


def available_templates() -> list[tuple[str, Path, bool]]:
    """(name, path, builtin) for every template by name; user ones first."""
    found: dict[str, tuple[str, Path, bool]] = {}
    for folder, builtin in ((builtin_templates_dir(), True), (get_paths().templates_dir, False)):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = (path.stem, path, builtin)
    return sorted(found.values(), key=lambda item: (item[2], item[0]))


def find_template(spec: str) -> tuple[Path, bool]:
    """Resolve a template name (user folder first, then built-in) or a path
    (`-`: standard input, read once by ``read_template_bytes``)."""
    if spec == "-":
        from peerpact.files import STREAM

        return STREAM, False
    if _looks_like_path(spec):
        path = Path(spec).expanduser()
        if not path.is_file():
            raise NotFoundError(_("No template file at %(path)s.") % {"path": path})
        return path, False
    for name, path, builtin in available_templates():
        if name == spec:
            return path, builtin
    names = ", ".join(entry[0] for entry in available_templates()) or _("none")
    raise NotFoundError(
        _("No template named %(name)r.") % {"name": spec},
        _("Available: %(names)s. See `peerpact template list`.") % {"names": names},
    )


def read_template_bytes(path: Path) -> bytes:
    """A template file's bytes, at most MAX_TEMPLATE_BYTES."""
    try:
        return read_bounded(path, MAX_TEMPLATE_BYTES, _("template"))
    except FileNotFoundError as exc:
        raise NotFoundError(_("No template file at %(path)s.") % {"path": path}) from exc
    except UserInputError as exc:
        # Too large, or a folder: the template is what is wrong (exit 1).
        raise TemplateError(exc.message, exc.hint) from exc


def load_template(spec: str) -> Template:
    """Find and fully validate a template; `new`, `show` and `validate` all use this."""
    from peerpact.agreement.check import parse_template

    path, builtin = find_template(spec)
    return parse_template(read_template_bytes(path), path, builtin)


def translations(name: str) -> dict[str, str]:
    """The languages template ``name`` is written in on this computer:
    language -> template name. A translation is named after the template with
    its language after a hyphen (``peer-support-space-es`` beside
    ``peer-support-space``, ``riverside-es`` beside ``riverside``), as
    `template init` suggests; a file that cannot be read is left out."""
    from peerpact.tomlfile import parse_toml

    named = {entry[0]: entry[1] for entry in available_templates()}
    languages: dict[str, str] = {}
    for candidate, path in named.items():
        try:
            doc = parse_toml(read_template_bytes(path), str(path), TemplateError)
            language = doc.get("language")
        except PeerpactError:
            continue
        if isinstance(language, str):
            languages[candidate] = language
    stem = name.removesuffix(f"-{languages.get(name, '')}") if name in languages else name
    family = {stem} | {f"{stem}-{language}" for language in languages.values()}
    found: dict[str, str] = {}
    for candidate in sorted(family & languages.keys(), key=lambda item: (item != stem, item)):
        found.setdefault(languages[candidate], candidate)
    return found


def default_template(language: str) -> str:
    """The template `new` starts from: the built-in agreement in ``language``
    (the interface's) where there is one, else in English."""
    return translations(DEFAULT_TEMPLATE).get(language, DEFAULT_TEMPLATE)


def template_categories(spec: str) -> tuple[str, ...]:
    """The grievance categories a template offers, read without compiling it:
    `grievance` needs this one list, not the agreement's text and sandbox."""
    from peerpact.tomlfile import parse_toml

    path, _builtin = find_template(spec)
    doc = parse_toml(read_template_bytes(path), str(path), TemplateError)
    items = doc.get("categories", [])
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise TemplateError(
            _("%(path)s: `categories` must be a list of names.") % {"path": path},
            _("Check it with `peerpact template validate`."),
        )
    return tuple(item.strip() for item in items)


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    source: str
    path: Path
    title: str = ""
    version: str = ""
    language: str = ""
    #: Why the template cannot be used, when it cannot.
    problem: str = ""

    def as_json(self) -> dict[str, str]:
        data = {
            "name": self.name,
            "title": self.title,
            "version": self.version,
            "language": self.language,
            "source": self.source,
            "path": str(self.path),
        }
        return {**data, "problem": self.problem} if self.problem else data


def where_from(template: Template) -> str:
    """built-in, user (the user's templates folder) or path (any other file)."""
    if template.builtin:
        return BUILTIN
    folder = get_paths().templates_dir
    return USER if template.source.parent.resolve() == folder.resolve() else PATH


def list_templates() -> list[TemplateInfo]:
    """Every template usable by name; a broken one is listed with its problem.

    A user template with a built-in's name hides the built-in, as in `new`.
    """
    from peerpact.agreement.check import example_values
    from peerpact.agreement.render import resolve

    found = []
    for name, path, builtin in available_templates():
        source = BUILTIN if builtin else USER
        try:
            template = load_template(str(path))
            title = resolve(template, example_values(template))["title"]
        except PeerpactError as exc:
            found.append(TemplateInfo(name, source, path, problem=exc.message))
            continue
        found.append(TemplateInfo(name, source, path, title, template.version, template.language))
    return found


def check_template_name(name: str) -> str:
    if not _SAFE_NAME.match(name):
        raise UserInputError(
            _("%(name)r is not a usable template name.") % {"name": name},
            _(
                "Use lowercase letters, digits, - and _ (at most 64), starting with a letter "
                "or digit; for example `riverside` or `riverside-es`."
            ),
        )
    return name


def init_template(name: str, source: str | None = None) -> tuple[Path, Template]:
    """Copy a template into the user's folder as NAME, comments and all.

    The copy gets ``id = NAME`` (records then tell it apart from the original)
    and is validated before it is written. An existing file is never replaced.
    """
    import tomlkit

    from peerpact.agreement.check import parse_template
    from peerpact.files import atomic_write, ensure_private_dir

    check_template_name(name)
    original = load_template(source or DEFAULT_TEMPLATE)
    paths = get_paths()
    target = paths.templates_dir / f"{name}.toml"
    if target.exists():
        raise ConflictError(
            _("There is already a template %(name)r at %(path)s.") % {"name": name, "path": target},
            _("Choose another name, or edit that file (delete it first to start over)."),
        )
    doc = tomlkit.parse(original.raw)
    doc["id"] = name
    header = (
        f"# Made with `peerpact template init {name}` from {original.id} "
        f"{original.version}.\n# Check your changes with `peerpact template validate {target}`.\n\n"
    )
    data = (header + tomlkit.dumps(doc)).encode("utf-8")
    copy = parse_template(data, target)
    # mkdir(parents=True) gives parents the umask's mode; both must be private.
    ensure_private_dir(paths.config_dir)
    ensure_private_dir(paths.templates_dir)
    atomic_write(target, data)
    return target, copy


def preview_values(template: Template, given: dict[str, str]) -> dict[str, str]:
    """Values for a preview: given > config [variables] > default > [name]."""
    import difflib

    from peerpact.agreement.check import example_values as fill
    from peerpact.config import load_config

    for name in given:
        if name not in template.variables:
            close = difflib.get_close_matches(name, list(template.variables), n=1)
            declared = ", ".join(template.variables) or _("none")
            raise UserInputError(
                _("--set %(name)s: the template %(id)r has no such variable.")
                % {"name": name, "id": template.id},
                _("Did you mean `%(name)s`?") % {"name": close[0]}
                if close
                else _("It declares: %(names)s.") % {"names": declared},
            )
    configured = {
        key: value for key, value in load_config().variables.items() if key in template.variables
    }
    return fill(template, {**configured, **given})


def count_clauses(template: Template) -> int:
    def count(clauses: tuple[Clause, ...]) -> int:
        return sum(1 + count(clause.clauses) for clause in clauses)

    return sum(count(section.clauses) for section in template.sections)


def template_changed(meta: dict[str, Any]) -> str | None:
    """A note when the template a record was made from has changed or gone.

    ``meta`` is the record's ``template`` table (id, name, version, sha256).
    None when the same template is still here, byte for byte, or when the
    record does not say enough to tell. The record itself is unaffected
    either way: it holds the agreement text as it was agreed.
    """
    import hashlib
    import tomllib

    name = meta.get("name") or meta.get("id")
    digest = meta.get("sha256")
    if not isinstance(name, str) or not isinstance(digest, str) or not name:
        return None
    # Looked up among the installed names only: a record is data from a file,
    # and its name must never become a path.
    match = [entry[1] for entry in available_templates() if entry[0] == name]
    if not match:
        return _(
            "The template {name!r} it was made from is no longer on this computer. "
            "The agreement shown is the text as it was agreed."
        ).format(name=name)
    try:
        data = read_template_bytes(match[0])
    except PeerpactError:
        return _(
            "The template {name!r} it was made from can no longer be read. "
            "The agreement shown is the text as it was agreed."
        ).format(name=name)
    if hashlib.sha256(data).hexdigest() == digest:
        return None
    then = meta.get("version")
    try:
        now = tomllib.loads(data.decode("utf-8")).get("version")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        now = None
    if isinstance(then, str) and isinstance(now, str) and then != now:
        return _(
            "The template {name!r} has changed since it was made (version {then} then, "
            "{now} now). The agreement shown is the text as it was agreed."
        ).format(name=name, then=then, now=now)
    return _(
        "The template {name!r} has changed since it was made. "
        "The agreement shown is the text as it was agreed."
    ).format(name=name)
