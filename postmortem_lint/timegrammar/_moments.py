"""Atoms next to each other joined into moments: a date, a time and a zone."""

from __future__ import annotations

import re
from functools import lru_cache

from postmortem_lint.timegrammar._atoms import (
    _ABBREVIATIONS,
    _FIRST_WORDS,
    _LONG,
    _LONGEST_NAME,
    _MONTH_REACH,
    _WORD,
    _WORDS_BEFORE_TIME,
    _ZONE_CANDIDATES,
    _Atom,
    _atoms,
    _zone,
    _zone_at,
)
from postmortem_lint.timegrammar._values import DateValue, Moment, TimeValue, Zone

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


@lru_cache(maxsize=1024)  # asked of each heading by the tree, the timeline and its zone
def bare_date(text: str, date_order: str = "mdy") -> DateValue | None:
    """The date *text* consists of, when it is nothing else ("May 12", "2024-03-02",
    "Tuesday, 15 May", "_2018/02/26_"): a day heading."""
    moments = find_moments(text, date_order)
    if len(moments) != 1 or moments[0].time is not None:
        return None
    moment = moments[0]
    rest = text[: moment.start] + text[moment.end :]
    return None if any(char.isalnum() for char in rest) else moment.date


def find_zones(text: str) -> list[Zone]:
    """Every timezone mention in *text*, in order ("Z" and "+01:00" only glued to a time)."""
    return list(_zones(text))


@lru_cache(maxsize=1024)  # the same titles and notes ("Timeline", "All times UTC") recur
def _zones(text: str) -> tuple[Zone, ...]:
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
    return tuple(ordered)


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
