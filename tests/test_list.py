"""`peerpact list`: every record, newest first, from an index that is rebuilt
from the files whenever it is missing, damaged or out of date."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import time

import pytest

from support.records import records_dir


def listed(peerpact, *args: str) -> list[dict]:
    return json.loads(peerpact("list", "--json", *args).stdout)


def index_file(home):
    return home / "cache" / "index.sqlite3"


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
        assert len(row["head"]) == 64
    text = peerpact("list").stdout
    assert all(record_id in text for record_id in ids)


def test_empty_list_says_how_to_start(peerpact):
    assert "peerpact new" in peerpact("list").stdout
    assert listed(peerpact) == []


@pytest.fixture
def three(peerpact, answers_file, peerpact_home, clock) -> list[str]:
    """Three records, the middle one ended (so changed last)."""
    new = ("new", "--answers", str(answers_file), "--no-input", "--json")
    ids = [json.loads(peerpact(*new).stdout)["id"] for _ in range(3)]
    clock.advance(seconds=2)  # times are to the second
    peerpact("end", ids[1], "--party", "Robin", "--sign", "Robin", "--no-input")
    return ids


def both_outputs(peerpact) -> tuple[str, str]:
    return peerpact("list").stdout, peerpact("list", "--json").stdout


def test_the_index_is_rebuilt_after_it_is_deleted(peerpact, three, peerpact_home):
    before = both_outputs(peerpact)
    assert index_file(peerpact_home).exists()
    for path in index_file(peerpact_home).parent.iterdir():
        path.unlink()
    assert both_outputs(peerpact) == before
    assert index_file(peerpact_home).exists()


@pytest.mark.parametrize("junk", [b"", b"\x00" * 4096, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_damaged_index_is_rebuilt(peerpact, three, peerpact_home, junk):
    before = both_outputs(peerpact)
    index_file(peerpact_home).write_bytes(junk)
    assert both_outputs(peerpact) == before
    with sqlite3.connect(index_file(peerpact_home)) as db:  # a database again
        assert db.execute("SELECT count(*) FROM records").fetchone() == (3,)


def test_list_is_the_same_without_an_index(peerpact, three, peerpact_home):
    with_index = both_outputs(peerpact)
    for path in index_file(peerpact_home).parent.iterdir():
        path.unlink()
    index_file(peerpact_home).parent.rmdir()
    index_file(peerpact_home).parent.write_text("not a folder")  # no index can be made
    assert both_outputs(peerpact) == with_index


def test_a_record_changed_behind_the_index_is_read_again(peerpact, record_id, peerpact_home):
    assert listed(peerpact)[0]["parties"] == ["Robin", "Alex"]
    path = records_dir(peerpact_home) / f"{record_id}.toml"
    stat_before = path.stat()
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    os.utime(path, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))  # same mtime, new size
    path.write_text(path.read_text(encoding="utf-8").replace('"Robin"', '"Robyn"'), "utf-8")
    assert listed(peerpact)[0]["parties"] == ["Robyn", "Alex"]


def test_records_added_and_removed_behind_the_index(peerpact, three, peerpact_home):
    listed(peerpact)
    folder = records_dir(peerpact_home)
    (folder / f"{three[0]}.toml").unlink()
    (folder / "zzzzzzzzzz.toml").write_text("id = [", encoding="utf-8")
    ids = {row["id"] for row in listed(peerpact)}
    assert ids == {three[1], three[2], "zzzzzzzzzz"}


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE records SET parties = 'not json', roles = 7",
        "UPDATE records SET parties = '[1, {\"a\": 2}]'",
        "UPDATE records SET revisions = 'many', size = x'00ff'",
        "UPDATE records SET status = NULL, updated = 12",
        "INSERT INTO records VALUES ('gone.toml', 'gone', 'active', '[\"Eve\"]', '[]', '', "
        "'9999', '', 1, 1, 1, '', '')",
        "UPDATE meta SET value = '/elsewhere' WHERE key = 'folder'",
        "DROP TABLE records",
        "DROP TABLE meta",
        "DROP TABLE names",
        "UPDATE names SET file = NULL, key = 1, term = x'00'",
        "UPDATE meta SET value = '²' WHERE key = 'longest'",
        "CREATE TRIGGER t AFTER INSERT ON records BEGIN INSERT INTO records "
        "SELECT 'x' || file, id, status, parties, roles, created, updated, head, revisions, "
        "size, mtime_ns, problem, mac FROM records; END; DELETE FROM records",
        "DROP TABLE records; CREATE TABLE records (file, id, status, parties, roles, created, "
        "updated, head, revisions, size, mtime_ns, problem, mac); DELETE FROM meta",
    ],
)
def test_hostile_index_content_never_crashes(peerpact, three, peerpact_home, sql, plain_messages):
    before = both_outputs(peerpact)
    with sqlite3.connect(index_file(peerpact_home)) as db:
        db.executescript(sql)
    assert both_outputs(peerpact) == before
    peerpact("grievance", "--no-input", "--text", "Robin said so.")


def test_a_link_in_place_of_the_index_is_not_followed(peerpact, three, peerpact_home, tmp_path):
    before = both_outputs(peerpact)
    assert index_file(peerpact_home).exists()
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"keep me")
    index = index_file(peerpact_home)
    index.unlink()
    index.symlink_to(target)
    assert both_outputs(peerpact) == before
    assert target.read_bytes() == b"keep me"


def test_the_index_and_its_folder_are_private_whatever_the_umask(peerpact, three, peerpact_home):
    assert not index_file(peerpact_home).parent.exists()
    old = os.umask(0)
    try:
        rows = listed(peerpact)
        # SQLite's -wal and -shm exist while a connection is open: look then.
        db = sqlite3.connect(index_file(peerpact_home))
        db.execute("SELECT count(*) FROM records").fetchone()
        files = sorted(index_file(peerpact_home).parent.iterdir())
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in files}
        db.close()
    finally:
        os.umask(old)
    assert len(rows) == 3
    assert {"index.sqlite3", "index.sqlite3-wal", "index.sqlite3-shm"} <= set(modes)
    assert set(modes.values()) == {0o600}
    assert stat.S_IMODE(index_file(peerpact_home).parent.stat().st_mode) == 0o700


def test_filters(peerpact, three, peerpact_home):
    everything = [row["id"] for row in listed(peerpact)]
    assert everything[0] == three[1]  # ended last, so changed last
    assert sorted(everything) == sorted(three)
    assert [row["id"] for row in listed(peerpact, "--status", "ended")] == [three[1]]
    assert [row["id"] for row in listed(peerpact, "--status", "active")] == everything[1:]
    assert [row["id"] for row in listed(peerpact, "--limit", "2")] == everything[:2]
    assert len(listed(peerpact, "--party", "rob")) == 3
    assert listed(peerpact, "--party", "Sam") == []
    assert len(listed(peerpact, "--since", "2000-01-01")) == 3
    assert listed(peerpact, "--since", "2999") == []
    assert "No agreements match." in peerpact("list", "--party", "Sam").stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--status", "happy"), "is not a status"),
        (("--since", "yesterday"), "is not a date"),
        (("--limit", "0"), "--limit"),
    ],
)
def test_bad_filters_are_refused(peerpact, args, says):
    assert says in peerpact("list", *args, expect=2).stderr


def test_an_unreadable_record_is_listed_as_such(peerpact, record_id, peerpact_home):
    (records_dir(peerpact_home) / "zzzzzzzzzz.toml").write_text("id = [", encoding="utf-8")
    rows = {row["id"]: row for row in listed(peerpact)}
    assert rows["zzzzzzzzzz"]["status"] == "unreadable"
    assert "TOML syntax error" in rows["zzzzzzzzzz"]["problem"]
    assert rows[record_id]["status"] == "active"


def test_an_old_json_cache_is_removed(peerpact, record_id, peerpact_home):
    old = records_dir(peerpact_home) / ".index.json"
    old.write_text('{"x.toml": [1, 2, {"parties": ["Robin"]}]}', encoding="utf-8")
    listed(peerpact)
    assert not old.exists()


def test_forget_row_removes_a_record_from_the_index(peerpact, three, peerpact_home):
    from peerpact.record.store import forget_row

    listed(peerpact)
    forget_row(three[0])
    with sqlite3.connect(index_file(peerpact_home)) as db:
        files = {file for (file,) in db.execute("SELECT file FROM records")}
        named = {file for (file,) in db.execute("SELECT file FROM names")}
    assert files == named == {f"{three[1]}.toml", f"{three[2]}.toml"}


# -- a limited list of a settled folder --------------------------------------------------


def settled(peerpact, peerpact_home) -> list[dict]:
    """The folder's last change an hour ago, then a full list: it keeps the
    folder's state, which a limited list may trust."""
    folder = records_dir(peerpact_home)
    hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(folder, ns=(hour_ago, hour_ago))
    return listed(peerpact)


