"""A built wheel carries the templates: peerpact works outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ANSWERS

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
    assert "peerpact/docs/record-format.md" in names

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
    assert run("--version").stdout.startswith("peerpact ")

    # The guides errors point to are there, with no checkout anywhere near.
    guide = run("docs", "record-format")
    assert guide.returncode == 0, guide.stderr
    assert guide.stdout == (REPO / "docs" / "record-format.md").read_text(encoding="utf-8")
    assert "user-guide" in run("docs").stdout
    assert run("docs", "no-such-guide").returncode == 3
