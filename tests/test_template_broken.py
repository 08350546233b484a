"""A corpus of broken templates: each is refused by `template validate` and by
`new`, with exit 1, a message naming the place, no traceback, nothing written.

Each file in data/templates/broken/ says what it breaks on its first line and
what the error must say in its `# expect:` lines (file:line[:column] and the
field path where there is one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.records import records_dir

BROKEN = Path(__file__).parent / "data" / "templates" / "broken"
CASES = sorted(BROKEN.glob("*.toml"))


def expectations(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def test_the_corpus_covers_every_kind_of_break():
    names = {path.stem.split("-")[0] for path in CASES}
    assert {"syntax", "missing", "wrong", "unknown", "undeclared", "ssti"} <= names
    assert all(expectations(path) for path in CASES), "every case says what to expect"


def check_refusal(result, path: Path) -> None:
    assert "Traceback" not in result.output
    for expected in expectations(path):
        assert expected in result.stderr, f"{expected!r} not in:\n{result.stderr}"
    assert result.stdout == ""


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_validate_refuses_naming_the_place(peerpact, path, monkeypatch):
    monkeypatch.chdir(path.parent)
    result = peerpact("template", "validate", path.name, expect=1)
    check_refusal(result, path)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_new_refuses_before_anything_is_written(
    peerpact, path, answers_file, monkeypatch, peerpact_home
):
    monkeypatch.chdir(path.parent)
    result = peerpact(
        "new", "--template", path.name, "--answers", str(answers_file), "--no-input", expect=1
    )
    check_refusal(result, path)
    assert not list(records_dir(peerpact_home).glob("*.toml"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_show_refuses_and_renders_nothing(peerpact, path, monkeypatch):
    monkeypatch.chdir(path.parent)
    result = peerpact("template", "show", path.name, "--format", "text", expect=1)
    check_refusal(result, path)


def test_a_broken_template_in_the_user_folder_is_listed_with_its_problem(
    peerpact, peerpact_home, answers_file
):
    import json

    folder = peerpact_home / "config" / "templates"
    folder.mkdir(parents=True)
    (folder / "oops.toml").write_bytes((BROKEN / "unknown-key-top.toml").read_bytes())
    rows = {row["name"]: row for row in json.loads(peerpact("template", "list", "--json").stdout)}
    assert "titel: unknown key" in rows["oops"]["problem"]
    assert rows["oops"]["source"] == "user"
    assert "problem" not in rows["peer-support-space"]
    args = ("new", "--template", "oops", "--answers", str(answers_file), "--no-input")
    assert "oops.toml: titel: unknown key" in peerpact(*args, expect=1).stderr


def test_a_template_too_large_is_refused_with_exit_1(peerpact, tmp_path):
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (300 * 1024) + "\n", encoding="utf-8")
    result = peerpact("template", "validate", str(big), expect=1)
    assert "too large" in result.stderr and "big.toml" in result.stderr


def test_a_template_that_is_not_utf8_is_refused(peerpact, tmp_path):
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('title = "Caf\xe9"\n'.encode("latin-1"))
    result = peerpact("template", "validate", str(bad), expect=1)
    assert "latin1.toml is not UTF-8" in result.stderr


def test_a_missing_template_file_is_not_found(peerpact, tmp_path):
    result = peerpact("template", "validate", str(tmp_path / "nope.toml"), expect=3)
    assert "nope.toml" in result.stderr
