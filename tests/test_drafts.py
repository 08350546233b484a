"""Drafts: no stop loses an answer. SIGKILL at every step, then resume; drafts
are private, listed without content, deleted when done, and expire."""

from __future__ import annotations

import json
import os
import signal
import stat
import time

import pexpect
import pytest

from support.pty import (
    CLEAR_LINE,
    answer,
    consent_and_sign,
    interrupt,
    on_to_consent,
    spawn_peerpact,
    supporter,
)
from support.records import records_dir

#: The whole `new` interview, prompt by prompt, as a member and supporter answer it.
NEW_SCRIPT = [
    (r"Member.*pseudonym is fine\): ", "Robin"),
    (r"Robin's pronouns.*: ", "they/them"),
    (r"Peer Supporter.*pseudonym is fine\): ", "Alex"),
    (r"Alex's pronouns.*: ", ""),
    (r"co-supporter\)\? \S+: ", "n"),
    (r"Part 1 of 4.*: ", ""),
    (r"Part 2 of 4.*: ", ""),
    (r"Part 3 of 4.*: ", ""),
    (r"W1: ", "Check in about my week first"),
    (r"W2: ", ""),
    (r"N1: ", "A quiet room"),
    (r"N2: ", ""),
    (r"B1: ", "No advice unless I ask"),
    (r"B2: ", ""),
    (r"Is this right\?.*: ", "y"),
    (r"W1: ", ""),
    (r"N1: ", "Sessions end on time"),
    (r"N2: ", ""),
    (r"B1: ", "No contact outside sessions"),
    (r"B2: ", ""),
    (r"Is this right\?.*: ", "y"),
    (r"Go on to consent\? .*: ", "y"),
    (r"Robin.*type your name to agree: ", "Robin"),
    (r"Alex.*type your name to agree: ", "Alex"),
]


# Past the first run: `new` goes straight to the interview.
pytestmark = pytest.mark.usefixtures("set_up")


def resumes_at(index: int) -> int:
    """Where a resumed interview asks again: reading starts at part 1, and
    consent (never kept) at the whole agreement; every other answer is kept."""
    prompt = NEW_SCRIPT[index][0]
    if prompt.startswith("Part"):
        return 5
    if "type your name" in prompt:
        return 21
    return index


def the_draft(home) -> tuple[str, str]:
    [path] = (home / "data" / "drafts").iterdir()
    return path.stem, path.read_text(encoding="utf-8")


def test_sigkill_new_at_every_step_then_resume_keeps_every_answer(peerpact, peerpact_home):
    child = spawn_peerpact("new")
    for index, (prompt, reply) in enumerate(NEW_SCRIPT):
        child.expect(prompt)
        child.kill(signal.SIGKILL)
        child.close()
        if index == 0:  # nothing answered yet: nothing is kept, and new starts afresh
            assert not (peerpact_home / "data" / "drafts").exists()
            child = spawn_peerpact("new")
            child.expect(prompt)
            child.sendline(reply)
            continue
        draft_id, text = the_draft(peerpact_home)
        for _, earlier in NEW_SCRIPT[: min(index, 21)]:
            assert earlier in text, f"killed at step {index}: {earlier!r} was lost"
        child = spawn_peerpact("new", "--resume", draft_id)
        for again, given in NEW_SCRIPT[resumes_at(index) : index]:
            # Asked again with the answer in place: Enter keeps it.
            child.expect(again)
            child.sendline("" if again.startswith("Part") or "?" in again else given)
        child.expect(prompt)
        child.sendline(reply)
    child.expect(r"Id: (?:\x1b\[[0-9;]*m)*(\w+)")
    record_id = child.match.group(1)
    child.expect(pexpect.EOF)
    assert not list((peerpact_home / "data" / "drafts").iterdir()), "the draft outlived its record"
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    robin, alex = data["parties"]
    assert robin["pronouns"] == "they/them"
    assert [item["text"] for item in robin["wants"] + robin["needs"] + robin["boundaries"]] == [
        "Check in about my week first",
        "A quiet room",
        "No advice unless I ask",
    ]
    assert [item["text"] for item in alex["needs"] + alex["boundaries"]] == [
        "Sessions end on time",
        "No contact outside sessions",
    ]


