"""Typing as people type: arrow keys, Home/End, word moves, backspace over any
character. The signed record holds exactly the text meant, and nothing typed
is kept anywhere else."""

from __future__ import annotations

import json

import pytest

from support.pty import (
    BACKSPACE,
    DELETE,
    END,
    HOME,
    LEFT,
    RIGHT,
    WORD_LEFT,
    answer,
    signed_leaving_the_rest_empty,
    spawn_peerpact,
)
from support.terminal import Screen

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
    record_id = signed_leaving_the_rest_empty(child, "Robin", "Alex")

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


#: The first want's prompt as it shows, indented under its heading.
W1 = "  W1: "


def _at_the_first_want(size: tuple[int, int] = (50, 120)):
    """peerpact new up to W1 (Robin and Alex, the agreement not read), with
    the screen a person sees."""
    child = spawn_peerpact("new", size=size)
    shown = Screen(child, *size)
    # Robin and Alex, no pronouns (the questions wrap at 60 columns).
    for name in ("Robin", "Alex"):
        answer(child, r"\(a\s+pseudonym\s+is\s+fine\): ", name)
        answer(child, rf"{name}'s pronouns", "")
    answer(child, r"co-supporter\)\?", "n")
    answer(child, r"Part 1 of 4", "q")
    child.expect("W1: ")
    shown.wait_until(lambda screen: screen.cursor_row() == "  W1:")
    return child, shown


def _signed_wants(peerpact, child) -> list[str]:
    """Enter at the rest, the agreement signed: Robin's wants as recorded."""
    record_id = signed_leaving_the_rest_empty(child, "Robin", "Alex")
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    return [want["text"] for want in data["parties"][0]["wants"]]


def test_a_line_longer_than_the_screen_scrolls_on_its_own_row(peerpact):
    """5,000 characters at 60 columns, Home, type, End, type: the row being
    typed stays where it is, beside its prompt, with the rows above intact and
    nothing wrapped below; the cut ends are marked; what is saved is whole."""
    child, shown = _at_the_first_want(size=(24, 60))
    row, above = shown.cursor[0], shown.rows[: shown.cursor[0]]
    words = " ".join(f"w{number}" for number in range(2000))[:5000].strip()

    def steady(screen) -> bool:
        """The prompt's row and those above as they were, none below."""
        return (
            screen.cursor[0] == row
            and screen.rows[:row] == above
            and not any(screen.rows[row + 1 :])
            and screen.cursor_row().startswith(W1)
            and len(screen.cursor_row()) < 60
        )

    child.send(words)
    shown.wait_until(lambda screen: screen.cursor_row().endswith(words[-30:]))
    assert steady(shown) and shown.cursor_row().startswith(W1 + "<")
    assert shown.cursor[1] == len(shown.cursor_row())  # just after the text

    child.send(HOME)
    shown.wait_until(lambda screen: screen.cursor[1] == len(W1))
    assert steady(shown) and shown.cursor_row().startswith(W1 + words[:40])
    assert shown.cursor_row().endswith(">")
    child.send("Calm: ")
    shown.wait_until(lambda screen: screen.cursor_row().startswith(W1 + "Calm: w0 w1"))
    assert steady(shown) and shown.cursor[1] == len(W1 + "Calm: ")

    child.send(END)
    shown.wait_until(lambda screen: screen.cursor_row().endswith(words[-30:]))
    child.send("!")
    shown.wait_until(lambda screen: screen.cursor_row().endswith(words[-30:] + "!"))
    assert steady(shown) and shown.cursor_row().startswith(W1 + "<")
    assert shown.cursor[1] == len(shown.cursor_row())

    child.sendline("")
    assert _signed_wants(peerpact, child) == ["Calm: " + words + "!"]


def test_backspace_and_delete_take_a_whole_character(peerpact):
    """An emoji with its skin tone and joiner, and an accent typed as a
    combining mark, go in one key each, on screen and in the record."""
    child, shown = _at_the_first_want()
    child.send("Tea 👩🏽‍🦱")
    shown.wait_until(lambda screen: "🦱" in screen.cursor_row())
    child.send(BACKSPACE)
    shown.wait_until(lambda screen: screen.cursor_row() == W1 + "Tea")
    assert shown.cursor == (shown.cursor[0], len(W1 + "Tea "))
    # e + U+0301 is one letter: Backspace takes it whole; so does Delete.
    child.send("cafe\u0301" + BACKSPACE + "e\u0301s" + LEFT * 2 + DELETE + "!")
    shown.wait_until(lambda screen: screen.cursor_row() == W1 + "Tea caf!s")
    child.sendline("")
    child.expect("W2: ")
    child.send("a👩🏽‍🦱b" + LEFT + BACKSPACE + "c")
    shown.wait_until(lambda screen: screen.cursor_row() == "  W2: acb")
    child.sendline("")
    # A flag (two regional indicators), a Devanagari conjunct with its vowel
    # sign, a Hangul syllable typed as three jamo: one Backspace each.
    child.expect("W3: ")
    child.send("🇪🇸🇫🇷" + BACKSPACE + "क्षि" + BACKSPACE + "\u1100\u1161\u11a8" + BACKSPACE + "!")
    child.sendline("")
    assert _signed_wants(peerpact, child) == ["Tea caf!s", "acb", "🇪🇸!"]
