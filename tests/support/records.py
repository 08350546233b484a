"""Where a test finds a record, and the small steps on one that many tests take."""

from __future__ import annotations

import json
from pathlib import Path


def records_dir(home: Path) -> Path:
    return home / "data" / "records"


SIGN = ("--sign", "Robin", "--sign", "Alex")
REVISION_START = "\n[[revisions]]\n"


def record_path(home: Path, record_id: str) -> Path:
    return records_dir(home) / f"{record_id}.toml"


def amend(peerpact, record_id: str, *args: str, expect: int = 0):
    return peerpact("amend", record_id, *args, "--no-input", expect=expect)


def as_json(peerpact, record_id: str, *args: str) -> dict:
    return json.loads(peerpact("show", record_id, "--format", "json", *args).stdout)


def party(data: dict, name: str) -> dict:
    return next(p for p in data["parties"] if p["name"] == name)


def split_revisions(text: str) -> tuple[str, list[str]]:
    """The record's header, and its ``[[revisions]]`` blocks as written."""
    head, *blocks = text.split(REVISION_START)
    return head, blocks


def join_revisions(head: str, blocks: list[str]) -> str:
    return REVISION_START.join([head, *blocks])
