"""`verify --all`, `list` (full and --limit 50) and `grievance` of this
peerpact against another (the code before a change), in the same rounds.

Each program gets its own copy of the records, so neither finds the other's
index (another schema) and rebuilds it on every run.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

CASES = {
    "verify --all": ["verify", "--all"],
    "list": ["list"],
    "list --limit 50": ["list", "--limit", "50"],
    "grievance": ["grievance", "--no-input", "--text", "The room was too cold."],
}


def versus(sizes: list[int], repeat: int, lines: list[str], against: str) -> None:
    from run import PEERPACT, ensure_records, env_for, interleaved

    lines.append(f"\n## Against {against} (ratio: this peerpact's median / the other's)\n")
    lines.append("| records | case | this s | other s | ratio |")
    lines.append("|---|---|---|---|---|")
    for count in sizes:
        home = ensure_records(count)
        other = Path(f"{home}-against")
        if not (other / "bench-organisation.toml").exists():  # a copy from before the home joined
            shutil.rmtree(other, ignore_errors=True)
            shutil.copytree(home, other, symlinks=True)
        cases: dict[Any, Any] = {}
        for name, args in CASES.items():
            cases[("this", name)] = ([PEERPACT, *args], env_for(home))
            cases[("other", name)] = ([against, *args], env_for(other))
        t = interleaved(cases, {}, repeat)
        for name in CASES:
            mine, theirs = t[("this", name)].median, t[("other", name)].median
            lines.append(
                f"| {count:,} | {name} | {mine:.3f} | {theirs:.3f} | {mine / theirs:.2f}x |"
            )
