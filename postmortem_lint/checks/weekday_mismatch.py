"""A date is given a weekday it does not fall on.

Why: "Friday, November 12, 2023" was a Sunday. A wrong weekday makes a reader doubt every
other date in the postmortem, and usually means the date itself is wrong. Only dates with
a year are checked; the message names the right weekday.

Fails::

    The outage began on Friday, November 12, 2023, at 09:30 UTC.

Passes::

    The outage began on Sunday, November 12, 2023, at 09:30 UTC.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._timeline import moments
from postmortem_lint.checks.helpers import at_span, quote
from postmortem_lint.document import Document
from postmortem_lint.timegrammar import DAY_NAMES, MONTH_NAMES
from postmortem_lint.violation import Level, Problem

ID = "PM601"
NAME = "weekday-mismatch"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    seen: set[str] = set()
    for block, moment in moments(doc):
        date = moment.date
        if date is None or date.weekday is None:
            continue
        actual = date.as_date()
        if actual is None or actual.weekday() == date.weekday:
            continue
        written = quote(block.text[date.start : date.end])
        if written in seen:
            continue  # the same wrong date again: one finding is enough
        seen.add(written)
        right = DAY_NAMES[actual.weekday()]
        said = date.weekday_text or DAY_NAMES[date.weekday]
        day = f"{MONTH_NAMES[actual.month]} {actual.day}, {actual.year}"
        message = f"'{written}': {day} was a {right}, not a {said}"
        yield at_span(doc, block, date.start, date.end, message)