def rewrite_in_place(path, old: str, new: str) -> None:
    """The same file, written over (not a new file renamed into place)."""
    with open(path, "r+", encoding="utf-8") as handle:
        text = handle.read().replace(old, new)
        handle.seek(0)
        handle.write(text)
        handle.truncate()


def test_a_limited_list_of_a_settled_folder_checks_only_the_rows_it_shows(
    peerpact, three, peerpact_home, monkeypatch
):
    from peerpact.record.index import rows as index

    rows = settled(peerpact, peerpact_home)

    def no_scan(folder):
        raise AssertionError("the whole folder was read for a limited list")

    monkeypatch.setattr(index, "on_disk", no_scan)
    assert listed(peerpact, "--limit", "2") == rows[:2]
    with pytest.raises(AssertionError, match="whole folder"):
        listed(peerpact)  # a full list checks every file
    with pytest.raises(AssertionError, match="whole folder"):
        listed(peerpact, "--limit", "2", "--party", "rob")  # and so does --party


def replace_by_rename(path):
    fresh = path.with_name(".tmp-fresh.part")
    fresh.write_text(path.read_text("utf-8").replace('"Robin"', '"Robyn"'), "utf-8")
    os.replace(fresh, path)


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        (replace_by_rename, "renamed"),
        (lambda path: rewrite_in_place(path, '"Robin"', '"Robyn"'), "renamed"),
        (lambda path: path.unlink(), "gone"),
        (lambda path: (path.parent / "zzzzzzzzzz.toml").write_text("id = [", "utf-8"), "new"),
    ],
    ids=["replaced by rename", "rewritten in place", "deleted", "new file"],
)
def test_a_limited_list_sees_changes_behind_its_back(
    peerpact, three, peerpact_home, change, expect
):
    rows = settled(peerpact, peerpact_home)
    path = records_dir(peerpact_home) / f"{rows[0]['id']}.toml"
    change(path)
    # The folder's time is set back again: only the files themselves tell.
    hour_ago = time.time_ns() - 3600 * 10**9
    if expect == "renamed" and change is not replace_by_rename:
        os.utime(path.parent, ns=(hour_ago, hour_ago))
    now = listed(peerpact, "--limit", "10")
    assert now == listed(peerpact)  # the same as a full check
    if expect == "renamed":
        assert now[0]["parties"] == ["Robyn", "Alex"]
    elif expect == "gone":
        assert rows[0]["id"] not in {row["id"] for row in now}
    else:
        assert "zzzzzzzzzz" in {row["id"] for row in now}


