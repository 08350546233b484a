"""How far long work has got: verifying every record, bringing the index up
to date, writing a backup's files back.

Core modules say where they are with ``tick(step, done, total)`` and never
draw anything; ``reporter`` is the one place the news goes, nowhere unless
the command line puts a reporter there (``cli/ui/progress.py`` draws a line
on a terminal's stderr). Like ``clock.source``, it is plain data flow: a
core module neither knows nor cares whether anyone is watching.
"""

from __future__ import annotations

from collections.abc import Callable

#: The steps a reporter is told of.
VERIFY, INDEX, WRITE = "verify", "index", "write"

Reporter = Callable[[str, int, int], None]


def _nobody(step: str, done: int, total: int) -> None:
    return None


#: Where news of progress goes: nowhere, unless the command line says.
reporter: Reporter = _nobody


def tick(step: str, done: int, total: int) -> None:
    """``done`` of ``total`` items of ``step`` are finished."""
    reporter(step, done, total)
