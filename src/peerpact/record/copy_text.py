"""The text a person sees on a party's copy, and its data block and QR codes,
read with the standard library's HTML parser (linear time, whatever the page).
record/copy.py compares what it reads with the genuine copy's."""

from __future__ import annotations

import html.parser
import unicodedata

_SKIP = {"head", "script", "style", "template"}
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "header", "main", "footer", "br", "tr", "table", "body",
}  # fmt: skip


class Reader(html.parser.HTMLParser):
    """The text a person sees, and the copy's data block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.in_data = False
        self.data: list[str] = []
        self.data_blocks = 0
        self.most_attributes = 0
        #: What each QR code draws (its path), in document order.
        self.codes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.most_attributes = max(self.most_attributes, len(attrs))
        if tag == "path":
            self.codes.append(next((v or "" for k, v in attrs if k == "d"), ""))
        if tag in _SKIP:
            self.skipping.append(tag)
            if tag == "script" and ("id", "peerpact-copy") in attrs:
                self.in_data = True
                self.data_blocks += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
            self.in_data = False
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_data:
            self.data.append(data)
        elif not self.skipping:
            self.parts.append(data)


def read(page: str) -> Reader:
    reader = Reader()
    reader.feed(page)
    reader.close()
    return reader


def normal(text: str) -> str:
    lines = (" ".join(line.split()) for line in unicodedata.normalize("NFC", text).splitlines())
    return "\n".join(line for line in lines if line)


def visible_text(page: str) -> str:
    """What a person sees on a page: its text outside head, scripts and styles,
    one line per block, spaces collapsed (as a browser shows it)."""
    return normal("".join(read(page).parts))
