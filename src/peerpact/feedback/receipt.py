"""A reporter's receipt: six diceware words that are the only key to the answers.

The receipt is a real secret, because a published replies bundle allows
unlimited offline guessing: six words from the EFF long list (shipped with
peerpact, ``wordlists/``, CC BY 3.0 US; 7,772 words once its four hyphenated
ones are left out, since a hyphen separates words as typed) are 77.5 bits.
The list is the same in every language: its words are plain ASCII, typeable
on any keyboard, and no list for another language was found of that size
under a licence peerpact can ship.

What is typed is normalised (case, accents, any run of spaces, hyphens, dots
or underscores between words) so a person can type it on any keyboard. A
memory-hard derivation (scrypt, salted with the organisation's id) turns it
into an X25519 age identity, whose recipient travels inside the sealed
grievance, and a follow-up tag that lets leadership file a later message
under the same case. The receipt itself goes nowhere: not to leadership, not
to disk, not into a header.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from peerpact.errors import UserInputError
from peerpact.i18n import _

WORDS = 6
#: The EFF long list, as EFF publishes it (wordlists/NOTICE.md).
WORDLIST = "eff_large_wordlist.txt"
#: scrypt's cost: 2**16 x 8 x 128 bytes = 64 MiB of memory per guess, about
#: 0.2 s of one core (measured by bench/receipt.py; docs/anonymity.md).
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
_SALT_PREFIX = b"peerpact receipt v1\x00"
_SEPARATORS = re.compile(r"[\s\-_.,;:/]+")
_WORD = re.compile(r"[a-z]+")
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


@dataclass(frozen=True)
class Derived:
    """What a receipt opens: the age identity and recipient, and the follow-up tag."""

    identity: str
    recipient: str
    tag: str


@cache
def wordlist() -> tuple[str, ...]:
    """The EFF long list's words of ASCII letters only (every line is a dice
    number, a tab and a word)."""
    from importlib import resources

    text = resources.files(__package__).joinpath("wordlists", WORDLIST).read_text("ascii")
    words = (line.split()[-1] for line in text.splitlines() if line.strip())
    return tuple(word for word in words if _WORD.fullmatch(word))


@cache
def known_words() -> frozenset[str]:
    """Every word a receipt may hold."""
    return frozenset(wordlist())


def new_receipt() -> str:
    """Six random words from the list, separated by spaces."""
    import secrets

    words = wordlist()
    return " ".join(secrets.choice(words) for _ in range(WORDS))


def tokens(typed: str) -> list[str]:
    """The words as typed: lower case, accents dropped, split at any separator."""
    decomposed = unicodedata.normalize("NFKD", typed.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return [word for word in _SEPARATORS.split(plain) if word]


def suggestions(typed: str) -> dict[str, list[str]]:
    """For each typed word not on the list, the nearest valid words.

    Depends on the lists alone, never on a receipt: it says nothing about
    whether the receipt matches anything.
    """
    from difflib import get_close_matches

    known = known_words()
    return {
        word: get_close_matches(word, wordlist(), n=3, cutoff=0.6)
        for word in tokens(typed)
        if word not in known
    }


def normalise(typed: str) -> str:
    """The receipt in its one canonical form; UserInputError (with the nearest
    valid words) when it is not six known words."""
    words = tokens(typed)
    wrong = suggestions(typed)
    if wrong:
        near = "; ".join(
            _("{word!r}: perhaps {near}").format(word=word, near=", ".join(close))
            if close
            else _("{word!r}: no word like it").format(word=word)
            for word, close in wrong.items()
        )
        raise UserInputError(
            _("Not every word is a receipt word ({near}).").format(near=near),
            _("Check the words against your receipt and type it again."),
        )
    if len(words) != WORDS:
        raise UserInputError(
            _("A receipt has {expected} words; {count} were typed.").format(
                expected=WORDS, count=len(words)
            ),
            _("Type all six words of your receipt."),
        )
    return " ".join(words)


def derive(receipt: str, organisation_id: str) -> Derived:
    """The age identity and follow-up tag ``receipt`` opens in this organisation.

    scrypt is memory-hard, so each guess at a receipt costs 64 MiB and a
    noticeable fraction of a second; the organisation's id as salt means a
    guess is good for one organisation only.
    """
    import pyrage

    secret = hashlib.scrypt(
        normalise(receipt).encode("ascii"),
        salt=_SALT_PREFIX + organisation_id.encode("utf-8"),
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=256 * 1024 * 1024,
        dklen=64,
    )
    identity = _age_secret_key(secret[:32])
    public = str(pyrage.x25519.Identity.from_str(identity).to_public())
    tag = hmac.new(secret[32:], b"peerpact follow-up tag", "sha256").hexdigest()[:32]
    return Derived(identity, public, tag)


def _age_secret_key(key: bytes) -> str:
    """``key`` as age writes an X25519 identity: Bech32, "AGE-SECRET-KEY-1"."""
    data = _convert_bits(key)
    hrp = "age-secret-key-"
    checksum = _bech32_checksum(hrp, data)
    return (hrp + "1" + "".join(_BECH32[d] for d in data + checksum)).upper()


def _convert_bits(data: bytes) -> list[int]:
    acc, bits, out = 0, 0, []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((acc >> bits) & 31)
    if bits:
        out.append((acc << (5 - bits)) & 31)
    return out


def _bech32_checksum(hrp: str, data: list[int]) -> list[int]:
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data
    polymod = _polymod([*values, 0, 0, 0, 0, 0, 0]) ^ 1
    return [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]


def _polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check
