"""The words a person types and is shown as keys, in the interface's language.

Every word a flow understands (yes, no, back, decline, the review's verbs) is
here, in the interface's language and in English (understood in any language,
so a habit or a guide in English still works); accents are optional (si,
atras). A hint shows the first word of the interface's language: [S/n] in
Spanish.
"""

from __future__ import annotations

from peerpact.i18n import _


def plain_word(text: str) -> str:
    """A typed word compared as people type it: any case, accents optional."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def understood(translated: str, english: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(plain_word(w) for w in [*translated.split(), *english.split()]))


def yes_words() -> tuple[str, ...]:
    return understood(_("y yes"), "y yes")


def no_words() -> tuple[str, ...]:
    return understood(_("n no"), "n no")


def back_words() -> tuple[str, ...]:
    return understood(_("back"), "back")


def decline_words() -> tuple[str, ...]:
    return understood(_("decline"), "decline")


def keep_words() -> tuple[str, ...]:
    """The key that keeps a grievance's finding as written: k, or the
    interface's own letter (d for dejar in Spanish)."""
    return understood(_("k keep"), "k keep")


def edit_words() -> tuple[str, ...]:
    return understood(_("e edit"), "e edit")


def is_said(answer: str, words: tuple[str, ...]) -> bool:
    return plain_word(answer) in words


def yes_no_hint(default: bool | None, yes: str | None = None, no: str | None = None) -> str:
    """[Y/n], [y/N] or [y/n] with the interface's own keys ([S/n] in Spanish)."""
    yes, no = yes or _("y yes").split()[0], no or _("n no").split()[0]
    shown = {True: (yes.upper(), no), False: (yes, no.upper()), None: (yes, no)}[default]
    return f"[{shown[0]}/{shown[1]}]"


def and_list(names: list[str]) -> str:
    """Names joined as a sentence joins them: "Robin and Alex"."""
    joined = names[0] if names else ""
    for name in names[1:]:
        joined = _("{names} and {name}").format(names=joined, name=name)
    return joined
