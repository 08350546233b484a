"""Arguments and options several commands share, with their shell completion.

Completion runs on every Tab press, so it reads only file names, never file
contents, and never fails: a problem means no suggestions.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from peerpact.i18n import _


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


def complete_outbox_id(incomplete: str) -> list[str]:
    try:
        from peerpact.feedback.outbox import entries

        return sorted(e.id for e in entries() if e.id.startswith(incomplete))
    except Exception:
        return []


def complete_config_key(incomplete: str) -> list[str]:
    try:
        from peerpact.config import KEYS
        from peerpact.settings import values_in_force

        keys = [*KEYS, *values_in_force(), "variables."]
        return sorted({key for key in keys if key.startswith(incomplete)})
    except Exception:
        return []


class DocumentFormat(StrEnum):
    """What `export` writes."""

    markdown = "markdown"
    text = "text"
    html = "html"
    json = "json"


class ShowFormat(StrEnum):
    """What `show` prints: a document format, or rendered for the terminal."""

    terminal = "terminal"
    markdown = "markdown"
    text = "text"
    html = "html"
    json = "json"


class TemplateFormat(StrEnum):
    """What `template show` prints."""

    terminal = "terminal"
    markdown = "markdown"
    text = "text"
    html = "html"


RecordId = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help=_("The record id (or its start)."),
        autocompletion=complete_record_id,
    ),
]
RecordIds = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID]...",
        help=_("Record ids (or their starts)."),
        autocompletion=complete_record_id,
    ),
]
Json = Annotated[bool, typer.Option("--json", help=_("Print machine-readable JSON."))]
NoInput = Annotated[
    bool, typer.Option("--no-input", help=_("Never prompt; fail if anything is missing."))
]
OutboxId = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help=_("The outbox id `peerpact outbox list` shows, e.g. 3fa9c2d1."),
        autocompletion=complete_outbox_id,
    ),
]
ConfigKey = Annotated[
    str,
    typer.Argument(
        metavar="KEY",
        help=_("A dotted key such as organization.name (see `peerpact config list`)."),
        autocompletion=complete_config_key,
    ),
]
Resume = Annotated[
    str | None,
    typer.Option("--resume", metavar="ID", help=_("Go on with an unfinished interview's draft.")),
]
Discard = Annotated[
    bool, typer.Option("--discard", help=_("Delete unfinished drafts and start afresh."))
]


def file_or_stream(value: str) -> Path:
    """A file named on the command line; a bare `-` is standard input or
    output (``files.STREAM``), for every option and argument that names a file."""
    from peerpact.files import STREAM

    return STREAM if value == "-" else Path(value)


# What --help shows as its type, as it shows a plain Path argument: <path>.
file_or_stream.__name__ = "path"


def folder(value: str) -> Path:
    """A folder named on the command line: `-` is refused, not made a folder."""
    if value == "-":
        raise typer.BadParameter(_("`-` stands for standard input or output; give a folder."))
    return Path(value)


#: The metavar of every file that may be `-`.
FILE = "FILE|-"

BackupTarget = Annotated[
    Path,
    typer.Argument(
        metavar=FILE, parser=file_or_stream, help=_("The backup file to write (new), or -.")
    ),
]
BackupSource = Annotated[
    Path,
    typer.Argument(metavar=FILE, parser=file_or_stream, help=_("A backup peerpact wrote, or -.")),
]
