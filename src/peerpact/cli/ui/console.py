"""Where output goes: results to stdout, errors and progress to stderr.

``--plain`` (or ``PEERPACT_PLAIN=1``) gives screen-reader-friendly output: no
colour, no styles, no boxes or rules, Markdown shown as its text. ``NO_COLOR``
alone removes colour, as Rich honours it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from peerpact.i18n import _
from peerpact.text import for_terminal

if TYPE_CHECKING:
    from rich.console import Console

PLAIN_ENV = "PEERPACT_PLAIN"
_plain = False


def set_plain(flag: bool) -> None:
    global _plain
    _plain = flag or os.environ.get(PLAIN_ENV, "") not in ("", "0")
    out.cache_clear()
    err.cache_clear()


def plain() -> bool:
    return _plain


#: A code span, which may run onto the next line of a wrapped paragraph.
_TICKED = re.compile(r"(?<!\\)`((?:[^`\n]|\n(?!\n))+)`")


def unticked(text: str) -> str:
    """``text`` without Markdown's backticks, which a screen reader reads
    aloud ("Record backtick k3f9...")."""
    return _TICKED.sub(r"\1", text)


def spoken(text: str) -> str:
    """Text for the screen: in plain mode, ``unticked``."""
    return unticked(text) if _plain else text


@functools.cache
def _plain_console_class() -> type[Console]:
    from rich.console import Console

    class PlainConsole(Console):
        """Every string printed is ``spoken``: the one place plain mode drops backticks."""

        def print(self, *objects: Any, **kwargs: Any) -> None:
            said = (spoken(o) if isinstance(o, str) else o for o in objects)
            super().print(*said, **kwargs)

    return PlainConsole


def _console(stderr: bool) -> Console:
    from rich.console import Console

    if _plain:
        console = _plain_console_class()(
            stderr=stderr, highlight=False, color_system=None, emoji=False
        )
    else:
        console = Console(stderr=stderr, highlight=False)
    if stderr and not console.is_terminal:
        # Off a terminal nothing wraps at Rich's 80 columns: a log or a script
        # reads each message whole, never a command split across two lines.
        console.soft_wrap = True
    return console


@functools.cache
def out() -> Console:
    return _console(stderr=False)


@functools.cache
def err() -> Console:
    return _console(stderr=True)


def safe(text: str) -> str:
    """A person's text made inert for the terminal: no control codes, no markup."""
    from rich.markup import escape

    return escape(for_terminal(text))


def heading(title: str = "") -> None:
    """A section heading: a rule across the screen, or in plain mode a line."""
    if _plain:
        out().print(f"\n{title}" if title else "", markup=True)
        return
    from rich.rule import Rule

    out().print(Rule(title))


def show_markdown(markdown: str) -> None:
    """Markdown rendered for the screen; in plain mode, its text as it is."""
    if _plain:
        # Wrapped at word boundaries to the screen (a terminal would split words);
        # piped, lines stay whole for whatever reads them.
        console = out()
        console.print(
            for_terminal(_as_text(markdown)), markup=False, soft_wrap=not console.is_terminal
        )
        return
    from rich.markdown import Markdown

    out().print(Markdown(for_terminal(markdown)))


def emit(text: str) -> None:
    """A document for stdout: exact when piped to a file, made inert on a terminal."""
    import sys

    sys.stdout.write(for_terminal(text) if sys.stdout.isatty() else text)


def _as_text(markdown: str) -> str:
    """Markdown read aloud well: no heading marks, emphasis marks, code marks or escapes."""

    text = re.sub(r"^#+ ", "", markdown, flags=re.MULTILINE)
    text = re.sub(r"\*\*(.+?)\*\*|(?<![\\\w])\*(\S[^*]*?)\*", r"\1\2", text)
    text = re.sub(r"^---$", "", text, flags=re.MULTILINE)
    text = unticked(text)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>&~])", r"\1", text)


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Columns of plain text, streamed: no boxes, and cheap for 10,000 rows.

    Cells are made inert here; pass them as they are.
    """
    held = [list(row) for row in rows]
    print_columns(headers, lambda: held)


def print_columns(headers: Sequence[str], rows: Callable[[], Iterable[Sequence[str]]]) -> None:
    """``print_table`` for rows too many to hold: ``rows()`` is called twice,
    once for the column widths and once to print, line by line."""
    # Measured in terminal cells, not characters: a CJK name or an emoji is
    # two cells wide, and columns padded by len() would drift on its line.
    from rich.cells import cell_len

    widths = [cell_len(header) for header in headers]
    for row in rows():
        widths = [max(w, cell_len(_cell(cell))) for w, cell in zip(widths, row, strict=True)]
    console = out()
    if console.is_terminal and sum(widths) + 2 * (len(widths) - 1) > console.width:
        _print_stacked(headers, rows)
        return
    write = console.file.write
    write("  ".join(_padded(h, w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    for row in rows():
        cells = (_padded(_cell(cell), w) for cell, w in zip(row, widths, strict=True))
        write("  ".join(cells).rstrip() + "\n")


def _padded(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells."""
    from rich.cells import cell_len

    return text + " " * (width - cell_len(text))


def said_beside(path: object) -> Console:
    """Where to say what was written to ``path``: stderr when the data itself
    went to stdout (`-`), so what is piped stays the data alone."""
    from peerpact.files import STREAM

    return err() if path is STREAM else out()


def _print_stacked(headers: Sequence[str], rows: Callable[[], Iterable[Sequence[str]]]) -> None:
    """Rows too wide for the screen, one block each: the first cell, then a
    line per other column, wrapped at words (the terminal would cut the
    columns anywhere, mid-word)."""
    console = out()
    for number, row in enumerate(rows()):
        first, *rest = (_cell(cell) for cell in row)
        lines = [first] + [
            f"  {header}: {cell}" for header, cell in zip(headers[1:], rest, strict=True) if cell
        ]
        console.print(("\n" if number else "") + "\n".join(lines), markup=False)


def _cell(text: str) -> str:
    return spoken(for_terminal(text))


def print_line(text: str) -> None:
    """One plain line of a report, unwrapped so it greps well; made inert."""
    out().file.write(spoken(for_terminal(text)) + "\n")


def report_error(message: str, hint: str | None = None, choice: bool = False) -> None:
    console = err()
    console.print(
        safe(message)
        if choice
        else _("[bold red]Error:[/] {message}").format(message=safe(message))
    )
    if hint:
        console.print(safe(hint))


def say_stopped() -> None:
    err().print("\n" + _("Stopped. Nothing was written."))


def json_text(data: object, ascii_only: bool = False) -> str:
    """The one way peerpact writes JSON for people and scripts: indented by two,
    and with \\u escapes only when ``ascii_only``."""
    import json

    return json.dumps(data, ensure_ascii=ascii_only, indent=2)


def print_json_array(items: Iterable[object]) -> None:
    """``print_json`` of a list, written item by item, byte for byte the same."""
    import sys

    ascii_only = sys.stdout.isatty()
    first = True
    for item in items:
        text = json_text(item, ascii_only).replace("\n", "\n  ")
        sys.stdout.write(("[\n  " if first else ",\n  ") + text)
        first = False
    sys.stdout.write("[]\n" if first else "\n]\n")


def print_json(data: object) -> None:
    import sys

    # Plain print: JSON must not be wrapped or coloured. On a terminal, \u
    # escapes keep bidi overrides and controls in names from acting on it.
    print(json_text(data, ascii_only=sys.stdout.isatty()))
