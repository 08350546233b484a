"""A party's review of what they added: shown until they say it is right,
with single items edited, removed, moved or added in between, or the party
renamed. The verbs are understood in the interface's language and English."""

from __future__ import annotations

import re
from collections.abc import Callable

from peerpact.agreement.template import ADDITION_KINDS
from peerpact.agreement.unsigned import PartyDraft
from peerpact.cli.ui.console import safe
from peerpact.cli.ui.prompts import ask, ask_items, list_intro, say, warn
from peerpact.cli.ui.words import is_said, no_words, plain_word, understood, yes_words
from peerpact.i18n import _


def show_additions(labels: dict[str, str], party: PartyDraft) -> None:
    for kind, prefix in ADDITION_KINDS.items():
        say(f"  [bold]{safe(labels[kind])}[/]")
        items = party.additions[kind]
        for number, text in enumerate(items, start=1):
            say(f"    {prefix}{number}. {safe(text)}")
        if not items:
            say("    [dim]" + _("(none)") + "[/]")


_LABEL = re.compile(r"^([wnb])(\d+)$")
_KIND_BY_PREFIX = {prefix.casefold(): kind for kind, prefix in ADDITION_KINDS.items()}


def find_label(party: PartyDraft, label: str) -> tuple[str, int] | None:
    """The list and index an item's label (W1, b2) names, if it is there."""
    match = _LABEL.match(label.casefold())
    if not match:
        return None
    kind, index = _KIND_BY_PREFIX[match.group(1)], int(match.group(2)) - 1
    return (kind, index) if 0 <= index < len(party.additions[kind]) else None


def find_list(labels: dict[str, str], word: str) -> str | None:
    """A list by its name or label: wants, Wants, want; boundaries, boundary;
    in Spanish deseos, necesidad, limite too."""
    word = plain_word(word)
    kind_names = {"wants": _("wants"), "needs": _("needs"), "boundaries": _("boundaries")}
    for kind, label in labels.items():
        plural = {kind, plain_word(label), plain_word(kind_names[kind])}
        names = (
            plural
            | {name.rstrip("s") for name in plural}
            | {name.removesuffix("es") for name in plural}
        )
        if word in names or (kind == "boundaries" and word == "boundary"):
            return kind
    return None


def review_help() -> str:
    return _(
        "Type a label to edit that item (e.g. W1), or: remove W1, move W1 to 2, "
        "add wants (or needs, boundaries), rename, back. Enter when it is right."
    )


def _verb(word: str) -> str | None:
    """The review's verb a typed word is, in the interface's language or English."""
    verbs = {
        "rename": understood(_("rename"), "rename"),
        "add": understood(_("add"), "add"),
        "edit": understood(_("edit"), "edit"),
        "remove": understood(_("remove delete"), "remove delete"),
        "move": understood(_("move"), "move"),
    }
    return next((verb for verb, words in verbs.items() if is_said(word, words)), None)


def review_additions(
    labels: dict[str, str],
    party: PartyDraft,
    rename: Callable[[], None],
    saved: Callable[[], None] = lambda: None,
) -> None:
    """Show a party's additions until they say it is right; edit, remove, move
    or add single items, or rename the party, in between."""
    from rich.markup import escape

    while True:
        say("\n" + _("{name}, here is what you added:").format(name=safe(party.name)))
        show_additions(labels, party)
        answer = ask(_("Is this right? {hint}").format(hint=escape(_("[Y/n, or a change]"))))
        word, __, rest = answer.partition(" ")
        verb = _verb(word)
        if not word or is_said(word, yes_words()):
            return
        if is_said(word, no_words()):
            say(review_help())
            continue
        if verb == "rename":
            rename()
        elif verb == "add" or find_list(labels, word):
            kind = find_list(labels, rest if verb == "add" else word)
            if kind is None:
                warn(_("Add to which list? wants, needs or boundaries."))
                continue
            items, prefix = party.additions[kind], ADDITION_KINDS[kind]
            list_intro(labels[kind], _("add more"), items, prefix)
            ask_items(items, prefix, saved=saved)
        elif not _change_item(party, verb or "", word if verb is None else rest):
            warn(_("Did not understand {answer!r}.").format(answer=safe(answer)))
            say(review_help())
            continue
        saved()


def _change_item(party: PartyDraft, verb: str, rest: str) -> bool:
    """edit/remove/move one item by its label (``rest`` starts with it; no
    verb is an edit); False if not understood."""
    label, __, rest = rest.strip().partition(" ")
    found = find_label(party, label)
    if found is None or verb not in ("", "edit", "remove", "move"):
        return False
    kind, index = found
    items = party.additions[kind]
    shown = f"{ADDITION_KINDS[kind]}{index + 1}"
    if verb in ("", "edit"):
        say(_("[dim]Edit {label} (arrow keys move; clear it all to keep it as it was).[/]").format(
            label=shown
        ))  # fmt: skip
        items[index] = ask(f"  {shown}", items[index]) or items[index]
    elif verb == "remove":
        removed = items.pop(index)
        say(_("Removed {label}: {text}. The ones after it are renumbered.").format(
            label=shown, text=safe(removed)
        ))  # fmt: skip
    else:
        words = [w for w in rest.split() if not is_said(w, understood(_("to"), "to"))]
        target = words[0] if len(words) == 1 else ""
        if not target.isdigit() or not 1 <= int(target) <= len(items):
            warn(_(
                "Move {label} to which place, 1 to {last}? For example: move {label} to 1"
            ).format(label=shown, last=len(items)))  # fmt: skip
            return True
        items.insert(int(target) - 1, items.pop(index))
    return True
