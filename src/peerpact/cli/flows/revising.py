"""What `amend` and `end` share: the signing key, a party's menu label, and
the line that reports a new revision."""

from pathlib import Path
from typing import TYPE_CHECKING

from peerpact.cli.ui.console import out, print_json
from peerpact.errors import UserInputError
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.agreement.state import Agreement, Party
    from peerpact.record.format import Record, Revision
    from peerpact.record.keys import SigningKey


def signing_key() -> "SigningKey":
    from peerpact.paths import get_paths
    from peerpact.record.keys import load_key

    key = load_key(get_paths().key_file)
    if key is None:
        raise UserInputError(
            _("There is no signing key on this computer, so its records cannot be changed here."),
            _("Change the agreement on the computer that recorded it."),
        )
    return key


def party_label(state: "Agreement", party: "Party") -> str:
    from peerpact.agreement.state import role_label

    return f"{party.name} ({role_label(state.text, party.role)})"


def report_revision(
    record: "Record", revision: "Revision", path: Path, json: bool, what: str
) -> None:
    if json:
        print_json(
            {
                "id": record.id,
                "path": str(path),
                "revision": revision.number,
                "head": revision.hash,
                "kind": revision.payload.get("kind"),
            }
        )
        return
    console = out()
    console.print(
        "\n"
        + _(
            "[bold green]{what}[/] Agreement [bold]{id}[/] is now at revision "
            "{revision} (head {head})."
        ).format(what=what, id=record.id, revision=revision.number, head=revision.hash[:16])
    )
    console.print(_("See every revision with `peerpact show {id} --history`.").format(id=record.id))
    record_id = record.id
    console.print(
        _(
            "Each party's copy, to print: `peerpact export {id} --copy` writes "
            "peerpact-copy-{id}.html here, to open in a browser and print (add --pdf for a PDF)."
        ).format(id=record_id)
    )
