"""A record's status and revisions, put into words for the screen
(`list`, `show --history`, `forget`, `verify --copy`)."""

from typing import TYPE_CHECKING

from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.record.revisions import Entry


def said_status(status: str) -> str:
    """An agreement's state, said in the interface's language."""
    said = {"active": _("active"), "ended": _("ended"), "unreadable": _("unreadable")}
    return said.get(status, status)


def entry_lines(entry: "Entry", indent: str, full: bool = True) -> list[str]:
    """One revision of `show --history` (and of what changed since a copy)."""
    kinds = {"created": _("created"), "amended": _("amended"), "ended": _("ended")}
    head = [_("Revision %(n)s") % {"n": entry.number}, kinds.get(entry.kind, entry.kind)]
    head += [entry.time, entry.hash] if full else [entry.time]
    lines = [" · ".join(head)]
    confirmed = ", ".join(entry.confirmed_by) or _("(nobody)")
    lines.append(indent + _("Confirmed by: %(names)s") % {"names": confirmed})
    lines.extend(f"{indent}{change}" for change in entry.changes)
    if entry.note:
        lines.append(indent + _("Note: %(note)s") % {"note": entry.note})
    return lines
