"""The Issue Summary states when the outage started and ended, with a timezone.

Why: the assignment asks for the duration "with start and end times (including
timezone)". A reader in another timezone, or a grader, must be able to place the outage
exactly: each end needs a date and a time; a timezone goes on each, or once for both;
both must be real times, and the end must come after the start.

The window is read from the Issue Summary (the whole file when there is none): a range
("June 9, 2023, 10:00 AM to June 10, 2023, 2:00 PM (PST)", "from 14:05 to 16:30 UTC on
2024-03-02", "between ... and ..."), or else the first two dated times, such as separate
"Start:" and "End:" lines. See the README for the date, time and zone forms understood.

Fails::

    ## Issue Summary
    The site was down for about two hours last Tuesday.

Passes::

    ## Issue Summary
    Duration: March 2, 2024, 14:05 to 16:30 UTC (2 hours 25 minutes).

Options: none (numeric dates are read by the config's ``date-order``).
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint import timegrammar as tg
from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._common import at_heading, at_span
from postmortem_lint.checks._timeline import outage_window
from postmortem_lint.document import Document
from postmortem_lint.violation import Level, Problem

ID = "PM101"
NAME = "outage-window"
LEVEL = Level.ERROR
OPTIONS: dict[str, Option] = {}

EXAMPLE = "'March 2, 2024, 14:05 to 16:30 UTC'"


def check(doc: Document, options: Options) -> Iterator[Problem]:
    window = outage_window(doc)
    if window is None:
        section = doc.first("summary")
        where = f"'{section.title}'" if section else "the file"
        yield at_heading(
            section,
            f"{where} gives no outage window: state when it started and ended, each with a "
            f"date, a time and a timezone, e.g. {EXAMPLE}",
        )
        return
    for message in _defects(window.start, window.end):
        yield at_span(doc, window.block, *window.span, message)


def _defects(start: tg.Moment, end: tg.Moment) -> Iterator[str]:
    for label, moment in (("start", start), ("end", end)):
        if moment.date is None:
            yield f"the outage {label} has no date: write it as in {EXAMPLE}"
        elif not moment.date.valid:
            yield f"the outage {label} date is impossible ({moment.date.reason})"
        if moment.time is None:
            yield f"the outage {label} has no time of day: write it as in {EXAMPLE}"
        elif not moment.time.valid:
            yield f"the outage {label} time is impossible ({moment.time.reason})"
    if start.zone is None and end.zone is None:
        yield f"the outage window has no timezone: add one, e.g. {EXAMPLE}"
        return
    began, ended = start.to_utc(), end.to_utc()
    if began is not None and ended is not None and ended <= began:
        yield "the outage ends before it starts: check the dates, times and AM/PM"
