"""`peerpact amend` from options and answers files, and every way it refuses."""

from __future__ import annotations

import json

import pexpect
import pytest

from support.answers import write_answers
from support.pty import answer, spawn_peerpact
from support.records import SIGN, amend, as_json, party, record_path


def test_add_withdraw_and_reword_append_signed_revisions(peerpact, record_id, peerpact_home):
    path = record_path(peerpact_home, record_id)
    first = path.read_bytes()
    amend(peerpact, record_id, "--party", "Robin", "--boundary", "No hugs", "--want", "Tea", *SIGN)
    # Earlier bytes are never rewritten: the file only grows at the end.
    assert path.read_bytes().startswith(first)
    amend(
        peerpact,
        record_id,
        "--party",
        "alex",  # any case
        "--reword",
        "b1=I can't hold support around active substance use right now",
        *SIGN,
    )
    amend(peerpact, record_id, "--party", "Robin", "--withdraw", "B2", *SIGN)
    data = as_json(peerpact, record_id)
    robin, alex = party(data, "Robin"), party(data, "Alex")
    assert robin["boundaries"] == [{"label": "B1", "text": "No advice unless I ask for it"}]
    assert robin["wants"][-1] == {"label": "W2", "text": "Tea"}
    assert alex["boundaries"] == [
        {"label": "B1", "text": "I can't hold support around active substance use right now"}
    ]
    kinds = [(r["number"], r["kind"]) for r in data["revisions"]]
    assert kinds == [(1, "created"), (2, "amended"), (3, "amended"), (4, "amended")]
    assert data["revisions"][1]["confirmations"][0] == {
        "party": "p1",
        "signature": "Robin",
        "time": data["revisions"][1]["confirmations"][0]["time"],
    }
    assert [c["party"] for c in data["revisions"][1]["confirmations"]] == ["p1", "p2"]
    assert data["revisions"][2]["prev"] == data["revisions"][1]["hash"]
    peerpact("verify", record_id)


def test_reword_takes_a_label_and_then_the_text(peerpact, record_id):
    peerpact(
        "amend", record_id, "--party", "Robin", "--reword", "B1", "No advice, ever",
        "--reword", "W1=Check in first", *SIGN, "--no-input",
    )  # fmt: skip
    robin = json.loads(peerpact("show", record_id, "--format", "json").stdout)["parties"][0]
    assert robin["boundaries"] == [{"label": "B1", "text": "No advice, ever"}]
    assert robin["wants"] == [{"label": "W1", "text": "Check in first"}]
    result = peerpact("amend", record_id, "--party", "Robin", "stray", *SIGN, expect=2)
    assert "Unexpected argument 'stray'" in result.stderr


def test_labels_are_never_reused_after_a_withdrawal(peerpact, record_id):
    amend(peerpact, record_id, "--party", "Robin", "--withdraw", "B1", *SIGN)
    amend(peerpact, record_id, "--party", "Robin", "--boundary", "No hugs", *SIGN)
    data = as_json(peerpact, record_id)
    assert party(data, "Robin")["boundaries"] == [{"label": "B2", "text": "No hugs"}]
    # Alex's labels are Alex's own sequence.
    amend(peerpact, record_id, "--party", "Alex", "--boundary", "No late calls", *SIGN)
    assert party(as_json(peerpact, record_id), "Alex")["boundaries"][-1]["label"] == "B2"


def test_text_is_nfc_normalized_before_signing(peerpact, record_id):
    decomposed = "Cafe\u0301 chats are fine"
    amend(peerpact, record_id, "--party", "Robin", "--want", decomposed, *SIGN)
    wants = party(as_json(peerpact, record_id), "Robin")["wants"]
    assert wants[-1]["text"] == "Café chats are fine"


def test_answers_file_adds_the_items_listed(peerpact, record_id, tmp_path):
    answers = write_answers(
        tmp_path,
        """\
        [[parties]]
        role = "member"
        name = "Robin"
        needs = ["A five-minute warning before we end"]
        signature = "Robin"
        [[parties]]
        role = "supporter"
        name = "Alex"
        boundaries = ["No contact outside sessions"]
        signature = "Alex"
        """,
    )
    peerpact("amend", record_id, "--answers", str(answers), "--no-input")
    data = as_json(peerpact, record_id)
    assert party(data, "Robin")["needs"][-1] == {
        "label": "N2",
        "text": "A five-minute warning before we end",
    }
    assert party(data, "Alex")["boundaries"][-1] == {
        "label": "B2",
        "text": "No contact outside sessions",
    }
    peerpact("verify", record_id)


def test_signatures_can_be_typed_at_the_keyboard(peerpact, record_id):
    child = spawn_peerpact("amend", record_id, "--party", "Robin", "--boundary", "No hugs")
    child.expect("Robin added boundary B2: “No hugs”")
    answer(child, r"Robin.*type your name", "Robin")
    answer(child, r"Alex.*type your name", "Alex")
    child.expect(pexpect.EOF)
    assert party(as_json(peerpact, record_id), "Robin")["boundaries"][-1]["text"] == "No hugs"


