"""The line being edited, as user-perceived characters, and the part of it shown.

Every move and deletion takes a whole grapheme cluster (``graphemes``): an
emoji with its skin tone and joiners, a letter with its accents, a flag, a
Hangul syllable. A line longer than the room beside the prompt scrolls
sideways on its one row, as bash's horizontal-scroll-mode does, with ``<``
and ``>`` where text is cut off: it never wraps onto rows the editor would
then have to climb back to, which is what garbled the screen.
"""

from __future__ import annotations

from typing import NamedTuple

from peerpact.cli.ui.graphemes import split, width
from peerpact.text import for_terminal, has_unsafe

MORE_BEFORE, MORE_AFTER = "<", ">"


def shown(cluster: str) -> str:
    """A cluster as drawn: an invisible or bidi control made visible
    (``\\u202e``), so it cannot reverse or hide the line being typed."""
    return for_terminal(cluster) if has_unsafe(cluster) else cluster


def _shown_width(cluster: str) -> int:
    return sum(map(width, split(shown(cluster)))) if has_unsafe(cluster) else width(cluster)


def _is_word(cluster: str) -> bool:
    return cluster[0].isalnum()


class Line:
    """The clusters typed, their widths on screen, and the cursor (an index)."""

    def __init__(self, text: str = "") -> None:
        self.clusters = split(text)
        self.widths = [_shown_width(cluster) for cluster in self.clusters]
        self.cursor = len(self.clusters)

    @property
    def text(self) -> str:
        return "".join(self.clusters)

    def insert(self, text: str) -> None:
        """``text`` at the cursor; a mark or joiner typed after a cluster joins it."""
        before = self.clusters[self.cursor - 1 : self.cursor]
        new = split("".join(before) + text)
        self._replace(self.cursor - len(before), self.cursor, new)
        self.cursor += len(new) - len(before)

    def _replace(self, start: int, end: int, clusters: list[str]) -> None:
        self.clusters[start:end] = clusters
        self.widths[start:end] = [_shown_width(cluster) for cluster in clusters]

    def delete(self, start: int, end: int) -> None:
        """Clusters ``start`` to ``end`` removed; the cursor goes to ``start``."""
        start, end = max(0, start), min(len(self.clusters), end)
        if start < end:
            self._replace(start, end, [])
        self.cursor = start

    def word_before(self) -> int:
        """The start of the word before the cursor (readline's backward-word)."""
        at = self.cursor
        while at > 0 and not _is_word(self.clusters[at - 1]):
            at -= 1
        while at > 0 and _is_word(self.clusters[at - 1]):
            at -= 1
        return at

    def word_after(self) -> int:
        """The end of the word after the cursor (readline's forward-word)."""
        at, end = self.cursor, len(self.clusters)
        while at < end and not _is_word(self.clusters[at]):
            at += 1
        while at < end and _is_word(self.clusters[at]):
            at += 1
        return at

    def move(self, to: int) -> None:
        self.cursor = max(0, min(len(self.clusters), to))

    def apply(self, name: str) -> bool:
        """The editing key ``name`` (``keys.Key.name``) done; False for one
        that is not editing (Enter, end of input, an ignored key)."""
        at = self.cursor
        moves = {
            "left": at - 1,
            "right": at + 1,
            "home": 0,
            "end": len(self.clusters),
            "word-left": self.word_before(),
            "word-right": self.word_after(),
        }
        deletions = {
            "backspace": (at - 1, at),
            "delete": (at, at + 1),
            "kill-before": (0, at),
            "kill-after": (at, len(self.clusters)),
            "kill-word-before": (self.word_before(), at),
            "kill-word-after": (at, self.word_after()),
        }
        if name in moves:
            self.move(moves[name])
        elif name in deletions:
            self.delete(*deletions[name])
        else:
            return False
        return True


class View(NamedTuple):
    """What is drawn after the prompt: ``pieces`` (clusters as shown, and the
    markers), from cluster ``start``; the cursor is before ``pieces[cursor]``."""

    start: int
    pieces: tuple[str, ...]
    cursor: int


def view(line: Line, start: int, room: int) -> View:
    """The part of ``line`` that fits in ``room`` cells with its cursor in
    sight, moving as little as it can from a view that began at ``start``.

    When the cursor leaves the view, the view jumps so the cursor is a
    quarter in from the edge it crossed: typing on at the end, or arrowing
    back, then scrolls now and again rather than at every key.
    """
    widths, at, count = line.widths, line.cursor, len(line.clusters)
    cursor_cell = widths[at] if at < count else 1
    if sum(widths) + 1 <= room:
        start = 0
    else:
        start = min(start, count)
        before = sum(widths[start:at]) if at >= start else -1
        if before < 0 or before + cursor_cell > room - (start > 0) - 1:
            # The cursor left the view: a quarter in from the side it left by.
            target = room // 4 if at < start else room - room // 4 - 1
            start = _back_from(widths, at, max(0, target - 1 - cursor_cell))
    end, used = start, int(start > 0)
    while end < count and used + widths[end] <= room - (end + 1 < count):
        used += widths[end]
        end += 1
    pieces = [MORE_BEFORE] * (start > 0) + [shown(cluster) for cluster in line.clusters[start:end]]
    if end < count:
        pieces.append(MORE_AFTER)
    return View(start, tuple(pieces), int(start > 0) + at - start)


def _back_from(widths: list[int], at: int, cells: int) -> int:
    """The first cluster of the ``cells`` cells just before cluster ``at``."""
    used = 0
    while at > 0 and used + widths[at - 1] <= cells:
        used += widths[at - 1]
        at -= 1
    return at
