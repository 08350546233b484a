"""Finding names and terms as people actually type them.

"Jürgen Weiß" is also written "JÜRGEN WEISS", "Jurgen Weiss" and
"Juergen"; "Siobhán O'Connor" also "Siobhan O’Connor", "OConnor" and
"Connor"; "Mary-Jane" also "Mary Jane". So text and terms are both folded
(full case folding, accents dropped, one apostrophe and one hyphen) and
compared folded, with a word boundary either side, and every finding is
mapped back to the characters the person typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_APOSTROPHES = frozenset("'’‘ʼ`´′ʹ")
_HYPHENS = frozenset("-‐‑‒–—―−")
# Letters NFKD does not take apart into a base letter and an accent.
_PLAIN = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
# German and Scandinavian ways of typing an accent without the key for it.
_SPELLED_OUT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "å": "aa", "ø": "oe"}


def fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    lowered = char.casefold()
    base = "".join(
        c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c)
    )
    return "".join(_PLAIN.get(c, c) for c in base)


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def name_terms(names: Iterable[str]) -> list[str]:
    """Each full name, each part of it ("Mary-Jane Ngata" is also "Mary-Jane",
    "Mary", "Jane", "Ngata"), and "Connor" from "O'Connor"."""
    terms: set[str] = set()
    for name in names:
        name = unicodedata.normalize("NFC", name).strip()
        if not name:
            continue
        terms.add(name)
        for part in name.split():
            terms.add(part)
            pieces = re.split(r"[-‐‑‒–—―−'’‘ʼ`´]", part)
            terms.update(piece for piece in pieces if len(piece) >= 3)
    return sorted((term for term in terms if len(term) >= 2), key=len, reverse=True)


def _variants(term: str) -> set[str]:
    spelled = "".join(_SPELLED_OUT.get(char, char) for char in term.casefold())
    return {fold(term)[0], fold(spelled)[0]}


def _word_pattern(word: str) -> str:
    # An apostrophe or hyphen may be left out, or typed as a space.
    pieces = re.split(r"(['-])", word)
    return "".join(
        r"['\s]?" if piece == "'" else r"[-\s]?" if piece == "-" else re.escape(piece)
        for piece in pieces
    )


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    alternatives: set[str] = set()
    for term in terms:
        for variant in _variants(term):
            words = [_word_pattern(word) for word in variant.split()]
            if words:
                alternatives.add(r"\s+".join(words))
    if not alternatives:
        return None
    ordered = "|".join(sorted(alternatives, key=len, reverse=True))
    # Whole words only: "Ash" is a name, the "ash" in "washing" is not.
    return re.compile(rf"(?<!\w)(?:{ordered})(?!\w)")


def find_terms(text: str, terms: Sequence[str], kind: str) -> list[tuple[int, int, str]]:
    """Where each term occurs in ``text``, as typed, in any case and accent."""
    pattern = _pattern(terms)
    if pattern is None:
        return []
    folded, origin = fold(text)
    spans = []
    for match in pattern.finditer(folded):
        if match.end() > match.start():
            spans.append((origin[match.start()], origin[match.end() - 1] + 1, kind))
    return spans
