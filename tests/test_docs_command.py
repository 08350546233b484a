"""`peerpact docs [TOPIC]` prints the guides; errors point there, not at files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from support.doc_examples import REPO


def test_docs_lists_every_guide(peerpact):
    shown = peerpact("docs").stdout
    for page in sorted((REPO / "docs").glob("*.md")):
        assert page.stem in shown
    assert "record-format   The record format (format 2)" in shown


def test_docs_topic_prints_the_page_exactly(peerpact):
    for topic in ("record-format", "templates.md"):
        page = (REPO / "docs" / topic).with_suffix(".md")
        assert peerpact("docs", topic).stdout == page.read_text(encoding="utf-8")


def test_an_unknown_topic_says_which_exist(peerpact):
    result = peerpact("docs", "recordformat", expect=3)
    assert "Error: No guide called 'recordformat'." in result.stderr
    assert "record-format" in result.stderr
    assert result.stdout == ""


def test_a_path_is_not_a_topic(peerpact):
    result = peerpact("docs", "../README", expect=3)
    assert "No guide called" in result.stderr


def test_template_errors_point_to_a_guide_the_user_has(peerpact, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "broken"\n', encoding="utf-8")
    result = peerpact("template", "validate", str(broken), expect=1)
    assert "See `peerpact docs templates`." in result.stderr
    assert "docs/templates.md" not in result.stderr
    assert peerpact("docs", "templates").stdout.startswith("# Agreement templates")


def test_a_record_file_names_the_guide_to_its_format(peerpact, record_id, peerpact_home):
    record = (peerpact_home / "data" / "records" / f"{record_id}.toml").read_text("utf-8")
    assert "`peerpact docs record-format`" in record.split("format = 1")[0]
    assert "docs/record-format.md" not in record


def _messages(path: Path) -> list[str]:
    """Every string in a module but its docstrings: what it can say to a user."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_nothing_shipped_points_at_a_file_of_the_checkout():
    checkout_page = re.compile(r"docs/[\w-]+\.md")
    for path in (REPO / "src" / "peerpact").rglob("*.py"):
        for message in _messages(path):
            assert not checkout_page.search(message), f"{path}: {message!r}"
    for path in (REPO / "agreement_templates").glob("*.toml"):  # copied by `template init`
        assert not checkout_page.search(path.read_text(encoding="utf-8")), path
