"""Long text through the pager on a terminal, as git does (issue 25).

``PEERPACT_PAGER``, then ``PAGER``, then ``less``; an empty value or ``cat``
means none. ``less`` is told ``LESS=FRX`` unless ``LESS`` is set (quit when
it fits on one screen, keep colours, leave the text on screen). Piped or
redirected, the text is written as it is and no pager runs; a pager that
cannot be started is passed over and the text written.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

from peerpact.cli.ui.console import emit
from peerpact.text import for_terminal

ENV = "PEERPACT_PAGER"


def pager() -> str:
    """The pager command to run, or "" for none."""
    if not sys.stdout.isatty():
        return ""
    command = os.environ.get(ENV)
    if command is None:
        # No PAGER and no less (Windows, a minimal system): no pager, not lost text.
        # A PAGER set to "" means none, as git has it; only an unset one means less.
        command = os.environ.get("PAGER")
    if command is None:
        command = "less" if shutil.which("less") else ""
    return "" if command.strip() in ("", "cat") else command


def page(text: str) -> None:
    """``text`` shown through the pager on a terminal, else written as ``emit`` does."""
    command = pager()
    if not command:
        emit(text)
        return
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
    sys.stdout.flush()
    # Ctrl-C is the pager's to handle, as git leaves it: were peerpact to stop
    # on it, the pager would be killed in raw mode and the terminal left broken.
    # A Python handler (not SIG_IGN) is reset in the pager, which still gets it.
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        # As git runs it: through the shell, so PAGER may carry options.
        done = subprocess.run(  # noqa: S602 (the user's own PAGER setting)
            command,
            shell=True,
            input=for_terminal(text).encode("utf-8"),
            env=env,
            check=False,
        )
    except OSError:
        emit(text)
        return
    finally:
        signal.signal(signal.SIGINT, previous)
    if done.returncode in (126, 127):  # the shell could not run it, or found none
        emit(text)
