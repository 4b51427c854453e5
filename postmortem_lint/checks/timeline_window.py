"""A timeline entry falls outside the outage window.

Why: the timeline and the summary tell the same story; an entry hours before the outage
started or after it ended usually has a wrong time, date or AM/PM (or the window is
wrong). Entries are placed as for PM202 (timeline-order) and compared in UTC; entries
within ``tolerance-minutes`` of the window are fine, since a timeline often starts with
the change that caused the outage and ends with the all-clear.

Fails (window 10:00 to 12:00 UTC)::

    - 18:45 UTC: service restored

Passes::

    - 11:45 UTC: service restored

When most entries fall outside, one finding says so: the zone or date is likely wrong for
the whole timeline. The message names where the window was stated (the summary, the
file's opening lines); a window that the timeline's own start and end markers give is
not compared with the entries around it, which are the story before and after.

Options:
  tolerance-minutes (int): how far outside the window an entry may be (default 60).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._timeline import WindowSource, outage_window, placed
from postmortem_lint.document import Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM205"
NAME = "timeline-window"
LEVEL = Level.WARNING
ROLES = (Role.TIMELINE,)
OPTIONS = {"tolerance-minutes": Option("int", 60, "how far outside the window an entry may be")}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    window = outage_window(doc)
    utc = window.utc() if window else None
    if window is None or utc is None or doc.section(Role.TIMELINE) is None:
        return
    if window.source is WindowSource.MARKERS:
        return  # entries before the start marker and after the end one are the story's context
    began, ended = (moment.replace(tzinfo=None) for moment in utc)
    slack = datetime.timedelta(minutes=options.integer("tolerance-minutes"))
    timeline = placed(doc)
    # differences, not began - slack: a window at 0001-01-01 00:00 has no time before it
    outside = [(e, w) for e, w in timeline if not (began - w <= slack and w - ended <= slack)]
    if len(timeline) >= 3 and len(outside) * 2 > len(timeline):
        entry = outside[0][0]
        yield entry.problem(
            doc,
            f"{len(outside)} of {len(timeline)} timeline entries fall outside the outage window "
            f"({window.source}): check the timeline's zone and date against the window's",
        )
        return
    for entry, when in outside:
        side = "before the outage started" if when < began else "after the outage ended"
        gap = abs((began if when < began else ended) - when)
        yield entry.problem(
            doc,
            f"'{entry.written}' is {_human(gap)} {side} (per {window.source}): "
            "check the time, date or AM/PM",
        )


def _human(gap: datetime.timedelta) -> str:
    minutes = round(gap.total_seconds() / 60)
    if minutes >= 48 * 60:
        return f"{minutes // 1440} days"
    if minutes >= 120:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"