def test_a_file_rewritten_in_place_is_read_when_it_would_be_shown(peerpact, three, peerpact_home):
    """The documented limit: a file rewritten behind peerpact's back, in place,
    and not among the rows a limited list shows, is read by the next full list."""
    rows = settled(peerpact, peerpact_home)
    last = records_dir(peerpact_home) / f"{rows[-1]['id']}.toml"
    rewrite_in_place(last, '"Robin"', '"Robyn"')
    assert listed(peerpact, "--limit", "1") == rows[:1]
    assert listed(peerpact)[-1]["parties"] == ["Robyn", "Alex"]
    assert listed(peerpact, "--limit", "3")[-1]["parties"] == ["Robyn", "Alex"]


def test_a_folder_changed_within_the_clock_tick_is_not_trusted(
    peerpact, three, peerpact_home, monkeypatch
):
    from peerpact.record.index import rows as index

    listed(peerpact)  # the folder changed a moment ago: its state is not kept
    monkeypatch.setattr(index, "on_disk", lambda folder: iter(()))  # "every file gone"
    assert listed(peerpact, "--limit", "2") == []


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE records SET id = 5",
        "UPDATE records SET status = NULL",
        "UPDATE records SET created = zeroblob(10)",
        "UPDATE records SET parties = '[1]'",
    ],
)
def test_a_limited_list_of_a_settled_folder_never_shows_a_hostile_row(
    peerpact, three, peerpact_home, sql
):
    rows = settled(peerpact, peerpact_home)
    plain = peerpact("list", "--limit", "2").stdout
    with sqlite3.connect(index_file(peerpact_home)) as db:
        db.executescript(sql)
    assert listed(peerpact, "--limit", "2") == rows[:2]
    assert peerpact("list", "--limit", "2").stdout == plain


@pytest.mark.parametrize("columns", [60, 100])
def test_cjk_and_emoji_names_line_up_in_terminal_cells(peerpact, tmp_path, columns):
    """Columns are measured in cells: a CJK name or an emoji is two cells wide."""
    from rich.cells import cell_len

    from support.answers import ANSWERS
    from support.pty import finish, spawn_peerpact

    for member, supporter in (("李小龙", "Alex"), ("Robin", "山田 花子 🌻"), ("Ana", "Sam")):
        answers = tmp_path / f"{member}.toml"
        answers.write_text(ANSWERS.replace("Robin", member).replace("Alex", supporter), "utf-8")
        peerpact("new", "--answers", str(answers), "--no-input")
    child = spawn_peerpact("list", env={"COLUMNS": str(columns)})
    child.setwinsize(50, columns)
    assert finish(child) == 0
    shown = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", child.before.replace("\r\n", "\n"))
    lines = [line for line in shown.splitlines() if line.strip() and "index" not in line]
    assert all(cell_len(line) <= columns for line in lines), lines
    rows = [line for line in lines if " active " in line or line.startswith("id ")]
    if len(rows) == 4:  # side by side: every row's status starts in the same cell
        starts = {
            cell_len(line[: line.index("active" if "active" in line else "status")])
            for line in rows
        }
        assert len(starts) == 1, lines
    else:  # too wide for the screen: one block a record, each line whole
        assert sum("李小龙" in line for line in lines) == 1 and columns == 60, lines
