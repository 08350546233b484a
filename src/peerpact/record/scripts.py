"""Names in every script: which script a letter is in, how a name in it is
cut into family and given name, romanized, and found where its language
writes words together.

Redaction finds a name word by word (``folding``). That is not how every
language writes one:

- Chinese, Japanese and Thai put no spaces between words, and Korean
  attaches particles and honorifics ("김예진씨가"): there a name, and each
  of its parts, is looked for inside a run of letters. A part of one letter
  (most Chinese and Korean family names) only where an honorific follows it
  ("刘老师", "김씨"): alone it is an everyday word too.
- Hebrew and Arabic attach conjunctions, prepositions and the article to
  the word they precede ("כשכהן", "والأحمد"): there the name is also looked
  for behind those prefixes.
- A name recorded in its own script is written in Latin letters by whoever
  does not type that script: each is romanized the two common mechanical
  ways, ``anyascii``'s and one other per script (``_SECOND``), and found
  written either way; a Japanese one by its reading (``japanese``), where
  kanji do not spell it.

Shared ground, beside ``folding``, which calls it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

from peerpact.record import japanese, latin

#: Scripts written without spaces between words (Korean: with particles
#: and honorifics attached), and the most letters of a name in each.
_SPACELESS = {"han": 6, "kana": 8, "hangul": 6, "thai": 24}
#: Honorifics that may follow a family name of one letter.
HONORIFICS = (
    "씨", "님", "군", "양", "선생", "さん", "様", "さま", "くん", "君", "ちゃん", "先生", "氏",
    "老师", "老師", "先生", "女士", "小姐", "同学", "同學", "总", "總", "哥", "姐", "คุณ",
)  # fmt: skip
#: Hebrew prefix letters (and, the, in, as, to, from, that), up to three together.
_HEBREW_PREFIX = re.compile(r"[ושהבכלמ]{1,3}")
#: Arabic: and/so, then by/as/to, then the article; or "and/so" before لل (to the).
_ARABIC_PREFIX = re.compile(r"[وف]?(?:[بكل]?ال|[بكل]|لل)|[وف]")
#: Compound family names of two letters.
_COMPOUND = frozenset(("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容",
                       "令狐", "夏侯", "歐陽", "司馬", "諸葛", "남궁", "황보", "제갈", "선우",
                       "독고", "사공", "서문"))  # fmt: skip
#: Korean family names as most people spell them, beside the Revised
#: Romanization anyascii gives ("Gim" -> "Kim").
_KOREAN_FAMILY = {
    "김": "kim", "이": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang",
    "조": "cho", "윤": "yoon", "장": "jang", "임": "lim", "한": "han", "오": "oh",
    "신": "shin", "서": "seo", "권": "kwon", "황": "hwang", "안": "ahn", "송": "song",
    "류": "ryu", "유": "yoo", "홍": "hong", "전": "jeon", "고": "ko", "문": "moon",
    "양": "yang", "손": "son", "배": "bae", "백": "baek", "허": "heo", "남": "nam",
    "심": "shim", "노": "noh", "하": "ha", "곽": "kwak", "성": "sung", "차": "cha",
    "주": "joo", "우": "woo", "구": "koo", "민": "min", "진": "jin", "지": "ji",
}  # fmt: skip
# The other romanizations, where anyascii's is not the one most people use.
# Cyrillic as passports write it (ICAO 9303) and as GOST 7.79 / ISO 9 do
# without their accents; Greek as ELOT 743 does, and as Greeklish does.
_CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў"
_CYRILLIC = (
    "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y - e iu ia i ie i g u",
    "a b v g d e yo zh z i j k l m n o p r s t u f h c ch sh shh - y - e yu ya i je ji g u",
)
_GREEK_LETTERS = "αβγδεζηθικλμνξοπρστυφχψω"
_GREEK = (
    "a v g d e z i th i k l m n x o p r s t y f ch ps o",
    "a b g d e z h th i k l m n ks o p r s t y f x ps w",
)
_GREEK_PAIRS = {"ου": "ou", "αυ": "av", "ευ": "ev", "μπ": "b", "ντ": "d", "γκ": "g", "γγ": "ng"}
_TABLES = [
    {
        **dict(zip(_CYRILLIC_LETTERS, cyrillic.replace("-", "").split(" "), strict=True)),
        **dict(zip(_GREEK_LETTERS, greek.split(), strict=True)),
    }
    for cyrillic, greek in zip(_CYRILLIC, _GREEK, strict=True)
]
# Indic: the same letters sit at the same offsets in the Devanagari and
# Bengali blocks. Consonants carry an "a" unless a vowel sign or virama
# follows; Hindi and Bengali do not say it at the end of a word, Sanskrit
# transliteration (IAST) writes it. Hunterian spells "sh" and "ch" where
# IAST has "ś", "ṣ" and "c".
_INDIC_CONSONANTS = dict(
    zip(
        range(0x15, 0x3A),
        # Letters by row of the alphabet, as the Unicode block orders them.
        " ".join(
            (
                "k kh g gh n",
                "ch chh j jh n",
                "t th d dh n",
                "t th d dh n n",
                "p ph b bh m",
                "y r r l l l v",
                "sh sh s h",
            )
        ).split(" "),
        strict=True,
    )
)
_IAST = {0x1A: "c", 0x1B: "ch", 0x36: "s", 0x37: "s"}
_INDIC_VOWELS = {
    0x05: "a", 0x06: "a", 0x07: "i", 0x08: "i", 0x09: "u", 0x0A: "u", 0x0B: "ri",
    0x0F: "e", 0x10: "ai", 0x13: "o", 0x14: "au", 0x3E: "a", 0x3F: "i", 0x40: "i",
    0x41: "u", 0x42: "u", 0x43: "ri", 0x47: "e", 0x48: "ai", 0x4B: "o", 0x4C: "au",
    0x02: "n", 0x01: "n", 0x03: "h", 0x5C: "r", 0x5D: "rh", 0x5F: "y", 0x4E: "t",
}  # fmt: skip
_SIGNS = frozenset((0x3E, 0x3F, 0x40, 0x41, 0x42, 0x43, 0x47, 0x48, 0x4B, 0x4C, 0x4D))


#: The vowel signs and other marks of Indic and Thai scripts, which are part
#: of a word though ``\w`` does not take them (a regex character class).
MARKS = "".join(
    chr(code)
    for code in (*range(0x0900, 0x0E80), *range(0x0591, 0x05C8), *range(0x0610, 0x0671))
    if unicodedata.category(chr(code)) in ("Mn", "Mc")
)


#: Where each script redaction cares about is in Unicode (code point ranges).
#: 々 and 〆 repeat or stand for a letter ("佐々木"): part of a name, not a break.
_RANGES = {
    "kana": ((0x3040, 0x30FF), (0x31F0, 0x31FF)),
    "han": ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2FFFF), (0x3005, 0x3006)),
    "hangul": ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F)),
    "thai": ((0x0E00, 0x0E7F),),
    "hebrew": ((0x0590, 0x05FF),),
    "arabic": ((0x0600, 0x06FF), (0x0750, 0x077F)),
    "indic": ((0x0900, 0x09FF),),
}
#: A run of letters of scripts written without spaces (``_inside`` looks only there).
SPACELESS_RUN = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for kind in _SPACELESS for low, high in _RANGES[kind])
    + "]+"
)  # fmt: skip


@functools.cache
def script(char: str) -> str:
    """The script of a letter, as far as redaction cares: "han", "kana",
    "hangul", "thai", "hebrew", "arabic", "indic", or "" for any other."""
    code = ord(char)
    for kind, ranges in _RANGES.items():
        if any(low <= code <= high for low, high in ranges):
            return kind
    return ""


def is_spaceless(char: str) -> bool:
    return script(char) in _SPACELESS


def longest_inside(char: str) -> int:
    """How many letters a name may span inside a run of ``char``'s script."""
    return _SPACELESS.get(script(char), 0)


