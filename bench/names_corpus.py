"""bench/redaction.py's names corpus: parties named in nineteen languages'
own scripts (Faker's names for each locale, from a fixed seed), and a
sentence naming one of them each of five ways:

- as written in the record, inside a sentence of its language;
- by part: the family or the given name alone (in Chinese, Japanese and
  Korean a family name of one letter before an honorific, as it is used);
- in upper case (scripts with case only);
- in Latin letters inside an English sentence, by the two common systems
  of its script (``romanize``: the first and the second way).

Hebrew and Arabic sentences attach a prefix to the name ("כש", "ו", "ב"),
Chinese, Japanese, Korean and Thai ones write it without spaces, with a
particle or honorific after it ("김예진씨가").
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from faker import Faker

from romanize import first_way, second_way

LOCALES = (
    "ru_RU", "uk_UA", "bg_BG", "el_GR", "ka_GE", "hy_AM", "ko_KR", "hi_IN", "bn_BD", "ja_JP",
    "zh_CN", "ar_SA", "he_IL", "th_TH", "fa_IR", "pl_PL", "cs_CZ", "tr_TR", "vi_VN",
)  # fmt: skip
WAYS = ("as written", "by part", "upper case", "romanized (1)", "romanized (2)")
#: Written without spaces: a family name of one letter is a name only before an honorific.
_SPACELESS = ("ko", "zh", "ja", "th")
_FAMILY_FIRST = ("ko", "zh", "ja", "vi")

SENTENCES = {
    "ru": ["Вчера {x} опять перебивал всех на встрече.", "Я сказала {x} об этом после группы."],
    "uk": ["Вчора {x} знову перебивав усіх на зустрічі.", "Я розповіла {x} про це після групи."],
    "bg": ["Вчера {x} пак прекъсваше всички на срещата.", "Казах на {x} след групата."],
    "el": ["Χθες ο {x} διέκοπτε ξανά όλους στη συνάντηση.", "Το είπα στον {x} μετά την ομάδα."],
    "ka": ["გუშინ {x} ისევ ყველას აწყვეტინებდა.", "ჯგუფის შემდეგ {x} ვუთხარი."],
    "hy": ["Երեկ {x} նորից ընդհատում էր բոլորին։", "Խմբից հետո ես ասացի {x} այդ մասին։"],
    "ko": ["{x}씨가 회의에서 또 모두의 말을 끊었어요.", "어제 {x}님이랑 이야기했어요."],
    "hi": ["कल {x} ने फिर से सबको बीच में टोका।", "मैंने समूह के बाद {x} से बात की।"],
    "bn": ["গতকাল {x} আবার সবাইকে থামিয়ে দিয়েছিল।", "দলের পরে আমি {x} কে বলেছিলাম।"],
    "ja": ["昨日{x}さんがまた皆の話を遮りました。", "会のあと{x}さんに話しました。"],
    "zh": ["我和{x}老师谈话时，他一直打断我。", "昨天{x}先生又打断了大家。"],
    "ar": ["عندما وصل {x} سكت الجميع.", "ذهبت إلى الاجتماع و{x} كان هناك.", "تحدثت ب{x} طويلا."],
    "he": ["כש{x} הגיע, כולם שתקו.", "אמרתי ל{x} שזה לא בסדר.", "דיברתי עם {x} אחרי הקבוצה."],
    "th": ["เมื่อวานคุณ{x}พูดแทรกทุกคนอีกแล้ว", "ฉันบอก{x}หลังการประชุม"],
    "fa": ["دیروز {x} دوباره حرف همه را قطع کرد.", "بعد از جلسه به {x} گفتم."],
    "pl": ["Wczoraj {x} znowu przerywał wszystkim.", "Powiedziałam o tym {x} po spotkaniu."],
    "cs": ["Včera {x} zase všechny přerušoval.", "Řekla jsem to {x} po schůzce."],
    "tr": ["Dün {x} toplantıda yine herkesin sözünü kesti.", "Toplantıdan sonra {x} ile konuştum."],
    "vi": ["Hôm qua {x} lại ngắt lời mọi người.", "Tôi đã nói với {x} sau buổi họp."],
}  # fmt: skip
ROMANIZED = (
    "Yesterday {x} kept interrupting everyone again.",
    "I told {x} about it after the group and nothing changed.",
    "{x} shared what I said with people outside the group.",
)


def party(fake: Faker, language: str) -> str:
    """A name as the record would hold it: given and family name, in the
    order and spacing of the language (Korean and Chinese without a space)."""
    given, family = fake.first_name(), fake.last_name()
    if language in ("ko", "zh"):
        return family + given
    return f"{family} {given}" if language in _FAMILY_FIRST else f"{given} {family}"


def parts(name: str, language: str) -> list[str]:
    """The parts a person may use alone: the family and the given name."""
    if " " not in name and language in ("ko", "zh"):
        cut = 2 if len(name) > 3 else 1
        return [name[:cut], name[cut:]]
    return [part for part in name.split() if len(part) >= 2]


def planted(
    way: str, name: str, language: str, locale: str, rng: random.Random
) -> tuple[str, str] | None:
    """(sentence, what is planted in it) for one way, or None where the way
    does not apply (no case, or no mechanical romanization)."""
    if way == "by part":
        typed = rng.choice(parts(name, language))
    elif way == "upper case":
        typed = name.upper()
        if typed == name:
            return None
    elif way.startswith("romanized"):
        latin = (first_way if way.endswith("(1)") else second_way)(locale, name)
        if latin is None or (way.endswith("(2)") and latin == first_way(locale, name)):
            return None
        return rng.choice(ROMANIZED).format(x=latin), latin
    else:
        typed = name
    return rng.choice(SENTENCES[language]).format(x=typed), typed


def cases(seed: int, per_locale: int) -> Iterator[tuple[str, str, str, str, list[str]]]:
    """(locale, way, sentence, planted, the record's two parties) for each case."""
    rng = random.Random(seed)
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(rng.randrange(2**32))
        language = locale.split("_")[0]
        for _ in range(per_locale):
            parties = [party(fake, language), party(fake, language)]
            for way in WAYS:
                made = planted(way, parties[0], language, locale, rng)
                if made is not None:
                    yield locale, way, made[0], made[1], parties


def some_parties(seed: int, count: int) -> list[str]:
    """Names from every locale of the corpus, for the clean sentences: a
    name folded to too short or too common a key would show there."""
    rng = random.Random(seed)
    found = []
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(rng.randrange(2**32))
        found += [party(fake, locale.split("_")[0]) for _ in range(count)]
    return found
