"""`peerpact grievance --no-input` finds a party however their name is
written (issue 26), and this computer's short host name in a link (issue 21)."""

from __future__ import annotations

import socket

import pytest

from support.outbox import filed_bodies

#: These tests read the text itself, so messages are filed unsealed, as an
#: organisation that allows it has them (sealing: tests/test_grievance_sealed.py).
pytestmark = pytest.mark.usefixtures("plain_messages")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"The notes are on \\pc\share\notes.", r"The notes are on [link]."),
        ("See pc.local/notes or PC:8080, or pc/share.", "See [link] or [link], or [link]."),
        ("My pc is slow; a vm would do. On pc.", "My pc is slow; a vm would do. On pc."),
    ],
)
def test_a_short_host_name_in_a_link_is_redacted(
    peerpact, peerpact_home, monkeypatch, text, expected
):
    monkeypatch.setattr(socket, "gethostname", lambda: "pc")
    peerpact("grievance", "--no-input", "--text", text)
    [body] = filed_bodies(peerpact_home)
    assert expected in body


PARTY_NAMES = """\
[variables]
organization = "Peer Support Space"
[[parties]]
role = "member"
name = "{member}"
signature = "{member}"
[[parties]]
role = "supporter"
name = "{supporter}"
signature = "{supporter}"
"""


@pytest.mark.parametrize(
    ("member", "supporter", "text", "left"),
    [
        ("Дмитрий Ковалёв", "刘金凤", "Dmitrii Kovalev, KOVALYOV and ДМИТРИЙ came.", "came"),
        ("Дмитрий Ковалёв", "刘金凤", "我和刘金凤谈话时，金凤哭了。刘老师也在。", "谈话时"),
        ("김예진", "山田 太郎", "김예진씨가 왔어요. 예진이가 울었다. Kim Ye-jin.", "왔어요"),
        ("김예진", "山田 太郎", "山田さんが来た。太郎くんも。", "が来た"),
        ("דוד כהן", "محمد أحمد", "כשכהן הגיע, ולדוד אמרתי. والأحمد قال", "הגיע"),
        ("राहुल शर्मा", "Γεώργιος Παπαδόπουλος", "Rahul Sharma and Georgios Papadopoulos.", "and"),
    ],
)
def test_a_party_named_in_any_script_is_redacted(
    peerpact, peerpact_home, tmp_path, member, supporter, text, left
):
    answers = tmp_path / "parties.toml"
    answers.write_text(
        'template = "peer-support-space"\n'
        + PARTY_NAMES.format(member=member, supporter=supporter),
        encoding="utf-8",
    )
    peerpact("new", "--answers", str(answers), "--no-input")
    peerpact("grievance", "--no-input", "--text", text)
    [body] = filed_bodies(peerpact_home)
    assert left in body
    for name in (*member.split(), *supporter.split(), "Kovalev", "金凤", "예진", "Sharma", "Kim"):
        assert name not in body, f"{name!r} left in {body!r}"
