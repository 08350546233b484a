"""Names and terms as people actually type them, looked up word by word.

"Jürgen Weiß" is also written "JÜRGEN WEISS", "Jurgen Weiss" and
"Juergen"; "Siobhán O'Connor" also "Siobhan O’Connor", "OConnor" and
"Connor"; "Mary-Jane" also "Mary Jane". So text and terms are both folded
(full case folding, accents dropped, one apostrophe and one hyphen) and
compared folded, as whole words, and every finding is mapped back to the
characters the person typed.

Terms are not compiled into one pattern (whose size, and so every search,
grew with every party in every record): each is kept under its *key*, its
folded characters without spaces, apostrophes or hyphens. The text is cut
into tokens once (runs of letters and digits, and each other sign), every
run of up to ``longest`` tokens is a candidate key, and the candidates are
looked up, in a dict here or in the index of records (a SQL index), so a
search costs the same with ten names as with a million. A candidate found is
a match only where the text's separators are the term's: an apostrophe or
hyphen may be left out or typed as a space, a space may be several.

Runs are at most ``MAX_RUN`` tokens, whatever a record or the index says, so
a search costs at most that many lookups a token. A term spanning more (a
"name" like "ab.ab.ab..." a hostile record could hold) is kept under
``LONG_KEY`` and found by a pattern of its own: rare, and never lost.

Shared ground: the index of records keeps each record's terms folded, and
redaction finds them.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Set
from typing import Protocol, runtime_checkable

from peerpact.record import scripts

_APOSTROPHES = frozenset("'’‘ʼ`´′ʹ")
_HYPHENS = frozenset("-‐‑‒–—―−")
# Letters NFKD does not take apart into a base letter and an accent.
_PLAIN = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
          # Persian keyboards type these where Arabic ones type their twins.
          "ی": "ي", "ى": "ي", "ک": "ك"}  # fmt: skip
# German and Scandinavian ways of typing an accent without the key for it.
_SPELLED_OUT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "å": "aa", "ø": "oe"}
#: In folded text: a run of word characters (with the vowel signs Thai and
#: Indic scripts write as marks, which ``\w`` leaves out: "ซุกรี" is one
#: word, not three), or any one other sign that is neither a space nor an
#: apostrophe or hyphen (those separate tokens).
_MARKS = scripts.MARKS
_TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\w\s'{_MARKS}-]")
_WORD = re.compile(rf"[\w{_MARKS}]")
_SEPARATORS = re.compile(r"(\s+|['-])")
_SIMPLE = re.compile(r"\w+")
_JOINED = re.compile(rf"[\w{_MARKS}]+(?:['-][\w{_MARKS}]+)*")
#: The most tokens a run looked up may span (a name of twelve words does).
MAX_RUN = 12
#: Where terms spanning more than MAX_RUN tokens are kept; no key has a space.
LONG_KEY = " long"


@functools.cache
def fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    if "\uac00" <= char <= "\ud7a3":  # a Hangul syllable, kept whole (NFKD spells it out)
        return char
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


def _fold_term(term: str) -> str:
    if term.isascii():  # the common case, without a call a character
        return term.lower().replace("`", "'")
    return "".join(map(fold_char, term))


def variants(term: str) -> set[str]:
    """``term`` folded, and folded after spelling its accents out ("ü" as "ue"),
    and each of its romanizations ("Ковалёв" as "kovalev", "kovalyov"),
    each with single spaces. A romanization shorter than three letters is
    left out: "He" (何) and "I" (이) are words everyone writes."""
    found = {" ".join(_fold_term(term).split())}
    if not term.isascii():
        spelled = "".join(_SPELLED_OUT.get(char, char) for char in term.casefold())
        found.add(" ".join(_fold_term(spelled).split()))
        for latin in scripts.romanizations(term):
            folded = " ".join(_fold_term(latin).split())
            if len(key_of(folded)) >= 3:
                found.add(folded)
    found.discard("")
    return found


def name_terms(names: Iterable[str]) -> list[str]:
    """Each full name, each part of it ("Mary-Jane Ngata" is also "Mary-Jane",
    "Mary", "Jane", "Ngata"), and "Connor" from "O'Connor"."""
    terms: set[str] = set()
    for name in names:
        name = unicodedata.normalize("NFC", name).strip()
        if not name:
            continue
        terms.add(name)
        parts = name.split()
        if any(map(scripts.is_spaceless, name)):
            terms.add("".join(parts))  # "山田 太郎" is also written "山田太郎"
        for part in parts:
            terms.add(part)
            pieces = re.split(r"[-‐‑‒–—―−'’‘ʼ`´]", part)
            terms.update(piece for piece in pieces if len(piece) >= 3)
            split = scripts.split_name(part) if len(parts) == 1 else None
            if split:  # "刘金凤": "刘", "金凤", "刘 金凤"
                terms.update((*split, " ".join(split)))
    # One letter is a name only in a script written without spaces, and
    # there only before an honorific (see ``find_spans``).
    kept = (term for term in terms if len(term) >= 2 or scripts.is_spaceless(term))
    return sorted(kept, key=len, reverse=True)


def folded_terms(terms: Iterable[str]) -> set[tuple[str, str]]:
    """(key, folded term) of every variant of every term: what is looked up."""
    found = set()
    for term in terms:
        if term.isascii() and _SIMPLE.fullmatch(term):  # most: one word, nothing to fold
            folded = term.lower()
            found.add((folded, folded))
            continue
        for variant in variants(term):
            key = key_of(variant)
            if key:
                found.add((key if tokens_in(variant) <= MAX_RUN else LONG_KEY, variant))
    return found


def key_of(folded: str) -> str:
    return _SEPARATORS.sub("", folded)


def _shape(folded: str) -> dict[int, str]:
    """Where the folded term's key is cut, and by what: "'", "-" or " " (in
    that order where several are together); none at either end."""
    cuts: dict[int, str] = {}
    position = 0
    for index, piece in enumerate(_SEPARATORS.split(folded)):
        if index % 2 == 0:
            position += len(piece)
        else:
            cuts[position] = cuts.get(position, "") + (" " if piece.isspace() else piece)
    end = position
    return {at: seps for at, seps in cuts.items() if 0 < at < end}


def tokens_in(folded: str) -> int:
    """The most tokens a match of this folded term can span in a text."""
    if _SIMPLE.fullmatch(folded):
        return 1
    return len(_TOKEN.findall(key_of(folded))) + len(_shape(folded))


@functools.cache
def _separator(cut: str) -> re.Pattern[str]:
    # An apostrophe or hyphen may be left out, or typed as a space; a space may be several.
    parts = {"'": r"['\s]?", "-": r"[-\s]?", " ": r"\s+"}
    return re.compile("".join(parts[c] for c in cut))


def _fits(folded: str, cuts_in_text: list[tuple[int, str]]) -> bool:
    cuts = _shape(folded)
    for position, separator in cuts_in_text:
        if not _separator(cuts.pop(position, "")).fullmatch(separator):
            return False
    return all(_separator(cut).fullmatch("") for cut in cuts.values())


@runtime_checkable
class Lookup(Protocol):
    """Terms to find: how many tokens the longest spans, and the folded
    terms kept under each of some keys."""

    @property
    def longest(self) -> int: ...

    def found(self, keys: Set[str]) -> Mapping[str, Iterable[str]]: ...


class Terms:
    """A lookup held in memory."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self._by_key: dict[str, set[str]] = {}
        #: Terms of one word, their own key (a record's id): no set each.
        self._words: set[str] = set()
        self.longest = 0
        self.add(terms)

    def add(self, terms: Iterable[str]) -> None:
        rest = []
        for term in terms:
            if term.isascii() and _SIMPLE.fullmatch(term):  # most: one word (a record's id)
                self._words.add(term.lower())
                self.longest = max(self.longest, 1)
            else:
                rest.append(term)
        for key, folded in folded_terms(rest):
            self.add_folded(key, folded)

    def add_folded(self, key: str, folded: str) -> None:
        self._by_key.setdefault(key, set()).add(folded)
        if key != LONG_KEY:
            self.longest = max(self.longest, min(tokens_in(folded), MAX_RUN))

    def found(self, keys: Set[str]) -> dict[str, set[str]]:
        found = {key: set(self._by_key[key]) for key in keys & self._by_key.keys()}
        for word in keys & self._words:
            found.setdefault(word, set()).add(word)
        return found


