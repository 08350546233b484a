"""Shared fixtures. Every test runs with PEERPACT_HOME in its own temp folder,
so no test can read or write the real home directory."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerpact.cli import app

ANSWERS = """\
template = "peer-support-space"
[variables]
organization = "Peer Support Space"
[[parties]]
role = "member"
name = "Robin"
pronouns = "they/them"
wants = ["Start by checking in about my week"]
needs = ["Sessions end on time"]
boundaries = ["No advice unless I ask for it"]
signature = "Robin"
[[parties]]
role = "supporter"
name = "Alex"
boundaries = ["I can't hold support around active substance use"]
signature = "Alex"
"""


#: The least an answers file needs: two parties who both consent.
PARTIES = """\
[[parties]]
role = "member"
name = "Robin"
signature = "Robin"
[[parties]]
role = "supporter"
name = "Alex"
signature = "Alex"
"""


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


class Peerpact:
    """Runs the CLI in-process as a user would type it."""

    def __init__(self, runner: CliRunner) -> None:
        self.runner = runner

    def __call__(self, *args: str, input: str | None = None, expect: int | None = 0):
        result = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (
                f"exit {result.exit_code} != {expect}\nstdout:\n{result.stdout}\n"
                f"stderr:\n{result.stderr}"
            )
        return result


@pytest.fixture
def peerpact(runner: CliRunner) -> Peerpact:
    return Peerpact(runner)


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def write_answers(tmp_path: Path, text: str, name: str = "answers.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def record_id(peerpact: Peerpact, answers_file: Path) -> str:
    """A fresh signed record made through the CLI; its id."""
    import json

    result = peerpact("new", "--answers", str(answers_file), "--no-input", "--json")
    return str(json.loads(result.stdout)["id"])


@pytest.fixture
def set_up(peerpact: Peerpact) -> None:
    """A computer past its first run (a key made), so `new` goes straight to the interview."""
    peerpact("setup", "--no-input")


def records_dir(home: Path) -> Path:
    return home / "data" / "records"


def spawn_peerpact(*args: str, env: dict[str, str] | None = None, timeout: float = 20):
    """peerpact in a real pseudo-terminal, for the interactive flows."""
    import pexpect

    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LINES": "50", "TERM": "xterm"}
    full_env.update(env or {})
    child = pexpect.spawn(
        sys.executable,
        ["-m", "peerpact", *args],
        env=full_env,
        encoding="utf-8",
        timeout=timeout,
        dimensions=(50, 120),
        # A runner started in the background (nohup, `&`) ignores SIGINT and
        # its children inherit that; Ctrl-C must reach peerpact as a person's would.
        preexec_fn=_default_sigint,
    )
    return child


# Keys as an xterm sends them.
LEFT, RIGHT, HOME, END = "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F"
WORD_LEFT, WORD_RIGHT = "\x1b[1;5D", "\x1b[1;5C"
BACKSPACE = "\x7f"
#: Ctrl-U: clears the line typed so far (an answer offered for editing, say).
CLEAR_LINE = "\x15"


def interrupt(child) -> None:
    """Ctrl-C once peerpact is waiting for a key.

    A SIGINT that lands after readline has shown the prompt but before it
    sleeps in select() is only acted on at the next key (a CPython readline
    race: a person simply presses Ctrl-C again). So wait until the process is
    asleep in select/poll (Linux /proc), then send it.
    """
    import time

    deadline = time.monotonic() + child.timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{child.pid}/wchan", encoding="ascii") as file:
                waiting_in = file.read()
        except OSError:
            break  # no /proc: send it at once
        if "poll" in waiting_in or "select" in waiting_in:
            break
        time.sleep(0.01)
    child.sendintr()


def answer(child, prompt: str, reply: str) -> None:
    """Wait until the screen shows ``prompt``, then type ``reply`` and Enter."""
    child.expect(prompt)
    child.sendline(reply)


def finish(child) -> int:
    """Wait for a pty child to end; its exit status."""
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def two_parties(child, co_supporter: str = "n") -> None:
    """Robin the member and Alex the supporter, no pronouns; ``co_supporter``
    answers whether to add another party."""
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "")
    answer(child, r"Peer Supporter.*pseudonym is fine", "Alex")
    answer(child, r"Alex's pronouns", "")
    answer(child, r"co-supporter\)\?", co_supporter)


def on_to_consent(child, reading: str = r"Part 1 of 4") -> None:
    """From reading the agreement to consent, adding nothing: q stops reading,
    both parties' lists are left empty, the reviews and the whole agreement accepted."""
    answer(child, reading, "q")
    for _ in range(2):
        for prompt in ("W1: ", "N1: ", "B1: ", r"Is this right\?"):
            answer(child, prompt, "")
    answer(child, r"Go on to consent\?", "")


def _default_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


# One worker process runs one peerpact command N times in a row, each time a
# separate `python -m peerpact` process, as a script would; "{n}" in an
# argument becomes the run's number.
_WORKER = """\
import subprocess, sys
count, args = int(sys.argv[1]), sys.argv[2:]
for n in range(count):
    subprocess.run(
        [sys.executable, "-m", "peerpact", *[a.replace("{n}", str(n)) for a in args]],
        check=True, stdout=subprocess.DEVNULL,
    )
"""


def run_workers(jobs: list[tuple[list[str], int]], timeout: float = 900) -> None:
    """Run every job's worker at once; fail with its stderr if any fails."""
    import subprocess

    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(count), *args],
            env=os.environ.copy(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for args, count in jobs
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=timeout)
        assert worker.returncode == 0, errors
