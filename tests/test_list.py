"""`peerpact list`: every record, newest first, from a cache that can't lie for long."""

from __future__ import annotations

import json
import os

from conftest import records_dir


def listed(peerpact) -> list[dict]:
    return json.loads(peerpact("list", "--json").stdout)


def test_list_shows_each_record_with_its_parties(peerpact, answers_file):
    ids = [
        json.loads(peerpact("new", "--answers", str(answers_file), "--no-input", "--json").stdout)[
            "id"
        ]
        for _ in range(3)
    ]
    rows = listed(peerpact)
    assert sorted(row["id"] for row in rows) == sorted(ids)
    for row in rows:
        assert row["parties"] == ["Robin", "Alex"]
        assert row["status"] == "active"
        assert row["created"] and row["updated"]
        assert row["revisions"] == 1
    text = peerpact("list").stdout
    assert all(record_id in text for record_id in ids)


def test_empty_list_says_how_to_start(peerpact):
    assert "peerpact new" in peerpact("list").stdout
    assert listed(peerpact) == []


def test_cache_follows_changes_to_a_record(peerpact, record_id, peerpact_home):
    assert listed(peerpact)[0]["parties"] == ["Robin", "Alex"]
    path = records_dir(peerpact_home) / f"{record_id}.toml"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime, new size
    path.write_text(path.read_text(encoding="utf-8").replace('"Robin"', '"Robyn"'), "utf-8")
    assert listed(peerpact)[0]["parties"] == ["Robyn", "Alex"]


def test_a_corrupt_cache_is_ignored(peerpact, record_id, peerpact_home):
    listed(peerpact)
    index = peerpact_home / "cache" / "records-index.json"
    assert index.exists()
    for junk in ("{not json", "[1, 2]", json.dumps({f"{record_id}.toml": [1, 2, {"id": 3}]})):
        index.write_text(junk, encoding="utf-8")
        assert [row["id"] for row in listed(peerpact)] == [record_id]


def test_an_unreadable_record_is_listed_as_such(peerpact, record_id, peerpact_home):
    (records_dir(peerpact_home) / "zzzzzzzzzz.toml").write_text("id = [", encoding="utf-8")
    rows = {row["id"]: row for row in listed(peerpact)}
    assert rows["zzzzzzzzzz"]["status"] == "unreadable"
    assert "TOML syntax error" in rows["zzzzzzzzzz"]["problem"]
    assert rows[record_id]["status"] == "active"
