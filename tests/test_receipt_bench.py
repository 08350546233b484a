"""bench/receipt.py runs on this machine and prints guesses per second and
the expected time to guess a receipt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parent.parent / "bench" / "run.py"


def test_the_receipt_benchmark_prints_its_rates():
    result = subprocess.run(
        [sys.executable, str(RUN), "receipt", "--guesses", "1", "--workers", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "scrypt N=2^16 r=8 p=1 (64 MiB a guess); 6 words of 7,772: 77.5 bits" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("| one idle core")]
    assert len(rows) == 1
    per_second, _, years = (float(cell) for cell in rows[0].strip("|").split("|")[1:])
    assert per_second > 0 and years > 1e9
