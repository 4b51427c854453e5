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

import calendar
import datetime
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from postmortem_lint._zones import GENERIC, LONG_NAMES, ZONES, ZoneInfo

__all__ = [
    "ZONES",
    "DateValue",
    "Duration",
    "Moment",
    "TimeValue",
    "Window",
    "Zone",
    "ZoneInfo",
    "find_durations",
    "find_moments",
    "find_window",
    "find_zones",
    "leading_moment",
]


@dataclass(frozen=True)
class Zone:
    """A timezone as written; ``offset_minutes`` is east of UTC, None when impossible.

    ``name`` is the canonical form: the abbreviation ("PST"), or "UTC+01:00" for offsets.
    """

    text: str
    offset_minutes: int | None
    ambiguous: bool
    kind: str
    pair: str | None
    start: int
    end: int
    name: str = ""


@dataclass(frozen=True)
class DateValue:
    """A calendar date; ``weekday`` (0=Monday) is the one written, if any."""

    year: int | None
    month: int
    day: int
    weekday: int | None
    weekday_text: str | None
    ambiguous: bool
    valid: bool
    reason: str | None
    start: int
    end: int

    def as_date(self) -> datetime.date | None:
        """The date, when it is valid and has a year."""
        if self.year is None or not self.valid:
            return None
        return datetime.date(self.year, self.month, self.day)


@dataclass(frozen=True)
class TimeValue:
    """A time of day on the 24-hour clock.

    ``meridiem`` is "am" or "pm" when written (noon and midnight count as "pm" and "am").
    "24:00" is valid: the end of the day. An invalid value keeps its hour as written.
    """

    hour: int
    minute: int
    second: int
    valid: bool
    reason: str | None
    start: int
    end: int
    meridiem: str | None = None


