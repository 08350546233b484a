"""The receipt: six published diceware words (at least 77 bits), typed back
on any keyboard, and turned into an age identity and a follow-up tag by a
memory-hard derivation salted with the organisation's id."""

from __future__ import annotations

import hashlib
import math
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pyrage
import pytest

from peerpact.errors import UserInputError
from peerpact.feedback import receipt

#: The SHA-256 of the EFF long list as EFF publishes it
#: (https://www.eff.org/files/2016/07/18/eff_large_wordlist.txt).
EFF_LARGE_SHA256 = "addd35536511597a02fa0a9ff1e5284677b8883b83e986e43f15a3db996b903e"
WORDLISTS = resources.files("peerpact.feedback").joinpath("wordlists")


def test_the_list_is_the_eff_long_list_shipped_verbatim_with_its_attribution() -> None:
    shipped = WORDLISTS.joinpath(receipt.WORDLIST).read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == EFF_LARGE_SHA256
    lines = shipped.decode("ascii").splitlines()
    assert len(lines) == 7776 == 6**5
    notice = WORDLISTS.joinpath("NOTICE.md").read_text("utf-8")
    assert "Electronic Frontier Foundation" in notice and "CC BY 3.0 US" in notice
    assert EFF_LARGE_SHA256 in notice


def test_every_word_is_ascii_typeable_and_six_are_at_least_77_bits() -> None:
    words = receipt.wordlist()
    # The EFF long list less its four hyphenated words (a hyphen separates words).
    assert len(words) == len(set(words)) == 7772 and "abacus" in words
    assert not {"drop-down", "felt-tip", "t-shirt", "yo-yo"} & set(words)
    assert all(word.isascii() and word.isalpha() and word.islower() for word in words)
    # Each word, typed as it is shown, is read back as itself.
    assert receipt.tokens(" ".join(words)) == list(words)
    assert receipt.WORDS * math.log2(len(words)) >= 77


def test_no_gpl_word_list_package_is_needed() -> None:
    import tomllib

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert not any(dep.startswith("diceware") for dep in project["project"]["dependencies"])


def test_a_new_receipt_is_six_random_words_of_the_list() -> None:
    made = {receipt.new_receipt() for _ in range(20)}
    assert len(made) == 20
    for one in made:
        words = one.split(" ")
        assert len(words) == 6 and set(words) <= set(receipt.wordlist())


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
    assert receipt.suggestions("abacuz zebra") == {"abacuz": ["abacus", "backup", "ablaze"]}


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
