"""`--plain` at 60 columns: every line of the whole interview fits the screen,
so a screen reader or a narrow terminal never gets a word split in two."""

from __future__ import annotations

import io
import re

import pexpect
import pytest

from support.pty import answer, interrupt, spawn_peerpact

WIDTH = 60
_CODES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()=>][A-Z0-9]?|[\x01\x02\x07]")

WHOLE_INTERVIEW = [
    # Wrapped at 60 columns: the last line of the question is beside the cursor.
    (r"Member: the name.*\s+.*fine\): ", "Robin"),
    (r"Robin's pronouns.*: ", "they/them"),
    (r"Peer Supporter: the name.*\s+.*fine\): ", "Alex"),
    (r"Alex's pronouns.*: ", ""),
    (r"co-supporter\)\? \S+: ", "n"),
    (r"Part 1 of 4.*: ", ""),
    (r"Part 2 of 4.*: ", ""),
    (r"Part 3 of 4.*: ", ""),
    (r"W1: ", "Check in about my week first"),
    (r"W2: ", ""),
    (r"N1: ", ""),
    (r"B1: ", "No advice unless I ask"),
    (r"B2: ", ""),
    (r"Is this right\?.*: ", "n"),
    (r"Is this right\?.*: ", "move B1 to 7"),
    (r"Is this right\?.*: ", "y"),
    (r"W1: ", ""),
    (r"N1: ", ""),
    (r"B1: ", ""),
    (r"Is this right\?.*: ", "y"),
    (r"Go on to consent\? .*: ", "y"),
    (r"Robin.*type your name to agree: ", ""),
    (r"Robin.*type your name to agree: ", "Robin"),
    (r"Alex.*type your name to agree: ", "Alx"),
    (r"Alex.*type your name to agree: ", "Alex"),
]


# Past the first run: `new` goes straight to the interview.
pytestmark = pytest.mark.usefixtures("set_up")


def screen_lines(text: str) -> list[str]:
    lines = []
    for line in _CODES.sub("", text).split("\n"):
        lines.append(line.rstrip("\r").rsplit("\r", 1)[-1])
    return lines


def test_every_line_of_the_interview_fits_60_columns(peerpact_home):
    log = io.StringIO()
    env = {"COLUMNS": str(WIDTH), "PEERPACT_PLAIN": "1"}
    child = spawn_peerpact("--plain", "new", env=env)
    child.setwinsize(50, WIDTH)
    child.logfile_read = log
    for prompt, reply in WHOLE_INTERVIEW:
        answer(child, prompt, reply)
    child.expect("Agreement recorded")
    child.expect(pexpect.EOF)
    # And the way out: Ctrl-C, keeping a draft.
    child = spawn_peerpact("--plain", "new", "--discard", env=env)
    child.setwinsize(50, WIDTH)
    child.logfile_read = log
    answer(child, WHOLE_INTERVIEW[0][0], "Robin")
    child.expect(r"pronouns")
    interrupt(child)
    answer(child, r"Keep your answers", "y")
    child.expect(pexpect.EOF)

    lines = screen_lines(log.getvalue())
    assert any("Peer services are individualized" in line for line in lines)
    too_long = [line for line in lines if len(line) > WIDTH]
    assert not too_long, "\n".join(too_long)


@pytest.mark.parametrize("plain", [(), ("--plain",)])
def test_a_bare_peerpact_wraps_its_words_beside_the_commands_at_60_columns(
    peerpact, monkeypatch, plain
):
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    lines = peerpact(*plain).stdout.splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    words = " ".join(line.strip() for line in lines).split()
    for word in ("session", "boundaries", "otherwise"):
        assert word in words  # never broken across two lines
    assert [line.split("  ")[0] for line in lines if line.startswith("peerpact ")] == [
        "peerpact new",
        "peerpact amend ID",
        "peerpact grievance",
    ]
