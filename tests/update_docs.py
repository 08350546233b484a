"""Write the real output of every example back into README.md and docs/*.md.

Run it after a deliberate change of behaviour, then read the diff:

    .venv/bin/python tests/update_docs.py              # every doc
    .venv/bin/python tests/update_docs.py docs/user-guide.md

Only blocks whose output no longer matches are rewritten; the doc's own ids,
receipts, hashes and times are kept wherever they still pair up. A command
that now fails, or a doc that cannot be run, is reported and not rewritten.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from doc_examples import DOCS, check


def main(names: list[str]) -> int:
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
