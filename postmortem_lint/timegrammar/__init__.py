"""A small, fast grammar for the dates, times, timezones, ranges and durations in postmortems.

Standard library only: a few compiled regular expressions tried where digits are, each of
bounded width, so the work is linear in the text. Every value carries its span
(``start``, ``end``) in the text it came from, so a linter can point at it.

Dates
    Month names, full or abbreviated ("Sept" too), in any case, month-first or day-first:
    "April 10, 2024", "April 10 2024", "10 April 2024", "10-Apr-2024", "06/Mar/2021",
    "April 10th", "10th of April"; an optional leading weekday ("Friday, November 17,
    2023", "Fri 17 Nov 2023", "Sunday the 4th of June"), kept as written; ISO
    "2024-04-10"; numeric "04/10/2024", "10.04.2024", "04-10-2024", "10/04/24" (read by
    ``date_order``, "mdy" or "dmy"; ``ambiguous`` when both readings are real dates) and
    year-first "2024/04/10". Without a year, ``year`` is None. Lower-case "may" and
    "march" count only with a year or weekday.
Times
    12-hour "10:00 AM", "10am", "10:00 a.m.", "10.30 pm", "10 PM", "7: 41 pm", "noon",
    "midnight", "12 noon"; 24-hour "14:05", "14:05:30", "1405 hrs", "1405H", "16.40 PST"
    (dotted only before a zone); ISO "2024-04-10T14:05Z". A bare hour counts only before
    UTC/GMT ("6 GMT") or opening a range that ends in AM/PM ("9 to 11 am"). Bare numbers
    ("80%", "2 servers", "version 2.1", "24/7", "3.5") are not times. Impossible values
    ("13 PM", "25:00", "10:75", "February 30, 2024") are kept, with ``valid=False`` and a
    ``reason``.
Zones
    "UTC", "GMT" (any case), offsets "UTC+1", "UTC +1", "UTC+01:00", "GMT-5", "UTC+5:30",
    "UTC+0545"; "Z" and "+01:00" glued to an ISO time; "+0100" right after a time; the
    upper-case abbreviations of :data:`ZONES` (EST, PDT, CET, WAT, IST, AEST, ...) and long
    names ("Pacific Standard Time", "West Africa Time", "Eastern Time"). "UTC+1" is one
    hour *ahead* of UTC: ``offset_minutes=60``. An ambiguous abbreviation (IST, CST, BST,
    AST, GST) has its most common reading and ``ambiguous=True``.
Moments
    A date, a time and a zone next to each other form one :class:`Moment`, in either order,
    with short filler (", at", "on", "from", "(", Markdown emphasis): "August 3, 2023,
    9:00 AM", "9:00 AM on August 3, 2023", "09:15 AM UTC, March 4th", "11:30 AM (UTC)",
    "07:20 Central Africa Time (CAT)"; a few words may lead to a parenthesised time:
    "March 14th, 2024, just before the standup (09:30 AM UTC)".
Ranges
    "from X to Y", "X to Y", "X - Y" (or an en or em dash, or "~"), "between X and Y",
    "X until Y", "X through Y", "X and ended at Y"; after the connector a few words may
    come before an end that starts with a date ("to the quiet end of March 15th, ...").
    A zone given once applies to both ends; an end without a date takes the other end's
    date, a day later (``rolled_over``) when it would otherwise end before it starts; an
    end without a year takes the other's; a time without AM/PM takes the other end's
    ("9 to 11:30 PM", "4pm to 6 GMT"), whichever half of the day gives the shorter range.
Durations
    "16 hours", "4h 30m", "1h30m", "4 hours and 30 minutes", "1 day, 2 hours", "90 minutes",
    "2 hrs", "45 mins", "two hours", "an hour", "half an hour", "an hour and a half",
    "1.5 hours", "3 days", "a 90-minute outage". Never "24/7" or "10:00".
"""

from __future__ import annotations

from postmortem_lint._zones import ZONES, ZoneInfo
from postmortem_lint.timegrammar._durations import find_durations
from postmortem_lint.timegrammar._moments import (
    bare_date,
    find_moments,
    find_zones,
    leading_moment,
)
from postmortem_lint.timegrammar._ranges import find_window
from postmortem_lint.timegrammar._values import (
    DAY_NAMES,
    MONTH_NAMES,
    DateValue,
    Duration,
    Moment,
    TimeValue,
    Window,
    Zone,
)

__all__ = [
    "DAY_NAMES",
    "MONTH_NAMES",
    "ZONES",
    "DateValue",
    "Duration",
    "Moment",
    "TimeValue",
    "Window",
    "Zone",
    "ZoneInfo",
    "bare_date",
    "find_durations",
    "find_moments",
    "find_window",
    "find_zones",
    "leading_moment",
]
