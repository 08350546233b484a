"""How fast can a receipt be guessed on this machine?

A replies bundle is public, so whoever holds one can guess receipts offline
for as long as they like: each guess is one run of the receipt's derivation
(scrypt, N = 2^16, r = 8, p = 1, 64 MiB; then the X25519 key), and then a try
at every answer in the bundle, which is cheap beside it. This measures the
derivation itself, feedback/receipt.py's derive(), as an attacker would run
it: on one core (by the clock, and by CPU time, which a busy shared machine
slows far less), and on every core at once (one process each, each guess
with its own 64 MiB).

Prints guesses per second and the expected time to find one receipt of six
words from the EFF long list (7,772 words: 77.5 bits; on average half the
space is searched), on this machine as it is, as it would be idle, and on a
thousand like it.

Usage: python bench/receipt.py [--guesses 8] [--workers N]
       python bench/run.py receipt [...]   (the same)
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from peerpact.feedback import receipt

YEAR = 365.25 * 24 * 3600
ORGANISATION = "bench-organisation"


def guesses(count: int, clock: str = "perf_counter") -> float:
    """Seconds for ``count`` derivations of different receipts, in this
    process, by ``clock`` (wall time, or "process_time": CPU time, which other
    work on a shared machine slows far less)."""
    now = getattr(time, clock)
    typed = [receipt.new_receipt() for _ in range(count)]
    start = now()
    for one in typed:
        receipt.derive(one, ORGANISATION)
    return float(now() - start)


def rate(count: int, workers: int, clock: str = "perf_counter") -> float:
    """Guesses per second with ``workers`` processes, each making ``count``."""
    if workers == 1:
        guesses(1)  # warm: imports, the word list
        return count / guesses(count, clock)
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(guesses, [1] * workers))  # warm every worker
        start = time.perf_counter()
        list(pool.map(guesses, [count] * workers))
        elapsed = time.perf_counter() - start
    return count * workers / elapsed


def years(bits: float, per_second: float) -> float:
    """Expected years to find one secret of ``bits`` (half the space) at ``per_second``."""
    return 2 ** (bits - 1) / per_second / YEAR


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guesses", type=int, default=8, help="derivations per worker")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes for the machine rate"
    )
    args = parser.parse_args()
    words = len(receipt.wordlist())
    bits = receipt.WORDS * math.log2(words)
    one = rate(args.guesses, 1)
    cpu = rate(args.guesses, 1, "process_time")
    machine = rate(args.guesses, args.workers) if args.workers > 1 else one
    idle = max(machine, cpu * args.workers)  # the attacker's best case
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    memory = 128 * receipt.SCRYPT_R * receipt.SCRYPT_N // 2**20
    print(
        f"# receipt guessing ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
        f"load {load:.1f}, Python {sys.version.split()[0]})\n"
        f"scrypt N=2^{receipt.SCRYPT_N.bit_length() - 1} r={receipt.SCRYPT_R} "
        f"p={receipt.SCRYPT_P} ({memory} MiB a guess); "
        f"{receipt.WORDS} words of {words:,}: {bits:.1f} bits\n"
    )
    print("| who | guesses/s | seconds a guess | expected years to guess one receipt |")
    print("|---|---:|---:|---:|")
    for who, per_second in (
        ("one core, by the clock", one),
        (f"this machine, {args.workers} processes, by the clock", machine),
        ("one idle core (by CPU time)", cpu),
        (f"this machine idle ({args.workers} x one idle core)", idle),
        ("a thousand such machines, idle", idle * 1000),
    ):
        expected = years(bits, per_second)
        print(f"| {who} | {per_second:.2f} | {1 / per_second:.3g} | {expected:.2e} |")


if __name__ == "__main__":
    main()
