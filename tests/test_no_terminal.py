"""No terminal, no prompt: a command that would ask, with stdin not a terminal,
exits 2 at once and says how to do it without questions."""

from __future__ import annotations

import pytest

from support.records import records_dir


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["new"], "--answers FILE --no-input"),
        (["amend", "{id}"], "--sign for each party"),
        (["amend", "{id}", "--party", "Robin", "--want", "Tea"], "--sign for each party"),
        (["end", "{id}"], "--party NAME --sign NAME"),
        (["grievance"], "--no-input with --text"),
    ],
    ids=["new", "amend", "amend-signing", "end", "grievance"],
)
def test_a_command_that_would_ask_refuses_without_a_terminal(
    peerpact, record_id, peerpact_home, args, hint
):
    before = {path.name: path.read_bytes() for path in records_dir(peerpact_home).iterdir()}
    # Even with lines piped in: they would answer questions nobody saw.
    result = peerpact(*[a.replace("{id}", record_id) for a in args], input="Robin\ny\n", expect=2)
    assert "there is no terminal to ask at" in result.stderr
    assert hint in result.stderr
    assert "Traceback" not in result.output
    after = {path.name: path.read_bytes() for path in records_dir(peerpact_home).iterdir()}
    assert after == before
    assert not (peerpact_home / "data" / "drafts").exists()
    assert not (peerpact_home / "data" / "outbox").exists()
