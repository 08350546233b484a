"""`peerpact amend` in a real pseudo-terminal: choose, change, review, go back, confirm."""

from __future__ import annotations

import pexpect

from support.pty import BACKSPACE, CLEAR_LINE, END, LEFT, answer, interrupt, spawn_peerpact
from support.records import SIGN, as_json, party, record_path


def choose_robin_and_change(child) -> None:
    """Robin adds a boundary, withdraws a want and rewords a boundary, with a typo."""
    child.expect("as it stands")
    child.expect(r"B1\S* No advice unless I ask for it")
    child.expect(r"1\. Robin \(Member\)")
    child.expect(r"2\. Alex \(Peer Supporter\)")
    answer(child, r"Whose wants, needs or boundaries change\?", "1")
    child.expect("Robin: add wants, needs and boundaries")
    # Numbering goes on from what Robin already has.
    answer(child, r"W2: ", "")
    answer(child, r"N2: ", "")
    answer(child, r"B2: ", "No hugs")
    answer(child, r"B3: ", "")
    answer(child, r"Withdraw any of Robin's\?", "W9")
    child.expect("Robin has no W9")
    answer(child, r"Withdraw any of Robin's\?", "w1")
    answer(child, r"Reword one of Robin's\?", "B1")
    child.expect("Now: No advice unless I ask for it")
    # The wording starts from the text it has; Ctrl-U clears it.
    child.expect(r"New wording for B1: No advice unless I ask for it")
    child.sendline(CLEAR_LINE + "No advise unless I ask")
    answer(child, r"Reword one of Robin's\?", "")
    child.expect("What changes for Robin")
    child.expect("Robin withdrew want W1: “Start by checking in about my week”")
    child.expect("Robin reworded boundary B1: “No advice unless I ask for it” → “No advise")
    child.expect("Robin added boundary B2: “No hugs”")


def test_amend_with_a_step_back_before_confirming(peerpact, record_id):
    child = spawn_peerpact("amend", record_id)
    choose_robin_and_change(child)
    # Robin spots the typo and goes back to the rewording only.
    answer(child, r"Is this right\?", "n")
    answer(child, r"What do you want to change\?", "reword")
    answer(child, r"Reword one of Robin's\?", "B1")
    # Starting from the wording typed before: a typo mended in place.
    child.expect(r"New wording for B1: No advise unless I ask")
    child.sendline(LEFT * 14 + BACKSPACE + "c" + END + ", please")
    answer(child, r"Reword one of Robin's\?", "")
    child.expect("“No advice unless I ask, please”")
    answer(child, r"Is this right\?", "y")
    answer(child, r"Robin.*type your name to agree to this change", "Robin")
    answer(child, r"Alex.*type your name to agree to this change", "Alx")
    child.expect("That is not exactly 'Alex'")
    answer(child, r"Alex.*type your name to agree to this change", "Alex")
    child.expect(r"Amended\..*is now at revision 2")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    data = as_json(peerpact, record_id)
    robin = party(data, "Robin")
    assert robin["wants"] == []
    assert robin["boundaries"] == [
        {"label": "B1", "text": "No advice unless I ask, please"},
        {"label": "B2", "text": "No hugs"},
    ]
    assert [c["signature"] for c in data["revisions"][1]["confirmations"]] == ["Robin", "Alex"]
    peerpact("verify", record_id)


def test_both_parties_change_in_one_revision(peerpact, record_id):
    child = spawn_peerpact("amend", record_id)
    choose_robin_and_change(child)
    answer(child, r"Is this right\?", "n")
    answer(child, r"What do you want to change\?", "party")
    answer(child, r"Whose wants, needs or boundaries change\?", "Alex")
    child.expect("Alex: add wants, needs and boundaries")
    answer(child, r"W1: ", "")
    answer(child, r"N1: ", "Ten minutes between sessions")
    answer(child, r"N2: ", "")
    answer(child, r"B2: ", "")
    answer(child, r"Withdraw any of Alex's\?", "")
    answer(child, r"Reword one of Alex's\?", "")
    # Robin's changes are still there, beside Alex's.
    child.expect("What changes for Robin and Alex")
    child.expect("Robin added boundary B2: “No hugs”")
    child.expect("Alex added need N1: “Ten minutes between sessions”")
    answer(child, r"Is this right\?", "y")
    answer(child, r"Robin.*type your name", "Robin")
    answer(child, r"Alex.*type your name", "Alex")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = as_json(peerpact, record_id)
    assert len(data["revisions"]) == 2
    assert party(data, "Alex")["needs"] == [{"label": "N1", "text": "Ten minutes between sessions"}]
    assert party(data, "Robin")["boundaries"][-1] == {"label": "B2", "text": "No hugs"}
    assert party(data, "Robin")["wants"] == []


def test_a_conflict_is_caught_when_the_label_is_typed(peerpact, record_id):
    child = spawn_peerpact("amend", record_id)
    answer(child, r"Whose wants, needs or boundaries change\?", "1")
    for prompt in ("W2: ", "N2: ", "B2: "):
        answer(child, prompt, "")
    answer(child, r"Withdraw any of Robin's\?", "B1")
    answer(child, r"Reword one of Robin's\?", "b1")
    child.expect("B1 is withdrawn in this change")
    answer(child, r"Reword one of Robin's\?", "")
    child.expect("Robin withdrew boundary B1")
    answer(child, r"Is this right\?", "n")
    answer(child, r"What do you want to change\?", "cancel")
    answer(child, r"Cancel every change\?", "y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4


def test_declining_to_confirm_leaves_the_file_byte_for_byte(record_id, peerpact_home):
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    child = spawn_peerpact("amend", record_id)
    choose_robin_and_change(child)
    answer(child, r"Is this right\?", "y")
    answer(child, r"Robin.*type your name", "Robin")
    answer(child, r"Alex.*type your name", "")
    child.expect("Nothing was typed")
    answer(child, r"Alex.*type your name", "decline")
    answer(child, r"Alex, do you decline\?", "y")
    child.expect("Alex did not consent. Nothing was written.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4
    assert path.read_bytes() == before


def test_cancel_and_ctrl_c_write_nothing(record_id, peerpact_home):
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    child = spawn_peerpact("amend", record_id)
    choose_robin_and_change(child)
    answer(child, r"Is this right\?", "n")
    answer(child, r"What do you want to change\?", "cancel")
    answer(child, r"Cancel every change\?", "yes")
    child.expect("Nothing was written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4

    child = spawn_peerpact("amend", record_id)
    answer(child, r"Whose wants, needs or boundaries change\?", "2")
    child.expect(r"W1: ")
    # Nothing changed yet, so nothing to keep: no question, no draft.
    interrupt(child)
    child.expect("Stopped. Nothing was written.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert path.read_bytes() == before
    assert not list((peerpact_home / "data" / "drafts").glob("*"))


def test_a_record_changed_while_people_review_is_not_amended(peerpact, record_id):
    child = spawn_peerpact("amend", record_id)
    choose_robin_and_change(child)
    answer(child, r"Is this right\?", "y")
    child.expect(r"Robin.*type your name")
    # Meanwhile, another amendment lands.
    peerpact("amend", record_id, "--party", "Alex", "--want", "Tea", *SIGN, "--no-input")
    child.sendline("Robin")
    answer(child, r"Alex.*type your name", "Alex")
    child.expect("changed by someone else while you were reviewing")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 5
    data = as_json(peerpact, record_id)
    assert len(data["revisions"]) == 2
    assert party(data, "Robin")["boundaries"] == [
        {"label": "B1", "text": "No advice unless I ask for it"}
    ]
