"""Two processes amending one record at once: every revision lands, none is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from test_amend import SIGN

PER_WORKER = 20

# Each worker is its own process running `peerpact amend` 20 times in a row,
# every one a separate `python -m peerpact` process, as a script would.
WORKER = textwrap.dedent(
    """\
    import subprocess, sys
    record_id, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sign = sys.argv[4:]
    for number in range(count):
        subprocess.run(
            [sys.executable, "-m", "peerpact", "amend", record_id, "--party", "Robin",
             "--want", f"{name} {number}", *sign, "--no-input", "--json"],
            check=True, stdout=subprocess.DEVNULL,
        )
    """
)


def test_two_processes_amending_at_once_lose_nothing(peerpact, record_id):
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, record_id, name, str(PER_WORKER), *SIGN],
            env=os.environ.copy(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=600)
        assert worker.returncode == 0, errors

    peerpact("verify", record_id)
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert len(data["revisions"]) == 1 + 2 * PER_WORKER
    assert [r["number"] for r in data["revisions"]] == list(range(1, 2 * PER_WORKER + 2))
    wants = data["parties"][0]["wants"]
    assert [w["label"] for w in wants] == [f"W{n}" for n in range(1, 2 * PER_WORKER + 2)]
    texts = [w["text"] for w in wants[1:]]
    for name in ("first", "second"):
        # Each worker's amendments all landed, in the order it made them.
        assert [t for t in texts if t.startswith(name)] == [
            f"{name} {n}" for n in range(PER_WORKER)
        ]
