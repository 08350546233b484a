"""`peerpact end`: any party, no reason asked, nothing deleted."""

from __future__ import annotations

import json

import pexpect

from support.pty import answer, spawn_peerpact
from support.records import SIGN, as_json, record_path, split_revisions


def end(peerpact, record_id: str, *args: str, expect: int = 0):
    return peerpact("end", record_id, *args, "--no-input", expect=expect)


def test_either_party_may_end_and_nothing_is_deleted(peerpact, record_id, peerpact_home):
    peerpact("amend", record_id, "--party", "Robin", "--want", "Tea", *SIGN, "--no-input")
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    end(peerpact, record_id, "--party", "Alex", "--sign", "Alex")
    assert path.read_bytes().startswith(before)
    data = as_json(peerpact, record_id)
    assert data["status"] == "ended"
    last = data["revisions"][-1]
    assert (last["number"], last["kind"]) == (3, "ended")
    assert [c["party"] for c in last["confirmations"]] == ["p2"]
    # Every addition is still there, as it was agreed.
    assert data["parties"][0]["wants"][-1] == {"label": "W2", "text": "Tea"}
    peerpact("verify", record_id)

    _, blocks = split_revisions(path.read_text(encoding="utf-8"))
    ended = blocks[-1]
    assert 'kind = "ended"' in ended and 'ended_by = "p2"' in ended
    assert "note" not in ended  # nothing is stored that nobody volunteered


def test_list_and_show_say_it_ended(peerpact, record_id):
    end(peerpact, record_id, "--party", "Robin", "--sign", "Robin")
    rows = json.loads(peerpact("list", "--json").stdout)
    assert [(row["id"], row["status"]) for row in rows] == [(record_id, "ended")]
    assert "ended" in peerpact("list").stdout
    text = peerpact("show", record_id, "--format", "text").stdout
    assert "This agreement was ended by Robin on" in text
    assert f"Record {record_id}, revision 2" in text and "ended." in text
    # The terms were confirmed by both; ending them does not erase that.
    assert 'Robin (signed "Robin"' in text and 'Alex (signed "Alex"' in text


def test_a_volunteered_note_is_kept(peerpact, record_id):
    end(peerpact, record_id, "--party", "Robin", "--sign", "Robin", "--note", "Moving away")
    history = peerpact("show", record_id, "--history").stdout
    assert "Robin ended the agreement" in history
    assert "Note: Moving away" in history


def test_end_refusals_write_nothing(peerpact, record_id, peerpact_home):
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    result = end(peerpact, record_id, "--party", "Robin", "--sign", "Alex", expect=4)
    assert "Robin has not confirmed ending" in result.stderr
    result = end(peerpact, record_id, "--party", "Sam", "--sign", "Sam", expect=2)
    assert "'Sam' is not a party" in result.stderr
    result = end(peerpact, record_id, "--party", "Robin", expect=2)
    assert "--no-input needs --party NAME and --sign NAME" in result.stderr
    result = end(peerpact, "zzzzzzzz", "--party", "Robin", "--sign", "Robin", expect=3)
    assert "No record with id" in result.stderr
    assert path.read_bytes() == before

    end(peerpact, record_id, "--party", "Robin", "--sign", "Robin")
    ended = path.read_bytes()
    result = end(peerpact, record_id, "--party", "Alex", "--sign", "Alex", expect=5)
    assert "has ended" in result.stderr
    assert path.read_bytes() == ended


def test_interactive_end_asks_who_and_their_signature_only(peerpact, record_id):
    child = spawn_peerpact("end", record_id)
    child.expect(r"1\. Robin \(Member\)")
    answer(child, r"Who is ending it\?", "2")
    child.expect("no reason is asked")
    answer(child, r"Alex.*type your name to end the agreement", "Alex")
    # No question follows: the command finishes with these two answers.
    child.expect(r"Ended\..*revision 2")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = as_json(peerpact, record_id)
    assert data["status"] == "ended"
    assert data["revisions"][-1]["confirmations"][0]["signature"] == "Alex"


def test_interactive_end_declined_leaves_the_file_byte_for_byte(record_id, peerpact_home):
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    child = spawn_peerpact("end", record_id)
    answer(child, r"Who is ending it\?", "1")
    answer(child, r"Robin.*type your name to end the agreement", "back")
    answer(child, r"Who is ending it\?", "Robin")
    answer(child, r"Robin.*type your name to end the agreement", "decline")
    answer(child, r"Robin, do you decline\?", "y")
    child.expect("Robin did not consent. Nothing was written.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4
    assert path.read_bytes() == before


def test_a_tampered_record_is_not_ended(peerpact, record_id, peerpact_home):
    path = record_path(peerpact_home, record_id)
    path.write_text(
        path.read_text(encoding="utf-8").replace('name = "Alex"', 'name = "Alexa"'),
        encoding="utf-8",
    )
    before = path.read_bytes()
    result = end(peerpact, record_id, "--party", "Robin", "--sign", "Robin", expect=1)
    assert "does not verify (revision 1:" in result.stderr
    assert f"peerpact verify {record_id}" in result.stderr
    assert path.read_bytes() == before
