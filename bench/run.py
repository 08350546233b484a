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


def until_prompt(argv: list[str], env: dict[str, str], prompt: bytes) -> float:
    """Wall time from starting ``argv`` in a pseudo-terminal until ``prompt``
    is on its screen (or, with no prompt, until it exits); then it is killed."""
    import pty
    import select
    import signal

    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its stdin and stdout
        os.execve(argv[0], argv, env)
    seen = b""
    try:
        while not prompt or prompt not in seen:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise SystemExit(f"{' '.join(argv)}: no prompt after 30 s: {seen[-200:]!r}")
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child exited and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elapsed = time.perf_counter() - start
    finally:
        if prompt:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    if prompt and prompt not in seen:
        raise SystemExit(f"{' '.join(argv)} ended before its prompt: {seen[-200:]!r}")
    return elapsed


def first_prompt(repeat: int, lines: list[str]) -> None:
    """`peerpact new` until its first question is on screen, beside `python -c pass`
    run the same way, in a pseudo-terminal (without one, `new` refuses to ask)."""
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="peerpact-bench-"))
    env = env_for(home)
    cases = {
        "python -c pass": ([PY, "-c", "pass"], b""),
        "peerpact new, to its first prompt": ([PEERPACT, "new"], b"pseudonym is fine"),
    }
    timings: dict[str, list[float]] = {name: [] for name in cases}
    try:
        for round_ in range(repeat + 1):  # the first round warms the file cache
            for name, (argv, prompt) in cases.items():
                seconds = until_prompt(argv, env, prompt)
                shutil.rmtree(home / "data" / "drafts", ignore_errors=True)
                if round_:
                    timings[name].append(seconds)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    base = statistics.median(timings["python -c pass"])
    lines.append("\n## Interview start-up (in a pseudo-terminal)\n")
    lines.append("| command | median s | ratio to python -c pass |")
    lines.append("| --- | --- | --- |")
    for name, seconds in timings.items():
        median = statistics.median(seconds)
        lines.append(f"| {name} | {median:.3f} | {median / base:.2f}x |")


def scale(sizes: list[int], repeat: int, lines: list[str]) -> None:
    lines.append(
        "\n## Scale (targets at 10,000: verify <= 2x floor, list <= 1.5x floor, peak < 100 MiB)\n"
    )
    lines.append(
        "| records | verify s | floor s | ratio | peak MiB "
        "| list s | cache floor s | ratio | peak MiB | floor peak MiB |"
    )
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for count in sizes:
        home = ensure_records(count)
        env = env_for(home)
        pub = home / "facilitator.pub"
        subprocess.run(
            [PEERPACT, "key", "export", str(pub)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        folder = str(home / "data" / "records")
        # `list` reads its cache, so its floor reads the same cache (made by
        # the warm-up run); a cold `list` against floor_list.py is measured by hand.
        t = interleaved(
            {
                "verify": [PEERPACT, "verify", "--all"],
                "floor verify": [PY, str(BENCH / "floor_verify.py"), folder, str(pub)],
                "list": [PEERPACT, "list"],
                "floor list": [PY, str(BENCH / "floor_list_cached.py"), folder],
            },
            env,
            repeat if count < 10_000 else max(3, repeat // 2),
        )
        v, fv, li, fl = (t[k] for k in ("verify", "floor verify", "list", "floor list"))
        lines.append(
            f"| {count} | {v.median:.2f} | {fv.median:.2f} | {v.median / fv.median:.2f}x "
            f"| {v.peak_kib / 1024:.0f} | {li.median:.2f} | {fl.median:.2f} "
            f"| {li.median / fl.median:.2f}x | {li.peak_kib / 1024:.0f} "
            f"| {fl.peak_kib / 1024:.0f} |"
        )
        print(lines[-1], flush=True)


def main() -> None:
    if sys.argv[1:2] == ["redaction"]:
        # Not a timing: recall and false positives, with its own arguments.
        sys.exit(subprocess.run([PY, str(BENCH / "redaction.py"), *sys.argv[2:]]).returncode)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md")
    parser.add_argument(
        "--only-startup", action="store_true", help="Start-up figures only, no scale runs."
    )
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    # An installed peerpact has bytecode, as its dependencies do; an editable
    # one under PYTHONDONTWRITEBYTECODE would recompile itself on every run.
    import compileall

    import peerpact

    compileall.compile_dir(Path(peerpact.__file__).parent, quiet=1)
    lines = [f"# peerpact benchmarks ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)"]
    startup(args.repeat, lines)
    first_prompt(args.repeat, lines)
    if not args.only_startup:
        scale([int(n) for n in args.sizes.split(",")], args.repeat, lines)
    report = "\n".join(lines) + "\n"
    args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