@dataclass(frozen=True)
class Moment:
    """A date and/or time, with its zone if one was given."""

    date: DateValue | None
    time: TimeValue | None
    zone: Zone | None
    start: int
    end: int

    def to_utc(
        self, default_date: datetime.date | None = None, default_zone: Zone | None = None
    ) -> datetime.datetime | None:
        """The aware UTC datetime, or None without a dated, valid time in a known zone."""
        time, zone = self.time, self.zone or default_zone
        if time is None or not time.valid or zone is None or zone.offset_minutes is None:
            return None
        day = default_date if self.date is None else self.date.as_date()
        if day is None:
            return None
        clock = datetime.timedelta(
            hours=time.hour, minutes=time.minute - zone.offset_minutes, seconds=time.second
        )
        try:
            moment = datetime.datetime(day.year, day.month, day.day) + clock
        except OverflowError:
            return None
        return moment.replace(tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Window:
    """A start -> end range; ``start_pos``/``end_pos`` span the whole range text."""

    start: Moment
    end: Moment
    rolled_over: bool
    start_pos: int
    end_pos: int


@dataclass(frozen=True)
class Duration:
    """A length of time, in minutes."""

    minutes: float
    start: int
    end: int
    text: str


# --- vocabulary --------------------------------------------------------------------------

_MONTHS = {
    **dict.fromkeys(("january", "jan"), 1),
    **dict.fromkeys(("february", "feb"), 2),
    **dict.fromkeys(("march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    "may": 5,
    **dict.fromkeys(("june", "jun"), 6),
    **dict.fromkeys(("july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("october", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = {
    **dict.fromkeys(("monday", "mon"), 0),
    **dict.fromkeys(("tuesday", "tues", "tue"), 1),
    **dict.fromkeys(("wednesday", "weds", "wed"), 2),
    **dict.fromkeys(("thursday", "thurs", "thur", "thu"), 3),
    **dict.fromkeys(("friday", "fri"), 4),
    **dict.fromkeys(("saturday", "sat"), 5),
    **dict.fromkeys(("sunday", "sun"), 6),
}
# Lower-case month names that are also common words: dates only with a year or weekday.
_WORDLIKE_MONTHS = frozenset(("may", "march", "mar"))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- the scanner: anchored at digit runs, every branch of bounded width ----------------------

_MONTH = "(?:" + _alternation(_MONTHS) + r")\b\.?"
_WEEKDAY = "(?:" + _alternation(_WEEKDAYS) + r")\b\.?"
_YEAR = r"(?:19|20)\d\d\b(?!\s{0,2}(?:hrs?|h)\b)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_COMMA = r"(?:,\s{0,3}|\s{1,3})"
_MERIDIEM = r"(?:[ap]\.m\b\.?|[ap]m\b)"
_NOT_AFTER_NUMBER = r"(?<![\d.:,])(?<![\d][,.])"
_SIGN = "[+\\-\u2212]"
# Zone abbreviations are read as any upper-case word and looked up in ZONES: one short
# pattern instead of an alternation of every name (cheaper to compile, as fast to match).
_CAPITALS = r"(?-i:[A-Z]{2,5})"
_RANGE_TO_MERIDIEM = (
    r"\s{0,3}(?:[-\u2013\u2014]|to\b|until\b|till\b|and\b)\s{0,3}\d{1,2}(?:[:.]\d\d)?\s{0,2}"
    + _MERIDIEM
)

# Tried with .match() at the start of each digit run (and at "noon"/"midnight").
_ATOM = re.compile(
    # not the hours of an offset such as "UTC-05:00"
    r"(?<!UTC" + _SIGN + r")(?<!GMT" + _SIGN + r")(?<!UTC\s" + _SIGN + r")(?<!GMT\s" + _SIGN + ")"
    # ISO date, optionally with a time and zone
    r"(?:(?P<iso>(?<![\d.-])(?P<iy>\d{4})-(?P<imo>\d\d?)-(?P<id>\d\d?)"
    r"(?:T(?P<ih>\d\d?):(?P<imi>\d\d)(?::(?P<is>\d\d)(?:[.,]\d{1,9})?)?"
    r"(?P<iz>Z\b|[+-]\d\d(?::?\d\d)?)?)?(?!\d))"
    # year-first numeric date
    r"|(?P<ymd>(?<![\d.])(?P<yy>\d{4})(?P<ysep>[/.])(?P<ym>\d\d?)(?P=ysep)(?P<yd>\d\d?)"
    r"(?![\d]|[./]\d))"
    # numeric date, month/day order by date_order
    r"|(?P<num>(?<![\w.,/-])(?<!\d:)(?P<na>\d\d?)(?P<nsep>[/.-])(?P<nb>\d\d?)(?P=nsep)"
    r"(?P<nc>\d{4}|\d\d)(?!\d|[./-]\d))"
    # day-first named-month date
    r"|(?P<dmy>(?<![\d.:,/])(?P<d2>\d\d?)" + _ORDINAL + r"(?:\s{1,3}of\s{1,3}|[\s/-]{0,3})"
    r"(?P<m2>" + _MONTH + r")(?:(?:,\s{0,3}|[\s/-]{1,3})(?P<y2>" + _YEAR + r"))?)"
    # h:mm[:ss] [am|pm|noon|midnight] [+hhmm]
    r"|(?P<colon>(?<![\d.])(?<!\d:)(?P<h1>\d\d?):(?P<mi1>\d\d)(?::(?P<s1>\d\d))?(?!\d|:\d)"
    r"(?:\s{0,2}(?P<mer1>" + _MERIDIEM + r"|noon\b|midnight\b)|\s{1,2}(?:hours|hrs)\b)?"
    r"(?:\s?(?P<off1>\+\d\d:?\d\d|[-\u2212]\d{4})(?!\d))?)"
    # h[.mm] am|pm, and "7: 41 pm"
    r"|(?P<ampm>" + _NOT_AFTER_NUMBER + r"(?P<h2>\d\d?)(?:(?:\.|:\s)(?P<mi2>\d\d))?\s{0,2}"
    r"(?P<mer2>" + _MERIDIEM + r"))"
    # h.mm before a zone: "16.40 PST"
    r"|(?P<dot>" + _NOT_AFTER_NUMBER + r"(?P<h3>\d\d?)\.(?P<mi3>\d\d)"
    r"(?=\s{0,2}(?:UTC|GMT|" + _CAPITALS + r")\b))"
    # [12] noon, midnight
    r"|(?P<noon>(?:12\s{1,2})?(?P<nn>noon|midday|midnight)\b)"
    # hhmm hrs, hhmmH
    r"|(?P<hrs>(?<![\d.:])(?P<h4>\d\d)(?P<mi4>\d\d)\s{0,2}(?:hrs?|h)\b)"
    # a bare hour before UTC/GMT, or starting a range that ends in am/pm
    r"|(?P<bare>" + _NOT_AFTER_NUMBER + r"(?<![+\-\u2212])(?P<hb>\d\d?)"
    r"(?=" + _RANGE_TO_MERIDIEM + r"|\s{0,2}(?:UTC|GMT)\b))"
    # the day of a month-first date; the month is looked for before it
    r"|(?P<day>(?<![\d.:,/])(?P<d1>\d\d?)" + _ORDINAL + r"\b(?![:.]\d)"
    r"(?:" + _COMMA + r"(?P<y1>" + _YEAR + r"))?))",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(?:\b(?P<wd>" + _WEEKDAY + r")" + _COMMA + r"(?:the\s{1,3})?)?"
    r"\b(?P<m>" + _MONTH + r")\s{1,3}(?:the\s{1,3})?\Z",
    re.IGNORECASE,
)
_WEEKDAY_BEFORE = re.compile(
    r"\b(?P<wd>" + _WEEKDAY + r")" + _COMMA + r"(?:the\s{1,3})?\Z", re.IGNORECASE
)
_MONTH_REACH = 40  # "Wednesday, September the " fits
_EMPHASIS = "*_[(\"'"

# A zone where one may start (no \b: "10amUTC" counts after a time; find_zones checks the
# word boundary itself). Abbreviations and long names are shapes, looked up by _zone().
_ZONE = re.compile(
    r"(?P<zoff>(?P<zb>UTC|GMT)"
    r"(?:\s?(?P<zs>" + _SIGN + r")(?P<zh>\d\d?)(?::?(?P<zm>\d\d))?(?!\d))?)\b"
    r"|(?P<zab>(?-i:[A-Z]{2,5}))\b",
    re.IGNORECASE,
)
_LONG = re.compile(r"(?P<zlong>(?:[a-z][a-z-]{1,15}\s{1,3}){1,3}time)\b", re.IGNORECASE)
_ZONE_GAP = re.compile(r"[\s,]{0,2}\(?\s{0,2}")
_LONG_WORDS = [name.split()[:-1] for name in LONG_NAMES]
_FIRST_WORDS = frozenset(("utc", "gmt", *(words[0] for words in _LONG_WORDS)))
_WORDS_BEFORE_TIME = frozenset(words[-1] for words in _LONG_WORDS)
_LONGEST_NAME = max(len(words) for words in _LONG_WORDS)
_ABBREVIATIONS = frozenset(a for a in ZONES if a != "Z")
# capitalised words, "utc"/"gmt" in any case, and "time" ending a lower-case long name
_ZONE_CANDIDATES = re.compile(r"[A-Z]+|(?i:utc|gmt|time)")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_NOON_WORDS = ("noon", "midday", "midnight")
_CANDIDATES = re.compile(r"\d+")
_CANDIDATES_NOON = re.compile(r"\d+|\b(?:noon|midday|midnight)\b", re.IGNORECASE)


class _Atom(NamedTuple):
    start: int
    end: int
    date: DateValue | None
    time: TimeValue | None
    zone: Zone | None


def _date_problem(year: int | None, month: int, day: int) -> str | None:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year is not None and year < 1:
        return f"there is no year {year}"
    if month == 2:
        days = 29 if year is None or calendar.isleap(year) else 28
    else:
        days = 30 if month in (4, 6, 9, 11) else 31
    if day < 1:
        return f"there is no day {day}"
    if day <= days:
        return None
    if year is None:
        at_most = "at most " if month == 2 else ""
        return f"{_MONTH_NAMES[month]} has {at_most}{days} days"
    return f"{_MONTH_NAMES[month]} {year} has {days} days"


def _date(
    year: int | None,
    month: int,
    day: int,
    start: int,
    end: int,
    weekday_text: str | None = None,
    ambiguous: bool = False,
) -> DateValue:
    reason = _date_problem(year, month, day)
    weekday = None if weekday_text is None else _WEEKDAYS[weekday_text.rstrip(".").lower()]
    return DateValue(
        year, month, day, weekday, weekday_text, ambiguous, reason is None, reason, start, end
    )


def _time(
    hour: int, minute: int, second: int, meridiem: str | None, start: int, end: int
) -> TimeValue:
    reason = None
    if meridiem is not None:
        if 1 <= hour <= 12:
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        else:
            reason = f"hour {hour} with {meridiem.upper()}: 12-hour times run from 1 to 12"
    elif hour > 24 or (hour == 24 and (minute or second)):
        reason = f"hour {hour} does not exist: hours run from 0 to 23"
    if reason is None and minute > 59:
        reason = f"minute {minute} does not exist: minutes run from 00 to 59"
    if reason is None and second > 59:
        reason = f"second {second} does not exist: seconds run from 00 to 59"
    return TimeValue(hour, minute, second, reason is None, reason, start, end, meridiem)


def _meridiem(text: str) -> str:
    """'am' or 'pm' for "a.m.", "PM", "noon", "midnight"."""
    first = text[0].lower()
    return "pm" if first in "pn" else "am"


def _info_zone(info: ZoneInfo, text: str, start: int, end: int) -> Zone:
    return Zone(
        text, info.offset_minutes, info.ambiguous, info.kind, info.pair, start, end, info.abbr
    )


def _offset_zone(text: str, sign: str, hours: int, minutes: int, start: int, end: int) -> Zone:
    negative = sign in "-\u2212"
    offset = (
        None if hours > 14 or minutes > 59 else (hours * 60 + minutes) * (-1 if negative else 1)
    )
    name = f"UTC{'-' if negative else '+'}{hours:02d}:{minutes:02d}"
    return Zone(text, offset, False, "fixed", None, start, end, name)


def _glued_zone(match: re.Match[str], group: str) -> Zone | None:
    """The zone of a "Z", "+01:00" or "+0100" suffix."""
    text = match.group(group)
    if text is None:
        return None
    start, end = match.span(group)
    if text in "Zz":
        return Zone(text, 0, False, "fixed", None, start, end, "UTC")
    digits = text[1:].replace(":", "")
    return _offset_zone(text, text[0], int(digits[:2]), int(digits[2:] or 0), start, end)


def _atom(text: str, match: re.Match[str], order: str, floor: int) -> _Atom | None:
    """Values of one scanner match; None when it is not a date or time after all.

    *floor* is where the previous atom ended: a month-first date may reach back to it.
    """
    kind, group = match.lastgroup, match.group
    start, end = match.span()
    if kind == "colon":
        mer = group("mer1")
        time_end = (
            match.end("mer1") if mer else match.end("s1") if group("s1") else match.end("mi1")
        )
        second = int(group("s1") or 0)
        meridiem = None if mer is None else _meridiem(mer)
        time = _time(int(group("h1")), int(group("mi1")), second, meridiem, start, time_end)
        return _Atom(start, end, None, time, _glued_zone(match, "off1"))
    if kind == "day":
        reach = max(floor, start - _MONTH_REACH)
        words = text[reach:start].split()[-2:]
        if words and words[-1].lower() == "the":
            words.pop()
        if not words or words[-1].strip(_EMPHASIS).rstrip(".").lower() not in _MONTHS:
            return None
        before = _MONTH_BEFORE.search(text, reach, start)
        if before is None:
            return None
        return _named_date(
            before.group("m"), group("d1"), group("y1"), before.group("wd"), *(before.start(), end)
        )
    if kind == "dmy":
        before = _WEEKDAY_BEFORE.search(text, max(floor, start - _MONTH_REACH), start)
        weekday = before.group("wd") if before else None
        start = before.start() if before else start
        return _named_date(group("m2"), group("d2"), group("y2"), weekday, start, end)
    if kind == "ampm":
        minute = int(group("mi2") or 0)
        time = _time(int(group("h2")), minute, 0, _meridiem(group("mer2")), start, end)
        return _Atom(start, end, None, time, None)
    if kind == "iso":
        date_end = match.end("id")
        date = _date(int(group("iy")), int(group("imo")), int(group("id")), start, date_end)
        if group("ih") is None:
            return _Atom(start, end, date, None, None)
        time_start, time_end = match.start("ih"), match.start("iz") if group("iz") else end
        second = int(group("is") or 0)
        time = _time(int(group("ih")), int(group("imi")), second, None, time_start, time_end)
        return _Atom(start, end, date, time, _glued_zone(match, "iz"))
    if kind == "num":
        return _numeric_date(match, order)
    if kind == "ymd":
        date = _date(int(group("yy")), int(group("ym")), int(group("yd")), start, end)
        return _Atom(start, end, date, None, None)
    if kind == "noon":
        meridiem = "am" if group("nn").lower() == "midnight" else "pm"
        return _Atom(start, end, None, _time(12, 0, 0, meridiem, start, end), None)
    if kind == "dot" and _zone_after(text, end, generic=True) is None:
        return None  # "16.40 ABC": only a real zone makes "16.40" a time
    digits = {"dot": ("h3", "mi3"), "hrs": ("h4", "mi4")}.get(kind or "")
    hours, minutes = group(*digits) if digits else (group("hb"), "0")
    return _Atom(start, end, None, _time(int(hours), int(minutes), 0, None, start, end), None)


def _named_date(
    month_text: str, day: str, year: str | None, weekday: str | None, start: int, end: int
) -> _Atom | None:
    if month_text in _WORDLIKE_MONTHS and year is None and weekday is None:
        return None
    month = _MONTHS[month_text.rstrip(".").lower()]
    date = _date(int(year) if year else None, month, int(day), start, end, weekday)
    return _Atom(start, end, date, None, None)


def _numeric_date(match: re.Match[str], order: str) -> _Atom | None:
    first, second, year_text = match.group("na", "nb", "nc")
    if len(year_text) == 2 and match.group("nsep") != "/":
        return None  # "1.2.24" is more likely a version than a date
    year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    a, b = int(first), int(second)
    month, day = (a, b) if order == "mdy" else (b, a)
    start, end = match.span()
    if _date_problem(year, month, day) is None:
        ambiguous = a != b and _date_problem(year, day, month) is None
        date = _date(year, month, day, start, end, ambiguous=ambiguous)
    elif _date_problem(year, day, month) is None:
        date = _date(year, day, month, start, end)
    else:
        date = _date(year, month, day, start, end)
    return _Atom(start, end, date, None, None)


def _zone(match: re.Match[str], generic: bool = False) -> Zone | None:
    """The zone of a :data:`_ZONE` or :data:`_LONG` match, None when the words are no zone;
    *generic*: "PT",
    "ET", ... count (short words, read only right after a time)."""
    kind = match.lastgroup or ""
    start, end = match.span(kind)
    text = match.group(kind)
    if kind == "zab":
        info = ZONES.get(text) if text in _ABBREVIATIONS else None
        if info is None and generic:
            info = GENERIC.get(text)
        return None if info is None else _info_zone(info, text, start, end)
    if kind == "zlong":
        info = LONG_NAMES.get(" ".join(text.lower().split()))
        return None if info is None else _info_zone(info, text, start, end)
    if match.group("zs") is None:
        return _info_zone(ZONES[match.group("zb").upper()], text, start, end)
    minutes = int(match.group("zm") or 0)
    return _offset_zone(text, match.group("zs"), int(match.group("zh")), minutes, start, end)


def _zone_at(text: str, position: int, generic: bool = False) -> Zone | None:
    """The zone starting at *position*: "UTC+1", "PST", "West Africa Time"."""
    match = _ZONE.match(text, position)
    zone = None if match is None else _zone(match, generic)
    if zone is None and (match is None or match.lastgroup == "zab"):
        match = _LONG.match(text, position)
        zone = None if match is None else _zone(match)
    return zone


def _zone_after(text: str, position: int, generic: bool = False) -> Zone | None:
    """A zone right after *position*, past a space, comma or "("."""
    gap = _ZONE_GAP.match(text, position)
    return _zone_at(text, gap.end() if gap else position, generic)


def _atoms(text: str, order: str) -> list[_Atom]:
    """Dates, times and the zones right after them, in order, not overlapping."""
    atoms: list[_Atom] = []
    lower = text.lower()
    noon = any(word in lower for word in _NOON_WORDS)
    if not noon and not _CANDIDATES.search(text):
        return atoms
    floor = 0
    for candidate in (_CANDIDATES_NOON if noon else _CANDIDATES).finditer(text):
        if candidate.start() < floor:
            continue
        match = _ATOM.match(text, candidate.start())
        atom = match and _atom(text, match, order, floor)
        if not atom:
            continue
        atoms.append(atom)
        floor = atom.end
        # a zone after the value, and maybe the same again: "Central Africa Time (CAT)"
        zones_left = 0 if atom.zone else 2
        while zones_left and (zone := _zone_after(text, floor, generic=True)):
            atoms.append(_Atom(zone.start, zone.end, None, None, zone))
            floor, zones_left = zone.end, zones_left - 1
    return atoms


# --- joining atoms into moments ------------------------------------------------------------

_FILLER_MAX = 60
# date -> time: ", at", "on", "from", "(", or a few words before a parenthesised time
_DATE_TO_TIME = re.compile(
    r"[\s,*_]{0,6}(?:(?:(?:at|on|by|from|between|around|about|approx\.?|approximately|circa|"
    r"starting|beginning)\b|[@~])[\s,]{0,3}){0,3}\(?[\s*_]{0,4}"
    r"|[\s,]{0,4}(?:[a-z'\u2019]{1,20}[\s,]{1,3}){1,6}\(\s{0,2}",
    re.IGNORECASE,
)
_TIME_TO_ZONE = re.compile(r"[\s,]{0,2}\(?\s{0,2}")
_TIME_TO_DATE = re.compile(
    r"[\s,*_]{0,6}(?:(?:on|of)\s{1,3}(?:the\s{1,3})?[*_]{0,3})?", re.IGNORECASE
)
_ZONE_TO_ZONE = re.compile(r"\s{0,2}[(/]\s{0,2}")
_CLOSE = re.compile(r"\s{0,2}\)")


def _joins(gap: str, date: bool, time: bool, zone: bool, last_zone: bool, atom: _Atom) -> bool:
    """Whether *atom* continues a moment holding a date/time/zone, across *gap*."""
    if len(gap) > _FILLER_MAX:
        return False
    if atom.date is None and atom.time is None:
        if zone:
            return last_zone and _ZONE_TO_ZONE.fullmatch(gap) is not None
        return time and _TIME_TO_ZONE.fullmatch(gap) is not None
    if atom.time is None:
        return not date and time and _TIME_TO_DATE.fullmatch(gap) is not None
    if atom.date is None and not time and not zone and date:
        return _DATE_TO_TIME.fullmatch(gap) is not None
    return False


def _build(text: str, atoms: list[_Atom]) -> list[Moment]:
    moments: list[Moment] = []
    date: DateValue | None = None
    time: TimeValue | None = None
    zone: Zone | None = None
    start = end = opened = 0
    last_zone = False
    for atom in atoms:
        gap = text[end : atom.start]
        if (date or time) and _joins(
            gap, date is not None, time is not None, zone is not None, last_zone, atom
        ):
            opened += gap.count("(") - gap.count(")")
            date = date or atom.date
            time = time or atom.time
            if atom.zone is not None and (
                zone is None or (zone.ambiguous and not atom.zone.ambiguous)
            ):
                zone = atom.zone
        else:
            if date or time:
                moments.append(Moment(date, time, zone, start, end))
            date, time, zone, start, opened = atom.date, atom.time, atom.zone, atom.start, 0
        end = atom.end
        last_zone = atom.date is None and atom.time is None
        if opened > 0:
            close = _CLOSE.match(text, end)
            if close:
                end, opened = close.end(), opened - 1
    if date or time:
        moments.append(Moment(date, time, zone, start, end))
    return moments


_CACHED_LENGTH = 2000  # rules ask about the same paragraph more than once; keep only those


def _moments(text: str, order: str) -> tuple[Moment, ...]:
    if order not in ("mdy", "dmy"):
        raise ValueError(f"date_order must be 'mdy' or 'dmy', not {order!r}")
    if len(text) > _CACHED_LENGTH:
        return tuple(_build(text, _atoms(text, order)))
    return _paragraph_moments(text, order)


@lru_cache(maxsize=2048)
def _paragraph_moments(text: str, order: str) -> tuple[Moment, ...]:
    return tuple(_build(text, _atoms(text, order)))


def find_moments(text: str, date_order: str = "mdy") -> list[Moment]:
    """Every date/time mention in *text*, in order, with adjacent date, time and zone merged."""
    return list(_moments(text, date_order))


def find_zones(text: str) -> list[Zone]:
    """Every timezone mention in *text*, in order ("Z" and "+01:00" only glued to a time)."""
    zones = {atom.zone.start: atom.zone for atom in _atoms(text, "mdy") if atom.zone}
    for candidate in _ZONE_CANDIDATES.finditer(text):
        start, word = candidate.start(), candidate.group()
        if word.lower() == "time":  # the end of a long name: look back
            zone = _long_name_before(text, start, candidate.end())
        elif start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue  # inside a word
        elif word in _ABBREVIATIONS or _lower_word(text, start) in _FIRST_WORDS:
            zone = _zone_at(text, start)
        else:
            continue
        if zone is not None:
            zones.setdefault(zone.start, zone)
    ordered: list[Zone] = []
    for start in sorted(zones):
        if not ordered or start >= ordered[-1].end:
            ordered.append(zones[start])
    return ordered


def _lower_word(text: str, start: int) -> str:
    word = _WORD.match(text, start)
    return word.group().lower() if word else ""


def _long_name_before(text: str, start: int, end: int) -> Zone | None:
    """The long name ending in the word "time" at *start*: "west africa time"."""
    reach = max(0, start - _MONTH_REACH)
    words = list(_WORD.finditer(text, reach, start))
    if not words or words[-1].group().lower() not in _WORDS_BEFORE_TIME:
        return None
    for count in range(min(_LONGEST_NAME, len(words)), 0, -1):
        first = words[-count].start()
        if first and (text[first - 1].isalnum() or text[first - 1] == "_"):
            continue
        match = _LONG.match(text, first)
        if match and match.end() == end:
            zone = _zone(match)
            if zone is not None:
                return zone
    return None


_LEADER = re.compile(r"(?:[\s>|\[\]*_+•#-]|\d{1,3}[.)]\s)*")


def leading_moment(text: str, date_order: str = "mdy") -> Moment | None:
    """The moment at the very start of *text*, after list bullets, emphasis, "[" or "|"."""
    leader = _LEADER.match(text)
    position = leader.end() if leader else 0
    for moment in _moments(text, date_order):
        if moment.start >= position:
            return moment if moment.start == position else None
    return None


# --- ranges ---------------------------------------------------------------------------------

_CONNECTOR = re.compile(
    r"[\s,*_]{0,6}(?:(?P<word>to|until|till|til|through|thru|and|at)\b"
    r"(?P<fill>(?:\s{1,3}[a-z'\u2019]{1,20}){0,4})|[-\u2013\u2014~]{1,2})[\s,*_]{0,6}\(?\s{0,2}",
    re.IGNORECASE,
)
_HEDGES = frozenset(("approximately", "approx", "about", "around", "roughly", "circa", "nearly"))
_ENDING = re.compile(
    r"(?:(?:was|were|it|service|services)\s+){0,2}"
    r"(?:end|finish|resolv|restor|recover|clos|stopp)\w*(?:\s+\w+)?",
    re.IGNORECASE,
)
_RANGE_START = re.compile(
    r"\b(?:from|between(?:\s{1,3}the\s{1,3}hours\s{1,3}of)?)\s{1,3}\Z", re.IGNORECASE
)
_FROM = re.compile(r"\bfrom\s{1,3}\Z", re.IGNORECASE)
_BETWEEN = re.compile(
    r"\bbetween[\s,]{1,3}(?:the\s{1,3}(?:hours\s{1,3}of\s{1,3})?)?\Z", re.IGNORECASE
)
_LOOK_BEHIND = 28  # "between the hours of " fits


def _before(text: str, position: int) -> str:
    return text[max(0, position - _LOOK_BEHIND) : position]


def _connects(text: str, first: Moment, second: Moment, connector: re.Match[str]) -> bool:
    """Whether *connector*, between *first* and *second*, makes them a range."""
    if not (first.time and second.time) and not (first.date and second.date):
        return False
    word = (connector.group("word") or "").lower()
    fill = connector.group("fill") or ""
    if word == "at":  # "from 8:00 a.m. at 11:58 a.m.": a slip for "to", only after "from"
        return (
            not fill
            and first.time is not None
            and second.time is not None
            and second.date is None
            and _FROM.search(_before(text, first.start)) is not None
        )
    if word == "and":
        if fill:
            return _ENDING.fullmatch(fill.strip()) is not None
        starts = [first.start] + ([first.time.start] if first.time else [])
        return any(_BETWEEN.search(_before(text, p)) for p in starts)
    if not fill or all(w.lower() in _HEDGES for w in fill.split()):
        return True
    return second.date is not None and second.date.start == second.start


def _clock(time: TimeValue | None, zone: Zone | None) -> float | None:
    """Minutes since midnight UTC (zone unknown: as written), for ordering two ends."""
    if time is None or not time.valid:
        return None
    offset = zone.offset_minutes if zone and zone.offset_minutes is not None else 0
    return time.hour * 60 + time.minute + time.second / 60 - offset


def _with_year(date: DateValue, year: int) -> DateValue:
    return _date(
        year, date.month, date.day, date.start, date.end, date.weekday_text, date.ambiguous
    )


def _shift(date: DateValue, days: int) -> DateValue:
    """*date* moved by *days*; the weekday as written no longer applies."""
    if not date.valid:
        return date
    moved = datetime.date(date.year or 2000, date.month, date.day) + datetime.timedelta(days)
    year = moved.year if date.year is not None else None
    return _date(year, moved.month, moved.day, date.start, date.end, None, date.ambiguous)


def _borrow_meridiem(text: str, time: TimeValue, other: TimeValue, is_end: bool) -> TimeValue:
    """ "9 to 11:30 PM", "4pm to 6": an end without AM/PM takes the half of the day that
    makes the range shortest. A leading zero ("09:00") marks a 24-hour time: left alone.
    """
    if time.meridiem or not other.meridiem or not time.valid or not other.valid:
        return time
    if not 1 <= time.hour <= 12 or text[time.start] == "0":
        return time
    anchor = other.hour * 60 + other.minute
    sign = 1 if is_end else -1

    def span(hour: int) -> int:
        return sign * (hour * 60 + time.minute - anchor) % 1440

    hour = min((time.hour % 12, time.hour % 12 + 12), key=span)
    return _time(hour, time.minute, time.second, None, time.start, time.end)


def _window(text: str, first: Moment, second: Moment) -> Window:
    zone_start, zone_end = first.zone or second.zone, second.zone or first.zone
    time_start, time_end = first.time, second.time
    if time_start and time_end:
        time_start, time_end = (
            _borrow_meridiem(text, time_start, time_end, is_end=False),
            _borrow_meridiem(text, time_end, time_start, is_end=True),
        )
    date_start, date_end = first.date, second.date
    if date_start and date_end:
        turn = int((date_start.month, date_start.day) > (date_end.month, date_end.day))
        if date_start.year is None and date_end.year is not None:
            date_start = _with_year(date_start, date_end.year - turn)
        elif date_end.year is None and date_start.year is not None:
            date_end = _with_year(date_end, date_start.year + turn)
    began, ended = _clock(time_start, zone_start), _clock(time_end, zone_end)
    backwards = began is not None and ended is not None and ended < began
    rolled = False
    if date_end is None and date_start is not None:
        date_end, rolled = (_shift(date_start, 1), True) if backwards else (date_start, False)
    elif date_start is None and date_end is not None:
        date_start, rolled = (_shift(date_end, -1), True) if backwards else (date_end, False)
    lead = _RANGE_START.search(_before(text, first.start))
    return Window(
        Moment(date_start, time_start, zone_start, first.start, first.end),
        Moment(date_end, time_end, zone_end, second.start, second.end),
        rolled,
        first.start - (len(lead.group()) if lead else 0),
        second.end,
    )


_SENTENCE_DATE_REACH = 240
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")


def _sentence_date(text: str, moments: tuple[Moment, ...], index: int) -> DateValue | None:
    """The date of a dateless range from earlier in its sentence: "On 02-15-2022, the site
    was down for half an hour, from 7:00 am to 7:30 am". Only a lone date, the nearest."""
    if index == 0:
        return None
    before = moments[index - 1]
    start = moments[index].start
    if before.date is None or before.time is not None or start - before.end > _SENTENCE_DATE_REACH:
        return None
    if _SENTENCE_END.search(text, before.end, start):
        return None
    return before.date


def find_window(text: str, date_order: str = "mdy") -> Window | None:
    """The first start -> end range in *text*, with shared zone and dates filled in.

    A range with no date at either end takes a lone date from earlier in its sentence.
    """
    moments = _moments(text, date_order)
    for index, (first, second) in enumerate(itertools.pairwise(moments)):
        gap = text[first.end : second.start]
        if len(gap) > _FILLER_MAX:
            continue
        connector = _CONNECTOR.fullmatch(gap)
        if connector and _connects(text, first, second, connector):
            if first.date is None and second.date is None:
                date = _sentence_date(text, moments, index)
                if date is not None:
                    first = Moment(date, first.time, first.zone, first.start, first.end)
            return _window(text, first, second)
    return None


# --- durations ------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_UNITS = {"w": 10080.0, "d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}
_AMOUNT = (
    r"(?:(?<![\d.:/,])(?P<{0}n>\d{{1,3}}(?:\.\d\d?)?)|\b(?P<{0}w>"
    + _alternation(_NUMBER_WORDS)
    + r"|an?(?=\s{{1,3}}(?:hour|minute|second)\b)))"
)
_UNIT = r"(?P<{0}u>weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)\b"


def _part(tag: str) -> str:
    return (_AMOUNT + r"[\s-]{{0,2}}" + _UNIT).format(tag)


_DURATION = re.compile(
    r"(?P<half>\bhalf[\s-]{1,3}an?[\s-]{1,3}hour\b|\ba\s{1,3}half[\s-]{1,3}hour\b)"
    r"|(?<![\d.:/,])(?P<sh>\d{1,3}(?:\.\d)?)h(?:\s{0,2}(?P<sm>\d\d?)m(?:ins?)?)?\b"
    r"|"
    + _part("a")
    + r"(?:[\s,]{1,3}(?:and\s{1,3})?(?:"
    + _part("b")
    + r"|(?P<bhalf>a\s{1,3}half\b)))?(?:[\s,]{1,3}(?:and\s{1,3})?"
    + _part("c")
    + ")?",
    re.IGNORECASE,
)


_UNIT_STEMS = ("hour", "hr", "min", "day", "sec", "week")
_GLUED_HOURS = re.compile(r"\d[hH]")


def _amount(match: re.Match[str], tag: str) -> tuple[float, float]:
    """(count, minutes per unit) of part *tag*, which matched."""
    number, word, unit = match.group(tag + "n", tag + "w", tag + "u")
    count = float(number) if number else _NUMBER_WORDS.get(word.lower(), 1)
    return count, _UNITS[unit[0].lower()]


def find_durations(text: str) -> list[Duration]:
    """Every length of time in *text* ("4 hours and 30 minutes", "an hour", "4h 30m")."""
    found: list[Duration] = []
    lower = text.lower()
    if not any(unit in lower for unit in _UNIT_STEMS) and not _GLUED_HOURS.search(text):
        return found
    position = 0
    while match := _DURATION.search(text, position):
        end = match.end()
        if match.group("half"):
            minutes = 30.0
        elif match.group("sh"):
            minutes = float(match.group("sh")) * 60 + int(match.group("sm") or 0)
        else:
            count, unit = _amount(match, "a")
            minutes, end = count * unit, match.end("au")
            if match.group("bhalf"):
                minutes, end = minutes + unit / 2, match.end("bhalf")
            for tag in "bc":  # later parts must be smaller units: "2 hours, 3 hours" is two
                if match.group(tag + "u") is None:
                    break
                more, smaller = _amount(match, tag)
                if smaller >= unit:
                    break
                minutes, unit, end = minutes + more * smaller, smaller, match.end(tag + "u")
        found.append(Duration(minutes, match.start(), end, text[match.start() : end]))
        position = end
    return found