def test_without_a_terminal_signing_is_refused_with_the_scripted_way(peerpact, record_id):
    result = peerpact(
        "amend", record_id, "--party", "Robin", "--boundary", "No hugs", input="Robin\nAlex\n",
        expect=2,
    )  # fmt: skip
    assert "no terminal to ask at" in result.stderr
    assert "--sign for each party" in result.stderr
    assert party(as_json(peerpact, record_id), "Robin")["boundaries"][-1]["text"] != "No hugs"


# -- refusals: a clear error, a non-zero exit, and the file untouched -------------------

REFUSALS = [
    pytest.param(
        ["--party", "Sam", "--want", "x", *SIGN],
        2,
        ["'Sam' is not a party", "Robin, Alex"],
        id="unknown-party",
    ),
    pytest.param(
        ["--party", "Robin", "--withdraw", "B7", *SIGN],
        2,
        ["Robin has no B7 to withdraw"],
        id="withdraw-missing",
    ),
    pytest.param(
        ["--party", "Robin", "--reword", "N4=x", *SIGN],
        2,
        ["Robin has no N4 to reword"],
        id="reword-missing",
    ),
    pytest.param(
        ["--party", "Robin", "--reword", "B1", *SIGN],
        2,
        ["--reword B1: the new text is missing"],
        id="reword-without-text",
    ),
    pytest.param(
        ["--party", "Robin", "--withdraw", "B1", "--reword", "B1=x", *SIGN],
        2,
        ["changed twice"],
        id="same-item-twice",
    ),
    pytest.param(
        ["--party", "Robin", *SIGN],
        2,
        ["Nothing to change"],
        id="nothing-to-change",
    ),
    pytest.param(
        ["--party", "Robin", "--want", "x", "--sign", "Robyn", "--sign", "Alex"],
        4,
        ["Robin has not confirmed", "'Robyn' is not the name of any party"],
        id="mismatched-signature",
    ),
    pytest.param(
        ["--party", "Robin", "--want", "x", "--sign", "Robin"],
        4,
        ["Alex has not confirmed"],
        id="missing-signature",
    ),
    pytest.param(["--want", "x", *SIGN], 2, ["--party NAME"], id="no-party"),
    pytest.param([], 2, ["--no-input needs --party"], id="nothing-given"),
]


@pytest.mark.parametrize(("args", "status", "words"), REFUSALS)
def test_bad_input_is_refused_and_writes_nothing(
    peerpact, record_id, peerpact_home, args, status, words
):
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    result = amend(peerpact, record_id, *args, expect=status)
    for word in words:
        assert word in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


def test_a_party_cannot_withdraw_another_partys_item(peerpact, record_id, peerpact_home):
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    # Robin has no N2; Alex has no W1 of their own, but Robin does.
    result = amend(peerpact, record_id, "--party", "Alex", "--withdraw", "W1", *SIGN, expect=2)
    assert "Alex has no W1 to withdraw" in result.stderr
    assert "Robin's to withdraw" in result.stderr
    assert path.read_bytes() == before


def test_unknown_record_id(peerpact):
    result = amend(peerpact, "zzzzzzzz", "--party", "Robin", "--want", "x", *SIGN, expect=3)
    assert "No record with id 'zzzzzzzz'" in result.stderr


def test_answers_with_a_wrong_role_or_stranger_writes_nothing(
    peerpact, record_id, peerpact_home, tmp_path
):
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    wrong_role = write_answers(
        tmp_path,
        """\
        [[parties]]
        role = "supporter"
        name = "Robin"
        wants = ["x"]
        signature = "Robin"
        """,
    )
    result = peerpact("amend", record_id, "--answers", str(wrong_role), "--no-input", expect=2)
    assert "Robin is the member in this agreement, not the supporter" in result.stderr
    stranger = write_answers(
        tmp_path,
        """\
        [[parties]]
        role = "member"
        name = "Sam"
        wants = ["x"]
        signature = "Sam"
        """,
        name="stranger.toml",
    )
    result = peerpact("amend", record_id, "--answers", str(stranger), "--no-input", expect=2)
    assert "'Sam' is not a party" in result.stderr
    assert path.read_bytes() == before


def test_tampered_record_is_never_amended(peerpact, record_id, peerpact_home):
    path = record_path(peerpact_home, record_id)
    tampered = path.read_text(encoding="utf-8").replace(
        "No advice unless I ask for it", "Advice whenever you like"
    )
    path.write_text(tampered, encoding="utf-8")
    before = path.read_bytes()
    result = amend(peerpact, record_id, "--party", "Robin", "--want", "x", *SIGN, expect=1)
    assert "does not verify" in result.stderr
    assert f"peerpact verify {record_id}" in result.stderr
    assert path.read_bytes() == before


def test_ended_agreement_is_not_amended(peerpact, record_id, peerpact_home):
    peerpact("end", record_id, "--party", "Alex", "--sign", "Alex", "--no-input")
    path = record_path(peerpact_home, record_id)
    before = path.read_bytes()
    result = amend(peerpact, record_id, "--party", "Robin", "--want", "x", *SIGN, expect=5)
    assert "has ended" in result.stderr
    assert path.read_bytes() == before