def prefixes(token: str) -> list[int]:
    """Where a name could start in a Hebrew or Arabic word, behind the
    prefixes attached to it (offsets into ``token``; never 0)."""
    kind = script(token[0])
    pattern = _HEBREW_PREFIX if kind == "hebrew" else _ARABIC_PREFIX if kind == "arabic" else None
    if pattern is None:
        return []
    found = []
    for end in range(1, min(len(token) - 1, 5)):
        if pattern.fullmatch(token, 0, end):
            found.append(end)
    return found


def split_name(name: str) -> tuple[str, str] | None:
    """A Chinese or Korean name written as one word, cut into family and
    given name ("刘金凤" -> "刘", "金凤"); None for any other."""
    if not 2 <= len(name) <= 5 or script(name[0]) not in ("han", "hangul"):
        return None
    if any(script(char) != script(name[0]) for char in name):
        return None
    cut = 2 if name[:2] in _COMPOUND and len(name) > 2 else 1
    return name[:cut], name[cut:]


def romanizations(term: str) -> set[str]:
    """``term`` in Latin letters, the common ways (for a term with no letters
    outside Latin, nothing; for Hebrew, Arabic and Thai, nothing either: a
    mechanical romanization of them is a row of consonants nobody writes,
    "dvd" for "דוד"). Syllables anyascii marks with a capital ("JinFeng")
    are also joined by a hyphen, as many write them ("Jin-feng")."""
    kinds = {script(char) for char in term if char.isalpha()}
    if kinds & {"hebrew", "arabic", "thai"} or all(
        "LATIN" in unicodedata.name(char, "") for char in term if char.isalpha()
    ):
        return set()
    found = {anyascii(term), *_tabled(term)}
    if kinds <= {"han", "kana"}:  # a Japanese name, by its reading where it is known
        found |= japanese.romanizations(term)
    if kinds <= {"han", "hangul"} and term.count(" ") == 1:
        # Written in English, given name first: "李 玲" as "Ling Li".
        found.update(" ".join(word.split(" ")[::-1]) for word in list(found) if " " in word)
    if "hangul" in kinds and " " not in term:
        found.add(latin.mccune_reischauer(term))
    if term[:1] in _KOREAN_FAMILY and len(term) > 1 and " " not in term:
        given = (anyascii(term[1:]), latin.mccune_reischauer(term[1:]))  # "YeJin": also "Ye-Jin"
        found.update(f"{family} {name}" for family in (_KOREAN_FAMILY[term[0]],
                     latin.mccune_reischauer(term[0])) for name in given)  # fmt: skip
    elif term in _KOREAN_FAMILY:
        found.add(_KOREAN_FAMILY[term])
    for word in list(found):
        if re.search(r"[a-z][A-Z]", word):
            found.add(re.sub(r"(?<=[a-z])(?=[A-Z])", "-", word))
    # An apostrophe (anyascii's for "ь" and Georgian's ejectives) is kept:
    # a folded term's apostrophe may be typed or left out (``folding``).
    return {word.replace("`", "'") for word in found if word.strip()}


