"""A date or time that cannot exist: February 30, 13 PM, 25:00, 10:75.

Why: an impossible value is a typo that hides the real time; readers cannot tell what
was meant. On a 12-hour clock hours run from 1 to 12, so "13:20 PM" is impossible too:
write "13:20" or "1:20 PM".

Fails::

    - 13:20 PM UTC: the alert fired
    - February 30, 2024: the fix was deployed

Passes::

    - 13:20 UTC: the alert fired

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._timeline import moments
from postmortem_lint.checks.helpers import at_span, quote
from postmortem_lint.document import Document
from postmortem_lint.violation import Level, Problem

ID = "PM603"
NAME = "impossible-date"
LEVEL = Level.ERROR
OPTIONS: dict[str, Option] = {}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    for block, moment in moments(doc):
        for value in (moment.date, moment.time):
            if value is None or value.valid:
                continue
            written = quote(block.text[value.start : value.end])
            kind = "date" if value is moment.date else "time"
            message = f"'{written}' is not a real {kind}: {value.reason}"
            yield at_span(doc, block, value.start, value.end, message)
