"""Bad input: a clear one- or two-line error, a named exit code, no traceback,
and nothing written."""

from __future__ import annotations

import errno
import tempfile

import pytest

from peerpact.errors import ExitStatus
from support.answers import write_answers
from support.records import records_dir


def assert_clean_failure(result, status: ExitStatus, *words: str) -> None:
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 3, result.stderr
    assert lines[0].startswith("Error:")
    for word in words:
        assert word in result.stderr


def no_records(home) -> bool:
    folder = records_dir(home)
    return not folder.exists() or not any(folder.iterdir())


def test_answers_syntax_error_names_file_line_and_column(peerpact, tmp_path, peerpact_home):
    answers = write_answers(tmp_path, '[[parties]]\nrole = "member"\nname = Robin\n')
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=None)
    assert_clean_failure(result, ExitStatus.BAD_INPUT, f"{answers}:3:8", "TOML syntax error")
    assert no_records(peerpact_home)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('[[parties]]\nrole = "member"\nsignature = "R"\n', "parties[0].name"),
        ('[[parties]]\nname = "Robin"\n', "parties[0].role"),
        ('template = "peer-support-space"\n', "parties"),
        ('[[parties]]\nrole = "member"\nname = "R"\nwants = "one"\n', "parties[0].wants"),
        ('[[parties]]\nrole = "member"\nname = "R"\nwnats = ["x"]\n', "parties[0].wnats"),
        ('[[parties]]\nrole = "member"\nname = "   "\n', "parties[0].name"),
        ('[[parties]]\nrole = "guide"\nname = "R"\nsignature = "R"\n', "parties[0].role"),
    ],
)
def test_answers_errors_name_the_first_bad_field(peerpact, tmp_path, peerpact_home, body, field):
    answers = write_answers(tmp_path, body)
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=None)
    assert_clean_failure(result, ExitStatus.BAD_INPUT, field)
    assert no_records(peerpact_home)


def test_missing_supporter_is_named(peerpact, tmp_path, peerpact_home):
    answers = write_answers(
        tmp_path, '[[parties]]\nrole = "member"\nname = "Robin"\nsignature = "Robin"\n'
    )
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=None)
    assert_clean_failure(result, ExitStatus.BAD_INPUT, "supporter")
    assert no_records(peerpact_home)


def test_missing_answers_file(peerpact, tmp_path):
    result = peerpact("new", "--answers", str(tmp_path / "nope.toml"), "--no-input", expect=None)
    assert_clean_failure(result, ExitStatus.NOT_FOUND, "nope.toml")


def test_no_input_without_answers(peerpact):
    result = peerpact("new", "--no-input", expect=None)
    assert_clean_failure(result, ExitStatus.BAD_INPUT, "--answers")


def test_unknown_template(peerpact, answers_file, peerpact_home):
    result = peerpact(
        "new", "--template", "nonesuch", "--answers", str(answers_file), "--no-input", expect=None
    )
    assert_clean_failure(result, ExitStatus.NOT_FOUND, "nonesuch", "peer-support-space")
    assert no_records(peerpact_home)


@pytest.mark.parametrize("command", [["show"], ["export", "-o", "x.html"], ["verify"]])
def test_unknown_record_id(peerpact, record_id, command):
    args = [command[0], "zzzzzzzz", *command[1:]]
    result = peerpact(*args, expect=None)
    assert_clean_failure(result, ExitStatus.NOT_FOUND, "zzzzzzzz", "peerpact list")


def test_record_id_cannot_be_a_path(peerpact, record_id):
    result = peerpact("show", "../../config/signing", expect=None)
    assert_clean_failure(result, ExitStatus.BAD_INPUT, "not a record id")


@pytest.mark.parametrize("command", [["show", "ID"], ["export", "ID", "-o", "x"]])
def test_unknown_format_is_a_usage_error_naming_the_choices(peerpact, record_id, command):
    # --format is a fixed set (an Enum): the parser refuses it before anything
    # runs, and names every choice.
    args = [record_id if arg == "ID" else arg for arg in command]
    result = peerpact(*args, "--format", "pdf", expect=ExitStatus.BAD_INPUT)
    assert "Traceback" not in result.output
    assert "'pdf' is not one of" in result.stderr and "'markdown', 'text', 'html'" in result.stderr


def test_home_that_is_a_file(peerpact, answers_file, tmp_path, monkeypatch):
    home = tmp_path / "home-file"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PEERPACT_HOME", str(home))
    result = peerpact("new", "--answers", str(answers_file), "--no-input", expect=None)
    assert_clean_failure(result, ExitStatus.ENVIRONMENT, "is a file")
    assert home.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EACCES, "may not write"), (errno.EROFS, "read-only"), (errno.ENOSPC, "disk is full")],
)
def test_unwritable_data_directory(peerpact, answers_file, peerpact_home, monkeypatch, code, words):
    # The key and a first record exist; only the next record's write fails.
    peerpact("new", "--answers", str(answers_file), "--no-input")
    before = sorted(records_dir(peerpact_home).iterdir())

    def refuse(*args, **kwargs):
        raise OSError(code, "simulated")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = peerpact("new", "--answers", str(answers_file), "--no-input", expect=None)
    assert_clean_failure(result, ExitStatus.ENVIRONMENT, words)
    assert sorted(records_dir(peerpact_home).iterdir()) == before


def test_ambiguous_id_prefix(peerpact, answers_file, peerpact_home):
    ids = set()
    for _ in range(40):
        ids.add(peerpact("new", "--answers", str(answers_file), "--no-input", "--json").stdout)
    import json

    names = [json.loads(item)["id"] for item in ids]
    firsts = {}
    for name in names:
        firsts.setdefault(name[0], []).append(name)
    shared = next(prefix for prefix, group in firsts.items() if len(group) > 1)
    result = peerpact("show", shared, expect=None)
    # As git does for a short hash: every candidate is named.
    assert_clean_failure(result, ExitStatus.BAD_INPUT, "ambiguous", *firsts[shared])
    unique = names[0]
    assert unique in peerpact("show", unique[:9], "--format", "text").stdout


@pytest.mark.parametrize(
    "args",
    [["export", "{id}", "-o", "{dir}"], ["key", "export", "{dir}"]],
)
def test_writing_onto_a_folder_is_a_clear_error(peerpact, record_id, tmp_path, args):
    args = [a.format(id=record_id, dir=tmp_path) for a in args]
    result = peerpact(*args, expect=None)
    assert_clean_failure(result, ExitStatus.ENVIRONMENT, "is a folder")


def test_an_answers_path_that_is_a_folder(peerpact, tmp_path):
    result = peerpact("new", "--answers", str(tmp_path), "--no-input", expect=None)
    assert_clean_failure(
        result, ExitStatus.BAD_INPUT, "is a folder; give the path of the answers file"
    )
