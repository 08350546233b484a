"""Progress of long work, drawn on stderr while it runs (issue 25).

Shown only when stderr is a terminal, and not with --json or in --plain
(screen-reader) mode, unless ``PEERPACT_PROGRESS=1`` asks for it;
``PEERPACT_PROGRESS=0`` never shows it. One line, redrawn at most ten times
a second and cleared when the work is done, so nothing of it is left in what
is read or piped; in plain mode, when asked, a line at each tenth instead, as
a screen reader reads a line once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator

from peerpact import progress
from peerpact.cli.ui.console import plain
from peerpact.i18n import _

ENV = "PEERPACT_PROGRESS"
#: Seconds between two redraws of the line.
_EVERY = 0.1


def _words(step: str) -> str:
    return {
        progress.VERIFY: _("Verifying records"),
        progress.INDEX: _("Updating the index"),
        progress.WRITE: _("Writing files"),
    }.get(step, step)


def wanted(json: bool = False) -> bool:
    asked = os.environ.get(ENV, "")
    if asked == "0" or not sys.stderr.isatty():
        return False
    return asked not in ("", "0") or not (json or plain())


class Line:
    """The line on stderr: redrawn in place, or in plain mode one per tenth;
    gone once the step is done. ``clear()`` it before printing anything else."""

    def __init__(self, live: bool = True) -> None:
        self.live = live
        self.drawn = False
        self.last = -_EVERY
        self.said: tuple[str, int] = ("", -1)
        #: The step last drawn: a new one is drawn at once.
        self.step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        if total <= 0:
            return
        if plain():
            tenth = min(done * 10 // total, 10)
            if (step, tenth) != self.said:
                self.said = (step, tenth)
                self._write(f"{_words(step)}: {tenth * 10}%\n")
            return
        if done >= total:
            self.clear()
            self.step = ""
            return
        moment = time.monotonic()
        if step == self.step and moment - self.last < _EVERY:
            return
        self.step = step
        self.last = moment
        self.drawn = True
        line = _("{step}: {done} of {total}").format(step=_words(step), done=done, total=total)
        self._write(f"\r\x1b[K{line}")

    def clear(self) -> None:
        if self.drawn:
            self.drawn = False
            self._write("\r\x1b[K")

    def _write(self, text: str) -> None:
        if not self.live:
            return
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(text)
            sys.stderr.flush()


@contextlib.contextmanager
def shown(json: bool = False) -> Iterator[Line]:
    """Progress drawn while the block runs, when ``wanted``; the line it
    yields is cleared before anything else is printed."""
    line = Line(live=wanted(json))
    if not line.live:
        yield line
        return
    before, progress.reporter = progress.reporter, line
    try:
        yield line
    finally:
        progress.reporter = before
        line.clear()
