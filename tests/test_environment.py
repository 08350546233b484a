"""Where state lives, when the environment is unusual."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from support.answers import ANSWERS


def run(args: list[str], env: dict[str, str], cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "peerpact", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_home_directory_and_no_peerpact_home(tmp_path):
    """With HOME unset, platformdirs' XDG folders are used; nothing breaks."""
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "PEERPACT_HOME")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")
    (tmp_path / "answers.toml").write_text(ANSWERS, encoding="utf-8")
    made = run(["new", "--answers", "answers.toml", "--no-input", "--json"], env, tmp_path)
    assert made.returncode == 0, made.stderr
    path = json.loads(made.stdout)["path"]
    assert path.startswith(str(tmp_path / "xdg-data" / "peerpact"))
    assert (tmp_path / "xdg-data" / "peerpact" / "keys" / "signing.key").exists()
    assert not (tmp_path / "xdg-config" / "peerpact" / "signing.key").exists()
    assert run(["verify", "--all"], env, tmp_path).returncode == 0


def test_a_home_that_does_not_exist_yet_is_created_private(tmp_path):
    env = {**os.environ, "PEERPACT_HOME": str(tmp_path / "not" / "yet")}
    (tmp_path / "answers.toml").write_text(ANSWERS, encoding="utf-8")
    made = run(["new", "--answers", "answers.toml", "--no-input"], env, tmp_path)
    assert made.returncode == 0, made.stderr
    records = tmp_path / "not" / "yet" / "data" / "records"
    assert oct(records.stat().st_mode & 0o777) == "0o700"
