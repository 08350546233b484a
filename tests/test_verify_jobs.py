"""`verify --all` on several processes: the same lines in the same order as on
one, and a failing record reported whichever worker checked it."""

from __future__ import annotations

import json

import pytest

from support.records import records_dir


@pytest.fixture
def many(peerpact, answers_file) -> list[str]:
    new = ("new", "--answers", str(answers_file), "--no-input", "--json")
    return sorted(json.loads(peerpact(*new).stdout)["id"] for _ in range(9))


def verify_all(peerpact, jobs: int, expect: int = 0):
    return peerpact("verify", "--all", "--jobs", str(jobs), expect=expect)


def test_output_is_the_same_on_one_and_on_two_processes(peerpact, many):
    one, two = verify_all(peerpact, 1), verify_all(peerpact, 2)
    assert one.stdout == two.stdout
    lines = one.stdout.splitlines()
    assert [line.split()[1].rstrip(":") for line in lines[:-1]] == many
    assert lines[-1] == "OK: 9 record(s) verified."


def test_a_failing_record_is_reported_whichever_worker_checked_it(peerpact, many, peerpact_home):
    # Small chunks alternate between the workers: the first and the last
    # records go to different ones, and the middle one is cut short.
    for record_id in (many[0], many[-1]):
        path = records_dir(peerpact_home) / f"{record_id}.toml"
        path.write_text(path.read_text("utf-8").replace('"Robin"', '"Robyn"', 1), "utf-8")
    middle = records_dir(peerpact_home) / f"{many[4]}.toml"
    middle.write_text("format = [", encoding="utf-8")
    one, two, three = (verify_all(peerpact, jobs, expect=1) for jobs in (1, 2, 3))
    assert one.stdout == two.stdout == three.stdout
    assert one.stderr == two.stderr == three.stderr  # the summary line
    for record_id in (many[0], many[-1]):
        assert f"FAILED {record_id}: revision 1: its content was changed" in two.stdout
    assert f"FAILED {many[4]}: record: unreadable" in two.stdout
    assert "3 of 9 record(s) failed verification." in two.stderr
    ok = [line.split()[1].rstrip(":") for line in two.stdout.splitlines() if line.startswith("OK ")]
    assert ok == [record_id for record_id in many if record_id not in (many[0], many[4], many[-1])]


def test_json_lists_records_in_the_same_order_on_two_processes(peerpact, many):
    one = json.loads(peerpact("verify", "--all", "--json", "--jobs", "1").stdout)
    two = json.loads(peerpact("verify", "--all", "--json", "--jobs", "2").stdout)
    assert one == two
    assert [record["id"] for record in two["records"]] == many


def test_jobs_must_be_a_positive_number(peerpact, many):
    result = peerpact("verify", "--all", "--jobs", "0", expect=2)
    assert "--jobs" in result.stderr
