"""Run every peerpact benchmark; print each figure as a ratio to a baseline
measured in the same run (interleaved runs, medians).

Usage: python bench/run.py [--sizes 100,1000,10000] [--repeat 7] [--out FILE]
       python bench/run.py redaction [--seed N]   (what redaction catches: bench/redaction.py)

Records are made once per size with bench/make_records.py and cached in
bench/results/records-N (delete the folder to remake them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
PY = sys.executable
PEERPACT = str(Path(PY).parent / "peerpact")


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} failed: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss


def interleaved(cases: dict[str, list[str]], env: dict[str, str], repeat: int) -> dict[str, Timing]:
    """Run each case once per round, rounds in turn, so noise hits all alike."""
    timings = {name: Timing() for name in cases}
    for argv in cases.values():  # warm the file cache
        run_once(argv, env)
    for _ in range(repeat):
        for name, argv in cases.items():
            seconds, peak = run_once(argv, env)
            timings[name].seconds.append(seconds)
            timings[name].peak_kib = max(timings[name].peak_kib, peak)
    return timings


def ensure_records(count: int) -> Path:
    home = RESULTS / f"records-{count}"
    folder = home / "data" / "records"
    have = len(list(folder.glob("*.toml"))) if folder.is_dir() else 0
    if have < count:
        print(f"making {count} records in {home} (once) ...", flush=True)
        subprocess.run([PY, str(BENCH / "make_records.py"), str(count), str(home)], check=True)
    return home


def ensure_history(revisions: int) -> tuple[Path, str]:
    """A home with one record of ``revisions`` revisions, and that record's id."""
    home = RESULTS / f"history-{revisions}"
    folder = home / "data" / "records"
    found = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not found:
        print(f"making a record of {revisions} revisions in {home} (once) ...", flush=True)
        subprocess.run(
            [PY, str(BENCH / "make_records.py"), "--revisions", str(revisions), str(home)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        found = sorted(folder.glob("*.toml"))
    return home, found[0].stem


def env_for(home: Path) -> dict[str, str]:
    return {**os.environ, "PEERPACT_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "120"}


def startup(repeat: int, lines: list[str]) -> None:
    home = ensure_records(100)
    env = env_for(home)
    t = interleaved(
        {
            "bare typer --help": [PY, str(BENCH / "bare_typer.py"), "--help"],
            "peerpact --help": [PEERPACT, "--help"],
            "peerpact --version": [PEERPACT, "--version"],
            "peerpact list (100)": [PEERPACT, "list"],
        },
        env,
        repeat,
    )
    base = t["bare typer --help"].median
    lines.append("\n## Start-up (target: at most 1.1x the bare Typer app's --help)\n")
    lines.append("| command | median s | ratio |")
    lines.append("| --- | --- | --- |")
    for name, timing in t.items():
        lines.append(f"| {name} | {timing.median:.3f} | {timing.median / base:.2f}x |")


def scale(sizes: list[int], repeat: int, lines: list[str]) -> None:
    lines.append(
        "\n## Scale (targets at 10,000: verify <= 2x floor, list <= 1.5x floor, peak < 100 MiB)\n"
    )
    lines.append(
        "| records | verify s | floor s | ratio | peak MiB | list s | floor s | ratio | peak MiB |"
    )
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for count in sizes:
        home = ensure_records(count)
        env = env_for(home)
        pub = home / "facilitator.pub"
        subprocess.run(
            [PEERPACT, "key", "export", str(pub)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        folder = str(home / "data" / "records")
        t = interleaved(
            {
                "verify": [PEERPACT, "verify", "--all"],
                "floor verify": [PY, str(BENCH / "floor_verify.py"), folder, str(pub)],
                "list": [PEERPACT, "list"],
                "floor list": [PY, str(BENCH / "floor_list.py"), folder],
            },
            env,
            repeat if count < 10_000 else max(3, repeat // 2),
        )
        v, fv, li, fl = (t[k] for k in ("verify", "floor verify", "list", "floor list"))
        lines.append(
            f"| {count} | {v.median:.2f} | {fv.median:.2f} | {v.median / fv.median:.2f}x "
            f"| {v.peak_kib / 1024:.0f} | {li.median:.2f} | {fl.median:.2f} "
            f"| {li.median / fl.median:.2f}x | {li.peak_kib / 1024:.0f} |"
        )
        print(lines[-1], flush=True)


def history(sizes: list[int], repeat: int, lines: list[str]) -> None:
    """One record of 1 to 10,000 revisions: linear, never quadratic."""
    lines.append(
        "\n## Revisions (targets: show --history of 1,000 revisions <= 0.5 s, "
        "of 10,000 <= 10x that)\n"
    )
    lines.append("| revisions | history s | as-of 1 s | verify s | peak MiB | ratio |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    first: float | None = None
    for count in sizes:
        home, record_id = ensure_history(count)
        t = interleaved(
            {
                "history": [PEERPACT, "show", record_id, "--history"],
                "as-of": [PEERPACT, "show", record_id, "--as-of", "1", "--format", "text"],
                "verify": [PEERPACT, "verify", record_id],
            },
            env_for(home),
            repeat if count <= 1000 else max(3, repeat // 2),
        )
        h = t["history"].median
        if count == 1000:
            first, target = h, f"{h / 0.5:.2f}x of 0.5 s"
        elif count == 10_000 and first:
            target = f"{h / first:.1f}x the 1,000 figure (target <= 10x)"
        else:
            target = ""
        peak = max(timing.peak_kib for timing in t.values()) / 1024
        lines.append(
            f"| {count:,} | {h:.2f} | {t['as-of'].median:.2f} | {t['verify'].median:.2f} "
            f"| {peak:.0f} | {target} |"
        )
        print(lines[-1], flush=True)


def main() -> None:
    if sys.argv[1:2] == ["redaction"]:
        # Not a timing: recall and false positives, with its own arguments.
        sys.exit(subprocess.run([PY, str(BENCH / "redaction.py"), *sys.argv[2:]]).returncode)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--revisions", default="1,1000,10000")
    parser.add_argument(
        "--quick", action="store_true", help="CI-sized: 100 and 1,000 records, 3 rounds"
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.revisions, args.repeat = "100,1000", "1,1000", 3
    RESULTS.mkdir(exist_ok=True)
    # An installed peerpact has bytecode, as its dependencies do; an editable
    # one under PYTHONDONTWRITEBYTECODE would recompile itself on every run.
    import compileall

    import peerpact

    compileall.compile_dir(Path(peerpact.__file__).parent, quiet=1)
    lines = [f"# peerpact benchmarks ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)"]
    startup(args.repeat, lines)
    scale([int(n) for n in args.sizes.split(",")], args.repeat, lines)
    history([int(n) for n in args.revisions.split(",")], args.repeat, lines)
    report = "\n".join(lines) + "\n"
    args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
