"""What a new facilitator met in their first week (issue 24), at a keyboard:
each step driven as a person would, and read from what they saw."""

from __future__ import annotations

import errno
import json
import tempfile

import pytest

from peerpact.errors import ExitStatus
from support.pty import answer, finish, screen, spawn_peerpact


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_home_peerpact_cannot_write_is_said_before_the_first_question(
    peerpact, set_up, monkeypatch, code
):
    # Root may write anywhere a mode forbids, so the disk's refusal is simulated
    # where every write starts: the temp file beside the target.
    def refuse(*args, **kwargs):
        raise OSError(code, "simulated")

    monkeypatch.setattr("peerpact.cli.ui.lineedit.is_terminal", lambda: True)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = peerpact("new", input="Robin\n", expect=ExitStatus.ENVIRONMENT)
    assert "may not write" in result.stderr and "Traceback" not in result.output
    assert "Member" not in result.output  # not one question was asked


def test_setup_shows_what_config_set_answered_and_asks_only_the_rest(peerpact):
    peerpact("config", "set", "organization.name", "Riverside Peer Space")
    peerpact("config", "set", "supporter_name", "Sam")
    child = spawn_peerpact("setup")
    answer(child, r"Change any of these\? \[y/N\]", "")  # Enter keeps them
    shown = screen(child)
    assert "Riverside Peer Space" in shown and "Sam" in shown
    answer(child, "Leadership's e-mail address", "leads@riverside.example")
    assert "organisation's name" not in screen(child).split("Change any")[-1]
    answer(child, "age public key", "")
    child.expect("Ready")
    assert "Your name, offered" not in screen(child)
    assert finish(child) == 0
    listed = json.loads(peerpact("config", "list", "--json").stdout)
    assert listed["organization.name"] == "Riverside Peer Space"
    assert listed["supporter_name"] == "Sam"
    assert listed["organization.leadership_email"] == "leads@riverside.example"


def test_setup_changes_an_answer_given_when_asked_to(peerpact):
    peerpact("config", "set", "organization.name", "Riverside Peer Space")
    child = spawn_peerpact("setup")
    answer(child, r"Change any of these\?", "y")
    answer(child, r"organisation's name.*Riverside Peer Space", "\x15Hillside")  # Ctrl-U, retype
    for prompt in ("Your name", "e-mail address", "age public key"):
        answer(child, prompt, "")
    child.expect("Ready")
    assert finish(child) == 0
    assert peerpact("config", "get", "organization.name").stdout.strip() == "Hillside"
