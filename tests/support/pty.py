"""peerpact in a real pseudo-terminal, and the keys and steps a person takes there."""

from __future__ import annotations

import os
import re
import sys


def spawn_peerpact(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 20,
    stdin: str = "",
    size: tuple[int, int] = (50, 120),
):
    """peerpact in a real pseudo-terminal of ``size`` (rows, columns), for the
    interactive flows; with ``stdin`` (a file) read on standard input, the pty
    still its terminal."""
    import pexpect

    rows, columns = size
    full_env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": str(columns),
        "LINES": str(rows),
        "TERM": "xterm",
    }
    full_env.update(env or {})
    program, argv = sys.executable, ["-m", "peerpact", *args]
    if stdin:
        program, argv = "/bin/sh", ["-c", 'exec "$@" < "$0"', stdin, program, *argv]
    child = pexpect.spawn(
        program,
        argv,
        env=full_env,
        encoding="utf-8",
        timeout=timeout,
        dimensions=size,
        # A runner started in the background (nohup, `&`) ignores SIGINT and
        # its children inherit that; Ctrl-C must reach peerpact as a person's would.
        preexec_fn=_default_sigint,
    )
    return child


# Keys as an xterm sends them.
LEFT, RIGHT, HOME, END = "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F"
WORD_LEFT, WORD_RIGHT = "\x1b[1;5D", "\x1b[1;5C"
BACKSPACE, DELETE = "\x7f", "\x1b[3~"
#: Ctrl-U: clears the line typed so far (an answer offered for editing, say).
CLEAR_LINE = "\x15"


def interrupt(child) -> None:
    """Ctrl-C once peerpact is waiting for a key, as a person presses it
    after reading the question: sent at once, it could land while peerpact
    is still busy with the answer before. So wait until the process is
    asleep in select/poll (Linux /proc), then send it. (readline, on a Python
    without termios, acts on a SIGINT that lands before it sleeps only at the
    next key.)
    """
    import time

    deadline = time.monotonic() + child.timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{child.pid}/wchan", encoding="ascii") as file:
                waiting_in = file.read()
        except OSError:
            break  # no /proc: send it at once
        if "poll" in waiting_in or "select" in waiting_in:
            break
        time.sleep(0.01)
    child.sendintr()


def stop_keeping_the_draft(child) -> str:
    """Ctrl-C, Enter to keep the answers (asked in English or Spanish): the
    draft's id, once peerpact has stopped (130)."""
    interrupt(child)
    answer(child, r"(?:borrador|draft) .*\[[SY]/n\]", "")
    child.expect(r"(?:borrador|draft) (\w+)\.")
    draft_id = str(child.match.group(1))
    assert finish(child) == 130
    return draft_id


def answer(child, prompt: str, reply: str) -> None:
    """Wait until the screen shows ``prompt``, then type ``reply`` and Enter."""
    child.expect(prompt)
    child.sendline(reply)


def finish(child) -> int:
    """Wait for a pty child to end; its exit status."""
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def two_parties(child, co_supporter: str = "n") -> None:
    """Robin the member and Alex the supporter, no pronouns; ``co_supporter``
    answers whether to add another party."""
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "")
    answer(child, r"Peer Supporter.*pseudonym is fine", "Alex")
    answer(child, r"Alex's pronouns", "")
    answer(child, r"co-supporter\)\?", co_supporter)


def supporter(child, name: str, reply: str | None = None, shown: str = "", co_supporter="n"):
    """The peer supporter ``name`` (``reply`` typed, when it is not the name:
    Enter to keep an answer offered), no pronouns, and whether to add another
    party. ``shown`` is what the question must show after it (an offer)."""
    answer(child, r"Peer Supporter.*pseudonym is fine" + shown, name if reply is None else reply)
    answer(child, rf"{re.escape(name)}'s pronouns", "")
    answer(child, r"co-supporter\)\?", co_supporter)


def consent_and_sign(child, *names: str, reading: str = r"Part 1 of 4") -> None:
    """On to consent adding nothing (``on_to_consent``), then each party types
    their name to agree."""
    on_to_consent(child, reading)
    for name in names:
        answer(child, rf"{re.escape(name)}.*type your name", name)


def on_to_consent(child, reading: str = r"Part 1 of 4") -> None:
    """From reading the agreement to consent, adding nothing: q stops reading,
    both parties' lists are left empty, the reviews and the whole agreement accepted."""
    answer(child, reading, "q")
    for _ in range(2):
        for prompt in ("W1: ", "N1: ", "B1: ", r"Is this right\?"):
            answer(child, prompt, "")
    answer(child, r"Go on to consent\?", "")


def signed_leaving_the_rest_empty(child, *names: str) -> str:
    """Enter at the next want and every question after it (the other party's
    lists left empty, the agreement accepted), then each of ``names`` types
    theirs to consent: the record's id, once peerpact has ended."""
    rest = (r"W\d+: ", "N1: ", "B1: ", r"Is this right\?", "W1: ", "N1: ", "B1: ")
    for prompt in (*rest, r"Is this right\?", r"Go on to consent\?"):
        answer(child, prompt, "")
    for name in names:
        answer(child, rf"{re.escape(name)}.*type your name", name)
    child.expect(r"Agreement recorded\.(?:\x1b\[[0-9;]*m)* Id: (?:\x1b\[[0-9;]*m)*(\w+)")
    record_id = str(child.match.group(1))
    assert finish(child) == 0
    return record_id


def _default_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


_COLOUR = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen(child) -> str:
    """What the person saw since the last expect, without colour codes."""
    return _COLOUR.sub("", child.before).replace("\r\n", "\n")
