"""Conventions people know from git and gh: config get/set/unset/list/path/edit,
bare groups that show help, reads that never write, `-o -`, ambiguous ids,
`--json` on every command that reports, and Tab completion for fixed sets."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest
from pyrage import x25519

from peerpact.config import KEYS
from peerpact.errors import ExitStatus
from support.process import complete

#: A value `config set` accepts for every key, and what `config get` prints back.
VALUES = {
    "organization.name": "Riverside Peer Space",
    "organization.leadership_email": "leads@riverside.example",
    "organization.leadership_age_recipient": str(x25519.Identity.generate().to_public()),
    "organization.allow_unsealed": "true",
    "organization.language": "es",
    "supporter_name": "Sam",
    "grievance.categories": "kudos,concern",
    "smtp.host": "mail.riverside.example",
    "smtp.port": "2525",
    "smtp.starttls": "false",
    "smtp.implicit_tls": "true",
    "smtp.user": "sam@riverside.example",
    "smtp.password_command": "pass show mail/smtp",
    "imap.host": "imap.riverside.example",
    "imap.port": "1993",
    "imap.user": "leads@riverside.example",
    "imap.folder": "Grievances",
    "imap.password_command": "pass show mail/imap",
    "imap.ca_file": "/etc/ssl/riverside.pem",
    "retention.ended_days": "365",
    "drafts.keep_days": "3",
    "inbox.maildir": "/home/sam/Mail/leadership",
    "print.browser": "/opt/google/chrome/chrome",
    "print.paper": "letter",
    "variables.session_times": "on weekday evenings",
}


def test_every_key_round_trips_through_set_get_list_and_unset(peerpact, peerpact_home):
    assert set(KEYS) <= set(VALUES)
    before = json.loads(peerpact("config", "list", "--json").stdout)
    for key, value in VALUES.items():
        peerpact("config", "set", key, value)
        assert peerpact("config", "get", key).stdout == value + "\n"
    listed = json.loads(peerpact("config", "list", "--json").stdout)
    assert listed["smtp.port"] == 2525 and listed["smtp.starttls"] is False
    assert listed["grievance.categories"] == ["kudos", "concern"]
    assert listed["variables.session_times"] == "on weekday evenings"
    text = peerpact("config", "list").stdout
    assert "grievance.categories = kudos,concern" in text
    for key in VALUES:
        assert "Unset" in peerpact("config", "unset", key).stdout
        assert "was not set" in peerpact("config", "unset", key).stdout
    assert json.loads(peerpact("config", "show", "--json").stdout) == before
    peerpact("config", "get", "organization.name", expect=ExitStatus.NOT_FOUND)
    assert peerpact("config", "get", "smtp.port").stdout == "587\n"  # the default


@pytest.mark.parametrize("command", ["get", "unset", "set"])
def test_unknown_keys_suggest_the_nearest(peerpact, peerpact_home, command):
    args = ["config", command, "smtp.hots"] + (["x"] if command == "set" else [])
    result = peerpact(*args, expect=ExitStatus.BAD_INPUT)
    assert "Unknown config key `smtp.hots`" in result.stderr
    assert "Did you mean `smtp.host`?" in result.stderr
    assert not peerpact_home.exists()


def test_config_path_names_the_file_without_making_it(peerpact, peerpact_home):
    assert peerpact("config", "path").stdout == f"{peerpact_home / 'config' / 'config.toml'}\n"
    assert not peerpact_home.exists()


def editor(tmp_path: Path, text: str) -> str:
    """An $EDITOR that replaces the file with ``text``."""
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\nopen(sys.argv[1], 'w').write({text!r})\n", encoding="utf-8")
    return f"{sys.executable} {script}"


def test_config_edit_saves_a_valid_file(peerpact, peerpact_home, tmp_path, monkeypatch):
    peerpact("config", "set", "smtp.host", "old.example")
    monkeypatch.setenv("EDITOR", editor(tmp_path, '[smtp]\nhost = "new.example"\n'))
    assert "Saved" in peerpact("config", "edit").stdout
    assert peerpact("config", "get", "smtp.host").stdout == "new.example\n"
    config = peerpact_home / "config" / "config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[smtp]\nport = 'x'\n", "smtp.port"),
        ("[smtp\n", "TOML syntax error"),
        ("[smtp]\nhots = 'x'\n", "Did you mean `smtp.host`?"),
    ],
)
def test_config_edit_keeps_the_old_file_when_the_new_one_is_invalid(
    peerpact, peerpact_home, tmp_path, monkeypatch, text, words
):
    peerpact("config", "set", "smtp.host", "old.example")
    config = peerpact_home / "config" / "config.toml"
    old = config.read_bytes()
    monkeypatch.setenv("VISUAL", editor(tmp_path, text))
    result = peerpact("config", "edit", expect=ExitStatus.BAD_INPUT)
    assert words in result.stderr and "not changed" in result.stderr
    assert config.read_bytes() == old


@pytest.mark.parametrize("group", ["config", "key", "template", "outbox"])
def test_a_bare_group_shows_its_help(peerpact, peerpact_home, group):
    result = peerpact(group)
    assert f"Usage: peerpact {group}" in result.stdout and "Commands" in result.stdout
    assert not peerpact_home.exists()


def test_reads_never_write(peerpact, peerpact_home):
    reads = [
        ["list"],
        ["key", "show"],
        ["config", "list"],
        ["config", "get", "smtp.host"],
        ["config", "path"],
        ["outbox", "list"],
        ["template", "list"],
        ["verify", "--all"],
        ["forget", "--due"],
    ]
    for command in reads:
        peerpact(*command, expect=None)
    assert not peerpact_home.exists()


def test_export_to_stdout(peerpact, record_id):
    result = peerpact("export", record_id, "-f", "text", "-o", "-")
    assert "Robin" in result.stdout and "Wrote" not in result.stdout
    data = json.loads(peerpact("export", record_id, "-f", "json", "-o", "-").stdout)
    assert data["id"] == record_id


def test_export_into_a_missing_folder_is_an_error(peerpact, record_id, tmp_path):
    target = tmp_path / "no-such-folder" / "agreement.html"
    result = peerpact("export", record_id, "-o", str(target), expect=ExitStatus.BAD_INPUT)
    assert "does not exist" in result.stderr
    assert not target.parent.exists()
    result = peerpact("export", record_id, "--signatures", str(tmp_path / "a" / "b"), expect=2)
    assert not (tmp_path / "a").exists()


def test_export_json(peerpact, record_id, tmp_path):
    target = tmp_path / "a.md"
    made = json.loads(
        peerpact("export", record_id, "-f", "markdown", "-o", str(target), "--json").stdout
    )
    assert made == {"id": record_id, "path": str(target), "format": "markdown"}
    sigs = json.loads(
        peerpact("export", record_id, "--signatures", str(tmp_path / "s"), "--json").stdout
    )
    assert sigs["files"] == [f"{record_id}-r1.json", f"{record_id}-r1.json.minisig"]


def test_verify_json(peerpact, record_id, peerpact_home):
    report = json.loads(peerpact("verify", "--all", "--json").stdout)
    assert report["ok"] is True
    [entry] = report["records"]
    assert entry["id"] == record_id and entry["ok"] is True and entry["problems"] == []
    assert entry["revisions"] == 1 and len(entry["head"]) == 64 and entry["signers"]
    assert report["witness"]["entries"] == 1 and report["witness"]["damage"] == ""
    path = peerpact_home / "data" / "records" / f"{record_id}.toml"
    path.write_bytes(path.read_bytes().replace(b"Robin", b"Robyn"))
    result = peerpact("verify", "--all", "--json", expect=ExitStatus.INVALID)
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["records"][0]["problems"][0]["revision"] == 1


@pytest.mark.usefixtures("plain_messages")
def test_grievance_json_outbox_id(peerpact):
    filed = json.loads(peerpact("grievance", "--no-input", "--text", "Hi.", "--json").stdout)
    assert filed["sealed"] is False and filed["answerable"] is False
    listed = json.loads(peerpact("outbox", "list", "--json").stdout)
    assert [row["id"] for row in listed] == [filed["id"]]


@pytest.mark.usefixtures("plain_messages")
def test_outbox_send_json(peerpact, smtp_server):
    _, port = smtp_server
    peerpact("config", "set", "organization.leadership_email", "leads@space.example")
    filed = json.loads(peerpact("grievance", "--no-input", "--text", "Hi.", "--json").stdout)
    result = peerpact(
        "outbox", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
        "--no-starttls", "--json",
    )  # fmt: skip
    assert json.loads(result.stdout) == {
        "sent": [filed["id"]],
        "maybe_sent": [],
        "failed": [],
    }


def test_template_validate_json(peerpact, tmp_path):
    report = json.loads(peerpact("template", "validate", "peer-support-space", "--json").stdout)
    assert report["valid"] is True and report["id"] == "peer-support-space"
    broken = tmp_path / "broken.toml"
    broken.write_text("[template\n", encoding="utf-8")
    result = peerpact("template", "validate", str(broken), "--json", expect=None)
    assert result.exit_code != 0
    report = json.loads(result.stdout)
    assert report["valid"] is False and "TOML syntax error" in report["problem"]


@pytest.mark.usefixtures("plain_messages")
def test_completion_of_formats_config_keys_and_outbox_ids(peerpact):
    assert complete("export", "x", "--format", "") == ["markdown", "text", "html", "json"]
    assert complete("config", "get", "smtp.p") == ["smtp.password_command", "smtp.port"]
    assert complete("config", "set", "organization.l") == [
        "organization.language",
        "organization.leadership_age_recipient",
        "organization.leadership_email",
    ]
    filed = json.loads(peerpact("grievance", "--no-input", "--text", "Hi.", "--json").stdout)
    assert complete("outbox", "show", "") == [filed["id"]]


def test_help_lists_format_choices(peerpact):
    # In words beside the option (a metavar of choices is split mid-word when narrow).
    said = " ".join(peerpact("export", "--help").stdout.replace("│", " ").split())
    assert "FORMAT What to write: markdown, text, html or json." in said