def find_spans(text: str, lookup: Lookup) -> list[tuple[int, int]]:
    """Where the lookup's terms occur in ``text`` as whole words, in any case
    and accent: (start, end) in ``text``, in order, never overlapping."""
    longest = min(lookup.longest, MAX_RUN)
    folded, origin = fold(text)
    tokens = [match.span() for match in _TOKEN.finditer(folded)]
    runs: dict[str, list[tuple[int, int]]] = {LONG_KEY: []}
    for first in range(len(tokens)):
        key = ""
        for last in range(first, min(first + longest, len(tokens))):
            key += folded[tokens[last][0] : tokens[last][1]]
            runs.setdefault(key, []).append((first, last))
    inside = _inside(folded, tokens)
    ends: dict[int, int] = {}  # start of a match in ``folded`` -> end of its longest
    for key, terms in lookup.found(runs.keys() | inside.keys()).items():
        for start, end in inside.get(key, ()):
            # Inside a word a name is the term as written (behind a prefix,
            # with its apostrophe: "לג'בארין"); a name of one letter only
            # before an honorific.
            one = end - start == 1 and not folded.startswith(scripts.HONORIFICS, end)
            written = key in terms or folded[start:end] in terms
            if written and end > ends.get(start, -1) and not one:
                ends[start] = end
        if key == LONG_KEY:
            for term in terms:
                for match in _long_pattern(term).finditer(folded):
                    start, end = match.span()
                    if end > ends.get(start, -1):
                        ends[start] = end
            continue
        for first, last in runs.get(key, ()):
            start, end = tokens[first][0], tokens[last][1]
            if (start and _WORD.match(folded, start - 1)) or _WORD.match(folded, end):
                continue  # whole words only: "Ash" is a name, the "ash" in "washing" is not
            cuts, position = [], 0
            for index in range(first, last):
                position += tokens[index][1] - tokens[index][0]
                cuts.append((position, folded[tokens[index][1] : tokens[index + 1][0]]))
            if end > ends.get(start, -1) and any(_fits(term, cuts) for term in terms):
                ends[start] = end
    spans: list[tuple[int, int]] = []
    reached = 0
    for start in sorted(ends):
        end = ends[start]
        if start >= reached:
            spans.append((origin[start], origin[end - 1] + 1))
            reached = end
    return spans


