"""The second way a name is written in Latin letters, for bench/redaction.py's
names corpus: each script by a published system other than anyascii's,
spelled out here as its own tables (not peerpact's), so the benchmark
measures what redaction finds against what people are given to type.

- Russian: ICAO Doc 9303 (Russian passports since 2013): "Дмитрий Ковалёв"
  is "Dmitrii Kovalev" (anyascii: "Dmitriy Kovalev").
- Ukrainian: the national system (Cabinet of Ministers resolution 55,
  2010): г is "h", и is "y", and є ї й ю я are "ye yi y yu ya" at the
  start of a word, "ie i i iu ia" elsewhere: "Сергій" is "Serhii".
- Bulgarian: the Streamlined System (Transliteration Act, 2009): ъ is "a",
  щ "sht", х "h", ю "yu", я "ya", and "ия" at the end of a word "ia".
- Greek: ELOT 743 (ISO 843 type 2): αυ ευ ηυ are "av ev iv", or "af ef if"
  before a voiceless letter or at the end; μπ and ντ are "b" and "d" at the
  start of a word, "mb" and "nt" inside it; γγ "ng", γκ "g"/"nk"... kept as
  "gk" inside a word, "g" at its start.
- Georgian: the national system (2002), with its apostrophes for the
  ejectives, as passports print it ("Ch'elidze"; anyascii and most typing
  leave them out).
- Armenian: BGN/PCGN (1981) without apostrophes: ու "u", ե "ye" and ո "vo"
  at the start of a word, և "yev", ղ "gh", ռ "rr".
- Korean: McCune-Reischauer without breves or apostrophes: ㅓ and ㅡ "o" and
  "u", plosives voiceless at the start of a syllable run ("k t p ch") and
  voiced after a vowel or a voiced final ("g d b j"); the family name spelled
  as most people spell it ("Kim", "Lee", "Park"). Anyascii gives the
  Revised Romanization ("Gim Yejin").
- Hindi and Bengali: both systems in use for names are written here, as
  anyascii's drops the vowel every consonant carries ("smmanit"):
  Hunterian (the Indian government's: "sh", "ch", a word's last vowel
  unsaid: "Sharma") is the first way, ISO 15919 without its diacritics
  ("sarma", "rahula": every vowel written) the second.
- Chinese: pinyin given name first, as names are written in English
  ("Jinfeng Liu"); anyascii gives the family first, syllables capitalised.
- Latin scripts (Polish, Czech, Turkish, Vietnamese): the letters without
  their marks (anyascii); there is no second way.
- Not romanized here: Japanese kanji (their reading is not in the letters),
  Hebrew, Arabic and Persian (the vowels are not written) and Thai (RTGS
  needs the syllables' unwritten vowels): no mechanical rule gives the
  spelling a person uses, so these are not measured (docs/anonymity.md).
"""

from __future__ import annotations

import unicodedata

from anyascii import anyascii


def _spaced(latin: str) -> list[str]:
    return latin.split(" ")


def _table(letters: str | range, latin: str) -> dict[object, str]:
    """Each letter (or code point offset) and its Latin spelling, in order."""
    return dict(zip(letters, _spaced(latin), strict=True))


