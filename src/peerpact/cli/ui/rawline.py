"""peerpact's own line editor on a POSIX terminal: the keys read in raw mode
(``keys``), the line edited by grapheme cluster (``lineeditor``), one row drawn.

The row is redrawn with carriage return, text and erase-to-end-of-line, and
the cursor moved along that row only: never up, never a full-screen redraw,
so a screen reader hears the keys typed and little else, and a line longer
than the screen scrolls sideways instead of wrapping out of reach.

The terminal's own settings come back in a ``finally``, whatever ends the
line: Enter, Ctrl-D, Ctrl-C, a crash. Ctrl-C and Ctrl-Z stay the terminal's
signals (ISIG is kept), so Ctrl-C is the same KeyboardInterrupt as anywhere
else in peerpact; after Ctrl-Z and ``fg`` the raw mode is set again.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import shutil
import signal
import sys
import termios
from collections.abc import Callable
from types import FrameType
from typing import Any

from peerpact.cli.ui.graphemes import cells, split
from peerpact.cli.ui.keys import Decoder
from peerpact.cli.ui.lineeditor import Line, View, view

ERASE = "\x1b[K"  # erase to the end of the row
#: How long an Esc may wait for the rest of its sequence before it is the Esc key.
ESC_WAIT = 0.05
#: Bytes read before drawing, when more keep coming (a paste).
_BATCH = 65536


#: A signal handler as ``signal.signal`` gives it back.
_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None
#: Terminal attributes as ``termios.tcgetattr`` gives them.
_Attributes = list[Any]


class _Redraw(Exception):
    """The terminal came back (fg after Ctrl-Z) or changed size while waiting."""


class RawLine:
    """One line read at ``prompt`` (``plain`` is how wide it shows)."""

    def __init__(self, prompt: str, plain: str, prefill: str) -> None:
        self.fd, self.out = sys.stdin.fileno(), sys.stdout
        self.prompt, self.prompt_cells = prompt, cells(split(plain))
        self.line = Line(prefill)
        self.drawn: View | None = None
        self.shown = False  # the prompt is on screen
        self.columns = 0
        self.prefix = prompt  # what starts the editing row: the prompt, or nothing
        self._raw: _Attributes = []
        self._waiting = False

    def read(self) -> str:
        saved = termios.tcgetattr(self.fd)
        handlers = self._catch_signals()
        try:
            self._enter_raw(saved)
            self._draw(first=True)
            return self._loop()
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
            for number, handler in handlers.items():
                signal.signal(number, handler)

    def _enter_raw(self, saved: _Attributes) -> None:
        raw = list(saved)
        # No echo, no line buffering, no Ctrl-V: every key comes here at once.
        raw[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN)
        control = list(raw[6])
        control[termios.VMIN], control[termios.VTIME] = 1, 0
        raw[6] = control
        self._raw = raw
        termios.tcsetattr(self.fd, termios.TCSADRAIN, raw)

    def _catch_signals(self) -> dict[int, _Handler]:
        def redraw(_number: int, _frame: FrameType | None) -> None:
            if self._waiting:
                raise _Redraw

        handlers: dict[int, _Handler] = {}
        for name in ("SIGCONT", "SIGWINCH"):
            number = getattr(signal, name, None)
            if number is not None:
                # Not the main thread: no redraw on resize (ValueError).
                with contextlib.suppress(ValueError):
                    handlers[number] = signal.signal(number, redraw)
        return handlers

    def _loop(self) -> str:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        keys = Decoder()
        while True:
            try:
                ready = self._wait(ESC_WAIT if keys.waiting else None)
            except _Redraw:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._raw)
                self._draw(first=True)
                continue
            if not ready:
                keys.flush()  # the Esc key alone
                continue
            for key in keys.feed(decoder.decode(self._read_batch())):
                if key.name == "insert":
                    self.line.insert(key.text)
                elif key.name == "enter":
                    self._draw()  # what was typed with the Enter, shown before it
                    self._finish()
                    return self.line.text
                elif key.name == "eof" and not self.line.clusters:
                    raise EOFError
                elif key.name == "interrupt":
                    raise KeyboardInterrupt
                elif key.name == "redraw":
                    self.drawn = None  # Ctrl-L: the row drawn anew
                else:
                    self.line.apply("delete" if key.name == "eof" else key.name)
            self._draw()

    def _wait(self, timeout: float | None) -> bool:
        self._waiting = True
        try:
            return bool(select.select([self.fd], [], [], timeout)[0])
        finally:
            self._waiting = False

    def _read_batch(self) -> bytes:
        """What was typed, up to a key that ends the line: one byte at a time,
        so what is typed after Enter stays for the next question."""
        batch = b""
        while len(batch) < _BATCH:
            byte = os.read(self.fd, 1)
            if not byte:
                raise EOFError  # the terminal hung up
            batch += byte
            if byte in b"\r\n\x03\x04" or not select.select([self.fd], [], [], 0)[0]:
                break
        return batch

    def _room(self) -> int:
        """The cells beside the prompt, one column kept free: a row never
        fills up, so the terminal never wraps it."""
        self.columns = _columns()
        room = self.columns - 1 - (self.prompt_cells if self.prefix else 0)
        if self.prefix and room < max(8, min(20, self.columns // 5)):
            # Too long a prompt to type beside: it stays on the row above.
            self.out.write(("" if self.shown else self.prompt) + "\r\n")
            self.prefix, self.drawn = "", None
            room = self.columns - 1
        return room

    def _draw(self, first: bool = False) -> None:
        """The row brought up to date; ``first``: drawn anew (the first time,
        after fg, after Ctrl-L)."""
        columns = self.columns
        room = self._room()
        old = None if first or columns != self.columns else self.drawn
        new = view(self.line, self.drawn.start if self.drawn else 0, room)
        self.out.write(self._changes(old, new))
        self.out.flush()
        self.drawn, self.shown = new, True

    def _changes(self, old: View | None, new: View) -> str:
        """What to write to go from ``old`` on screen to ``new``.

        The terminal itself puts the cursor: the row is written from its
        start up to the cursor, never moved along by a count of cells, since
        terminals disagree on how wide an emoji sequence is.
        """
        text = "".join(new.pieces)
        if old == new:
            return ""
        if old is not None and old.start == new.start:
            before = "".join(old.pieces)
            at_end = old.cursor == len(old.pieces) and new.cursor == len(new.pieces)
            if at_end and text.startswith(before):
                return text[len(before) :]  # typing at the end: only what was typed, an echo
        # The whole row, from its start (the very first time, from the cursor,
        # as input() writes its prompt).
        head = "\r" + self.prefix if self.shown or not self.prefix else self.prefix
        written = head + text + ERASE
        if new.cursor < len(new.pieces):
            written += "\r" + self.prefix + "".join(new.pieces[: new.cursor])
        return written

    def _finish(self) -> None:
        """Enter: the cursor after the text shown, then a new line."""
        if self.drawn is not None and self.drawn.cursor < len(self.drawn.pieces):
            self.out.write("".join(self.drawn.pieces[self.drawn.cursor :]))
        self.out.write("\r\n")
        self.out.flush()


def _columns() -> int:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or 80
    except OSError:
        return shutil.get_terminal_size().columns
