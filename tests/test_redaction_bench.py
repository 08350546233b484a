"""bench/redaction.py runs, prints its seed, and meets its targets on a small corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "redaction.py"


def test_redaction_benchmark_meets_its_targets_on_a_small_corpus():
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--seed",
            "3",
            "--per-locale",
            "25",
            "--names-per-locale",
            "8",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.startswith("seed 3 (20 locales, 25 sentences each)")
    assert "all targets met" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0
    for kind in ("email", "phone", "link", "handle", "address"):
        assert f"| {kind} |" in result.stdout
    assert "| locale | as written | by part | upper case | romanized (1) | romanized (2) |" in (
        result.stdout
    )
