"""Two processes amending one record at once: every revision lands, none is lost."""

from __future__ import annotations

import json

from support.records import SIGN
from support.workers import run_workers

PER_WORKER = 20


def test_two_processes_amending_at_once_lose_nothing(peerpact, record_id):
    run_workers(
        [
            (["amend", record_id, "--party", "Robin", "--want", f"{name} {{n}}", *SIGN,
              "--no-input", "--json"], PER_WORKER)
            for name in ("first", "second")
        ]
    )  # fmt: skip

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
