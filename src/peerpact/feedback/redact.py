"""Finding what could identify someone in a grievance's text, and replacing it.

Each kind is found by what is made for it: e-mail addresses and @handles by
pattern; links by the Public Suffix List (``publicsuffixlist``'s bundled
copy, never fetched); phone, card and account numbers and IP addresses in
``numbers``; street addresses in ``addresses``; names and extra terms,
as people type them, by ``record.folding`` (the index of records keeps
each record's names folded the same way). Each finding becomes a typed placeholder
such as ``[email]``, in the grievance's language (``[correo]`` in Spanish: the
person reads and approves it). Plain data in, plain data out: the CLI decides what to
show and ask.

Redaction errs on the side of removing too much: overlapping findings are
merged into one, so no part of a planted address can slip between two.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from peerpact.feedback.addresses import street_addresses
from peerpact.feedback.numbers import cards_and_accounts, ip_addresses, phones
from peerpact.i18n import _
from peerpact.record.folding import Lookup, Terms, find_spans, name_terms
from peerpact.text import normalize

KINDS = (
    "email", "phone", "link", "handle", "ip", "card", "account", "address", "name", "redacted",
)  # fmt: skip

#: National formats are only understood for a known region, so the regions
#: most peer-support spaces using peerpact are in are always tried; the
#: person's own locale region goes first (see ``regions_from_env``).
DEFAULT_REGIONS = ("US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "NL", "ES", "IT", "IN")

# Local parts may hold any RFC 5322 atom character; \w also takes non-ASCII
# letters (internationalised addresses). The domain may be one name
# (jsmith@intranet) or an address literal (jsmith@[10.0.0.1]).
# Matching starts only where a local part starts: from inside one, a long
# word would be scanned again from every letter.
_LOCAL = r"[\w!#$%&'*+/=?^`{|}~.-]"
_EMAIL = re.compile(rf"(?<!{_LOCAL}){_LOCAL}+@(?:\[[^\]\s]{{1,64}}\]|[\w-]+(?:\.[\w-]+)*)")
# A fediverse handle (@user@instance.social) is taken whole, before the
# e-mail pattern could take only its second half; u/name is Reddit's.
_HANDLE = re.compile(
    r"(?<![\w@.])@\w(?:[\w.-]*\w)?(?:@[\w-]+(?:\.[\w-]+)+)?|(?<![\w/])/?u/[\w-]{3,}"
)
# A scheme is short: unbounded, "a-a-a-…" would be rescanned from every letter.
_SCHEME_LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]{0,31}://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)
# Anything shaped like a host name, with or without a path; it is a link
# when the Public Suffix List knows how it ends.
_HOST = re.compile(r"(?<![\w@.-])((?:[\w-]{1,63}\.)+[^\W\d_][\w-]{0,62})\b(?:/[^\s<>\"']*)?")
# Sentence punctuation after a link belongs to the sentence, not the link.
_TRAILING = ".,;:!?)]}'\""


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def word(self) -> str:
        """The kind, in the interface's language (the grievance's)."""
        return kind_word(self.kind)

    @property
    def placeholder(self) -> str:
        return f"[{self.word}]"


def kind_word(kind: str) -> str:
    """What a placeholder says in the language the grievance is written in:
    [email] in English, [correo] in Spanish; the kind itself stays the key."""
    words = {
        "email": _("email"),
        "phone": _("phone"),
        "link": _("link"),
        "handle": _("handle"),
        "ip": _("ip"),
        "card": _("card"),
        "account": _("account"),
        "address": _("address"),
        "name": _("name"),
        "redacted": _("redacted"),
    }
    return words.get(kind, kind)


def regions_from_env(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The person's locale region first (en_GB.UTF-8 -> GB), then the defaults."""
    for variable in ("LC_ALL", "LC_TELEPHONE", "LANG"):
        match = re.match(r"^[a-z]{2,3}_([A-Z]{2})\b", environ.get(variable, ""))
        if match:
            region = match.group(1)
            return (region, *(r for r in DEFAULT_REGIONS if r != region))
    return DEFAULT_REGIONS


@functools.cache
def _suffixes() -> Any:
    from publicsuffixlist import PublicSuffixList

    # The snapshot in the package, never the network: nothing leaves this
    # computer unless the outbox is sent. ICANN suffixes only, and an ending
    # not on the list is no suffix ("notes.final" is not a link).
    return PublicSuffixList(accept_unknown=False, only_icann=True)


