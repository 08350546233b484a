"""What the index's rows mean: a record's summary, what `list` asks for, and
the SQL that asks for it. No file is read here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

UNREADABLE = "unreadable"
COLUMNS = "file, id, status, parties, roles, created, updated, head, revisions, problem"
#: A whole row as written (``Row``), and its seal (see ``seal``).
SEALED = (
    "file, id, status, parties, roles, created, updated, head, revisions, size, mtime_ns, "
    "problem, mac"
)
#: A row is used only when every column has the type peerpact writes.
VALID = """
    typeof(id) = 'text' AND typeof(status) = 'text' AND typeof(created) = 'text'
    AND typeof(updated) = 'text' AND typeof(head) = 'text' AND typeof(problem) = 'text'
    AND typeof(revisions) = 'integer' AND typeof(size) = 'integer'
    AND typeof(mtime_ns) = 'integer'
    AND CASE WHEN typeof(parties) = 'text' AND typeof(roles) = 'text'
        AND json_valid(parties) AND json_valid(roles)
    THEN json_type(parties) = 'array' AND json_type(roles) = 'array'
        AND NOT EXISTS (SELECT 1 FROM json_each(parties) WHERE type != 'text')
        AND NOT EXISTS (SELECT 1 FROM json_each(roles) WHERE type != 'text')
    ELSE 0 END
"""


@dataclass(frozen=True)
class Summary:
    id: str
    status: str
    parties: list[str]
    roles: list[str]
    created: str
    updated: str
    revisions: int
    head: str = ""
    problem: str = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "parties": self.parties,
            "roles": self.roles,
            "created": self.created,
            "updated": self.updated,
            "revisions": self.revisions,
            "head": self.head,
        }
        if self.problem:
            data["problem"] = self.problem
        return data


@dataclass(frozen=True)
class Filters:
    """What `list` asks for; None is everything."""

    status: str | None = None
    #: Part of a party's name, any case.
    party: str | None = None
    #: Changed on or after this time (any prefix of 2026-01-31T09:30:00Z).
    since: str | None = None
    limit: int | None = None


Row = tuple[str, str, str, str, str, str, str, str, int, int, int, str]
#: (file, key, folded term): one term of one party's name.
NameRow = tuple[str, str, str]


def query(filters: Filters, columns: str = COLUMNS) -> tuple[str, list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if filters.status is not None:
        where.append("status = ?")
        args.append(filters.status)
    if filters.since is not None:
        where.append("updated >= ?")
        args.append(filters.since)
    sql = f"SELECT {columns} FROM records"  # noqa: S608 (constants; values are ? parameters)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY updated DESC, file ASC"
    if filters.limit is not None and filters.party is None:
        sql += " LIMIT ?"
        args.append(filters.limit)
    return sql, args


def summary_of(row: tuple[Any, ...]) -> Summary:
    _, record_id, status, parties, roles, created, updated, head, revisions, problem = row
    return Summary(
        record_id, status, json.loads(parties), json.loads(roles), created, updated, revisions,
        head, problem,
    )  # fmt: skip
