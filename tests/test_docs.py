"""Every shell example in README.md and docs/*.md runs, and prints what it shows.

See tests/doc_examples.py for how; `python tests/update_docs.py` rewrites the
shown output after a deliberate change of behaviour.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_examples import DOCS, REPO, check


@pytest.mark.parametrize("doc", DOCS, ids=[str(p.relative_to(REPO)) for p in DOCS])
def test_examples_run_as_shown(doc: Path, tmp_path: Path) -> None:
    check(doc, tmp_path)
