"""Only what is signed decides: every cached or unsigned file peerpact keeps,
edited by an attacker, never makes a command delete, verify, trust or leave
unredacted anything it would not have with the file intact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from peerpact.errors import ExitStatus
from support.outbox import outbox_bytes


def index(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "cache" / "index.sqlite3", isolation_level=None)


def test_a_forged_index_row_never_makes_forget_due_erase_a_live_agreement(
    peerpact, record_id, peerpact_home
):
    peerpact("config", "set", "retention.ended_days", "30")
    peerpact("list")  # the index now holds the row
    db = index(peerpact_home)
    db.execute("UPDATE records SET status='ended', updated='2001-01-01T00:00:00Z'")
    db.close()
    for args in (["--due"], ["--ended-before", "2020-01-01"]):
        result = peerpact("forget", *args, "--yes", "--json")
        assert json.loads(result.stdout) == {"forgotten": []}
    assert (peerpact_home / "data" / "records" / f"{record_id}.toml").exists()
    verified = peerpact("verify", "--all")
    assert f"OK {record_id}" in verified.stdout and "FORGOTTEN" not in verified.stdout
    assert verified.exit_code == ExitStatus.OK


def test_a_forged_names_table_never_turns_redaction_off(peerpact, record_id, peerpact_home):
    peerpact("list")
    db = index(peerpact_home)
    db.execute("UPDATE names SET key = 'zz', term = 'zzzz'")
    db.close()
    peerpact("grievance", "--no-input", "--text", "Robin and Alex broke the agreement.")
    sent = outbox_bytes(peerpact_home)
    assert sent and b"Robin" not in sent and b"Alex" not in sent


def test_list_and_the_forget_prompt_never_show_a_forged_party_or_status(
    peerpact, record_id, peerpact_home
):
    before = peerpact("list", "--json").stdout
    db = index(peerpact_home)
    db.execute("UPDATE records SET status = 'ended', parties = '[\"Mallory\"]'")
    db.close()
    assert peerpact("list", "--json").stdout == before
    assert "Mallory" not in peerpact("list").stdout
