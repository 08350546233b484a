"""Keys and records that outlive a laptop: encrypted backups, restored on a
new computer, verified before anything is written."""

from __future__ import annotations

import io
import json
import shutil
import stat
import tarfile

import pexpect
import pyrage
import pytest

from peerpact.errors import ExitStatus
from support.pty import spawn_peerpact
from support.records import records_dir

PASSPHRASE = "correct horse battery staple"
AMEND = ["--party", "Robin", "--want", "Tea", "--sign", "Robin", "--sign", "Alex", "--no-input"]


@pytest.fixture
def passphrase(monkeypatch):
    monkeypatch.setenv("PEERPACT_PASSPHRASE", PASSPHRASE)


def hostile_backup(path, files: dict[str, bytes]) -> None:
    """An encrypted backup holding exactly ``files``, names spelled as given."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path.write_bytes(pyrage.passphrase.encrypt(buffer.getvalue(), PASSPHRASE))


def everything(home) -> dict[str, bytes]:
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file() and "cache" not in path.parts and not path.name.endswith(".lock")
    }


def test_back_up_wipe_restore_elsewhere_and_amend(
    peerpact, record_id, peerpact_home, tmp_path, monkeypatch, passphrase, plain_messages
):
    peerpact("config", "set", "organization.name", "Riverside Peer Space")
    peerpact("grievance", "--no-input", "--text", "The room was cold.")
    # Anything else in the data folder comes along, a sent message's Maildir name too.
    assert (peerpact_home / "data" / "witness.log").is_file()  # it comes along below
    sent = peerpact_home / "data" / "outbox" / "cur" / "0f3a:2,PS"
    sent.write_text("not a peerpact message\n", encoding="utf-8")
    fingerprint = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    before = everything(peerpact_home)
    target = tmp_path / "usb" / "peerpact.age"
    target.parent.mkdir()
    made = json.loads(peerpact("backup", str(target), "--json").stdout)
    assert made["records"] == 1 and made["fingerprint"] == fingerprint
    assert target.read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert b"Robin" not in target.read_bytes()
    peerpact("backup", str(target), expect=ExitStatus.CONFLICT)  # never overwritten

    shutil.rmtree(peerpact_home)
    new_home = tmp_path / "new-computer"
    monkeypatch.setenv("PEERPACT_HOME", str(new_home))
    monkeypatch.setenv("PEERPACT_PASSPHRASE", "not the passphrase")
    result = peerpact("restore", str(target), expect=ExitStatus.BAD_INPUT)
    assert "wrong passphrase" in result.stderr and "Traceback" not in result.output
    assert not new_home.exists()

    monkeypatch.setenv("PEERPACT_PASSPHRASE", PASSPHRASE)
    assert "all verified" in peerpact("restore", str(target)).stdout
    assert everything(new_home) == before
    key = new_home / "data" / "keys" / "signing.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    peerpact("verify", "--all")
    peerpact("amend", record_id, *AMEND)
    shown = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert len(shown["revisions"]) == 2
    assert shown["revisions"][1]["signer"] == fingerprint
    assert json.loads(peerpact("outbox", "list", "--json").stdout)[0]["status"] == "waiting"

    # Restoring over state that is there is refused, and writes nothing.
    now = everything(new_home)
    result = peerpact("restore", str(target), expect=ExitStatus.CONFLICT)
    assert "--overwrite" in result.stderr
    assert everything(new_home) == now


def test_a_backup_with_a_changed_record_is_refused_whole(
    peerpact, record_id, peerpact_home, tmp_path, passphrase
):
    path = records_dir(peerpact_home) / f"{record_id}.toml"
    path.write_bytes(path.read_bytes().replace(b"Robin", b"Robyn"))
    result = peerpact("backup", str(tmp_path / "b.age"), expect=ExitStatus.INVALID)
    assert record_id in result.stderr and "nothing was written" in result.stderr
    assert not (tmp_path / "b.age").exists()


def test_a_forgotten_record_stays_forgotten_across_a_backup(
    peerpact, answers_file, record_id, peerpact_home, tmp_path, monkeypatch, passphrase
):
    peerpact("forget", record_id, "--yes")
    stone = records_dir(peerpact_home) / f"{record_id}.forgotten"
    good = stone.read_bytes()
    stone.write_bytes(good.replace(b'"date": "', b'"date": "1'))
    result = peerpact("backup", str(tmp_path / "b.age"), expect=ExitStatus.INVALID)
    assert "tombstone has a bad signature" in result.stderr
    stone.write_bytes(good)
    peerpact("backup", str(tmp_path / "b.age"))
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "elsewhere"))
    peerpact("restore", str(tmp_path / "b.age"))
    assert f"{record_id}: forgotten on" in peerpact("verify", "--all").stdout


@pytest.mark.parametrize(
    "name", ["../escape.txt", "data/../../escape.txt", "/etc/peerpact.txt", "elsewhere/x.txt"]
)
def test_a_hostile_backup_writes_nothing(peerpact, peerpact_home, tmp_path, passphrase, name):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo(name)
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    hostile = tmp_path / "hostile.age"
    hostile.write_bytes(pyrage.passphrase.encrypt(buffer.getvalue(), PASSPHRASE))
    result = peerpact("restore", str(hostile), expect=ExitStatus.BAD_INPUT)
    assert "not a peerpact backup" in result.stderr
    assert not peerpact_home.exists()
    assert not (tmp_path / "escape.txt").exists()


def test_key_backup_and_restore_on_another_computer(
    peerpact, record_id, peerpact_home, tmp_path, monkeypatch, passphrase
):
    fingerprint = json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"]
    target = tmp_path / "key.age"
    peerpact("key", "backup", str(target))
    assert b"PRIVATE KEY" not in target.read_bytes()
    record = records_dir(peerpact_home) / f"{record_id}.toml"

    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "laptop-2"))
    peerpact("key", "restore", str(target))
    assert json.loads(peerpact("key", "show", "--json").stdout)["fingerprint"] == fingerprint
    assert "already here" in peerpact("key", "restore", str(target)).stdout
    moved = records_dir(tmp_path / "laptop-2") / record.name
    moved.parent.mkdir(mode=0o700)
    moved.write_bytes(record.read_bytes())
    peerpact("amend", record_id, *AMEND)
    peerpact("verify", record_id)

    # A different key is never replaced.
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "laptop-3"))
    peerpact("setup", "--no-input")
    result = peerpact("key", "restore", str(target), expect=ExitStatus.CONFLICT)
    assert "another signing key" in result.stderr


def test_a_file_peerpact_would_not_name_stops_the_backup(
    peerpact, record_id, peerpact_home, tmp_path, passphrase
):
    (peerpact_home / "data" / "my notes.txt").write_text("x", encoding="utf-8")
    result = peerpact("backup", str(tmp_path / "b.age"), expect=ExitStatus.BAD_INPUT)
    assert "my notes.txt" in result.stderr and not (tmp_path / "b.age").exists()


def test_short_passphrases_and_missing_keys(peerpact, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERPACT_PASSPHRASE", "short")
    peerpact("setup", "--no-input")
    result = peerpact("key", "backup", str(tmp_path / "k.age"), expect=ExitStatus.BAD_INPUT)
    assert "at least 8 characters" in result.stderr
    result = peerpact("backup", str(tmp_path / "nowhere" / "b.age"), expect=ExitStatus.BAD_INPUT)
    assert "does not exist" in result.stderr


def test_passphrase_is_typed_unseen_on_a_terminal(peerpact, tmp_path, monkeypatch):
    monkeypatch.delenv("PEERPACT_PASSPHRASE", raising=False)
    peerpact("setup", "--no-input")
    target = tmp_path / "key.age"
    child = spawn_peerpact("key", "backup", str(target))
    child.expect("Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect("same passphrase again: ")
    child.sendline(PASSPHRASE)
    child.expect("encrypted, to")
    child.expect(pexpect.EOF)
    assert PASSPHRASE not in (child.before or "")
    child.close()
    assert child.exitstatus == 0
    assert pyrage.passphrase.decrypt(target.read_bytes(), PASSPHRASE).startswith(b"-----BEGIN")


def test_a_key_in_the_old_config_folder_moves_to_the_data_folder(
    peerpact, peerpact_home, record_id
):
    new = peerpact_home / "data" / "keys" / "signing.key"
    old = peerpact_home / "config" / "signing.key"
    data = new.read_bytes()
    old.parent.mkdir(mode=0o700)
    new.rename(old)
    result = peerpact("verify", record_id)
    assert "Moved your signing key to the data folder" in result.stderr
    assert new.read_bytes() == data and not old.exists()
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert "Moved" not in peerpact("verify", record_id).stderr


def _own_flagged(public) -> bytes:
    return (
        f'[[keys]]\nfingerprint = "{public.fingerprint}"\npublic_key = "{public.base64}"\n'
        'name = "retired"\nown = true\nadded = "2026-01-01T00:00:00Z"\n'
    ).encode()


@pytest.mark.parametrize("victim_has_a_key", [True, False])
def test_a_restore_never_plants_a_key(
    peerpact, record_id, peerpact_home, tmp_path, monkeypatch, passphrase, victim_has_a_key
):
    """A backup holding only trusted.toml (the attacker's key, own = true) and
    a record that key signed: refused whole, unless the person names the key,
    and even then it is a colleague's, never this computer's."""
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_key

    attacker = load_key(get_paths().key_file)  # who made record_id
    assert attacker is not None
    forged = (records_dir(peerpact_home) / f"{record_id}.toml").read_bytes()
    hostile = tmp_path / "hostile.age"
    hostile_backup(
        hostile,
        {"data/keys/trusted.toml": _own_flagged(attacker.public),
         f"data/records/{record_id}.toml": forged},
    )  # fmt: skip
    victim = tmp_path / "victim"
    monkeypatch.setenv("PEERPACT_HOME", str(victim))
    if victim_has_a_key:
        peerpact("setup", "--no-input")
    before = everything(victim) if victim.exists() else {}
    result = peerpact("restore", str(hostile), expect=ExitStatus.INVALID)
    assert "unknown key" in result.stderr and "nothing was written" in result.stderr
    assert "--trust FINGERPRINT" in result.stderr and attacker.public.fingerprint in result.stderr
    assert (everything(victim) if victim.exists() else {}) == before
    assert attacker.public.fingerprint not in peerpact("key", "list").stdout

    # Named, as `key trust` names a key, it is trusted: as a colleague's.
    done = peerpact("restore", str(hostile), "--trust", attacker.public.fingerprint)
    assert f"Trusted key {attacker.public.fingerprint}" in done.stdout
    listed = {e["fingerprint"]: e for e in json.loads(peerpact("key", "list", "--json").stdout)}
    assert listed[attacker.public.fingerprint]["own"] is False
    assert "earlier key" not in listed[attacker.public.fingerprint]["trusted_as"]


def test_a_restore_brings_earlier_own_keys_and_names_what_it_leaves_out(
    peerpact, record_id, peerpact_home, tmp_path, monkeypatch, passphrase
):
    """A real backup after `key rotate` brings the retired key as this
    computer's; a colleague's key the backup trusted is left out, and said."""
    from support.keys import stranger_key

    peerpact("key", "rotate", "--yes")
    colleague = stranger_key(tmp_path).public
    pub = tmp_path / "sam.pub"
    pub.write_text(colleague.to_minisign(), encoding="utf-8")
    peerpact("key", "trust", str(pub), "--name", "Sam")
    peerpact("backup", str(tmp_path / "b.age"))
    monkeypatch.setenv("PEERPACT_HOME", str(tmp_path / "laptop-2"))
    result = peerpact("restore", str(tmp_path / "b.age"))
    assert f"Not trusted: key {colleague.fingerprint} (Sam)" in result.stdout
    assert "this computer's earlier key" in peerpact("verify", record_id).stdout
    assert colleague.fingerprint not in peerpact("key", "list").stdout


@pytest.mark.parametrize(
    "spelled",
    [
        "data/records/./{id}.toml",
        "data/./records/{id}.toml",
        "data/records/../records/{id}.toml",
        "data/records//{id}.toml",
        "data/Records/{id}.toml",
        "data/records/{id}.TOML",
        "data/records/./{id}.forgotten",
        "data/RECORDS/{id}.forgotten",
        "config/./config.toml",
        "config/Config.toml",
        "data/keys/./trusted.toml",
    ],
)
def test_a_member_is_checked_by_the_path_it_would_be_written_to(
    peerpact, record_id, peerpact_home, tmp_path, monkeypatch, passphrase, spelled
):
    """An edited record, a forged tombstone or a hostile config.toml under a
    name that a filesystem writes to where the checked file would go."""
    record = (records_dir(peerpact_home) / f"{record_id}.toml").read_bytes()
    edited = {
        ".toml": record.replace(b"Robin", b"Robyn"),
        "gotten": b'{"record": "' + record_id.encode() + b'", "signature": "AAAA"}',
    }.get(spelled[-6:], b"[smtp]\nhost = 42\n")
    key = (peerpact_home / "data" / "keys" / "signing.key").read_bytes()
    hostile = tmp_path / "hostile.age"
    files = {"data/keys/signing.key": key, spelled.format(id=record_id): edited}
    hostile_backup(hostile, files)
    victim = tmp_path / "victim"
    monkeypatch.setenv("PEERPACT_HOME", str(victim))
    result = peerpact("restore", str(hostile), expect=ExitStatus.BAD_INPUT)
    assert "not a peerpact backup" in result.stderr
    assert not victim.exists()


def _verdicts(result, record_id: str) -> list[str]:
    return [line for line in result.output.splitlines() if record_id in line]


def test_a_forgotten_record_an_old_backup_brings_back_has_one_verdict(
    peerpact, record_id, peerpact_home, tmp_path, passphrase
):
    """Backed up, then forgotten, then the old backup restored over it: the
    signed forgetting stands, and says the file is back; never OK and
    FORGOTTEN for one id."""
    record = records_dir(peerpact_home) / f"{record_id}.toml"
    peerpact("backup", str(tmp_path / "old.age"))
    peerpact("forget", record_id, "--yes")
    peerpact("restore", str(tmp_path / "old.age"), "--overwrite")
    assert record.exists() and record.with_suffix(".forgotten").exists()
    for args in (["--all"], [record_id]):
        result = peerpact("verify", *args, expect=ExitStatus.INVALID)
        [line] = _verdicts(result, record_id)
        assert line.startswith(f"FAILED {record_id}: record: forgotten on purpose on ")
        assert "yet its file is back" in line and f"peerpact forget {record_id}" in line
    # The tombstone beside it is judged with it, not counted as a second record named.
    result = peerpact("verify", record_id, "--head", "0" * 16, expect=ExitStatus.INVALID)
    assert "name exactly one" not in result.output
    assert _verdicts(result, record_id)[0].startswith(f"FAILED {record_id}")
    kept = record.read_bytes()
    peerpact("forget", record_id, "--yes")
    [line] = _verdicts(peerpact("verify", "--all"), record_id)
    assert line.startswith(f"FORGOTTEN {record_id}")

    # The record back and the tombstone lost: the witness log's last signed word decides.
    record.write_bytes(kept)
    record.with_suffix(".forgotten").unlink()
    [line] = _verdicts(peerpact("verify", "--all", expect=ExitStatus.INVALID), record_id)
    assert line.startswith(f"FAILED {record_id}: record: forgotten on purpose on ")


def test_a_key_that_appears_during_a_restore_is_a_clear_error_not_a_crash(
    peerpact, record_id, peerpact_home, tmp_path, monkeypatch, passphrase
):
    from peerpact.record import backup

    target = tmp_path / "peerpact.age"
    peerpact("backup", str(target))
    new_home = tmp_path / "new-computer"
    monkeypatch.setenv("PEERPACT_HOME", str(new_home))
    checked = backup.check

    def then_a_key_appears(*args, **kwargs):  # another peerpact's `setup`, meanwhile
        checked(*args, **kwargs)
        key = new_home / "data" / "keys" / "signing.key"
        key.parent.mkdir(mode=0o700, parents=True)
        key.write_bytes(b"theirs")

    monkeypatch.setattr(backup, "check", then_a_key_appears)
    result = peerpact("restore", str(target), expect=ExitStatus.CONFLICT)
    assert "A signing key appeared at" in result.stderr and "Traceback" not in result.output
    assert (new_home / "data" / "keys" / "signing.key").read_bytes() == b"theirs"
    assert not (new_home / "data" / "records").exists()
