"""Run every peerpact benchmark; print each figure as a ratio to a baseline
measured in the same run (interleaved runs, medians).

Usage: python bench/run.py [--sizes 100,1000,10000] [--revisions 1,1000,10000]
                           [--repeat 7] [--quick] [--plot] [--out FILE]
                           [--only startup,prompt,scale,grievance,history,versus]
                           [--against OTHER/.venv/bin/peerpact]
                           [--scale-cases "list,list 50,floor list"]
       python bench/run.py --replot bench/results/latest.json   (the plot again, no run)
       python bench/run.py redaction [--seed N]   (what redaction catches: bench/redaction.py)
       python bench/run.py receipt [--guesses 8]  (how fast a receipt is guessed: bench/receipt.py)
       python bench/run.py inbox_sync   (inbox sync against pyrage alone: bench/inbox_sync.py)

Records are made once per size with bench/make_records.py and cached in
bench/results/records-N (delete the folder to remake them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
DEVNULL = subprocess.DEVNULL
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


Case = list[str] | tuple[list[str], dict[str, str]]


def interleaved(
    cases: dict[Any, Case], env: dict[str, str], repeat: int, warm: bool = True
) -> dict[str, Timing]:
    """Run each case once per round, rounds in turn, so noise hits all alike.
    A case is an argv, or (argv, env) to run it elsewhere."""
    timings = {name: Timing() for name in cases}
    plain = {name: case if isinstance(case, tuple) else (case, env) for name, case in cases.items()}
    if warm:
        for argv, case_env in plain.values():  # warm the file cache (and the index)
            run_once(argv, case_env)
    for _ in range(repeat):
        for name, (argv, case_env) in plain.items():
            seconds, peak = run_once(argv, case_env)
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
    from organisation import join

    join(home, PEERPACT, env_for(home))  # a grievance is sealed: the home joins an organisation
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


def startup(repeat: int, lines: list[str], against: str | None = None) -> None:
    """`--help`, `--version` and `list` (100 records) against a bare Typer app's
    `--help`; with ``against`` (another peerpact, e.g. an older checkout's
    .venv/bin/peerpact) the same three of it, in the same rounds."""
    home = ensure_records(100)
    env = env_for(home)
    cases: dict[Any, Case] = {"bare typer --help": [PY, str(BENCH / "bare_typer.py"), "--help"]}
    for label, program in [("peerpact", PEERPACT), *([("against", against)] if against else [])]:
        cases[f"{label} --help"] = [program, "--help"]
        cases[f"{label} --version"] = [program, "--version"]
        cases[f"{label} list (100)"] = [program, "list"]
    t = interleaved(cases, env, repeat)
    base = t["bare typer --help"].median
    lines.append("\n## Start-up (target: at most 1.0x the bare Typer app's --help)\n")
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
    # Set up first: on a fresh home `new` asks setup's questions before its own.
    run_once([PEERPACT, "setup", "--no-input"], env)
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


def scale(
    sizes: list[int],
    repeat: int,
    lines: list[str],
    figures: dict[str, Any],
    only: set[str] | None = None,
) -> None:
    """verify --all on every core and on one, list warm, cold and limited,
    each against a floor that does only the unavoidable work, in one process."""
    lines.append(
        "\n## Scale (targets: verify --all <= 0.6x the one-core floor; warm list --limit 50"
        " <= 0.2 s and full warm list <= 1.0x the floor at 100,000; peak < 100 MiB)\n"
    )
    lines.append(
        "| records | verify s | 1 job s | floor s | ratio | list s | --limit 50 s | cold s "
        "| floor s | ratio | peak MiB |"
    )
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for count in sizes:
        home = ensure_records(count)
        env = env_for(home)
        pub = home / "facilitator.pub"
        subprocess.run([PEERPACT, "key", "export", str(pub)], env=env, check=True, stdout=DEVNULL)
        folder = str(home / "data" / "records")
        cold = f"rm -rf '{home / 'cache'}' && exec '{PEERPACT}' list"
        subprocess.run([PEERPACT, "list", "--limit", "1"], env=env, check=True, stdout=DEVNULL)
        cases: dict[str, Case] = {
            "verify": [PEERPACT, "verify", "--all"],
            "verify 1 job": [PEERPACT, "verify", "--all", "--jobs", "1"],
            "floor verify": [PY, str(BENCH / "floor_verify.py"), folder, str(pub)],
            "list": [PEERPACT, "list"],
            "list 50": [PEERPACT, "list", "--limit", "50"],
            "floor list": [PY, str(BENCH / "floor_list.py"), folder],
            # Last: it deletes the index and builds it again, warm for the next round.
            "list cold": ["sh", "-c", cold],
        }
        if only:  # some cases only (--scale-cases); the table shows what was run
            cases = {name: case for name, case in cases.items() if name in only}
            t = interleaved(cases, env, repeat, warm=count < 100_000)
            m = {name: timing.median for name, timing in t.items()}
            peaks = {name: f"{timing.peak_kib / 1024:.0f} MiB" for name, timing in t.items()}
            figures.setdefault("scale", {})[count] = m
            lines.append(f"| {count:,} | {m} | peaks {peaks} |")
            print(lines[-1], flush=True)
            continue
        t = interleaved(
            cases,
            env,
            repeat if count < 10_000 else max(1, repeat // 3),
            warm=count < 100_000,
        )
        m = {name: timing.median for name, timing in t.items()}
        peak = max(t[name].peak_kib for name in t if not name.startswith("floor")) / 1024
        figures.setdefault("scale", {})[count] = {**m, "peak MiB": peak}
        fv, fl = m["floor verify"], m["floor list"]
        verify_ratio = f"{m['verify'] / fv:.2f}x (1 job {m['verify 1 job'] / fv:.2f}x)"
        list_ratio = f"{m['list'] / fl:.2f}x (cold {m['list cold'] / fl:.2f}x)"
        lines.append(
            f"| {count:,} | {m['verify']:.2f} | {m['verify 1 job']:.2f} | {fv:.2f} "
            f"| {verify_ratio} | {m['list']:.2f} | {m['list 50']:.2f} | {m['list cold']:.2f} "
            f"| {fl:.2f} | {list_ratio} | {peak:.0f} |"
        )
        print(lines[-1], flush=True)


def grievance(sizes: list[int], repeat: int, lines: list[str], figures: dict[str, Any]) -> None:
    """A grievance with few records on disk and with many, in the same rounds."""
    if len(sizes) < 2:
        return
    text = [PEERPACT, "grievance", "--no-input", "--text", "The room was too cold."]
    for n in sizes:  # a grievance reads the index but never writes it: list makes it
        run_once([PEERPACT, "list", "--limit", "1"], env_for(ensure_records(n)))
    t = interleaved({n: (text, env_for(ensure_records(n))) for n in sizes}, {}, repeat)
    base = t[sizes[0]].median
    figures["grievance"] = {n: t[n].median for n in sizes}
    lines.append(f"\n## Grievance (target: with 10,000 records <= 1.2x with {sizes[0]:,})\n")
    lines.append("| records | median s | ratio |")
    lines.append("| --- | --- | --- |")
    for n in sizes:
        lines.append(f"| {n:,} | {t[n].median:.3f} | {t[n].median / base:.2f}x |")
        print(lines[-1], flush=True)


def history(sizes: list[int], repeat: int, lines: list[str], figures: dict[str, Any]) -> None:
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
        figures.setdefault("revisions", {})[count] = {
            **{name: timing.median for name, timing in t.items()},
            "peak MiB": peak,
        }
        lines.append(
            f"| {count:,} | {h:.2f} | {t['as-of'].median:.2f} | {t['verify'].median:.2f} "
            f"| {peak:.0f} | {target} |"
        )
        print(lines[-1], flush=True)


SCALE_SERIES = (
    ("verify", "verify --all (every core)"),
    ("verify 1 job", "verify --all --jobs 1"),
    ("floor verify", "verify floor (one core)"),
    ("list cold", "list, no index"),
    ("floor list", "list floor (parse every file)"),
    ("list", "list, index warm"),
    ("list 50", "list --limit 50"),
)
REVISION_SERIES = (
    ("history", "show --history"),
    ("as-of", "show --as-of 1"),
    ("verify", "verify ID"),
)


def plot(figures: dict[str, Any], path: Path) -> None:
    """The growth, as docs/performance.md shows it (matplotlib: the bench extra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    panels = (
        (left, "scale", "records", "Many records", SCALE_SERIES),
        (right, "revisions", "revisions in one record", "One long record", REVISION_SERIES),
    )
    for axes, key, xlabel, title, series in panels:
        data = {int(n): row for n, row in figures.get(key, {}).items()}
        xs = sorted(data)
        for name, label in series:
            axes.plot(xs, [data[x][name] for x in xs], marker="o", label=label)
        axes.set(xscale="log", yscale="log", xlabel=xlabel, ylabel="seconds (median)")
        axes.set_title(title)
        axes.legend(fontsize=8)
    fig.suptitle(f"peerpact, {os.cpu_count()} cores, medians of interleaved runs")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"wrote {path}")


