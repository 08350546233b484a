"""Long work shows how far it has got, and long text goes through the pager,
as git does, on a terminal only (issue 25). Driven in a real pty."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from peerpact.paths import get_paths
from support.process import run
from support.pty import finish, spawn_peerpact

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def three_records(peerpact, answers_file) -> None:
    for _ in range(3):
        peerpact("new", "--answers", str(answers_file), "--no-input")


def _screen(*args: str, **env: str) -> tuple[str, int]:
    """What a terminal shows of a run, and its exit status."""
    child = spawn_peerpact(*args, env=env)
    status = finish(child)
    return child.before or "", status


@pytest.mark.usefixtures("three_records")
def test_verify_all_shows_progress_on_a_terminal_and_clears_it():
    screen, status = _screen("verify", "--all")
    assert status == 0
    assert "Verifying records: 1 of 3" in screen
    # Cleared before each verdict and at the end: with the clearing taken
    # out, every verdict starts a line of its own and no progress is left.
    seen = re.sub(r"\r\x1b\[KVerifying records: \d of 3\r\x1b\[K", "", screen)
    assert [line[:3] for line in seen.splitlines()] == ["OK "] * 3 + ["OK:"]
    assert screen.rstrip().endswith("OK: 3 record(s) verified.")


@pytest.mark.usefixtures("three_records")
def test_no_progress_with_json_or_plain_unless_asked():
    for args in (("verify", "--all", "--json"), ("--plain", "verify", "--all")):
        screen, _status = _screen(*args)
        assert "Verifying records" not in screen
    screen, _status = _screen("verify", "--all", "--json", PEERPACT_PROGRESS="1")
    assert "Verifying records: 1 of 3" in screen
    # Plain mode, asked: whole lines a screen reader reads once, no redrawing.
    screen, _status = _screen("--plain", "verify", "--all", PEERPACT_PROGRESS="1")
    assert "Verifying records: 30%\r\n" in screen and "\x1b[K" not in screen
    screen, _status = _screen("verify", "--all", PEERPACT_PROGRESS="0")
    assert "Verifying records" not in screen


@pytest.mark.usefixtures("three_records")
def test_no_progress_when_stderr_is_not_a_terminal():
    result = run("verify", "--all", PEERPACT_PROGRESS="1")
    assert result.returncode == 0
    assert "Verifying" not in result.stderr and "Verifying" not in result.stdout


@pytest.mark.usefixtures("three_records")
def test_an_index_rebuild_shows_progress():
    get_paths().index_file.unlink(missing_ok=True)
    screen, status = _screen("list")
    assert status == 0
    assert "Updating the index: 1 of 3" in screen
    assert "\x1b[Kid" in screen  # cleared before the table


@pytest.mark.usefixtures("three_records")
def test_backup_and_restore_show_progress(tmp_path, peerpact_home):
    backup = tmp_path / "all.peerpact-backup"
    screen, status = _screen("backup", str(backup), PEERPACT_PASSPHRASE=PASSPHRASE)
    assert status == 0, screen
    assert "Verifying records: 1 of 3" in screen
    screen, status = _screen(
        "restore", str(backup), PEERPACT_PASSPHRASE=PASSPHRASE, PEERPACT_HOME=str(tmp_path / "new")
    )
    assert status == 0, screen
    assert "Verifying records: 1 of 3" in screen and "Writing files: 1 of " in screen
    assert "Restored " in screen


def _pager(tmp_path: Path) -> str:
    """A pager that keeps what it was given, and the LESS it was run with."""
    script = tmp_path / "pager.py"
    script.write_text(
        "import os, sys\n"
        f"open({str(tmp_path / 'paged')!r}, 'wb').write(sys.stdin.buffer.read())\n"
        f"open({str(tmp_path / 'less')!r}, 'w').write(os.environ.get('LESS', ''))\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_docs_go_through_the_pager_on_a_terminal(tmp_path):
    guide = Path(__file__).resolve().parent.parent / "docs" / "user-guide.md"
    screen, status = _screen("docs", "user-guide", PAGER=_pager(tmp_path))
    assert status == 0
    assert (tmp_path / "paged").read_text(encoding="utf-8") == guide.read_text(encoding="utf-8")
    assert (tmp_path / "less").read_text() == "FRX"
    assert "peerpact user guide" not in screen  # the pager showed it, not peerpact


def test_peerpact_pager_wins_and_cat_or_empty_means_none(tmp_path):
    _shown, status = _screen(
        "docs", "json", PAGER="false", PEERPACT_PAGER=_pager(tmp_path), LESS="R"
    )
    assert status == 0
    assert (tmp_path / "paged").read_text(encoding="utf-8").startswith("# JSON output")
    assert (tmp_path / "less").read_text() == "R"
    for pager in ("cat", ""):
        screen, status = _screen("docs", "json", PAGER=pager)
        assert status == 0 and "# JSON output" in screen


def test_a_pager_that_is_not_there_is_passed_over(tmp_path):
    screen, status = _screen("docs", "json", PAGER=str(tmp_path / "no-such-pager"))
    assert status == 0 and "# JSON output" in screen


def test_no_pager_when_piped(tmp_path):
    result = run("docs", "json", PAGER=_pager(tmp_path))
    assert result.stdout.startswith("# JSON output")
    assert not (tmp_path / "paged").exists()


def test_show_history_goes_through_the_pager(record_id, tmp_path):
    _shown, status = _screen("show", record_id, "--history", PAGER=_pager(tmp_path))
    assert status == 0
    paged = (tmp_path / "paged").read_text(encoding="utf-8")
    assert paged.startswith(f"Agreement {record_id}: 1 revision(s), active.")
    assert "Revision 1 · created" in paged
