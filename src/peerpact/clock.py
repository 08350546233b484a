"""The time as records, drafts and keys write it (UTC, to the second)."""

from __future__ import annotations

from datetime import date


def now() -> str:
    """The time as records and drafts write it: UTC, to the second, ISO 8601."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> date:
    """Today in UTC: the only time leadership's cases keep (never finer than the day).
    Tests replace this function to move the clock."""
    from datetime import UTC, datetime

    return datetime.now(UTC).date()
