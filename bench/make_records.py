"""Write N valid, signed records (three revisions each) through peerpact's own code.

Usage: python bench/make_records.py N DIR    (DIR becomes PEERPACT_HOME)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def make(count: int, home: Path) -> None:
    os.environ["PEERPACT_HOME"] = str(home)
    from peerpact.agreement.draft import Draft, PartyDraft, signed_body
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.paths import get_paths
    from peerpact.record import store as records
    from peerpact.record.format import sign_revision
    from peerpact.record.keys import load_or_create_key
    from peerpact.text import now

    template = load_template(DEFAULT_TEMPLATE)
    values = {name: var.default or "" for name, var in template.variables.items()}
    key = load_or_create_key(get_paths().key_file)
    existing = len(records.record_files())
    for index in range(existing, count):
        member, supporter = f"Member {index}", f"Supporter {index % 17}"
        draft = Draft(
            parties=[
                PartyDraft("member", member, signature=member),
                PartyDraft("supporter", supporter, signature=supporter),
            ]
        )
        draft.parties[0].additions["boundaries"] = ["No advice unless I ask for it"]
        draft.parties[1].additions["needs"] = ["Sessions end on time"]
        record, path = records.create(signed_body(draft, template, values), key)
        for number, text in enumerate(("Text before calling", "Check in at the end"), 2):
            record, old = records.read_record(path)
            body = {
                "kind": "amended",
                "time": now(),
                "changes": [
                    {
                        "op": "add",
                        "party": "p1",
                        "kind": "wants",
                        "label": f"W{number - 1}",
                        "text": text,
                    }
                ],
                "confirmations": [
                    {"party": "p1", "signature": member, "time": now()},
                    {"party": "p2", "signature": supporter, "time": now()},
                ],
            }
            records.append(path, old, sign_revision(key, record.id, record.head, body), key)


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    make(int(sys.argv[1]), Path(sys.argv[2]))
