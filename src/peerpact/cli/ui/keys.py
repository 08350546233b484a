"""Keys as a terminal sends them: text, control keys and escape sequences.

xterm, VTE, rxvt, the Linux console, tmux and screen send the same few
sequences for the keys a line editor needs; anything else (F-keys, arrows up
and down, a stray Esc sequence) is decoded whole and ignored, so none of its
characters lands in the answer.
"""

from __future__ import annotations

from typing import NamedTuple

ESC = "\x1b"


class Key(NamedTuple):
    """One key: ``name`` is what it does; ``text`` what it types (``insert``)."""

    name: str
    text: str = ""


#: Control characters (Ctrl-letter and the like) and what they do, as in readline.
_CONTROLS = {
    "\x01": "home",  # Ctrl-A
    "\x02": "left",  # Ctrl-B
    "\x03": "interrupt",  # Ctrl-C, when the terminal does not make it a signal
    "\x04": "eof",  # Ctrl-D: end of input on an empty line, else Delete
    "\x05": "end",  # Ctrl-E
    "\x06": "right",  # Ctrl-F
    "\x08": "backspace",  # Ctrl-H, and Backspace on some terminals
    "\x0b": "kill-after",  # Ctrl-K
    "\x0c": "redraw",  # Ctrl-L
    "\r": "enter",
    "\n": "enter",
    "\x15": "kill-before",  # Ctrl-U
    "\x17": "kill-word-before",  # Ctrl-W
    "\x7f": "backspace",
}

#: Alt-letter (Esc, then the letter).
_ALT = {
    "b": "word-left",
    "B": "word-left",
    "f": "word-right",
    "F": "word-right",
    "d": "kill-word-after",
    "\x7f": "kill-word-before",
    "\x08": "kill-word-before",
}

#: The final character of a CSI (Esc [) or SS3 (Esc O) sequence.
_FINAL = {"D": "left", "C": "right", "H": "home", "F": "end", "d": "word-left", "c": "word-right"}

#: Esc [ N ~ sequences: Home, Delete, End as xterm, rxvt and the console send them.
_TILDE = {"1": "home", "7": "home", "3": "delete", "4": "end", "8": "end"}

#: The modifiers (Esc [ 1 ; M X) that make an arrow move a word: Alt, Ctrl, Ctrl-Alt...
_WORD_MODIFIERS = frozenset("35678")


def _csi(params: str, final: str) -> str:
    if final == "~":
        return _TILDE.get(params.split(";")[0], "ignored")
    name = _FINAL.get(final, "ignored")
    modifier = params.split(";")[1] if ";" in params else ""
    if name in ("left", "right") and modifier in _WORD_MODIFIERS:
        return "word-" + name
    return name


def _is_final(char: str) -> bool:
    return "\x40" <= char <= "\x7e"


def _in_sequence(char: str) -> bool:
    """A parameter or intermediate character of a CSI sequence."""
    return "\x20" <= char <= "\x3f"


class Decoder:
    """Characters in, keys out; an escape sequence may arrive over several reads."""

    def __init__(self) -> None:
        self._pending = ""

    @property
    def waiting(self) -> bool:
        """An escape sequence is begun and not ended: more should follow at
        once, or it was the Esc key (``flush``)."""
        return bool(self._pending)

    def flush(self) -> list[Key]:
        """The sequence begun is all there is (the Esc key alone): ignored."""
        self._pending = ""
        return []

    def feed(self, chars: str) -> list[Key]:
        keys: list[Key] = []
        for char in chars:
            key = self._one(char)
            if key is None:
                continue
            if key.name == "insert" and keys and keys[-1].name == "insert":
                keys[-1] = Key("insert", keys[-1].text + key.text)  # pasted text: one insert
            else:
                keys.append(key)
        return keys

    def _one(self, char: str) -> Key | None:
        pending = self._pending
        if not pending:
            if char == ESC:
                self._pending = ESC
                return None
            return self._plain(char)
        if pending == ESC:
            if char in "[O":
                self._pending += char
                return None
            self._pending = ""
            if char == ESC:
                self._pending = ESC  # Esc pressed twice: the second may begin a sequence
                return None
            return Key(_ALT.get(char, "ignored"))
        if pending.startswith(ESC + "O"):
            self._pending = ""
            return Key(_FINAL.get(char, "ignored"))
        if _in_sequence(char):
            self._pending += char
            return None
        self._pending = ""
        if _is_final(char):
            return Key(_csi(pending[2:], char))
        return self._one(char)  # a broken sequence: drop it, and read the key after it

    @staticmethod
    def _plain(char: str) -> Key:
        if char in _CONTROLS:
            return Key(_CONTROLS[char])
        if char == "\t":
            return Key("insert", " ")
        if char < " " or "\x7f" <= char <= "\x9f":
            return Key("ignored")  # Ctrl-V, Ctrl-G and the like: nothing to type
        return Key("insert", char)
