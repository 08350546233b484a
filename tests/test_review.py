"""Edit anything before signing: single items by label, a party's name, and
`back` from every step of `peerpact new`, in a real pseudo-terminal."""

from __future__ import annotations

import json

import pexpect
import pytest

from support.pty import (
    CLEAR_LINE,
    END,
    answer,
    consent_and_sign,
    spawn_peerpact,
    two_parties,
)

# Past the first run: `new` goes straight to the interview.
pytestmark = pytest.mark.usefixtures("set_up")


def recorded(peerpact, child) -> dict:
    child.expect(r"Id: (?:\x1b\[[0-9;]*m)*(\w+)")
    record_id = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return json.loads(peerpact("show", record_id, "--format", "json").stdout)


def texts(party: dict, kind: str) -> list[str]:
    return [item["text"] for item in party[kind]]


def test_edit_remove_move_add_and_rename_before_signing(peerpact):
    child = spawn_peerpact("new")
    two_parties(child)
    answer(child, r"Part 1 of 4", "q")
    for prompt, text in [("W1", "Tea"), ("W2", "Check in"), ("W3", ""), ("N1", "")]:
        answer(child, f"{prompt}: ", text)
    for prompt, text in [("B1", "No hugs"), ("B2", "No advice"), ("B3", "")]:
        answer(child, f"{prompt}: ", text)
    answer(child, r"Is this right\?", "move W2 to 1")
    child.expect(r"W1\. Check in\s+W2\. Tea")
    answer(child, r"Is this right\?", "remove b1")
    child.expect("Removed B1: No hugs")
    child.expect(r"B1\. No advice")
    answer(child, r"Is this right\?", "add needs")
    answer(child, r"N1: ", "A quiet room")
    answer(child, r"N2: ", "")
    answer(child, r"Is this right\?", "rename")
    child.expect(r"Member.*pseudonym is fine\): Robin")
    child.sendline(CLEAR_LINE + "Robyn")
    answer(child, r"Robyn's pronouns", "she/her")
    child.expect("Robyn, here is what you added")
    answer(child, r"Is this right\?", "")
    for prompt in ("W1: ", "N1: ", "B1: ", r"Is this right\?"):
        answer(child, prompt, "")
    # From the whole agreement, back to Robyn's part for one more edit.
    answer(child, r"Go on to consent\?", "n")
    answer(child, r"Whose part do you want to change\?", "Robyn")
    answer(child, r"Is this right\?", "w1")
    child.expect(r"W1: Check in")
    child.sendline(END + " first")
    answer(child, r"Is this right\?", "")
    answer(child, r"Go on to consent\?", "y")
    answer(child, r"Robyn.*type your name", "Robyn")
    answer(child, r"Alex.*type your name", "Alex")
    robyn, alex = recorded(peerpact, child)["parties"]
    assert (robyn["name"], robyn["pronouns"]) == ("Robyn", "she/her")
    assert texts(robyn, "wants") == ["Check in first", "Tea"]
    assert texts(robyn, "needs") == ["A quiet room"]
    assert texts(robyn, "boundaries") == ["No advice"]
    assert alex["name"] == "Alex"


def test_back_from_every_step(peerpact):
    child = spawn_peerpact("new")
    answer(child, r"Member.*pseudonym is fine", "back")
    child.expect("This is the first question")
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "back")
    answer(child, r"Member.*pseudonym is fine\): Robin", "")
    answer(child, r"Robin's pronouns", "they/them")
    answer(child, r"Peer Supporter.*pseudonym is fine", "back")
    answer(child, r"Robin's pronouns.*: they/them", "")
    answer(child, r"Peer Supporter.*pseudonym is fine", "Alex")
    answer(child, r"Alex's pronouns", "")
    answer(child, r"co-supporter\)\?", "back")
    answer(child, r"Alex's pronouns", "")
    answer(child, r"co-supporter\)\?", "n")
    answer(child, r"Part 1 of 4", "back")
    answer(child, r"co-supporter\)\?", "n")
    answer(child, r"Part 1 of 4", "q")
    answer(child, r"W1: ", "Tea")
    answer(child, r"W2: ", "back")
    # Back to the reading; Tea is kept and shown when the list comes round.
    answer(child, r"Part 1 of 4", "q")
    child.expect(r"W1\. Tea")
    answer(child, r"W2: ", "")
    answer(child, r"N1: ", "back")
    answer(child, r"W2: ", "")
    answer(child, r"N1: ", "")
    answer(child, r"B1: ", "back")
    answer(child, r"N1: ", "")
    answer(child, r"B1: ", "")
    answer(child, r"Is this right\?", "back")
    answer(child, r"B1: ", "")
    answer(child, r"Is this right\?", "")
    answer(child, r"W1: ", "back")
    answer(child, r"Is this right\?", "")
    for prompt in ("W1: ", "N1: ", "B1: "):
        answer(child, prompt, "")
    answer(child, r"Is this right\?", "")
    answer(child, r"Go on to consent\?", "back")
    child.expect("Alex, here is what you added")
    answer(child, r"Is this right\?", "")
    answer(child, r"Go on to consent\?", "")
    answer(child, r"Robin.*type your name", "back")
    answer(child, r"Go on to consent\?", "yes")
    answer(child, r"Robin.*type your name", "Robin")
    answer(child, r"Alex.*type your name", "Alex")
    robin, alex = recorded(peerpact, child)["parties"]
    assert (robin["name"], robin["pronouns"], alex["name"]) == ("Robin", "they/them", "Alex")
    assert texts(robin, "wants") == ["Tea"]
    assert texts(robin, "boundaries") == texts(alex, "wants") == []


def test_a_co_supporter_added_can_be_removed_again(peerpact):
    child = spawn_peerpact("new")
    two_parties(child, co_supporter="yes")
    answer(child, r"Their role", "supporter")
    answer(child, r"Peer Supporter.*pseudonym is fine", "Sam")
    answer(child, r"Sam's pronouns", "")
    answer(child, r"co-supporter\)\?", "no")
    answer(child, r"Remove a party added here\?", "yes")
    answer(child, r"Which one\?", "Sam")
    consent_and_sign(child, "Robin", "Alex")
    assert [p["name"] for p in recorded(peerpact, child)["parties"]] == ["Robin", "Alex"]
