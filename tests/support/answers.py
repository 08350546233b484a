"""Answers files the tests write: the usual two parties, and the least a file needs."""

from __future__ import annotations

import textwrap
from pathlib import Path

ANSWERS = """\
template = "peer-support-space"
[variables]
organization = "Peer Support Space"
[[parties]]
role = "member"
name = "Robin"
pronouns = "they/them"
wants = ["Start by checking in about my week"]
needs = ["Sessions end on time"]
boundaries = ["No advice unless I ask for it"]
signature = "Robin"
[[parties]]
role = "supporter"
name = "Alex"
boundaries = ["I can't hold support around active substance use"]
signature = "Alex"
"""


#: The least an answers file needs: two parties who both consent.
PARTIES = """\
[[parties]]
role = "member"
name = "Robin"
signature = "Robin"
[[parties]]
role = "supporter"
name = "Alex"
signature = "Alex"
"""


def write_answers(tmp_path: Path, text: str, name: str = "answers.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
