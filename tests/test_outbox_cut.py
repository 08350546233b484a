"""A connection cut during SMTP DATA (issue 21, item 11): what `outbox send` does
is what docs/anonymity.md says, against a real server on loopback that hangs up."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from support.smtp import file_notes, send, statuses

pytestmark = pytest.mark.usefixtures("plain_messages")


def _serve_once(listener: socket.socket, cut: str) -> None:
    """Speak SMTP up to DATA, then hang up: halfway through the message, or
    after its final dot without answering."""
    connection, _ = listener.accept()
    with connection, connection.makefile("rb") as lines:
        connection.sendall(b"220 test ESMTP\r\n")
        while line := lines.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                connection.sendall(b"250 test\r\n")
            elif verb == b"DATA":
                connection.sendall(b"354 go on\r\n")
                if cut == "midway":
                    lines.readline()  # the first line of the message, then gone
                    return
                while lines.readline() not in (b".\r\n", b""):
                    pass
                return  # the whole message read; no answer
            else:
                connection.sendall(b"250 OK\r\n")


@pytest.fixture(params=["midway", "after the final dot"])
def cutting_server(request) -> Iterator[int]:
    listener = socket.create_server(("127.0.0.1", 0))
    thread = threading.Thread(target=_serve_once, args=(listener, request.param), daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        thread.join(timeout=10)
        listener.close()


def test_a_cut_during_data_leaves_the_message_maybe_sent(peerpact, cutting_server):
    file_notes(peerpact, "A note.")
    result = send(peerpact, cutting_server, expect=7)
    assert "may have been delivered" in result.stdout + result.stderr
    assert "Traceback" not in result.output
    assert statuses(peerpact) == ["maybe-sent"]
    # Later runs leave it alone: it is never sent twice by peerpact's doing.
    assert "Nothing waiting to send." in send(peerpact, cutting_server).stdout
