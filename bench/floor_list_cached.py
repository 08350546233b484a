"""Floor for a cached `peerpact list`: the work the cache leaves, and nothing else.

Reads the same cache (`records/.index.json`), stats each record file to check
its entry is fresh, sorts by last change and prints one line a record.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

folder = Path(sys.argv[1])
index = json.loads((folder / ".index.json").read_bytes())
rows = []
for entry in os.scandir(folder):
    if entry.name.startswith(".") or not entry.name.endswith(".toml"):
        continue
    stat = entry.stat()
    size, mtime_ns, summary = index[entry.name]
    if (size, mtime_ns) != (stat.st_size, stat.st_mtime_ns):
        raise SystemExit(f"{entry.name}: the cache is stale; run `peerpact list` first")
    rows.append(summary)
rows.sort(key=lambda s: s["updated"], reverse=True)
out = sys.stdout
for s in rows:
    out.write(
        f"{s['id']}  {', '.join(s['parties'])}  {s['status']}  {s['created']}  {s['updated']}\n"
    )
