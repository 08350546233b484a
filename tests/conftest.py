"""Shared fixtures. Every test runs with PEERPACT_HOME in its own temp folder,
so no test can read or write the real home directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support.answers import ANSWERS
from support.cli import Peerpact
from support.clock import Clock
from support.dovecot import dovecot, imap_account  # noqa: F401  (fixtures: a real IMAP server)
from support.keyrings import memory_keyring  # noqa: F401  (a fixture for every module)
from support.smtp import smtp_server  # noqa: F401  (a fixture: every test module may ask for it)


@pytest.fixture(autouse=True)
def peerpact_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "peerpact-home"
    monkeypatch.setenv("PEERPACT_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    # English unless a test asks otherwise, whatever the machine's locale.
    monkeypatch.setenv("PEERPACT_LANG", "en")
    # A language chosen during one in-process run does not carry into the next test.
    monkeypatch.setattr("peerpact.i18n._chosen", None)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("PEERPACT_SMTP_PASSWORD", raising=False)
    # The developer's own keyring is never read (support/keyrings.py has one for tests).
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    # The developer's own pager and progress settings are not the tests'.
    for name in ("PAGER", "LESS", "LV", "PEERPACT_PAGER", "PEERPACT_PROGRESS"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture
def plain_messages(peerpact_home: Path) -> None:
    """Grievances filed unsealed, as an organisation that allows it would have
    them: for tests about the text itself, which read it in clear."""
    from support.orgs import allow_plain

    allow_plain(peerpact_home)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def peerpact(runner: CliRunner) -> Peerpact:
    return Peerpact(runner)


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


@pytest.fixture
def record_id(peerpact: Peerpact, answers_file: Path) -> str:
    """A fresh signed record made through the CLI; its id."""
    import json

    result = peerpact("new", "--answers", str(answers_file), "--no-input", "--json")
    return str(json.loads(result.stdout)["id"])


@pytest.fixture
def set_up(peerpact: Peerpact) -> None:
    """A computer past its first run (a key made, the organisation named), so
    `new` goes straight to the interview."""
    peerpact("setup", "--no-input")
    peerpact("config", "set", "organization.name", "Peer Support Space")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The time peerpact reads in this process, moved by the test (``clock.advance(seconds=2)``)."""
    fake = Clock()
    monkeypatch.setattr("peerpact.clock.source", fake)
    return fake
