"""Floor for `peerpact list`: read and parse each record file. Nothing else."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

count = 0
for path in sorted(Path(sys.argv[1]).glob("*.toml")):
    tomllib.loads(path.read_bytes().decode("utf-8"))
    count += 1
print(f"parsed {count}")
