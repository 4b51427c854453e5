"""Timeline entries are in chronological order.

Why: a timeline is read top to bottom; an entry that goes back in time is either out of
place or has a wrong time (often AM/PM). An entry without a date takes the date of the
entry before it (or of the outage window); a time earlier than the one before rolls over
to the next day only when the outage window spans midnight (or, with no dated window, when
the clock goes back six hours or more). Times in different zones are compared in UTC.
The entries reported are the fewest whose removal leaves the rest in order.

Fails::

    - 10:30 UTC: alert fired
    - 10:05 UTC: engineer paged

Passes::

    - 23:40 UTC: alert fired        (window: March 2, 23:30 to March 3, 01:00 UTC)
    - 00:20 UTC: fix deployed

Options: none.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._timeline import Entry, placed
from postmortem_lint.document import Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM202"
NAME = "timeline-order"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}
ROLES = (Role.TIMELINE,)


def check(doc: Document, options: Options) -> Iterator[Problem]:
    timeline = placed(doc)
    keep = _longest_ordered_run(timeline)
    for index, (entry, when) in enumerate(timeline):
        if index in keep:
            continue
        before = max((k for k in keep if k < index), default=None)
        after = min((k for k in keep if k > index), default=None)
        if before is not None and when < timeline[before][1]:
            other, relation = timeline[before][0], "earlier than"
        else:
            assert after is not None
            other, relation = timeline[after][0], "later than"
        yield entry.problem(
            doc,
            f"'{entry.written}' is out of time order: it is {relation} '{other.written}' "
            f"(line {other.block.line}); fix its time or move it",
        )


def _longest_ordered_run(timeline: list[tuple[Entry, datetime.datetime]]) -> set[int]:
    """Indexes of a longest subsequence in time order (the entries taken as right)."""
    length = [1] * len(timeline)
    previous: list[int | None] = [None] * len(timeline)
    for index, (_entry, when) in enumerate(timeline):
        for earlier in range(index):
            if timeline[earlier][1] <= when and length[earlier] + 1 > length[index]:
                length[index], previous[index] = length[earlier] + 1, earlier
    chain: set[int] = set()
    at = max(range(len(timeline)), key=length.__getitem__, default=None)
    while at is not None:
        chain.add(at)
        at = previous[at]
    return chain
