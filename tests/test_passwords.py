"""A mail server's password (peerpact.passwords): a password command, the
system keyring, typed on a terminal, in that order; never the command line
or the config file; each failure a clear error."""

from __future__ import annotations

import sys

import pytest

from peerpact.errors import UserInputError
from peerpact.passwords import KEYRING_SERVICE, Account, password
from support.smtp import file_notes

SMTP = Account("smtp", "mail.example.org", "me@example.org")
#: A command that prints its arguments, one a line: the first line is the password.
PRINT = f"{sys.executable} -c 'import sys; print(*sys.argv[1:], sep=chr(10))'"


def _never(prompt: str) -> str:
    raise AssertionError(f"asked {prompt!r}")


def _with(command: str) -> Account:
    return Account(SMTP.service, SMTP.host, SMTP.user, command)


def test_the_command_s_first_line_is_the_password() -> None:
    assert password(_with(f"{PRINT} 'correct horse' second"), _never) == "correct horse"


def test_the_command_runs_without_a_shell(tmp_path) -> None:
    # A shell would expand $HOME and run the `touch`; split by shlex, both are arguments.
    marker = tmp_path / "ran"
    assert password(_with(f"{PRINT} '$HOME;' touch {marker}"), _never) == "$HOME;"
    assert not marker.exists()


def test_a_command_wins_over_the_keyring(memory_keyring) -> None:
    memory_keyring.set_password(KEYRING_SERVICE, SMTP.keyring_user, "from the keyring")
    assert password(_with(f"{PRINT} 'from the command'"), _never) == "from the command"
    assert memory_keyring.asked == []


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (f"{sys.executable} -c 'raise SystemExit(3)'", "failed with exit status 3"),
        ("no-such-password-tool --get", "`no-such-password-tool` (smtp.password_command) was not"),
        (f"{sys.executable} -c 'pass'", "printed no password"),
        (f"{sys.executable} -c 'import sys; sys.stdout.buffer.write(bytes([255]))'", "not UTF-8"),
        ("pass show 'mail", "cannot be split into a command"),
    ],
)
def test_a_failing_command_is_a_clear_error_and_nothing_else_is_tried(
    memory_keyring, command: str, said: str
) -> None:
    memory_keyring.set_password(KEYRING_SERVICE, SMTP.keyring_user, "not this one")
    with pytest.raises(UserInputError) as failed:
        password(_with(command), _never)
    assert said in failed.value.message
    assert "smtp.password_command" in (failed.value.hint or "")
    assert memory_keyring.asked == []


def test_a_command_that_hangs_is_stopped() -> None:
    hangs = f"{sys.executable} -c 'import time; time.sleep(60)'"
    with pytest.raises(UserInputError, match=r"did not finish within 0\.2 seconds"):
        password(_with(hangs), _never, timeout=0.2)


def test_the_keyring_entry_is_service_peerpact_user_service_host_user(memory_keyring) -> None:
    memory_keyring.set_password("peerpact", "smtp:mail.example.org:me@example.org", "kept")
    assert password(SMTP, _never) == "kept"


def test_without_a_keyring_entry_the_person_is_asked(memory_keyring) -> None:
    prompts: list[str] = []
    typed = password(SMTP, lambda prompt: prompts.append(prompt) or "typed")
    assert typed == "typed"
    assert prompts == ["Password for me@example.org at mail.example.org: "]
    assert memory_keyring.asked == [("peerpact", "smtp:mail.example.org:me@example.org")]


def test_a_locked_keyring_is_passed_over(memory_keyring) -> None:
    memory_keyring.broken = True
    assert password(SMTP, lambda prompt: "typed") == "typed"


def test_without_the_keyring_package_the_person_is_asked(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # `import keyring` fails
    assert password(SMTP, lambda prompt: "typed") == "typed"


def test_an_empty_typed_password_is_refused() -> None:
    with pytest.raises(UserInputError, match="empty"):
        password(SMTP, lambda prompt: "")


def test_nowhere_to_find_it_names_the_three_ways() -> None:
    with pytest.raises(UserInputError) as failed:
        password(SMTP, None)
    hint = failed.value.hint or ""
    assert "no terminal" in failed.value.message
    assert "smtp.password_command" in hint
    assert "keyring set peerpact smtp:mail.example.org:me@example.org" in hint
    assert "terminal" in hint


@pytest.mark.usefixtures("plain_messages")
def test_a_failing_command_stops_outbox_send_before_anything_goes(peerpact, smtp_server) -> None:
    inbox, port = smtp_server
    file_notes(peerpact, "A note.")
    peerpact("config", "set", "smtp.password_command", "no-such-password-tool")
    failed = peerpact(
        "outbox", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
        "--no-starttls", "--insecure-plaintext", "--smtp-user", "me@space.example", expect=2,
    )  # fmt: skip
    assert "no-such-password-tool" in failed.stderr and "Traceback" not in failed.output
    assert inbox.messages == []


def test_a_password_in_the_config_file_is_refused(peerpact, peerpact_home) -> None:
    peerpact("config", "set", "smtp.user", "me@example.org")
    config = peerpact_home / "config" / "config.toml"
    path = config if config.exists() else next(peerpact_home.rglob("config.toml"))
    path.write_text(path.read_text() + 'password = "hunter2"\n')
    refused = peerpact("outbox", "send", expect=2)
    assert "`smtp.password` holds a password" in refused.stderr
    assert "hunter2" not in refused.output and "Traceback" not in refused.output


@pytest.mark.parametrize("key", ["smtp.password", "imap.password"])
def test_config_set_refuses_a_password(peerpact, key: str) -> None:
    refused = peerpact("config", "set", key, "hunter2", expect=2)
    assert "never keeps a password in its config file" in refused.stderr
    assert "password_command" in refused.stderr


def test_outbox_send_s_help_puts_no_password_in_shell_history(peerpact) -> None:
    shown = peerpact("outbox", "send", "--help").stdout
    assert "PASSWORD=" not in shown
    assert "smtp.password_command" in shown