def _tabled(term: str) -> list[str]:
    """``term`` by each table: Cyrillic and Greek both of theirs, Indic four
    ways (Hunterian and IAST, with and without a word's last "a")."""
    # Greek letters without their accents; Cyrillic "й" and "ё" and Indic
    # vowel signs stay whole.
    text = "".join(
        _unaccented(char) if "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff"
        else char
        for char in unicodedata.normalize("NFC", term.casefold())
    ).replace("ς", "σ")  # fmt: skip
    elot = latin.greek_pairs(text)
    for pair, spelled in _GREEK_PAIRS.items():
        text = text.replace(pair, spelled)
    if "indic" in {script(char) for char in text}:
        # A nukta changes no Latin letter ("য়" is "y"); left on, it would
        # stand between a consonant and a word's end.
        text = text.replace("\u093c", "").replace("\u09bc", "")
        return [
            "".join(_indic(text, i, iast, final) for i in range(len(text)))
            for iast in (False, True)
            for final in (False, True)
        ]
    found = ["".join(table.get(char, char) for char in spelled) for table in _TABLES
             for spelled in {text, elot}]  # fmt: skip
    words = text.split()
    if any("\u0400" <= char <= "\u04ff" for char in text):
        found += [" ".join(map(latin.ukrainian, words)), " ".join(map(latin.bulgarian, words))]
    if any("\u0531" <= char <= "\u058a" for char in text):
        found += [" ".join(spelled) for spelled in zip(*map(latin.armenian, words), strict=True)]
    return found


def _unaccented(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


def _indic(text: str, index: int, iast: bool, final: bool) -> str:
    char = text[index]
    if script(char) != "indic":
        return char
    offset = (ord(char) - 0x900) % 0x80
    if offset in _INDIC_CONSONANTS:
        letter = _IAST.get(offset, _INDIC_CONSONANTS[offset]) if iast else _INDIC_CONSONANTS[offset]
        following = text[index + 1 : index + 2]
        if following and script(following) == "indic":
            after = (ord(following) - 0x900) % 0x80
            return letter + ("" if after in _SIGNS else "a")
        return letter + ("a" if final else "")
    return _INDIC_VOWELS.get(offset, "")
