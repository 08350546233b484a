"""A line of text as a QR code, drawn as inline SVG.

A party's copy carries one beside its ``peerpact verify ID --head HEAD``
line, holding exactly that line, so a phone reads what a person would
otherwise type (issue 25).

The code must come out the same every time: ``verify --copy`` makes the copy
again and compares it with the one it is given, its QR code included. So
nothing is left to a choice the library could make differently one day: the
error level (M, 15% of the code may be lost), the mode (bytes, UTF-8), the
mask (pattern 4) and no raising of the error level are fixed, and the
version is the smallest that holds the text, which the standard decides.
The SVG is drawn here from the code's modules, not by segno's writer, so a
new segno that writes its SVG differently changes no copy.
"""

from __future__ import annotations

from markupsafe import Markup

#: Fixed so that the same text always gives the same code (see above).
ERROR = "m"
MASK = 4
#: The light margin around the code that a reader needs, in modules (the
#: standard's minimum).
QUIET = 4


def modules(text: str) -> list[list[bool]]:
    """The code's dark (True) and light modules, row by row, without the margin."""
    import segno

    code = segno.make_qr(
        text, error=ERROR, mode="byte", mask=MASK, encoding="utf-8", boost_error=False
    )
    return [[bool(cell) for cell in row] for row in code.matrix_iter(border=0)]


def qr_svg(text: str) -> Markup:
    """``text`` as a QR code: an ``<svg>`` element to put in a page, sized by
    the page's CSS (its class is ``qr``). The page names it for a screen
    reader, in the page's language."""
    rows = modules(text)
    runs: list[str] = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start + QUIET} {y + QUIET}h{x - start}v1h-{x - start}z")
    side = len(rows) + 2 * QUIET
    return Markup(  # noqa: S704 - numbers only
        f'<svg class="qr" viewBox="0 0 {side} {side}" aria-hidden="true">'
        f'<path d="{"".join(runs)}" fill="#000" shape-rendering="crispEdges"/></svg>'
    )
