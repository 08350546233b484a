"""Every string a person sees is in the catalogue (issue 12): a static check
over src/peerpact that can fail (see tests/untranslated.py for what it reads)."""

from __future__ import annotations

import textwrap

from support.untranslated import findings, untranslated


def test_every_string_a_person_sees_is_wrapped():
    found = untranslated()
    assert not found, "not wrapped in _():\n" + "\n".join(map(str, found[:20]))


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
    require_terminal("`peerpact show`", "Run it somewhere else.")

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
        "Run it somewhere else.",
        "Whose name.",
        "fingerprint",
    ]
    # Outside cli/, only errors count: a printed line there is not output.
    core = tmp_path / "planted.py"
    core.write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    assert sorted(f.text for f in findings(core, root=tmp_path)) == [" also this", "Plain words."]
