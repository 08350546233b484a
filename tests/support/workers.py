"""Many peerpact processes at once, for the concurrency tests."""

from __future__ import annotations

import os
import sys

# One worker process runs one peerpact command N times in a row, each time a
# separate `python -m peerpact` process, as a script would; "{n}" in an
# argument becomes the run's number.
_WORKER = """\
import subprocess, sys
count, args = int(sys.argv[1]), sys.argv[2:]
for n in range(count):
    subprocess.run(
        [sys.executable, "-m", "peerpact", *[a.replace("{n}", str(n)) for a in args]],
        check=True, stdout=subprocess.DEVNULL,
    )
"""


def run_workers(jobs: list[tuple[list[str], int]], timeout: float = 900) -> None:
    """Run every job's worker at once; fail with its stderr if any fails."""
    import subprocess

    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(count), *args],
            env=os.environ.copy(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for args, count in jobs
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=timeout)
        assert worker.returncode == 0, errors
