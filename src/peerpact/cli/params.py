"""Arguments and options several commands share, with their shell completion.

Completion runs on every Tab press, so it reads only file names, never file
contents, and never fails: a problem means no suggestions.
"""

from typing import Annotated

import typer


def complete_record_id(incomplete: str) -> list[str]:
    try:
        from peerpact.record.store import records_dir

        folder = records_dir()
        return sorted(
            path.stem
            for path in folder.glob(f"{incomplete}*.toml")
            if not path.name.startswith(".")
        )
    except Exception:
        return []


def complete_template(incomplete: str) -> list[str]:
    try:
        from peerpact.agreement.library import available_templates

        return [name for name, _, _ in available_templates() if name.startswith(incomplete)]
    except Exception:
        return []


RecordId = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The record id (or its start).",
        autocompletion=complete_record_id,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
NoInput = Annotated[
    bool, typer.Option("--no-input", help="Never prompt; fail if anything is missing.")
]
Resume = Annotated[
    str | None,
    typer.Option("--resume", metavar="ID", help="Go on with an unfinished interview's draft."),
]
Discard = Annotated[
    bool, typer.Option("--discard", help="Delete unfinished drafts and start afresh.")
]