_RUSSIAN = _table(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y - e iu ia",
)
_UKRAINIAN = {
    **_table(
        "абвгґдежзиіклмнопрстуфхцчшщь",
        "a b v h g d e zh z y i k l m n o p r s t u f kh ts ch sh shch -",
    ),
    "є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia"),
}  # fmt: skip
_BULGARIAN = _table(
    "абвгдежзийклмнопрстуфхцчшщъьюя",
    "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya",
)
_GREEK = _table("αβγδεζηθικλμνξοπρστυφχψω", "a v g d e z i th i k l m n x o p r s t y f ch ps o")
_GREEK_VOICELESS = set("θκξπστφχψ")
_GEORGIAN = _table(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    "a b g d e v z t i k' l m n o p' zh r s t' u p k gh q' sh ch ts dz ts' ch' kh j h",
)
_ARMENIAN = _table(
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    "a b g d e z e y t zh i l kh ts k h dz gh ch m y n sh o ch p j rr s v t r ts v p k o f",
)
_KOREAN_FAMILY = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
    "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
    "신": "Shin", "서": "Seo", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
    "유": "Yoo", "홍": "Hong", "전": "Jeon", "고": "Ko", "문": "Moon", "양": "Yang",
    "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo", "노": "Noh", "심": "Shim",
}  # fmt: skip
# Hangul jamo in Unicode's order: 19 initials, 21 medials, 28 finals.
_MR_INITIAL = _spaced("k kk n t tt r m p pp s ss - ch tch ch k t p h")
_MR_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
_MR_MEDIAL = _spaced("a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i")
_MR_FINAL = ["", *_spaced("k k k n n n t l k m l l l p l m p p t t ng t t k t p t")]
# Devanagari and Bengali: the same letters at the same offsets in their blocks.
_HUNTERIAN = _table(
    range(0x15, 0x3A),
    "k kh g gh n ch chh j jh n t th d dh n t th d dh n n p ph b bh m y r r l l l v sh sh s h",
)
_ISO_CHANGES = {0x1A: "c", 0x1B: "ch", 0x36: "s", 0x37: "s"}
_INDIC_VOWELS = {
    0x05: "a", 0x06: "a", 0x07: "i", 0x08: "i", 0x09: "u", 0x0A: "u", 0x0B: "ri",
    0x0F: "e", 0x10: "ai", 0x13: "o", 0x14: "au", 0x02: "n", 0x01: "n", 0x03: "h",
}  # fmt: skip
_INDIC_SIGNS = {
    0x3E: "a", 0x3F: "i", 0x40: "i", 0x41: "u", 0x42: "u", 0x43: "ri", 0x47: "e",
    0x48: "ai", 0x4B: "o", 0x4C: "au", 0x4D: "",
}  # fmt: skip
# Letters with a nukta of their own (Bengali "ড়", "য়"), and the "ৎ" that carries no vowel.
_HUNTERIAN.update({0x5C: "r", 0x5D: "rh", 0x5F: "y"})
_INDIC_VOWELS[0x4E] = "t"


def _words(name: str, spell: object) -> str:
    assert callable(spell)
    return " ".join(spell(word).capitalize() for word in name.split())


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _russian(word: str) -> str:
    return "".join(_RUSSIAN.get(c, c) for c in word.casefold()).replace("-", "")


def _ukrainian(word: str) -> str:
    out = []
    for index, char in enumerate(word.casefold()):
        latin = _UKRAINIAN.get(char, "" if char in "'’ʼ" else char)
        out.append(latin if isinstance(latin, str) else latin[0 if index == 0 else 1])
    return "".join(out).replace("-", "")


def _bulgarian(word: str) -> str:
    word = word.casefold()
    ending = "ia" if word.endswith("ия") else ""
    word = word[:-2] if ending else word
    return "".join(_BULGARIAN.get(c, c) for c in word) + ending


def _greek(word: str) -> str:
    text = _plain(word).replace("ς", "σ")
    out, index = [], 0
    while index < len(text):
        pair, after = text[index : index + 2], text[index + 2 : index + 3]
        if pair in ("αυ", "ευ", "ηυ"):
            vowel = {"α": "a", "ε": "e", "η": "i"}[pair[0]]
            out.append(vowel + ("f" if not after or after in _GREEK_VOICELESS else "v"))
        elif pair == "ου":
            out.append("ou")
        elif pair in ("μπ", "ντ"):
            out.append(("b", "d")[pair == "ντ"] if index == 0 else ("mb", "nt")[pair == "ντ"])
        elif pair in ("γγ", "γκ"):
            out.append("ng" if pair == "γγ" else "g" if index == 0 else "gk")
        else:
            out.append(_GREEK.get(text[index], text[index]))
            index += 1
            continue
        index += 2
    return "".join(out)


