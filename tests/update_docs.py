"""Write the real output of every example back into README.md and docs/*.md.

Run it after a deliberate change of behaviour, then read the diff:

    .venv/bin/python tests/update_docs.py              # every doc
    .venv/bin/python tests/update_docs.py docs/user-guide.md

Commands that docs/commands.md lacks get a section of their own at its end.
Only blocks whose output no longer matches are rewritten; the doc's own ids,
receipts, hashes and times are kept wherever they still pair up. A command
that now fails, or a doc that cannot be run, is reported and not rewritten.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from support.doc_examples import DOCS, REPO, check, command_paths, help_command


def add_missing_commands() -> None:
    """A section with an empty help block for each command docs/commands.md lacks."""
    page = REPO / "docs" / "commands.md"
    text = page.read_text(encoding="utf-8")
    for path in command_paths():
        if f"$ {help_command(path)}\n" not in text:
            title = " ".join(["peerpact", *path.split()])
            text = f"{text.rstrip()}\n\n## `{title}`\n\n```console\n$ {help_command(path)}\n```\n"
            print(f"docs/commands.md: added `{title}`; move it where it belongs")
    page.write_text(text, encoding="utf-8")


def main(names: list[str]) -> int:
    add_missing_commands()
    docs = [Path(name).resolve() for name in names] or DOCS
    status = 0
    for doc in docs:
        with tempfile.TemporaryDirectory() as root:
            try:
                run = check(doc, Path(root), update=True)
            except AssertionError as failure:
                print(f"{doc}: still failing:\n{failure}", file=sys.stderr)
                status = 1
                continue
        print(f"{doc}: {len(run.rewrites)} block(s) rewritten")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
