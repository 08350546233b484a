"""Crashes: peerpact killed (SIGKILL) at random moments while writing.

Every file left is the complete old one or the complete new one, everything
verifies, and the temp files a killed writer leaves are cleaned on a later
run once they are stale.
"""

from __future__ import annotations

import json
import mailbox
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.records import records_dir

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX"),
    # The grievances filed here are about crashes, not sealing: unsealed keeps them quick.
    pytest.mark.usefixtures("plain_messages"),
]

KILLS_PER_COMMAND = 70  # x3 commands: over 200 kills in all


def kill_at_random(args: list[str], rng: random.Random, window: float) -> int | None:
    """Start peerpact, SIGKILL it after a random delay; its exit code if it finished."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "peerpact", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    time.sleep(rng.uniform(0, window))
    proc.send_signal(signal.SIGKILL)
    code = proc.wait()
    return None if code == -signal.SIGKILL else code


def run_time(args: list[str]) -> float:
    """The slowest of three runs: one run on a busy machine can be quick by
    luck, and a kill window shorter than most runs never lets one finish."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "peerpact", *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return max(times)


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(".tmp-") or p.parent.name == "tmp"]


def test_sigkill_during_writes_leaves_old_or_new_never_half(
    peerpact, answers_file, peerpact_home, monkeypatch
):
    rng = random.Random(20261125)
    folder = records_dir(peerpact_home)
    first = json.loads(
        peerpact("new", "--answers", str(answers_file), "--no-input", "--json").stdout
    )
    record = folder / f"{first['id']}.toml"
    new_args = ["new", "--answers", str(answers_file), "--no-input"]
    amend_args = [
        "amend",
        first["id"],
        "--party",
        "Robin",
        "--want",
        "Tea",
        "--sign",
        "Robin",
        "--sign",
        "Alex",
        "--no-input",
    ]
    grievance_args = ["grievance", "--no-input", "--text", "The room was too cold."]
    # Kill anywhere from start-up to after a slow run would have finished.
    windows = {
        "new": run_time(new_args) * 1.5,
        "amend": run_time(amend_args) * 1.5,
        "grievance": run_time(grievance_args) * 1.5,
    }
    outbox_new = peerpact_home / "data" / "outbox" / "new"
    finished = {"new": 0, "amend": 0, "grievance": 0}

    for _ in range(KILLS_PER_COMMAND):
        # new: any record file present must be whole and valid.
        before = {p.name for p in folder.glob("*.toml")}
        code = kill_at_random(new_args, rng, windows["new"])
        finished["new"] += code == 0
        for path in folder.glob("*.toml"):
            if path.name not in before:
                peerpact("verify", path.stem)

        # amend: the record is byte-for-byte the old one, or the old one plus
        # exactly one appended revision.
        old = record.read_bytes()
        code = kill_at_random(amend_args, rng, windows["amend"])
        finished["amend"] += code == 0
        now = record.read_bytes()
        assert now == old or (now.startswith(old) and now[len(old) :].count(b"[[revisions]]") == 1)
        peerpact("verify", first["id"])

        # grievance: any message in new/ is complete and readable.
        count = len(list(outbox_new.iterdir())) if outbox_new.exists() else 0
        code = kill_at_random(grievance_args, rng, windows["grievance"])
        finished["grievance"] += code == 0
        messages = list(mailbox.Maildir(peerpact_home / "data" / "outbox", create=False))
        assert len(messages) in (count, count + 1)
        for message in messages:
            assert "The room was too cold." in message.get_payload(decode=True).decode()

    # The kills really landed both before and after the writes.
    for command, done in finished.items():
        assert 0 < done < KILLS_PER_COMMAND, (command, done)

    peerpact("verify", "--all")
    # A later run cleans what killed writers left, once it is stale.
    monkeypatch.setenv("PEERPACT_STALE_TEMP_SECONDS", "0")
    peerpact("list")
    peerpact("outbox", "list")
    assert temps(peerpact_home / "data") == []


def test_stale_temp_files_are_cleaned_on_a_later_run(
    peerpact, record_id, peerpact_home, monkeypatch
):
    """What a killed writer leaves (made here by hand) goes once it is stale,
    and a fresh one, perhaps a live writer's, stays."""
    records = records_dir(peerpact_home)
    tmp = peerpact_home / "data" / "outbox" / "tmp"
    peerpact("grievance", "--no-input", "--text", "Hello.")
    left = [records / ".tmp-dead.part", tmp / ("ab" * 16)]
    for path in left:
        path.write_bytes(b"half a fi")
    peerpact("list")
    peerpact("outbox", "list")
    assert all(path.exists() for path in left)  # not stale yet: could be a live writer
    monkeypatch.setenv("PEERPACT_STALE_TEMP_SECONDS", "0")
    peerpact("list")
    peerpact("outbox", "list")
    assert not any(path.exists() for path in left)
    assert len(list((peerpact_home / "data" / "outbox" / "new").iterdir())) == 1
