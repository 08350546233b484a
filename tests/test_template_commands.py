"""`peerpact template list / init / show / validate`."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

import pytest

BUILTIN = Path(__file__).parents[1] / "agreement_templates"


def user_templates(home: Path) -> Path:
    return home / "config" / "templates"


def test_list_shows_builtins_with_title_version_language_and_origin(peerpact):
    rows = json.loads(peerpact("template", "list", "--json").stdout)
    by_name = {row["name"]: row for row in rows}
    assert by_name["peer-support-space"] == {
        "name": "peer-support-space",
        "title": "Peer Support Space Mutual Agreement",
        "version": "1.1.0",
        "language": "en",
        "source": "built-in",
        "path": str(BUILTIN / "peer-support-space.toml"),
    }
    assert by_name["peer-support-space-es"]["language"] == "es"
    assert by_name["peer-support-space-es"]["title"] == "Acuerdo mutuo de Peer Support Space"
    table = peerpact("template", "list").stdout
    assert "peer-support-space-es" in table and "built-in" in table


def test_init_copies_with_comments_private_and_validates(peerpact, peerpact_home):
    result = peerpact("template", "init", "mine")
    path = user_templates(peerpact_home) / "mine.toml"
    assert str(path) in result.stdout
    text = path.read_text(encoding="utf-8")
    original = (BUILTIN / "peer-support-space.toml").read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.startswith("#")]
    assert len(comments) > 20
    assert all(line in text.splitlines() for line in comments), "every comment kept"
    doc = tomllib.loads(text)
    assert doc["id"] == "mine"
    assert doc["version"] == "1.1.0"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    peerpact("template", "validate", str(path))
    rows = {row["name"]: row for row in json.loads(peerpact("template", "list", "--json").stdout)}
    assert rows["mine"]["source"] == "user"


def test_init_from_another_template(peerpact, peerpact_home):
    peerpact("template", "init", "nuestra", "--from", "peer-support-space-es")
    doc = tomllib.loads((user_templates(peerpact_home) / "nuestra.toml").read_text("utf-8"))
    assert doc["language"] == "es" and doc["id"] == "nuestra"


def test_init_never_overwrites(peerpact, peerpact_home):
    peerpact("template", "init", "mine")
    path = user_templates(peerpact_home) / "mine.toml"
    path.write_text(path.read_text("utf-8") + "\n# my own note\n", encoding="utf-8")
    result = peerpact("template", "init", "mine", expect=5)
    assert "already a template 'mine'" in result.stderr
    assert "# my own note" in path.read_text("utf-8")


@pytest.mark.parametrize(
    "name", ["../escape", "a/b", "Mine", ".hidden", "", "-dash", "x" * 65, "con fig", "ñ"]
)
def test_init_refuses_unsafe_names(peerpact, peerpact_home, name):
    result = peerpact("template", "init", "--", name, expect=2)
    assert "not a usable template name" in result.stderr
    assert not user_templates(peerpact_home).exists()


def test_init_from_unknown_template_is_not_found(peerpact):
    result = peerpact("template", "init", "mine", "--from", "nope", expect=3)
    assert "No template named 'nope'" in result.stderr


def test_user_template_shadows_builtin_of_same_name(peerpact, peerpact_home, answers_file):
    peerpact("template", "init", "peer-support-space")
    path = user_templates(peerpact_home) / "peer-support-space.toml"
    path.write_text(
        path.read_text("utf-8").replace('text = "Voluntary"', 'text = "Voluntary, always"'),
        encoding="utf-8",
    )
    rows = json.loads(peerpact("template", "list", "--json").stdout)
    assert [r["source"] for r in rows if r["name"] == "peer-support-space"] == ["user"]
    shown = peerpact("template", "show", "peer-support-space", "-f", "text").stdout
    assert "Voluntary, always" in shown
    record = peerpact("new", "--answers", str(answers_file), "--no-input", "--json").stdout
    record_id = json.loads(record)["id"]
    assert "Voluntary, always" in peerpact("show", record_id, "-f", "text").stdout


def test_show_renders_with_example_parties_in_each_format(peerpact):
    text = peerpact("template", "show", "peer-support-space", "--format", "text").stdout
    assert "Peer Support Space Mutual Agreement" in text
    assert "Robin (Member)" in text and "Alex (Peer Supporter)" in text
    assert "Voluntary" in text
    markdown = peerpact("template", "show", "peer-support-space", "-f", "markdown").stdout
    assert markdown.startswith("# ")
    html = peerpact("template", "show", "peer-support-space", "-f", "html").stdout
    assert '<html lang="en">' in html
    terminal = peerpact("template", "show", "peer-support-space").stdout
    assert "What Peer Support Is" in terminal


def test_show_set_reveals_conditional_clauses(peerpact):
    plain = peerpact("template", "show", "peer-support-space", "-f", "text").stdout
    assert "Meet in person" not in plain and "Planned sessions" not in plain
    shown = peerpact(
        "template",
        "show",
        "peer-support-space",
        "-f",
        "text",
        "--set",
        "session_format=In person",
        "--set",
        "session_times=on Tuesdays, 5-8pm",
        "--set",
        "reply_time=two working days",
        "--set",
        "leadership_contact=lead@example.org",
    ).stdout
    assert "Meet in person only in places where both of us feel safe" in shown
    assert "Planned sessions are available on Tuesdays, 5-8pm." in shown
    assert "Other messages are usually answered within two working days." in shown
    assert "contact Peer Support Space leadership at lead@example.org" in shown


def test_show_refuses_unknown_variable_and_bad_format(peerpact):
    result = peerpact("template", "show", "peer-support-space", "--set", "organisation=X", expect=2)
    assert "organisation" in result.stderr and "Did you mean `organization`?" in result.stderr
    result = peerpact("template", "show", "peer-support-space", "--set", "novalue", expect=2)
    assert "NAME=VALUE" in result.stderr
    result = peerpact("template", "show", "peer-support-space", "-f", "pdf", expect=2)
    assert "'pdf' is not one of 'terminal', 'markdown', 'text', 'html'" in result.stderr


@pytest.mark.parametrize("name", ["peer-support-space", "peer-support-space-es"])
def test_builtin_templates_validate(peerpact, name):
    path = BUILTIN / f"{name}.toml"
    result = peerpact("template", "validate", str(path))
    assert result.stdout.startswith("OK: ") and "built-in" not in result.stdout.split(";")[0]
    assert f"{name} 1.1.0" in result.stdout


def test_validate_accepts_a_name_too(peerpact):
    assert "OK:" in peerpact("template", "validate", "peer-support-space").stdout
