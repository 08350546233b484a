"""Every reading command's `--json` prints the keys docs/json.md names for it,
and every command that takes `--json` is in docs/json.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer

DOC = (Path(__file__).parents[1] / "docs" / "json.md").read_text("utf-8")


def documented_keys(command: str) -> list[str]:
    """The keys of the first `{...}` shape docs/json.md gives for ``command``."""
    row = next(line for line in DOC.splitlines() if line.startswith(f"| `{command}"))
    shapes = re.findall(r"\{[^}]*\}", row.split("|")[2])
    return re.findall(r'"(\w+)"', shapes[-1] if "TOPIC" in command else shapes[0])


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("docs --json", ["docs", "--json"]),
        ("docs TOPIC", ["docs", "json", "--json"]),
        ("show ID --history", ["show", "{id}", "--history", "--format", "json"]),
    ],
)
def test_the_json_has_the_documented_keys(peerpact, record_id, command, args):
    data = json.loads(peerpact(*[arg.format(id=record_id) for arg in args]).stdout)
    item = data[0] if isinstance(data, list) else data
    if command == "docs TOPIC":
        command = "docs --json"  # its row gives both shapes, the page's last
    keys = documented_keys(command)
    assert keys and set(keys) <= set(item), (keys, item)


def _with_json(group, ctx, path: str = "") -> list[str]:
    """Every command under ``group`` (a click group; click is Typer's own copy)
    that takes --json."""
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        full = f"{path} {name}".strip()
        if hasattr(command, "list_commands"):
            found += _with_json(command, ctx, full)
        if any("--json" in getattr(param, "opts", ()) for param in command.params):
            found.append(full)
    return found


def test_every_command_with_json_is_in_the_doc():
    from peerpact.cli import app

    root = typer.main.get_command(app)
    commands = _with_json(root, typer.Context(root))
    assert "verify" in commands and "docs" in commands
    missing = [name for name in commands if f"`{name}" not in DOC]
    assert not missing, f"--json outputs not in docs/json.md: {missing}"
