"""peerpact as a separate process, as a shell runs it."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "peerpact", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100", **env},
        check=False,
    )


def complete(*words: str) -> list[str]:
    result = run(
        _PEERPACT_COMPLETE="complete_bash",
        COMP_WORDS=" ".join(["peerpact", *words]),
        COMP_CWORD=str(len(words)),
    )
    return result.stdout.split()