def stop_keeping_a_draft(child) -> None:
    interrupt(child)
    answer(child, r"Keep your answers as a draft", "")
    child.expect("kept as draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def start_and_stop(home) -> str:
    child = spawn_peerpact("new")
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "she/her")
    child.expect(r"Peer Supporter.*pseudonym is fine")
    stop_keeping_a_draft(child)
    return the_draft(home)[0]


def test_a_draft_is_private_nameless_and_listed_without_content(peerpact, peerpact_home):
    old = os.umask(0o022)
    try:
        draft_id = start_and_stop(peerpact_home)
    finally:
        os.umask(old)
    folder = peerpact_home / "data" / "drafts"
    path = folder / f"{draft_id}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert "Robin" in path.read_text(encoding="utf-8")
    assert "robin" not in path.name.casefold()
    listed = peerpact("drafts").stdout
    assert draft_id in listed and f"peerpact new --resume {draft_id}" in listed
    assert "Robin" not in listed and "she/her" not in listed


def test_new_offers_the_draft_and_resuming_it_finishes_and_deletes_it(peerpact, peerpact_home):
    draft_id = start_and_stop(peerpact_home)
    child = spawn_peerpact("new")
    answer(child, f"Go on with draft {draft_id}", "y")
    # The supporter's name is where it stopped; the member's is kept.
    answer(child, r"Peer Supporter.*pseudonym is fine", "Alex")
    answer(child, r"Alex's pronouns", "back")
    supporter(child, "Alex", reply="", shown=r"\): Alex", co_supporter="no")
    consent_and_sign(child, "Robin", "Alex")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not (peerpact_home / "data" / "drafts" / f"{draft_id}.json").exists()
    [record] = records_dir(peerpact_home).glob("*.toml")
    assert 'pronouns = "she/her"' in record.read_text(encoding="utf-8")


