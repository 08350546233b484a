"""Japanese names in Latin letters: kana by Hepburn, kanji by a table of
readings.

Kanji say nothing of how a name is read (anyascii reads "山田" as Chinese,
"ShanTian"), so a name in kanji is romanized only where ``japanese_names.txt``
knows its reading: common family and given names, each with the kana it is
read in (made by ``bench/make_japanese_names.py``, from Faker's ja_JP names
and a list of common names of its own). A name in kana is read as written.

Kana are spelled by modified Hepburn ("しゅうへい" is "shuuhei"), and a long
vowel each way people write it in a passport, an e-mail or a school: "ou"
as "ou", "o", "oo" or "oh" ("Tarou", "Taro", "Taroo", "Taroh"; "ō" folds to
"o"), "uu" as "uu" or "u", and the whole name again by Kunrei ("Mituru" for
"Mitsuru"), and with "m" for "n" before "b", "m", "p" ("Homma").

Shared ground, called by ``scripts``.
"""

from __future__ import annotations

import functools
import itertools
import re
from importlib import resources

# Katakana from ァ (U+30A1) to ン (U+30F3), by code point: "-" where a small
# letter is (handled in ``hepburn``).
_SYLLABLES = (
    "- a - i - u - e - o ka ga ki gi ku gu ke ge ko go sa za shi ji su zu se ze so zo "
    "ta da chi ji - tsu zu te de to do na ni nu ne no ha ba pa hi bi pi fu bu pu he be pe "
    "ho bo po ma mi mu me mo - ya - yu - yo ra ri ru re ro - wa i e o n"
)
_KANA = _SYLLABLES.split(" ")
_SMALL_VOWELS = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}
_KUNREI = (
    ("shi", "si"), ("chi", "ti"), ("tsu", "tu"), ("fu", "hu"), ("ji", "zi"),
    ("sh", "sy"), ("ch", "ty"), ("j", "zy"),
)  # fmt: skip
#: The most spellings kept for one name (a long name's long vowels multiply).
_MOST = 64


def _katakana(char: str) -> str:
    return chr(ord(char) + 0x60) if "\u3041" <= char <= "\u3096" else char


def hepburn(kana: str) -> str:
    """Kana in Latin letters by modified Hepburn, long vowels doubled
    ("タロウ" "tarou", "ラーメン" "raamen"); "" if ``kana`` is not all kana."""
    out: list[str] = []
    double = False
    for char in map(_katakana, kana):
        code = ord(char) - 0x30A1
        if char == "ッ":
            double = True
            continue
        if char == "ー" and out:
            out.append(out[-1][-1])
            continue
        if char in _SMALL_Y and out and out[-1].endswith("i"):
            stem = out.pop()[:-1]
            out.append(stem + ("" if stem in ("sh", "ch", "j") else "y") + _SMALL_Y[char])
        elif char in _SMALL_VOWELS and out and out[-1][-1] in "ueio":
            stem = out.pop()
            stem = {"u": "w", "tsu": "ts"}.get(stem, stem[:-1] or stem)
            out.append(stem + _SMALL_VOWELS[char])
        elif char == "ヴ":
            out.append("vu")
        elif 0 <= code < len(_KANA) and _KANA[code] != "-":
            out.append(_KANA[code])
        elif char in _SMALL_VOWELS:
            out.append(_SMALL_VOWELS[char])
        else:
            return ""
        if double:
            syllable = out[-1]
            out[-1] = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
    return "".join(out)


def spellings(romanized: str) -> set[str]:
    """A Hepburn spelling with its long vowels doubled, each way people
    write them, and by Kunrei."""
    found = {
        romanized,
        romanized.replace("ou", "o").replace("oo", "o").replace("uu", "u"),
        romanized.replace("ou", "oo"),
        re.sub("o[ou]", "oh", romanized),
        re.sub(r"n(?=[bmp])", "m", romanized),
    }
    for spelled in list(found):
        for hepburn_way, kunrei in _KUNREI:
            spelled = spelled.replace(hepburn_way, kunrei)
        found.add(spelled)
    return found


@functools.cache
def _readings() -> dict[str, tuple[str, ...]]:
    """Each name in kanji of the table, and its readings in Hepburn."""
    text = resources.files(__package__).joinpath("japanese_names.txt").read_text("utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, kana = line.split("\t")
            table[name] = tuple(filter(None, map(hepburn, kana.split(","))))
    return table


def _word(word: str) -> list[str]:
    """A word of a name read in Hepburn: as written in kana, by the table
    in kanji, or cut into a family and a given name the table knows
    ("山田太郎"); [] when it is not known."""
    spelled = hepburn(word)
    if spelled:
        return [spelled]
    table = _readings()
    if word in table:
        return list(table[word])
    return [
        f"{family} {given}"
        for cut in range(1, len(word))
        if word[:cut] in table and word[cut:] in table
        for family in table[word[:cut]]
        for given in table[word[cut:]]
    ]


def romanizations(term: str) -> set[str]:
    """A Japanese name in Latin letters, every way ``spellings`` gives, in
    the record's order and given name first ("Yamada Taro", "Taro Yamada");
    nothing when a word of it is not known."""
    words = [_word(word) for word in term.split()]
    if not words or not all(words):
        return set()
    found: set[str] = set()
    for reading in itertools.product(*words):
        spelled = " ".join(reading)
        found.update(spellings(spelled))
        if spelled.count(" ") == 1:
            found.update(spellings(" ".join(spelled.split(" ")[::-1])))
        if len(found) > _MOST:
            break
    return found
