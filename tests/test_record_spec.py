"""The independent verifier printed in docs/record-format.md really verifies
peerpact's records, and really rejects a tampered one: the spec is the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from support.records import records_dir

DOC = Path(__file__).resolve().parents[1] / "docs" / "record-format.md"


def verifier(tmp_path: Path) -> Path:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    (script,) = [block for block in blocks if "def verify(" in block]
    path = tmp_path / "verify_record.py"
    path.write_text(script, encoding="utf-8")
    return path


def run(script: Path, record: Path, key: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), str(record), str(key)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_documented_verifier_accepts_and_rejects(peerpact, record_id, peerpact_home, tmp_path):
    key = tmp_path / "facilitator.pub"
    peerpact("key", "export", str(key))
    script = verifier(tmp_path)
    record = records_dir(peerpact_home) / f"{record_id}.toml"
    done = run(script, record, key)
    assert done.returncode == 0, done.stderr
    import json

    head = json.loads(peerpact("show", record_id, "--format", "json").stdout)["head"]
    assert done.stdout.strip() == f"OK, head {head}"

    record.write_text(
        record.read_text(encoding="utf-8").replace('"Sessions end on time"', '"Sessions end late"'),
        encoding="utf-8",
    )
    done = run(script, record, key)
    assert done.returncode != 0
    assert "revision 1: changed after signing" in done.stderr
