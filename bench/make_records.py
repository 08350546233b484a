"""Write valid, signed records for the benchmarks, fast, with peerpact's core API.

Usage: python bench/make_records.py N DIR                 N records of three revisions each
       python bench/make_records.py --revisions N DIR     one record of N revisions
(DIR becomes PEERPACT_HOME.)

Every revision is signed by peerpact's own ``sign_revision``; the files are
written straight away (no fsync per file, no lock, one witness write at the
end), so the result verifies exactly as records written by `peerpact new` and
`peerpact amend` do. Many records are made on every core. The TOML of each
revision is tomlkit's own output, made once per worker with placeholders and
filled in per record (checked against tomlkit for each worker's first record):
tomlkit takes ~6 ms for a creation, ten times the signing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

TIME = "@@TIME@@"
_TOKENS = ("@@ID@@", "@@MEMBER@@", "@@SUPPORTER@@", TIME, "@@H@@", "@@SIG@@", "@@TSIG@@")


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)


def _bodies() -> list[dict[str, Any]]:
    """The three revisions' bodies, with placeholders for what differs per record."""
    from peerpact.agreement.library import DEFAULT_TEMPLATE, load_template
    from peerpact.agreement.unsigned import Draft, PartyDraft
    from peerpact.record.payload.build import signed_body

    template = load_template(DEFAULT_TEMPLATE)
    values = {name: var.default or "" for name, var in template.variables.items()}
    member, supporter = "@@MEMBER@@", "@@SUPPORTER@@"
    draft = Draft(
        parties=[
            PartyDraft("member", member, signature=member),
            PartyDraft("supporter", supporter, signature=supporter),
        ]
    )
    draft.parties[0].additions["boundaries"] = ["No advice unless I ask for it"]
    draft.parties[1].additions["needs"] = ["Sessions end on time"]
    bodies = [signed_body(draft, template, values)]
    for number, text in enumerate(("Text before calling", "Check in at the end"), 1):
        change = {"op": "add", "party": "p1", "kind": "wants", "label": f"W{number}", "text": text}
        bodies.append(_amended([change], member, supporter))
    # The creation's times become placeholders too.
    bodies[0] = json.loads(json.dumps(bodies[0]).replace(bodies[0]["time"], TIME))
    return bodies


def _amended(changes: list[dict[str, Any]], member: str, supporter: str) -> dict[str, Any]:
    return {
        "kind": "amended",
        "time": TIME,
        "changes": changes,
        "confirmations": [
            {"party": "p1", "signature": member, "time": TIME},
            {"party": "p2", "signature": supporter, "time": TIME},
        ],
    }


def _fill(text: str, values: dict[str, str]) -> str:
    for token, value in values.items():
        text = text.replace(token, value)
    return text


def make_chunk(first: int, stop: int) -> list[tuple[str, int, str]]:
    """Records ``first`` to ``stop - 1``; returns (id, revisions, head) of each."""
    from peerpact.clock import now
    from peerpact.paths import get_paths
    from peerpact.record.format import (
        Revision,
        header_text,
        new_record_id,
        revision_text,
        sign_revision,
    )
    from peerpact.record.keys import load_key

    key = load_key(get_paths().key_file)
    assert key is not None
    folder = get_paths().records_dir
    bodies = _bodies()
    # The stencils: each revision's TOML with placeholders in it.
    stencils, prev = [], None
    for body in bodies:
        rev = sign_revision(key, "@@ID@@", prev, body)
        rev = Revision({**rev.payload, "prev": "@@PREV@@" if prev else ""}, *_TOKENS[4:])
        stencils.append(revision_text(rev))
        prev = rev
    heads = []
    for index in range(first, stop):
        record_id = new_record_id()
        names = {"@@MEMBER@@": f"Member {index}", "@@SUPPORTER@@": f"Supporter {index % 17}"}
        names[TIME] = now()
        parts, prev = [header_text(record_id)], None
        for body, stencil in zip(bodies, stencils, strict=True):
            real = json.loads(_fill(json.dumps(body), names))
            rev = sign_revision(key, record_id, prev, real)
            values = {
                **names,
                "@@ID@@": record_id,
                "@@PREV@@": prev.hash if prev else "",
                "@@H@@": rev.hash,
                "@@SIG@@": rev.signature,
                "@@TSIG@@": rev.trusted_signature,
            }
            text = _fill(stencil, values)
            if index == first:  # the stencil must be exactly what tomlkit writes
                assert text == revision_text(rev), "stencil differs from tomlkit's output"
            parts.append(text)
            prev = rev
        _write(folder / f"{record_id}.toml", "".join(parts).encode("utf-8"))
        assert prev is not None
        heads.append((record_id, prev.number, prev.hash))
    return heads


def make(count: int, home: Path) -> None:
    os.environ["PEERPACT_HOME"] = str(home)
    from concurrent.futures import ProcessPoolExecutor

    from peerpact.paths import get_paths
    from peerpact.record import store, witness
    from peerpact.record.keyring import own_keyring
    from peerpact.record.keys import load_or_create_key

    key = load_or_create_key(get_paths().key_file)
    store.records_dir(create=True)
    existing = len(store.record_files())
    if existing >= count:
        return
    workers = os.cpu_count() or 1
    step = max(1, min(2000, (count - existing) // workers + 1))
    starts = list(range(existing, count, step))
    heads: list[tuple[str, int, str]] = []
    with ProcessPoolExecutor(workers) as pool:
        for chunk in pool.map(make_chunk, starts, [min(s + step, count) for s in starts]):
            heads.extend(chunk)
    witness.append_many(key, own_keyring(), heads)


def make_history(revisions: int, home: Path) -> None:
    """One record of ``revisions`` revisions: adds, rewordings and withdrawals."""
    os.environ["PEERPACT_HOME"] = str(home)
    from peerpact.clock import now
    from peerpact.paths import get_paths
    from peerpact.record import store, witness
    from peerpact.record.format import revision_text, sign_revision
    from peerpact.record.keyring import own_keyring
    from peerpact.record.keys import load_or_create_key

    key = load_or_create_key(get_paths().key_file)
    names = {"@@MEMBER@@": "Robin", "@@SUPPORTER@@": "Alex", TIME: now()}
    body = json.loads(_fill(json.dumps(_bodies()[0]), names))
    record, path = store.create(body, key)
    rev, texts, added, kept = record.head, [], 0, []
    for number in range(2, revisions + 1):
        if number % 3 == 1 and kept:
            change = {"op": "withdraw", "party": "p1", "label": kept.pop(0)}
        elif number % 3 == 0 and kept:
            change = {"op": "reword", "party": "p1", "label": kept[-1], "text": f"Again {number}"}
        else:
            added += 1
            kept.append(f"W{added}")
            change = {"op": "add", "party": "p1", "kind": "wants", "label": kept[-1], "text": "Tea"}
        amended = json.loads(json.dumps(_amended([change], "Robin", "Alex")).replace(TIME, now()))
        rev = sign_revision(key, record.id, rev, amended)
        texts.append(revision_text(rev))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("".join(texts))
    if revisions > 1:
        witness.append(key, own_keyring(), record.id, rev.number, rev.hash)
    print(record.id)


if __name__ == "__main__":
    args = sys.argv[1:]
    history = args[:1] == ["--revisions"]
    args = args[1:] if history else args
    if len(args) != 2 or not args[0].isdigit():
        sys.exit(__doc__)
    (make_history if history else make)(int(args[0]), Path(args[1]))
