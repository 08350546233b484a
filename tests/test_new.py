"""`peerpact new` from an answers file, and what the record holds."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from support.answers import write_answers
from support.records import records_dir

SEED = Path(__file__).parent / "data" / "peer-support-space-mutual-agreement.txt"


def seed_clauses() -> list[str]:
    """Every line of the organisation's text that must appear word for word."""
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = raw.strip().removeprefix("- ").strip()
        # The feedback line's dead link is replaced by a real instruction (issue 2).
        if line and not line.startswith("Feedback/grievances"):
            lines.append(line)
    return lines


def test_new_writes_one_private_record(peerpact, answers_file, peerpact_home):
    result = peerpact("new", "--answers", str(answers_file), "--no-input", "--json")
    data = json.loads(result.stdout)
    path = Path(data["path"])
    assert path.parent == records_dir(peerpact_home)
    assert [p.name for p in path.parent.glob("*.toml")] == [f"{data['id']}.toml"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "Robin" not in path.name and "Alex" not in path.name
    assert peerpact("verify", "--all").exit_code == 0


def test_text_export_holds_every_seed_clause_and_addition(peerpact, record_id):
    text = peerpact("show", record_id, "--format", "text").stdout
    clauses = seed_clauses()
    assert len(clauses) > 20
    position = 0
    for clause in clauses:
        found = text.find(clause, position)
        assert found >= 0, f"missing or out of order: {clause!r}"
        position = found
    for addition in (
        "Start by checking in about my week",
        "Sessions end on time",
        "No advice unless I ask for it",
        "I can't hold support around active substance use",
    ):
        assert addition in text
    assert "ask your Peer Supporter for the feedback form" in text


def test_json_show_lists_parties_additions_and_revisions(peerpact, record_id):
    data = json.loads(peerpact("show", record_id, "--format", "json").stdout)
    assert [p["name"] for p in data["parties"]] == ["Robin", "Alex"]
    assert data["parties"][0]["boundaries"] == [
        {"label": "B1", "text": "No advice unless I ask for it"}
    ]
    assert len(data["revisions"]) == 1
    assert data["revisions"][0]["kind"] == "created"


def test_signature_that_does_not_match_writes_nothing(peerpact, tmp_path, peerpact_home):
    text = (tmp_path / "x").parent.joinpath("a.toml")
    answers = write_answers(
        tmp_path,
        """\
        [[parties]]
        role = "member"
        name = "Robin"
        signature = "Robyn"
        [[parties]]
        role = "supporter"
        name = "Alex"
        signature = "Alex"
        """,
    )
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=4)
    assert "Robin" in result.stderr and "consent" in result.stderr
    assert "Traceback" not in result.output
    assert not list(records_dir(peerpact_home).glob("*.toml"))
    assert not text.exists()
