"""Redaction: planted e-mails, phone numbers and names never survive it."""

from __future__ import annotations

import phonenumbers
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from peerpact.feedback.redact import DEFAULT_REGIONS, apply, find, regions_from_env

# Filler and names use different letters, so a name cannot reappear by
# chance inside filler text or a placeholder; filler has no digits, so after
# redaction no digit of any planted phone number may be left at all.
FILLER = st.text(alphabet="abcdefghijklm ,.!?\n", max_size=40)
NAME_WORD = st.text(alphabet="nopqrstuvwxyzNOPQRSTUVWXYZøñ", min_size=3, max_size=10)
NAME = st.lists(NAME_WORD, min_size=1, max_size=2).map(" ".join)
FORMATS = (
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
)


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(DEFAULT_REGIONS))
    types = phonenumbers.PhoneNumberType
    kind = draw(st.sampled_from([types.MOBILE, types.FIXED_LINE]))
    example = phonenumbers.example_number_for_type(region, kind)
    digits = str(example.national_number)
    tail = draw(st.integers(0, 999))
    number = phonenumbers.parse(f"+{example.country_code}{digits[:-3]}{tail:03d}")
    assume(phonenumbers.is_valid_number(number))
    return phonenumbers.format_number(number, draw(st.sampled_from(FORMATS)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(NAME, min_size=1, max_size=3),
    emails=st.lists(st.emails(), max_size=3),
    phones=st.lists(phone_numbers(), max_size=3),
    fillers=st.lists(FILLER, min_size=1, max_size=8),
    data=st.data(),
)
def test_planted_identifiers_never_survive(names, emails, phones, fillers, data):
    planted = [*names, *emails, *phones]
    pieces = data.draw(st.permutations([*planted, *fillers]))
    text = " ".join(pieces)
    result = apply(text, find(text, names=names))
    for email in emails:
        assert email not in result
    for name in names:
        for word in name.split():
            assert word.casefold() not in result.casefold()
    assert not any(char.isdigit() for char in result), result


def test_every_kind_gets_its_placeholder():
    text = (
        "Robin Ash wrote from robin.ash@example.org and +44 7400 123456, "
        "see https://example.org/x?y=1. or www.example.net, @robin_a and @ash@mastodon.social"
    )
    result = apply(text, find(text, names=["Robin Ash"], terms=["the café"]))
    assert result == (
        "[name] wrote from [email] and [phone], see [link]. or [link], [handle] and [handle]"
    )


def test_dates_times_and_small_numbers_are_left_alone():
    text = "On 12.03.2024 at 19:30, in room 12 (2nd floor), session 3 of 10, ref 12345678."
    assert find(text) == []


def test_names_match_whole_words_in_any_case_and_extra_terms_too():
    text = "ROBIN came to the Riverside café; robins sang while washing up with Ash."
    findings = find(text, names=["Robin Ash"], terms=["Riverside café"])
    assert [(f.kind, f.text) for f in findings] == [
        ("name", "ROBIN"),
        ("redacted", "Riverside café"),
        ("name", "Ash"),
    ]


def test_a_kept_finding_stays_as_written():
    text = "Ask Robin at robin@example.org"
    findings = find(text, names=["Robin"])
    assert apply(text, findings, keep={0}) == "Ask Robin at [email]"


def test_locale_region_is_tried_first():
    assert regions_from_env({"LANG": "de_DE.UTF-8"})[0] == "DE"
    assert regions_from_env({"LANG": "C.UTF-8"}) == DEFAULT_REGIONS
    # A German mobile in national format is found with a German locale.
    text = "ruf 01512 3456789 an"
    assert apply(text, find(text, regions=regions_from_env({"LC_ALL": "de_DE"}))) == (
        "ruf [phone] an"
    )