def test_declining_deletes_the_draft(peerpact_home):
    draft_id = start_and_stop(peerpact_home)
    child = spawn_peerpact("new", "--resume", draft_id)
    supporter(child, "Alex")
    on_to_consent(child)
    answer(child, r"Robin.*type your name", "decline")
    answer(child, r"Robin, do you decline\?", "y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4
    assert not list((peerpact_home / "data" / "drafts").iterdir())
    assert not records_dir(peerpact_home).exists()


def test_drafts_expire_after_the_configured_days(peerpact, peerpact_home):
    draft_id = start_and_stop(peerpact_home)
    path = peerpact_home / "data" / "drafts" / f"{draft_id}.json"
    peerpact("config", "set", "drafts.keep_days", "2")
    day = 86400
    os.utime(path, (time.time() - 1.5 * day, time.time() - 1.5 * day))
    assert draft_id in peerpact("drafts").stdout
    os.utime(path, (time.time() - 2.5 * day, time.time() - 2.5 * day))
    assert "No unfinished interviews." in peerpact("drafts").stdout
    assert not path.exists()
    peerpact("config", "set", "drafts.keep_days", "-1", expect=2)


def test_drafts_discard(peerpact, peerpact_home):
    draft_id = start_and_stop(peerpact_home)
    assert f"Discarded draft {draft_id}." in peerpact("drafts", "--discard", draft_id).stdout
    assert not list((peerpact_home / "data" / "drafts").iterdir())
    peerpact("drafts", "--discard", draft_id, expect=3)


HOSTILE = {
    "not-json": b"{nope",
    "other-id": json.dumps({"format": "peerpact-draft/1", "id": "2222222222"}).encode(),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "huge": b" " * (5 * 1024 * 1024),
    "bad-answers": json.dumps(
        {
            "format": "peerpact-draft/1",
            "id": "ID",
            "command": "new",
            "record": "",
            "step": "",
            "created": "",
            "updated": "",
            "answers": {"parties": [{"role": "member", "name": 7}]},
        }
    ).encode(),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_draft_is_refused_clearly(peerpact, peerpact_home, kind, tmp_path):
    folder = peerpact_home / "data" / "drafts"
    folder.mkdir(parents=True)
    draft_id = "3333333333"
    (folder / f"{draft_id}.json").write_bytes(HOSTILE[kind].replace(b'"ID"', b'"3333333333"'))
    listed = peerpact("drafts").stdout
    assert draft_id in listed
    child = spawn_peerpact("new", "--resume", draft_id)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2, child.before
    assert f"Draft {draft_id} is damaged" in child.before or "draft: parties" in child.before
    assert "Traceback" not in child.before


def test_a_folder_or_pipe_under_a_drafts_name_is_not_read(peerpact, peerpact_home):
    folder = peerpact_home / "data" / "drafts"
    folder.mkdir(parents=True)
    (folder / "6666666666.json").mkdir()
    os.mkfifo(folder / "7777777777.json")
    listed = peerpact("drafts").stdout
    assert "Draft 6666666666 is damaged: it is not a file" in listed
    assert "Draft 7777777777 is damaged: it is not a file" in listed


def test_a_draft_that_is_a_link_is_not_followed(peerpact, peerpact_home, tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"format": "peerpact-draft/1"}', encoding="utf-8")
    folder = peerpact_home / "data" / "drafts"
    folder.mkdir(parents=True)
    (folder / "4444444444.json").symlink_to(secret)
    assert "damaged" in peerpact("drafts").stdout


#: The whole `amend` conversation for Robin's changes.
AMEND_SCRIPT = [
    (r"change\? \(1-2\): ", "1"),
    (r"W2: ", "Tea before we start"),
    (r"W3: ", ""),
    (r"N2: ", ""),
    (r"B2: ", "No hugs"),
    (r"B3: ", ""),
    (r"Withdraw any of Robin's.*: ", "N1"),
    (r"Reword one of Robin's.*: ", "B1"),
    (r"New wording for B1: .*", CLEAR_LINE + "No advice, ever"),
    (r"Reword one of Robin's.*: ", ""),
]
#: What each answer adds to the review once given, in the order the review lists them.
AMEND_SHOWN = {6: "withdrew need N1", 8: "No advice, ever", 1: "Tea before we start", 4: "No hugs"}


def test_sigkill_amend_at_every_step_then_resume_keeps_every_answer(
    peerpact, record_id, peerpact_home
):
    for index, (prompt, _) in enumerate(AMEND_SCRIPT):
        child = spawn_peerpact("amend", record_id, "--discard")
        for earlier, reply in AMEND_SCRIPT[:index]:
            answer(child, earlier, reply)
        child.expect(prompt)
        child.kill(signal.SIGKILL)
        child.close()
        shown = [text for step, text in AMEND_SHOWN.items() if step < index]
        if not shown:
            continue
        draft_id, _ = the_draft(peerpact_home)
        # Resumed, the review shows every change given before the kill.
        child = spawn_peerpact("amend", record_id, "--resume", draft_id)
        child.expect("What changes for Robin")
        for text in shown:
            child.expect(text)
        child.expect(r"Is this right\?")
        if index < len(AMEND_SCRIPT) - 1:
            child.kill(signal.SIGKILL)
            child.close()
    child.sendline("y")
    answer(child, r"Robin.*type your name", "Robin")
    answer(child, r"Alex.*type your name", "Alex")
    child.expect(pexpect.EOF)
    assert not list((peerpact_home / "data" / "drafts").iterdir())
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    [robin] = [p for p in data["parties"] if p["name"] == "Robin"]
    assert robin["wants"][-1]["text"] == "Tea before we start"
    assert robin["needs"] == []
    assert [b["text"] for b in robin["boundaries"]] == ["No advice, ever", "No hugs"]
    assert len(data["revisions"]) == 2


def test_a_hostile_amend_draft_is_refused_clearly(peerpact_home, record_id):
    folder = peerpact_home / "data" / "drafts"
    folder.mkdir(parents=True)
    envelope = {"format": "peerpact-draft/1", "id": "5555555555", "command": "amend"}
    envelope.update(record=record_id, step="", created="", updated="")
    envelope["answers"] = {"changes": [{"party": "p1", "add": {"wants": [3]}}]}
    (folder / "5555555555.json").write_text(json.dumps(envelope), encoding="utf-8")
    child = spawn_peerpact("amend", record_id, "--resume", "5555555555")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "Draft 5555555555 is damaged: a change is not of the expected shape" in child.before


def test_a_second_ctrl_c_keeps_the_draft(peerpact_home):
    child = spawn_peerpact("new")
    answer(child, r"Member.*pseudonym is fine", "Robin")
    child.expect(r"Robin's pronouns")
    interrupt(child)
    child.expect(r"Keep your answers as a draft to finish later\? \[Y/n\]: ")
    interrupt(child)
    child.expect("kept as draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Robin" in the_draft(peerpact_home)[1]
