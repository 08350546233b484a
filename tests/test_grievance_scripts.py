"""`peerpact grievance --no-input` finds a party however their name is
written (issue 26), and this computer's short host name in a link (issue 21)."""

from __future__ import annotations

import socket

import pexpect
import pytest

from support.outbox import filed_bodies
from support.pty import screen, spawn_peerpact

#: These tests read the text itself, so messages are filed unsealed, as an
#: organisation that allows it has them (sealing: tests/test_grievance_sealed.py).
pytestmark = pytest.mark.usefixtures("plain_messages")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"The notes are on \\pc\share\notes.", r"The notes are on [link]."),
        ("See pc.local/notes or PC:8080, or pc/share.", "See [link] or [link], or [link]."),
        ("My pc is slow; a vm would do. On pc.", "My pc is slow; a vm would do. On pc."),
        # Any link's host, however short: "t.me", "x.co", "wa.me".
        ("Write to t.me/ab or x.co, or wa.me/123.", "Write to [link] or [link], or [link]."),
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
    record_with(peerpact, tmp_path, member, supporter)
    peerpact("grievance", "--no-input", "--text", text)
    [body] = filed_bodies(peerpact_home)
    assert left in body
    for name in (*member.split(), *supporter.split(), "Kovalev", "金凤", "예진", "Sharma", "Kim"):
        assert name not in body, f"{name!r} left in {body!r}"


def record_with(peerpact, tmp_path, member: str, supporter: str) -> None:
    answers = tmp_path / "parties.toml"
    answers.write_text(
        'template = "peer-support-space"\n'
        + PARTY_NAMES.format(member=member, supporter=supporter),
        encoding="utf-8",
    )
    peerpact("new", "--answers", str(answers), "--no-input")


#: (member, supporter, text, written in it and to be gone, a word to stay):
#: each way issue 26 names, one grievance each, through the CLI.
WAYS = {
    "Ukrainian national": (
        "Сергій Закусило", "Ганна Шило", "Serhii Zakusylo and Hanna Shylo came.",
        ("Serhii", "Zakusylo", "Hanna", "Shylo"), "came",
    ),
    "Russian, both ways and upper case": (
        "Дмитрий Ковалёв", "Ганна Шило", "Dmitriy KOVALYOV came, Dmitrii Kovalev, ДМИТРИЙ КОВАЛЁВ.",
        ("Dmitriy", "KOVALYOV", "Dmitrii", "Kovalev", "ДМИТРИЙ", "КОВАЛЁВ"), "came",
    ),
    "Bulgarian Streamlined": (
        "Стефан Търновски", "Щерьо Хаджиев", "Stefan Tarnovski told Shteryo Hadzhiev.",
        ("Stefan", "Tarnovski", "Hadzhiev"), "told",
    ),
    "Greek ELOT and upper case": (
        "Ευθύμιος Αντωνίου", "Γιάννης Μπαλτάς", "Efthymios Antoniou, ΕΥΘΥΜΙΟΣ and Giannis.",
        ("Efthymios", "Antoniou", "ΕΥΘΥΜΙΟΣ", "Giannis"), "and",
    ),
    "Armenian two ways": (
        "Մուշեղ Ադուլյան", "Ռաիսա Երեմյան", "Mushegh Adulyan, Mowshegh and Raisa Yeremyan.",
        ("Mushegh", "Adulyan", "Mowshegh", "Raisa", "Yeremyan"), "and",
    ),
    "Georgian, apostrophes or none, and Mtavruli capitals": (
        "მამუკა ჭელიძე", "გოჩა ბერულავა", "Mamuka Ch'elidze, Chelidze and ᲑᲔᲠᲣᲚᲐᲕᲐ.",
        ("Mamuka", "Ch'elidze", "Chelidze", "ᲑᲔᲠᲣᲚᲐᲕᲐ"), "and",
    ),
    "Korean McCune-Reischauer and Revised": (
        "박영길", "최정훈", "Pak Yŏnggil, Park Yeong-gil and Choe Jeonghun; 영길이가 왔다.",
        ("Pak", "Yŏnggil", "Park", "Yeong-gil", "Choe", "Jeonghun", "영길"), "왔다",
    ),
    "Chinese, given name first": (
        "刘金凤", "李玲", "Jinfeng Liu and Ling Li were there.", ("Jinfeng", "Liu", "Ling Li"),
        "were",
    ),
    "Thai inside a run": (
        "ภัคชนน แจ้งสว่าง", "สมศรี ทองดี", "เมื่อวานคุณภัคชนนพูดแทรก ฉันบอกแจ้งสว่างแล้ว",
        ("ภัคชนน", "แจ้งสว่าง"), "พูดแทรก",
    ),
    "Japanese with its space, and 々": (
        "佐々木 花子", "山田 太郎", "会のあと佐々木 花子さんに話しました。佐々木さんも。",
        ("佐々木", "花子"), "話しました",
    ),
    "Japanese kanji and kana romanized, long vowels each way": (
        "山田 太郎", "さとう ゆうき", "Yamada Taro told Tarou, YAMADA and Sato Yuki; Satou came.",
        ("Yamada", "Taro", "YAMADA", "Sato", "Yuki", "Satou"), "came",
    ),
    "Hebrew prefixes": (
        "דוד כהן", "שרה לוי", "אמרתי וכהן הכהן בכהן ככהן לכהן מכהן שכהן כשכהן ולדוד ומלוי",
        ("כהן", "דוד", "לוי"), "אמרתי",
    ),
    "Arabic prefixes": (
        "محمد أحمد", "سارة يوسف", "قال والأحمد وبأحمد لأحمد فمحمد كمحمد بمحمد الأحمد وليوسف",
        ("أحمد", "محمد", "يوسف"), "قال",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("member", "supporter", "text", "gone", "left"), WAYS.values(), ids=WAYS)
def test_a_party_is_redacted_each_way_they_are_written(
    peerpact, peerpact_home, tmp_path, member, supporter, text, gone, left
):
    record_with(peerpact, tmp_path, member, supporter)
    peerpact("grievance", "--no-input", "--text", text)
    [body] = filed_bodies(peerpact_home)
    assert left in body
    for name in gone:
        assert name not in body, f"{name!r} left in {body!r}"


def test_a_romanized_name_is_shown_and_may_be_kept(peerpact, peerpact_home, tmp_path):
    """Found by its romanization, a name is a finding like any other: shown,
    numbered, and kept as written with `k N` (here the first, not the second)."""
    record_with(peerpact, tmp_path, "Дмитрий Ковалёв", "김예진")
    child = spawn_peerpact("grievance")
    child.expect_exact("Number or name, or Enter to skip")
    child.sendline("")
    child.expect_exact("> ")
    child.sendline("Dmitrii said Kim Ye-jin would come.")
    child.expect_exact("> ")
    child.sendline(".")
    child.expect_exact("Add contact details?")
    child.sendline("")
    child.expect_exact("to edit: ")
    preview = screen(child)
    assert "1  Dmitrii  ->  becomes [name]" in preview
    assert "2  Kim Ye-jin  ->  becomes [name]" in preview
    child.sendline("k 1")
    child.expect_exact("to edit: ")
    child.sendline("")
    child.expect_exact("File this in the outbox?")
    child.sendline("y")
    child.expect_exact("Filed in the outbox")
    child.expect(pexpect.EOF)
    child.close()
    [body] = filed_bodies(peerpact_home)
    assert "Dmitrii said [name] would come." in body
