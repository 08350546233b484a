"""What a new facilitator met in their first week (issue 24): `--plain` for a
screen reader (item 11) and the help and errors as they are drawn (item 15)."""

from __future__ import annotations

import itertools
import json

import pexpect
import pytest

from peerpact.cli.commands import COMMANDS
from support.answers import PARTIES, write_answers
from support.pty import screen, spawn_peerpact


def test_plain_output_reads_no_markdown_backticks(peerpact, answers_file):
    made = peerpact("--plain", "new", "--answers", str(answers_file), "--no-input")
    record = next(word for word in made.stdout.split() if len(word) == 10 and word.isalnum())
    said = [
        made.stdout,
        peerpact("--plain").stdout,
        peerpact("--plain", "show", record).stdout,
        peerpact("--plain", "docs").stdout,
        peerpact("--plain", "show", "zzzz", expect=3).stderr,
        peerpact("--plain", "new", "--help").stdout,
        peerpact("--plain", "key", "--help").stdout,
        peerpact("--plain", "--help").stdout,
    ]
    assert f"peerpact show {record}" in made.stdout
    assert f"Record {record}, revision 1" in said[2]
    assert [text for text in said if "`" in text] == []
    # Without --plain, the Markdown stays for whoever renders it.
    assert "`" in peerpact("show", record, "--format", "markdown").stdout


@pytest.mark.parametrize("plain", [("--plain",), ()])
def test_list_never_splits_a_word_at_60_columns(peerpact, answers_file, plain):
    for _ in range(2):
        peerpact("new", "--answers", str(answers_file), "--no-input")
    ids = [row["id"] for row in json.loads(peerpact("list", "--json").stdout)]
    child = spawn_peerpact(*plain, "list", env={"COLUMNS": "60", "LINES": "50"})
    child.setwinsize(50, 60)
    child.expect(pexpect.EOF)
    lines = screen(child).splitlines()
    assert [line for line in lines if len(line) > 60] == []
    for record in ids:
        assert any(line.strip() == record for line in lines), lines
    assert sum("Robin, Alex" in line for line in lines) == 2
    # Wide enough, it stays one row a record.
    child = spawn_peerpact(*plain, "list", env={"COLUMNS": "100", "LINES": "50"})
    child.setwinsize(50, 100)
    child.expect(pexpect.EOF)
    assert (
        sum(
            line.startswith(ids[0]) and "Robin, Alex" in line for line in screen(child).splitlines()
        )
        == 1
    )


def test_help_has_no_stray_space_split_choice_or_braces(peerpact, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    new = peerpact("new", "--help").stdout
    assert "Template name or path (default: the built-in agreement in the interface's" in " ".join(
        new.replace("│", " ").split()
    )
    assert "path ." not in new
    for command in ("show", "export"):
        shown = peerpact(command, "--help").stdout
        assert "htm l" not in shown and "htm\n" not in shown
        assert "text, html or json." in " ".join(shown.replace("│", " ").split())
        assert f"Usage: peerpact {command} [OPTIONS] ID" in shown and "{ID}" not in shown
    assert "{ID}" not in peerpact("--plain", "amend", "--help").stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_paragraphs_wrap_whole(peerpact, monkeypatch, command):
    """A paragraph's lines fill the width; none holds a word or two left over
    from a break the source had ("--history`," alone on a line)."""
    monkeypatch.setenv("COLUMNS", "80")
    text = peerpact(command, "--help").stdout
    about = text.split("╭")[0].splitlines()
    short = [
        line
        for line, after in itertools.pairwise(about)
        if line.strip() and after.strip() and len(line.rstrip()) < 50
    ]
    assert short == [], text


def test_errors_off_a_terminal_are_never_hard_wrapped(peerpact, tmp_path, monkeypatch):
    # Rich's width when nothing says otherwise is 80 columns.
    monkeypatch.delenv("COLUMNS")
    answers = write_answers(tmp_path, PARTIES)
    refused = peerpact("new", "--answers", str(answers), "--no-input", expect=2).stderr
    lines = refused.splitlines()
    assert any(len(line) > 80 for line in lines)
    assert any("peerpact config set organization.name NAME" in line for line in lines)
    broken = write_answers(tmp_path, 'template = "peer-support-space', "broken.toml")
    said = peerpact("new", "--answers", str(broken), "--no-input", expect=2).stderr
    [first, *_] = said.splitlines()
    assert first.endswith("(reached the end of the file)."), said
