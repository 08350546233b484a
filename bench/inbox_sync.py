"""`peerpact inbox sync` of N sealed messages in a Maildir, against opening the
same N messages with pyrage alone, measured in one run; the ratio is printed.

The baseline reads each message file, finds its armored age text and
decrypts it with pyrage: what any reader must do at the least. The sync is
what `peerpact inbox sync --maildir DIR` runs once the identity is open
(leadership/sync.py's ``sync_maildir``), into a fresh inbox: every message
read, opened, checked against the cases kept, signed as a case's first entry
and sealed at rest, the cases file and the seen list written (fsync). The
two are interleaved, ROUNDS times each, and the medians compared, in CPU
time (the machine's other work does not count) and in wall time.

The whole command is timed once too, as a leader runs it, and printed: it
adds peerpact's start-up and reading the identity file (plain here; a
passphrase-protected one adds one scrypt, about a second, whatever N is),
which are the same for 10 messages as for 10,000.

Usage: python bench/inbox_sync.py [--messages 1000] [--rounds 3] [--limit 1.5]
Exit status 1 when the CPU-time ratio is above the limit.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyrage
from pyrage import x25519

from peerpact.feedback.message import Grievance, compose
from peerpact.feedback.receipt import Derived

PEERPACT = str(Path(sys.executable).parent / "peerpact")
_BEGIN, _END = b"-----BEGIN AGE ENCRYPTED FILE-----", b"-----END AGE ENCRYPTED FILE-----"


def make_maildir(folder: Path, recipient: str, count: int) -> list[Path]:
    for sub in ("tmp", "new", "cur"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        reply = x25519.Identity.generate()
        derived = Derived(str(reply), str(reply.to_public()), secrets.token_hex(16))
        text = f"Message {number}: the circle on Tuesday ran over again. " * 8
        grievance = Grievance(text, "feedback")
        data = compose(grievance, "leads@example.org", (recipient,), reply=derived).data
        path = folder / "new" / f"{number:06d}.M{number}P1.benchhost"
        path.write_bytes(data)
        paths.append(path)
    return paths


def pyrage_alone(paths: list[Path], identity: x25519.Identity) -> tuple[float, float]:
    """(CPU seconds, wall seconds) to read and open every message with pyrage."""
    cpu, wall = time.process_time(), time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        armored = data[data.index(_BEGIN) : data.index(_END) + len(_END)]
        pyrage.decrypt(armored, [identity])
    return time.process_time() - cpu, time.perf_counter() - wall


def sync_core(maildir: Path, identity: x25519.Identity, inbox: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `inbox sync`'s work into a fresh inbox."""
    from peerpact.leadership.sync import sync_maildir

    cpu, wall = time.process_time(), time.perf_counter()
    report = sync_maildir(inbox, [identity], maildir)
    elapsed = time.process_time() - cpu, time.perf_counter() - wall
    if report.failed or len(report.taken) != sum(1 for __ in (maildir / "new").iterdir()):
        raise SystemExit(f"inbox sync did not take every message: {report.as_json()}")
    return elapsed


def inbox_sync(maildir: Path, identity_file: Path, home: Path) -> float:
    env = {**os.environ, "PEERPACT_HOME": str(home), "NO_COLOR": "1"}
    argv = [PEERPACT, "inbox", "sync", "--maildir", str(maildir), "-i", str(identity_file)]
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"inbox sync failed ({done.returncode}): {done.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=1.5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["PEERPACT_HOME"] = str(root / "home")
        identity = x25519.Identity.generate()
        identity_file = root / "leader.txt"
        identity_file.write_text(f"{identity}\n")
        identity_file.chmod(0o600)
        maildir = root / "Maildir"
        paths = make_maildir(maildir, str(identity.to_public()), args.messages)
        base, synced = [], []
        for round_ in range(args.rounds):
            base.append(pyrage_alone(paths, identity))
            synced.append(sync_core(maildir, identity, root / f"inbox-{round_}"))
        command = inbox_sync(maildir, identity_file, root / "command-home")
    cpu = statistics.median(s[0] for s in synced) / statistics.median(b[0] for b in base)
    wall = statistics.median(s[1] for s in synced) / statistics.median(b[1] for b in base)
    print(
        f"inbox sync of {args.messages} messages, median of {args.rounds}: "
        f"{statistics.median(s[1] for s in synced):.3f} s against pyrage alone "
        f"{statistics.median(b[1] for b in base):.3f} s; ratio {cpu:.2f} in CPU time, "
        f"{wall:.2f} in wall time (limit {args.limit})"
    )
    print(f"the whole command, start-up and identity file included: {command:.3f} s")
    return 0 if cpu <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
