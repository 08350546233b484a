"""Redaction benchmark: what `peerpact grievance` catches in realistic writing.

A corpus is generated at run time with Faker in twenty locales (English,
Spanish, German, French, Dutch and Italian as they are written at home):
sentences people write to leadership, each with one planted identifier of a
known kind, and clean sentences (dates, times, amounts, room numbers, the
agreement templates' own words) that must come through untouched.

A planted identifier counts as caught only when every letter and digit of
it is inside a finding. Prints the seed (repeat a run with --seed), recall
per kind and per locale for addresses, and the false-positive rate: the share
of clean sentences with any finding at all.

Then the names corpus (``names_corpus``): parties named in nineteen more
locales' scripts, each named as written, by part, in upper case and in
Latin letters two ways (``romanize``); a table of how many were left in
clear, by locale and way. Clean sentences are also checked against names
from that corpus.

Usage: python bench/redaction.py [--seed N] [--per-locale 150] [--names-per-locale 100]
                                 [--show-misses 10]
Targets: no leak of e-mails, phones, links, handles; >= 95% of street addresses;
no name left in clear as written, by part or in upper case; at most 5% of
romanized names, each way; false positives <= 2% of clean sentences.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from faker import Faker

import names_corpus
from peerpact.feedback.redact import find
from peerpact.record.folding import fold

ROOT = Path(__file__).resolve().parent.parent
LOCALES = (
    "en_US", "en_GB", "en_CA", "en_AU", "en_IE", "en_IN", "en_NZ",
    "es_ES", "es_MX", "es_AR", "es_CO",
    "de_DE", "de_AT", "de_CH",
    "fr_FR", "fr_CA", "fr_CH",
    "nl_NL", "nl_BE",
    "it_IT",
)  # fmt: skip
ZERO_LEAK = ("email", "phone", "link", "handle")
TARGETS = {**dict.fromkeys(ZERO_LEAK, 1.0), "address": 0.95}
MAX_FALSE_POSITIVES = 0.02
#: The most names written in Latin letters left in clear, each way (names corpus).
MAX_ROMANIZED_LEFT = 0.05

# Sentences people write to leadership; {x} is where the identifier goes.
PLANTED = {
    "en": [
        "He keeps messaging me, you can check: {x}.",
        "She wrote down {x} on the sign-in sheet and now everyone has it.",
        "After the session someone went to {x} and waited outside.",
        "Please don't pass {x} on to anyone, I only gave it for emergencies.",
        "I was told to contact {x} if anything went wrong, but nobody answered.",
        "{x} was posted in the group chat without asking.",
        "My details ({x}) were read out loud in front of the group.",
    ],
    "es": [
        "Me sigue escribiendo, lo podéis comprobar: {x}.",
        "Alguien apuntó {x} en la hoja de asistencia y ahora lo tiene todo el mundo.",
        "Después de la sesión una persona fue a {x} y esperó fuera.",
        "Por favor no compartáis {x}, lo di solo para emergencias.",
        "Me dijeron que escribiera a {x} si pasaba algo, pero nadie respondió.",
        "Publicaron {x} en el grupo sin preguntar.",
    ],
    "de": [
        "Er schreibt mir ständig, ihr könnt es prüfen: {x}.",
        "Jemand hat {x} auf die Anwesenheitsliste geschrieben, jetzt haben es alle.",
        "Nach dem Treffen ist eine Person zu {x} gegangen und hat draußen gewartet.",
        "Bitte gebt {x} nicht weiter, das war nur für Notfälle.",
        "Man sagte mir, ich solle mich bei {x} melden, aber niemand antwortete.",
        "{x} wurde ohne Nachfrage in den Gruppenchat gestellt.",
    ],
    "fr": [
        "Il continue de m'écrire, vous pouvez vérifier : {x}.",
        "Quelqu'un a noté {x} sur la feuille de présence et tout le monde l'a vu.",
        "Après la séance, une personne est allée au {x} et a attendu dehors.",
        "Merci de ne pas transmettre {x}, je l'avais donné pour les urgences.",
        "On m'a dit de contacter {x} en cas de problème, personne n'a répondu.",
        "{x} a été publié dans le groupe sans demander.",
    ],
    "nl": [
        "Hij blijft me berichten sturen, jullie kunnen het nakijken: {x}.",
        "Iemand schreef {x} op de presentielijst en nu heeft iedereen het.",
        "Na de sessie ging iemand naar {x} en wachtte buiten.",
        "Geef {x} alsjeblieft niet door, het was alleen voor noodgevallen.",
        "Ik moest {x} bellen als er iets was, maar niemand nam op.",
    ],
    "it": [
        "Continua a scrivermi, potete controllare: {x}.",
        "Qualcuno ha scritto {x} sul foglio presenze e ora ce l'hanno tutti.",
        "Dopo l'incontro una persona è andata in {x} e ha aspettato fuori.",
        "Per favore non passate {x} a nessuno, l'avevo dato per le emergenze.",
        "Mi hanno detto di contattare {x} se succedeva qualcosa, ma nessuno ha risposto.",
    ],
}
# Clean sentences: {d} a date, {t} a time, {a} an amount, {r} a room, {n} a count.
CLEAN = {
    "en": [
        "On {d} at {t} the session started late and nobody explained why.",
        "We met in room {r} on the {n}nd floor; it was cold and too small for {n} people.",
        "I paid {a} for the workshop and never got a receipt.",
        "The group on {d} went on until {t}, which was far too long.",
        "Session {n} of 10 was cancelled at short notice, again.",
        "I felt my boundaries were not respected during the check-in.",
        "The facilitator kept interrupting people who were sharing.",
        "We moved the check-in to Zoom, e.g. via the link in the newsletter, at {t}.",
        "It took 10-15 minutes to start, then ran from 9.30 to 11.00 with a 5 min break.",
        "About 3 in 10 of us felt unsafe; the 2nd and 3rd sessions were the worst.",
        "Page 4 of the agreement (version 2.1) says we can end it at any time.",
        "In 2023 there were 12 of us, now there are 40, and the room holds 25.",
    ],
    "es": [
        "El {d} a las {t} la sesión empezó tarde y nadie explicó por qué.",
        "Nos reunimos en la sala {r}, en la planta {n}; hacía frío y éramos {n}.",
        "Pagué {a} por el taller y nunca recibí un recibo.",
        "La reunión del {d} se alargó hasta las {t}.",
        "No me sentí escuchada cuando pedí hacer una pausa.",
        "Pasamos la reunión a Zoom, p. ej. con el enlace del boletín, a las {t}.",
        "En 2023 éramos 12 y ahora somos 40, en una sala para 25 personas.",
    ],
    "de": [
        "Am {d} um {t} fing die Sitzung zu spät an, ohne Erklärung.",
        "Wir waren in Raum {r} im {n}. Stock, viel zu eng für {n} Personen.",
        "Ich habe {a} für den Workshop bezahlt und keine Quittung bekommen.",
        "Das Treffen am {d} ging bis {t}, das war zu lang.",
        "Meine Grenzen wurden in der Runde nicht respektiert.",
        "Im Jahr 2023 waren wir 12, jetzt sind wir 40, z.B. am Montag ab {t}.",
        "Das dauerte 10-15 Minuten, dann ging es von 9.30 bis 11.00 Uhr.",
    ],
    "fr": [
        "Le {d} à {t}, la séance a commencé en retard sans explication.",
        "Nous étions dans la salle {r} au {n}e étage, trop petite pour {n} personnes.",
        "J'ai payé {a} pour l'atelier et je n'ai jamais eu de reçu.",
        "La réunion du {d} a duré jusqu'à {t}.",
        "Je ne me suis pas sentie écoutée quand j'ai demandé une pause.",
        "En 2023 nous étions 12, maintenant 40, dans une salle prévue pour 25.",
    ],
    "nl": [
        "Op {d} om {t} begon de sessie te laat zonder uitleg.",
        "We zaten in zaal {r} op de {n}e verdieping, veel te klein voor {n} mensen.",
        "Ik heb {a} betaald voor de workshop en nooit een bonnetje gekregen.",
        "De bijeenkomst van {d} duurde tot {t}.",
        "In 2023 waren we met 12, nu met 40, in een zaal voor 25 mensen.",
    ],
    "it": [
        "Il {d} alle {t} l'incontro è iniziato in ritardo senza spiegazioni.",
        "Eravamo nella sala {r} al {n}° piano, troppo piccola per {n} persone.",
        "Ho pagato {a} per il laboratorio e non ho mai ricevuto una ricevuta.",
        "La riunione del {d} è durata fino alle {t}.",
        "Ci siamo collegati via Zoom alle {t}, eravamo 12 su 40 iscritti.",
    ],
}
# Written by hand, not generated: everyday sentences of the kinds that
# tripped earlier versions ("route 42", "via Zoom", years side by side).
EVERYDAY = (
    "We met every Tuesday at 7pm in the community hall on the 3rd floor.",
    "I paid the 25 pound fee twice, once in cash and once by card.",
    "In 2022 there were 8 of us; by 2024 only 3 came regularly.",
    "I asked for a break at 8.15 and was told to wait until 9.",
    "The new rules (section 4.2) were never explained.",
    "My bus (route 42) was late so I missed the first 20 minutes.",
    "We read chapter 3, pages 45-60, and discussed it for 1.5 hours.",
    "Rent for the hall went from 1,200 to 1,450 a month.",
    "Session 12/20 was cancelled at 4:45 pm the same day.",
    "La cuota subió de 20 a 35 euros sin avisar.",
    "Der Raum im 2. Stock war viel zu klein für 14 Leute.",
    "Le 4 juin à 18h30, la séance a commencé avec une heure de retard.",
    "Op 3 april om 19.30 uur begon de sessie veel te laat.",
    "Eravamo in 15 in una stanza per 10 persone, al secondo piano.",
)
DATE_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d-%m-%Y")
TIME_FORMATS = ("%H:%M", "%I:%M %p", "%H.%M", "%Hh%M")
MASTODON = ("mastodon.social", "mstdn.jp", "social.coop", "chaos.social", "fosstodon.org")


def language(locale: str) -> str:
    return locale.split("_")[0]


def planters(fake: Faker, rng: random.Random) -> dict[str, Callable[[], str]]:
    """One way to make each kind of identifier, as it turns up in writing."""

    def link() -> str:
        user = fake.user_name()
        return rng.choice(
            [
                fake.url(),
                fake.domain_name(),
                f"{fake.domain_name()}/{fake.uri_path()}",
                f"www.{fake.domain_name()}",
                f"linktr.ee/{user}",
                f"instagram.com/{user}",
                f"{user.replace('_', '-')}.{rng.choice(['art', 'blog', 'ninja', 'page', 'ch'])}",
            ]
        )

    def handle() -> str:
        user = fake.user_name()
        return rng.choice([f"@{user}", f"@{user}@{rng.choice(MASTODON)}", f"u/{user}"])

    return {
        "email": lambda: rng.choice([fake.email(), fake.free_email(), fake.company_email()]),
        "phone": fake.phone_number,
        "link": link,
        "handle": handle,
        "address": lambda: fake.street_address().replace("\n", ", ").strip(),
        "ip": lambda: rng.choice([fake.ipv4(), fake.ipv6()]),
        "card": fake.credit_card_number,
        "account": fake.iban,
    }


def typed_name(name: str, rng: random.Random) -> str:
    """A party's name as someone might type it: part of it, in caps, without accents."""
    parts = name.split()
    typed = rng.choice([name, parts[0], parts[-1]])
    way = rng.choice(["as is", "upper", "lower", "plain"])
    if way == "upper":
        return typed.upper()
    if way == "lower":
        return typed.lower()
    if way == "plain":
        folded, _ = fold(typed)
        return " ".join(word.capitalize() for word in folded.split())
    return typed


