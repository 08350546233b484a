"""Finding names and terms as people actually type them.

How text and terms are folded and looked up is in ``peerpact.folding`` (the
index of records keeps each record's names folded the same way); this finds
them in a grievance's text, each finding mapped back to what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from peerpact.folding import Lookup, Terms, find_spans, fold, name_terms

__all__ = ["find_terms", "fold", "name_terms"]


def find_terms(text: str, terms: Iterable[str] | Lookup, kind: str) -> list[tuple[int, int, str]]:
    """Where each term occurs in ``text``, as typed, in any case and accent."""
    lookup = terms if isinstance(terms, Lookup) else Terms(terms)
    return [(start, end, kind) for start, end in find_spans(text, lookup)]
