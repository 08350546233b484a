"""A living agreement's honest history: --history, --as-of, and a chain that
catches a removed, moved or edited revision, or a rollback."""

from __future__ import annotations

import json
import re

import pytest

from support.records import SIGN, amend, as_json, join_revisions, record_path, split_revisions

ADDED = "No hugs, please"
REWORDED = "I can't hold support around active substance use right now"


@pytest.fixture
def lived(peerpact, record_id) -> str:
    """new, three amends, then end: the issue's story, through the CLI."""
    amend(peerpact, record_id, "--party", "Robin", "--boundary", ADDED, *SIGN)
    amend(peerpact, record_id, "--party", "Robin", "--withdraw", "B2", *SIGN)
    amend(peerpact, record_id, "--party", "Alex", "--reword", f"B1={REWORDED}", *SIGN)
    peerpact("end", record_id, "--party", "Robin", "--sign", "Robin", "--no-input")
    return record_id


def test_the_whole_life_verifies_and_tells_its_history(peerpact, lived):
    peerpact("verify", lived)
    text = peerpact("show", lived, "--history").stdout
    blocks = text.split("\nRevision ")[1:]
    assert len(blocks) == 5
    expected = [
        ("1 · created", "Robin, Alex", "Robin added boundary B1: “No advice unless I ask for it”"),
        ("2 · amended", "Robin, Alex", f"Robin added boundary B2: “{ADDED}”"),
        ("3 · amended", "Robin, Alex", f"Robin withdrew boundary B2: “{ADDED}”"),
        (
            "4 · amended",
            "Robin, Alex",
            "Alex reworded boundary B1: “I can't hold support around active substance use”"
            f" → “{REWORDED}”",
        ),
        ("5 · ended", "Robin", "Robin ended the agreement"),
    ]
    data = as_json(peerpact, lived)
    for block, (title, confirmed, change), revision in zip(
        blocks, expected, data["revisions"], strict=True
    ):
        assert block.startswith(title)
        assert f"Confirmed by: {confirmed}\n" in block
        assert change in block
        assert revision["hash"][:12] in block.splitlines()[0]
        assert revision["time"] in block.splitlines()[0]
    assert "Agreement" in text and "5 revision(s), ended." in text


def test_history_as_json(peerpact, lived):
    entries = json.loads(peerpact("show", lived, "--history", "--format", "json").stdout)
    assert [(e["number"], e["kind"]) for e in entries] == [
        (1, "created"),
        (2, "amended"),
        (3, "amended"),
        (4, "amended"),
        (5, "ended"),
    ]
    assert entries[2]["changes"] == [f"Robin withdrew boundary B2: “{ADDED}”"]


def test_as_of_shows_the_agreement_as_it_stood(peerpact, lived):
    then = peerpact("show", lived, "--as-of", "2", "--format", "text").stdout
    assert ADDED in then
    assert "revision 2" in then and "active" in then
    assert REWORDED not in then
    now = peerpact("show", lived, "--format", "text").stdout
    assert ADDED not in now
    assert REWORDED in now
    assert ADDED in peerpact("show", lived, "--as-of", "2").stdout  # the terminal view too
    assert len(as_json(peerpact, lived, "--as-of", "2")["revisions"]) == 2
    result = peerpact("show", lived, "--as-of", "6", expect=2)
    assert "has revisions 1 to 5" in result.stderr


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_every_export_carries_the_head_short_hash(peerpact, lived, tmp_path, fmt):
    head = as_json(peerpact, lived)["head"][:12]
    output = tmp_path / f"agreement.{fmt}"
    peerpact("export", lived, "--format", fmt, "-o", str(output))
    assert head in output.read_text(encoding="utf-8")


# -- tampering ------------------------------------------------------------------------


def rewrite(path, change) -> None:
    head, blocks = split_revisions(path.read_text(encoding="utf-8"))
    path.write_text(join_revisions(head, change(blocks)), encoding="utf-8")


def failed_revisions(result) -> set[int]:
    return {int(n) for n in re.findall(r"FAILED \w+: revision (\d+)", result.stdout)}


def test_deleting_a_revision_is_caught(peerpact, lived, peerpact_home):
    rewrite(record_path(peerpact_home, lived), lambda b: b[:2] + b[3:])
    result = peerpact("verify", lived, expect=1)
    assert 3 in failed_revisions(result)
    assert "removed or moved" in result.stdout


def test_reordering_revisions_is_caught(peerpact, lived, peerpact_home):
    rewrite(record_path(peerpact_home, lived), lambda b: [b[0], b[2], b[1], *b[3:]])
    result = peerpact("verify", lived, expect=1)
    assert {2, 3} <= failed_revisions(result)


def test_editing_an_earlier_revision_is_caught(peerpact, lived, peerpact_home):
    def soften(blocks: list[str]) -> list[str]:
        assert ADDED in blocks[1]
        return [blocks[0], blocks[1].replace(ADDED, "Hugs are fine"), *blocks[2:]]

    rewrite(record_path(peerpact_home, lived), soften)
    result = peerpact("verify", lived, expect=1)
    assert 2 in failed_revisions(result)
    assert "changed after it was signed" in result.stdout


def test_verify_head_catches_a_rollback(peerpact, record_id, peerpact_home):
    amend(peerpact, record_id, "--party", "Robin", "--boundary", ADDED, *SIGN)
    kept = as_json(peerpact, record_id)["head"][:12]
    peerpact("verify", record_id, "--head", kept)
    # Someone quietly drops the newest revision: the chain that is left still
    # holds, but this computer's witness saw revision 2 written...
    rewrite(record_path(peerpact_home, record_id), lambda b: b[:-1])
    result = peerpact("verify", record_id, expect=1)
    assert "rolled back: this computer wrote revision 2" in result.stdout
    # ...and the head a party kept is gone.
    result = peerpact("verify", record_id, "--head", kept, expect=1)
    assert f"head {kept} is no longer in the record" in result.stdout
    # Nobody can sign onto the cut chain: amend refuses it, and the kept head stays gone.
    result = amend(peerpact, record_id, "--party", "Robin", "--want", "Tea", *SIGN, expect=1)
    assert "rolled back" in result.stderr and "Nothing was written" in result.stderr
    peerpact("verify", record_id, "--head", kept, expect=1)
