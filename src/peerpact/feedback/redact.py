"""Finding what could identify someone in a grievance's text, and replacing it.

Finds e-mail addresses, phone numbers (with the ``phonenumbers`` library),
links, @handles, known names (every party in this machine's records) and any
extra terms. Each finding becomes a typed placeholder such as ``[email]``.
Plain data in, plain data out: the CLI decides what to show and ask.

Redaction errs on the side of removing too much: overlapping findings are
merged into one, so no part of a planted address can slip between two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from peerpact.text import normalize

KINDS = ("email", "phone", "link", "handle", "name", "redacted")

#: National formats are only understood for a known region, so the regions
#: most peer-support spaces using peerpact are in are always tried; the
#: person's own locale region goes first (see ``regions_from_env``).
DEFAULT_REGIONS = ("US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "NL", "ES", "IT", "IN")

# Local parts may hold any RFC 5322 atom character; \w also takes non-ASCII
# letters (internationalised addresses).
_EMAIL = re.compile(r"[\w!#$%&'*+/=?^`{|}~.-]+@[\w-]+(?:\.[\w-]+)+")
# A fediverse handle (@user@instance.social) is taken whole, before the
# e-mail pattern could take only its second half.
_HANDLE = re.compile(r"(?<![\w@.])@\w(?:[\w.-]*\w)?(?:@[\w-]+(?:\.[\w-]+)+)?")
_TLDS = (
    "com|org|net|edu|gov|io|me|info|biz|co|uk|us|ca|au|nz|ie|de|fr|nl|es|it|in|eu"
    "|app|dev|social|online|site|xyz|ly|gg|tv|fm|link|page|club"
)
_LINK = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']+"
    rf"|\b(?:[\w-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# Digit groups, as a phone number is written: "+44 (0)7400 123-456".
_DIGIT_RUN = re.compile(r"\+?[\d(][\d \t().\-/]*\d")
_GROUP = re.compile(r"\S+")
#: No phone number is written in more groups than this ("+33 6 12 34 56 78").
_MAX_GROUPS = 6
# Sentence punctuation after a link belongs to the sentence, not the link.
_TRAILING = ".,;:!?)]}'\""


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


def regions_from_env(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The person's locale region first (en_GB.UTF-8 -> GB), then the defaults."""
    for variable in ("LC_ALL", "LC_TELEPHONE", "LANG"):
        match = re.match(r"^[a-z]{2,3}_([A-Z]{2})\b", environ.get(variable, ""))
        if match:
            region = match.group(1)
            return (region, *(r for r in DEFAULT_REGIONS if r != region))
    return DEFAULT_REGIONS


def name_terms(names: Iterable[str]) -> list[str]:
    """Each full name, and each word of it: "Robin Ash" is also "Robin" and "Ash"."""
    terms: set[str] = set()
    for name in names:
        name = normalize(name).strip()
        if not name:
            continue
        terms.add(name)
        terms.update(word for word in re.split(r"[\s-]+", name) if len(word) >= 2)
    return sorted(terms, key=len, reverse=True)


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    # Whole words only: "Ash" is a name, the "ash" in "washing" is not.
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _matched_phones(text: str, regions: Sequence[str]) -> list[tuple[int, int]]:
    import phonenumbers
    from phonenumbers import Leniency

    # Numbers with a +country code are unambiguous: take every possible one.
    found = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=Leniency.POSSIBLE)
    ]
    # National formats: only numbers valid in one of the regions, so that
    # dates and reference numbers are left alone.
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
            found.append((match.start, match.end))
    return found


def _phones(text: str, regions: Sequence[str]) -> list[tuple[int, int]]:
    found = _matched_phones(text, regions)
    # The matcher judges a whole run of digit groups at once, so two numbers
    # written side by side ("+1 201-555-0000 07400 123000") can both be
    # missed. Where a long run is not fully covered, every short stretch of
    # its groups is offered to the matcher again on its own.
    for run in _DIGIT_RUN.finditer(text):
        digits = [run.start() + i for i, char in enumerate(run.group()) if char.isdigit()]
        if len(digits) < 7 or all(any(a <= d < b for a, b in found) for d in digits):
            continue
        groups = [
            (run.start() + m.start(), run.start() + m.end()) for m in _GROUP.finditer(run.group())
        ]
        for first in range(len(groups)):
            for last in range(first, min(first + _MAX_GROUPS, len(groups))):
                start, end = groups[first][0], groups[last][1]
                found.extend(
                    (start + a, start + b) for a, b in _matched_phones(text[start:end], regions)
                )
    return found


def _link_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1] in _TRAILING:
        end -= 1
    return end


def find(
    text: str,
    names: Iterable[str] = (),
    terms: Iterable[str] = (),
    regions: Sequence[str] = DEFAULT_REGIONS,
) -> list[Finding]:
    """Everything in ``text`` that should be redacted, in order, never overlapping.

    ``names`` are people's names (their words are found too, as ``[name]``);
    ``terms`` are extra words or phrases to remove (``[redacted]``).
    """
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in (("handle", _HANDLE), ("email", _EMAIL)):
        spans.extend((m.start(), m.end(), kind) for m in pattern.finditer(text))
    for match in _LINK.finditer(text):
        spans.append((match.start(), _link_end(text, match.start(), match.end()), "link"))
    # Digits inside addresses and links would run into a number beside them and
    # spoil its match, so phones are looked for in what those leave over.
    masked = list(text)
    for start, end, _ in spans:
        masked[start:end] = " " * (end - start)
    spans.extend((start, end, "phone") for start, end in _phones("".join(masked), regions))
    extra = [term for term in (normalize(term).strip() for term in terms) if term]
    for kind, words in (("name", name_terms(names)), ("redacted", extra)):
        words_pattern = _term_pattern(words)
        if words_pattern is not None:
            spans.extend((m.start(), m.end(), kind) for m in words_pattern.finditer(text))
    return _merge(text, spans)


def _merge(text: str, spans: list[tuple[int, int, str]]) -> list[Finding]:
    # Overlapping findings become one, named after the longest of them: an
    # address's domain is part of the e-mail, not a link of its own.
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda span: (span[0], -span[1])):
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
