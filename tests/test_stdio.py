"""`-` means standard input or output wherever a file is named, as in git and
tar: one test per command that takes a file. A file really called `-` is still
`./-`, and `-` given for a folder is refused, never made a folder."""

from __future__ import annotations

import json

import pytest

from peerpact.cli import app
from peerpact.errors import ExitStatus
from support.answers import ANSWERS
from support.pty import finish, screen, spawn_peerpact
from support.records import records_dir

PASSPHRASE = "correct horse battery staple"


def test_key_export_writes_the_key_to_stdout(peerpact, record_id, tmp_path, monkeypatch):
    result = peerpact("key", "export", "-")
    assert result.stdout.startswith("untrusted comment: minisign public key ")
    assert "Wrote the public key" in result.stderr  # beside the data, not in it
    monkeypatch.chdir(tmp_path)
    peerpact("key", "export", "./-")  # a file really called "-"
    assert (tmp_path / "-").read_text("ascii") == result.stdout


def test_verify_key_and_file_read_stdin(peerpact, record_id, peerpact_home):
    key = peerpact("key", "export", "-").stdout
    assert f"OK {record_id}:" in peerpact("verify", "--key", "-", record_id, input=key).stdout
    record = (records_dir(peerpact_home) / f"{record_id}.toml").read_text("utf-8")
    result = peerpact("verify", "--file", "-", input=record)
    assert f"OK {record_id}:" in result.stdout
    result = peerpact("verify", "--file", "-", input=record.replace("Robin", "Robyn", 1), expect=1)
    assert f"FAILED {record_id}:" in result.stdout


def test_key_trust_reads_stdin(peerpact, record_id, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "colleague"))
    peerpact("setup", "--no-input")
    theirs = peerpact("key", "export", "-").stdout
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "mine"))
    result = peerpact("key", "trust", "-", "--name", "Sam", input=theirs)
    assert "Trusted key" in result.stdout and "(Sam)" in result.stdout


def test_new_and_amend_read_answers_from_stdin(peerpact, peerpact_home):
    made = json.loads(
        peerpact("new", "--answers", "-", "--no-input", "--json", input=ANSWERS).stdout
    )
    more = (
        ANSWERS.split("[variables]")[0] + ANSWERS.split('organization = "Peer Support Space"\n')[1]
    )
    more = more.replace("Start by checking in about my week", "Tea first")
    peerpact("amend", made["id"], "--answers", "-", "--no-input", input=more)
    history = json.loads(peerpact("show", made["id"], "--history", "--format", "json").stdout)
    assert len(history) == 2


def test_export_and_its_copy_go_to_stdout_and_the_copy_verifies_from_stdin(peerpact, record_id):
    assert "Robin" in peerpact("export", record_id, "-f", "text", "-o", "-").stdout
    page = peerpact("export", record_id, "--copy", "-o", "-").stdout
    assert page.lstrip().lower().startswith("<!doctype html")
    result = peerpact("verify", "--copy", "-", input=page)
    assert f"OK {record_id}: this copy is genuine" in result.stdout
    result = peerpact(
        "export", record_id, "--copy", "-o", "-", "--pdf", expect=ExitStatus.BAD_INPUT
    )
    assert "leave out --pdf" in result.stderr


@pytest.mark.parametrize("what", [["backup"], ["key", "backup"]])
def test_a_backup_goes_to_stdout_and_comes_back_from_stdin(
    runner, peerpact, record_id, tmp_path, monkeypatch, what
):
    monkeypatch.setenv("PEERPACT_PASSPHRASE", PASSPHRASE)
    made = runner.invoke(app, [*what, "-"], catch_exceptions=False)
    assert made.exit_code == 0, made.stderr
    assert made.stdout_bytes.startswith(b"age-encryption.org/v1")
    assert "Wrote" in made.stderr
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "new-computer"))
    back = [*what[:-1], "restore", "-"]
    restored = runner.invoke(app, back, input=made.stdout_bytes, catch_exceptions=False)
    assert restored.exit_code == 0, restored.stderr
    assert "Restored" in restored.stdout


@pytest.mark.parametrize("what", [["backup"], ["key", "backup"]])
def test_a_backup_on_stdin_has_its_passphrase_asked_on_the_terminal(
    peerpact, record_id, tmp_path, monkeypatch, what
):
    """As gpg does: stdin carries the backup, so the passphrase is asked on
    the controlling terminal, not taken from the backup's bytes."""
    monkeypatch.setenv("PEERPACT_PASSPHRASE", PASSPHRASE)
    backup = tmp_path / "backup.age"
    peerpact(*what, str(backup))
    monkeypatch.delenv("PEERPACT_PASSPHRASE")
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "new-computer"))
    child = spawn_peerpact(*what[:-1], "restore", "-", stdin=str(backup))
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect("Restored")
    assert finish(child) == 0
    assert PASSPHRASE not in screen(child)


def test_backup_to_stdout_refuses_json(peerpact, record_id, monkeypatch):
    monkeypatch.setenv("PEERPACT_PASSPHRASE", PASSPHRASE)
    result = peerpact("backup", "-", "--json", expect=ExitStatus.BAD_INPUT)
    assert "leave out --json" in result.stderr


def test_template_validate_and_show_read_stdin(peerpact, peerpact_home):
    peerpact("template", "init", "mine")
    [made] = peerpact_home.rglob("mine.toml")
    text = made.read_text("utf-8")
    result = peerpact("template", "validate", "-", input=text)
    assert "is a valid template" in result.stdout
    assert "Mutual Agreement" in peerpact("template", "show", "-", "-f", "text", input=text).stdout


def test_grievance_check_reads_the_receipt_from_stdin_but_not_both(peerpact, tmp_path):
    result = peerpact(
        "grievance", "check", "-", "--receipt-file", "-", expect=ExitStatus.BAD_INPUT, input=""
    )
    assert "Only one of BUNDLE and --receipt-file" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["outbox", "export", "-"], ["inbox", "sync", "--maildir", "-"]],
)
def test_a_folder_is_never_dash(peerpact, peerpact_home, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = peerpact(*args, expect=ExitStatus.BAD_INPUT)
    assert "stands for standard input or output" in result.stderr
    assert not (tmp_path / "-").exists()
