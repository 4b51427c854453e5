"""The Issue Summary states when the outage started and ended, with a timezone.

Why: the assignment asks for the duration "with start and end times (including
timezone)". A reader in another timezone, or a grader, must be able to place the outage
exactly: each end needs a date and a time; a timezone goes on each, or once for both;
the end must come after the start (an impossible date or time is PM603's to report).

The window is read from the Issue Summary (the whole file when there is none): a range
("March 9, 2024, 10:00 AM to March 10, 2024, 2:00 PM (EST)", "from 14:05 to 16:30 UTC on
2024-03-02", "between ... and ..."), or else the first two dated times, such as separate
"Start:" and "End:" lines. See the README for the date, time and zone forms understood.

Fails::

    ## Issue Summary
    The site was down for about two hours last Tuesday.

Passes::

    ## Issue Summary
    Duration: March 2, 2024, 14:05 to 16:30 UTC (2 hours 25 minutes).

The file's opening lines (a lead paragraph above the summary) are read when the summary
has no window. Teams often give the window only in the timeline: with ``from-timeline``
entries marking the outage's start and end ("<START OF OUTAGE>", "outage ends") give it,
and without them the timeline's first and last timed entries stand in for it; the finding
says so when the timeline has fewer than two.

Options:
  from-timeline (bool): the timeline's first and last entries stand in for a window the
    summary does not state (default false; on in the team packs). Numeric dates are read
    by the config's ``date-order``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from postmortem_lint import timegrammar as tg
from postmortem_lint.checks import CONTENT, Option, Options
from postmortem_lint.checks._timeline import WindowSource, entries, outage_window
from postmortem_lint.checks.helpers import at_heading, at_span
from postmortem_lint.document import Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM101"
NAME = "outage-window"
LEVEL = Level.ERROR
OPTIONS = {"from-timeline": Option("bool", False, "the timeline's first and last entries stand in")}
ROLES = (Role.SUMMARY,)
YIELDS_TO = CONTENT

_SOME_LEAP_YEAR = 2000  # stands in for a missing year (February 29 stays valid)
EXAMPLE = "'March 2, 2024, 14:05 to 16:30 UTC'"


def check(doc: Document, options: Options) -> Iterator[Problem]:
    window = outage_window(doc)
    fallback = options.flag("from-timeline")
    if window is not None and window.source is WindowSource.MARKERS:
        if fallback:
            return  # the timeline's own start and end: its dates and zone are the timeline's
        window = None  # the pack asks for the window in the summary
    if window is None:
        if fallback and len([e for e in entries(doc) if e.moment.time is not None]) >= 2:
            return  # the timeline's first and last entries give the window
        section = doc.section(Role.SUMMARY)
        where = f"'{section.title}'" if section else "the file"
        nor = ", nor does the timeline (fewer than two timed entries)" if fallback else ""
        yield at_heading(
            section,
            f"{where} gives no outage window{nor}: state when it started and ended, each "
            f"with a date, a time and a timezone, e.g. {EXAMPLE}",
            doc.region(Role.SUMMARY),
        )
        return
    for message in _defects(window.start, window.end):
        yield at_span(doc, window.block, *window.span, message, window.region)


def _defects(start: tg.Moment, end: tg.Moment) -> Iterator[str]:
    ends = (("start", start), ("end", end))
    for part in ("date", "time"):
        missing = [label for label, moment in ends if getattr(moment, part) is None]
        if missing:
            which = " and ".join(missing)
            have = "have" if len(missing) == 2 else "has"
            what = "a time of day" if part == "time" else "a date"
            yield f"the outage {which} {have} no {part}: give each {what}, as in {EXAMPLE}"
    if start.zone is None and end.zone is None:
        yield f"the outage window has no timezone: add one, e.g. {EXAMPLE}"
        return
    began, ended = _when(start), _when(end)
    if began is None or ended is None:
        return
    if ended < began and _new_year(start, end):
        ended = ended.replace(year=ended.year + 1)
    if ended == began:
        yield "the outage ends when it starts: check the end's date and time"
    elif ended < began:
        yield "the outage ends before it starts: check the dates, times and AM/PM"


def _new_year(start: tg.Moment, end: tg.Moment) -> bool:
    """No year on either end, and the end's month is before the start's (Dec 31 to Jan 1)."""
    if start.date is None or end.date is None or start.date.year or end.date.year:
        return False
    return end.date.month < start.date.month


def _when(moment: tg.Moment) -> datetime.datetime | None:
    """The moment on the UTC clock for comparing the two ends; a missing year counts as
    the same year for both."""
    return moment.on_clock(default_year=_SOME_LEAP_YEAR)
