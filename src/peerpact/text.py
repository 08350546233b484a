"""Text hygiene for anything a person typed.

Stored text is NFC-normalized (so the same words always sign the same);
displayed text has control characters made visible, so a name cannot move the
cursor, recolour the screen or reverse the line it is shown on.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (except tab and newline), DEL, and the bidirectional and
# invisible formatting characters that can make shown text lie about itself.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


#: A pictograph (emoji, skin tones included) or the variation selector that
#: asks for one: what a zero-width joiner joins into one emoji ("👩🏽‍🦱").
_PICTOGRAPH = "\u2600-\u27bf\U0001f000-\U0001faff\ufe0f"
#: A joiner inside an emoji sequence: part of the emoji, nothing hidden.
_JOINED = re.compile(f"(?<=[{_PICTOGRAPH}])\u200d(?=[{_PICTOGRAPH}])")
#: A joiner left joining nothing: what a Backspace that took one code point
#: off an emoji ("👩🏽‍🦱" less "🦱") leaves behind, invisible.
_DANGLING_JOINER = re.compile(f"(?<=[{_PICTOGRAPH}])\u200d(?![{_PICTOGRAPH}])")


def normalize(text: str) -> str:
    """NFC-normalize; the form in which text is stored and signed."""
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """A single line as typed: NFC, surrounding white space removed."""
    return normalize(text).strip()


#: What a keyboard can type but no one means to sign: C0 and C1 controls and DEL
#: (a stray Esc sequence, Ctrl-V then a key). Tabs become spaces.
_TYPED_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def typed_text(text: str) -> str:
    """A line as typed at a prompt: no control characters, NFC, trimmed."""
    text = _DANGLING_JOINER.sub("", _TYPED_CONTROLS.sub("", text.replace("\t", " ")))
    return clean_line(text)


def _visible(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def for_terminal(text: str) -> str:
    """Make control and bidi-override characters visible as ``\\uXXXX``
    (a joiner inside an emoji is the emoji's own, and stays)."""
    return "\u200d".join(_UNSAFE.sub(_visible, part) for part in _JOINED.split(text))


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None
