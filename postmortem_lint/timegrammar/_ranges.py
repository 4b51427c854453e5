"""Ranges: two moments joined by "to", "until", a dash or "between ... and"."""

from __future__ import annotations

import datetime
import itertools
import re

from postmortem_lint.timegrammar._atoms import _date, _time
from postmortem_lint.timegrammar._moments import _FILLER_MAX, _moments
from postmortem_lint.timegrammar._values import DateValue, Moment, TimeValue, Window

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
    if word == "at":  # "from 9:10 a.m. at 10:45 a.m.": a slip for "to", only after "from"
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


_SOME_DAY = datetime.date(2000, 1, 2)  # puts a time of day on the clock to order two ends


def _with_year(date: DateValue, year: int) -> DateValue:
    return _date(
        year, date.month, date.day, date.start, date.end, date.weekday_text, date.ambiguous
    )


def _shift(date: DateValue, days: int) -> DateValue:
    """*date* moved by *days*; the weekday as written no longer applies."""
    if not date.valid:
        return date
    try:
        moved = datetime.date(date.year or 2000, date.month, date.day) + datetime.timedelta(days)
    except OverflowError:  # the day after 9999-12-31 or before 0001-01-01: no date at all
        return date._replace(valid=False, reason="it is past the calendar's end")
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
    began = Moment(None, time_start, zone_start, 0, 0).on_clock(_SOME_DAY)
    ended = Moment(None, time_end, zone_end, 0, 0).on_clock(_SOME_DAY)
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