def agreement_sentences() -> list[str]:
    """Every sentence of the built-in agreement templates: words that must survive."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and " " in node and "{" not in node:
            found.append(node)

    for path in sorted((ROOT / "agreement_templates").glob("*.toml")):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def clean_sentence(fake: Faker, rng: random.Random, lang: str) -> str:
    moment = fake.date_time_between("-2y", "now")
    amount = rng.choice(
        [
            f"{rng.randint(5, 900)} €",
            f"€{rng.randint(5, 900)},{rng.randint(0, 99):02d}",
            f"${rng.randint(5, 2000):,}.{rng.randint(0, 99):02d}",
            f"£{rng.randint(5, 300)}",
            f"{rng.randint(1000, 250000):,} pesos".replace(",", "."),
            f"{rng.randint(1, 3)}.{rng.randint(0, 999):03d},{rng.randint(0, 99):02d} EUR",
        ]
    )
    return rng.choice(CLEAN[lang]).format(
        d=moment.strftime(rng.choice(DATE_FORMATS)),
        t=moment.strftime(rng.choice(TIME_FORMATS)),
        a=amount,
        r=rng.choice([str(rng.randint(1, 450)), f"{rng.randint(1, 4)}.{rng.randint(1, 30):02d}"]),
        n=rng.randint(2, 12),
    )


def covered(text: str, start: int, end: int, findings: list) -> bool:
    return all(
        not text[i].isalnum() or any(f.start <= i < f.end for f in findings)
        for i in range(start, end)
    )


def corpus(seed: int, per_locale: int) -> Iterator[tuple[str, str, str, str, list[str], str]]:
    """(locale, kind, sentence, planted, party names, clean sentence) for each case."""
    rng = random.Random(seed)
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(rng.randrange(2**32))
        lang = language(locale)
        make = planters(fake, rng)
        for _ in range(per_locale):
            parties = [fake.name(), fake.name()]
            kind = rng.choice([*make, "name"])
            planted = typed_name(rng.choice(parties), rng) if kind == "name" else make[kind]()
            sentence = rng.choice(PLANTED[lang]).format(x=planted)
            yield locale, kind, sentence, planted, parties, clean_sentence(fake, rng, lang)


def names_table(seed: int, per_locale: int, misses: dict[str, list[str]]) -> bool:
    """Print the names corpus's table (names left in clear, of those planted,
    by locale and way); True when a target is missed."""
    left: dict[tuple[str, str], int] = Counter()
    planted: dict[tuple[str, str], int] = Counter()
    for locale, way, sentence, typed, parties in names_corpus.cases(seed, per_locale):
        start = sentence.index(typed)
        planted[locale, way] += 1
        if not covered(sentence, start, start + len(typed), find(sentence, names=parties)):
            left[locale, way] += 1
            misses[f"name {way}"].append(f"{locale}: {sentence} (parties: {', '.join(parties)})")
    ways = names_corpus.WAYS
    print(f"\nnames left in clear, of those planted ({per_locale} parties a locale):\n")
    print("| locale | " + " | ".join(ways) + " |")
    print("| --- |" + " --- |" * len(ways))
    for locale in names_corpus.LOCALES:
        cells = [
            f"{left[locale, way]} of {planted[locale, way]}" if planted[locale, way] else "-"
            for way in ways
        ]
        print(f"| {locale} | " + " | ".join(cells) + " |")
    failed = False
    totals = []
    for way in ways:
        count = sum(planted[locale, way] for locale in names_corpus.LOCALES)
        out = sum(left[locale, way] for locale in names_corpus.LOCALES)
        limit = MAX_ROMANIZED_LEFT if way.startswith("romanized") else 0.0
        failed |= out > limit * count
        totals.append(f"{out} of {count} ({out / max(count, 1):.1%})")
    print("| all | " + " | ".join(totals) + " |")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--per-locale", type=int, default=150)
    parser.add_argument("--names-per-locale", type=int, default=100)
    parser.add_argument("--show-misses", type=int, default=10)
    args = parser.parse_args()
    seed = secrets.randbelow(2**31) if args.seed is None else args.seed
    print(f"seed {seed} ({len(LOCALES)} locales, {args.per_locale} sentences each)", flush=True)

    total: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    by_locale: dict[str, Counter[str]] = defaultdict(Counter)
    misses: dict[str, list[str]] = defaultdict(list)
    false_positives: list[str] = []
    clean_count = 0
    clean_texts = [*agreement_sentences(), *EVERYDAY]
    for locale, kind, sentence, planted, parties, clean in corpus(seed, args.per_locale):
        start = sentence.index(planted)
        ok = covered(sentence, start, start + len(planted), find(sentence, names=parties))
        total[kind] += 1
        caught[kind] += ok
        if kind == "address":
            by_locale[locale]["total"] += 1
            by_locale[locale]["caught"] += ok
        if not ok:
            misses[kind].append(f"{locale}: {sentence}")
        clean_texts.append(clean)
    # Each clean sentence beside a record's two parties from the names corpus
    # (a key folded too short or too common would show here) and two others.
    everyone = names_corpus.some_parties(seed, 20)
    pick = random.Random(seed)
    for text in clean_texts:
        clean_count += 1
        if find(text, names=["Jürgen Weiß", "Siobhán O'Connor", *pick.sample(everyone, 2)]):
            false_positives.append(text)

    failed = False
    print("\n| kind | planted | caught | recall | target |")
    print("| --- | --- | --- | --- | --- |")
    for kind in sorted(total):
        recall = caught[kind] / total[kind]
        target = TARGETS.get(kind)
        mark = "" if target is None else f"{target:.0%}"
        failed |= target is not None and recall < target
        print(f"| {kind} | {total[kind]} | {caught[kind]} | {recall:.1%} | {mark} |")
    rate = len(false_positives) / clean_count
    failed |= rate > MAX_FALSE_POSITIVES
    print(
        f"\nfalse positives: {len(false_positives)} of {clean_count} clean sentences "
        f"({rate:.1%}; target <= {MAX_FALSE_POSITIVES:.0%})"
    )
    print("\naddresses by locale: " + ", ".join(
        f"{loc} {c['caught']}/{c['total']}" for loc, c in sorted(by_locale.items())
    ))  # fmt: skip
    failed |= names_table(seed, args.names_per_locale, misses)
    for kind, lines in sorted(misses.items()):
        for line in lines[: args.show_misses]:
            print(f"  missed {kind}: {line}")
    for line in false_positives[: args.show_misses]:
        print(f"  false positive: {line}")
    print("\nall targets met" if not failed else "\nTARGETS MISSED")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
