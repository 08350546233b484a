"""`peerpact new` in a real pseudo-terminal, answered as a member and a
supporter would answer it, reading the screen as they would."""

from __future__ import annotations

import json

import pexpect
import pytest

from support.pty import BACKSPACE, END, LEFT, answer, interrupt, spawn_peerpact
from support.records import records_dir


def stop(child) -> None:
    """Ctrl-C, and no draft kept."""
    interrupt(child)
    answer(child, r"Keep your answers as a draft", "n")
    child.expect(pexpect.EOF)


pytestmark = pytest.mark.usefixtures("set_up")


def parties_and_reading(
    child,
    supporter: str = "Alex",
    offered: str = "",
    organisation: str = "Peer Support Space",
    pronouns: str = "they/them",
) -> None:
    """Name the parties and read the agreement; ``offered`` is the supporter
    name peerpact offers (accepted with Enter)."""
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", pronouns)
    if offered:
        answer(child, rf"Peer Supporter.*pseudonym is fine.*\({offered}\)", "")
    else:
        answer(child, r"Peer Supporter.*pseudonym is fine", supporter)
    answer(child, rf"{supporter}'s pronouns", "")
    answer(child, r"co-supporter\)\?", "n")
    child.expect(f"{organisation} Mutual Agreement")
    for part in range(1, 4):
        child.expect(f"Part {part} of 4")
        child.sendline("")


def additions(child) -> None:
    child.expect("Robin: wants, needs and boundaries")
    answer(child, "W1", "Check in about my week first")
    answer(child, "W2", "")
    answer(child, "N1", "")
    answer(child, "B1", "No advise unless I ask")
    answer(child, "B2", "")
    # Robin reviews, spots the typo, and edits B1 where it is: ten steps left
    # from the end, over "s", type "c", back to the end.
    child.expect("Robin, here is what you added")
    child.expect("B1. No advise unless I ask")
    answer(child, r"Is this right\?", "n")
    child.expect("Type a label to edit that item")
    answer(child, r"Is this right\?", "B1")
    child.expect(r"B1: No advise unless I ask")
    child.send(LEFT * 14 + BACKSPACE + "c" + END)
    child.sendline("")
    child.expect("B1. No advice unless I ask")
    answer(child, r"Is this right\?", "y")
    child.expect("Alex: wants, needs and boundaries")
    answer(child, "W1", "")
    answer(child, "N1", "Sessions end on time")
    answer(child, "N2", "")
    answer(child, "B1", "I can't hold support around active substance use")
    answer(child, "B2", "")
    answer(child, r"Is this right\?", "y")
    child.expect("The whole agreement")
    child.expect("Check in about my week first")
    answer(child, r"Go on to consent\?", "y")


def test_member_and_supporter_agree_and_the_record_matches(peerpact, peerpact_home):
    child = spawn_peerpact("new")
    parties_and_reading(child)
    additions(child)
    answer(child, r"Robin.*type your name to agree", "Robin")
    # A typo is not consent: asked again.
    answer(child, r"Alex.*type your name to agree", "Alx")
    child.expect("That is not exactly 'Alex'")
    answer(child, r"Alex.*type your name to agree", "Alex")
    child.expect(r"Agreement recorded\.(?:\x1b\[[0-9;]*m)* Id: (?:\x1b\[[0-9;]*m)*(\w+)")
    record_id = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    robin, alex = data["parties"]
    assert (robin["name"], robin["role"], robin["pronouns"]) == ("Robin", "member", "they/them")
    assert robin["wants"] == [{"label": "W1", "text": "Check in about my week first"}]
    assert robin["boundaries"] == [{"label": "B1", "text": "No advice unless I ask"}]
    assert robin["needs"] == []
    assert (alex["name"], alex["role"], alex["pronouns"]) == ("Alex", "supporter", "")
    assert alex["needs"] == [{"label": "N1", "text": "Sessions end on time"}]
    signatures = [c["signature"] for c in data["revisions"][0]["confirmations"]]
    assert signatures == ["Robin", "Alex"]
    peerpact("verify", record_id)


def test_declining_at_consent_leaves_no_file(peerpact_home):
    child = spawn_peerpact("new")
    parties_and_reading(child)
    additions(child)
    answer(child, r"Robin.*type your name to agree", "Robin")
    # Enter alone is not a no: asked again, with the ways on.
    answer(child, r"Alex.*type your name to agree", "")
    child.expect("Nothing was typed")
    answer(child, r"Alex.*type your name to agree", "decline")
    answer(child, r"Alex, do you decline\?", "yes")
    child.expect("Alex did not consent. Nothing was written.")
    # A person's own choice, said plainly: not an error.
    assert "Error" not in child.before
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4
    assert not list(records_dir(peerpact_home).glob("*"))


def test_ctrl_c_while_reading_leaves_nothing(peerpact_home):
    child = spawn_peerpact("new")
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "")
    child.expect(r"Peer Supporter.*pseudonym is fine")
    interrupt(child)
    answer(child, r"Keep your answers as a draft to finish later\?", "n")
    child.expect("Stopped. Nothing was written.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not records_dir(peerpact_home).exists()


def test_supporter_name_defaults_from_config(peerpact, peerpact_home):
    peerpact("config", "set", "supporter_name", "Sam")
    child = spawn_peerpact("new")
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "")
    # Offered ready to keep or edit.
    child.expect(r"Peer Supporter.*pseudonym is fine\): Sam")
    child.sendline("")
    child.expect(r"Sam's pronouns")
    stop(child)


def test_a_name_already_taken_is_asked_again(peerpact_home):
    child = spawn_peerpact("new")
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "")
    answer(child, r"Peer Supporter.*pseudonym is fine", "robin")
    child.expect("Someone here is already called robin")
    answer(child, r"Peer Supporter.*pseudonym is fine", "Alex")
    child.expect(r"Alex's pronouns")
    stop(child)
