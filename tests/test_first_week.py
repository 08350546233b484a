"""What a new facilitator met in their first week (issue 24), each through the CLI."""

from __future__ import annotations

from support.smtp import file_notes


def test_verify_alone_checks_every_record(peerpact, record_id):
    result = peerpact("verify")
    assert record_id in result.stdout and "OK" in result.stdout
    assert peerpact("verify", "--all").stdout == result.stdout


def test_verify_alone_fails_when_a_record_fails(peerpact, record_id, peerpact_home):
    path = peerpact_home / "data" / "records" / f"{record_id}.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("Robin", "Rubin"), encoding="utf-8")
    failed = peerpact("verify", expect=1)
    assert "FAILED" in failed.stdout + failed.stderr


def test_outbox_send_with_no_mail_server_says_what_to_set(peerpact, plain_messages):
    file_notes(peerpact, "A note.")
    result = peerpact("outbox", "send", expect=2)
    assert "No mail server is set" in result.stderr
    assert "peerpact org join FILE" in result.stderr
    assert "peerpact config set smtp.host HOST" in result.stderr
    assert "refused" not in result.stderr.lower() and "Traceback" not in result.output
    assert "waiting" in peerpact("outbox", "list").stdout
