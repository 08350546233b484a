"""One language for what peerpact shows: gettext catalogues, Babel dates.

Two languages are in play. The *interface* (messages, errors) speaks the
language of the person at the keyboard: ``PEERPACT_LANG``, then the locale
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them),
then English. A *document* (an agreement, a party's copy) speaks the language
of its template, whoever prints it.

Catalogues are ``locale/LANG/LC_MESSAGES/peerpact.po`` in the package. The
wheel carries them compiled (``.mo``, by the build hook in hatch_build.py);
a source checkout has only the ``.po``, which is compiled in memory on first
use. English needs no catalogue: the source strings are English, so an
English run reads no file at all and starts as fast as before.
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext
    from collections.abc import Iterator
    from datetime import datetime

LANG_ENV = "PEERPACT_LANG"
DOMAIN = "peerpact"
DEFAULT = "en"
#: The languages with a complete catalogue (tests/test_i18n.py checks that).
LANGUAGES = ("en", "es")
LOCALE_DIR = Path(__file__).parent / "locale"
#: A catalogue is a few hundred strings; anything this large is not ours.
MAX_CATALOGUE_BYTES = 4 * 1024 * 1024


def supported(tag: str) -> str | None:
    """The supported language a tag like ``es_MX.UTF-8`` or ``es-419`` asks for."""
    base = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


#: The language chosen during this run (the interview asked), over the environment's.
_chosen: str | None = None


def use_language(language: str | None) -> str | None:
    """Speak ``language`` from now on in this run (None: the environment's
    again); returns the choice it replaces. The one place the interface's
    language changes at run time: `_` and `ngettext` honour it."""
    global _chosen
    before, _chosen = _chosen, (supported(language) if language else None)
    return before


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within this, `_` speaks ``language``: a question asked in two languages."""
    before = use_language(language)
    try:
        yield
    finally:
        use_language(before)


def interface_language() -> str:
    """The language chosen in this run, else PEERPACT_LANG, then the locale's
    variables, then English."""
    if _chosen:
        return _chosen
    wanted = os.environ.get(LANG_ENV, "")
    candidates = [wanted] if wanted else []
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            candidates.extend(value.split(":"))
            break
    for tag in candidates:
        found = supported(tag)
        if found:
            return found
    return DEFAULT


def document_language(tag: str) -> str:
    """The catalogue for a document written in ``tag``; English when none."""
    return supported(tag) or DEFAULT


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language``: compiled if shipped, else from its .po."""
    import gettext

    if language == DEFAULT or language not in LANGUAGES:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled = folder / f"{DOMAIN}.mo"
    if compiled.is_file():
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    return _from_po(folder / f"{DOMAIN}.po")


def _from_po(path: Path) -> gettext.NullTranslations:
    import gettext
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    if not path.is_file() or path.stat().st_size > MAX_CATALOGUE_BYTES:
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """``message`` in the interface's language. English is the source text, so
    an English run never loads gettext (start-up time is budgeted)."""
    language = interface_language()
    return message if language == DEFAULT else translations(language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message in the interface's language, for ``n``."""
    language = interface_language()
    if language == DEFAULT:
        return singular if n == 1 else plural
    return translations(language).ngettext(singular, plural, n)


def parse_time(value: str) -> datetime | None:
    """A record's ISO 8601 time, or None when it is not one."""
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def dates_version() -> str:
    """Which Babel writes dates here: its CLDR data decides their wording, so
    a copy records it, and checking a copy can say when it differs."""
    import babel

    return str(babel.__version__)


@functools.cache
def _date_locale(tag: str) -> str:
    """The CLDR locale for a language tag ("en-GB" -> "en_GB": 28 November
    2026, not November 28, 2026); English when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(tag.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return DEFAULT


def format_date(value: str, language: str) -> str:
    """A record's time as a reader of ``language`` (a tag such as "es" or
    "en-GB") writes dates: "28 de noviembre de 2026, 22:13 UTC". Text that is
    no time is shown as it is."""
    moment = parse_time(value)
    if moment is None:
        return value
    from datetime import UTC

    from babel.dates import format_date as babel_date
    from babel.dates import format_time

    moment = moment.astimezone(UTC)
    language = _date_locale(language)
    day = babel_date(moment, "long", locale=language)
    # CLDR puts a narrow no-break space before "PM"; a plain one reads, greps
    # and copies the same everywhere.
    time = format_time(moment, "short", tzinfo=UTC, locale=language).replace("\u202f", " ")
    return f"{day}, {time} UTC"