def _inside(folded: str, tokens: list[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Where a name could be inside a word, (start, end) in ``folded`` under
    its key: every stretch of a run in a script written without spaces, and
    a Hebrew or Arabic word behind its attached prefixes (see ``scripts``)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for start, end in tokens:
        if scripts.script(folded[start]) in ("hebrew", "arabic"):
            # The word goes on through an apostrophe or hyphen ("לג'בארין").
            whole = _JOINED.match(folded, start)
            end = whole.end() if whole else end
        for offset in scripts.prefixes(folded[start:end]):
            found.setdefault(key_of(folded[start + offset : end]), []).append((start + offset, end))
    runs = [match.span() for match in scripts.SPACELESS_RUN.finditer(folded)]
    if not runs:  # most text: nothing more to look at
        return found
    words = set(tokens)  # a whole word is looked up as a run of tokens already
    for first, last in runs:
        for at in range(first, last):
            for stop in range(at + 1, min(at + scripts.longest_inside(folded[at]), last) + 1):
                if (at, stop) not in words:
                    found.setdefault(folded[at:stop], []).append((at, stop))
    for (first, end), (start, last) in itertools.pairwise(runs):
        # A name of two words typed with its space inside a run ("会のあと林 聡太郎さんに"):
        # a stretch ending one run and a stretch starting the next, joined.
        if folded[end:start].isspace():
            most = scripts.longest_inside(folded[start])
            for at in range(max(first, end - most), end):
                for stop in range(start + 1, min(start + most, last) + 1):
                    found.setdefault(folded[at:end] + folded[start:stop], []).append((at, stop))
    return found


def _long_pattern(folded: str) -> re.Pattern[str]:
    """A term too long to look up by runs, as a pattern over folded text that
    matches what a run would: its key, with the term's separators where it
    has them (as ``_separator`` allows) and none elsewhere, as whole words."""
    key, cuts = key_of(folded), _shape(folded)
    pieces, previous = [], 0
    for position in sorted(cuts):
        pieces += [re.escape(key[previous:position]), _separator(cuts[position]).pattern]
        previous = position
    pieces.append(re.escape(key[previous:]))
    return re.compile(r"(?<!\w)" + "".join(pieces) + r"(?!\w)")
