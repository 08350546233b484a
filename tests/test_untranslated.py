"""Every string a person sees is in the catalogue (issue 12): a static check
over src/peerpact that can fail (see tests/untranslated.py for what it reads)."""

from __future__ import annotations

import textwrap

from untranslated import SOURCE, findings, untranslated

#: The interview's modules (and `new` in cli/agreements.py), being wrapped on
#: branch issue-12a: drop each from this set when that branch merges, and the
#: check covers them too. "module:function" skips one top-level function.
NOT_YET = frozenset(
    {
        "agreement/draft.py",
        "agreement/drafts.py",
        "cli/agreements.py:new",
        "cli/agreements.py:_interview",
        "cli/amend.py",
        "cli/changes.py",
        "cli/console.py",
        "cli/drafts.py",
        "cli/editor.py",
        "cli/end.py",
        "cli/interview.py",
        "cli/lineedit.py",
        "cli/prompts.py",
        "cli/revising.py",
    }
)


def test_every_string_a_person_sees_is_wrapped():
    found = untranslated(skip=NOT_YET)
    assert not found, "not wrapped in _():\n" + "\n".join(map(str, found[:20]))


def test_not_yet_names_only_modules_that_exist():
    for name in NOT_YET:
        module, _colon, function = name.partition(":")
        assert (SOURCE / module).is_file(), name
        if function:
            assert f"def {function}(" in (SOURCE / module).read_text(encoding="utf-8"), name


def test_the_interview_is_still_left_to_its_branch():
    # Fails once issue-12a merges: then empty NOT_YET (and delete this test).
    modules = {name.partition(":")[0] for name in NOT_YET}
    assert {f.path for f in untranslated()} <= modules
    assert any(f.path == "cli/agreements.py" for f in untranslated())


PLANTED = '''
import typer
from peerpact.errors import UserInputError
from peerpact.i18n import _

@app.command("show", help=_("Show it."))
def show(
    name: str = typer.Option("", help="Whose name."),
    fine: str = typer.Option("", help=_("Fine.")),
) -> None:
    out().print(_("Fine, {name}.").format(name=name))
    out().print(f"{name}: {count}")
    out().print(f"[bold]{name}[/]")
    out().print(f"Hello, {name}.")
    print_table(("fingerprint", _("trusted as")), [])

@app.command()
def plain() -> None:
    """Docstrings are help."""

def helper(value: str) -> None:
    """Not a command: not seen."""
    raise UserInputError("Plain words.", _("Wrapped.") + " also this")
'''


def test_the_check_catches_planted_strings(tmp_path):
    (tmp_path / "cli").mkdir()
    module = tmp_path / "cli" / "planted.py"
    module.write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    found = sorted(f.text for f in findings(module, root=tmp_path))
    assert found == [
        " also this",
        "Docstrings are help.",
        "Hello, {}.",
        "Plain words.",
        "Whose name.",
        "fingerprint",
    ]
    # Outside cli/, only errors count: a printed line there is not output.
    core = tmp_path / "planted.py"
    core.write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    assert sorted(f.text for f in findings(core, root=tmp_path)) == [" also this", "Plain words."]
