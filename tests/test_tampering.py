"""A table of tamperings, each run through `verify`: whatever the change, the
record fails and the line names what was done."""

from __future__ import annotations

import json
import tomllib
import unicodedata

import pytest

from support.records import SIGN, amend, join_revisions, record_path, split_revisions


def blocks_of(path):
    return split_revisions(path.read_text(encoding="utf-8"))


def reorder(path, other):
    head, blocks = blocks_of(path)
    blocks[1], blocks[2] = blocks[2], blocks[1]
    path.write_text(join_revisions(head, blocks), encoding="utf-8")


def duplicate(path, other):
    head, blocks = blocks_of(path)
    path.write_text(join_revisions(head, [*blocks, blocks[-1]]), encoding="utf-8")


def splice(path, other):
    """Revision 2 of another record (same key, same parties) put in place of ours."""
    head, blocks = blocks_of(path)
    _, theirs = blocks_of(other)
    blocks[1] = theirs[1]
    path.write_text(join_revisions(head, blocks), encoding="utf-8")


def swap(field):
    """Swap one field of revisions 1 and 2."""

    def change(path, other):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        first, second = (rev[field] for rev in doc["revisions"][:2])
        text = path.read_text(encoding="utf-8")
        text = text.replace(first, "@@", 1).replace(second, first, 1).replace("@@", second, 1)
        path.write_text(text, encoding="utf-8")

    return change


def change_id(path, other):
    """The header's id changed to another record's (and the file renamed to match)."""
    text = path.read_text(encoding="utf-8")
    record_id, other_id = path.stem, other.stem
    other.unlink()
    path.write_text(text.replace(f'id = "{record_id}"', f'id = "{other_id}"', 1), "utf-8")
    path.rename(other)


def change_payload_record(path, other):
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'record = "{path.stem}"', 'record = "zzzzzzzzzz"', 1), "utf-8")


def nfd_text(path, other):
    """Same text to the eye and to the canonical bytes, but not as peerpact writes it."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Café", unicodedata.normalize("NFD", "Café"), 1), "utf-8")


def truncate_mid_revision(path, other):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])


def drop_middle(path, other):
    head, blocks = blocks_of(path)
    path.write_text(join_revisions(head, [blocks[0], blocks[2]]), encoding="utf-8")


def renumber_after_drop(path, other):
    head, blocks = blocks_of(path)
    path.write_text(
        join_revisions(head, [blocks[0], blocks[2].replace("number = 3", "number = 2", 1)]),
        encoding="utf-8",
    )


def extra_field(path, other):
    head, blocks = blocks_of(path)
    blocks[0] = blocks[0].replace("[revisions.payload]", 'note = "x"\n[revisions.payload]', 1)
    path.write_text(join_revisions(head, blocks), encoding="utf-8")


def format_downgrade(path, other):
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("format = 2", "format = 1", 1), encoding="utf-8")


TAMPERINGS = {
    "reordered revisions": (reorder, "a revision was removed or moved"),
    "duplicated revision": (duplicate, "revision 4: is numbered 3"),
    "spliced revision": (splice, "revision 2:"),
    "swapped signatures": (swap("signature"), "bad signature"),
    "swapped trusted signatures": (swap("trusted_signature"), "bad signature"),
    "changed id": (change_id, "belongs to another record"),
    "changed payload record": (change_payload_record, "belongs to another record"),
    "NFD text": (nfd_text, "not in Unicode NFC form"),
    "truncated mid-revision": (truncate_mid_revision, "unreadable"),
    "dropped middle revision": (drop_middle, "a revision was removed or moved"),
    "renumbered after a drop": (renumber_after_drop, "revision 2:"),
    "unknown revision field": (extra_field, "malformed"),
    "format downgraded": (format_downgrade, "malformed"),
}


def make(peerpact, answers_file) -> str:
    made = peerpact("new", "--answers", str(answers_file), "--no-input", "--json")
    record_id = json.loads(made.stdout)["id"]
    amend(peerpact, record_id, "--party", "Robin", "--want", "Café after", *SIGN)
    amend(peerpact, record_id, "--party", "Alex", "--need", "Quiet", *SIGN)
    return record_id


@pytest.mark.parametrize("name", TAMPERINGS)
def test_every_tampering_fails_verify(peerpact, answers_file, peerpact_home, name):
    change, expected = TAMPERINGS[name]
    mine, theirs = make(peerpact, answers_file), make(peerpact, answers_file)
    path, other = record_path(peerpact_home, mine), record_path(peerpact_home, theirs)
    peerpact("verify", "--all")
    change(path, other)
    result = peerpact("verify", "--all", expect=1)
    assert expected in result.stdout, result.stdout
    assert "Traceback" not in result.stderr
