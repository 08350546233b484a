"""What `new` and `amend` share to offer, resume, keep and delete a draft of
an unfinished interview (the data lives in agreement/drafts.py)."""

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from peerpact.cli.ui.console import out
from peerpact.errors import DeclinedError, StoppedError, UserInputError
from peerpact.i18n import _, ngettext

if TYPE_CHECKING:
    from peerpact.agreement.drafts import DraftSummary, SavedDraft


def resume(draft: "DraftSummary | SavedDraft") -> str:
    """The command line that goes on with a draft."""
    record = f" {draft.record}" if draft.record else ""
    return f"peerpact {draft.command}{record} --resume {draft.id}"


def pick(
    command: str, record: str, resume_id: str | None, discard: bool, keep_days: int
) -> "SavedDraft":
    """The draft to go on with: the one asked for, one offered and accepted,
    or a new one. ``discard`` deletes the unfinished ones first."""
    from peerpact.agreement import drafts as store
    from peerpact.cli.ui.prompts import choose, confirm, say

    store.expire(keep_days)
    if resume_id is not None:
        saved = store.load(resume_id)
        if (saved.command, saved.record) != (command, record):
            raise UserInputError(
                _("Draft {id} is not for this command.").format(id=resume_id),
                _("Resume it with `{command}`.").format(command=resume(saved)),
            )
        return saved
    found = [row for row in store.summaries(command, record) if not row.problem]
    if discard:
        for row in found:
            store.delete(row.id)
        found = []
    if found:
        say("\n" + _("[bold]An unfinished interview was kept[/] ({count} in all).").format(
            count=len(found)
        ))  # fmt: skip
        options = [
            _("draft {id}, last changed {when}").format(id=row.id, when=row.updated)
            for row in found
        ]
        if len(found) == 1:
            if confirm(_("Go on with {draft}?").format(draft=options[0]), True):
                return store.load(found[0].id)
        else:
            index = choose(_("Go on with which?"), [*options, _("none: start afresh")])
            if index < len(found):
                return store.load(found[index].id)
        say(_("Starting afresh; that draft is kept until it expires (see `peerpact drafts`)."))
    return store.SavedDraft(command=command, answers={}, record=record)


@contextlib.contextmanager
def kept_on_stop(saved: "SavedDraft", keep_days: int) -> Iterator[None]:
    """Declining deletes the draft; Ctrl-C (or input ending) asks whether to keep it."""
    from peerpact.agreement import drafts as store
    from peerpact.cli.ui.lineedit import Interrupted, offer_unfinished, unfinished

    offer_unfinished(saved.unfinished)
    try:
        yield
    except DeclinedError:
        store.delete(saved.id)
        raise
    except (KeyboardInterrupt, EOFError) as stop:
        if not store.exists(saved.id):
            raise StoppedError("\n" + _("Stopped. Nothing was written.")) from None
        # The half-typed line, or the one offered again and not reached yet.
        saved.unfinished = (
            (stop.prompt, stop.typed)
            if isinstance(stop, Interrupted) and stop.typed
            else unfinished()
        )
        store.save(saved)
        out().print("\n")
        if _keep():
            raise StoppedError(
                _("Stopped. Nothing was recorded; your answers are kept as draft {id}.").format(
                    id=saved.id
                ),
                ngettext(
                    "Go on with `{command}` within {days} day; after that the "
                    "draft is deleted (drafts.keep_days).",
                    "Go on with `{command}` within {days} days; after that the "
                    "draft is deleted (drafts.keep_days).",
                    keep_days,
                ).format(command=resume(saved), days=keep_days),
            ) from None
        store.delete(saved.id)
        raise StoppedError(_("Stopped. Nothing was written; the draft is deleted.")) from None


def _keep() -> bool:
    from peerpact.cli.ui.prompts import confirm

    try:
        return confirm(_("Keep your answers as a draft to finish later?"), True)
    except (KeyboardInterrupt, EOFError):
        out().print()
        return True  # a second Ctrl-C is no answer: losing nothing is the safe side
