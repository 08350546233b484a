"""Text as a person sees it: user-perceived characters (grapheme clusters)
and the cells each takes on a terminal.

The line editor moves and deletes by these, so Backspace after 👩🏽‍🦱 takes the
whole emoji, not its last code point (which left a zero-width joiner behind),
and é typed as e + U+0301 goes in one key. The rules are those of Unicode's
extended grapheme clusters (UAX #29) that matter for typed text: combining
marks and other extenders, spacing marks, emoji modifiers and variation
selectors, zero-width-joiner emoji sequences, regional-indicator pairs (flags),
Hangul syllables from jamo, and Indic conjuncts (a virama joining two
consonants). The standard library has no segmentation before Python 3.15, and
a dependency for this would load a large table for the few lines typed here.
"""

from __future__ import annotations

import unicodedata

_ZWJ = "\u200d"
_ZWNJ = "\u200c"
_VS16 = "\ufe0f"

#: Extended_Pictographic, in ranges: the emoji that a zero-width joiner joins.
_PICTOGRAPHIC = (
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x21AA),
    (0x231A, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25FE),
    (0x2600, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x1F000, 0x1F1E5),
    (0x1F201, 0x1F3FA),
    (0x1F400, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
)

#: Viramas that join the consonants around them into one conjunct (InCB=Linker).
_LINKERS = frozenset("\u094d\u09cd\u0acd\u0b4d\u0c4d\u0d4d")


def _pictographic(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _PICTOGRAPHIC)


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _extends(char: str) -> bool:
    """A code point that never starts a cluster of its own (Extend,
    SpacingMark, ZWJ): marks, joiners, emoji modifiers, variation selectors
    and tags."""
    point = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char in (_ZWJ, _ZWNJ)
        or 0x1F3FB <= point <= 0x1F3FF
        or 0xE0020 <= point <= 0xE007F
        or 0xFF9E <= point <= 0xFF9F
    )


def _hangul(char: str) -> str:
    """The Hangul syllable type: L, V, T, LV, LVT, or "" for none."""
    point = ord(char)
    if 0x1100 <= point <= 0x115F or 0xA960 <= point <= 0xA97C:
        return "L"
    if 0x1160 <= point <= 0x11A7 or 0xD7B0 <= point <= 0xD7C6:
        return "V"
    if 0x11A8 <= point <= 0x11FF or 0xD7CB <= point <= 0xD7FB:
        return "T"
    if 0xAC00 <= point <= 0xD7A3:
        return "LV" if (point - 0xAC00) % 28 == 0 else "LVT"
    return ""


#: Hangul pairs that stay one syllable (rules GB6 to GB8).
_HANGUL_JOINS = {
    "L": ("L", "V", "LV", "LVT"),
    "LV": ("V", "T"),
    "V": ("V", "T"),
    "LVT": ("T",),
    "T": ("T",),
}


def _indic_consonant(char: str) -> bool:
    return 0x0900 <= ord(char) <= 0x0D7F and unicodedata.category(char) == "Lo"


def joins(cluster: str, char: str) -> bool:
    """Whether ``char`` typed after ``cluster`` belongs to it."""
    if not cluster:
        return False
    last = cluster[-1]
    if _extends(char):
        return True
    if _hangul(char) in _HANGUL_JOINS.get(_hangul(last), ()):
        return True
    if last == _ZWJ and _pictographic(char):
        # An emoji, its modifiers and selectors, then the joiner (GB11).
        base = cluster.rstrip(_ZWJ).rstrip("".join(filter(_extends, cluster)))
        return bool(base) and _pictographic(base[-1])
    if _regional(char) and _regional(cluster[0]):
        return len(cluster) % 2 == 1 and all(map(_regional, cluster))  # a flag is two
    if _indic_consonant(char) and any(mark in _LINKERS for mark in cluster):
        # Consonant virama consonant: a conjunct (GB9c), if the virama ends it.
        tail = cluster.rstrip("".join(c for c in cluster if _extends(c) and c not in _LINKERS))
        return bool(tail) and tail[-1] in _LINKERS and _indic_consonant(cluster[0])
    return False


def split(text: str) -> list[str]:
    """``text`` as user-perceived characters."""
    clusters: list[str] = []
    for char in text:
        if clusters and joins(clusters[-1], char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _cells(char: str) -> int:
    """The cells one code point takes on a terminal that draws each alone."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 0 if _extends(char) or unicodedata.category(char) == "Cf" else 1


def width(cluster: str) -> int:
    """The most cells ``cluster`` may take on a terminal: 2 for a wide letter
    or an emoji (a flag, one asked for with U+FE0F), and what its code points
    add up to where a terminal draws each alone (xterm, tmux: 👩🏽‍🦱 is 6
    cells there, 2 in kitty or Windows Terminal). The most, so a row never
    holds more than the screen is wide."""
    alone = sum(map(_cells, cluster))
    if _regional(cluster[0]) or _VS16 in cluster:
        return max(2, alone)
    return alone


def cells(clusters: list[str]) -> int:
    return sum(map(width, clusters))
