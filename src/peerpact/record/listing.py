"""`list`'s use case: the filters checked, the rows from the index, and when
each ended agreement is due to be forgotten (with `retention.ended_days`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from peerpact.errors import UserInputError
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.record.index.query import Summary
    from peerpact.record.index.rows import Listing

LIST_STATUSES = ("active", "ended", "unreadable")


def since_filter(value: str | None) -> str | None:
    import re

    if value is None:
        return None
    from datetime import date

    since = value.strip().upper()
    day = (since[:10] + "-01-01"[len(since[:10]) - 4 :]) if len(since) >= 4 else ""
    try:
        date.fromisoformat(day)  # a day that exists, not only one shaped like it
        real = True
    except ValueError:
        real = False
    if not real or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}Z?)?)?)?)?)?", since):
        raise UserInputError(
            _("--since {value!r} is not a date.").format(value=value),
            _("Give a day like 2026-01-31 (or 2026-01)."),
        )
    return since


@dataclass
class Listed:
    """The rows `list` shows (stream them, then ``rows.close()``) and the
    retention setting that says when an ended one is due."""

    rows: Listing
    ended_days: int | None

    def forget_after(self, row: Summary) -> str:
        """The day `forget --due` removes an ended agreement; "" when never."""
        from peerpact.record.forget import forget_after

        if self.ended_days is None or row.status != "ended":
            return ""
        return forget_after(row.updated, self.ended_days)


def list_agreements(
    status: str | None, party: str | None, since: str | None, limit: int | None
) -> Listed:
    """The agreements asked for, most recently changed first."""
    from peerpact.config import load_config
    from peerpact.record.index.query import Filters
    from peerpact.record.index.rows import listing

    if status is not None and status not in LIST_STATUSES:
        raise UserInputError(
            _("--status {status!r} is not a status.").format(status=status),
            _("Choose {LIST_STATUSES}.").format(LIST_STATUSES=", ".join(LIST_STATUSES)),
        )
    days = load_config().retention_ended_days
    return Listed(listing(Filters(status, party, since_filter(since), limit)), days)
