"""Each reading command's `--json` prints exactly the top-level keys docs/json.md
gives for it: none missing, none undocumented (keys the doc calls optional, in
its "(and ...)" notes, may be absent)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

DOC = (Path(__file__).parents[1] / "docs" / "json.md").read_text("utf-8")


def _row(command: str) -> str:
    return next(line for line in DOC.splitlines() if line.startswith(f"| `{command}"))


def top_level_keys(shape: str) -> set[str]:
    """The keys at the outermost level of the first `{...}` in ``shape``."""
    start = shape.index("{")
    depth, keys = 0, set()
    for match in re.finditer(r'[{}\[\]]|"(\w+)"', shape[start:]):
        token = match.group(0)
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1:
            keys.add(match.group(1))
    return keys


def documented(command: str, *, last: bool = False) -> tuple[set[str], set[str]]:
    """(the keys always there, the optional ones) for ``command``'s row."""
    cell = _row(command).split("|")[2]
    optional = set()
    for note in re.findall(r"\(and ([^)]*)\)", cell):
        optional |= set(re.findall(r'"(\w+)"', note))
        cell = cell.replace(note, "")
    shapes = re.findall(r"`(\[?\{.*?\}\]?)`", cell)
    return top_level_keys(shapes[-1] if last else shapes[0]), optional


@pytest.mark.parametrize(
    ("row", "args", "last"),
    [
        ("list --json", ["list", "--json"], False),
        ("key list --json", ["key", "list", "--json"], False),
        ("key show --json", ["key", "show", "--json"], False),
        ("template list --json", ["template", "list", "--json"], False),
        ("docs --json", ["docs", "--json"], False),
        ("docs --json", ["docs", "json", "--json"], True),
        ("verify --json", ["verify", "--json"], False),
        ("show ID --history", ["show", "{id}", "--history", "--format", "json"], False),
    ],
)
def test_the_json_has_exactly_the_documented_keys(peerpact, record_id, row, args, last):
    data = json.loads(peerpact(*[arg.format(id=record_id) for arg in args]).stdout)
    items = data if isinstance(data, list) else [data]
    assert items, f"{row}: nothing to check"
    required, optional = documented(row, last=last)
    assert required
    for item in items:
        keys = set(item)
        assert required <= keys, (row, "missing", required - keys)
        assert keys <= required | optional, (row, "undocumented", keys - required - optional)


def test_the_doc_parser_reads_nesting_and_notes():
    assert top_level_keys('`{"a", "b": [{"c"}], "d": {"e"}}`') == {"a", "b", "d"}
    required, optional = documented("list --json")
    assert "problem" in optional and "problem" not in required and "id" in required
