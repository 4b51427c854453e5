"""The scanner: dates, times and zones found where digit runs start, each pattern of bounded
width, so the work is linear in the text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from postmortem_lint._text import folded
from postmortem_lint._zones import GENERIC, LONG_NAMES, ZONES, ZoneInfo
from postmortem_lint.timegrammar._values import MONTH_NAMES, DateValue, TimeValue, Zone

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
# Before the month of a day-first date: a one-letter test that spares trying every month
# name at each digit run (the same letters as the names' first, in the same case folding).
_MONTH_INITIAL = "(?=[" + "".join(sorted({name[0] for name in _MONTHS})) + "])"
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
    r"(?P<m2>" + _MONTH_INITIAL + _MONTH + r")(?:(?:,\s{0,3}|[\s/-]{1,3})(?P<y2>" + _YEAR + r"))?)"
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
# "\d\d*", not "\d+": a pattern opening with a character set lets the engine skip to it fast
_CANDIDATES = re.compile(r"\d\d*")
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
        leap = year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        days = 29 if leap else 28
    else:
        days = 30 if month in (4, 6, 9, 11) else 31
    if day < 1:
        return f"there is no day {day}"
    if day <= days:
        return None
    if year is None:
        at_most = "at most " if month == 2 else ""
        return f"{MONTH_NAMES[month]} has {at_most}{days} days"
    return f"{MONTH_NAMES[month]} {year} has {days} days"


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
    weekday = None if weekday_text is None else _WEEKDAYS[folded(weekday_text.rstrip("."))]
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
        if not words or folded(words[-1].strip(_EMPHASIS).rstrip(".")) not in _MONTHS:
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
        meridiem = "am" if folded(group("nn")) == "midnight" else "pm"
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
    month = _MONTHS[folded(month_text.rstrip("."))]
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
    start = gap.end() if gap else position
    if not text[start : start + 1].isalpha():
        return None  # every zone starts with a letter ("[a-z]" in any case matches only letters)
    return _zone_at(text, start, generic)


def _atoms(text: str, order: str) -> list[_Atom]:
    """Dates, times and the zones right after them, in order, not overlapping."""
    atoms: list[_Atom] = []
    lower = folded(text)  # as the case-blind pattern reads it (a dotless i is an i)
    noon = "noon" in lower or "midday" in lower or "midnight" in lower
    if not noon and not _CANDIDATES.search(text):
        return atoms
    floor = 0
    for candidate in (_CANDIDATES_NOON if noon else _CANDIDATES).finditer(text):
        position = candidate.start()
        if position < floor:
            continue
        length = candidate.end() - position
        if length == 3 or (length > 4 and text[position].isdecimal()):  # \d: isdecimal
            continue  # every branch takes 1, 2 or 4 digits: "500 users" holds no atom
        match = _ATOM.match(text, position)
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