def _links(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for match in _SCHEME_LINK.finditer(text):
        spans.append((match.start(), _link_end(text, match.start(), match.end()), "link"))
    suffixes = _suffixes()
    for match in _HOST.finditer(text):
        # A registrable domain: a known suffix with a name in front of it.
        if suffixes.privatesuffix(match.group(1).lower()) is not None:
            spans.append((match.start(), _link_end(text, match.start(), match.end()), "link"))
    return spans


def _host_links(text: str, hosts: Iterable[str]) -> list[tuple[int, int, str]]:
    """This computer's host names too short to look for as words ("pc", "vm":
    as words they are everywhere), where they stand as a host: behind ``\\\\``,
    or with a domain (``pc.local``), a port (``vm:8080``) or a path (``pc/share``)
    attached. A longer one is a term like any other."""
    spans = []
    for host in hosts:
        attached = r"(?:(?:\.[\w-]+)+|:\d{1,5})*(?:[/\\][^\s<>\"']*)?"
        pattern = rf"(?<![\w.@/\\-])(\\\\)?{re.escape(host)}(?![\w-]){attached}"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            end = _link_end(text, match.start(), match.end())
            if match.group(1) or end > match.start() + len(host):  # a host, not a word
                spans.append((match.start(), end, "link"))
    return spans


def _link_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1] in _TRAILING:
        end -= 1
    return end


def find(
    text: str,
    names: Iterable[str] | Lookup = (),
    terms: Iterable[str] = (),
    regions: Sequence[str] = DEFAULT_REGIONS,
    hosts: Iterable[str] = (),
) -> list[Finding]:
    """Everything in ``text`` that should be redacted, in order, never overlapping.

    ``names`` are people's names (their parts are found too, as ``[name]``),
    or a lookup of them already folded (the index of records keeps one);
    ``terms`` are extra words or phrases to remove (``[redacted]``); ``hosts``
    are host names too short to be words of their own, found only as hosts.
    """
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in (("handle", _HANDLE), ("email", _EMAIL)):
        spans.extend((m.start(), m.end(), kind) for m in pattern.finditer(text))
    spans += _links(text) + _host_links(text, hosts) + ip_addresses(text)
    # Digits inside addresses and links would run into a number beside them and
    # spoil its match, so numbers are looked for in what those leave over.
    masked = list(text)
    for start, end, __ in spans:
        masked[start:end] = " " * (end - start)
    rest = "".join(masked)
    # Cards and accounts first: where a phone-shaped run is the same span,
    # the more specific kind names it.
    spans += cards_and_accounts(rest) + phones(rest, regions) + street_addresses(text)
    extra = [term for term in (normalize(term).strip() for term in terms) if term]
    known = names if isinstance(names, Lookup) else name_terms(names)
    spans += _find_terms(text, known, "name") + _find_terms(text, extra, "redacted")
    return _merge(text, spans)


def _find_terms(text: str, terms: Iterable[str] | Lookup, kind: str) -> list[tuple[int, int, str]]:
    """Where each term occurs in ``text``, as typed, in any case and accent."""
    lookup = terms if isinstance(terms, Lookup) else Terms(terms)
    return [(start, end, kind) for start, end in find_spans(text, lookup)]


def _merge(text: str, spans: list[tuple[int, int, str]]) -> list[Finding]:
    # Overlapping findings become one, named after the longest of them: an
    # address's domain is part of the e-mail, not a link of its own. Of two
    # alike, what this computer knows by name (a party, a key, an id) names it,
    # not the shape it happens to have (a key's fingerprint can look like an IBAN).
    merged: list[tuple[int, int, str]] = []
    known = ("name", "redacted")
    for start, end, kind in sorted(
        spans, key=lambda span: (span[0], -span[1], span[2] not in known)
    ):
        if merged and start < merged[-1][1]:
            first, last, named = merged[-1]
            longer = end - start > last - first
            merged[-1] = (first, max(last, end), kind if longer else named)
        else:
            merged.append((start, end, kind))
    return [Finding(kind, start, end, text[start:end]) for start, end, kind in merged]


def apply(text: str, findings: Sequence[Finding], keep: Iterable[int] = ()) -> str:
    """``text`` with every finding replaced by its placeholder, except those kept.

    ``keep`` holds indexes into ``findings`` that the person chose to leave as written.
    """
    kept = set(keep)
    parts: list[str] = []
    position = 0
    for index, finding in enumerate(findings):
        parts.append(text[position : finding.start])
        parts.append(finding.text if index in kept else finding.placeholder)
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def segments(text: str, findings: Sequence[Finding]) -> list[tuple[str, int | None]]:
    """``text`` cut into plain pieces (None) and findings (their index), for display."""
    pieces: list[tuple[str, int | None]] = []
    position = 0
    for index, finding in enumerate(findings):
        if finding.start > position:
            pieces.append((text[position : finding.start], None))
        pieces.append((finding.text, index))
        position = finding.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
