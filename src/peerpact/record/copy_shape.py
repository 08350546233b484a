"""A party's copy as a browser builds it: its shape, compared with the genuine one.

A copy is judged by what a reader would see and print, and CSS, scripts and
the HTML parser's repairs (a stray ``<head>`` in the body, say) can show
text that no text extraction finds, or hide text it does. Emulating all of
that is a losing game, so the rule is an allow-list by construction: the file
is parsed as browsers parse it (html5lib implements the WHATWG algorithm) and
its tree must be the tree of the copy peerpact writes for the same record,
revision and contact, element for element, attribute for attribute and text
for text. A style attribute, a rule in a ``<style>``, a script, a ``<link>``
or any element out of place is a difference, whatever it would do on screen.

Only two things may differ: the copy's data block (its fields were read and
checked one by one before this) and runs of white space between words, which
no reader sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The element holding the copy's data (JSON in a script that browsers never run).
_DATA_ID = "peerpact-copy"

Node = tuple[str, tuple[tuple[str, str], ...], str]


def _parse(page: str) -> Any:
    import html5lib  # type: ignore[import-untyped]  # (it ships no type hints)

    return html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)


def _space(text: str | None) -> str:
    return " ".join((text or "").split())


def shape(page: str) -> list[Node]:
    """Every element in document order: its tag, its attributes and the text
    right inside it and right after it (white space collapsed)."""
    nodes: list[Node] = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else "#comment"
        attrs = tuple(sorted((str(k), str(v)) for k, v in element.attrib.items()))
        inner = "" if ("id", _DATA_ID) in attrs else _space(element.text)
        nodes.append((tag, attrs, inner))
        for child in element:
            walk(child)
        nodes.append(("/" + tag, (), _space(element.tail)))

    walk(_parse(page))
    return nodes


def html_copy(raw: bytes, path: Path) -> bytes:
    """``raw``, unless it is a PDF: a PDF copy's text is not checked (it is
    printed from the HTML copy, which is), and saying so beats "not UTF-8"."""
    from peerpact.errors import UserInputError
    from peerpact.i18n import _

    if raw.startswith(b"%PDF-"):
        raise UserInputError(
            _(
                "%(file)s is a PDF: `verify --copy` checks the HTML copy, and a PDF's "
                "text is not checked."
            )
            % {"file": path},
            _(
                "Check the HTML copy it was printed from (`export --copy --pdf` writes "
                "both), or the head printed on it: `peerpact verify ID --head HEAD`."
            ),
        )
    return raw


#: A record of 1,000 KiB (540 additions of 1,800 characters) made a copy of
#: 1,955 KiB, so the largest genuine copy is about 17 MiB (MAX_COPY_BYTES).
#: html5lib parses a genuine copy at about 9 MB/s here, markup with no text at
#: about 700 KiB/s, and one element's attributes in quadratic time (4,000
#: attributes, 31 KB: 0.4 s; 20,000 would take minutes). So before html5lib
#: sees a copy, one longer than the genuine copy by more than a tenth (and
#: 4 KiB), or with an element of more than ``_MOST_ATTRIBUTES``, is refused:
#: a hostile copy's parse stays near the genuine copy's.
_MOST_ATTRIBUTES = 16


def markup_difference(page: str, genuine: str, most_attributes: int) -> str:
    """Where ``page`` departs from the genuine copy's markup, or "". A page
    may differ from it a little (line endings), never carry pages of markup
    more; ``most_attributes`` is the most any of its elements has (counted by
    the reader that found its text, which takes linear time)."""
    from peerpact.i18n import _

    if len(page) > len(genuine) + len(genuine) // 10 + 4096:
        return _("a page %(more)s characters longer than the genuine copy") % {
            "more": len(page) - len(genuine)
        }
    if most_attributes > _MOST_ATTRIBUTES:
        return _("an element with %(n)s attributes") % {"n": most_attributes}
    return shape_difference(page, genuine)


def shape_difference(seen: str, genuine: str) -> str:
    """Where ``seen`` departs from the genuine copy's shape, in a few words;
    empty when they are the same."""
    got, wanted = shape(seen), shape(genuine)
    for mine, theirs in zip(got, wanted, strict=False):
        if mine != theirs:
            return _describe(mine)
    if len(got) != len(wanted):
        longer = got if len(got) > len(wanted) else wanted
        return _describe(longer[min(len(got), len(wanted))])
    return ""


def _describe(node: Node) -> str:
    tag, attrs, text = node
    shown = " ".join(f'{name}="{value[:40]}"' for name, value in attrs)
    where = f"<{tag}{' ' + shown if shown else ''}>"
    return f"{where} {text[:60]}".rstrip()


def first_difference(seen: str, wanted: str) -> str:
    """The first line of the copy that the record does not say, shortened."""
    for got, expected in zip(seen.splitlines(), wanted.splitlines(), strict=False):
        if got != expected:
            return got[:120]
    return seen.splitlines()[-1][:120] if seen else ""