def _georgian(word: str) -> str:
    return "".join(_GEORGIAN.get(c, c) for c in word.casefold())


def _armenian(word: str) -> str:
    text = word.casefold().replace("ու", "u").replace("և", "yev")
    out = []
    for index, char in enumerate(text):
        if index == 0 and char in "եո":
            out.append("ye" if char == "ե" else "vo")
        else:
            out.append(_ARMENIAN.get(char, char))
    return "".join(out)


def _mccune_reischauer(syllables: str) -> str:
    out, voiced = [], False
    for char in syllables:
        code = ord(char) - 0xAC00
        initial, medial, final = code // 588, code % 588 // 28, code % 28
        consonant = _MR_INITIAL[initial].replace("-", "")
        if voiced:
            consonant = _MR_VOICED.get(consonant, consonant)
        if consonant == "r" and not out:
            consonant = "r"
        elif consonant == "r" and out[-1].endswith(("n", "l")):
            consonant = "l"
        if consonant == "s" and _MR_MEDIAL[medial] in ("i", "wi"):
            consonant = "sh"
        ending = _MR_FINAL[final]
        out.append(consonant + _MR_MEDIAL[medial] + ending)
        voiced = ending in ("", "n", "m", "ng", "l")
    return "".join(out)


def _korean(name: str) -> str:
    family, given = name[0], name[1:]
    spelled = _KOREAN_FAMILY.get(family) or _mccune_reischauer(family).capitalize()
    return f"{spelled} {_mccune_reischauer(given).capitalize()}"


def _indic(word: str, iso: bool) -> str:
    # A nukta changes no Latin letter here ("ख़" is "kh"); NFD takes it off
    # the letters that have one of their own.
    bare = unicodedata.normalize("NFD", word).replace("\u093c", "").replace("\u09bc", "")
    word = unicodedata.normalize("NFC", bare)
    out = []
    for index, char in enumerate(word):
        if not "\u0900" <= char <= "\u09ff":  # an apostrophe ("डी’कोस्टा"), kept
            out.append(char)
            continue
        offset = (ord(char) - 0x900) % 0x80
        following = word[index + 1 : index + 2]
        after = (ord(following) - 0x900) % 0x80 if following else None
        if offset in _HUNTERIAN:
            letter = _ISO_CHANGES.get(offset, _HUNTERIAN[offset]) if iso else _HUNTERIAN[offset]
            carries = (after is None and iso) or (after is not None and after not in _INDIC_SIGNS)
            out.append(letter + ("a" if carries else ""))
        else:
            out.append(_INDIC_SIGNS.get(offset, _INDIC_VOWELS.get(offset, "")))
    return "".join(out)


def first_way(locale: str, name: str) -> str | None:
    """The name in Latin letters by the first system (anyascii's, but for
    Indic scripts, Hunterian), family and given name as separate words."""
    language = locale.split("_")[0]
    if language in ("ja", "he", "ar", "fa", "th"):
        return None
    if language in ("hi", "bn"):
        return _words(name, lambda word: _indic(word, iso=False))
    if language in ("ko", "zh"):
        return f"{anyascii(name[0]).capitalize()} {anyascii(name[1:]).capitalize()}"
    if language == "ka":  # as most type it: the ejectives' apostrophes left out
        return _words(name, lambda word: anyascii(word).replace("'", ""))
    return _words(name, anyascii)


def second_way(locale: str, name: str) -> str | None:
    """The name by the other common system of its script (see above), or None."""
    language = locale.split("_")[0]
    spell = {
        "ru": _russian, "uk": _ukrainian, "bg": _bulgarian, "el": _greek, "ka": _georgian,
        "hy": _armenian, "hi": lambda word: _indic(word, iso=True),
        "bn": lambda word: _indic(word, iso=True),
    }.get(language)  # fmt: skip
    if spell is not None:
        return _words(name, spell)
    if language == "ko":
        return _korean(name)
    if language == "zh":
        return f"{anyascii(name[1:]).capitalize()} {anyascii(name[0]).capitalize()}"
    return None
