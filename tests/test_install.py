"""A built wheel carries the templates: peerpact works outside the checkout."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from support.answers import ANSWERS

REPO = Path(__file__).resolve().parents[1]


def test_wheel_works_outside_the_checkout(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("peerpact-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "peerpact/agreement_templates/peer-support-space.toml" in names
    assert "peerpact/agreement/layouts/agreement.html.j2" in names
    # The catalogues are compiled as the wheel is built (hatch_build.py).
    assert "peerpact/locale/es/LC_MESSAGES/peerpact.mo" in names
    assert not [name for name in names if name.endswith(".po")]
    assert "peerpact/docs/record-format.md" in names
    # The guides error messages point to, and the licence the metadata declares.
    assert "peerpact/docs/user-guide.md" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode("utf-8")
    assert "License-Expression: MIT" in text
    # Only the guides from docs/: not the benchmark's plot (issue 25).
    assert not [name for name in names if name.endswith(".png")]
    assert "Project-URL: Source, https://" in text and "Keywords:" in text
    assert "Classifier: Programming Language :: Python :: 3.11" in text
    # Development tools are a dependency group (PEP 735), not a published extra.
    assert "Provides-Extra: test" not in text
    headers = text.split("\n\n", 1)[0]
    assert "Requires-Dist: cryptography" in headers
    assert not [line for line in headers.splitlines() if "ruff" in line or "mypy" in line]

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "answers.toml").write_text(ANSWERS, encoding="utf-8")
    spanish_answers = ANSWERS.replace('space"', 'space-es"')
    (elsewhere / "es.toml").write_text(spanish_answers, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target), "PEERPACT_HOME": str(tmp_path / "home")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "peerpact", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import peerpact; print(peerpact.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(target))
    made = run("new", "--answers", "answers.toml", "--no-input", "--json")
    assert made.returncode == 0, made.stderr
    record_id = json.loads(made.stdout)["id"]
    assert run("verify", "--all").returncode == 0
    text = run("show", record_id, "--format", "text").stdout
    assert "What Peer Support Is Not:" in text
    spanish = run("new", "--answers", "es.toml", "--no-input", "--json")
    assert spanish.returncode == 0, spanish.stderr
    es_id = json.loads(spanish.stdout)["id"]
    # Read from the compiled .mo: the wheel carries no .po.
    text = run("show", es_id, "--format", "text").stdout
    assert "Lo que añade cada parte" in text and "What each of us adds" not in text
    assert run("--version").stdout.startswith("peerpact ")

    # The guides errors point to are there, with no checkout anywhere near.
    guide = run("docs", "record-format")
    assert guide.returncode == 0, guide.stderr
    assert guide.stdout == (REPO / "docs" / "record-format.md").read_text(encoding="utf-8")
    assert "user-guide" in run("docs").stdout
    assert run("docs", "no-such-guide").returncode == 3


# What would let a dependency talk to the network by itself: peerpact sends
# nothing unless the outbox is sent, and sends that with the standard library.
HTTP_CLIENTS = {
    "requests",
    "urllib3",
    "httpx",
    "httpcore",
    "aiohttp",
    "pycurl",
    "httplib2",
    "requests-file",
    "treq",
    "niquests",
    "urllib3-future",
    "certifi",
}


def _requirements(name: str) -> set[str]:
    """Every distribution ``name`` needs when installed without extras."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if current in seen:
            continue
        seen.add(current)
        for requirement in metadata.requires(current) or []:
            if "extra ==" in requirement:
                continue
            marker = requirement.split(";", 1)
            if len(marker) == 2 and not _marker_holds(marker[1]):
                continue
            todo.append(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group())
    return seen - {re.sub(r"[-_.]+", "-", name).lower()}


def _marker_holds(marker: str) -> bool:
    from packaging.markers import Marker

    return Marker(marker).evaluate()


def test_no_http_client_among_the_dependencies():
    needed = _requirements("peerpact")
    assert "cryptography" in needed  # the walk reads the installed metadata
    assert not needed & HTTP_CLIENTS, f"an HTTP client came back: {needed & HTTP_CLIENTS}"
