"""Numbers that point at a person: phone numbers, card and bank account numbers, IPs.

A phone number a person types may be mistyped, or from a numbering plan the
``phonenumbers`` metadata lacks, so "valid" is not the test: any run of seven
or more digits written as phone numbers are (groups, brackets, dots, dashes,
a ``+`` or an extension) is taken as one, unless it is plainly a date, a
span of years or an amount of money. ``phonenumbers`` still finds the
numbers it knows, so a number inside other text is cut at the right place.
Card numbers are those that pass the Luhn check and IBANs those of IBAN
shape (checked here: two small checksums, not a 6 MB package); IP addresses are what ``ipaddress``
accepts. Each function returns ``(start, end, kind)`` spans.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

Span = tuple[int, int, str]

#: Fewer digits are a room, a time, a small amount; more could be anyone's
#: phone number. A longer run is often several numbers side by side, and goes too.
MIN_PHONE_DIGITS = 7

# Digit groups as phone numbers are written: "+44 (0)7400 123-456 ext. 12".
_RUN = re.compile(
    r"(?<![\w+])(?:\(\s?)?\+?\d[\d \t().\-/]*\d\)?"
    r"(?:\s?(?:x|ext\.?|extn\.?|extension|#)\s?\d{1,6}\b)?",
    re.IGNORECASE,
)
_DATE = re.compile(r"^(\d{1,4})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{2,4})$")
_YEARS = re.compile(r"^(?:1[89]|20|21)\d\d\s?[-/]\s?(?:(?:1[89]|20|21)\d\d)$")
# Thousands grouped by dots or commas, with or without cents: "1.250.000,00".
_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*(?:[.,]\d{1,2})?$")
_CURRENCY = re.compile(
    r"[$€£¥₹₽₩¤]|\b(?:usd|eur|gbp|chf|aud|cad|inr|mxn|ars|cop|euros?|dollars?|pounds?"
    r"|pesos?|rupees?|francs?|franken|dólares?|libras?|sterlina)\b",
    re.IGNORECASE,
)
_CARD = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
_IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def phones(text: str, regions: Sequence[str]) -> list[Span]:
    """Every phone number, or anything shaped like one, in ``text``."""
    found = _known_phones(text, regions) + [match.span() for match in _RUN.finditer(text)]
    return [
        (start, end, "phone")
        for start, end in found
        if _enough_digits(text[start:end]) and not _other_number(text, start, end)
    ]


def _known_phones(text: str, regions: Sequence[str]) -> list[tuple[int, int]]:
    import phonenumbers
    from phonenumbers import Leniency

    # With a +country code a number is unambiguous: every possible one counts.
    found = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=Leniency.POSSIBLE)
    ]
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
            found.append((match.start, match.end))
    return found


def _enough_digits(run: str) -> bool:
    return sum(char.isdigit() for char in run) >= MIN_PHONE_DIGITS


def _other_number(text: str, start: int, end: int) -> bool:
    """A date, a span of years or an amount of money, not a phone number
    (``phonenumbers`` takes "06.05.2026" for a valid number in some regions)."""
    run = text[start:end]
    core = run.strip("() ")
    if _is_date(core) or _YEARS.match(core) or _GROUPED.match(core):
        return True
    # "€ 1 250 000" or "2 500 000 pesos": money, written with spaces.
    before, after = text[max(0, start - 12) : start], text[end : end + 12]
    near = re.search(r"[$€£¥₹₽₩¤]\s*$", before) or _CURRENCY.match(after.lstrip())
    return bool(near) and "+" not in run


def _is_date(core: str) -> bool:
    match = _DATE.match(core)
    if not match:
        return False
    first, _, middle, last = match.groups()
    numbers = [int(first), int(middle), int(last)]
    if len(first) == 4:  # 2024-03-12
        return 1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31
    # 12.03.2024 or 03/12/2024: day and month in either order
    return numbers[0] <= 31 and 1 <= numbers[1] <= 31 and min(numbers[0], numbers[1]) <= 12


def cards_and_accounts(text: str) -> list[Span]:
    """Card numbers (Luhn) and bank accounts (IBAN shape)."""
    spans: list[Span] = []
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if _luhn_valid(digits):
            spans.append((match.start(), match.end(), "card"))
    for match in _IBAN.finditer(text):
        compact = match.group().replace(" ", "")
        # A mistyped IBAN still names an account: the checksum only tells
        # the shape from an all-capitals word that happens to match it.
        if _iban_valid(compact) or sum(char.isdigit() for char in compact) >= 10:
            spans.append((match.start(), match.end(), "account"))
    return spans


def _luhn_valid(digits: str) -> bool:
    """The Luhn checksum (ISO/IEC 7812) every payment card number carries."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _iban_valid(compact: str) -> bool:
    """ISO 13616: country and check digits moved to the end, letters as
    10..35, and the whole number is 1 modulo 97."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def ip_addresses(text: str) -> list[Span]:
    spans: list[Span] = []
    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(text):
            candidate = match.group()
            if pattern is _IPV6 and candidate.count(":") < 2:
                continue
            try:
                ipaddress.ip_address(candidate)
            except ValueError:
                continue
            spans.append((match.start(), match.end(), "ip"))
    return spans
