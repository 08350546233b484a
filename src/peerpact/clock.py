"""The time as records, drafts and keys write it (UTC, to the second).

``source`` is the one place the time comes from: the system clock, or the
clock a test puts there (``tests/support/clock.py``), so that no test has to
sleep to see time pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime


def system_time() -> datetime:
    return datetime.now(UTC)


#: Where the time comes from; tests replace it, nothing else does.
source: Callable[[], datetime] = system_time


def now() -> str:
    """The time as records and drafts write it: UTC, to the second, ISO 8601."""
    return source().strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> date:
    """Today in UTC, from the same source: the only time leadership's cases
    keep (never finer than the day)."""
    return source().astimezone(UTC).date()
