"""The screen a person sees at a pty: what peerpact wrote, through a terminal
emulator (pyte), row by row and with the cursor where the terminal puts it."""

from __future__ import annotations

import contextlib
import time
import unicodedata
from collections.abc import Callable

import pyte
from wcwidth import wcwidth


class _Emulated(pyte.Screen):
    """pyte's screen, but a zero-width joiner or variation selector joins the
    character before it, as a terminal draws it: pyte 0.8 drops it and every
    character after it in the same write (so 👩🏽‍🦱 showed as 👩🏽)."""

    def draw(self, data: str) -> None:
        run = ""
        for char in data:
            if wcwidth(char) == 0 and not unicodedata.combining(char):
                super().draw(run)
                run = ""
                line, at = self.buffer[self.cursor.y], self.cursor.x - 1
                if at > 0 and not line[at].data:
                    at -= 1  # the second half of a wide character
                if at >= 0:
                    line[at] = line[at]._replace(data=line[at].data + char)
            else:
                run += char
        super().draw(run)


class Screen:
    """The emulated screen of ``child`` (a pexpect child of ``rows`` by
    ``columns``): everything the child writes from now on is drawn on it."""

    def __init__(self, child, rows: int = 50, columns: int = 120) -> None:
        self._screen = _Emulated(columns, rows)
        self._stream = pyte.Stream(self._screen)
        self._child = child
        child.logfile_read = self

    # pexpect writes what it reads here (its logfile_read).
    def write(self, text: str) -> None:
        self._stream.feed(text)

    def flush(self) -> None:
        pass

    @property
    def rows(self) -> list[str]:
        return [row.rstrip() for row in self._screen.display]

    @property
    def cursor(self) -> tuple[int, int]:
        """(row, column) of the cursor, from 0."""
        return self._screen.cursor.y, self._screen.cursor.x

    def cursor_row(self) -> str:
        return self.rows[self.cursor[0]]

    def shown(self) -> str:
        return "\n".join(self.rows).strip("\n")

    def wait_until(self, check: Callable[[Screen], bool], timeout: float = 10) -> None:
        """Read what the child writes until ``check(screen)`` holds (an
        AssertionError showing the screen if it never does)."""
        import pexpect

        deadline = time.monotonic() + timeout
        while not check(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never showed it:\n{self.shown()}")
            with contextlib.suppress(pexpect.TIMEOUT):
                self._child.read_nonblocking(65536, timeout=0.2)
