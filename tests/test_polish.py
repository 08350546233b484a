"""Everyday polish: a greeting, plain output for screen readers, help with an
example for every command, shell completion for ids and template names."""

from __future__ import annotations

import json
import re

import pytest
import typer.main

from peerpact.cli import app
from support.process import complete, run

ANSI = re.compile(r"\x1b\[")
BOX = re.compile(r"[─│╭╮╰╯━┃]")


def test_no_arguments_greets_and_names_the_everyday_commands(peerpact):
    out = peerpact().stdout
    for command in ("peerpact new", "peerpact amend ID", "peerpact grievance"):
        assert command in out
    assert len(out.splitlines()) < 10


def every_command(group=None, prefix=()):
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from every_command(command, (*prefix, name))
        else:
            yield (*prefix, name)


@pytest.mark.parametrize("path", list(every_command()), ids=" ".join)
def test_every_command_help_has_an_example(peerpact, path):
    assert "Example" in peerpact(*path, "--help").stdout


@pytest.mark.parametrize(
    "args", [("--help",), ("list",), ("show", "{id}"), ("template", "list"), ("new", "--help")]
)
def test_plain_output_has_no_colour_or_boxes(record_id, args):
    args = tuple(a.replace("{id}", record_id) for a in args)
    for result in (run("--plain", *args), run(*args, PEERPACT_PLAIN="1")):
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip()
        assert not ANSI.search(result.stdout + result.stderr)
        assert not BOX.search(result.stdout), result.stdout


def test_plain_show_reads_as_text(record_id):
    shown = run("--plain", "show", record_id).stdout
    assert "What Peer Support Is:" in shown
    assert "**" not in shown and "\\" not in shown and "## " not in shown


def test_no_color_removes_colour(record_id):
    result = run("show", record_id, NO_COLOR="1")
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", result.stdout)


def test_completion_offers_record_ids(peerpact, answers_file):
    ids = [
        json.loads(peerpact("new", "--answers", str(answers_file), "--no-input", "--json").stdout)[
            "id"
        ]
        for _ in range(2)
    ]
    assert sorted(complete("show", "")) == sorted(ids)
    assert complete("amend", ids[0][:6]) == [ids[0]]
    assert complete("verify", "zz") == []


def test_completion_offers_template_names():
    assert complete("new", "--template", "peer") == ["peer-support-space", "peer-support-space-es"]
