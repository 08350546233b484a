"""One line from a person, with real line editing and nothing kept.

On a POSIX terminal this is peerpact's own small editor (``rawline``): arrow
keys, Home/End (Ctrl-A/Ctrl-E), word moves (Ctrl-arrows, Alt-B/Alt-F),
Backspace and Delete over a whole user-perceived character (an emoji with
its skin tone and joiners, a letter with its accent), Ctrl-U/Ctrl-K, and an
answer pre-filled for editing. It draws only the row being typed, never the
screen, so it reads well with a screen reader; a line longer than the screen
scrolls sideways on that row. GNU readline, which it replaces there, deleted
one code point of an emoji (leaving its joiner) and garbled the rows above a
line longer than the screen when the cursor went back to its start.

Where that editor cannot run (stdin or stdout not a terminal, TERM=dumb, or
no ``termios``: Windows) this is the readline module, when the Python has
one that can pre-fill a line (``pyreadline3`` on Windows, a dependency there
only), and else plain ``input()``: the answer offered is shown in brackets
and Enter keeps it, as when input is piped. Everything is imported inside
the function, so commands that never ask start as fast as before.

Nothing typed is kept between questions: the own editor has no history at
all, and readline's is off and cleared around every question; nothing is
ever written to a history file.
"""

from __future__ import annotations

import re
import sys
from types import ModuleType

from peerpact.errors import UserInputError
from peerpact.i18n import _
from peerpact.text import typed_text

#: Colour and style codes in a rendered prompt; readline must be told they take
#: no room on screen (\x01 ... \x02), or it misplaces the cursor.
_STYLE = re.compile(r"\x1b\[[0-9;]*m")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C at a question, with what was typed there so far (the question
    as shown, without colour, and the text), so a draft can keep the line."""

    def __init__(self, prompt: str, typed: str) -> None:
        super().__init__()
        self.prompt, self.typed = prompt, typed


#: A line typed when the last interview stopped, (question, text): offered
#: for editing when that question is asked again, once.
_unfinished: tuple[str, str] | None = None


def offer_unfinished(line: tuple[str, str] | None) -> None:
    global _unfinished
    _unfinished = line


def unfinished() -> tuple[str, str] | None:
    """The line offered by ``offer_unfinished`` while its question is not asked yet."""
    return _unfinished


def _plain(prompt: str) -> str:
    return _STYLE.sub("", prompt).strip()


def is_terminal() -> bool:
    return sys.stdin.isatty()


def require_terminal(what: str, hint: str | None = None, *, keeps: bool = True) -> None:
    """Refuse to start asking when nobody can answer: stdin is not a terminal,
    or, when the conversation ``keeps`` something, peerpact could not write
    its data folder.

    The rule is simply "a terminal or --no-input": input piped in would be
    read as answers to questions it never saw, one stray line off and a
    boundary lands in the wrong list.
    """
    if not is_terminal():
        raise UserInputError(
            _("{what} asks questions, and there is no terminal to ask at.").format(what=what),
            hint or _("Run it in a terminal, or give everything with --answers FILE --no-input."),
        )
    if keeps:
        from peerpact.files import check_writable
        from peerpact.paths import get_paths

        # A draft, the record, the outbox, the key: a read-only home is said
        # before the first question, not after the first answer.
        check_writable(get_paths().data_dir)


#: What read_line needs of a readline module to edit a pre-filled line.
_NEEDED = ("set_pre_input_hook", "insert_text", "redisplay", "clear_history")


def _readline() -> ModuleType | None:
    """This Python's line editor (GNU readline, libedit, pyreadline3), or
    None when it has none that can pre-fill a line."""
    try:
        import readline
    except ImportError:
        return None
    if not all(hasattr(readline, name) for name in _NEEDED):
        return None
    if hasattr(readline, "set_auto_history"):
        readline.set_auto_history(False)
    readline.clear_history()
    return readline


def _raw_editor() -> bool:
    """Whether peerpact's own editor can run here: a POSIX terminal that
    understands erase-to-end-of-line."""
    import os

    if os.environ.get("TERM") == "dumb":
        return False
    try:
        import termios  # noqa: F401
    except ImportError:
        return False
    return True


def _read_raw(prompt: str, prefill: str) -> str:
    from peerpact.cli.ui.rawline import RawLine

    editor = RawLine(prompt, _STYLE.sub("", prompt), prefill)
    try:
        return typed_text(editor.read())
    except KeyboardInterrupt:
        # The line on screen at Ctrl-C is the person's too (a stop loses nothing).
        raise Interrupted(_plain(prompt), typed_text(editor.line.text)) from None


def read_line(prompt: str, prefill: str = "") -> str:
    """The line typed after ``prompt`` (rendered, one line), tidied: no
    control characters, NFC, trimmed. ``prefill`` starts the line with an
    answer to edit. EOFError when input ends, as ``input()`` does."""
    if not (is_terminal() and sys.stdout.isatty()):
        typed = input(prompt)
        return typed_text(typed) or typed_text(prefill)
    global _unfinished
    if _unfinished is not None and _unfinished[0] == _plain(prompt):
        prefill, _unfinished = _unfinished[1], None  # what was typed replaces the offer
    if _raw_editor():
        return _read_raw(prompt, prefill)
    readline = _readline()
    if readline is None:
        typed = input(f"{prompt}[{prefill}] " if prefill else prompt)
        return typed_text(typed) or typed_text(prefill)
    if prefill:

        def insert() -> None:
            readline.insert_text(prefill)
            readline.redisplay()

        readline.set_pre_input_hook(insert)
    try:
        typed = input(_STYLE.sub(lambda match: f"\x01{match.group()}\x02", prompt))
    except KeyboardInterrupt:
        # The line on screen at Ctrl-C is the person's too (a stop loses nothing).
        raise Interrupted(_plain(prompt), typed_text(readline.get_line_buffer())) from None
    finally:
        readline.set_pre_input_hook(None)
        readline.clear_history()
    return typed_text(typed)
