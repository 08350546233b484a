"""More ways a name is written in Latin letters than anyascii's one and
``scripts``' tables: the systems people are given in passports and schools
where they spell a letter by its place in the word, which a table of
letters cannot.

- Ukrainian, the national system (2010): "г" is "h", "и" "y", and "є ї й
  ю я" are "ye yi y yu ya" at the start of a word, "ie i i iu ia" inside.
- Bulgarian, the Streamlined System (2009): "ъ" is "a", "щ" "sht", "х" "h",
  "ия" at the end of a word "ia".
- Greek, ELOT 743: "αυ ευ ηυ" are "af ef if" before a voiceless letter or at
  the end, "μπ ντ" are "b d" at the start of a word and "mb nt" inside it
  ("Balambani", "Antonis", not "Adonis").
- Armenian, BGN/PCGN: "ու" is "u" (anyascii: "ow"), "ե" and "ո" at the
  start of a word "ye" and "vo", "և" "yev", "ռ" "r" or "rr".
- Korean, McCune-Reischauer without its marks: "ㅓ ㅡ" are "o u" (anyascii,
  the Revised Romanization: "eo eu"), plosives "k t p ch" at the start of
  a name and "g d b j" after a voiced sound ("Pak Yonggil", "Chonghun").

Each returns whole words, lower case; ``scripts.romanizations`` takes
them with the rest. Shared ground.
"""

from __future__ import annotations


def _spaced(latin: str) -> list[str]:
    return latin.split(" ")


_UKRAINIAN = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        _spaced("a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch - iu ia"),
        strict=True,
    )
)
_UKRAINIAN_FIRST = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_BULGARIAN = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        _spaced("a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya"),
        strict=True,
    )
)
_GREEK_VOICELESS = frozenset("θκξπστφχψ")
_ARMENIAN = dict(
    zip(
        "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
        _spaced(
            "a b g d e z e y t zh i l kh ts k h dz gh ch m y n sh o ch p j R s v t r ts v p k o f"
        ),
        strict=True,
    )
)
# Hangul syllables are built from 19 initials, 21 vowels and 28 finals.
_INITIAL = _spaced("k kk n t tt r m p pp s ss - ch tch ch k t p h")
_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
_VOWEL = _spaced("a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i")
_FINAL = ["", *_spaced("k k k n n n t l k m l l l p l m p p t t ng t t k t p t")]


def ukrainian(word: str) -> str:
    return "".join(
        _UKRAINIAN_FIRST[char] if index == 0 and char in _UKRAINIAN_FIRST else
        _UKRAINIAN.get(char, "" if char in "'’ʼ" else char)
        for index, char in enumerate(word)
    ).replace("-", "")  # fmt: skip


def bulgarian(word: str) -> str:
    ending = "ia" if word.endswith("ия") else ""
    return "".join(_BULGARIAN.get(c, c) for c in word[: len(word) - len(ending)]) + ending


def greek_pairs(text: str) -> str:
    """ELOT 743's letter pairs in ``text`` (unaccented Greek, lower case)
    spelled out, the rest left for a table of letters."""
    out, index = [], 0
    while index < len(text):
        pair, after = text[index : index + 2], text[index + 2 : index + 3]
        if pair in ("αυ", "ευ", "ηυ"):
            voiceless = not after.isalpha() or after in _GREEK_VOICELESS
            out.append({"α": "a", "ε": "e", "η": "i"}[pair[0]] + ("f" if voiceless else "v"))
        elif pair in ("μπ", "ντ"):  # "b" and "d" at the start of a word
            inside = index and text[index - 1].isalpha()
            spelled = ("mb", "nt") if inside else ("b", "d")
            out.append(spelled[pair == "ντ"])
        elif pair == "ου":
            out.append("ou")
        else:
            out.append(text[index])
            index += 1
            continue
        index += 2
    return "".join(out)


def armenian(word: str) -> list[str]:
    text = word.replace("ու", "u").replace("և", "yev")
    if text[:1] in ("ե", "ո"):
        text = ("ye" if text[0] == "ե" else "vo") + text[1:]
    spelled = "".join(_ARMENIAN.get(c, c) for c in text)  # "R": ռ, spelled both ways
    return [spelled.replace("R", "r"), spelled.replace("R", "rr")]


def mccune_reischauer(syllables: str) -> str:
    """Hangul syllables as McCune-Reischauer spells them, without its marks."""
    out: list[str] = []
    voiced = False
    for char in syllables:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            return ""
        initial, vowel, final = code // 588, code % 588 // 28, code % 28
        consonant = _INITIAL[initial].replace("-", "")
        if voiced:
            consonant = _VOICED.get(consonant, consonant)
        if consonant == "r" and out and out[-1].endswith(("n", "l")):
            consonant = "l"
        if consonant == "s" and _VOWEL[vowel] in ("i", "wi"):
            consonant = "sh"
        out.append(consonant + _VOWEL[vowel] + _FINAL[final])
        voiced = _FINAL[final] in ("", "n", "m", "ng", "l")
    return "".join(out)
