"""`peerpact docs [TOPIC]` prints the guides; errors point there, not at files."""

from __future__ import annotations

from doc_examples import REPO


def test_docs_lists_every_guide(peerpact):
    shown = peerpact("docs").stdout
    for page in sorted((REPO / "docs").glob("*.md")):
        assert page.stem in shown
    assert "record-format  The record format (format 1)" in shown


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


def test_nothing_shipped_points_at_a_file_of_the_checkout():
    shipped = [
        *(REPO / "src" / "peerpact").rglob("*.py"),
        *(REPO / "agreement_templates").glob("*"),
    ]
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        for page in ("docs/templates.md", "docs/record-format.md", "docs/answers.md", "See docs/"):
            # The record format's module docstring may name its spec in the source.
            if path.name != "format.py" or page == "See docs/":
                assert page not in text, f"{path} points at {page}"
