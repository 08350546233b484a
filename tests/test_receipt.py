"""The receipt: six published diceware words (at least 77 bits), typed back
on any keyboard, and turned into an age identity and a follow-up tag by a
memory-hard derivation salted with the organisation's id."""

from __future__ import annotations

import math
import shutil
import subprocess

import pyrage
import pytest

from peerpact.errors import UserInputError
from peerpact.feedback import receipt


def test_the_lists_are_published_diceware_lists_of_at_least_77_bits() -> None:
    english, spanish = receipt.wordlist("en"), receipt.wordlist("es")
    # The EFF long list less its four hyphenated words (a hyphen separates words).
    assert len(english) == 7772 and "abacus" in english and "t-shirt" not in english
    assert len(spanish) >= 7776 and all(word.isascii() and word.isalpha() for word in spanish)
    assert receipt.WORDS * math.log2(len(english)) >= 77
    assert receipt.wordlist("fr") == english  # no list of its own: EFF's


def test_a_new_receipt_is_six_random_words_of_the_language() -> None:
    made = {receipt.new_receipt("es") for _ in range(20)}
    assert len(made) == 20
    for one in made:
        words = one.split(" ")
        assert len(words) == 6 and set(words) <= set(receipt.wordlist("es"))


@pytest.mark.parametrize(
    "typed",
    [
        "abacus zebra yoga cheese driver alarm",
        "ABACUS-Zebra-YOGA cheese   driver\talarm",
        " abacus_zebra.yoga cheese, driver alarm ",
        "ábacus zébra yóga cheese drïver alarm",
    ],
)
def test_what_is_typed_is_normalised(typed: str) -> None:
    assert receipt.normalise(typed) == "abacus zebra yoga cheese driver alarm"


def test_a_typo_is_answered_with_the_nearest_words() -> None:
    with pytest.raises(UserInputError) as caught:
        receipt.normalise("abacuz zebra yoga cheese driver alarm")
    assert "abacuz" in caught.value.message and "abacus" in caught.value.message
    # The suggestion depends on the lists only: the same whatever the receipt.
    assert receipt.suggestions("abacuz zebra") == {"abacuz": ["abacus", "backup", "abrazo"]}


def test_a_short_receipt_is_refused() -> None:
    with pytest.raises(UserInputError, match="6 words; 5"):
        receipt.normalise("abacus zebra yoga cheese driver")


def test_the_derivation_is_stable_per_organisation_and_opens_age() -> None:
    typed = "abacus zebra yoga cheese driver alarm"
    one = receipt.derive(typed, "org-1")
    assert receipt.derive(typed.upper().replace(" ", "-"), "org-1") == one
    other = receipt.derive(typed, "org-2")
    assert other.recipient != one.recipient and other.tag != one.tag
    assert receipt.derive("abacus zebra yoga cheese driver zebra", "org-1") != one
    sealed = pyrage.encrypt(b"answer", [pyrage.x25519.Recipient.from_str(one.recipient)])
    assert pyrage.decrypt(sealed, [pyrage.x25519.Identity.from_str(one.identity)]) == b"answer"
    assert len(one.tag) == 32 and one.tag not in (one.identity, one.recipient)


@pytest.mark.skipif(shutil.which("age") is None, reason="age is not installed")
def test_stock_age_opens_with_the_derived_identity(tmp_path) -> None:  # type: ignore[no-untyped-def]
    derived = receipt.derive("abacus zebra yoga cheese driver alarm", "org-1")
    key = tmp_path / "key.txt"
    key.write_text(derived.identity + "\n")
    sealed = pyrage.encrypt(b"answer", [pyrage.x25519.Recipient.from_str(derived.recipient)])
    opened = subprocess.run(
        ["age", "-d", "-i", str(key)], input=sealed, capture_output=True, check=True
    )
    assert opened.stdout == b"answer"
