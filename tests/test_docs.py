"""Every shell example in README.md and docs/*.md runs, and prints what it shows.

See tests/doc_examples.py for how; `python tests/update_docs.py` rewrites the
shown output after a deliberate change of behaviour.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from support.doc_examples import DOCS, REPO, check, command_paths, help_command


@pytest.mark.parametrize("doc", DOCS, ids=[str(p.relative_to(REPO)) for p in DOCS])
def test_examples_run_as_shown(doc: Path, tmp_path: Path) -> None:
    run = check(doc, tmp_path)
    for skipped in run.skipped:
        if "is not installed" in skipped:
            warnings.warn(f"{doc.name}, {skipped}: not checked", stacklevel=1)


def test_every_command_has_its_help_in_commands_md() -> None:
    page = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    missing = [help_command(p) for p in command_paths() if f"$ {help_command(p)}\n" not in page]
    assert not missing, f"docs/commands.md lacks {missing}: run tests/update_docs.py"


def test_no_shell_example_hides_outside_a_checked_block() -> None:
    """A `$ command` in a ```text (or bare) block would never run."""
    fence = re.compile(r"^ *```(\w*)\n(.*?)^ *```", re.MULTILINE | re.DOTALL)
    hidden = [
        f"{doc.relative_to(REPO)}: ```{language}"
        for doc in DOCS
        for language, body in fence.findall(doc.read_text(encoding="utf-8"))
        if language != "console" and re.search(r"^ *\$ ", body, re.MULTILINE)
    ]
    assert not hidden


def test_every_skipped_example_says_why() -> None:
    for doc in DOCS:
        for marker in re.findall(r"^ *<!-- skip:.*", doc.read_text(encoding="utf-8"), re.MULTILINE):
            assert re.fullmatch(r' *<!-- skip: next "[^"]{10,}" -->', marker), (doc, marker)


# One change each to a copy of a doc, as drift would make it: a renamed
# command, a renamed option (in a list item's indented block too), output
# that is no longer printed.
MUTATIONS = [
    ("docs/user-guide.md", "$ peerpact verify --all", "$ peerpact check --all"),
    ("docs/user-guide.md", "--withdraw B2 --sign", "--remove B2 --sign"),
    (
        "docs/templates.md",
        "$ peerpact template validate riverside",
        "$ peerpact template check riverside",
    ),
    ("docs/answers.md", "--answers no-name.toml", "--answer-file no-name.toml"),
    ("docs/commands.md", "│ --no-input ", "│ --batch    "),
    ("README.md", "$ peerpact docs\n", "$ peerpact guides\n"),
]


@pytest.mark.parametrize(("doc", "old", "new"), MUTATIONS)
def test_a_drifted_example_fails(doc: str, old: str, new: str, tmp_path: Path) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{doc} no longer has {old!r}: pick another mutation"
    copy = tmp_path / Path(doc).name
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    (tmp_path / "run").mkdir()
    with pytest.raises(AssertionError) as failure:
        check(copy, tmp_path / "run")
    assert "did not evaluate as expected" in str(failure.value)
    assert new.strip().removeprefix("$ ") in str(failure.value)  # this change, nothing else


def test_the_unchanged_copy_passes(tmp_path: Path) -> None:
    """The mutation test's copy-and-check works at all."""
    copy = tmp_path / "user-guide.md"
    copy.write_text((REPO / "docs" / "user-guide.md").read_text(encoding="utf-8"))
    (tmp_path / "run").mkdir()
    check(copy, tmp_path / "run")