def main() -> None:
    if sys.argv[1:2] in (["redaction"], ["receipt"], ["inbox_sync"]):
        # With their own arguments: recall and false positives (redaction.py);
        # guesses per second at a receipt (receipt.py); inbox sync against
        # pyrage alone (inbox_sync.py).
        script = BENCH / f"{sys.argv[1]}.py"
        sys.exit(subprocess.run([PY, str(script), *sys.argv[2:]]).returncode)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--revisions", default="1,1000,10000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--quick", action="store_true", help="CI-sized: 100 and 1,000 records, 3 rounds"
    )
    parser.add_argument(
        "--plot", action="store_true", help="draw docs/performance.png (needs .[bench])"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md")
    parser.add_argument(
        "--only-startup", action="store_true", help="Start-up figures only, no scale runs."
    )
    parser.add_argument(
        "--only",
        help="comma-separated parts to run: startup,prompt,scale,grievance,history,"
        "versus (with --against: verify, list, grievance against the other peerpact)",
    )
    parser.add_argument(
        "--scale-cases",
        help="comma-separated scale cases (verify, verify 1 job, floor verify, list, "
        "list 50, floor list, list cold): only those, each as median and peak",
    )
    parser.add_argument(
        "--against",
        metavar="PEERPACT",
        help="start-up: also time this other peerpact executable, in the same rounds",
    )
    parser.add_argument(
        "--replot", type=Path, metavar="JSON", help="only draw the plot from an earlier run"
    )
    args = parser.parse_args()
    if args.replot:
        plot(json.loads(args.replot.read_text("utf-8")), BENCH.parent / "docs" / "performance.png")
        return
    if args.quick:
        args.sizes, args.revisions, args.repeat = "100,1000", "1,1000", 3
    RESULTS.mkdir(exist_ok=True)
    # An installed peerpact has bytecode, as its dependencies do; an editable
    # one under PYTHONDONTWRITEBYTECODE would recompile itself on every run.
    import compileall

    import peerpact

    compileall.compile_dir(Path(peerpact.__file__).parent, quiet=1)
    sizes = [int(n) for n in args.sizes.split(",")]
    lines = [f"# peerpact benchmarks ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)"]
    figures: dict[str, Any] = {}
    parts = set(args.only.split(",")) if args.only else None
    if args.only_startup:
        parts = {"startup", "prompt"}
    if parts is None or "startup" in parts:
        startup(args.repeat, lines, args.against)
    if parts is None or "prompt" in parts:
        first_prompt(args.repeat, lines)
    if parts is None or "scale" in parts:
        only = set(args.scale_cases.split(",")) if args.scale_cases else None
        scale(sizes, args.repeat, lines, figures, only)
    if parts is None or "grievance" in parts:
        grievance(sizes, args.repeat, lines, figures)
    if parts is not None and "versus" in parts and args.against:
        from versus import versus

        versus(sizes, args.repeat, lines, args.against)
    if parts is None or "history" in parts:
        history([int(n) for n in args.revisions.split(",")], args.repeat, lines, figures)
    report = "\n".join(lines) + "\n"
    args.out.write_text(report, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(report)
    if args.plot:
        plot(figures, BENCH.parent / "docs" / "performance.png")


if __name__ == "__main__":
    main()
