"""A case of leadership's inbox in words: its status, each entry of its
history, what a change did, what is due, and what a sync took (what `peerpact inbox ...` prints)."""

from typing import TYPE_CHECKING

from peerpact.cli.commands.inbox_params import said_status, word
from peerpact.cli.ui.console import out, print_json, print_line
from peerpact.i18n import _, ngettext

if TYPE_CHECKING:
    from datetime import date

    from peerpact.leadership.cases import Case, Due
    from peerpact.leadership.inbox import Changed
    from peerpact.leadership.sync import SyncReport


def row(case: "Case") -> list[str]:
    return [
        case.name,
        case.day.isoformat(),
        said_status(case),
        case.category or "-",
        _("yes") if case.contact else _("no"),
    ]


def said_entry(kind: str, payload: dict[str, object]) -> str:
    if kind == "received":
        return _("received")
    if kind == "opened":
        return _("opened")
    if kind == "status":
        return _("marked {status}").format(status=word(str(payload.get("status", ""))))
    if kind == "note":
        label = _("note for the reporter") if payload.get("for_reporter") else _("internal note")
        return f"{label}: {payload.get('text', '')}"
    if kind == "closed":
        return _("closed: {outcome}").format(outcome=word(str(payload.get("outcome", ""))))
    if kind == "reply":
        to = str(payload.get("emailed_to", ""))
        said = _("reply, e-mailed to {address}").format(address=to) if to else _("reply")
        return f"{said}: {payload.get('text', '')}"
    if kind == "withdraw":
        return _("answer {entry} withdrawn from later bundles").format(
            entry=payload.get("entry", "")
        )
    return _("{kind} (from a later peerpact)").format(kind=kind)


def said_change(changed: "Changed", json: bool) -> None:
    case, reached = changed.case, changed.reached
    if json:
        said = {"sealed": reached.sealed, "emailed_to": reached.emailed_to or None}
        extra = said if changed.for_reporter else {}
        print_json({**case.as_json(), "entry": changed.entry.number, **extra})
        return
    out().print(
        _("Case {name} is {status} (entry {number}).").format(
            name=case.name, status=said_status(case), number=changed.entry.number
        )
    )
    if reached.emailed_to:
        print_line(
            _("An e-mail to {address} waits in the outbox: `peerpact outbox send`.").format(
                address=reached.emailed_to
            )
        )
    if reached.sealed:
        print_line(
            _("Sealed for the reporter's receipt: it is in the next `peerpact inbox publish`.")
        )
    elif changed.for_reporter and not reached.emailed_to:
        print_line(_("Its message carried no receipt, so the reporter cannot read this."))


def said_due(item: "Due", today: "date") -> str:
    what = _("acknowledge") if item.what == "acknowledge" else _("answer")
    left = (item.by - today).days
    if left < 0:
        when = ngettext("overdue by {days} day", "overdue by {days} days", -left)
    elif left == 0:
        when = _("due today")
    else:
        when = ngettext("{days} day left", "{days} days left", left)
    when = when.format(days=abs(left))
    return _("{name}  {what} by {by}  ({when})").format(
        name=item.case.name, what=what, by=item.by.isoformat(), when=when
    )


def say_synced(report: "SyncReport", json: bool) -> None:
    """The sync report (text or JSON); exits 1 when a message was refused."""
    from peerpact.errors import InvalidError

    if json:
        print_json(report.as_json())
    else:
        if report.resealed:
            print_line(
                _(
                    "The cases file had been changed outside peerpact: every message was "
                    "opened again, and any whose case was gone is a new case."
                )
            )
        for name in report.taken:
            print_line(_("New case {name}.").format(name=name))
        for name in report.follow_ups:
            print_line(_("Follow-up filed under case {name}.").format(name=name))
        for item in report.duplicates:
            print_line(_("Skipped {source}: {reason}.").format(**item.as_json()))
        for item in report.refused:
            print_line(_("Refused {source}: {reason}.").format(**item.as_json()))
        print_line(
            _(
                "{taken} new, {seen} taken before, {duplicates} duplicate, {refused} refused, "
                "{ignored} not peerpact's."
            ).format(
                taken=len(report.taken),
                seen=report.seen,
                duplicates=len(report.duplicates),
                refused=len(report.refused),
                ignored=report.ignored,
            )
        )
    if report.failed:
        count = len(report.refused)
        raise InvalidError(
            ngettext(
                "{count} message could not be taken; it is left where it was.",
                "{count} messages could not be taken; they are left where they were.",
                count,
            ).format(count=count)
        )
