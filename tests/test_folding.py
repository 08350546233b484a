"""Redaction's lookup of names (peerpact.record.folding): bounded whatever a record
or the index claims, and never losing a name for being long."""

from __future__ import annotations

from peerpact.record.folding import LONG_KEY, MAX_RUN, Terms, find_spans


class Claims:
    """A lookup that claims a hostile ``longest`` (as a tampered index can)
    and records how many keys a search asked it for."""

    def __init__(self, terms: Terms, longest: int) -> None:
        self.terms, self.longest, self.asked = terms, longest, 0

    def found(self, keys):
        self.asked = len(keys)
        return self.terms.found(keys)


def test_runs_are_capped_whatever_longest_the_lookup_claims():
    text = " ".join(["word"] * 60) + " Robin"
    lookup = Claims(Terms(["Robin"]), longest=10**8)
    spans = find_spans(text, lookup)
    assert [text[start:end] for start, end in spans] == ["Robin"]
    # One key a distinct run of at most MAX_RUN tokens, and the long terms'.
    assert lookup.asked <= 2 * MAX_RUN + 1


def test_a_name_of_more_tokens_than_a_run_is_found_by_its_own_pattern():
    name = ".".join(["Ab"] * 40)
    terms = Terms([name])
    assert LONG_KEY in terms.found({LONG_KEY})
    text = f"Before {name.upper()}, after; and ab.ab alone."
    spans = find_spans(text, terms)
    assert [text[start:end] for start, end in spans] == [name.upper()]
