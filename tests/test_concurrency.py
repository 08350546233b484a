"""Several processes amending one record while others file grievances, all at
once: nothing lost, everything verifies."""

from __future__ import annotations

import json
import mailbox

from support.workers import run_workers

PER_WORKER = 8
SIGN = ["--sign", "Robin", "--sign", "Alex", "--no-input"]


def test_amends_and_grievances_at_once_lose_nothing(
    peerpact, record_id, peerpact_home, plain_messages
):
    amenders = [
        (["amend", record_id, "--party", party, f"--{kind}", f"{name} {{n}}", *SIGN], PER_WORKER)
        for party, kind, name in (
            ("Robin", "want", "robin-want"),
            ("Alex", "need", "alex-need"),
            ("Robin", "boundary", "robin-boundary"),
        )
    ]
    filers = [
        (["grievance", "--no-input", "--text", f"Feedback {name} {{n}}."], PER_WORKER)
        for name in ("first", "second")
    ]
    run_workers(amenders + filers)

    peerpact("verify", "--all")
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert len(data["revisions"]) == 1 + 3 * PER_WORKER
    robin, alex = data["parties"]
    texts = [i["text"] for i in robin["wants"] + robin["boundaries"] + alex["needs"]]
    for name in ("robin-want", "alex-need", "robin-boundary"):
        assert [t for t in texts if t.startswith(name)] == [
            f"{name} {n}" for n in range(PER_WORKER)
        ]

    box = mailbox.Maildir(peerpact_home / "data" / "outbox", create=False)
    bodies = sorted(message.get_payload(decode=True).decode() for message in box)
    assert len(bodies) == 2 * PER_WORKER
    for name in ("first", "second"):
        for n in range(PER_WORKER):
            assert sum(f"Feedback {name} {n}." in body for body in bodies) == 1
    listed = json.loads(peerpact("outbox", "list", "--json").stdout)
    assert len({entry["id"] for entry in listed}) == 2 * PER_WORKER
