"""Each named exit code, produced the way a user would meet it."""

from __future__ import annotations

import pytest

from peerpact.errors import ExitStatus
from peerpact.files import locked
from peerpact.paths import get_paths


def test_ok(peerpact, record_id):
    assert peerpact("verify", record_id).exit_code == ExitStatus.OK


def test_invalid_for_a_tampered_record(peerpact, record_id, peerpact_home):
    path = get_paths().records_dir / f"{record_id}.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("Robin", "Robyn"), encoding="utf-8")
    peerpact("verify", record_id, expect=ExitStatus.INVALID)


def test_invalid_for_a_broken_template(peerpact, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n', encoding="utf-8")
    peerpact("template", "validate", str(bad), expect=ExitStatus.INVALID)


def test_bad_input(peerpact):
    peerpact("new", "--no-input", expect=ExitStatus.BAD_INPUT)


def test_usage_error_is_bad_input(peerpact):
    peerpact("show", expect=ExitStatus.BAD_INPUT)


def test_not_found(peerpact):
    peerpact("show", "zzzzzzzz", expect=ExitStatus.NOT_FOUND)


def test_declined(peerpact, record_id):
    peerpact(
        "end",
        record_id,
        "--party",
        "Robin",
        "--sign",
        "Bobin",
        "--no-input",
        expect=ExitStatus.DECLINED,
    )


def amend_args(record_id: str) -> list[str]:
    return ["amend", record_id, "--party", "Robin", "--want", "x", "--sign", "Robin",
            "--sign", "Alex", "--no-input"]  # fmt: skip


def test_conflict_for_an_ended_agreement(peerpact, record_id):
    peerpact("end", record_id, "--party", "Robin", "--sign", "Robin", "--no-input")
    peerpact(*amend_args(record_id), expect=ExitStatus.CONFLICT)


def test_conflict_while_another_process_holds_the_record(peerpact, record_id, monkeypatch):
    import peerpact.files as store

    monkeypatch.setattr(store, "LOCK_TIMEOUT_SECONDS", 0.2)
    path = get_paths().records_dir / f"{record_id}.toml"
    before = path.read_bytes()
    with locked(path):
        result = peerpact(*amend_args(record_id), expect=ExitStatus.CONFLICT)
    assert "another peerpact process" in result.stderr
    assert path.read_bytes() == before


def test_environment(peerpact, tmp_path, monkeypatch, answers_file):
    home = tmp_path / "a-file"
    home.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PEERPACT_HOME", str(home))
    peerpact("new", "--answers", str(answers_file), "--no-input", expect=ExitStatus.ENVIRONMENT)


@pytest.mark.usefixtures("plain_messages")
def test_delivery(peerpact):
    import socket

    peerpact("config", "set", "organization.leadership_email", "leads@example.org")
    peerpact("grievance", "--no-input", "--text", "A note.")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    peerpact(
        "outbox",
        "send",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        "--no-starttls",
        expect=ExitStatus.DELIVERY,
    )


@pytest.mark.parametrize("status", list(ExitStatus))
def test_every_status_is_distinct_and_documented(status):
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[1] / "docs" / "user-guide.md").read_text("utf-8")
    assert f"| {int(status)} |" in guide
    assert len({int(s) for s in ExitStatus}) == len(ExitStatus)
