"""Only what is signed decides: every cached or unsigned file peerpact keeps,
edited by an attacker, never makes a command delete, verify, trust or leave
unredacted anything it would not have with the file intact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from peerpact.errors import ExitStatus
from support.keys import stranger_key
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


@pytest.mark.usefixtures("plain_messages")
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


# -- who may sign what -----------------------------------------------------------------


def _plant(home: Path, public, own: bool = True) -> None:
    """An entry an attacker adds to trusted.toml by hand."""
    path = home / "data" / "keys" / "trusted.toml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    text += (
        f'\n[[keys]]\nfingerprint = "{public.fingerprint}"\npublic_key = "{public.base64}"\n'
        f'name = "retired"\nown = {"true" if own else "false"}\nadded = "2026-01-01T00:00:00Z"\n'
    )
    path.write_text(text, encoding="utf-8")


def _forget_behind(home: Path, record_id: str, key, genuine) -> None:
    """Delete a record and append a `forgotten` witness line signed by ``key``."""
    from peerpact.record import witness

    (home / "data" / "records" / f"{record_id}.toml").unlink()
    witness.append(key, {genuine.fingerprint: genuine, key.public.fingerprint: key.public},
                   record_id, 1, "", witness.FORGOTTEN)  # fmt: skip


def test_a_planted_own_key_cannot_sign_a_record_away(peerpact, record_id, peerpact_home, tmp_path):
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_key

    genuine = load_key(get_paths().key_file)
    assert genuine is not None
    pub = tmp_path / "genuine.pub"
    pub.write_text(genuine.public.to_minisign(), encoding="utf-8")
    attacker = stranger_key(tmp_path)
    _plant(peerpact_home, attacker.public)
    _forget_behind(peerpact_home, record_id, attacker, genuine.public)
    for extra in ([], ["--key", str(pub)]):
        result = peerpact("verify", "--all", *extra, expect=ExitStatus.INVALID)
        assert f"FORGOTTEN {record_id}" not in result.stdout
    listed = json.loads(peerpact("key", "list", "--json").stdout)
    assert not any(
        entry["own"] for entry in listed if entry["fingerprint"] != genuine.public.fingerprint
    )


def test_a_tombstone_from_a_trusted_colleague_does_not_forget(
    peerpact, record_id, peerpact_home, tmp_path
):
    import base64

    from peerpact.record.forget import Tombstone, tombstone_path
    from peerpact.record.format import canonical

    colleague = stranger_key(tmp_path)
    pub = tmp_path / "colleague.pub"
    pub.write_text(colleague.public.to_minisign(), encoding="utf-8")
    peerpact("key", "trust", str(pub), "--name", "Sam")
    stone = Tombstone(record_id, "", "2026-01-01", colleague.public.fingerprint, "")
    signature = base64.b64encode(colleague.sign(canonical(stone.payload()))).decode()
    body = {**stone.payload(), "signature": signature}
    tombstone_path(record_id).write_text(json.dumps(body), encoding="utf-8")
    (peerpact_home / "data" / "records" / f"{record_id}.toml").unlink()
    result = peerpact("verify", "--all", expect=ExitStatus.INVALID)
    assert "not one of this computer's keys" in result.stdout
    assert f"FORGOTTEN {record_id}" not in result.stdout


def test_verify_names_the_signer_of_every_tombstone(peerpact, record_id):
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_key

    key = load_key(get_paths().key_file)
    assert key is not None
    peerpact("forget", record_id, "--yes")
    line = peerpact("verify", "--all").stdout
    assert f"FORGOTTEN {record_id}" in line and f"signed by {key.public.fingerprint}" in line


def test_a_retired_key_signs_nothing_after_its_retirement(peerpact, record_id, peerpact_home):
    from peerpact.paths import get_paths
    from peerpact.record import store
    from peerpact.record.format import revision_text, sign_revision
    from peerpact.record.keys import load_key

    old = load_key(get_paths().key_file)
    assert old is not None
    peerpact("key", "rotate", "--yes")
    assert "this computer's earlier key" in peerpact("verify", record_id).stdout
    path = store.find_record(record_id)
    record, data = store.read_record(path)
    time = "2999-01-01T00:00:00Z"
    change = {"op": "add", "party": "p1", "kind": "needs", "label": "N2", "text": "Call me."}
    said = [
        {"party": p, "signature": n, "time": time} for p, n in (("p1", "Robin"), ("p2", "Alex"))
    ]
    body = {"kind": "amended", "time": time, "changes": [change], "confirmations": said}
    path.write_bytes(
        data + revision_text(sign_revision(old, record.id, record.head, body)).encode("utf-8")
    )
    result = peerpact("verify", record_id, expect=ExitStatus.INVALID)
    assert result.stdout.splitlines()[0].endswith("after it was retired")


# -- files of its own, and their times -------------------------------------------------


def test_a_named_pipe_as_config_toml_is_refused_not_waited_on(peerpact, peerpact_home):
    import os

    config = peerpact_home / "config" / "config.toml"
    config.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.mkfifo(config, 0o600)
    result = peerpact("list", expect=ExitStatus.BAD_INPUT)
    assert "not a plain file" in result.stderr


@pytest.mark.usefixtures("plain_messages")
def test_the_first_grievance_leaves_the_data_folder_at_the_day_not_the_moment(
    peerpact, record_id, peerpact_home
):
    from peerpact.feedback.message import midnight_utc

    peerpact("grievance", "--no-input", "--text", "The room was too cold.")
    assert (peerpact_home / "data").stat().st_mtime == midnight_utc().timestamp()


# -- a damaged witness stops writers ---------------------------------------------------


def test_a_damaged_witness_log_stops_amend_end_and_forget(peerpact, record_id, peerpact_home):
    log = peerpact_home / "data" / "witness.log"
    whole = log.read_bytes()
    log.write_bytes(b"x" + whole)  # its first line spoiled
    for args in (
        [
            "amend",
            record_id,
            "--party",
            "Robin",
            "--reword",
            "B1",
            "No advice, ever",
            "--sign",
            "Robin",
            "--sign",
            "Alex",
            "--no-input",
        ],
        ["end", record_id, "--party", "Alex", "--sign", "Alex", "--no-input"],
        ["forget", record_id, "--yes"],
    ):
        result = peerpact(*args, expect=ExitStatus.INVALID)
        assert "witness log" in result.stderr and "--repair-witness" in result.stderr
    assert log.read_bytes() == b"x" + whole
    assert (peerpact_home / "data" / "records" / f"{record_id}.toml").exists()


@pytest.mark.parametrize("replay_index", [False, True])
def test_list_flags_a_record_whose_key_is_untrusted_whatever_the_index_says(
    peerpact, answers_file, tmp_path, monkeypatch, replay_index
):
    # A colleague's record, verified here while their key was trusted; then
    # the key is untrusted. An index kept from before (its rows and the keys
    # state beside them, which anyone can recompute) must not vouch for it.
    import shutil

    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "colleague"))
    result = peerpact("new", "--answers", str(answers_file), "--no-input", "--json")
    theirs = json.loads(result.stdout)["id"]
    pub = tmp_path / "colleague.pub"
    peerpact("key", "export", str(pub))
    mine = tmp_path / "mine"
    monkeypatch.setenv("PEERPACT_HOME", str(mine))
    peerpact("new", "--answers", str(answers_file), "--no-input")
    record = tmp_path / "colleague" / "data" / "records" / f"{theirs}.toml"
    shutil.copy(record, mine / "data" / "records" / record.name)
    peerpact("key", "trust", str(pub), "--name", "Sam")
    assert "FAILS VERIFICATION" not in peerpact("list").stdout
    kept = tmp_path / "index-while-trusted"
    shutil.copy(mine / "cache" / "index.sqlite3", kept)
    fingerprint = json.loads(peerpact("key", "list", "--json").stdout)[1]["fingerprint"]
    peerpact("key", "untrust", fingerprint)
    if replay_index:
        from peerpact.record.index.verdicts import keys_state

        shutil.copy(kept, mine / "cache" / "index.sqlite3")
        # The attacker recomputes the keys state the index was once checked against.
        index(mine).execute("UPDATE meta SET value = ? WHERE key = 'keys'", (keys_state(),))
    rows = [line for line in peerpact("list").stdout.splitlines() if theirs in line]
    assert "FAILS VERIFICATION" in rows[0]
