"""Typing as people type: arrow keys, Home/End, word moves, backspace over any
character. The signed record holds exactly the text meant, and nothing typed
is kept anywhere else."""

from __future__ import annotations

import json

import pexpect
import pytest

from support.pty import BACKSPACE, END, HOME, LEFT, RIGHT, WORD_LEFT, answer, spawn_peerpact

# Past the first run: `new` goes straight to the interview.
pytestmark = pytest.mark.usefixtures("set_up")


def typed(child, prompt: str, keys: str) -> None:
    child.expect(prompt)
    child.send(keys)
    child.sendline("")


def test_editing_keys_make_exactly_the_text_meant(peerpact, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    child = spawn_peerpact("new", env={"HOME": str(home), "LANG": "C.UTF-8"})
    # "Rbin": Home, one right, "o" -> "Robin".
    typed(child, r"Member.*pseudonym is fine", "Rbin" + HOME + RIGHT + "o")
    answer(child, r"Robin's pronouns", "")
    # A typo fixed with backspace over an accented letter, then End.
    typed(child, r"Peer Supporter.*pseudonym is fine", "Aléx" + LEFT + BACKSPACE * 2 + "le" + END)
    answer(child, r"Alex's pronouns", "")
    answer(child, r"co-supporter\)\?", "no")
    answer(child, r"Part 1 of 4", "q")
    # Backspace over emoji and CJK, one character each.
    typed(child, r"W1: ", "café ñandú 🌱🌻" + BACKSPACE + " 日本語" + BACKSPACE * 2 + "本")
    # Word moves: two words back, insert, then to the end.
    typed(child, r"W2: ", "quiet room please" + WORD_LEFT * 2 + "big " + END + "!")
    # A control character typed literally (Ctrl-V, Ctrl-G) is not kept.
    typed(child, r"W3: ", "bell\x16\x07 rings")
    answer(child, r"W4: ", "")
    answer(child, r"N1: ", "")
    answer(child, r"B1: ", "")
    answer(child, r"Is this right\?", "y")
    answer(child, r"W1: ", "")
    answer(child, r"N1: ", "")
    answer(child, r"B1: ", "")
    answer(child, r"Is this right\?", "y")
    answer(child, r"Go on to consent\?", "yes")
    answer(child, r"Robin.*type your name", "Robin")
    answer(child, r"Alex.*type your name", "Alex")
    child.expect(r"Id: (?:\x1b\[[0-9;]*m)*(\w+)")
    record_id = child.match.group(1)
    child.expect(pexpect.EOF)

    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    robin, alex = data["parties"]
    assert (robin["name"], alex["name"]) == ("Robin", "Alex")
    assert [want["text"] for want in robin["wants"]] == [
        "café ñandú 🌱 日本",
        "quiet big room please!",
        "bell rings",
    ]
    signed = "".join(strings(data["revisions"][0]))
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in signed)
    # Nothing typed was written to a history file (or anywhere in HOME).
    assert list(home.iterdir()) == []


def strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        node = list(node.values())
    return [text for item in node for text in strings(item)] if isinstance(node, list) else []
