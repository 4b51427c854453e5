"""A timezone abbreviation is ambiguous, or names the wrong half of the year.

Why: "IST" is India, Ireland or Israel; "CST" is US Central or China; "BST" is British
Summer Time or Bangladesh. And "PST" is Pacific *Standard* Time: on June 9 the Pacific
zone is on daylight time, PDT (UTC-7), so "10:00 AM PST" on June 9 is an hour off from
what the writer meant, or is not what they meant at all. The message suggests an
unambiguous form. Daylight saving follows the current rules of the zone's region (United
States and Canada, Europe, Australia, New Zealand); the changeover days themselves are
not judged. GMT is left alone: it is widely written to mean UTC all year.

Fails::

    June 9, 2023, 10:00 AM PST     (PDT in June)
    14:00 IST                      (ambiguous)

Passes::

    June 9, 2023, 10:00 AM PDT
    14:00 UTC+05:30

Options: none.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from postmortem_lint import timegrammar as tg
from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._timeline import moments, outage_window
from postmortem_lint.checks.helpers import at_span
from postmortem_lint.document import Block, Document
from postmortem_lint.violation import Level, Problem

ID = "PM602"
NAME = "timezone-abbreviation"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}

_REGION = {
    **dict.fromkeys(("EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"), "us"),
    **dict.fromkeys(("AKST", "AKDT", "AST", "ADT"), "us"),
    **dict.fromkeys(("CET", "CEST", "WET", "WEST", "EET", "EEST", "BST"), "eu"),
    **dict.fromkeys(("AEST", "AEDT", "ACST", "ACDT"), "au"),
    **dict.fromkeys(("NZST", "NZDT"), "nz"),
}
_SUNDAY = 6


def check(doc: Document, options: Options) -> Iterator[Problem]:
    window = outage_window(doc)
    default_day = window.start.date.as_date() if window and window.start.date else None
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], tuple[Block, tg.Zone, str]] = {}
    for block, moment in moments(doc):
        zone = moment.zone
        if zone is None:
            continue
        day = moment.date.as_date() if moment.date else default_day
        found = _problem(zone, day)
        if found is None:
            continue
        key = (zone.text, found[0])
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, (block, zone, found[1]))
    for key, (block, zone, message) in first.items():
        more = f" ({counts[key]} mentions)" if counts[key] > 1 else ""
        yield at_span(doc, block, zone.start, zone.end, message + more)


def _problem(zone: tg.Zone, day: datetime.date | None) -> tuple[str, str] | None:
    """(kind of problem, message) for a zone as used on *day*."""
    info = tg.ZONES.get(zone.name or zone.text)
    if info is None or info.abbr == "GMT":
        return None
    if info.ambiguous:
        offset = _offset(info.offset_minutes)
        return "ambiguous", (
            f"'{zone.text}' is ambiguous: {info.name} ({offset}), or {info.others}; "
            f"write the offset, e.g. '{offset}'"
        )
    region = _REGION.get(info.abbr)
    if region is None or day is None or info.pair is None or _changeover(region, day):
        return None
    summer = _daylight(region, day)
    if summer == (info.kind == "daylight"):
        return None
    right = tg.ZONES[info.pair]
    season = "daylight" if summer else "standard"
    return season, (
        f"'{zone.text}' is {info.name}, but on {day:%B} {day.day}, {day.year} that region is on "
        f"{season} time: write '{right.abbr}' ({_offset(right.offset_minutes)})"
    )


def _offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _sunday(year: int, month: int, nth: int) -> datetime.date:
    """The *nth* Sunday of a month (nth=-1: the last)."""
    if nth > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(_SUNDAY - first.weekday()) % 7 + 7 * (nth - 1))
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - _SUNDAY) % 7)


def _transitions(region: str, year: int) -> tuple[datetime.date, datetime.date]:
    """(start of daylight time, end of daylight time) within *year*."""
    if region == "us":
        return _sunday(year, 3, 2), _sunday(year, 11, 1)
    if region == "eu":
        return _sunday(year, 3, -1), _sunday(year, 10, -1)
    if region == "au":
        return _sunday(year, 10, 1), _sunday(year, 4, 1)
    return _sunday(year, 9, -1), _sunday(year, 4, 1)


def _daylight(region: str, day: datetime.date) -> bool:
    begins, ends = _transitions(region, day.year)
    if begins < ends:
        return begins <= day < ends
    return day >= begins or day < ends  # southern hemisphere: summer spans the new year


def _changeover(region: str, day: datetime.date) -> bool:
    return day in _transitions(region, day.year)
