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
